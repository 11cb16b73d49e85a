//! The worked examples of spec/programme.md, on the sample job search of
//! ../shared/letters/context.json (Europe/London, GMT in November), to the minute.

use followup_core::capture::parse_document;
use followup_core::programme::{Action, ActionState, plan};
use followup_core::{ActionKind, Done, Event, EventKind, JobSearch, Moment, Offer};

fn context() -> JobSearch {
    let path = format!(
        "{}/../../tests/fixtures/context.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_document(&bytes).unwrap()
}

fn application<'a>(search: &'a mut JobSearch, key: &str) -> &'a mut followup_core::Application {
    search
        .applications
        .iter_mut()
        .find(|a| a.key.as_str() == key)
        .unwrap()
}

fn at(text: &str) -> Moment {
    Moment::parse(text).unwrap()
}

/// The open actions of one application as (kind, to, channel, not_before, due).
fn open(search: &JobSearch, app: &str) -> Vec<(String, String, String, String, String)> {
    let mut actions: Vec<Action> = plan(search)
        .into_iter()
        .filter(|a| a.application.as_str() == app && a.state == ActionState::Open)
        .collect();
    actions.sort_by(followup_core::programme::by_urgency);
    actions
        .iter()
        .map(|a| {
            (
                a.kind.to_string(),
                a.to().unwrap_or("-").to_string(),
                a.channel.as_str().to_string(),
                a.not_before.to_string(),
                a.due.to_string(),
            )
        })
        .collect()
}

fn row(
    kind: &str,
    to: &str,
    channel: &str,
    not_before: &str,
    due: &str,
) -> (String, String, String, String, String) {
    (
        kind.into(),
        to.into(),
        channel.into(),
        not_before.into(),
        due.into(),
    )
}

#[test]
fn contoso_dev_thanks_both_interviewers_and_calls_after_the_named_date() {
    // Interview Tuesday 17 November 14:00-15:00; decision named for Tuesday 24 November.
    assert_eq!(
        open(&context(), "contoso-dev"),
        [
            row(
                "thank_you",
                "michael.brown@contoso.example",
                "email",
                "2026-11-17T15:00:00+00:00",
                "2026-11-18T15:00:00+00:00"
            ),
            row(
                "thank_you",
                "anna.kowalski@contoso.example",
                "email",
                "2026-11-17T15:00:00+00:00",
                "2026-11-18T15:00:00+00:00"
            ),
            // Thursday 26 November 09:00, the 2nd business day after the 24th; due Monday 30th 17:00.
            row(
                "status_check",
                "michael.brown@contoso.example",
                "phone",
                "2026-11-26T09:00:00+00:00",
                "2026-11-30T17:00:00+00:00"
            ),
        ]
    );
}

#[test]
fn fabrikam_analyst_closes_quietly_after_two_unanswered_calls() {
    let search = context();
    let all: Vec<Action> = plan(&search)
        .into_iter()
        .filter(|a| a.application.as_str() == "fabrikam-analyst")
        .collect();
    let checks: Vec<(&str, String)> = all
        .iter()
        .filter(|a| a.kind == ActionKind::StatusCheck)
        .map(|a| (a.state.as_str(), a.not_before.to_string()))
        .collect();
    // The first from Tuesday 17 Nov 09:00 (2 business days after Friday the 13th); the second
    // from Tuesday 24 Nov 09:00 (the 5th business day after the first was made). No third.
    assert_eq!(
        checks,
        [
            ("done", "2026-11-17T09:00:00+00:00".to_string()),
            ("done", "2026-11-24T09:00:00+00:00".to_string()),
        ]
    );
    assert_eq!(
        open(&search, "fabrikam-analyst"),
        [row(
            "close_quietly",
            "-",
            "in_app",
            "2026-12-01T09:00:00+00:00",
            "2026-12-01T17:00:00+00:00"
        )]
    );
}

