//! `followup draft` and `followup templates export` end to end.

#[macro_use]
mod common;

use common::{Followup, fixture_path, python};

on_both_backends!(letters_are_drafted_in_every_format);
fn letters_are_drafted_in_every_format(f: Followup) {
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    let now = ["--now", "2026-11-19T12:00:00Z"];
    let text = f.ok(&[
        now[0],
        now[1],
        "draft",
        "thank_you",
        "--app",
        "northwind-pm",
        "--to",
        "luis@northwind.example",
    ]);
    assert!(
        text.starts_with("Subject: Thank you for the Product Manager interview\n\nDear Luis,\n"),
        "{text}"
    );
    assert!(text.contains("Friday 27 November"), "{text}");

    let json = f.json(&[
        now[0],
        now[1],
        "draft",
        "strategic_letter",
        "--app",
        "northwind-pm",
    ]);
    assert_eq!(json["kind"], "strategic_letter");
    assert_eq!(json["to"], "dana@northwind.example");
    assert_eq!(json["findings"].as_array().unwrap().len(), 0, "{json:#}");
    assert!(json["body"].as_str().unwrap().contains("£400k"));

    // Through the agency, the link goes to the consultant; everything is percent-encoded.
    let link = f.ok(&[
        now[0],
        now[1],
        "draft",
        "thank_you",
        "--app",
        "northwind-pm",
        "--to",
        "Luis Ortega",
        "--format",
        "mailto",
    ]);
    assert!(link.starts_with("mailto:jo.park@harbour.example?subject=Thank%20you%20for%20the%20Product%20Manager%20interview&body=Dear%20Luis%2C%0D%0A%0D%0A"), "{link}");
    assert!(!link.trim_end().contains(' ') && !link.trim_end().contains('\n'));

    // From the agenda: the action's id names the kind, the application and the recipient.
    let from_action = f.ok(&[now[0], now[1], "draft", "np-4"]);
    assert!(
        from_action
            .starts_with("Subject: Thank you for the Product Manager interview\n\nDear Luis,"),
        "{from_action}"
    );

    let script = f.ok(&[
        "--now",
        "2026-11-26T10:00:00Z",
        "draft",
        "status_check",
        "--app",
        "contoso-dev",
    ]);
    assert!(
        script.starts_with("Call Michael Brown: no number is recorded for them."),
        "{script}"
    );
    assert!(
        script.contains("Subject: Backend Engineer role at Contoso"),
        "{script}"
    );

    for (args, expect) in [
        (
            vec!["draft", "close_quietly", "--app", "contoso-dev"],
            "close_quietly has no letter",
        ),
        (
            vec![
                "draft",
                "thank_you",
                "--app",
                "contoso-dev",
                "--to",
                "nobody@example.org",
            ],
            "nobody this application names",
        ),
        (
            vec![
                "draft",
                "answer_offer",
                "--app",
                "contoso-dev",
                "--answer",
                "counter",
            ],
            "--counter",
        ),
        (
            vec![
                "draft",
                "thank_you",
                "--app",
                "contoso-dev",
                "--format",
                "pdf",
            ],
            "use text, json, mailto, eml or docx",
        ),
    ] {
        let err = f.fails(&args);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
}

#[test]
fn the_users_templates_replace_the_built_in_ones_and_a_broken_one_is_refused() {
    let f = Followup::sqlite();
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    let out = f.ok(&["templates", "export"]);
    assert!(out.contains("Wrote 13 templates"), "{out}");
    let template = f.dir.path().join("config/templates/thank_you.txt");
    assert!(
        std::fs::read_to_string(&template)
            .unwrap()
            .starts_with("Subject:")
    );
    // Kept unless forced.
    assert!(f.ok(&["templates", "export"]).contains("Wrote 0 templates"));

    std::fs::write(&template, "Subject: With thanks\n\nDear {{ to.first }},\n\nThank you for the {{ role }} interview at {{ company }}.\n\nAlex Morgan\n").unwrap();
    let text = f.ok(&[
        "draft",
        "thank_you",
        "--app",
        "contoso-dev",
        "--to",
        "anna.kowalski@contoso.example",
    ]);
    assert!(
        text.starts_with("Subject: With thanks\n\nDear Anna,"),
        "{text}"
    );

    std::fs::write(
        &template,
        "Subject: Oops\n\nDear {{ to.first }},\n{% if %}\n",
    )
    .unwrap();
    let err = f.fails(&["draft", "thank_you", "--app", "contoso-dev"]);
    assert!(err.contains("thank_you.txt: line 4"), "{err}");
}

#[test]
fn an_email_parses_with_pythons_email_package_and_the_word_document_opens_in_libreoffice() {
    let f = Followup::sqlite();
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    f.ok(&[
        "profile",
        "--name",
        "Zoë Müller-Åström",
        "--email",
        "zoe@example.org",
        "--signature",
        "Zoë Müller-Åström",
        "--phone",
        "+44 7700 900123",
    ]);
    let now = ["--now", "2026-11-19T12:00:00Z"];

    // Direct: to the interviewer, non-ASCII names encoded in the headers.
    let direct = f.path("direct.eml");
    f.ok(&[
        now[0],
        now[1],
        "draft",
        "thank_you",
        "--app",
        "contoso-dev",
        "--to",
        "anna.kowalski@contoso.example",
        "--format",
        "eml",
        "--out",
        direct.to_str().unwrap(),
    ]);
    let raw = std::fs::read(&direct).unwrap();
    assert!(raw.is_ascii(), "headers and body are encoded for transport");
    let seen: serde_json::Value =
        serde_json::from_str(&python("eml_check.py", &[&direct])).unwrap();
    assert_eq!(seen["From"], "Zoë Müller-Åström <zoe@example.org>");
    assert_eq!(seen["To"], "Anna Kowalski <anna.kowalski@contoso.example>");
    assert_eq!(
        seen["Subject"],
        "Thank you for the Backend Engineer interview"
    );
    assert!(
        seen["Message-ID"]
            .as_str()
            .unwrap()
            .ends_with("@example.org>")
    );
    assert!(seen["text"].as_str().unwrap().starts_with("Dear Anna,"));
    assert!(
        seen["text"].as_str().unwrap().contains("Zoë Müller-Åström"),
        "{seen:#}"
    );
    assert_eq!(seen["attachments"].as_array().unwrap().len(), 0);

    // Through the agency: to the consultant, with a note, and the letter attached as a Word document.
    let via = f.path("via.eml");
    f.ok(&[
        now[0],
        now[1],
        "draft",
        "thank_you",
        "--app",
        "northwind-pm",
        "--to",
        "luis@northwind.example",
        "--format",
        "eml",
        "--out",
        via.to_str().unwrap(),
    ]);
    let seen: serde_json::Value = serde_json::from_str(&python("eml_check.py", &[&via])).unwrap();
    assert_eq!(seen["To"], "Jo Park <jo.park@harbour.example>");
    assert_eq!(
        seen["Subject"],
        "For Luis Ortega: Thank you for the Product Manager interview"
    );
    assert!(
        seen["text"]
            .as_str()
            .unwrap()
            .contains("pass the letter below to Luis Ortega")
    );
    assert!(seen["text"].as_str().unwrap().contains("Dear Luis,"));
    let attachment = &seen["attachments"][0];
    assert_eq!(
        attachment["type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(attachment["document_xml"], true);

    // The Word document, converted by LibreOffice: the letter's words are in the PDF.
    let docx = f.path("letter.docx");
    f.ok(&[
        now[0],
        now[1],
        "draft",
        "strategic_letter",
        "--app",
        "northwind-pm",
        "--format",
        "docx",
        "--out",
        docx.to_str().unwrap(),
    ]);
    let office = ["libreoffice", "soffice"]
        .into_iter()
        .find(|b| std::process::Command::new(b).arg("--version").output().is_ok())
        .expect("LibreOffice is needed to check the Word document (apt-get install libreoffice-writer-nogui)");
    let profile = f.path("office-profile");
    let out = std::process::Command::new(office)
        .args([
            "--headless",
            &format!("-env:UserInstallation=file://{}", profile.display()),
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(f.dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = f.path("letter.pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    // A business letter, its parts in a letter's order: the sender and their details, the
    // date, the recipient's name, title and company, the subject, the letter, the sign-off.
    let mut at = 0;
    for words in [
        "Zoë Müller-Åström",
        "zoe@example.org",
        "+44 7700 900123",
        "19 November 2026",
        "Dana Whitfield",
        "VP Product",
        "Northwind Traders",
        "Thank you, and more about budget ownership",
        "Dear Dana,",
        "I managed a £400k marketing budget at Tailwind",
        "Kind regards,",
    ] {
        let found = text[at..]
            .find(words)
            .unwrap_or_else(|| panic!("{words:?} not in the PDF after byte {at}: {text}"));
        at += found + words.len();
    }

    // What the file says about itself, read by python-docx: the user's English, its paper,
    // a readable font, the author and today.
    let read = |path: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&python("docx_check.py", &[path])).unwrap()
    };
    let british = read(&docx);
    assert_eq!(british["language"], "en-GB", "{british}");
    assert_eq!(british["core_language"], "en-GB", "{british}");
    assert_eq!(
        (&british["page_width_mm"], &british["page_height_mm"]),
        (&serde_json::json!(210), &serde_json::json!(297)),
        "A4: {british}"
    );
    assert_eq!(british["author"], "Zoë Müller-Åström", "{british}");
    assert!(
        british["created"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-19T12:00:00"),
        "{british}"
    );
    assert!(british["size_pt"].as_f64().unwrap() >= 11.0, "{british}");
    assert_eq!(british["font"], "Calibri", "{british}");
    let paragraphs = british["paragraphs"].as_array().unwrap();
    assert!(
        paragraphs
            .iter()
            .all(|p| !p.as_str().unwrap().trim().is_empty()),
        "no empty parts: {british}"
    );

    // In American English: US Letter, the date as Americans write it.
    f.ok(&["profile", "--language", "en-US"]);
    let american_docx = f.path("american.docx");
    f.ok(&[
        now[0],
        now[1],
        "draft",
        "thank_you",
        "--app",
        "northwind-pm",
        "--to",
        "luis@northwind.example",
        "--format",
        "docx",
        "--out",
        american_docx.to_str().unwrap(),
    ]);
    let american = read(&american_docx);
    assert_eq!(american["language"], "en-US", "{american}");
    assert_eq!(
        (&american["page_width_mm"], &american["page_height_mm"]),
        (&serde_json::json!(216), &serde_json::json!(279)),
        "US Letter: {american}"
    );
    let paragraphs: Vec<&str> = american["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(paragraphs[1], "November 19, 2026", "{american}");
    assert!(
        paragraphs[2].starts_with("Luis Ortega\nEngineering Manager\nNorthwind Traders"),
        "{american}"
    );
    assert!(
        paragraphs
            .iter()
            .any(|p| p.contains("Thursday, November 19")),
        "the letter's own dates in American English: {american}"
    );

    // A name with a line break cannot forge a header: refused where it comes in.
    let err = f.fails(&["profile", "--name", "Alex\r\nBcc: someone@example.org"]);
    assert!(err.contains("control character"), "{err}");
}
