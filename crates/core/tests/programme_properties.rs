//! Properties of the programme over generated job searches: whatever the data, the plan keeps
//! the promises of spec/programme.md.

use std::collections::{HashMap, HashSet};

use followup_core::programme::{Action, ActionState, BusinessDays, plan};
use followup_core::{
    ActionKind, Agency, Application, Concern, Debrief, Done, Event, EventKind, Holiday, Interest,
    Interview, Interviewer, JobSearch, Key, Moment, NextSteps, Offer, Person, Profile, Settings,
    Stage, TimeZoneName,
};
use jiff::civil::{Date, Time, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use proptest::prelude::*;

/// Zones whose daylight-saving changes fall at different times of the year.
const ZONES: [&str; 4] = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
];

#[derive(Debug, Clone)]
struct DebriefSpec {
    concerns: bool,
    forgot: bool,
    samples: u8,
    interested: Option<bool>,
    decision_in: Option<u8>,
    shortlist_in: Option<u8>,
}

#[derive(Debug, Clone)]
struct InterviewSpec {
    gap_days: u8,
    hour: u8,
    half: bool,
    minutes: u16,
    people: u8,
    emails: bool,
    debrief: Option<DebriefSpec>,
}

#[derive(Debug, Clone)]
struct EventSpec {
    kind: usize,
    after_hours: u16,
    days: Option<u8>,
}

#[derive(Debug, Clone)]
struct DoneSpec {
    kind: usize,
    after_hours: u16,
    skipped: bool,
    interviewer: u8,
}

#[derive(Debug, Clone)]
struct AppSpec {
    zone: usize,
    applied: u16,
    agency: bool,
    interest: u8,
    interviews: Vec<InterviewSpec>,
    events: Vec<EventSpec>,
    done: Vec<DoneSpec>,
}

fn debrief_spec() -> impl Strategy<Value = DebriefSpec> {
    (
        any::<bool>(),
        any::<bool>(),
        0..3u8,
        proptest::option::of(any::<bool>()),
        proptest::option::of(1..20u8),
        proptest::option::of(1..20u8),
    )
        .prop_map(
            |(concerns, forgot, samples, interested, decision_in, shortlist_in)| DebriefSpec {
                concerns,
                forgot,
                samples,
                interested,
                decision_in,
                shortlist_in,
            },
        )
}

fn interview_spec() -> impl Strategy<Value = InterviewSpec> {
    (
        2..25u8,
        7..19u8,
        any::<bool>(),
        30..150u16,
        1..4u8,
        any::<bool>(),
        proptest::option::of(debrief_spec()),
    )
        .prop_map(
            |(gap_days, hour, half, minutes, people, emails, debrief)| InterviewSpec {
                gap_days,
                hour,
                half,
                minutes,
                people,
                emails,
                debrief,
            },
        )
}

fn app_spec() -> impl Strategy<Value = AppSpec> {
    (
        0..ZONES.len(),
        0..700u16,
        any::<bool>(),
        1..6u8,
        proptest::collection::vec(interview_spec(), 0..4),
        proptest::collection::vec(
            (
                0..EventKind::ALL.len(),
                1..900u16,
                proptest::option::of(0..25u8),
            )
                .prop_map(|(kind, after_hours, days)| EventSpec {
                    kind,
                    after_hours,
                    days,
                }),
            0..4,
        ),
        proptest::collection::vec(
            (0..ActionKind::ALL.len(), 0..900u16, any::<bool>(), 0..3u8).prop_map(
                |(kind, after_hours, skipped, interviewer)| DoneSpec {
                    kind,
                    after_hours,
                    skipped,
                    interviewer,
                },
            ),
            0..6,
        ),
    )
        .prop_map(
            |(zone, applied, agency, interest, interviews, events, done)| AppSpec {
                zone,
                applied,
                agency,
                interest,
                interviews,
                events,
                done,
            },
        )
}

fn search_spec() -> impl Strategy<Value = (Vec<AppSpec>, bool)> {
    (proptest::collection::vec(app_spec(), 1..5), any::<bool>())
}