#[test]
fn northwind_pm_goes_through_the_consultant() {
    // Agency interview Thursday 19 November 10:00-11:30, interest 5, a concern and something
    // forgotten: a strategic letter to the lead in place of her thank-you.
    assert_eq!(
        open(&context(), "northwind-pm"),
        [
            row(
                "report_to_consultant",
                "jo.park@harbour.example",
                "email",
                "2026-11-19T11:30:00+00:00",
                "2026-11-19T15:30:00+00:00"
            ),
            row(
                "strategic_letter",
                "dana@northwind.example",
                "via_consultant",
                "2026-11-19T11:30:00+00:00",
                "2026-11-20T11:30:00+00:00"
            ),
            row(
                "thank_you",
                "luis@northwind.example",
                "via_consultant",
                "2026-11-19T11:30:00+00:00",
                "2026-11-20T11:30:00+00:00"
            ),
            // No separate letter with the roadmap deck: it travels with the strategic letter.
            // Friday 27 November named: Tuesday 1 December 09:00, due Thursday 3rd 17:00, a call to the consultant.
            row(
                "status_check",
                "jo.park@harbour.example",
                "phone",
                "2026-12-01T09:00:00+00:00",
                "2026-12-03T17:00:00+00:00"
            ),
        ]
    );
}

/// Every action of one application, in every state.
fn all(search: &JobSearch, app: &str) -> Vec<Action> {
    plan(search)
        .into_iter()
        .filter(|a| a.application.as_str() == app)
        .collect()
}

fn done(at_: &str, kind: ActionKind, to: &str) -> Done {
    Done {
        to: Some(to.into()),
        ..Done::new(at(at_), kind)
    }
}

#[test]
fn the_work_sample_travels_with_the_letter_to_the_lead() {
    let search = context();
    let actions = all(&search, "northwind-pm");
    let letter = actions
        .iter()
        .find(|a| a.kind == ActionKind::StrategicLetter)
        .unwrap();
    assert_eq!(letter.detail.as_deref(), Some("roadmap deck"));
    assert!(
        letter
            .why
            .ends_with("Attach the roadmap deck you discussed."),
        "{}",
        letter.why
    );
    let sample = actions
        .iter()
        .find(|a| a.kind == ActionKind::SendSample)
        .unwrap();
    assert_eq!(sample.state, ActionState::Cancelled);
    assert_eq!(
        sample.why,
        "It goes with your letter to Dana Whitfield: attach it there."
    );
    // The letter names what it carries; a letter composed without it does not.
    let app = search
        .applications
        .iter()
        .find(|a| a.key.as_str() == "northwind-pm")
        .unwrap();
    let compose_it = |with_sample: bool| {
        let request = followup_core::compose::Request {
            kind: letter.kind,
            application: app,
            profile: &search.profile,
            interview: letter.interview.as_ref(),
            to: letter.to(),
            answer: followup_core::compose::Answer::Accept,
            counter: Vec::new(),
            accepted_elsewhere: false,
            today: None,
            with_sample,
        };
        let templates = followup_core::compose::Templates::built_in();
        followup_core::compose::compose(&request, &templates, &|_| true)
            .unwrap()
            .text()
    };
    assert!(letter.carries_sample());
    let carrying = compose_it(true);
    assert!(
        carrying.contains("\n\nAs we discussed, I attach the roadmap deck.\n\n"),
        "{carrying}"
    );
    assert!(!compose_it(false).contains("attach"));

    // The letter went on Thursday 19th at 16:00 without it: the deck goes on its own, but not
    // within two business days of the letter: from Monday 23rd 09:00, within 48 hours.
    let mut without = search.clone();
    application(&mut without, "northwind-pm").done.push(done(
        "2026-11-19T16:00:00+00:00",
        ActionKind::StrategicLetter,
        "dana@northwind.example",
    ));
    let sample = all(&without, "northwind-pm")
        .into_iter()
        .find(|a| a.kind == ActionKind::SendSample)
        .unwrap();
    assert_eq!(sample.state, ActionState::Open);
    assert_eq!(sample.not_before.to_string(), "2026-11-23T09:00:00+00:00");
    assert_eq!(sample.due.to_string(), "2026-11-25T09:00:00+00:00");
    assert!(
        sample
            .why
            .starts_with("Your letter to Dana Whitfield went without the work sample")
    );

    // Skipped, the letter did not go at all: the sample goes on its own, and says so.
    let mut skipped = search.clone();
    let mut entry = done(
        "2026-11-19T16:00:00+00:00",
        ActionKind::StrategicLetter,
        "dana@northwind.example",
    );
    entry.skipped = true;
    application(&mut skipped, "northwind-pm").done.push(entry);
    let sample = all(&skipped, "northwind-pm")
        .into_iter()
        .find(|a| a.kind == ActionKind::SendSample)
        .unwrap();
    assert_eq!(sample.state, ActionState::Open);
    assert_eq!(
        sample.why,
        "You did not send your letter to Dana Whitfield: send the roadmap deck you discussed on its own, within 48 hours."
    );
}

