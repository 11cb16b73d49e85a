//! Every kind of letter for the sample job search (tests/fixtures/context.json), in British
//! and American English, as followup composes them: any change of wording shows in review as
//! a change of these snapshots (`cargo insta review`, or INSTA_UPDATE=always to accept).

mod common;

use common::{context, try_compose};
use followup_core::compose::{Answer, LETTER_KINDS};
use followup_core::{ActionKind, Amount, Event, EventKind, JobSearch, Language, Moment, Offer};

/// The sample search with an invitation, an offer and its acceptance, so that every letter
/// has what it needs.
fn search(language: Language) -> JobSearch {
    let mut search = context();
    search.profile.language = Some(language);
    for app in &mut search.applications {
        let mut invitation = Event::new(
            Moment::parse("2026-11-25T10:00:00+00:00").unwrap(),
            EventKind::Invitation,
        );
        invitation.starts_at = Some(Moment::parse("2026-12-03T14:00:00+00:00").unwrap());
        app.events.push(invitation);
        let mut offer = Event::new(
            Moment::parse("2026-12-01T10:00:00+00:00").unwrap(),
            EventKind::Offer,
        );
        offer.offer = Some(Offer {
            salary: Some(Amount::new(64000.0).unwrap()),
            currency: Some(
                if language == Language::EnUs {
                    "USD"
                } else {
                    "GBP"
                }
                .into(),
            ),
            hours_per_week: Some(Amount::new(37.5).unwrap()),
            benefits: vec!["pension".into()],
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
    search
}

fn letters(language: Language, key: &str) -> String {
    let search = search(language);
    let app = search
        .applications
        .iter()
        .find(|a| a.key.as_str() == key)
        .unwrap();
    let mut out = Vec::new();
    for kind in LETTER_KINDS {
        if kind == ActionKind::ReportToConsultant && app.agency.is_none() {
            continue;
        }
        let recipients: Vec<Option<String>> = match kind {
            ActionKind::ThankYou | ActionKind::StrategicLetter => app.interviews[0]
                .interviewers
                .iter()
                .map(|p| p.email.clone())
                .collect(),
            _ => vec![None],
        };
        let answers = if kind == ActionKind::AnswerOffer {
            vec![Answer::Accept, Answer::Counter, Answer::Decline]
        } else {
            vec![Answer::Accept]
        };
        for to in &recipients {
            for answer in &answers {
                let (draft, found) = match try_compose(&search, app, kind, to.as_deref(), *answer) {
                    Ok(composed) => composed,
                    Err(refused) => {
                        out.push(format!("==== {kind}: refused: {refused}\n"));
                        continue;
                    }
                };
                let who = draft.to.as_ref().map_or("nobody", |r| r.name.as_str());
                out.push(format!(
                    "==== {kind} to {who}{}{}\n{}",
                    if kind == ActionKind::AnswerOffer {
                        format!(" ({answer:?})")
                    } else {
                        String::new()
                    },
                    found
                        .iter()
                        .map(|f| format!("\n[finding] {}: {}", f.rule, f.message))
                        .collect::<String>(),
                    draft.text()
                ));
            }
        }
    }
    out.join("\n")
}

#[test]
fn every_letter_in_british_english() {
    for key in ["northwind-pm", "contoso-dev", "fabrikam-analyst"] {
        insta::assert_snapshot!(format!("en_gb_{key}"), letters(Language::EnGb, key));
    }
}

#[test]
fn every_letter_in_american_english() {
    for key in ["northwind-pm", "contoso-dev", "fabrikam-analyst"] {
        insta::assert_snapshot!(format!("en_us_{key}"), letters(Language::EnUs, key));
    }
}