fn build((apps, holidays): &(Vec<AppSpec>, bool)) -> JobSearch {
    let mut search = JobSearch {
        profile: Profile {
            timezone: Some(TimeZoneName::new("Europe/London").unwrap()),
            ..Profile::default()
        },
        settings: Settings {
            holidays: if *holidays {
                vec![
                    Holiday::parse("gb-eng").unwrap(),
                    Holiday::Date(date(2026, 12, 24)),
                ]
            } else {
                vec![]
            },
            ..Settings::default()
        },
        ..JobSearch::default()
    };
    for (n, spec) in apps.iter().enumerate() {
        let zone = TimeZone::get(ZONES[spec.zone]).unwrap();
        let applied = date(2025, 6, 1)
            .checked_add((spec.applied as i64).days())
            .unwrap();
        let mut app = Application::new(
            Key::new(&format!("app-{n}")).unwrap(),
            &format!("Company {n}"),
            "Analyst",
        );
        app.applied_on = Some(applied);
        app.timezone = Some(TimeZoneName::new(ZONES[spec.zone]).unwrap());
        app.interest = Some(Interest::new(i64::from(spec.interest)).unwrap());
        if spec.agency {
            app.agency = Some(Agency {
                name: "Harbour Talent".into(),
                consultant: Some(Person {
                    email: Some("jo@harbour.example".into()),
                    ..Person::named("Jo Park")
                }),
            });
        }
        let mut day = applied;
        for (i, iv) in spec.interviews.iter().enumerate() {
            day = day.checked_add((iv.gap_days as i64).days()).unwrap();
            let start = day
                .to_datetime(Time::new(iv.hour as i8, if iv.half { 30 } else { 0 }, 0, 0).unwrap())
                .to_zoned(zone.clone())
                .unwrap();
            let end = start
                .checked_add(SignedDuration::from_mins(i64::from(iv.minutes)))
                .unwrap();
            let interviewers = (0..iv.people)
                .map(|p| Interviewer {
                    name: format!("Person {n}-{i}-{p}"),
                    title: None,
                    email: (iv.emails || p == 0).then(|| format!("p{n}{i}{p}@example.org")),
                    phone: None,
                    lead: p == 1,
                })
                .collect();
            let debrief = iv.debrief.as_ref().map(|d| Debrief {
                written_at: Some(Moment::from_zoned(&end.checked_add(1.hour()).unwrap())),
                concerns: if d.concerns {
                    vec![Concern {
                        raised_by: None,
                        about: "budgets".into(),
                        detail: None,
                        answer: Some("I ran one".into()),
                    }]
                } else {
                    vec![]
                },
                forgot_to_mention: if d.forgot {
                    vec!["a certificate".into()]
                } else {
                    vec![]
                },
                samples_discussed: (0..d.samples).map(|s| format!("sample {s}")).collect(),
                still_interested: d.interested,
                next_steps: NextSteps {
                    decision_by: d
                        .decision_in
                        .map(|k| day.checked_add((k as i64).days()).unwrap()),
                    shortlist_by: d
                        .shortlist_in
                        .map(|k| day.checked_add((k as i64).days()).unwrap()),
                    ..NextSteps::default()
                },
                ..Debrief::default()
            });
            app.interviews.push(Interview {
                key: Key::new(&format!("r{}", i + 1)).unwrap(),
                round: Some(i as u32 + 1),
                starts_at: Moment::from_zoned(&start),
                ends_at: Some(Moment::from_zoned(&end)),
                format: None,
                location: None,
                interviewers,
                debrief,
            });
        }
        // Events and the log come after the last interview (or the application).
        let origin = app.interviews.last().map_or_else(
            || {
                applied
                    .to_datetime(Time::midnight())
                    .to_zoned(zone.clone())
                    .unwrap()
                    .timestamp()
            },
            Interview::end,
        );
        let later = |hours: u16| {
            Moment::in_zone(origin + SignedDuration::from_hours(i64::from(hours)), &zone)
        };
        for e in &spec.events {
            let kind = EventKind::ALL[e.kind];
            let at = later(e.after_hours);
            let mut event = Event::new(at, kind);
            let day_after = |k: u8| {
                at.instant()
                    .to_zoned(zone.clone())
                    .date()
                    .checked_add((k as i64 + 1).days())
                    .unwrap()
            };
            match kind {
                EventKind::Reply => event.decision_by = e.days.map(day_after),
                EventKind::Offer => {
                    event.offer = Some(Offer {
                        respond_by: e.days.map(day_after),
                        start_date: e.days.map(|k| day_after(k.saturating_add(20))),
                        terms: Some("as discussed".into()),
                        ..Offer::default()
                    })
                }
                _ => {}
            }
            app.events.push(event);
        }
        for d in &spec.done {
            let kind = ActionKind::ALL[d.kind];
            let to = app
                .interviews
                .last()
                .and_then(|i| i.interviewers.get(usize::from(d.interviewer)))
                .map(|p| p.email.clone().unwrap_or_else(|| p.name.clone()));
            app.done.push(Done {
                at: later(d.after_hours),
                kind,
                interview: None,
                to,
                note: None,
                skipped: d.skipped,
                outcome: None,
            });
        }
        search.applications.push(app);
    }
    search
}

