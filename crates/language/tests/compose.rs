//! Letters composed from the data pass their own checks, spelling and grammar included: for
//! the sample job search, every kind of letter; and for generated job searches, the letters
//! that carry the candidate's own words.

mod common;

use common::{compose_clean, context};
use followup_core::compose::{Answer, Draft, LETTER_KINDS, Request, Templates, compose};
use followup_core::{
    ActionKind, Amount, Application, Concern, Debrief, Event, EventKind, Interest, Interview,
    Interviewer, JobSearch, Key, Moment, NextSteps, Offer, Profile, Settings,
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
                };
                let refused = compose(&request, &Templates::built_in(), &|_| true).unwrap_err();
                assert!(refused.to_string().contains("no agency"), "{refused}");
                continue;
            }
            for answer in [Answer::Accept, Answer::Counter, Answer::Decline] {
                if answer != Answer::Accept && kind != ActionKind::AnswerOffer {
                    continue;
                }
                let (draft, found) = compose_clean(&search, app, kind, None, answer);
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

/// Words a debrief might hold: real English, or names the context knows.
const PHRASES: [&str; 12] = [
    "the dashboard migration story",
    "my approach to code review",
    "SQL exercise",
    "how we cut report time from three days to four hours",
    "stakeholder reporting",
    "the pricing experiment",
    "a vague answer on budgets",
    "Python",
    "hiring for a new team",
    "the board-pack dashboard",
    "quarterly planning",
    "Power BI certification",
];

fn phrases() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        proptest::sample::select(&PHRASES[..]).prop_map(str::to_string),
        0..4,
    )
}

prop_compose! {
    fn job_search()(
        company in proptest::sample::select(&["Tailspin Toys", "Wingtip", "Litware", "Adatum", "Woodgrove Bank"][..]),
        role in proptest::sample::select(&["Data Analyst", "Product Manager", "Backend Engineer", "Support Lead"][..]),
        interest in 1..6i64,
        names in proptest::sample::subsequence(vec!["Priya Shah", "Tom Reed", "Olu Okafor", "Mei Nguyen", "Ravi Silva"], 1..4),
        went_well in phrases(),
        went_badly in phrases(),
        responded in phrases(),
        forgot in phrases(),
        concerns in phrases(),
        decision in proptest::option::of(1..20i64),
        hour in 8..18i8,
    ) -> JobSearch {
        let start = jiff::civil::date(2026, 11, 10).at(hour, 0, 0, 0).to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap()).unwrap();
        let mut app = Application::new(Key::new("app").unwrap(), company, role);
        app.interest = Some(Interest::new(interest).unwrap());
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
                email: Some(format!("{}@example.org", name.split(' ').next().unwrap().to_lowercase())),
                phone: None,
                lead: n == 0,
            }).collect(),
            debrief: Some(Debrief {
                went_well,
                went_badly,
                responded_well_to: responded,
                forgot_to_mention: forgot,
                concerns: concerns.into_iter().map(|about| Concern { about, raised_by: None, detail: None, answer: Some("I have three years of experience with it".into()) }).collect(),
                next_steps: NextSteps {
                    decision_by: decision.map(|d| jiff::civil::date(2026, 11, 10).checked_add(jiff::Span::new().days(d)).unwrap()),
                    ..NextSteps::default()
                },
                ..Debrief::default()
            }),
        });
        JobSearch {
            profile: Profile { name: Some("Alex Morgan".into()), ..Profile::default() },
            settings: Settings::default(),
            applications: vec![app],
            ..JobSearch::default()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn letters_composed_from_any_debrief_pass_their_own_checks(search in job_search()) {
        let app = &search.applications[0];
        for kind in [ActionKind::ThankYou, ActionKind::StrategicLetter, ActionKind::StatusCheck, ActionKind::RequestFeedback] {
            for person in &app.interviews[0].interviewers {
                let (draft, found) = compose_clean(&search, app, kind, person.email.as_deref(), Answer::Accept);
                prop_assert!(found.is_empty(), "{kind}: {found:#?}\n{}", draft.text());
                if kind == ActionKind::ReportToConsultant { break; }
            }
        }
    }
}
