//! A consultant's day over one candidate's applications: letters waiting to be forwarded,
//! interviews today, interviews with no
//! debrief yet, reports waiting for the company's feedback, decisions due this week, employers
//! gone quiet past the date they named, and offers to review. Pure: the moment is given.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::model::{
    ActionKind, Application, Done, EventKind, Feedback, Key, MessageState, Settings, Stage,
};
use crate::programme::{BusinessDays, cancelled_interviews};

/// What needs the consultant, by kind, for one candidate.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Day {
    pub letters_waiting: Vec<Item>,
    pub interviews_today: Vec<Item>,
    pub no_debrief: Vec<Item>,
    pub awaiting_feedback: Vec<Item>,
    pub decisions_this_week: Vec<Item>,
    pub gone_quiet: Vec<Item>,
    pub offers: Vec<Item>,
    /// Until when the day reads the same, if nothing is written: the next midnight in the
    /// candidate's zone, or the first moment before it at which an interview starts or ends, a
    /// debrief stops being asked for, or a letter starts to wait too long. A consultant's page
    /// may be kept until then, or until the candidate's search changes.
    #[serde(skip)]
    pub until: Option<Timestamp>,
}

/// One thing on the consultant's list: an application, and the interview or date it is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub application: Key,
    pub company: String,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interview: Option<Key>,
    /// The moment or the date it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// A letter waiting to be forwarded: its Message-ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub letter: Option<String>,
    /// It has waited longer than it should.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
}

/// How long after an interview its missing debrief is still worth asking for.
const DEBRIEF_DAYS: i64 = 14;

/// The latest report of an interview to the consultant, if its debrief was shared.
pub fn shared<'a>(app: &'a Application, interview: &Key) -> Option<&'a Done> {
    app.done
        .iter()
        .filter(|d| {
            d.kind == ActionKind::ReportToConsultant
                && !d.skipped
                && d.interview.as_ref() == Some(interview)
        })
        .max_by_key(|d| d.at.instant())
}

/// The latest feedback of the company on an interview, if they gave any.
pub fn feedback_on<'a>(app: &'a Application, interview: &Key) -> Option<&'a Feedback> {
    app.events
        .iter()
        .filter(|e| e.kind == EventKind::Feedback && e.interview.as_ref() == Some(interview))
        .max_by_key(|e| e.at.instant())
        .and_then(|e| e.feedback.as_ref())
}

