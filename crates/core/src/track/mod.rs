//! The record: every message and call of an application, with its time, recipient, channel
//! and state, as the agenda's JSON shows it; and the candidate's impression of an interview
//! beside the company's feedback (`side_by_side`); what a consultant changed in a letter they
//! forwarded (`changes`); a consultant's day (`day`) and their insights (`desk`).

mod changes;
mod day;
mod desk;
mod side_by_side;

pub use changes::{Line, changes};
pub use day::{Day, Item, day, feedback_on, shared};
pub use desk::{Desk, FEEDBACK_BUCKETS, desk};
pub use side_by_side::{Point, Said, Stand, side_by_side};

use serde::Serialize;

use crate::model::{ActionKind, Done, Key, Message, Moment};

/// One message or call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub application: Key,
    pub at: Moment,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActionKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interview: Option<Key>,
    /// The recipient's email address, or their name when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `email`, `via_consultant` or `phone`.
    pub channel: &'static str,
    /// A message's state (`queued`, `sending`, `sent`, `failed`, `uncertain`, `cancelled`), or
    /// how a call went (`answered`, `voicemail`, `made`).
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The record of one application, in time order: its messages and its calls.
pub fn entries(application: &Key, messages: &[Message], calls: &[Done]) -> Vec<Entry> {
    let mut all: Vec<Entry> = messages
        .iter()
        .map(|m| Entry {
            application: application.clone(),
            at: m.sent_at.unwrap_or(m.queued_at),
            kind: m.kind,
            interview: m.interview.clone(),
            to: Some(m.to.email.clone()),
            channel: if m.via.is_some() {
                "via_consultant"
            } else {
                "email"
            },
            state: m.state.as_str(),
            subject: Some(m.subject.clone()),
            message_id: Some(m.id.clone()),
            error: m.error.clone(),
            note: None,
        })
        .chain(
            calls
                .iter()
                .filter(|d| d.kind == ActionKind::StatusCheck && !d.skipped)
                .map(|d| Entry {
                    application: application.clone(),
                    at: d.at,
                    kind: Some(d.kind),
                    interview: d.interview.clone(),
                    to: d.to.clone(),
                    channel: "phone",
                    state: d.outcome.map_or("made", |o| o.as_str()),
                    subject: None,
                    message_id: None,
                    error: None,
                    note: d.note.clone(),
                }),
        )
        .collect();
    all.sort_by_key(|e| e.at.instant());
    all
}
