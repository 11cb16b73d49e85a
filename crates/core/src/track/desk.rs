//! The agency's insights, per consultant: how soon their candidates' debriefs reach them, how
//! soon they forward their candidates' letters, and how long employers take to give their
//! feedback on a shared report. Counted over one candidate's applications, and added up.

use std::ops::AddAssign;

use serde::Serialize;

use crate::model::{Application, MessageState};

use super::day::{feedback_on, shared};

/// What one candidate (or many, added up) shows of their consultant's work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Desk {
    /// Interviews whose debrief was shared within a day of their end, later, or not yet.
    pub debriefs_within_a_day: usize,
    pub debriefs_later: usize,
    pub debriefs_not_shared: usize,
    /// Letters the consultant forwarded within 24 hours of their submission, later, or not yet.
    pub letters_within_a_day: usize,
    pub letters_later: usize,
    pub letters_waiting: usize,
    /// Shared reports the company's feedback answered within so many days (0–1, 2–3, 4–7,
    /// over 7), and those still without it.
    pub feedback_days: [usize; 4],
    pub feedback_waiting: usize,
}

/// The upper bounds, in days, of `Desk::feedback_days`' buckets.
pub const FEEDBACK_BUCKETS: [(&str, i64); 4] = [
    ("0–1 days", 1),
    ("2–3 days", 3),
    ("4–7 days", 7),
    ("Over 7 days", i64::MAX),
];

const DAY_SECONDS: i64 = 86_400;

/// The figures of one candidate's applications. Interviews still ahead are not counted.
pub fn desk(apps: &[Application], now: jiff::Timestamp) -> Desk {
    let mut d = Desk::default();
    for app in apps {
        for i in app.interviews.iter().filter(|i| i.end() <= now) {
            match shared(app, &i.key) {
                Some(report) => {
                    let after = report.at.instant().duration_since(i.end()).as_secs();
                    if after <= DAY_SECONDS {
                        d.debriefs_within_a_day += 1;
                    } else {
                        d.debriefs_later += 1;
                    }
                    let answered = app
                        .events
                        .iter()
                        .filter(|e| {
                            e.kind == crate::model::EventKind::Feedback
                                && e.interview.as_ref() == Some(&i.key)
                        })
                        .map(|e| e.at.instant())
                        .min();
                    match answered.filter(|_| feedback_on(app, &i.key).is_some()) {
                        Some(at) => {
                            let days =
                                at.duration_since(report.at.instant()).as_secs() / DAY_SECONDS;
                            let n = FEEDBACK_BUCKETS
                                .iter()
                                .position(|(_, high)| days <= *high)
                                .unwrap_or(FEEDBACK_BUCKETS.len() - 1);
                            d.feedback_days[n] += 1;
                        }
                        None => d.feedback_waiting += 1,
                    }
                }
                None => d.debriefs_not_shared += 1,
            }
        }
        for m in app.messages.iter().filter(|m| m.via.is_some()) {
            match (&m.forwarded, m.state) {
                (Some(f), _) => {
                    let took =
                        f.at.instant()
                            .duration_since(m.queued_at.instant())
                            .as_secs();
                    if took <= DAY_SECONDS {
                        d.letters_within_a_day += 1;
                    } else {
                        d.letters_later += 1;
                    }
                }
                (None, MessageState::Waiting) => d.letters_waiting += 1,
                (None, _) => {}
            }
        }
    }
    d
}

impl AddAssign for Desk {
    fn add_assign(&mut self, o: Desk) {
        self.debriefs_within_a_day += o.debriefs_within_a_day;
        self.debriefs_later += o.debriefs_later;
        self.debriefs_not_shared += o.debriefs_not_shared;
        self.letters_within_a_day += o.letters_within_a_day;
        self.letters_later += o.letters_later;
        self.letters_waiting += o.letters_waiting;
        for (a, b) in self.feedback_days.iter_mut().zip(o.feedback_days) {
            *a += b;
        }
        self.feedback_waiting += o.feedback_waiting;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        ActionKind, Done, Event, EventKind, Feedback, Forwarded, Interview, Key, Mailbox, Message,
        Moment,
    };

    fn at(text: &str) -> Moment {
        Moment::parse(text).unwrap()
    }

    #[test]
    fn the_desk_counts_debriefs_letters_and_feedback() {
        let mut app = Application::new(Key::new("acme").unwrap(), "Acme Ltd", "Analyst");
        for (key, start) in [
            ("r1", "2026-12-01T10:00:00Z"),
            ("r2", "2026-12-03T10:00:00Z"),
            ("r3", "2026-12-05T10:00:00Z"),
            ("ahead", "2026-12-20T10:00:00Z"),
        ] {
            app.interviews.push(Interview {
                key: Key::new(key).unwrap(),
                round: None,
                starts_at: at(start),
                ends_at: Some(at(&start.replace("T10", "T11"))),
                format: None,
                location: None,
                interviewers: Vec::new(),
                debrief: None,
            });
        }
        // r1 shared the same afternoon and answered two days later; r2 shared two days late,
        // not answered; r3 never shared.
        for (key, when) in [
            ("r1", "2026-12-01T15:00:00Z"),
            ("r2", "2026-12-05T12:00:00Z"),
        ] {
            let mut report = Done::new(at(when), ActionKind::ReportToConsultant);
            report.interview = Some(Key::new(key).unwrap());
            app.done.push(report);
        }
        let mut feedback = Event::new(at("2026-12-03T16:00:00Z"), EventKind::Feedback);
        feedback.interview = Some(Key::new("r1").unwrap());
        feedback.feedback = Some(Feedback::default());
        app.events.push(feedback);
        // One letter forwarded within the day, one waiting.
        let who = |n: &str| Mailbox {
            name: n.into(),
            email: format!("{n}@example.org"),
        };
        let mut letter = Message::new(
            "m1@example.org".into(),
            at("2026-12-01T16:00:00Z"),
            who("cara"),
            who("dana"),
            "Thanks".into(),
            "Dear Dana".into(),
        );
        letter.via = Some(who("jo"));
        let mut waiting = letter.clone();
        letter.state = MessageState::Sent;
        letter.forwarded = Some(Forwarded {
            at: at("2026-12-02T09:00:00Z"),
            by: who("jo"),
            from: who("agency"),
            submitted_subject: None,
            submitted_body: None,
        });
        waiting.id = "m2@example.org".into();
        waiting.state = MessageState::Waiting;
        app.messages.extend([letter, waiting]);
        let d = desk(&[app], at("2026-12-07T09:00:00Z").instant());
        assert_eq!(
            (
                d.debriefs_within_a_day,
                d.debriefs_later,
                d.debriefs_not_shared
            ),
            (1, 1, 1)
        );
        assert_eq!(
            (d.letters_within_a_day, d.letters_later, d.letters_waiting),
            (1, 0, 1)
        );
        assert_eq!((d.feedback_days, d.feedback_waiting), ([0, 1, 0, 0], 1));
        let mut twice = d;
        twice += d;
        assert_eq!(twice.debriefs_later, 2);
    }
}