/// The day of one candidate at `now`, in the candidate's `zone`, with their business days: an
/// employer is quiet only once the programme's own wait after the date they named is over.
pub fn day(apps: &[Application], now: Timestamp, zone: &TimeZone, settings: &Settings) -> Day {
    let days = BusinessDays::new(settings);
    let grace = settings.programme.check_after_decision_days;
    let today = now.to_zoned(zone.clone()).date();
    let week_end = today.saturating_add(jiff::Span::new().days(6));
    let mut day = Day::default();
    let tomorrow = today
        .tomorrow()
        .ok()
        .and_then(|d| d.to_zoned(zone.clone()).ok())
        .map(|z| z.timestamp());
    // The moments at which something on the day may appear or go.
    let mut turns: Vec<Timestamp> = tomorrow.into_iter().collect();
    let debrief_window = jiff::SignedDuration::from_hours(DEBRIEF_DAYS * 24);
    let too_long = jiff::SignedDuration::from_hours(crate::model::FORWARD_WITHIN_HOURS);
    for app in apps {
        for i in &app.interviews {
            turns.extend([i.starts_at.instant(), i.end(), i.end() + debrief_window]);
        }
        turns.extend(
            app.messages
                .iter()
                .filter(|m| m.state == MessageState::Waiting)
                .map(|m| m.queued_at.instant() + too_long),
        );
    }
    day.until = turns.into_iter().filter(|&t| t > now).min();
    for app in apps {
        let stage = app.stage();
        let item = |interview: Option<&Key>, at: Option<Timestamp>, date: Option<Date>| Item {
            application: app.key.clone(),
            company: app.company.clone(),
            role: app.role.clone(),
            interview: interview.cloned(),
            at,
            date,
            letter: None,
            late: false,
        };
        // A letter waits whatever the stage: an answer to an offer or a withdrawal too.
        for m in app
            .messages
            .iter()
            .filter(|m| m.state == MessageState::Waiting)
        {
            day.letters_waiting.push(Item {
                letter: Some(m.id.clone()),
                late: m.waited_too_long(now),
                ..item(m.interview.as_ref(), Some(m.queued_at.instant()), None)
            });
        }
        if stage == Stage::Offered {
            day.offers.push(item(None, None, None));
            continue;
        }
        if !stage.is_active() {
            continue;
        }
        let cancelled = cancelled_interviews(app);
        let heard_after = |t: Timestamp| {
            app.events.iter().any(|e| {
                (e.kind.is_response() || e.kind == EventKind::Feedback) && e.at.instant() > t
            })
        };
        for i in &app.interviews {
            if cancelled.iter().any(|(key, _)| **key == i.key) {
                continue;
            }
            let start = i.starts_at.instant();
            if start.to_zoned(zone.clone()).date() == today {
                day.interviews_today
                    .push(item(Some(&i.key), Some(start), None));
            }
            let ended = i.end() <= now;
            let recent = now.duration_since(i.end()).as_hours() < DEBRIEF_DAYS * 24;
            if ended && recent && i.debrief.is_none() {
                day.no_debrief.push(item(Some(&i.key), Some(i.end()), None));
            }
            // Waiting, until the company answers in any way or a later round has begun.
            let later_round = app
                .interviews
                .iter()
                .any(|other| other.starts_at.instant() > start && other.starts_at.instant() <= now);
            if shared(app, &i.key).is_some()
                && feedback_on(app, &i.key).is_none()
                && !heard_after(i.end())
                && !later_round
            {
                day.awaiting_feedback
                    .push(item(Some(&i.key), Some(start), None));
            }
        }
        if let Some((named, since)) = named_date(app) {
            if named >= today && named <= week_end {
                day.decisions_this_week.push(item(None, None, Some(named)));
            } else if days.after(named, grace) < today && !heard_after(since) {
                day.gone_quiet.push(item(None, None, Some(named)));
            }
        }
    }
    day
}