#[test]
fn an_offer_cancels_what_waited_on_the_decision() {
    let mut search = context();
    let mut offer = Event::new(at("2026-11-18T11:00:00+00:00"), EventKind::Offer);
    offer.offer = Some(Offer {
        respond_by: Some("2026-11-25".parse().unwrap()),
        ..Offer::default()
    });
    application(&mut search, "contoso-dev").events.push(offer);
    // The thank-yous and the call are gone: the answer to the offer thanks them. The review
    // is due at the earlier of 48 hours and the end of Tuesday 24th.
    assert_eq!(
        open(&search, "contoso-dev"),
        [
            row(
                "review_offer",
                "-",
                "in_app",
                "2026-11-18T11:00:00+00:00",
                "2026-11-20T11:00:00+00:00"
            ),
            row(
                "answer_offer",
                "michael.brown@contoso.example",
                "email",
                "2026-11-18T11:00:00+00:00",
                "2026-11-25T17:00:00+00:00"
            ),
        ]
    );
}

#[test]
fn an_accepted_offer_leaves_nothing_of_before_and_no_keep_searching() {
    let mut search = context();
    let app = application(&mut search, "northwind-pm");
    let mut offer = Event::new(at("2026-11-20T10:00:00+00:00"), EventKind::Offer);
    offer.offer = Some(Offer {
        start_date: Some("2027-01-11".parse().unwrap()),
        ..Offer::default()
    });
    app.events.push(offer);
    app.events.push(Event::new(
        at("2026-11-23T10:00:00+00:00"),
        EventKind::OfferAccepted,
    ));
    // Only the contract and the first day; the report, the letters and the deck are gone.
    assert_eq!(
        open(&search, "northwind-pm"),
        [
            row(
                "return_contract",
                "dana@northwind.example",
                "via_consultant",
                "2026-11-23T10:00:00+00:00",
                "2026-11-26T17:00:00+00:00"
            ),
            row(
                "prepare_first_day",
                "-",
                "in_app",
                "2027-01-04T09:00:00+00:00",
                "2027-01-08T17:00:00+00:00"
            ),
        ]
    );
    // Elsewhere the withdrawal takes the place of the thank-yous and the call.
    assert_eq!(
        open(&search, "contoso-dev"),
        [row(
            "withdraw_politely",
            "michael.brown@contoso.example",
            "email",
            "2026-11-23T10:00:00+00:00",
            "2026-11-25T10:00:00+00:00"
        )]
    );
    // Fewer than three are active, but an offer is accepted: no keep_searching.
    assert!(
        !plan(&search)
            .iter()
            .any(|a| a.kind == ActionKind::KeepSearching)
    );
}

