//! What the consultant changed in a letter they forwarded, line by line, so that the
//! candidate sees their own words beside what the employer received.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::check::Letter;
use crate::model::Message;

/// One line of the letter: kept, taken out or put in by the consultant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// `same`, `removed` or `added`.
    pub change: &'static str,
    pub text: String,
}

/// The lines of a forwarded letter against the candidate's, if the consultant changed it.
pub fn changes(message: &Message) -> Option<Vec<Line>> {
    let forwarded = message.forwarded.as_ref()?;
    let subject = forwarded.submitted_subject.as_deref()?;
    let body = forwarded.submitted_body.as_deref()?;
    // Each ends with a line break, so that a changed last line is compared as a line.
    let before = Letter::text_of(subject, body.trim_end()) + "\n";
    let after = Letter::text_of(&message.subject, message.body.trim_end()) + "\n";
    Some(
        TextDiff::from_lines(&before, &after)
            .iter_all_changes()
            .map(|c| Line {
                change: match c.tag() {
                    ChangeTag::Equal => "same",
                    ChangeTag::Delete => "removed",
                    ChangeTag::Insert => "added",
                },
                text: c.value().trim_end_matches('\n').to_string(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Forwarded, Mailbox, Moment};

    #[test]
    fn the_candidate_sees_each_line_the_consultant_changed() {
        let who = |n: &str| Mailbox {
            name: n.into(),
            email: format!("{}@example.org", n.to_lowercase()),
        };
        let mut m = Message::new(
            "m1@example.org".into(),
            Moment::parse("2026-11-20T09:00:00+00:00").unwrap(),
            who("Cara"),
            who("Dana"),
            "Thank you".into(),
            "Dear Dana,\n\nThanks a lot!\n\nCara\n".into(),
        );
        assert_eq!(changes(&m), None, "not forwarded");
        let submitted = m.clone();
        m.body = "Dear Dana,\n\nThank you for your time.\n\nCara\n".into();
        m.forwarded = Some(Forwarded {
            at: Moment::parse("2026-11-20T10:00:00+00:00").unwrap(),
            by: who("Jo"),
            from: who("Agency"),
            submitted_subject: Some(submitted.subject),
            submitted_body: Some(submitted.body),
        });
        let lines = changes(&m).unwrap();
        let of = |change: &str| -> Vec<&str> {
            lines
                .iter()
                .filter(|l| l.change == change)
                .map(|l| l.text.as_str())
                .collect()
        };
        assert_eq!(of("removed"), ["Thanks a lot!"]);
        assert_eq!(of("added"), ["Thank you for your time."]);
        assert!(of("same").contains(&"Dear Dana,"));
    }
}
