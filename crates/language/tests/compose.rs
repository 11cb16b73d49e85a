//! Letters composed from the data pass their own checks, spelling and grammar included: for
//! the sample job search, every kind of letter; and for generated job searches, the letters
//! that carry the candidate's own words.

mod common;

use common::{compose_clean, context, try_compose};
use followup_core::compose::{Answer, Draft, LETTER_KINDS, Request, Templates, compose};
use followup_core::{
    ActionKind, Agency, Amount, Application, Concern, Debrief, Event, EventKind, Interest,
    Interview, Interviewer, JobSearch, Key, Language, Moment, NextSteps, Offer, Person, Profile,
    Settings,
};
use proptest::prelude::*;

#[test]
fn every_kind_of_letter_composes_clean_from_the_sample_search() {
    let mut search = context();
    for app in &mut search.applications {
        let mut offer = Event::new(
            Moment::parse("2026-12-01T10:00:00+00:00").unwrap(),
            EventKind::Offer,
        );
        offer.offer = Some(Offer {
            salary: Some(Amount::new(60000.0).unwrap()),
            currency: Some("GBP".into()),
            start_date: Some("2027-01-11".parse().unwrap()),
            respond_by: Some("2026-12-04".parse().unwrap()),
            ..Offer::default()
        });
        app.events.push(offer);
        app.events.push(Event::new(
            Moment::parse("2026-12-02T10:00:00+00:00").unwrap(),
            EventKind::OfferAccepted,
        ));
    }
    let mut dirty = Vec::new();
    for app in &search.applications {
        for kind in LETTER_KINDS {
            if kind == ActionKind::ReportToConsultant && app.agency.is_none() {
                let request = Request {
                    kind,
                    application: app,
                    profile: &search.profile,
                    interview: None,
                    to: None,
                    answer: Answer::Accept,
                    counter: Vec::new(),
                    accepted_elsewhere: false,
                    today: None,
                    with_sample: false,
                };
                let refused = compose(&request, &Templates::built_in(), &|_| true).unwrap_err();
                assert!(refused.to_string().contains("no agency"), "{refused}");
                continue;
            }
            for answer in [Answer::Accept, Answer::Counter, Answer::Decline] {
                if answer != Answer::Accept && kind != ActionKind::AnswerOffer {
                    continue;
                }
                let (draft, found) = match try_compose(&search, app, kind, None, answer) {
                    Ok(composed) => composed,
                    // A letter that would not make sense is refused, and says why.
                    Err(refused) => {
                        let why = refused.to_string();
                        assert!(
                            matches!(kind, ActionKind::SendSample | ActionKind::StrategicLetter)
                                && (why.contains("no work sample") || why.contains("no concern")),
                            "{kind} for {}: {why}",
                            app.key
                        );
                        continue;
                    }
                };
                assert!(draft.text().contains(&app.company), "{}", draft.text());
                if !found.is_empty() {
                    dirty.push(format!(
                        "{} {kind} {answer:?}: {found:#?}\n{}",
                        app.key,
                        draft.text()
                    ));
                }
            }
        }
    }
    assert!(dirty.is_empty(), "{}", dirty.join("\n\n"));
}

