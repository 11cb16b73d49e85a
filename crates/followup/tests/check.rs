//! `followup check` end to end: findings shown like a compiler's, `--json`, the exit status,
//! the user's own rules and dictionary, and input that is not a letter.

#[macro_use]
mod common;

use common::{Followup, fixture_path};

fn letter(name: &str) -> String {
    fixture_path(&format!("letters/{name}"))
        .display()
        .to_string()
}

on_both_backends!(a_letter_is_checked_in_its_context);
fn a_letter_is_checked_in_its_context(f: Followup) {
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    let context = [
        "--app",
        "contoso-dev",
        "--to",
        "michael.brown@contoso.example",
    ];

    // A clean letter: nothing to say, exit status 0.
    let clean = f
        .command(&[
            "--now",
            "2026-11-19T16:00:00Z",
            "check",
            &letter("p01.txt"),
            "--app",
            "northwind-pm",
            "--to",
            "luis@northwind.example",
            "--kind",
            "thank_you",
        ])
        .output()
        .unwrap();
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    assert!(String::from_utf8_lossy(&clean.stdout).contains("0 errors, 0 warnings"));

    // An error finding: exit status 1, the line shown and the words underlined.
    let mut args = vec![
        "--now",
        "2026-11-25T10:00:00Z",
        "check",
        "LETTER",
        "--kind",
        "request_feedback",
    ];
    let p05 = letter("p05.txt");
    args[3] = &p05;
    args.extend(context);
    let out = f.command(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("error[asks_who_got_job]:"), "{text}");
    assert!(text.contains("p05.txt:5:135"), "{text}");
    assert!(
        text.contains(&format!("{}^^^^^^^^^^^^^^^", " ".repeat(134))),
        "{text}"
    );

    // For scripts: the findings with their spans, as spec/format.md says.
    args.push("--json");
    let out = f.command(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "asks_who_got_job");
    assert_eq!(finding["severity"], "error");
    let text = std::fs::read_to_string(&p05).unwrap();
    let span = (
        finding["span"][0].as_u64().unwrap() as usize,
        finding["span"][1].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[span.0..span.1], "who got the job");

    // Chasing before the date they named.
    let p06 = letter("p06.txt");
    let mut args = vec![
        "--now",
        "2026-11-19T10:00:00Z",
        "check",
        &p06,
        "--kind",
        "status_check",
        "--json",
    ];
    args.extend(context);
    let json =
        serde_json::from_slice::<serde_json::Value>(&f.command(&args).output().unwrap().stdout)
            .unwrap();
    assert_eq!(json["findings"][0]["rule"], "too_early");
}

#[test]
fn the_users_rules_and_dictionary_are_added_and_a_broken_file_is_named() {
    let f = Followup::sqlite();
    let config = f.dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let draft = f.path("letter.txt");
    std::fs::write(
        &draft,
        "Subject: Thanks\n\nDear Sam,\n\nThank you for a stellar chat about Zorbling.\n\nAlex\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        f.command(args)
            .env("FOLLOWUP_CONFIG_DIR", &config)
            .output()
            .unwrap()
    };
    let rules = |out: &std::process::Output| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let before = run(&["check", draft.to_str().unwrap(), "--json"]);
    assert_eq!(
        rules(&before),
        ["spelling"],
        "{}",
        String::from_utf8_lossy(&before.stdout)
    );

    std::fs::write(config.join("dictionary.txt"), "# my words\nZorbling\n").unwrap();
    std::fs::write(
        config.join("rules.toml"),
        "[[rule]]\nid = \"gushing\"\nphrases = [\"stellar\"]\n",
    )
    .unwrap();
    let after = run(&["check", draft.to_str().unwrap(), "--json"]);
    assert_eq!(
        rules(&after),
        ["gushing"],
        "{}",
        String::from_utf8_lossy(&after.stdout)
    );

    std::fs::write(
        config.join("rules.toml"),
        "[[rule]]\nid = \"gushing\"\nphrases = [\"stellar\"\n",
    )
    .unwrap();
    let broken = run(&["check", draft.to_str().unwrap()]);
    assert_eq!(broken.status.code(), Some(2));
    let err = String::from_utf8(broken.stderr).unwrap();
    assert!(
        err.contains("rules.toml") && err.contains("line 3"),
        "{err}"
    );
}

#[test]
fn what_is_not_a_letter_gets_a_clear_message_or_a_sensible_finding() {
    let f = Followup::sqlite();
    let write = |name: &str, bytes: &[u8]| {
        let path = f.path(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };
    for (name, bytes, expect) in [
        ("empty.txt", b"\n  \n".to_vec(), "the letter is empty"),
        (
            "binary.bin",
            vec![0x7f, b'E', b'L', b'F', 0, 0, 0xff],
            "is not text",
        ),
        (
            "huge.txt",
            vec![b'a'; 10 * 1024 * 1024],
            "a letter is at most",
        ),
    ] {
        let path = write(name, &bytes);
        let out = f.run(&["check", &path]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(expect),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = f.run(&["check", "/nonexistent/letter.txt"]);
    assert_eq!(out.status.code(), Some(2));

    let german = write(
        "german.txt",
        "Subject: Vielen Dank\n\nSehr geehrte Frau Schmidt,\n\nvielen Dank für das freundliche Gespräch gestern. Ich freue mich sehr über die Einladung und hoffe, bald von Ihnen zu hören.\n\nMit freundlichen Grüßen\nAlex\n".as_bytes(),
    );
    let json = f.json(&["check", &german]);
    let spelling: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "spelling")
        .collect();
    assert_eq!(spelling.len(), 1, "{json:#}");
    assert!(
        spelling[0]["message"]
            .as_str()
            .unwrap()
            .contains("are not English"),
        "{json:#}"
    );

    let emoji = write("emoji.txt", "Subject: 🙏\n\n🎉🎉🎉 🚀 😀\n".as_bytes());
    let json = f.json(&["check", &emoji]);
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "informal"),
        "{json:#}"
    );
}

#[test]
fn the_resident_proofreader_answers_like_the_checker_itself() {
    let f = Followup::sqlite();
    let letter = letter("p09.txt");
    let local = f.run(&["check", &letter, "--json"]);
    // The first check proofreads itself and starts the resident proofreader.
    let first = f
        .command(&["check", &letter, "--json"])
        .env_remove("FOLLOWUP_PROOFREADER")
        .output()
        .unwrap();
    assert_eq!(first.stdout, local.stdout);
    let socket = f.dir.path().join("data/run/proofreader.sock");
    let started = std::time::Instant::now();
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the resident proofreader did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let mode = std::fs::metadata(&socket).unwrap();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode.permissions()) & 0o077,
        0,
        "only its owner may use the socket"
    );
    // Now the same findings come from it (`resident` fails rather than proofread locally).
    let resident = f
        .command(&["check", &letter, "--json"])
        .env("FOLLOWUP_PROOFREADER", "resident")
        .output()
        .unwrap();
    assert!(
        resident.status.success(),
        "{}",
        String::from_utf8_lossy(&resident.stderr)
    );
    assert_eq!(resident.stdout, local.stdout);
    let json: serde_json::Value = serde_json::from_slice(&resident.stdout).unwrap();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["spelling", "grammar"]);
    f.ok(&["proofreader", "stop"]);
    assert!(!socket.exists());
}
