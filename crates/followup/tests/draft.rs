//! `followup draft` and `followup templates export` end to end.

#[macro_use]
mod common;

use common::{Followup, fixture_path};

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

    let script = f.ok(&[
        "--now",
        "2026-11-26T10:00:00Z",
        "draft",
        "status_check",
        "--app",
        "contoso-dev",
    ]);
    assert!(script.starts_with("Call Michael Brown."), "{script}");
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
            "use text, json or mailto",
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