fn zone_of(search: &JobSearch, action: &Action) -> TimeZone {
    search
        .applications
        .iter()
        .find(|a| a.key == action.application)
        .and_then(|a| a.timezone.as_ref())
        .map_or(TimeZone::UTC, TimeZoneName::time_zone)
}

fn local(at: Timestamp, zone: &TimeZone) -> jiff::civil::DateTime {
    at.to_zoned(zone.clone()).datetime()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_programme_keeps_its_promises(spec in search_spec()) {
        let search = build(&spec);
        let actions = plan(&search);
        let bd = BusinessDays::new(&search.settings);

        // The same data at the same moment gives the same plan.
        prop_assert_eq!(&actions, &plan(&search.clone()));

        let mut checks: HashMap<(Key, Option<Key>), usize> = HashMap::new();
        let mut identities = HashSet::new();
        for a in &actions {
            // Never due before it may start.
            prop_assert!(a.not_before.instant() <= a.due.instant(), "{a:#?}");
            prop_assert!(identities.insert((a.application.clone(), a.identity.clone())), "{a:#?}");
            let zone = zone_of(&search, a);
            let (start, due) = (local(a.not_before.instant(), &zone), local(a.due.instant(), &zone));
            match a.kind {
                // Whole days on the local clock: daylight saving never moves a due time by an hour.
                ActionKind::ThankYou | ActionKind::StrategicLetter | ActionKind::SendSample => {
                    prop_assert_eq!(start.time(), due.time(), "{:#?}", a);
                }
                ActionKind::StatusCheck | ActionKind::CloseQuietly => {
                    prop_assert_eq!(start.time(), Time::constant(9, 0, 0, 0), "{:#?}", a);
                    prop_assert_eq!(due.time(), Time::constant(17, 0, 0, 0), "{:#?}", a);
                    prop_assert!(bd.is_business_day(start.date()) && bd.is_business_day(due.date()));
                }
                _ => {}
            }
            if a.kind == ActionKind::StatusCheck && a.state != ActionState::Cancelled {
                *checks.entry((a.application.clone(), a.interview.clone())).or_default() += 1;
                // Never before the second business day after the date they named last: in the
                // debrief, or in a reply since.
                let app = search.applications.iter().find(|x| x.key == a.application).unwrap();
                let interview = app.interview(a.interview.as_ref().unwrap()).unwrap();
                let mut replies: Vec<&Event> = app
                    .events
                    .iter()
                    .filter(|e| e.kind == EventKind::Reply && e.decision_by.is_some())
                    .filter(|e| e.at.instant() >= interview.end() && e.at.instant() < a.not_before.instant())
                    .collect();
                replies.sort_by_key(|e| e.at);
                if a.is_open() || replies.is_empty() {
                    let named = replies.last().and_then(|e| e.decision_by).or_else(|| {
                        let steps = &interview.debrief.as_ref()?.next_steps;
                        [steps.shortlist_by, steps.decision_by].into_iter().flatten().min()
                    });
                    if let Some(named) = named {
                        prop_assert!(start.date() >= bd.after(named, 2), "{a:#?} named {named}");
                    }
                }
            }
        }
        // Never more than two status checks per stage.
        prop_assert!(checks.values().all(|&n| n <= 2), "{checks:?}");

        for app in &search.applications {
            let open: Vec<&Action> = actions.iter().filter(|a| a.application == app.key && a.is_open()).collect();
            let mut events: Vec<&Event> = app.events.iter().collect();
            events.sort_by_key(|e| e.at);
            // No action from a stage that a later event closed.
            if let Some(last) = events.last() {
                if last.kind == EventKind::Rejection {
                    for a in &open {
                        prop_assert!(
                            matches!(a.kind, ActionKind::RequestFeedback | ActionKind::WriteDebrief | ActionKind::ReportToConsultant),
                            "{a:#?} after a rejection"
                        );
                    }
                }
                if last.kind == EventKind::OfferDeclined {
                    for a in &open {
                        prop_assert!(!followup_core::programme::is_employer_facing(a.kind), "{a:#?} after declining");
                    }
                }
                if last.kind.is_response() && last.kind != EventKind::Reply {
                    prop_assert!(!open.iter().any(|a| a.kind == ActionKind::StatusCheck && a.not_before.instant() <= last.at.instant() && a.interview.is_some()
                        && app.interview(a.interview.as_ref().unwrap()).is_some_and(|i| i.end() <= last.at.instant())), "a status check survived {last:?}");
                }
            }
            // Open status checks wait on the latest interview only (cancelled ones aside).
            let latest = app.interviews.iter().max_by_key(|i| i.starts_at).map(|i| &i.key);
            let cancellations = app.events.iter().any(|e| e.kind == EventKind::InterviewCancelled);
            for a in open.iter().filter(|a| a.kind == ActionKind::StatusCheck && !cancellations) {
                prop_assert_eq!(a.interview.as_ref(), latest, "{:#?}", a);
            }
            if matches!(app.stage(), Stage::Withdrawn | Stage::Closed) {
                prop_assert!(open.is_empty(), "{open:#?} in a {} application", app.stage());
            }
        }
    }
}