#[test]
fn no_longer_interested_withdraws_in_place_of_every_letter() {
    let mut search = context();
    let app = application(&mut search, "northwind-pm");
    let debrief = app.interviews[0].debrief.as_mut().unwrap();
    debrief.still_interested = Some(false);
    debrief.written_at = Some(at("2026-11-19T13:00:00+00:00"));
    let open = open(&search, "northwind-pm");
    let kinds: Vec<&str> = open.iter().map(|r| r.0.as_str()).collect();
    // The report still goes to the consultant; the withdrawal goes to her too, within 48 hours.
    assert_eq!(
        kinds,
        ["report_to_consultant", "withdraw_politely"],
        "{open:#?}"
    );
    assert_eq!(open[1].1, "jo.park@harbour.example");
    assert_eq!(open[1].3, "2026-11-19T13:00:00+00:00");
    assert_eq!(open[1].4, "2026-11-21T13:00:00+00:00");
}

#[test]
fn letters_lapse_when_the_first_call_opens() {
    let search = context();
    let now = |t: &str| at(t).instant();
    let thanks: Vec<Action> = all(&search, "contoso-dev")
        .into_iter()
        .filter(|a| a.kind == ActionKind::ThankYou)
        .collect();
    assert_eq!(thanks.len(), 2);
    for a in &thanks {
        // The call opens on Thursday 26 November at 09:00: the thank-you is then too late.
        assert_eq!(a.lapses.unwrap().to_string(), "2026-11-26T09:00:00+00:00");
        assert!(a.is_overdue(now("2026-11-25T12:00:00+00:00")));
        assert!(!a.is_open_at(now("2026-11-26T09:00:00+00:00")));
        assert!(!a.is_actionable(now("2026-12-01T10:00:00+00:00")));
    }
}

#[test]
fn one_letter_at_a_time_to_one_person() {
    // Michael Brown invites the candidate to a second round the morning after the interview:
    // the answer to the invitation carries the thanks to him; Anna Kowalski keeps hers.
    let mut search = context();
    let mut invitation = Event::new(at("2026-11-18T09:00:00+00:00"), EventKind::Invitation);
    invitation.starts_at = Some(at("2026-11-25T10:00:00+00:00"));
    application(&mut search, "contoso-dev")
        .events
        .push(invitation);
    let actions = all(&search, "contoso-dev");
    let to_michael: Vec<(&str, &str)> = actions
        .iter()
        .filter(|a| a.to() == Some("michael.brown@contoso.example"))
        .filter(|a| a.kind != ActionKind::StatusCheck)
        .map(|a| (a.kind.as_str(), a.state.as_str()))
        .collect();
    assert_eq!(
        to_michael,
        [("thank_you", "cancelled"), ("reply_to_invitation", "open")]
    );
    let thanks = actions
        .iter()
        .find(|a| a.kind == ActionKind::ThankYou && a.state == ActionState::Cancelled)
        .unwrap();
    assert_eq!(
        thanks.why,
        "Your answer to the invitation takes its place: one letter at a time to one person."
    );
    assert!(actions.iter().any(|a| a.kind == ActionKind::ThankYou
        && a.to() == Some("anna.kowalski@contoso.example")
        && a.is_open()));
}

#[test]
fn the_first_call_follows_the_earliest_date_they_named() {
    // They will shortlist by Friday 20 November and decide by Friday 4 December: the first
    // call follows the shortlist, on Tuesday 24 November at 09:00 (due Thursday 26th 17:00).
    let mut search = context();
    let app = application(&mut search, "contoso-dev");
    let steps = &mut app.interviews[0].debrief.as_mut().unwrap().next_steps;
    steps.shortlist_by = Some("2026-11-20".parse().unwrap());
    steps.decision_by = Some("2026-12-04".parse().unwrap());
    let check = all(&search, "contoso-dev")
        .into_iter()
        .find(|a| a.kind == ActionKind::StatusCheck)
        .unwrap();
    assert_eq!(check.not_before.to_string(), "2026-11-24T09:00:00+00:00");
    assert_eq!(check.due.to_string(), "2026-11-26T17:00:00+00:00");
    assert_eq!(
        check.why,
        "They named Friday 20 November 2026 for their shortlist: one polite call 2 business days after it, not before."
    );
}

