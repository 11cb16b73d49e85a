//! The command line end to end, on both backends: the real binary, a real database.

#[macro_use]
mod common;

use std::path::Path;
use std::process::Command;

use common::{Followup, editor_script, fixture_path};

on_both_backends!(export_after_import_gives_the_same_document);
fn export_after_import_gives_the_same_document(f: Followup) {
    let context = fixture_path("context.json");
    let original = std::fs::read_to_string(&context).unwrap();
    let out = f.ok(&["import", context.to_str().unwrap()]);
    assert!(out.contains("3 added, 0 updated, 0 unchanged"), "{out}");
    assert_eq!(f.ok(&["export"]).trim_end(), original.trim_end());

    let again = f.ok(&["import", context.to_str().unwrap()]);
    assert!(again.contains("0 added, 0 updated, 3 unchanged"), "{again}");
    let exported = f.path("export.json");
    f.ok(&["export", "--out", exported.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap().trim_end(),
        original.trim_end()
    );

    let report = f.json(&[
        "import",
        fixture_path("format-example.json").to_str().unwrap(),
    ]);
    assert_eq!(report["added"], 1);
    let apps = f.json(&["app", "list"]);
    assert_eq!(apps.as_array().unwrap().len(), 4);
    assert_eq!(apps[3]["key"], "acme-analyst");
    assert_eq!(apps[3]["agency"], "Northgate Recruitment");
}

on_both_backends!(bad_input_gets_one_clear_message_and_changes_nothing);
fn bad_input_gets_one_clear_message_and_changes_nothing(f: Followup) {
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    let before = f.ok(&["export"]);
    let context = std::fs::read_to_string(fixture_path("context.json")).unwrap();
    let huge = format!(r#""role": "{}""#, "x".repeat(5 * 1024 * 1024));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "the file is empty"),
        (
            "not UTF-8",
            b"{\"followup\": 1, \"profile\": {\"name\": \"\xc3\x28\"}}".to_vec(),
            "not UTF-8",
        ),
        (
            "unknown field",
            context.replacen(r#""tone""#, r#""mood""#, 1).into_bytes(),
            "applications[0].interviews[0].debrief.mood: unknown field `mood`",
        ),
        (
            "wrong type",
            context
                .replacen(r#""interest": 5"#, r#""interest": "high""#, 1)
                .into_bytes(),
            "applications[0].interest: invalid type",
        ),
        (
            "interest 9",
            context
                .replacen(r#""interest": 5"#, r#""interest": 9"#, 1)
                .into_bytes(),
            "applications[0].interest: interest is 1 to 5, not 9",
        ),
        (
            "31 February",
            context.replacen("2026-11-05", "2026-02-31", 1).into_bytes(),
            "applications[0].applied_on",
        ),
        (
            "not a time",
            context
                .replacen("2026-11-19T10:00:00+00:00", "19/11/2026 10am", 1)
                .into_bytes(),
            "applications[0].interviews[0].starts_at: not an RFC 3339 time",
        ),
        (
            "ends before it starts",
            context
                .replacen("2026-11-17T15:00:00+00:00", "2026-11-17T13:00:00+00:00", 1)
                .into_bytes(),
            "applications[1].interviews[0].ends_at: the interview ends",
        ),
        (
            "a key used twice",
            context
                .replacen(r#""key": "contoso-dev""#, r#""key": "northwind-pm""#, 1)
                .into_bytes(),
            "applications[1].key: the key \"northwind-pm\" is used twice",
        ),
        (
            "a 5 MB string",
            context
                .replacen(r#""role": "Product Manager""#, &huge, 1)
                .into_bytes(),
            "applications[0].role: 5242880 characters is too long",
        ),
        (
            "newer format",
            context
                .replacen(r#""followup": 1"#, r#""followup": 2"#, 1)
                .into_bytes(),
            "format version 2",
        ),
        (
            "not JSON",
            b"company,role\nAcme,Analyst\n".to_vec(),
            "expected value at line 1",
        ),
    ];
    for (what, bytes, expect) in cases {
        let file = f.path("bad.json");
        std::fs::write(&file, &bytes).unwrap();
        let message = f.fails(&["import", file.to_str().unwrap()]);
        assert!(
            message.contains("was not imported, nothing changed"),
            "{what}: {message}"
        );
        assert!(
            message.contains(expect),
            "{what}: expected {expect:?} in {message}"
        );
        assert_eq!(
            message.lines().count(),
            1,
            "{what}: one message, not {message}"
        );
        assert!(
            message.len() < 600,
            "{what}: the message should be short, not {} bytes",
            message.len()
        );
        assert_eq!(f.ok(&["export"]), before, "{what}: the database changed");
    }
    let missing = f.fails(&["import", f.path("missing.json").to_str().unwrap()]);
    assert!(missing.contains("cannot read"), "{missing}");
}

on_both_backends!(the_person_edits_applications_from_the_command_line);
fn the_person_edits_applications_from_the_command_line(f: Followup) {
    f.ok(&[
        "profile",
        "--name",
        "Alex Morgan",
        "--timezone",
        "Europe/London",
        "--language",
        "en-GB",
    ]);
    let added = f.json(&[
        "app",
        "add",
        "--company",
        "Acme Ltd",
        "--role",
        "Data Analyst",
        "--interest",
        "4",
        "--applied-on",
        "2026-11-02",
        "--agency",
        "Northgate Recruitment",
        "--consultant",
        "Sam Lee",
        "--consultant-email",
        "sam.lee@northgate.example",
        "--now",
        "2026-11-22T10:00:00Z",
    ]);
    assert_eq!(added["key"], "acme-ltd-data-analyst");
    assert_eq!(
        added["agency"]["consultant"]["email"],
        "sam.lee@northgate.example"
    );
    let again = f.fails(&[
        "app",
        "add",
        "--company",
        "Acme Ltd",
        "--role",
        "Data Analyst",
    ]);
    assert!(
        again.contains("already an application acme-ltd-data-analyst"),
        "{again}"
    );

    let interview = f.json(&[
        "interview",
        "add",
        "acme-ltd-data-analyst",
        "--starts",
        "2026-11-20 14:00",
        "--minutes",
        "60",
        "--format",
        "in_person",
        "--with",
        "Priya Shah, Head of Analytics, priya.shah@acme.example (lead)",
        "--with",
        "Tom Reed, Senior Analyst",
    ]);
    assert_eq!(interview["key"], "r1");
    assert_eq!(interview["starts_at"], "2026-11-20T14:00:00+00:00");
    assert_eq!(interview["ends_at"], "2026-11-20T15:00:00+00:00");
    assert_eq!(interview["interviewers"][0]["lead"], true);

    let bad = f.fails(&[
        "interview",
        "add",
        "acme-ltd-data-analyst",
        "--starts",
        "2026-11-20 14:00",
        "--ends",
        "2026-11-20 13:00",
    ]);
    assert!(bad.contains("the interview ends"), "{bad}");
    let bad = f.fails(&["app", "edit", "acme-ltd-data-analyst", "--interest", "9"]);
    assert!(bad.contains("interest is 1 to 5, not 9"), "{bad}");

    let list = f.ok(&["app", "list"]);
    assert!(
        list.contains("acme-ltd-data-analyst  interviewing  1"),
        "{list}"
    );
    f.ok(&[
        "app",
        "edit",
        "acme-ltd-data-analyst",
        "--stage",
        "withdrawn",
        "--department",
        "Finance Analytics",
    ]);
    let shown = f.json(&["app", "show", "acme-ltd-data-analyst"]);
    assert_eq!(shown["stage"], "withdrawn");
    assert_eq!(shown["department"], "Finance Analytics");
    assert_eq!(
        shown["interviews"][0]["interviewers"][1]["name"],
        "Tom Reed"
    );
    f.ok(&["app", "edit", "acme-ltd-data-analyst", "--stage", "auto"]);
    assert!(
        f.json(&["app", "show", "acme-ltd-data-analyst"])
            .get("stage")
            .is_none()
    );

    let missing = f.fails(&["app", "show", "nobody"]);
    assert!(missing.contains("no application \"nobody\""), "{missing}");
}

on_both_backends!(events_are_recorded_and_bad_ones_refused);
fn events_are_recorded_and_bad_ones_refused(f: Followup) {
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    let before = f.ok(&["export"]);
    let now = ["--now", "2026-11-25T12:00:00Z"];
    let cases: [(&[&str], &str); 4] = [
        (
            &["event", "add", "nobody", "reply"],
            "no application \"nobody\"",
        ),
        (
            &["event", "add", "contoso-dev", "offer"],
            "an offer needs its terms",
        ),
        (
            &[
                "event",
                "add",
                "contoso-dev",
                "reply",
                "--decision-by",
                "2026-11-20",
            ],
            "that date has passed",
        ),
        (
            &["event", "add", "contoso-dev", "party"],
            "\"party\" is not an event",
        ),
    ];
    for (args, expect) in cases {
        let message = f.fails(&[args, &now[..]].concat());
        assert!(message.contains(expect), "{args:?}: {message}");
    }
    assert_eq!(
        f.ok(&["export"]),
        before,
        "a refused event changed the database"
    );

    let reply = f.json(
        &[
            &[
                "event",
                "add",
                "contoso-dev",
                "reply",
                "--note",
                "Still deciding",
                "--decision-by",
                "Monday 30 November",
            ][..],
            &now[..],
        ]
        .concat(),
    );
    assert_eq!(reply["decision_by"], "2026-11-30");
    assert_eq!(reply["at"], "2026-11-25T12:00:00+00:00");
    f.ok(&[
        &[
            "event",
            "add",
            "contoso-dev",
            "offer",
            "--salary",
            "70000",
            "--currency",
            "GBP",
            "--respond-by",
            "4 December",
        ][..],
        &now[..],
    ]
    .concat());
    let list = f.json(&["app", "list"]);
    assert_eq!(list[1]["stage"], "offered");
}

on_both_backends!(a_debrief_is_written_from_a_filled_template);
fn a_debrief_is_written_from_a_filled_template(f: Followup) {
    f.ok(&[
        "import",
        fixture_path("format-example.json").to_str().unwrap(),
    ]);
    let template = f.ok(&["debrief", "acme-analyst", "--template"]);
    assert!(template.contains("## What worried them"), "{template}");
    assert!(
        template.contains("- Priya Shah, Head of Analytics, priya.shah@acme.example (lead)"),
        "{template}"
    );
    assert!(
        template.contains("Decision by: Friday 4 December 2026"),
        "{template}"
    );

    // The page as a person fills it in: dates as they say them.
    let filled = template
        .replace(
            "Decision by: Friday 4 December 2026",
            "Decision by: next Wednesday",
        )
        .replace("Second round: \n", "Second round: 4/12\n")
        .replace(
            "- froze on the Python question",
            "- froze on the Python question\n- ran out of time on the case",
        );
    let page = f.path("filled.md");
    std::fs::write(&page, &filled).unwrap();
    let out = f
        .command(&[
            "debrief",
            "acme-analyst",
            "r1",
            "--from",
            page.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Decision by: \"next Wednesday\" is Wednesday 25 November 2026"),
        "{stderr}"
    );
    let debrief: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(debrief["next_steps"]["decision_by"], "2026-11-25");
    assert_eq!(debrief["next_steps"]["second_round"], "2026-12-04");
    assert_eq!(debrief["went_badly"][1], "ran out of time on the case");
    assert_eq!(
        debrief["written_at"], "2026-11-20T15:40:00+00:00",
        "an edited debrief keeps when it was first written"
    );

    // In American English, 4/12 is April 12.
    f.ok(&["profile", "--language", "en-US"]);
    f.ok(&[
        "debrief",
        "acme-analyst",
        "--from",
        page.to_str().unwrap(),
        "--yes",
    ]);
    let app = f.json(&["app", "show", "acme-analyst"]);
    assert_eq!(
        app["interviews"][0]["debrief"]["next_steps"]["second_round"],
        "2027-04-12"
    );

    let bad = f.path("bad.md");
    std::fs::write(
        &bad,
        filled.replace("Decision by: next Wednesday", "Decision by: 31 February"),
    )
    .unwrap();
    let message = f.fails(&["debrief", "acme-analyst", "--from", bad.to_str().unwrap()]);
    assert!(
        message.contains("Decision by: February has no day 31"),
        "{message}"
    );
    assert!(message.contains("The debrief was not saved"), "{message}");
}

#[cfg(unix)]
#[cfg(unix)]
#[test]
fn a_half_written_debrief_is_kept_until_it_is_saved() {
    let f = Followup::sqlite();
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    f.ok(&[
        "interview",
        "add",
        "contoso-dev",
        "--starts",
        "2026-11-26 10:00",
        "--with",
        "Michael Brown (lead)",
    ]);
    let draft = f.path("data/drafts/debrief-contoso-dev-r2.md");

    // The editor crashes after the user wrote something.
    let crash = editor_script(
        f.dir.path(),
        "crash.sh",
        "sed -i 's/^## What went well$/## What went well\\n- the pairing exercise/' \"$1\"; exit 3",
    );
    let message = f.fails_with_editor(&crash, &["debrief", "contoso-dev"]);
    assert!(message.contains("was not saved"), "{message}");
    let kept = std::fs::read_to_string(&draft).unwrap();
    assert!(
        kept.contains("- the pairing exercise"),
        "the draft lost what was written"
    );

    // An answer the template cannot read: still kept.
    let wrong = editor_script(
        f.dir.path(),
        "wrong.sh",
        "sed -i 's/^<!-- yes or no -->$/&\\nperhaps/' \"$1\"",
    );
    let message = f.fails_with_editor(&wrong, &["debrief", "contoso-dev", "r2"]);
    assert!(
        message.contains("\"perhaps\": answer yes or no"),
        "{message}"
    );
    assert!(message.contains("kept in"), "{message}");
    assert!(
        std::fs::read_to_string(&draft)
            .unwrap()
            .contains("- the pairing exercise")
    );

    // The user mends it; the debrief is saved and the draft goes.
    let mend = editor_script(f.dir.path(), "mend.sh", "sed -i 's/^perhaps$/yes/' \"$1\"");
    let out = f
        .command(&[
            "debrief",
            "contoso-dev",
            "r2",
            "--now",
            "2026-11-26T12:00:00Z",
        ])
        .env("EDITOR", &mend)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Carrying on with the debrief you started")
    );
    assert!(!draft.exists());
    let app = f.json(&["app", "show", "contoso-dev"]);
    let debrief = &app["interviews"][1]["debrief"];
    assert_eq!(debrief["went_well"][0], "the pairing exercise");
    assert_eq!(debrief["still_interested"], true);
    assert_eq!(debrief["written_at"], "2026-11-26T12:00:00+00:00");
}

impl Followup {
    fn fails_with_editor(&self, editor: &Path, args: &[&str]) -> String {
        let out = self.command(args).env("EDITOR", editor).output().unwrap();
        assert!(
            !out.status.success(),
            "followup {args:?} should have failed"
        );
        String::from_utf8(out.stderr).unwrap()
    }
}

#[test]
fn a_file_that_is_not_followups_is_left_untouched() {
    let f = Followup::sqlite();
    let path = f.path("notes.db");
    std::fs::write(&path, "my notes, not a database\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_followup"))
        .args(["--db", path.to_str().unwrap(), "app", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("is not a followup database") && message.contains("left untouched"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "my notes, not a database\n"
    );
}

#[test]
fn a_database_url_hides_its_password_in_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_followup"))
        .args([
            "--database-url",
            "postgres://me:hunter2@127.0.0.1:1/none",
            "app",
            "list",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("postgres://me:***@127.0.0.1:1/none"),
        "{message}"
    );
    assert!(!message.contains("hunter2"), "{message}");
}

#[test]
fn the_agency_settings_are_checked_before_anything_is_served() {
    let f = Followup::sqlite();
    let file = f.path("agency.toml");
    let good = "[database]\nurl = \"postgres://followup:hunter2@127.0.0.1/agency\"\n\n\
                [web]\npublic_url = \"https://followup.agency.example\"\nlisten = \"0.0.0.0:7878\"\n\n\
                [mail]\nhost = \"smtp.agency.example\"\nfrom = \"followup@agency.example\"\n";
    std::fs::write(&file, good).unwrap();
    let path = file.display().to_string();
    let out = f
        .command(&["serve", "--config", &path, "--check"])
        .env("FOLLOWUP_MAIL_PASSWORD", "s3cret")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shown.contains("web.listen = 0.0.0.0:7878"), "{shown}");
    assert!(shown.contains("mail.password = (set, not shown)    (FOLLOWUP_MAIL_PASSWORD)"));
    assert!(shown.contains("every setting is sound"), "{shown}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("s3cret"),
        "{shown}"
    );
    // Without --check it connects: no database is there, so it stops, never telling the password.
    let out = f.run(&["serve", "--config", &path]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("127.0.0.1/agency") && !said.contains("hunter2"),
        "{said}"
    );
    // A misspelt key is refused, naming the keys it may have meant; nothing is served.
    std::fs::write(&file, format!("{good}\n[logins]\nper_acount = 3\n")).unwrap();
    let out = f.run(&["serve", "--config", &path, "--check"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("`logins.per_acount` is not a setting of followup ([logins] holds logins.per_account, logins.per_address, logins.window)"),
        "{said}"
    );
    assert!(!said.contains("hunter2"), "{said}");
}