#[test]
fn a_thank_you_across_the_change_to_summer_time_is_due_at_the_same_hour() {
    // Saturday 28 March 2026 15:00 GMT; the clocks go forward on Sunday the 29th.
    let spec = (
        vec![AppSpec {
            zone: 0,
            applied: 295,
            agency: false,
            interest: 3,
            interviews: vec![InterviewSpec {
                gap_days: 5,
                hour: 14,
                half: false,
                minutes: 60,
                people: 1,
                emails: true,
                debrief: None,
            }],
            events: vec![],
            done: vec![],
        }],
        false,
    );
    let search = build(&spec);
    let start = search.applications[0].interviews[0].starts_at;
    assert_eq!(start.to_string(), "2026-03-28T14:00:00+00:00");
    let thanks = plan(&search)
        .into_iter()
        .find(|a| a.kind == ActionKind::ThankYou)
        .unwrap();
    assert_eq!(thanks.not_before.to_string(), "2026-03-28T15:00:00+00:00");
    // 23 hours later by the clock on the wall of the interview room: 15:00 BST.
    assert_eq!(thanks.due.to_string(), "2026-03-29T15:00:00+01:00");
    let _: Date = thanks
        .due
        .instant()
        .to_zoned(TimeZone::get("Europe/London").unwrap())
        .date();
}

