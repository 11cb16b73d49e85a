//! How a letter leaves, as rules: which route it takes (directly, or through the consultant),
//! which thread it joins, when a temporary failure is tried again, and what the daily
//! reminder says. The SMTP conversation itself is the `followup-deliver` crate's.

mod reminder;

pub use reminder::{REMINDER_HOUR, next_after, reminder};

use jiff::{SignedDuration, Timestamp};

use crate::model::{ActionKind, Application, Mailbox, Message};
use crate::programme::is_employer_facing;

/// The consultant a letter goes through: when an agency arranged the interview, a letter for
/// the employer goes to the consultant, who passes it on. A letter to the consultant
/// themselves goes straight to them.
pub fn route_via(app: &Application, kind: Option<ActionKind>, to: &Mailbox) -> Option<Mailbox> {
    let consultant = app.consultant()?;
    let email = consultant.email.as_ref()?;
    let for_employer = kind.is_none_or(is_employer_facing);
    (for_employer && !consultant.answers_to(&to.email) && !consultant.answers_to(&to.name)).then(
        || Mailbox {
            name: consultant.name.clone(),
            email: email.clone(),
        },
    )
}

/// The thread a new letter to `to` joins: the latest letter sent to the same person for this
/// application, and the chain before it (RFC 5322 `In-Reply-To` and `References`).
pub fn thread(app: &Application, to: &Mailbox) -> (Option<String>, Vec<String>) {
    let Some(last) = app
        .messages
        .iter()
        .filter(|m| m.state.does_the_action() && m.to.email.eq_ignore_ascii_case(&to.email))
        .max_by_key(|m| (m.queued_at.instant(), m.id.clone()))
    else {
        return (None, Vec::new());
    };
    let mut references = last.references.clone();
    references.push(last.id.clone());
    (Some(last.id.clone()), references)
}

/// The note that asks the consultant to pass the letter on, with the letter below it.
pub fn pass_on_note(message: &Message, consultant: &Mailbox) -> String {
    let first = consultant
        .name
        .split_whitespace()
        .next()
        .unwrap_or(&consultant.name);
    format!(
        "Dear {first},\n\nCould you please pass the letter below to {}? It is also attached as a Word document.\n\nThank you,\n{}\n\n----\n\n{}",
        message.to.name, message.from.name, message.body
    )
}

/// How long after it was queued a message that only meets temporary failures is given up:
/// a letter days late has lost its point, and the user should know.
pub const GIVE_UP_AFTER: SignedDuration = SignedDuration::from_hours(72);
const LONGEST_WAIT: SignedDuration = SignedDuration::from_hours(1);

/// When to try again after the `attempts`-th try met a temporary failure: the first wait,
/// doubled each time, at most an hour; `None` once the message has waited too long.
pub fn retry_at(
    message: &Message,
    now: Timestamp,
    first_wait: SignedDuration,
) -> Option<Timestamp> {
    let doublings = message.attempts.saturating_sub(1).min(20);
    let wait = first_wait
        .checked_mul(1 << doublings)
        .unwrap_or(LONGEST_WAIT)
        .min(LONGEST_WAIT);
    let next = now.checked_add(wait).ok()?;
    let deadline = message
        .queued_at
        .instant()
        .checked_add(GIVE_UP_AFTER)
        .ok()?;
    (next <= deadline).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MessageState, Moment};

    fn message(attempts: u32) -> Message {
        let mut message = Message::new(
            "a@example.org".into(),
            Moment::parse("2026-11-20T09:00:00+00:00").unwrap(),
            Mailbox {
                name: "Me".into(),
                email: "me@example.org".into(),
            },
            Mailbox {
                name: "Ann".into(),
                email: "ann@example.org".into(),
            },
            "Thanks".into(),
            "Dear Ann".into(),
        );
        message.state = MessageState::Sending;
        message.attempts = attempts;
        message
    }

    #[test]
    fn retries_back_off_and_give_up() {
        let now: Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
        let first = SignedDuration::from_secs(60);
        let wait =
            |attempts| retry_at(&message(attempts), now, first).map(|t| t.duration_since(now));
        assert_eq!(wait(1), Some(SignedDuration::from_secs(60)));
        assert_eq!(wait(2), Some(SignedDuration::from_secs(120)));
        assert_eq!(wait(3), Some(SignedDuration::from_secs(240)));
        assert_eq!(wait(30), Some(LONGEST_WAIT));
        let late: Timestamp = "2026-11-23T08:30:00Z".parse().unwrap();
        assert_eq!(retry_at(&message(40), late, first), None);
    }

    #[test]
    fn a_letter_threads_on_the_last_one_to_the_same_person() {
        let mut app = Application::new(crate::Key::new("acme").unwrap(), "Acme", "Analyst");
        let ann = message(0).to;
        assert_eq!(thread(&app, &ann), (None, vec![]));
        let mut first = message(1);
        first.state = MessageState::Sent;
        let mut second = first.clone();
        second.id = "b@example.org".into();
        second.queued_at = Moment::parse("2026-11-21T09:00:00+00:00").unwrap();
        second.in_reply_to = Some("a@example.org".into());
        second.references = vec!["a@example.org".into()];
        let mut failed = second.clone();
        failed.id = "c@example.org".into();
        failed.state = MessageState::Failed;
        app.messages = vec![first, second, failed];
        assert_eq!(
            thread(&app, &ann),
            (
                Some("b@example.org".into()),
                vec!["a@example.org".into(), "b@example.org".into()]
            )
        );
        let bob = Mailbox {
            name: "Bob".into(),
            email: "bob@example.org".into(),
        };
        assert_eq!(thread(&app, &bob), (None, vec![]));
    }
}