#[test]
fn each_interviewer_gets_a_letter_of_their_own() {
    let search = context();
    let app = search
        .applications
        .iter()
        .find(|a| a.key.as_str() == "contoso-dev")
        .unwrap();
    let (michael, _) = compose_clean(
        &search,
        app,
        ActionKind::ThankYou,
        Some("michael.brown@contoso.example"),
        Answer::Accept,
    );
    let (anna, _) = compose_clean(
        &search,
        app,
        ActionKind::ThankYou,
        Some("anna.kowalski@contoso.example"),
        Answer::Accept,
    );
    assert!(michael.body.starts_with("Dear Michael,"));
    assert!(anna.body.starts_with("Dear Anna,"));
    let unnamed = |d: &Draft| d.body.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_ne!(
        unnamed(&michael),
        unnamed(&anna),
        "the same letter with the name changed"
    );
    // The four Rs: the role, the company, the day; what they responded to; the next step.
    for letter in [&michael, &anna] {
        assert!(letter.body.contains("Backend Engineer") && letter.body.contains("Contoso"));
        assert!(letter.body.contains("Tuesday 17 November"));
        assert!(
            letter.body.contains("Tuesday 24 November"),
            "{}",
            letter.body
        );
    }
    let northwind = search
        .applications
        .iter()
        .find(|a| a.key.as_str() == "northwind-pm")
        .unwrap();
    let (strategic, found) = compose_clean(
        &search,
        northwind,
        ActionKind::StrategicLetter,
        None,
        Answer::Accept,
    );
    assert!(found.is_empty(), "{found:#?}");
    assert!(
        strategic.body.contains("budget ownership") && strategic.body.contains("£400k"),
        "{}",
        strategic.body
    );
    assert!(strategic.body.contains("PMP certificate"));
}

/// What a person types as a topic: hyphens, slashes, acronyms, apostrophes, accents, long
/// items, companies ending "Ltd." or "Inc.".
const TOPICS: [&str; 16] = [
    "on-call",
    "CI/CD pipelines",
    "the A/B testing results",
    "Flink",
    "SQL",
    "the month-end close",
    "GDPR/CCPA compliance",
    "my dbt test coverage work",
    "cutting the nightly ETL from 6 hours to 40 minutes",
    "the board-pack dashboard",
    "Power BI",
    "the Sage 200 to Dynamics migration",
    "stakeholder management across the UK and Ireland entities and the wider European finance team",
    "the café chain's loyalty app",
    "my time at O'Brien & Co.",
    "the roll-out at Northwind Ltd.",
];

/// What a candidate would say to the interviewer.
const ANSWERS: [&str; 5] = [
    "I ran a Flink pilot on our clickstream for four months",
    "yes, I carried a pager at my current job for two years.",
    "I led the CI/CD rebuild at Fabrikam Inc. and cut release time by half",
    "I managed a £400k budget and reported against it every quarter",
    "I have booked the NetSuite course for January",
];

/// The notebook: opinions of the people met, self-criticism, concessions. `{name}` is one
/// of the interviewers. Each has a word that must never reach an employer.
const PRIVATE: [(&str, &str); 7] = [
    ("{name} looked bored the whole time", "bored"),
    ("{name} kept checking their phone", "phone"),
    ("I was nervous and talked too fast", "nervous"),
    ("{name} thought I was too expensive", "expensive"),
    ("the last hire quit after six months", "quit"),
    ("honestly I hate my current manager", "hate"),
    (
        "I think I nailed the SQL question even though {name} seemed distracted",
        "distracted",
    ),
];

fn topics() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        proptest::sample::select(&TOPICS[..]).prop_map(str::to_string),
        0..3,
    )
}

const PEOPLE: [&str; 5] = [
    "Tom O'Neill",
    "Zoë Brontë",
    "Siobhan McCarthy",
    "José Álvarez",
    "Mei Nguyen",
];