/// The latest date the employer named for what comes next (in a debrief, a reply or the
/// company's feedback), and when it was named.
fn named_date(app: &Application) -> Option<(Date, Timestamp)> {
    let from_debriefs = app.interviews.iter().filter_map(|i| {
        let date = i.debrief.as_ref()?.next_steps.named()?;
        Some((i.end(), date))
    });
    let from_events = app.events.iter().filter_map(|e| {
        let date = e
            .decision_by
            .or(e.feedback.as_ref().and_then(|f| f.next_date))?;
        Some((e.at.instant(), date))
    });
    from_debriefs
        .chain(from_events)
        .max_by_key(|(at, _)| *at)
        .map(|(at, date)| (date, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Debrief, Done, Event, Interview, Moment, NextSteps};

    fn at(text: &str) -> Moment {
        Moment::parse(text).unwrap()
    }

    fn application(key: &str, start: &str) -> Application {
        let mut app = Application::new(Key::new(key).unwrap(), "Acme Ltd", "Analyst");
        app.interviews.push(Interview {
            key: Key::new("first").unwrap(),
            round: None,
            starts_at: at(start),
            ends_at: None,
            format: None,
            location: None,
            interviewers: Vec::new(),
            debrief: None,
        });
        app
    }

    #[test]
    fn the_day_lists_what_needs_the_consultant() {
        let zone = TimeZone::get("Europe/London").unwrap();
        let now = at("2026-12-07T09:00:00Z").instant();
        // Today's interview.
        let today = application("today", "2026-12-07T14:00:00Z");
        // Friday's, with no debrief.
        let unwritten = application("unwritten", "2026-12-04T10:00:00Z");
        // Shared, no feedback yet, and a decision named for Thursday.
        let mut shared = application("shared", "2026-12-03T10:00:00Z");
        shared.interviews[0].debrief = Some(Debrief {
            next_steps: NextSteps {
                decision_by: Some("2026-12-10".parse().unwrap()),
                ..NextSteps::default()
            },
            ..Debrief::default()
        });
        let mut report = Done::new(at("2026-12-03T13:00:00Z"), ActionKind::ReportToConsultant);
        report.interview = Some(Key::new("first").unwrap());
        shared.done.push(report);
        // A date named for last Tuesday, and nothing heard since.
        let mut quiet = application("quiet", "2026-11-20T10:00:00Z");
        let mut reply = Event::new(at("2026-11-23T10:00:00Z"), EventKind::Reply);
        reply.decision_by = Some("2026-12-01".parse().unwrap());
        quiet.events.push(reply);
        let apps = [today, unwritten, shared, quiet];
        let settings = Settings::default();
        let d = day(&apps, now, &zone, &settings);
        let keys = |items: &[Item]| {
            items
                .iter()
                .map(|i| i.application.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(&d.interviews_today), ["today"]);
        assert_eq!(keys(&d.no_debrief), ["unwritten"]);
        assert_eq!(keys(&d.awaiting_feedback), ["shared"]);
        assert_eq!(keys(&d.decisions_this_week), ["shared"]);
        assert_eq!(keys(&d.gone_quiet), ["quiet"]);
        assert!(d.offers.is_empty());
        assert!(d.letters_waiting.is_empty());
        // A letter submitted at 08:00 waits; at 09:00 it is not yet late, at 12:00 it is.
        let mut waiting = apps[2].clone();
        let who = |n: &str| crate::model::Mailbox {
            name: n.into(),
            email: format!("{n}@example.org"),
        };
        let mut letter = crate::model::Message::new(
            "m1@example.org".into(),
            at("2026-12-07T08:00:00Z"),
            who("cara"),
            who("dana"),
            "Thank you".into(),
            "Dear Dana".into(),
        );
        letter.state = MessageState::Waiting;
        waiting.messages.push(letter.clone());
        letter.id = "m2@example.org".into();
        letter.state = MessageState::Queued;
        waiting.messages.push(letter);
        let lates = |now: &str| {
            day(
                std::slice::from_ref(&waiting),
                at(now).instant(),
                &zone,
                &settings,
            )
            .letters_waiting
            .iter()
            .map(|i| (i.letter.clone().unwrap(), i.late))
            .collect::<Vec<_>>()
        };
        assert_eq!(
            lates("2026-12-07T09:00:00Z"),
            [("m1@example.org".into(), false)]
        );
        assert_eq!(
            lates("2026-12-07T12:00:00Z"),
            [("m1@example.org".into(), true)]
        );
        // At 09:00 the day reads the same until the letter waits too long at 12:00.
        assert_eq!(
            day(std::slice::from_ref(&waiting), now, &zone, &settings).until,
            Some(at("2026-12-07T12:00:00Z").instant())
        );
        // With nothing ahead today, until midnight in London.
        assert_eq!(
            day(
                &apps[1..2],
                at("2026-12-07T15:00:00Z").instant(),
                &zone,
                &settings
            )
            .until,
            Some(at("2026-12-08T00:00:00Z").instant())
        );
        // Heard from them after the date: no longer quiet.
        let mut answered = apps[3].clone();
        answered
            .events
            .push(Event::new(at("2026-12-02T10:00:00Z"), EventKind::Reply));
        assert!(
            day(&[answered], now, &zone, &settings)
                .gone_quiet
                .is_empty()
        );
        // Named for Friday 4 December: on Monday the programme's two business days of
        // waiting are not over, so nobody is quiet yet.
        let mut friday = apps[3].clone();
        friday.events[0].decision_by = Some("2026-12-04".parse().unwrap());
        assert!(day(&[friday], now, &zone, &settings).gone_quiet.is_empty());
    }
}
