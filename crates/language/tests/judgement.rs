//! The two debriefs of the team's review (tests/fixtures/judgement, from shared/judgement),
//! read from their Markdown pages as a person wrote them, and every letter to every person
//! composed from them: what a careful recruiter would sign (judgement/README.md).

mod common;

use common::{compose_clean, findings};
use followup_core::capture::debrief_template;
use followup_core::compose::{Answer, Draft};
use followup_core::{
    ActionKind, Agency, Application, Event, EventKind, Interview, JobSearch, Key, Language, Moment,
    Person, Profile, Settings, TimeZoneName,
};

struct Case {
    file: &'static str,
    company: &'static str,
    role: &'static str,
    starts_at: &'static str,
    zone: &'static str,
    language: Language,
    /// Words of the notebook that no letter to the employer may carry.
    private: &'static [&'static str],
}

const CASES: [Case; 2] = [
    Case {
        file: "litware-us-hyphens.md",
        company: "Litware Inc.",
        role: "Senior Data Engineer",
        starts_at: "2027-01-15T14:00:00-06:00",
        zone: "America/Chicago",
        language: Language::EnUs,
        private: &[
            "stressed",
            "rushed",
            "testing me hard",
            "blanked",
            "rambled",
            "defensive",
            "why I left",
            "hybrid or remote",
            "equity refresh",
            "Q2 deadline",
        ],
    },
    Case {
        file: "adventure-works-private-notes.md",
        company: "Adventure Works",
        role: "Management Accountant",
        starts_at: "2026-11-26T10:00:00+00:00",
        zone: "Europe/London",
        language: Language::EnGb,
        private: &[
            "hate",
            "manager",
            "5k",
            "less",
            "get out",
            "bored",
            "nailed",
            "nervous",
            "too fast",
            "IFRS",
            "expensive",
            "quit",
            "last hire",
            "sceptical",
            "salary",
            "my answer on",
            "Siobhan thought",
            "Gareth seemed",
            "Gareth looked",
        ],
    },
];

fn search(case: &Case) -> JobSearch {
    let path = format!(
        "{}/../../tests/fixtures/judgement/{}",
        env!("CARGO_MANIFEST_DIR"),
        case.file
    );
    let page = std::fs::read_to_string(path).unwrap();
    let starts_at = Moment::parse(case.starts_at).unwrap();
    let day = starts_at
        .instant()
        .to_zoned(jiff::tz::TimeZone::get(case.zone).unwrap())
        .date();
    let days = followup_core::programme::BusinessDays::new(&Settings::default());
    let filled = debrief_template::parse(&page, day, case.language, &days)
        .unwrap_or_else(|e| panic!("{}: {e}", case.file));
    let mut app = Application::new(Key::new("app").unwrap(), case.company, case.role);
    app.timezone = Some(TimeZoneName::new(case.zone).unwrap());
    app.interviews.push(Interview {
        key: Key::new("r1").unwrap(),
        round: Some(1),
        starts_at,
        ends_at: None,
        format: None,
        location: None,
        interviewers: filled.interviewers,
        debrief: Some(filled.debrief),
    });
    // An invitation to the next round, with no time yet: the reply asks for what is missing.
    let invited = starts_at.instant() + jiff::SignedDuration::from_hours(24 * 5);
    app.events.push(Event::new(
        Moment::parse(&invited.to_string()).unwrap(),
        EventKind::Invitation,
    ));
    JobSearch {
        profile: Profile {
            name: Some("Sam Rivera".into()),
            email: Some("sam.rivera@example.org".into()),
            language: Some(case.language),
            timezone: Some(TimeZoneName::new(case.zone).unwrap()),
            ..Profile::default()
        },
        settings: Settings::default(),
        applications: vec![app],
        ..JobSearch::default()
    }
}

const TO_THE_EMPLOYER: [ActionKind; 6] = [
    ActionKind::ThankYou,
    ActionKind::StrategicLetter,
    ActionKind::SendSample,
    ActionKind::StatusCheck,
    ActionKind::ReplyToInvitation,
    ActionKind::RequestFeedback,
];

fn sentences(body: &str) -> Vec<String> {
    body.split(['.', '?', '\n'])
        .map(|s| s.trim().to_lowercase())
        .filter(|s| s.split_whitespace().count() > 3)
        .collect()
}

/// What is wrong with a letter to the employer, as a careful recruiter reads it.
fn faults(case: &Case, draft: &Draft, found: &[followup_core::check::Finding]) -> Vec<String> {
    let text = draft.text();
    let mut faults: Vec<String> = found
        .iter()
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    for word in case.private {
        if text.to_lowercase().contains(&word.to_lowercase()) {
            faults.push(format!("private words {word:?}"));
        }
    }
    for broken in [
        "..",
        " ,",
        " .",
        ",,",
        "  ",
        "a note on on-",
        "You asked about on-call.",
    ] {
        if text.contains(broken) {
            faults.push(format!("broken punctuation or phrasing {broken:?}"));
        }
    }
    let said = sentences(&draft.body);
    for (i, s) in said.iter().enumerate() {
        if said[..i].contains(s) {
            faults.push(format!("said twice: {s:?}"));
        }
    }
    match case.language {
        Language::EnUs => {
            if text.contains("15 January") || text.contains("Friday 15") {
                faults.push("a British date in American English".into());
            }
        }
        _ => {
            if text.contains("November 26") {
                faults.push("an American date in British English".into());
            }
        }
    }
    faults
}