#[test]
fn keep_searching_starts_when_it_becomes_true() {
    // Fabrikam closes quietly on 1 December at 10:00 (two left), and Contoso rejects on the
    // 2nd at 15:00 (one left): keep the others moving from that moment, due the end of the 2nd
    // business day after (Friday 4th, 17:00). Not from the Northwind interview of 19 November:
    // it would be born overdue.
    let mut search = context();
    application(&mut search, "fabrikam-analyst")
        .done
        .push(Done::new(
            at("2026-12-01T10:00:00+00:00"),
            ActionKind::CloseQuietly,
        ));
    application(&mut search, "contoso-dev")
        .events
        .push(Event::new(
            at("2026-12-02T15:00:00+00:00"),
            EventKind::Rejection,
        ));
    let keep: Vec<Action> = plan(&search)
        .into_iter()
        .filter(|a| a.kind == ActionKind::KeepSearching)
        .collect();
    assert_eq!(keep.len(), 1);
    assert_eq!(keep[0].not_before.to_string(), "2026-12-02T15:00:00+00:00");
    assert_eq!(keep[0].due.to_string(), "2026-12-04T17:00:00+00:00");
}

#[test]
fn three_active_applications_need_no_keep_searching() {
    let search = context();
    assert!(
        !plan(&search)
            .iter()
            .any(|a| a.kind == ActionKind::KeepSearching)
    );
    let mut fewer = search.clone();
    fewer
        .applications
        .retain(|a| a.key.as_str() != "fabrikam-analyst");
    let keep: Vec<Action> = plan(&fewer)
        .into_iter()
        .filter(|a| a.kind == ActionKind::KeepSearching)
        .collect();
    assert_eq!(keep.len(), 1);
    // From the end of the latest interview (Northwind, 19 Nov 11:30) to the end of the 2nd
    // business day after it.
    assert_eq!(keep[0].application.as_str(), "northwind-pm");
    assert_eq!(keep[0].not_before.to_string(), "2026-11-19T11:30:00+00:00");
    assert_eq!(keep[0].due.to_string(), "2026-11-23T17:00:00+00:00");
}

#[test]
fn a_reply_with_a_new_date_moves_the_status_check() {
    let mut search = context();
    let app = application(&mut search, "contoso-dev");
    let mut reply = Event::new(at("2026-11-25T10:00:00+00:00"), EventKind::Reply);
    reply.decision_by = Some("2026-12-04".parse().unwrap());
    app.events.push(reply);
    let checks: Vec<(String, String)> = plan(&search)
        .into_iter()
        .filter(|a| a.application.as_str() == "contoso-dev" && a.kind == ActionKind::StatusCheck)
        .map(|a| (a.state.to_string(), a.not_before.to_string()))
        .collect();
    // The first, from the 26th, is cancelled by the reply; the next follows Friday 4
    // December: Tuesday 8 December 09:00.
    assert_eq!(
        checks,
        [
            (
                "cancelled".to_string(),
                "2026-11-26T09:00:00+00:00".to_string()
            ),
            ("open".to_string(), "2026-12-08T09:00:00+00:00".to_string()),
        ]
    );
}

