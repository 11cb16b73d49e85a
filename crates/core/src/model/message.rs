//! The letters followup sends: each is kept before it leaves, and stays as the record after.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ActionKind, Key, Moment};

/// A letter in the outbox or in the record. What it says is fixed when it is queued: the
/// checks ran on these very words, and a retry sends the same bytes under the same Message-ID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// The Message-ID, without its angle brackets: unique, and what replies thread on.
    pub id: String,
    pub queued_at: Moment,
    /// The action of the programme it does, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActionKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview: Option<Key>,
    pub from: Mailbox,
    /// Whom the letter is for.
    pub to: Mailbox,
    /// The consultant who passes it on, when the application came through an agency: the
    /// message goes to them, with the letter in the body and attached as a Word document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Mailbox>,
    pub subject: String,
    pub body: String,
    /// The Message-ID this one answers, and the thread before it (oldest first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// The business letter's heading, for the Word document a consultant forwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letterhead: Option<Letterhead>,
    /// The consultant's hand on a letter that went through them in the agency mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarded: Option<Forwarded>,
    /// The error findings the user chose to send past (`--force`), by rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forced: Vec<String>,
    pub state: MessageState,
    /// Deliveries tried so far.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub attempts: u32,
    /// When the server accepted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Moment>,
    /// The server's words the last time it refused, or why it could not be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Message {
    /// A new letter, queued now, with nothing sent with it and no thread.
    pub fn new(
        id: String,
        queued_at: Moment,
        from: Mailbox,
        to: Mailbox,
        subject: String,
        body: String,
    ) -> Message {
        Message {
            id,
            queued_at,
            kind: None,
            interview: None,
            from,
            to,
            via: None,
            subject,
            body,
            in_reply_to: None,
            references: Vec::new(),
            attachments: Vec::new(),
            letterhead: None,
            forwarded: None,
            forced: Vec::new(),
            state: MessageState::Queued,
            attempts: 0,
            sent_at: None,
            error: None,
        }
    }

    /// Where the message goes: the consultant, when it goes through them, unless they
    /// forward it themselves (the agency mode), when it goes to the employer.
    pub fn recipient(&self) -> &Mailbox {
        match (&self.via, &self.forwarded) {
            (Some(consultant), None) => consultant,
            _ => &self.to,
        }
    }

    /// Who the email comes from: the user, or the agency's address for a forwarded letter.
    pub fn sender(&self) -> &Mailbox {
        self.forwarded.as_ref().map_or(&self.from, |f| &f.from)
    }

    /// When the action it does was done, as far as the programme is concerned. A letter
    /// submitted to the consultant kept the clock when it was submitted.
    pub fn done_at(&self) -> Moment {
        match self.forwarded {
            Some(_) => self.queued_at,
            None => self.sent_at.unwrap_or(self.queued_at),
        }
    }

    /// How long a letter has waited for the consultant, at `now` (none once it left them).
    pub fn waiting_for(&self, now: jiff::Timestamp) -> Option<jiff::SignedDuration> {
        (self.state == MessageState::Waiting).then(|| now.duration_since(self.queued_at.instant()))
    }

    /// Whether it has waited for the consultant longer than a letter should.
    pub fn waited_too_long(&self, now: jiff::Timestamp) -> bool {
        self.waiting_for(now)
            .is_some_and(|w| w >= jiff::SignedDuration::from_hours(FORWARD_WITHIN_HOURS))
    }
}

/// How long a letter may wait for the consultant before both are told: a thank-you's 24
/// hours are kept by its submission, but it does its work only when the employer reads it.
pub const FORWARD_WITHIN_HOURS: i64 = 4;

/// A letter the consultant forwarded to the employer, from the agency's address with their
/// own as the Reply-To, and the candidate's words as they submitted them when the consultant
/// changed them (the candidate sees what changed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forwarded {
    pub at: Moment,
    /// The consultant: the Reply-To.
    pub by: Mailbox,
    /// The agency's address the email comes from.
    pub from: Mailbox,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_body: Option<String>,
}

/// A name and an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mailbox {
    pub name: String,
    pub email: String,
}

/// A file sent with the letter (a work sample), kept in the outbox so that a file moved or
/// deleted later cannot change what is sent. Base64 in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    #[serde(with = "base64_bytes")]
    pub data: Vec<u8>,
}

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageState {
    /// Submitted to the consultant (the agency mode), who reviews and forwards it.
    Waiting,
    /// Saved, waiting for the worker (again, after a temporary failure).
    Queued,
    /// A worker is handing it to the server now.
    Sending,
    /// The server accepted it.
    Sent,
    /// The server refused it for good; `error` has its words.
    Failed,
    /// A worker stopped between handing it over and hearing back: it may have arrived. Only
    /// the user can say; it is never sent again on its own.
    Uncertain,
    /// The user withdrew it before it left.
    Cancelled,
}

impl MessageState {
    pub const ALL: [MessageState; 7] = [
        MessageState::Waiting,
        MessageState::Queued,
        MessageState::Sending,
        MessageState::Sent,
        MessageState::Failed,
        MessageState::Uncertain,
        MessageState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageState::Waiting => "waiting",
            MessageState::Queued => "queued",
            MessageState::Sending => "sending",
            MessageState::Sent => "sent",
            MessageState::Failed => "failed",
            MessageState::Uncertain => "uncertain",
            MessageState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<MessageState> {
        MessageState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the programme counts the action as done: the letter left, or is on its way,
    /// or may have left, or waits for the consultant. A failed or cancelled letter leaves the
    /// action open.
    pub fn does_the_action(self) -> bool {
        matches!(
            self,
            MessageState::Waiting
                | MessageState::Queued
                | MessageState::Sending
                | MessageState::Sent
                | MessageState::Uncertain
        )
    }

    /// Whether the user must decide something.
    pub fn needs_the_user(self) -> bool {
        matches!(self, MessageState::Failed | MessageState::Uncertain)
    }
}

impl fmt::Display for MessageState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD
            .decode(text.as_bytes())
            .map_err(|e| serde::de::Error::custom(format!("not base64: {e}")))
    }
}

/// What a printed business letter carries around the letter itself: who writes, when, to
/// whom, in which English (spec: the Word document is a business letter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Letterhead {
    /// The sender's name, then their contact details, one per line.
    pub sender: Vec<String>,
    /// The date, as the user's English writes it.
    pub date: String,
    /// The recipient's name, title and company, one per line.
    pub recipient: Vec<String>,
    pub language: super::Language,
}