/// The job search as it stood at `t`: what had happened by then, and nothing after.
fn as_of(search: &JobSearch, t: Timestamp) -> JobSearch {
    let mut then = search.clone();
    for app in &mut then.applications {
        app.interviews.retain(|i| i.end() <= t);
        for i in &mut app.interviews {
            if i.debrief
                .as_ref()
                .is_some_and(|d| d.written_at.is_some_and(|w| w.instant() > t))
            {
                i.debrief = None;
            }
        }
        app.events.retain(|e| e.at.instant() <= t);
        app.done.retain(|d| d.at.instant() <= t);
    }
    then
}

/// Every moment at which something happened in the search.
fn moments(search: &JobSearch) -> Vec<Timestamp> {
    let mut all: Vec<Timestamp> = search
        .applications
        .iter()
        .flat_map(|a| {
            a.interviews
                .iter()
                .flat_map(|i| {
                    std::iter::once(i.end()).chain(
                        i.debrief
                            .as_ref()
                            .and_then(|d| d.written_at)
                            .map(|w| w.instant()),
                    )
                })
                .chain(a.events.iter().map(|e| e.at.instant()))
                .chain(a.done.iter().map(|d| d.at.instant()))
                // The application is recorded the day it is made.
                .chain(a.applied_on.map(|d| {
                    let zone = a
                        .timezone
                        .as_ref()
                        .map_or(TimeZone::UTC, TimeZoneName::time_zone);
                    d.to_datetime(Time::midnight())
                        .to_zoned(zone)
                        .unwrap()
                        .timestamp()
                }))
                .collect::<Vec<_>>()
        })
        .collect();
    all.sort();
    all.dedup();
    all
}

/// What waits on the employer's decision.
fn before_the_decision(kind: ActionKind) -> bool {
    matches!(
        kind,
        ActionKind::ThankYou
            | ActionKind::StrategicLetter
            | ActionKind::SendSample
            | ActionKind::StatusCheck
            | ActionKind::FollowUpApplication
    )
}