#[test]
fn the_reviews_debriefs_give_letters_a_recruiter_would_sign() {
    let mut wrong = Vec::new();
    for case in &CASES {
        let search = search(case);
        let app = &search.applications[0];
        let interviewers = &app.interviews[0].interviewers;
        let mut thanks: Vec<(String, Draft)> = Vec::new();
        for person in interviewers {
            let email = person.email.clone().unwrap();
            for kind in TO_THE_EMPLOYER {
                let (draft, found) =
                    compose_clean(&search, app, kind, Some(&email), Answer::Accept);
                for fault in faults(case, &draft, &found) {
                    wrong.push(format!(
                        "{} {kind} to {}: {fault}\n{}",
                        case.file,
                        person.name,
                        draft.text()
                    ));
                }
                if kind == ActionKind::ThankYou {
                    thanks.push((person.name.clone(), draft));
                }
            }
        }
        // Each interviewer hears their own letter, which says the candidate wants the job.
        for (name, draft) in &thanks {
            if !draft.body.contains("join") {
                wrong.push(format!(
                    "{}: {name}'s thank-you does not say the candidate wants the job:\n{}",
                    case.file, draft.body
                ));
            }
        }
        for (i, (a, first)) in thanks.iter().enumerate() {
            for (b, second) in &thanks[i + 1..] {
                let (x, y) = (sentences(&first.body), sentences(&second.body));
                let shared = x.iter().filter(|s| y.contains(s)).count();
                if shared > 2 {
                    wrong.push(format!(
                        "{}: {a}'s and {b}'s thank-yous share {shared} sentences",
                        case.file
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// The strategic letter to `email`, its findings checked.
fn strategic(search: &JobSearch, email: &str) -> String {
    let app = &search.applications[0];
    let (draft, found) = compose_clean(
        search,
        app,
        ActionKind::StrategicLetter,
        Some(email),
        Answer::Accept,
    );
    assert!(found.is_empty(), "{found:#?}\n{}", draft.text());
    draft.text()
}

#[test]
fn a_concern_is_answered_to_whoever_raised_it_with_the_candidates_answer() {
    let litware = search(&CASES[0]);
    let dev = strategic(&litware, "dev.patel@litware.example");
    assert!(
        dev.contains("You asked about Flink: I ran a Flink pilot on our clickstream"),
        "{dev}"
    );
    assert!(!dev.contains("pager"), "Rachel's concern, not Dev's: {dev}");
    let rachel = strategic(&litware, "rachel.goldberg@litware.example");
    assert!(
        rachel.contains("on-call")
            && rachel.contains("I carried a pager at my current job for two years"),
        "{rachel}"
    );
    assert!(
        !rachel.contains("Flink pilot"),
        "Dev's concern, not Rachel's: {rachel}"
    );
    assert!(!rachel.contains("a note on on-call"), "{rachel}");
    // The forgotten points, as a person says them; the date as an American writes it.
    assert!(rachel.contains("I should also have mentioned my AWS Data Analytics Specialty certification and that I mentored two junior engineers."), "{rachel}");
    assert!(rachel.contains("Friday, January 15"), "{rachel}");
    assert!(
        rachel.contains("Litware Inc.") && !rachel.contains("Inc.."),
        "{rachel}"
    );

    let adventure = search(&CASES[1]);
    let gareth = strategic(&adventure, "gareth.hughes@adventure-works.example");
    assert!(gareth.contains("Dynamics migration"), "{gareth}");
    assert!(
        !gareth.to_lowercase().contains("salary"),
        "Siobhan's concern, and money: {gareth}"
    );
    assert!(gareth.contains("Thursday 26 November"), "{gareth}");
}

#[test]
fn the_consultant_reads_the_whole_debrief_and_is_asked_about_the_letters() {
    let mut adventure = search(&CASES[1]);
    adventure.applications[0].agency = Some(Agency {
        name: "Harbour Talent".into(),
        consultant: Some(Person {
            name: "Priya Shah".into(),
            title: None,
            email: Some("priya@harbour.example".into()),
            phone: None,
        }),
    });
    let app = &adventure.applications[0];
    let (report, found) = compose_clean(
        &adventure,
        app,
        ActionKind::ReportToConsultant,
        None,
        Answer::Accept,
    );
    let text = report.text();
    assert!(
        findings(&adventure, app, &report).is_empty() && found.is_empty(),
        "{found:#?}\n{text}"
    );
    for part in [
        "Dear Priya,",
        "Month-end close for the UK and Ireland entities",
        "I was nervous and talked too fast",
        "salary, raised by Siobhan McCarthy",
        "NetSuite, raised by Gareth Hughes",
        "my answer: I led the finance side of our Sage 200 to Dynamics migration",
        "that I built the rolling 18-month cash-flow forecast",
        "whether the role is hybrid",
        "Decision by Friday 4 December",
        "I am still very interested",
        "thank-you letters ready for Gareth and Siobhan",
        "forward",
    ] {
        assert!(
            text.contains(part),
            "{part:?} missing from the report:\n{text}"
        );
    }
    assert!(!text.contains("considering me"), "{text}");
}