#[test]
fn a_rejection_cancels_everything_but_the_request_for_feedback() {
    let mut search = context();
    let app = application(&mut search, "contoso-dev");
    app.events.push(Event::new(
        at("2026-11-20T09:30:00+00:00"),
        EventKind::Rejection,
    ));
    let open = open(&search, "contoso-dev");
    assert_eq!(
        open,
        [row(
            "request_feedback",
            "michael.brown@contoso.example",
            "email",
            "2026-11-20T09:30:00+00:00",
            "2026-11-22T09:30:00+00:00"
        )]
    );
    let stage = search
        .applications
        .iter()
        .find(|a| a.key.as_str() == "contoso-dev")
        .unwrap()
        .stage();
    assert_eq!(stage.as_str(), "rejected");
}

#[test]
fn an_accepted_offer_brings_the_contract_the_first_day_and_withdrawals_elsewhere() {
    let mut search = context();
    let app = application(&mut search, "northwind-pm");
    let mut offer = Event::new(at("2026-11-30T16:00:00+00:00"), EventKind::Offer);
    offer.offer = Some(Offer {
        salary: Some(followup_core::Amount::new(70000.0).unwrap()),
        start_date: Some("2027-01-11".parse().unwrap()),
        respond_by: Some("2026-12-04".parse().unwrap()),
        ..Offer::default()
    });
    app.events.push(offer.clone());
    let offered = open(&search, "northwind-pm");
    // Review: the earlier of 48 hours and the end of the business day before the respond-by date.
    assert!(offered.contains(&row(
        "review_offer",
        "-",
        "in_app",
        "2026-11-30T16:00:00+00:00",
        "2026-12-02T16:00:00+00:00"
    )));
    assert!(offered.contains(&row(
        "answer_offer",
        "dana@northwind.example",
        "via_consultant",
        "2026-11-30T16:00:00+00:00",
        "2026-12-04T17:00:00+00:00"
    )));
    // The offer is a response: the status check of 1 December is cancelled.
    assert!(!offered.iter().any(|r| r.0 == "status_check"));

    let app = application(&mut search, "northwind-pm");
    app.events.push(Event::new(
        at("2026-12-01T10:00:00+00:00"),
        EventKind::OfferAccepted,
    ));
    let accepted = open(&search, "northwind-pm");
    assert!(
        !accepted
            .iter()
            .any(|r| r.0 == "answer_offer" || r.0 == "review_offer")
    );
    assert!(accepted.contains(&row(
        "return_contract",
        "dana@northwind.example",
        "via_consultant",
        "2026-12-01T10:00:00+00:00",
        "2026-12-04T17:00:00+00:00"
    )));
    // Start Monday 11 January 2027: from the morning 5 business days before, due the business day before.
    assert!(accepted.contains(&row(
        "prepare_first_day",
        "-",
        "in_app",
        "2027-01-04T09:00:00+00:00",
        "2027-01-08T17:00:00+00:00"
    )));
    for other in ["contoso-dev", "fabrikam-analyst"] {
        let withdraw: Vec<_> = open(&search, other)
            .into_iter()
            .filter(|r| r.0 == "withdraw_politely")
            .collect();
        assert_eq!(withdraw.len(), 1, "{other}");
        assert_eq!(withdraw[0].3, "2026-12-01T10:00:00+00:00");
        assert_eq!(withdraw[0].4, "2026-12-03T10:00:00+00:00");
        // And no more chasing there.
        assert!(
            !open(&search, other)
                .iter()
                .any(|r| r.0 == "status_check" || r.0 == "close_quietly"),
            "{other}"
        );
    }
}

#[test]
fn done_and_skipped_entries_settle_their_actions() {
    let mut search = context();
    let app = application(&mut search, "contoso-dev");
    app.done.push(Done {
        at: at("2026-11-17T18:00:00+00:00"),
        kind: ActionKind::ThankYou,
        interview: None,
        to: Some("Anna Kowalski".into()),
        note: None,
        skipped: false,
        outcome: None,
    });
    app.done.push(Done {
        at: at("2026-11-18T09:00:00+00:00"),
        kind: ActionKind::ThankYou,
        interview: None,
        to: Some("michael.brown@contoso.example".into()),
        note: Some("wrote to him in person".into()),
        skipped: true,
        outcome: None,
    });
    let states: Vec<(String, String)> = plan(&search)
        .into_iter()
        .filter(|a| a.application.as_str() == "contoso-dev" && a.kind == ActionKind::ThankYou)
        .map(|a| (a.to().unwrap().to_string(), a.state.to_string()))
        .collect();
    assert_eq!(
        states,
        [
            (
                "michael.brown@contoso.example".to_string(),
                "skipped".to_string()
            ),
            (
                "anna.kowalski@contoso.example".to_string(),
                "done".to_string()
            ),
        ]
    );
}

