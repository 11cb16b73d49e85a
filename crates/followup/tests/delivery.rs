//! Delivery end to end: the real binary sends through a real SMTP server process on loopback
//! (tests/smtp_server.py, on aiosmtpd), and what arrives is read with Python's `email` package.

#[macro_use]
mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::{Followup, SmtpServer, fixture_path, wait_for};
use serde_json::{Value, json};

const NOW: &str = "2026-11-19T12:00:00+00:00";

/// A user with the sample job search, sending through `server` in plain text (loopback only).
fn user_with(f: &Followup, server: &SmtpServer) {
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    point_at(f, server, "off");
}

fn point_at(f: &Followup, server: &SmtpServer, security: &str) {
    f.ok(&[
        "mail",
        "--host",
        "127.0.0.1",
        "--port",
        &server.port.to_string(),
        "--security",
        security,
        "--timeout",
        "5",
        "--retry",
        "1",
    ]);
}

fn at<'a>(now: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--now", now];
    all.extend_from_slice(args);
    all
}

fn outbox(f: &Followup, now: &str) -> Vec<Value> {
    let listed = f.json(&at(now, &["outbox", "list", "--all"]));
    listed["messages"].as_array().unwrap().clone()
}

fn mail_dir(f: &Followup) -> std::path::PathBuf {
    f.path("mail")
}

