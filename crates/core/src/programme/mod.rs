//! The programme: every follow-up action, dated, derived from the job search
//! (spec/programme.md). A pure function of the data, the settings and nothing else: the
//! same data gives the same plan, and `now` only decides what is due.

mod business_days;
mod holidays;
pub mod ical;
mod ids;
mod plan;
mod words;

pub use business_days::BusinessDays;
pub use holidays::HolidayCalendar;
pub use ids::{IdError, Prefixes, action_id, find_action};
pub(crate) use plan::cancelled_interviews;
pub use plan::{AppFacts, Context, Others, facts, keep_searching, plan, plan_application};
pub use words::{summary, when};

use std::fmt;

use jiff::Timestamp;
use serde::Serialize;

use crate::model::{ActionKind, Key, Moment};

/// Bump when the rules change: stored plans are then derived again.
pub const RULES_VERSION: i64 = 4;

/// One dated action of the programme.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub application: Key,
    /// Stable within the application: actions are numbered in the order their causes
    /// happened, so new facts add numbers rather than shifting old ones.
    pub number: u32,
    pub kind: ActionKind,
    pub interview: Option<Key>,
    pub recipient: Option<Recipient>,
    pub channel: Channel,
    pub not_before: Moment,
    pub due: Moment,
    pub state: ActionState,
    pub why: String,
    /// What the action is about where the kind alone does not say: the work sample's name (of
    /// a sample, or of the sample a thank-you or strategic letter carries), "second" for the
    /// second status check.
    pub detail: Option<String>,
    /// What makes this action itself, whatever its number: for calendar UIDs.
    pub identity: String,
    /// When a letter's moment has passed, so that it lapses if still open: the first status
    /// check of its interview. The plan knows no clock, so the lapse is a date, and
    /// [`Action::is_open_at`] reads it.
    pub lapses: Option<Moment>,
}

impl Action {
    /// The recipient as the agenda names them: their email address, else their name.
    pub fn to(&self) -> Option<&str> {
        self.recipient.as_ref().map(Recipient::address)
    }

    /// A letter to the lead that the work sample travels with (its `detail` names it).
    pub fn carries_sample(&self) -> bool {
        matches!(
            self.kind,
            ActionKind::ThankYou | ActionKind::StrategicLetter
        ) && self.detail.is_some()
    }

    pub fn is_open(&self) -> bool {
        self.state == ActionState::Open
    }

    /// Open, and not lapsed by `now`.
    pub fn is_open_at(&self, now: Timestamp) -> bool {
        self.is_open() && self.lapses.is_none_or(|l| now < l.instant())
    }

    /// Open, and its time has come.
    pub fn is_actionable(&self, now: Timestamp) -> bool {
        self.is_open_at(now) && self.not_before.instant() <= now
    }

    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.is_open_at(now) && self.due.instant() < now
    }
}

/// Who an action is addressed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub email: Option<String>,
}

impl Recipient {
    pub fn address(&self) -> &str {
        self.email.as_deref().unwrap_or(&self.name)
    }

    /// Whether a `done` entry's `to` names this person.
    pub fn is(&self, to: &str) -> bool {
        crate::model::person::answers_to(self.email.as_deref(), &self.name, to)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Phone,
    ViaConsultant,
    InApp,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Email,
        Channel::Phone,
        Channel::ViaConsultant,
        Channel::InApp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::ViaConsultant => "via_consultant",
            Channel::InApp => "in_app",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionState {
    Open,
    Done,
    Skipped,
    Cancelled,
}

impl ActionState {
    pub const ALL: [ActionState; 4] = [
        ActionState::Open,
        ActionState::Done,
        ActionState::Skipped,
        ActionState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::Open => "open",
            ActionState::Done => "done",
            ActionState::Skipped => "skipped",
            ActionState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<ActionState> {
        ActionState::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for ActionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Most urgent first: by due time, then by when it may start, then by id.
pub fn by_urgency(a: &Action, b: &Action) -> std::cmp::Ordering {
    (
        a.due.instant(),
        a.not_before.instant(),
        &a.application,
        a.number,
    )
        .cmp(&(
            b.due.instant(),
            b.not_before.instant(),
            &b.application,
            b.number,
        ))
}

/// Letters to the employer that the programme suggests of its own accord; the others answer
/// something the employer did (an invitation, a rejection, an offer) or end the application.
pub fn is_optional_letter(kind: ActionKind) -> bool {
    use ActionKind::*;
    matches!(
        kind,
        ThankYou | StrategicLetter | SendSample | FollowUpApplication
    )
}

/// Employer-facing kinds: the ones a rejection cancels and the guards watch.
pub fn is_employer_facing(kind: ActionKind) -> bool {
    use ActionKind::*;
    matches!(
        kind,
        ThankYou
            | StrategicLetter
            | SendSample
            | StatusCheck
            | ReplyToInvitation
            | RequestFeedback
            | AnswerOffer
            | ReturnContract
            | WithdrawPolitely
            | FollowUpApplication
    )
}