prop_compose! {
    fn job_search()(
        company in proptest::sample::select(&["Tailspin Toys", "Wingtip Ltd.", "Litware Inc.", "Adatum", "Fourth Coffee Co."][..]),
        role in proptest::sample::select(&["Data Analyst", "Product Manager", "Senior Data Engineer", "Support Lead"][..]),
        language in proptest::sample::select(&[Language::EnGb, Language::EnUs, Language::EnCa, Language::EnAu][..]),
        interest in 1..6i64,
        names in proptest::sample::subsequence(PEOPLE.to_vec(), 1..4),
        went_well in topics(),
        responded in topics(),
        forgot in topics(),
        samples in proptest::collection::vec(proptest::sample::select(&["the roadmap deck", "my Kafka connector on GitHub", "the board-pack dashboard", "a 30/60/90-day plan"][..]).prop_map(str::to_string), 0..2),
        same_item in any::<bool>(),
        private in proptest::collection::vec((0..PRIVATE.len(), 0..3usize), 0..4),
        concerns in proptest::collection::vec((proptest::sample::select(&TOPICS[..]), proptest::option::of(0..3usize), 0..ANSWERS.len(), any::<bool>()), 0..3),
        salary_concern in any::<bool>(),
        decision in proptest::option::of(1..20i64),
        hour in 8..18i8,
        agency in any::<bool>(),
    ) -> JobSearch {
        let start = jiff::civil::date(2026, 11, 10).at(hour, 0, 0, 0).to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap()).unwrap();
        let mut app = Application::new(Key::new("app").unwrap(), company, role);
        app.interest = Some(Interest::new(interest).unwrap());
        let name = |n: usize| names[n % names.len()].to_string();
        let note = |(at, who): (usize, usize)| PRIVATE[at].0.replace("{name}", name(who).split(' ').next().unwrap());
        let mut went_well = went_well;
        let mut went_badly: Vec<String> = private.iter().map(|p| note(*p)).collect();
        // The same item under "went well" and "responded well to"; a private note among them.
        if same_item && let Some(first) = responded.first() {
            went_well.push(first.clone());
        }
        if let Some(p) = private.first() {
            went_well.push(note(*p));
            went_badly.push(note(*p));
        }
        let mut concerns: Vec<Concern> = concerns.into_iter().map(|(about, by, answer, answered)| Concern {
            about: about.to_string(),
            raised_by: by.map(name),
            detail: private.first().map(|p| note(*p)),
            answer: answered.then(|| ANSWERS[answer].to_string()),
        }).collect();
        if salary_concern {
            concerns.push(Concern {
                about: "salary".into(),
                raised_by: Some(name(1)),
                detail: Some(format!("{} thought I was too expensive", name(1))),
                answer: Some("honestly I'd take 5k less because I really need to get out of my current job".into()),
            });
        }
        app.interviews.push(Interview {
            key: Key::new("r1").unwrap(),
            round: Some(1),
            starts_at: Moment::from_zoned(&start),
            ends_at: None,
            format: None,
            location: None,
            interviewers: names.iter().enumerate().map(|(n, name)| Interviewer {
                name: name.to_string(),
                title: None,
                email: Some(format!("person{n}@example.org")),
                phone: None,
                lead: n == 0,
            }).collect(),
            debrief: Some(Debrief {
                tone: private.first().map(|p| note(*p)),
                company_notes: Some(format!("{} seemed stressed about the deadline", name(0))),
                went_well,
                went_badly,
                responded_well_to: responded,
                forgot_to_mention: forgot,
                samples_discussed: samples,
                concerns,
                questions_left: vec!["whether the role is hybrid".into()],
                next_steps: NextSteps {
                    decision_by: decision.map(|d| jiff::civil::date(2026, 11, 10).checked_add(jiff::Span::new().days(d)).unwrap()),
                    ..NextSteps::default()
                },
                ..Debrief::default()
            }),
        });
        if agency {
            app.agency = Some(Agency {
                name: "Harbour Talent".into(),
                consultant: Some(Person { name: "Jo Park".into(), title: None, email: Some("jo.park@harbour.example".into()), phone: None }),
            });
        }
        app.events.push(Event::new(Moment::parse("2026-11-16T09:00:00+00:00").unwrap(), EventKind::Invitation));
        JobSearch {
            profile: Profile { name: Some("Alex Morgan".into()), language: Some(language), ..Profile::default() },
            settings: Settings::default(),
            applications: vec![app],
            ..JobSearch::default()
        }
    }
}