fn story(f: Followup) {
    let server = SmtpServer::start(mail_dir(&f), &[]);
    user_with(&f, &server);

    // Directly to the interviewer, and through the consultant.
    let out = f.ok(&at(NOW, &["send", "cd-3"]));
    assert!(out.starts_with("Sent to Anna Kowalski"), "{out}");
    let out = f.ok(&at(NOW, &["send", "np-4"]));
    assert!(out.contains("through Jo Park"), "{out}");

    let arrived = server.messages();
    assert_eq!(arrived.len(), 2, "{arrived:#?}");
    let sent = outbox(&f, NOW);
    let id_of = |to: &str| -> String {
        let m = sent.iter().find(|m| m["to"] == to).unwrap();
        assert_eq!(m["state"], "sent", "{m}");
        format!("<{}>", m["id"].as_str().unwrap())
    };
    let anna = &arrived[0];
    assert_eq!(anna["From"], "Alex Morgan <alex.morgan@example.org>");
    assert_eq!(anna["To"], "Anna Kowalski <anna.kowalski@contoso.example>");
    assert_eq!(
        anna["Subject"],
        "Thank you for the Backend Engineer interview"
    );
    assert_eq!(anna["Message-ID"], id_of("anna.kowalski@contoso.example"));
    assert_eq!(
        anna["envelope"]["rcpt_tos"],
        json!(["anna.kowalski@contoso.example"])
    );
    assert_eq!(anna["envelope"]["mail_from"], "alex.morgan@example.org");
    assert!(
        anna["text"].as_str().unwrap().starts_with("Dear Anna,"),
        "{anna}"
    );
    assert_eq!(anna["attachments"], json!([]));

    let via = &arrived[1];
    assert_eq!(via["To"], "Jo Park <jo.park@harbour.example>");
    assert_eq!(
        via["envelope"]["rcpt_tos"],
        json!(["jo.park@harbour.example"])
    );
    assert_eq!(
        via["Subject"],
        "For Luis Ortega: Thank you for the Product Manager interview"
    );
    assert_eq!(via["Message-ID"], id_of("luis@northwind.example"));
    let note = via["text"].as_str().unwrap();
    assert!(note.starts_with("Dear Jo,"), "{note}");
    assert!(
        note.contains("pass the letter below to Luis Ortega"),
        "{note}"
    );
    assert!(note.contains("Dear Luis,"), "{note}");
    let word = &via["attachments"][0];
    assert_eq!(
        word["type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(word["filename"].as_str().unwrap().ends_with(".docx"));
    let docx = word["docx_text"].as_str().unwrap();
    // A business letter: from the user, dated, to Luis at Northwind, then the letter.
    let parts: Vec<&str> = docx.lines().collect();
    assert!(parts[0].starts_with("Alex Morgan"), "{docx}");
    assert!(
        docx.contains("Luis OrtegaEngineering ManagerNorthwind Traders"),
        "{docx}"
    );
    let subject = docx
        .find("Thank you for the Product Manager interview")
        .expect(docx);
    assert!(docx[subject..].contains("Dear Luis,"), "{docx}");

    // The actions are done: the agenda no longer asks for them, and the record shows the letters.
    let agenda = f.json(&at(NOW, &["agenda"]));
    let ids: Vec<&str> = agenda["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"cd-3") && !ids.contains(&"np-4"), "{ids:?}");
    let record = agenda["record"].as_array().unwrap();
    let entry = |to: &str| record.iter().find(|e| e["to"] == to).unwrap();
    assert_eq!(entry("anna.kowalski@contoso.example")["channel"], "email");
    assert_eq!(entry("anna.kowalski@contoso.example")["state"], "sent");
    assert_eq!(entry("luis@northwind.example")["channel"], "via_consultant");
    assert_eq!(entry("luis@northwind.example")["kind"], "thank_you");

    // The export keeps the record; importing it again changes nothing and sends nothing.
    let exported = f.path("export.json");
    f.ok(&["export", "--out", exported.to_str().unwrap()]);
    let doc: Value = serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    let contoso = doc["applications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "contoso-dev")
        .unwrap();
    assert_eq!(contoso["messages"][0]["state"], "sent");
    assert!(contoso["messages"][0]["sent_at"].is_string());
    let out = f.ok(&["import", exported.to_str().unwrap()]);
    assert!(out.contains("0 added, 0 updated, 3 unchanged"), "{out}");
    assert!(
        f.ok(&at(NOW, &["outbox", "send"]))
            .contains("Nothing to send")
    );

    // A second letter to the same person threads on the first; non-ASCII travels encoded.
    let letter = f.path("again.txt");
    std::fs::write(
        &letter,
        "Subject: Thank you again — a note on the queue design\n\nDear Anna,\n\nThank you again for \
         Tuesday. Since we spoke, I have written up the queue design we discussed, with the \
         trade-offs of each approach; I would be glad to send it if it helps.\n\nKind regards,\nAlex Morgan\n",
    )
    .unwrap();
    let out = f.ok(&at(
        NOW,
        &[
            "send",
            "thank_you",
            "--app",
            "contoso-dev",
            "--to",
            "anna.kowalski@contoso.example",
            "--file",
            letter.to_str().unwrap(),
            "--again",
        ],
    ));
    assert!(out.starts_with("Sent"), "{out}");
    let arrived = server.messages();
    let again = &arrived[2];
    assert_eq!(
        again["Subject"],
        "Thank you again — a note on the queue design"
    );
    assert_eq!(again["In-Reply-To"], anna["Message-ID"]);
    assert_eq!(again["References"], anna["Message-ID"]);
    // Without --again, the same letter twice is refused.
    let refused = f.fails(&at(
        NOW,
        &[
            "send",
            "thank_you",
            "--app",
            "contoso-dev",
            "--to",
            "anna.kowalski@contoso.example",
            "--file",
            letter.to_str().unwrap(),
        ],
    ));
    assert!(refused.contains("--again"), "{refused}");
    assert_eq!(server.received().len(), 3);
}
on_both_backends!(story);

/// Queued letters, written as an import would bring them (the benchmark queues the same way).
fn queue_batch(f: &Followup, n: usize) -> Vec<String> {
    let exported = f.path("before.json");
    f.ok(&["export", "--out", exported.to_str().unwrap()]);
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    let ids: Vec<String> = (0..n).map(|i| format!("batch-{i}@example.org")).collect();
    let messages: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            json!({
                "id": id,
                "queued_at": NOW,
                "from": { "name": "Alex Morgan", "email": "alex.morgan@example.org" },
                "to": { "name": "Anna Kowalski", "email": "anna.kowalski@contoso.example" },
                "subject": format!("Note {i}"),
                "body": format!("Dear Anna,\n\nNote {i}.\n"),
                "state": "queued"
            })
        })
        .collect();
    let apps = doc["applications"].as_array_mut().unwrap();
    let contoso = apps.iter_mut().find(|a| a["key"] == "contoso-dev").unwrap();
    contoso["messages"] = Value::Array(messages);
    std::fs::write(&exported, serde_json::to_vec(&doc).unwrap()).unwrap();
    f.ok(&["import", exported.to_str().unwrap()]);
    ids
}

/// The server stops in the middle of a batch and comes back: every letter arrives, none twice.
fn restart_mid_batch(f: Followup) {
    let mut server = SmtpServer::start(mail_dir(&f), &["--delay-data", "0.05"]);
    user_with(&f, &server);
    let ids = queue_batch(&f, 40);
    let mut worker = f
        .command(&at(NOW, &["outbox", "send", "--wait"]))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for("ten letters", || server.received().len() >= 10);
    server.stop();
    std::thread::sleep(Duration::from_millis(1500));
    server.restart();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = worker.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "the worker did not finish"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = worker.wait_with_output().unwrap();
    assert!(
        status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("will try again"),
        "the restart was noticed"
    );

    let mut counts: HashMap<String, usize> = HashMap::new();
    for id in server.received() {
        *counts.entry(id).or_default() += 1;
    }
    for id in &ids {
        assert_eq!(counts.get(&format!("<{id}>")), Some(&1), "{id}: {counts:?}");
    }
    assert_eq!(counts.len(), ids.len(), "nothing else arrived");
    // A letter the server had when it stopped, before its answer reached us, is uncertain:
    // never sent again on its own. The user says it arrived.
    for m in outbox(&f, NOW) {
        match m["state"].as_str().unwrap() {
            "sent" => {}
            "uncertain" => {
                let id = m["id"].as_str().unwrap();
                f.ok(&at(NOW, &["outbox", "resolve", id, "sent"]));
            }
            other => panic!("a letter is {other}: {m}"),
        }
    }
    assert!(outbox(&f, NOW).iter().all(|m| m["state"] == "sent"));
}
on_both_backends!(restart_mid_batch);

/// followup dies after the server took the letter and before it recorded so: the letter is
/// uncertain, never sent again on its own, and the user decides.
#[test]
fn a_crash_after_acceptance_leaves_the_letter_uncertain() {
    let f = Followup::sqlite();
    let server = SmtpServer::start(mail_dir(&f), &["--delay-data", "30"]);
    user_with(&f, &server);
    f.ok(&at(NOW, &["send", "cd-3", "--later"]));
    let mut worker = f.command(&at(NOW, &["outbox", "send"])).spawn().unwrap();
    wait_for("the server to have it", || server.received().len() == 1);
    worker.kill().unwrap();
    worker.wait().unwrap();
    assert_eq!(outbox(&f, NOW)[0]["state"], "sending");

    // Later, another worker finds it left mid-send.
    let later = "2026-11-19T12:10:00+00:00";
    let out = f.ok(&at(later, &["outbox", "send"]));
    assert!(out.contains("Nothing to send"), "{out}");
    let m = &outbox(&f, later)[0];
    assert_eq!(m["state"], "uncertain", "{m}");
    assert!(f.ok(&at(later, &["outbox"])).contains("Did it arrive?"));
    // The action is not offered again while the letter may have arrived.
    let agenda = f.json(&at(later, &["agenda"]));
    assert!(
        agenda["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["id"] != "cd-3")
    );
    let id = m["id"].as_str().unwrap();
    // A prefix names it.
    f.ok(&at(later, &["outbox", "resolve", &id[..20], "sent"]));
    assert_eq!(outbox(&f, later)[0]["state"], "sent");
    f.ok(&at(later, &["outbox", "send"]));
    assert_eq!(server.received().len(), 1, "nothing was sent twice");
}

/// A refusal for good is shown in the server's words and reopens the action; a temporary one
/// is tried again.
#[test]
fn refusals_and_temporary_failures() {
    let f = Followup::sqlite();
    let server = SmtpServer::start(mail_dir(&f), &["--reject", "kowalski", "--tempfail", "1"]);
    user_with(&f, &server);

    // 451 first: kept, and tried again later.
    let out = f.ok(&at(NOW, &["send", "cd-2"]));
    assert!(
        out.contains("will try again") && out.contains("451"),
        "{out}"
    );
    let m = &outbox(&f, NOW)[0];
    assert_eq!(m["state"], "queued");
    assert_eq!(server.received().len(), 0);
    let soon = "2026-11-19T12:01:00+00:00";
    let out = f.ok(&at(soon, &["outbox", "send"]));
    assert!(out.contains("Sent 1 letter"), "{out}");
    assert_eq!(server.received().len(), 1);

    // 550: failed, with the server's words; the action is open again.
    let err = f.fails(&at(NOW, &["send", "cd-3"]));
    assert!(err.contains("refused"), "{err}");
    let failed = outbox(&f, NOW)
        .into_iter()
        .find(|m| m["state"] == "failed")
        .unwrap();
    assert!(
        failed["error"]
            .as_str()
            .unwrap()
            .contains("No such user here"),
        "{failed}"
    );
    let agenda = f.json(&at(NOW, &["agenda"]));
    assert!(
        agenda["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "cd-3")
    );
    let id = failed["id"].as_str().unwrap();
    f.ok(&at(NOW, &["outbox", "resolve", id, "cancel"]));
    let err = f.fails(&at(NOW, &["outbox", "resolve", id, "sent"]));
    assert!(err.contains("cancelled"), "{err}");
}

/// A certificate authority of the test's own and a server certificate it signed for
/// 127.0.0.1, made with openssl: (the authority, the server's certificate, its key).
fn certificates(dir: &std::path::Path) -> (String, String, String) {
    let path = |name: &str| dir.join(name).display().to_string();
    let openssl = |args: &[&str]| {
        let status = std::process::Command::new("openssl")
            .args(args)
            .stderr(std::process::Stdio::null())
            .status()
            .expect("openssl makes the test certificates");
        assert!(status.success(), "openssl {args:?}");
    };
    let (ca, ca_key, cert, key, csr, ext) = (
        path("ca.pem"),
        path("ca.key"),
        path("cert.pem"),
        path("key.pem"),
        path("server.csr"),
        path("server.ext"),
    );
    openssl(
        &[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ]
        .into_iter()
        .chain([
            "-subj",
            "/CN=followup test authority",
            "-keyout",
            &ca_key,
            "-out",
            &ca,
        ])
        .collect::<Vec<_>>(),
    );
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        &key,
        "-out",
        &csr,
    ]);
    std::fs::write(
        &ext,
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        &csr,
        "-CA",
        &ca,
        "-CAkey",
        &ca_key,
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        &ext,
        "-out",
        &cert,
    ]);
    (ca, cert, key)
}

/// The security chosen is the security used: never a silent fallback to plain text.
#[test]
fn security_is_explicit() {
    let f = Followup::sqlite();
    let plain = SmtpServer::start(mail_dir(&f), &[]);
    user_with(&f, &plain);

    point_at(&f, &plain, "starttls");
    let err = f.fails(&at(NOW, &["send", "cd-3"]));
    assert!(err.contains("does not offer STARTTLS"), "{err}");
    point_at(&f, &plain, "tls");
    let err = f.fails(&at(NOW, &["outbox", "send"]));
    assert!(err.contains("TLS"), "{err}");
    assert_eq!(plain.received().len(), 0);
    // Nothing was lost: the letter waits in the outbox.
    assert_eq!(outbox(&f, NOW)[0]["state"], "queued");

    let (ca, cert, key) = certificates(f.dir.path());
    let starttls = SmtpServer::start(f.path("starttls"), &["--starttls", &cert, &key]);
    point_at(&f, &starttls, "starttls");
    // A server whose certificate no one vouches for is refused...
    let err = f.fails(&at(NOW, &["outbox", "send"]));
    assert!(err.contains("STARTTLS") && err.contains("failed"), "{err}");
    // ... until the user trusts it.
    f.ok(&["mail", "--certificate", &ca]);
    let out = f.ok(&at(NOW, &["outbox", "send"]));
    assert!(out.contains("Sent 1 letter"), "{out}");
    assert_eq!(starttls.received().len(), 1);

    let tls = SmtpServer::start(f.path("tls"), &["--tls", &cert, &key]);
    point_at(&f, &tls, "tls");
    let out = f.ok(&at(NOW, &["send", "cd-2"]));
    assert!(out.starts_with("Sent"), "{out}");
    assert_eq!(tls.received().len(), 1);
}

/// The password comes from the environment or a private file, and goes nowhere else.
#[test]
fn the_password_stays_private() {
    let f = Followup::sqlite();
    let server = SmtpServer::start(mail_dir(&f), &["--auth", "alex:s3cret-Pa55"]);
    user_with(&f, &server);
    f.ok(&["mail", "--username", "alex"]);

    let err = f.fails(&at(NOW, &["send", "cd-3"]));
    assert!(err.contains("needs a password"), "{err}");
    let wrong = f
        .command(&at(NOW, &["outbox", "send"]))
        .env("FOLLOWUP_SMTP_PASSWORD", "wrong")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        !wrong.status.success() && err.contains("refused the user"),
        "{err}"
    );
    assert_eq!(outbox(&f, NOW)[0]["state"], "queued");

    let file = f.path("password");
    std::fs::write(&file, "s3cret-Pa55\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    f.ok(&["mail", "--password-file", file.to_str().unwrap()]);
    let err = f.fails(&at(NOW, &["outbox", "send"]));
    assert!(err.contains("can be read by others"), "{err}");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = f.ok(&at(NOW, &["outbox", "send"]));
    assert!(out.contains("Sent 1 letter"), "{out}");

    let exported = f.ok(&["export"]);
    assert!(!exported.contains("s3cret"), "the export holds no password");
    assert!(!f.ok(&["mail"]).contains("s3cret"));
}

/// Bad input: a clear message, nothing queued, nothing sent.
#[test]
fn bad_input_sends_nothing() {
    let f = Followup::sqlite();
    let server = SmtpServer::start(mail_dir(&f), &[]);
    user_with(&f, &server);
    let letter = f.path("letter.txt");
    let send_file = |to: &str, text: &str, extra: &[&str]| {
        std::fs::write(&letter, text).unwrap();
        let mut args = vec![
            "send",
            "thank_you",
            "--app",
            "contoso-dev",
            "--to",
            to,
            "--file",
            letter.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        f.run(&at(NOW, &args))
    };
    let good = "Subject: Thank you for the interview\n\nDear Anna,\n\nThank you for meeting me on \
                Tuesday to talk about the Backend Engineer role at Contoso.\n\nKind regards,\nAlex Morgan\n";
    let refused = |out: std::process::Output, says: &str| {
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!out.status.success(), "{says}: it was accepted");
        assert!(err.contains(says), "{err}");
    };
    refused(
        send_file("not an address", good, &[]),
        "neither an email address",
    );
    refused(
        send_file("anna@contoso.example\r\nBcc: evil@example.org", good, &[]),
        "neither an email address",
    );
    refused(
        send_file(
            "anna.kowalski@contoso.example",
            "Subject: Thanks\rBcc: evil@example.org\n\nDear Anna,\n\nThank you.\n",
            &[],
        ),
        "nothing was sent",
    );
    refused(
        send_file(
            "anna.kowalski@contoso.example",
            good,
            &["--attach", "/nonexistent/deck.pdf"],
        ),
        "cannot read it",
    );
    // A template's leftover is an error the checks stop.
    let leftover = "Subject: Thank you for the interview\n\nDear [Name],\n\nThank you for meeting me \
                   on Tuesday to talk about the Backend Engineer role at Contoso.\n\nKind regards,\nAlex Morgan\n";
    refused(
        send_file("anna.kowalski@contoso.example", leftover, &[]),
        "--force",
    );
    assert!(outbox(&f, NOW).is_empty(), "nothing was queued");
    assert!(server.received().is_empty(), "nothing was sent");

    // The user insists: it goes, and the record says which errors were sent past.
    let out = send_file("anna.kowalski@contoso.example", leftover, &["--force"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = &outbox(&f, NOW)[0];
    assert_eq!(m["state"], "sent");
    assert!(!m["forced"].as_array().unwrap().is_empty(), "{m}");

    // With no mail server set, the letter is kept and the user told.
    let g = Followup::sqlite();
    g.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    let err = g.fails(&at(NOW, &["send", "cd-3"]));
    assert!(err.contains("no mail server is set"), "{err}");
    assert_eq!(outbox(&g, NOW)[0]["state"], "queued");
}

/// A status check is a call: its script is shown when it is due, and `done` records how it went.
#[test]
fn calls_are_scripted_and_recorded() {
    let f = Followup::sqlite();
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    // Contoso named Tuesday 24 November: the call is due from Thursday 26.
    let now = "2026-11-26T10:00:00+00:00";
    let agenda = f.json(&at(now, &["agenda"]));
    let check = agenda["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "status_check" && a["application"] == "contoso-dev")
        .expect("Contoso's status check is due")
        .clone();
    let id = check["id"].as_str().unwrap();
    let text = f.ok(&at(now, &["agenda"]));
    assert!(text.contains(&format!("The call {id}")), "{text}");

    let err = f.fails(&at(now, &["done", "cd-3", "--answered"]));
    assert!(err.contains("is not a call"), "{err}");
    let err = f.fails(&at(
        now,
        &["done", id, "--answered", "--decision-by", "2026-11-02"],
    ));
    assert!(err.contains("has passed"), "{err}");
    f.ok(&at(
        now,
        &["done", id, "--answered", "--decision-by", "2026-12-02"],
    ));

    // The new date re-plans: the second check comes two business days after it.
    let all = f.json(&at(now, &["agenda", "--all"]));
    let next = all["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "status_check" && a["application"] == "contoso-dev")
        .expect("a second check after the new date");
    assert!(
        next["not_before"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-04T09:00"),
        "{next}"
    );
    let call = all["record"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["channel"] == "phone" && e["application"] == "contoso-dev")
        .expect("the call is in the record")
        .clone();
    assert_eq!(call["state"], "answered");
    assert_eq!(call["application"], "contoso-dev");
}

/// One reminder a day, and none when nothing is due.
#[test]
fn the_daily_reminder() {
    let f = Followup::sqlite();
    let server = SmtpServer::start(mail_dir(&f), &[]);
    user_with(&f, &server);
    let out = f.ok(&at(NOW, &["remind"]));
    assert!(out.contains("Sent 1 letter"), "{out}");
    let out = f.ok(&at("2026-11-19T18:00:00+00:00", &["remind"]));
    assert!(out.contains("already gone"), "{out}");
    let arrived = server.messages();
    assert_eq!(arrived.len(), 1);
    let reminder = &arrived[0];
    assert_eq!(reminder["To"], "Alex Morgan <alex.morgan@example.org>");
    assert!(
        reminder["Subject"]
            .as_str()
            .unwrap()
            .starts_with("followup: "),
        "{reminder}"
    );
    assert!(
        reminder["text"].as_str().unwrap().contains("cd-3"),
        "{reminder}"
    );

    let quiet = Followup::sqlite();
    quiet.ok(&[
        "profile",
        "--name",
        "Alex Morgan",
        "--email",
        "alex@example.org",
    ]);
    point_at(&quiet, &server, "off");
    let out = quiet.ok(&at(NOW, &["remind"]));
    assert!(out.contains("Nothing is due"), "{out}");
    assert_eq!(server.received().len(), 1);
}

/// A server that takes the connection and never says a word: the wait ends, the letter stays.
#[test]
fn a_server_that_does_not_answer() {
    let f = Followup::sqlite();
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port().to_string();
    let held = std::thread::spawn(move || {
        // Accept, keep the connection open, say nothing.
        let (conn, _) = silent.accept().unwrap();
        std::thread::sleep(Duration::from_secs(4));
        drop(conn);
    });
    f.ok(&[
        "mail",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--security",
        "off",
        "--timeout",
        "1",
    ]);
    let start = Instant::now();
    let out = f.ok(&at(NOW, &["send", "cd-3"]));
    assert!(start.elapsed() < Duration::from_secs(10), "the wait ended");
    assert!(out.contains("will try again"), "{out}");
    let m = &outbox(&f, NOW)[0];
    assert_eq!(m["state"], "queued", "{m}");
    held.join().unwrap();
}

/// Two instances send from one database at once: every letter goes once.
fn two_workers_side_by_side(f: Followup) {
    let server = SmtpServer::start(mail_dir(&f), &["--delay-data", "0.01"]);
    user_with(&f, &server);
    let ids = queue_batch(&f, 60);
    let workers: Vec<_> = (0..2)
        .map(|_| {
            f.command(&at(NOW, &["outbox", "send", "--wait"]))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for worker in workers {
        let out = worker.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for id in server.received() {
        *counts.entry(id).or_default() += 1;
    }
    assert_eq!(counts.len(), ids.len(), "{counts:?}");
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
    assert!(outbox(&f, NOW).iter().all(|m| m["state"] == "sent"));
}
on_both_backends!(two_workers_side_by_side);

/// An interviewer the data knows only by name: the address given with --to does the action.
#[test]
fn an_address_given_for_someone_known_by_name() {
    let f = Followup::sqlite();
    let server = SmtpServer::start(mail_dir(&f), &[]);
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(fixture_path("context.json")).unwrap()).unwrap();
    let contoso = doc["applications"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["key"] == "contoso-dev")
        .unwrap();
    for person in contoso["interviews"][0]["interviewers"]
        .as_array_mut()
        .unwrap()
    {
        if person["name"] == "Anna Kowalski" {
            person.as_object_mut().unwrap().remove("email");
        }
    }
    let file = f.path("no-email.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    f.ok(&["import", file.to_str().unwrap()]);
    point_at(&f, &server, "off");
    let err = f.fails(&at(NOW, &["send", "cd-3"]));
    assert!(err.contains("has no email address"), "{err}");
    // Composing for an address the data does not know is refused; a letter written by hand goes.
    let letter = f.path("anna.txt");
    std::fs::write(
        &letter,
        "Subject: Thank you for the Backend Engineer interview\n\nDear Anna,\n\nThank you for \
         meeting me on Tuesday to talk about the Backend Engineer role at Contoso. I look forward \
         to hearing from you by Tuesday 24 November.\n\nKind regards,\nAlex Morgan\n",
    )
    .unwrap();
    let out = f.ok(&at(
        NOW,
        &[
            "send",
            "cd-3",
            "--to",
            "anna@home.example",
            "--file",
            letter.to_str().unwrap(),
        ],
    ));
    assert!(out.starts_with("Sent to Anna Kowalski"), "{out}");
    let agenda = f.json(&at(NOW, &["agenda"]));
    assert!(
        agenda["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["id"] != "cd-3"),
        "{agenda}"
    );
    assert_eq!(server.received().len(), 1);
}