#[test]
fn numbers_follow_the_causes_and_do_not_move_when_facts_are_added() {
    let search = context();
    let before: Vec<(u32, String)> = plan(&search)
        .into_iter()
        .filter(|a| a.application.as_str() == "contoso-dev")
        .map(|a| (a.number, a.identity))
        .collect();
    let mut later = search.clone();
    let app = application(&mut later, "contoso-dev");
    app.events.push(Event::new(
        at("2026-11-27T10:00:00+00:00"),
        EventKind::Invitation,
    ));
    let after: Vec<(u32, String)> = plan(&later)
        .into_iter()
        .filter(|a| a.application.as_str() == "contoso-dev")
        .map(|a| (a.number, a.identity))
        .collect();
    assert_eq!(after[..before.len()], before[..]);
    assert_eq!(after.len(), before.len() + 1);
}

#[test]
fn a_concern_is_answered_to_the_interviewer_who_raised_it() {
    use followup_core::compose::{Answer, Request, Templates, compose};
    let mut search = context();
    let app = application(&mut search, "northwind-pm");
    let debrief = app.interviews[0].debrief.as_mut().unwrap();
    debrief.concerns[0].raised_by = Some("Luis Ortega".into());
    let topic = debrief.concerns[0].about.clone();
    // The strategic letter goes to Luis, who raised the concern; Dana, the lead, is thanked.
    let mut letters: Vec<(String, String)> = open(&search, "northwind-pm")
        .into_iter()
        .filter(|r| r.0 == "strategic_letter" || r.0 == "thank_you")
        .map(|r| (r.0, r.1))
        .collect();
    letters.sort();
    assert_eq!(
        letters,
        [
            ("strategic_letter".into(), "luis@northwind.example".into()),
            ("thank_you".into(), "dana@northwind.example".into()),
        ]
    );
    let app = search
        .applications
        .iter()
        .find(|a| a.key.as_str() == "northwind-pm")
        .unwrap();
    let letter = |kind: ActionKind, to: &str| {
        let request = Request {
            kind,
            application: app,
            profile: &search.profile,
            interview: None,
            to: Some(to),
            answer: Answer::Accept,
            counter: Vec::new(),
            accepted_elsewhere: false,
            today: None,
            with_sample: false,
        };
        compose(&request, &Templates::built_in(), &|_| true)
            .unwrap()
            .text()
    };
    let to_luis = letter(ActionKind::StrategicLetter, "luis@northwind.example");
    assert!(to_luis.contains(&topic), "{to_luis}");
    for kind in [ActionKind::StrategicLetter, ActionKind::ThankYou] {
        let to_dana = letter(kind, "dana@northwind.example");
        assert!(
            !to_dana.contains(&topic),
            "Dana did not raise {topic:?}: {to_dana}"
        );
    }
}