/// What a careful reader finds wrong with a letter to an employer, beyond the checks.
fn faults(app: &Application, to: &str, draft: &Draft, language: Language) -> Vec<String> {
    let text = draft.text();
    let lower = text.to_lowercase();
    let mut faults = Vec::new();
    for (_, word) in PRIVATE {
        if lower.contains(word) {
            faults.push(format!("the private word {word:?}"));
        }
    }
    for word in ["stressed", "5k", "get out", "hybrid", "salary"] {
        if lower.contains(word) {
            faults.push(format!("the private word {word:?}"));
        }
    }
    for broken in ["..", " ,", " .", ",,", "::", "  ", ". .", ":.", "a note on"] {
        if text.contains(broken) {
            faults.push(format!("broken punctuation {broken:?}"));
        }
    }
    let sentences: Vec<String> = draft
        .body
        .split(['.', '?', '!', '\n'])
        .map(|s| s.trim().to_lowercase())
        .filter(|s| s.split_whitespace().count() > 3)
        .collect();
    for (i, s) in sentences.iter().enumerate() {
        if sentences[..i].contains(s) {
            faults.push(format!("said twice: {s:?}"));
        }
    }
    // Each concern answered only to whoever raised it.
    let interview = &app.interviews[0];
    let distinctive = |answer: &str| -> String {
        answer
            .trim_start_matches("yes, ")
            .chars()
            .take(24)
            .collect()
    };
    let theirs: Vec<String> = interview
        .concerns_for(to)
        .iter()
        .filter_map(|c| c.answer.as_deref().map(distinctive))
        .collect();
    for concern in &interview.debrief.as_ref().unwrap().concerns {
        let Some(answer) = &concern.answer else {
            continue;
        };
        let answer = distinctive(answer);
        if text.contains(&answer) && !theirs.contains(&answer) {
            faults.push(format!(
                "answers {:?} to someone who did not raise it",
                concern.about
            ));
        }
    }
    let american = matches!(language, Language::EnUs | Language::EnCa);
    let day = if american {
        "November 10"
    } else {
        "10 November"
    };
    let wrong = if american {
        "10 November"
    } else {
        "November 10"
    };
    if text.contains(wrong) || (draft.kind == ActionKind::ThankYou && !text.contains(day)) {
        faults.push(format!("the date not in {}", language.as_str()));
    }
    faults
}

const TO_THE_EMPLOYER: [ActionKind; 8] = [
    ActionKind::ThankYou,
    ActionKind::StrategicLetter,
    ActionKind::SendSample,
    ActionKind::StatusCheck,
    ActionKind::RequestFeedback,
    ActionKind::ReplyToInvitation,
    ActionKind::WithdrawPolitely,
    ActionKind::FollowUpApplication,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn letters_composed_from_any_debrief_pass_their_own_checks(search in job_search()) {
        let app = &search.applications[0];
        let language = search.profile.language();
        for person in &app.interviews[0].interviewers {
            let to = person.email.as_deref().unwrap();
            for kind in TO_THE_EMPLOYER {
                let debrief = app.interviews[0].debrief.as_ref().unwrap();
                let makes_sense = match kind {
                    ActionKind::SendSample => !debrief.samples_discussed.is_empty(),
                    ActionKind::StrategicLetter => !debrief.concerns.is_empty() || !debrief.forgot_to_mention.is_empty(),
                    _ => true,
                };
                let composed = try_compose(&search, app, kind, Some(to), Answer::Accept);
                prop_assert_eq!(composed.is_ok(), makes_sense, "{}: {:?}", kind, composed.as_ref().err());
                let Ok((draft, found)) = composed else { continue };
                prop_assert!(found.is_empty(), "{kind}: {found:#?}\n{}", draft.text());
                let faults = faults(app, to, &draft, language);
                prop_assert!(faults.is_empty(), "{kind} to {}: {faults:?}\n{}", person.name, draft.text());
            }
        }
        if app.agency.is_some() {
            let (report, found) = compose_clean(&search, app, ActionKind::ReportToConsultant, None, Answer::Accept);
            prop_assert!(found.is_empty(), "report: {found:#?}\n{}", report.text());
            prop_assert!(report.body.contains("whether the role is hybrid"), "{}", report.body);
        }
    }
}
