//! The job search as followup keeps it: the shape of the JSON document of
//! `spec/format.md`, with the types that make invalid values unrepresentable.

mod application;
mod debrief;
mod event;
mod interview;
mod key;
mod message;
pub(crate) mod person;
mod settings;
mod time;
mod version;

pub use application::{Agency, Amount, Application, Expectations, Interest, Stage};
pub use debrief::{Concern, Debrief, NextSteps};
pub use event::{
    ActionKind, CallOutcome, Decision, Done, Event, EventKind, Feedback, Offer, Verdict,
};
pub use interview::{Format, Interview, Interviewer};
pub use key::{InvalidKey, Key};
pub use message::{
    Attachment, FORWARD_WITHIN_HOURS, Forwarded, Letterhead, Mailbox, Message, MessageState,
};
pub use person::Person;
pub use settings::{Holiday, MailServer, Security, Settings, Timings};
pub use time::{Moment, TimeZoneName};
pub use version::profile_version;

use serde::{Deserialize, Serialize};

/// The version of the document format that this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A person's whole job search: what `followup export` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobSearch {
    pub followup: u32,
    #[serde(default)]
    pub profile: Profile,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub applications: Vec<Application>,
}

impl Default for JobSearch {
    fn default() -> Self {
        JobSearch {
            followup: FORMAT_VERSION,
            profile: Profile::default(),
            settings: Settings::default(),
            applications: Vec::new(),
        }
    }
}

/// Who is looking for work, and how they write.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<TimeZoneName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

impl Profile {
    /// The English the user writes; British unless they said otherwise.
    pub fn language(&self) -> Language {
        self.language.unwrap_or_default()
    }
}

/// The English a user writes: it decides spelling and how `4/12` is read. British unless the
/// user says otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "en-GB")]
    EnGb,
    #[serde(rename = "en-US")]
    EnUs,
    #[serde(rename = "en-CA")]
    EnCa,
    #[serde(rename = "en-AU")]
    EnAu,
}

impl Language {
    pub const ALL: [Language; 4] = [
        Language::EnGb,
        Language::EnUs,
        Language::EnCa,
        Language::EnAu,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Language::EnGb => "en-GB",
            Language::EnUs => "en-US",
            Language::EnCa => "en-CA",
            Language::EnAu => "en-AU",
        }
    }

    pub fn parse(text: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(text))
    }

    /// Whether a date like `4/12` puts the month first.
    pub fn month_first(self) -> bool {
        matches!(self, Language::EnUs)
    }
}