#[test]
fn the_debriefs_private_notes_are_oversharing_to_the_employer_not_to_the_consultant() {
    use followup_core::check::{CheckContext, Letter, Rulebook, check};
    let mut search = context();
    let app = application(&mut search, "northwind-pm");
    app.interviews[0].debrief.as_mut().unwrap().company_notes =
        Some("The office felt tense and the team looked tired".into());
    let app = app.clone();
    let letter = Letter::new(
        "Subject: Thank you\n\nDear Dana,\n\nThank you for your time. The office felt tense and \
         the team looked tired, but I liked it.\n\nKind regards,\nAlex\n",
    );
    let found = |to: &str| {
        let mut context =
            CheckContext::for_application(&app, Vec::new(), &search.profile, &search.settings);
        context.to = Some(to.into());
        check(&letter, &context, &Rulebook::built_in(), None)
            .into_iter()
            .filter(|f| f.rule == "oversharing")
            .count()
    };
    assert_eq!(found("dana@northwind.example"), 1);
    assert_eq!(
        found("jo.park@harbour.example"),
        0,
        "the consultant may read the notes"
    );
}

#[test]
fn an_offer_accepted_before_the_first_morning_needs_no_follow_up() {
    // Found by the property test: recorded at 01:00 on the day of applying, before the
    // follow-up's 09:00 anchor, the acceptance left "follow up the application" open.
    let mut search = context();
    let mut app = followup_core::Application::new(
        followup_core::Key::new("quick-yes").unwrap(),
        "Quick Yes Ltd",
        "Analyst",
    );
    app.applied_on = Some("2026-11-02".parse().unwrap());
    app.events.push(Event::new(
        at("2026-11-02T01:00:00+00:00"),
        EventKind::OfferAccepted,
    ));
    search.applications.push(app);
    let open = open(&search, "quick-yes");
    assert!(
        !open.iter().any(|a| a.0 == "follow_up_application"),
        "{open:?}"
    );
}

#[test]
fn a_letter_waiting_for_the_consultant_keeps_the_thank_yous_clock() {
    // Submitted at 13:00 on the day of the interview, forwarded by the consultant the next
    // afternoon: the thank-you was done when it was submitted, within its 24 hours.
    let mut search = context();
    let app = application(&mut search, "northwind-pm");
    let who = |name: &str, email: &str| followup_core::Mailbox {
        name: name.into(),
        email: email.into(),
    };
    let mut letter = followup_core::Message::new(
        "m1@example.org".into(),
        at("2026-11-19T13:00:00+00:00"),
        who("Alex Morgan", "alex.morgan@example.org"),
        who("Luis Ortega", "luis@northwind.example"),
        "Thank you".into(),
        "Dear Luis,".into(),
    );
    letter.kind = Some(ActionKind::ThankYou);
    letter.via = Some(who("Jo Park", "jo.park@harbour.example"));
    letter.state = followup_core::MessageState::Waiting;
    app.messages.push(letter.clone());
    let thanks = |search: &JobSearch| {
        plan(search)
            .into_iter()
            .find(|a| {
                a.application.as_str() == "northwind-pm"
                    && a.kind == ActionKind::ThankYou
                    && a.to() == Some("luis@northwind.example")
            })
            .map(|a| a.state)
    };
    assert_eq!(thanks(&search), Some(ActionState::Done));
    // Forwarded and sent a day later, it is still done, at the submission.
    let app = application(&mut search, "northwind-pm");
    letter.state = followup_core::MessageState::Sent;
    letter.sent_at = Some(at("2026-11-20T15:00:00+00:00"));
    letter.forwarded = Some(followup_core::Forwarded {
        at: at("2026-11-20T14:59:00+00:00"),
        by: who("Jo Park", "jo.park@harbour.example"),
        from: who("Jo Park (Harbour Talent)", "followup@harbour.example"),
        submitted_subject: None,
        submitted_body: None,
    });
    app.messages[0] = letter.clone();
    assert_eq!(letter.done_at(), at("2026-11-19T13:00:00+00:00"));
    assert_eq!(thanks(&search), Some(ActionState::Done));
    // Withdrawn before the consultant forwarded it, the thank-you is open again.
    let app = application(&mut search, "northwind-pm");
    app.messages[0].state = followup_core::MessageState::Cancelled;
    assert_ne!(thanks(&search), Some(ActionState::Done));
}
