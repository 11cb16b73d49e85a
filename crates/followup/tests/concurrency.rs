//! Nothing acknowledged is lost, nothing is sent twice: real processes at once, as a person
//! uses followup with the command line, two tabs and a double click. Each story runs on SQLite
//! and on PostgreSQL.

#[macro_use]
mod common;

use std::io::Read;
use std::process::{Child, Stdio};

use common::{Followup, Server, SmtpServer, editor_script, fixture_path, wait_for};
use serde_json::{Value, json};

const NOW: &str = "2026-11-19T12:00:00+00:00";

fn with_sample(f: &Followup) {
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
}

/// Every event of an application, by its note.
fn notes(f: &Followup, key: &str) -> Vec<String> {
    let doc = f.json(&["app", "show", key]);
    doc["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e["note"].as_str().map(str::to_string))
        .collect()
}

/// Runs `each` on `threads` threads at once, each `times` times, from one starting line.
fn at_once(threads: usize, times: usize, each: impl Fn(usize, usize) + Sync) {
    let start = std::sync::Barrier::new(threads);
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (start, each) = (&start, &each);
            scope.spawn(move || {
                start.wait();
                for n in 0..times {
                    each(t, n);
                }
            });
        }
    });
}

on_both_backends!(four_writers_lose_no_event);
fn four_writers_lose_no_event(f: Followup) {
    with_sample(&f);
    let before = notes(&f, "contoso-dev").len();
    at_once(4, 6, |t, n| {
        let note = format!("writer {t}, event {n}");
        let when = format!("2026-11-19T11:{t:02}:{n:02}+00:00");
        let out = f.run(&[
            "--now",
            NOW,
            "event",
            "add",
            "contoso-dev",
            "feedback",
            "--at",
            &when,
            "--note",
            &note,
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{note}: {err}");
        assert!(!err.contains("locked"), "{note}: {err}");
    });
    let after = notes(&f, "contoso-dev");
    assert_eq!(after.len(), before + 24, "{after:#?}");
    for t in 0..4 {
        for n in 0..6 {
            let note = format!("writer {t}, event {n}");
            assert!(after.contains(&note), "{note} was acknowledged and lost");
        }
    }
}

on_both_backends!(a_done_and_an_event_at_once_both_stay);
fn a_done_and_an_event_at_once_both_stay(f: Followup) {
    with_sample(&f);
    let agenda = f.json(&["--now", NOW, "agenda", "--all"]);
    let ids: Vec<String> = agenda["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["application"] == "northwind-pm")
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 3, "{agenda:#}");
    for (n, id) in ids.iter().take(3).enumerate() {
        at_once(2, 1, |t, _| {
            let note = format!("round {n}");
            let when = format!("2026-11-19T11:00:{n:02}+00:00");
            let args: Vec<&str> = if t == 0 {
                vec!["--now", NOW, "done", id, "--note", "done at once"]
            } else {
                vec![
                    "--now",
                    NOW,
                    "event",
                    "add",
                    "northwind-pm",
                    "feedback",
                    "--at",
                    &when,
                    "--note",
                    &note,
                ]
            };
            let out = f.run(&args);
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        });
        let open: Vec<String> = f.json(&["--now", NOW, "agenda", "--all"])["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect();
        assert!(
            !open.contains(id),
            "{id} was done and is back on the agenda"
        );
        assert!(notes(&f, "northwind-pm").contains(&format!("round {n}")));
    }
    let doc = f.json(&["app", "show", "northwind-pm"]);
    let done = doc["done"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|d| d["note"] == "done at once")
        .count();
    assert_eq!(done, 3, "{doc:#}");
}

on_both_backends!(three_senders_of_one_action_send_one_letter);
fn three_senders_of_one_action_send_one_letter(f: Followup) {
    let server = SmtpServer::start(f.path("mail"), &[]);
    with_sample(&f);
    f.ok(&[
        "mail",
        "--host",
        "127.0.0.1",
        "--port",
        &server.port.to_string(),
        "--security",
        "off",
        "--timeout",
        "5",
    ]);
    for action in ["cd-3", "np-4"] {
        let outcomes = std::sync::Mutex::new(Vec::new());
        at_once(3, 1, |_, _| {
            let out = f.run(&["--now", NOW, "send", action]);
            outcomes.lock().unwrap().push((
                out.status.success(),
                String::from_utf8_lossy(&out.stdout).to_string(),
                String::from_utf8_lossy(&out.stderr).to_string(),
            ));
        });
        let outcomes = outcomes.into_inner().unwrap();
        let sent: Vec<_> = outcomes.iter().filter(|(ok, _, _)| *ok).collect();
        assert_eq!(sent.len(), 1, "{action}: {outcomes:#?}");
        for (_, _, err) in outcomes.iter().filter(|(ok, _, _)| !*ok) {
            assert!(
                err.contains("already") && err.contains('<'),
                "{action}: the others are told it is on its way, with its id: {err}"
            );
        }
    }
    let arrived = server.received();
    assert_eq!(arrived.len(), 2, "one letter per action: {arrived:#?}");
    // `--again` is the one road to a second.
    f.ok(&[
        "--now",
        NOW,
        "send",
        "thank_you",
        "--app",
        "contoso-dev",
        "--to",
        "anna.kowalski@contoso.example",
        "--again",
    ]);
    assert_eq!(server.received().len(), 3);
}

fn decision_by(f: &Followup) -> Value {
    f.json(&["app", "show", "contoso-dev"])["interviews"][0]["debrief"]["next_steps"]["decision_by"]
        .clone()
}

on_both_backends!(the_debrief_editor_saves_only_the_debrief);
fn the_debrief_editor_saves_only_the_debrief(f: Followup) {
    with_sample(&f);
    let kept = decision_by(&f);
    assert!(kept.is_string(), "the sample has a decision date");

    // An editor that leaves the page empty saves nothing, and says so.
    let empty = editor_script(f.dir.path(), "empty", ": > \"$1\"");
    let out = f
        .command(&["--now", NOW, "debrief", "contoso-dev", "r1"])
        .env("EDITOR", &empty)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("empty"), "{err}");
    assert!(err.contains("nothing was saved"), "{err}");
    assert_eq!(decision_by(&f), kept, "the empty page erased nothing");

    // An editor that changes nothing saves nothing.
    let same = editor_script(f.dir.path(), "same", "true");
    let out = f
        .command(&["--now", NOW, "debrief", "contoso-dev", "r1"])
        .env("EDITOR", &same)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("nothing was saved"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // An editor that deletes its file is told plainly.
    let gone = editor_script(f.dir.path(), "gone", "rm \"$1\"");
    let out = f
        .command(&["--now", NOW, "debrief", "contoso-dev", "r1"])
        .env("EDITOR", &gone)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("removed the page"),
        "{err}"
    );

    // An event and a done recorded while the editor is open survive its save. The editor,
    // with a space in its path and an argument of its own, as git would run it.
    let flag = f.path("editing");
    let go = f.path("go");
    let folder = f.path("my editors");
    std::fs::create_dir_all(&folder).unwrap();
    let slow = editor_script(
        &folder,
        "slow editor",
        &format!(
            "[ \"$1\" = --wait ] || exit 3\ntouch '{}'\nwhile [ ! -e '{}' ]; do sleep 0.05; done\n\
             sed -i 's/^They said:.*/They said: We will call you on Friday./' \"$2\"",
            flag.display(),
            go.display()
        ),
    );
    let mut editor = f
        .command(&["--now", NOW, "debrief", "contoso-dev", "r1", "--yes"])
        .env("EDITOR", format!("'{}' --wait", slow.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for("the editor to open", || flag.exists());
    f.ok(&[
        "--now",
        NOW,
        "event",
        "add",
        "contoso-dev",
        "feedback",
        "--note",
        "while the editor was open",
    ]);
    let open = f.json(&["--now", NOW, "agenda", "--all"]);
    let id = open["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["application"] == "contoso-dev")
        .map(|a| a["id"].as_str().unwrap().to_string())
        .unwrap();
    f.ok(&["--now", NOW, "done", &id, "--note", "done while editing"]);
    std::fs::write(&go, "").unwrap();
    let out = finish(&mut editor);
    assert!(out.0, "{}", out.2);
    let app = f.json(&["app", "show", "contoso-dev"]);
    assert_eq!(
        app["interviews"][0]["debrief"]["next_steps"]["said"],
        "We will call you on Friday."
    );
    assert!(notes(&f, "contoso-dev").contains(&"while the editor was open".to_string()));
    assert!(
        app["done"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .any(|d| d["note"] == "done while editing"),
        "{app:#}"
    );
}

fn finish(child: &mut Child) -> (bool, String, String) {
    let status = child.wait().unwrap();
    let mut out = String::new();
    let mut err = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.success(), out, err)
}

on_both_backends!(four_api_clients_and_the_command_line_lose_nothing);
fn four_api_clients_and_the_command_line_lose_nothing(f: Followup) {
    with_sample(&f);
    let server = Server::start(&f, NOW);
    let before = notes(&f, "contoso-dev").len();
    at_once(5, 8, |t, n| {
        let note = format!("client {t}, event {n}");
        let when = format!("2026-11-19T11:{t:02}:{n:02}+00:00");
        if t == 4 {
            // The command line, beside the web app.
            f.ok(&[
                "--now",
                NOW,
                "event",
                "add",
                "contoso-dev",
                "feedback",
                "--at",
                &when,
                "--note",
                &note,
            ]);
            return;
        }
        // The API records an event at the moment it is told (the clock stands still here),
        // so each client's events are replies told apart by their notes and kinds.
        let (status, body) = server.request(
            "POST",
            "/api/v1/applications/contoso-dev/events",
            Some(&json!({ "kind": "feedback", "note": note, "at": when })),
        );
        assert_eq!(status, 201, "{note}: {body}");
    });
    let after = notes(&f, "contoso-dev");
    assert_eq!(after.len(), before + 40);
}

on_both_backends!(two_tabs_editing_one_debrief_get_a_conflict);
fn two_tabs_editing_one_debrief_get_a_conflict(f: Followup) {
    with_sample(&f);
    // Two instances side by side on one database (on SQLite, one file).
    let (one, two) = (Server::start(&f, NOW), Server::start(&f, NOW));
    let path = "/api/v1/applications/northwind-pm/interviews/r1/debrief";
    let (status, shown) = one.request("GET", path, None);
    assert_eq!(status, 200, "{shown}");
    let shown: Value = serde_json::from_str(&shown).unwrap();
    let version = shown["version"].as_str().unwrap().to_string();
    assert!(
        shown["concerns"].as_str().unwrap().contains("Answer:"),
        "the form shows each concern's answer as the page does: {shown:#}"
    );
    let edit = |said: &str| {
        let mut form = shown.clone();
        form["next_steps"] = said.into();
        form["version"] = version.clone().into();
        for extra in [
            "application",
            "company",
            "role",
            "interview",
            "when",
            "written_at",
        ] {
            form.as_object_mut().unwrap().remove(extra);
        }
        form
    };
    let first = one.request("PUT", path, Some(&edit("From the first tab.")));
    assert_eq!(first.0, 200, "{}", first.1);
    let second = two.request("PUT", path, Some(&edit("From the second tab.")));
    assert_eq!(second.0, 409, "a stale version is refused: {}", second.1);
    assert!(second.1.contains("changed elsewhere"), "{}", second.1);
    let kept = f.json(&["app", "show", "northwind-pm"]);
    let debrief = &kept["interviews"][0]["debrief"];
    assert_eq!(debrief["next_steps"]["said"], "From the first tab.");
    // The concerns went through the form whole: topic, what they asked, and the answer.
    let sample: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture_path("context.json")).unwrap())
            .unwrap();
    let original = sample["applications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "northwind-pm")
        .unwrap()["interviews"][0]["debrief"]["concerns"]
        .clone();
    assert_eq!(debrief["concerns"], original);
}

on_both_backends!(a_stale_settings_page_changes_nothing);
fn a_stale_settings_page_changes_nothing(f: Followup) {
    with_sample(&f);
    let server = Server::start(&f, NOW);
    let (status, shown) = server.request("GET", "/api/v1/settings", None);
    assert_eq!(status, 200, "{shown}");
    let shown: Value = serde_json::from_str(&shown).unwrap();
    let version = shown["version"].as_str().unwrap().to_string();
    // The command line changes the profile while the page is open.
    f.ok(&["profile", "--signature", "From the command line."]);
    let (status, body) = server.request(
        "PUT",
        "/api/v1/settings/profile",
        Some(&json!({ "version": version, "signature": "From the stale page." })),
    );
    assert_eq!(status, 409, "a stale version is refused: {body}");
    let mail = server.request(
        "PUT",
        "/api/v1/settings/mail",
        Some(&json!({ "version": version, "host": "127.0.0.1", "security": "off" })),
    );
    assert_eq!(mail.0, 409, "{}", mail.1);
    let kept = f.json(&["profile"]);
    assert_eq!(kept["signature"], "From the command line.");
    // Made from the version as it is now, the change is kept.
    let (_, now) = server.request("GET", "/api/v1/settings", None);
    let now: Value = serde_json::from_str(&now).unwrap();
    let (status, body) = server.request(
        "PUT",
        "/api/v1/settings/profile",
        Some(&json!({ "version": now["version"], "signature": "From the page." })),
    );
    assert!(status < 300, "{status}: {body}");
    assert_eq!(f.json(&["profile"])["signature"], "From the page.");
}