fn is_letter(a: &Action) -> bool {
    followup_core::programme::is_employer_facing(a.kind)
        && matches!(
            a.channel,
            followup_core::programme::Channel::Email
                | followup_core::programme::Channel::ViaConsultant
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_plan_follows_the_outcome(spec in search_spec(), later_days in 0..30i64) {
        let search = build(&spec);
        let actions = plan(&search);
        let bd = BusinessDays::new(&search.settings);

        for app in &search.applications {
            let mine: Vec<&Action> = actions.iter().filter(|a| a.application == app.key).collect();
            let zone = app.timezone.as_ref().map_or(TimeZone::UTC, TimeZoneName::time_zone);
            // Nothing from before the decision stays open after an offer, a rejection or a
            // withdrawal.
            let decisions: Vec<Timestamp> = app
                .events
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Offer | EventKind::Rejection | EventKind::OfferAccepted))
                .map(|e| e.at.instant())
                .chain(mine.iter().filter(|a| a.kind == ActionKind::WithdrawPolitely).map(|a| a.not_before.instant()))
                .collect();
            for a in mine.iter().filter(|a| a.is_open() && before_the_decision(a.kind)) {
                let cause = match &a.interview {
                    Some(key) => app.interview(key).unwrap().end(),
                    None => app.applied_on.map_or(Timestamp::MIN, |d| {
                        d.to_datetime(Time::midnight()).to_zoned(zone.clone()).unwrap().timestamp()
                    }),
                };
                prop_assert!(
                    !decisions.iter().any(|&d| cause <= d),
                    "{a:#?} is still open after a decision at {decisions:?}"
                );
            }
            // After an accepted offer nothing of before is left.
            if app.stage() == Stage::Accepted {
                for a in mine.iter().filter(|a| a.is_open()) {
                    prop_assert!(
                        !before_the_decision(a.kind)
                            && !matches!(
                                a.kind,
                                ActionKind::WriteDebrief
                                    | ActionKind::ReportToConsultant
                                    | ActionKind::ReviewOffer
                                    | ActionKind::AnswerOffer
                                    | ActionKind::CloseQuietly
                            ),
                        "{a:#?} open after the offer was accepted"
                    );
                }
            }
            // No letter the programme suggests sits less than two business days from another
            // letter to the same person.
            let live: Vec<&&Action> = mine
                .iter()
                .filter(|a| is_letter(a) && matches!(a.state, ActionState::Open | ActionState::Done))
                .collect();
            for (n, a) in live.iter().enumerate() {
                for b in &live[n + 1..] {
                    if a.to().map(str::to_lowercase) != b.to().map(str::to_lowercase) || a.to().is_none() {
                        continue;
                    }
                    let day = |x: &Action| x.not_before.instant().to_zoned(zone.clone()).date();
                    let (x, y) = (day(a).min(day(b)), day(a).max(day(b)));
                    let movable = |x: &Action| x.is_open() && followup_core::programme::is_optional_letter(x.kind);
                    prop_assert!(
                        y >= bd.after(x, 2) || !(movable(a) || movable(b)),
                        "two letters to one person within two business days: {a:#?} {b:#?}"
                    );
                }
            }
        }
        // No keep_searching while an offer is accepted.
        if search.applications.iter().any(|a| a.stage() == Stage::Accepted) {
            prop_assert!(!actions.iter().any(|a| a.kind == ActionKind::KeepSearching && a.is_open()));
        }

        // Nothing is born overdue: whatever appears when something happens is not yet due.
        let mut before: HashSet<(Key, String)> = HashSet::new();
        for t in moments(&search) {
            let then = plan(&as_of(&search, t));
            // The generated cancellations cancel interviews already held (they come after the
            // last one), rewriting the past; a real one comes before its interview.
            let rewritten = |key: &Key| {
                search.applications.iter().any(|x| {
                    &x.key == key && x.events.iter().any(|e| e.kind == EventKind::InterviewCancelled)
                })
            };
            for a in then.iter().filter(|a| a.is_open_at(t) && !rewritten(&a.application)) {
                // New: no action of its kind for its interview before (whoever it goes to: an
                // interview that ends later may name the lead).
                let id = (a.application.clone(), format!("{}/{:?}", a.kind, a.interview));
                if !before.contains(&id) {
                    prop_assert!(a.due.instant() >= t, "born overdue at {t}: {a:#?}");
                }
            }
            before = then
                .iter()
                .map(|a| (a.application.clone(), format!("{}/{:?}", a.kind, a.interview)))
                .collect();
        }

        // No composed letter names a decision date that has passed as if it were ahead.
        use followup_core::compose::{Answer, Request, Templates, compose, LETTER_KINDS};
        let last = moments(&search).last().copied().unwrap_or(Timestamp::UNIX_EPOCH);
        let now = last + SignedDuration::from_hours(24 * later_days);
        let templates = Templates::built_in();
        for a in actions.iter().filter(|a| a.is_open_at(now) && LETTER_KINDS.contains(&a.kind)) {
            let app = search.applications.iter().find(|x| x.key == a.application).unwrap();
            let zone = app.timezone.as_ref().map_or(TimeZone::UTC, TimeZoneName::time_zone);
            let today = now.to_zoned(zone).date();
            let request = Request {
                kind: a.kind,
                application: app,
                profile: &search.profile,
                interview: a.interview.as_ref(),
                to: a.to(),
                answer: Answer::Accept,
                counter: Vec::new(),
                accepted_elsewhere: false,
                today: Some(today),
                with_sample: false,
            };
            let Ok(draft) = compose(&request, &templates, &|_| true) else { continue };
            let named = app
                .interviews
                .iter()
                .filter_map(|i| i.debrief.as_ref())
                .flat_map(|d| [d.next_steps.decision_by, d.next_steps.shortlist_by])
                .chain(app.events.iter().map(|e| e.decision_by))
                .flatten()
                .filter(|d| *d < today);
            for d in named {
                let said = followup_core::capture::dates::day_in(d, search.profile.language());
                prop_assert!(
                    !draft.body.contains(&format!("decide by {said}")) || draft.body.contains(&format!("decide by {said}."))
                        && draft.body.contains("planned to decide"),
                    "{} names {said} as ahead on {today}:\n{}", a.kind, draft.body
                );
            }
        }
    }
}
