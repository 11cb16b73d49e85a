use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{ActionKind, Done, Event, EventKind, Interview, Key, Message, Person, TimeZoneName};

/// One job the candidate is pursuing, with everything that happened since applying.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub key: Key,
    pub company: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest: Option<Interest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<TimeZoneName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<Agency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expectations: Option<Expectations>,
    /// The stage the user set by hand; without it the stage follows from the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default)]
    pub interviews: Vec<Interview>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub done: Vec<Done>,
    /// The letters sent through followup, and those on their way: the record. A letter that
    /// has left (or is leaving) does its action; it is not written to `done` as well.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
}

impl Application {
    /// A new application with nothing but its names.
    pub fn new(key: Key, company: &str, role: &str) -> Application {
        Application {
            key,
            company: company.to_string(),
            department: None,
            role: role.to_string(),
            applied_on: None,
            interest: None,
            timezone: None,
            agency: None,
            expectations: None,
            stage: None,
            interviews: Vec::new(),
            events: Vec::new(),
            done: Vec::new(),
            messages: Vec::new(),
        }
    }

    /// Where the application stands: the user's own word if they gave one, else what the data says.
    pub fn stage(&self) -> Stage {
        self.stage_when().0
    }

    /// The stage, and since when where the data says ([`Stage::derive_when`]).
    pub fn stage_when(&self) -> (Stage, Option<jiff::Timestamp>) {
        Stage::derive_when(
            self.stage,
            !self.interviews.is_empty(),
            &self.events,
            &self.done,
        )
    }

    pub fn interview(&self, key: &Key) -> Option<&Interview> {
        self.interviews.iter().find(|i| &i.key == key)
    }

    pub fn consultant(&self) -> Option<&Person> {
        self.agency.as_ref().and_then(|a| a.consultant.as_ref())
    }

    /// Everyone the application knows: its interviewers, round by round, then its consultant.
    pub fn people(&self) -> impl Iterator<Item = Person> + '_ {
        self.interviews
            .iter()
            .flat_map(|i| i.interviewers.iter().map(|x| x.person()))
            .chain(self.consultant().cloned())
    }
}

/// How much the candidate wants the job, from 1 (not much) to 5 (very much).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Interest(u8);

impl Interest {
    pub fn new(level: i64) -> Result<Interest, String> {
        Interest::try_from(level)
    }

    pub fn level(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Interest {
    type Error = String;

    fn try_from(level: i64) -> Result<Interest, String> {
        match u8::try_from(level) {
            Ok(level @ 1..=5) => Ok(Interest(level)),
            _ => Err(format!("interest is 1 to 5, not {level}")),
        }
    }
}

impl From<Interest> for u8 {
    fn from(interest: Interest) -> u8 {
        interest.0
    }
}

/// The recruitment agency that arranged the interview, and the consultant there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant: Option<Person>,
}

/// What the candidate wants from the job: the yardstick for an offer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectations {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_week: Option<Amount>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub benefits: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A non-negative quantity (a salary, hours a week) that is written back as it was read:
/// `52000` stays `52000`, `37.5` stays `37.5`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "serde_json::Number")]
pub struct Amount(f64);

impl Amount {
    pub fn new(value: f64) -> Result<Amount, String> {
        Amount::try_from(value)
    }

    pub fn value(self) -> f64 {
        self.0
    }
}

impl Amount {
    /// The amount as this English writes it: "£64,000" (GBP), "$64,000" (USD in American
    /// English, "US$64,000" elsewhere), "CHF 64,000" for a currency without a symbol here.
    pub fn written(self, currency: Option<&str>, language: super::Language) -> String {
        use super::Language::{EnAu, EnCa, EnUs};
        let whole = self.0.trunc() as u64;
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let cents = ((self.0.fract() * 100.0).round() as u64).min(99);
        if self.0.fract() != 0.0 {
            grouped = format!("{grouped}.{cents:02}");
        }
        let code = currency.map(|c| c.trim().to_uppercase());
        let symbol = match (code.as_deref(), language) {
            (None | Some(""), _) => return grouped,
            (Some("GBP"), _) => "£",
            (Some("EUR"), _) => "€",
            (Some("USD"), EnUs) | (Some("CAD"), EnCa) | (Some("AUD"), EnAu) => "$",
            (Some("USD"), _) => "US$",
            (Some("CAD"), _) => "C$",
            (Some("AUD"), _) => "A$",
            (Some(other), _) => return format!("{other} {grouped}"),
        };
        format!("{symbol}{grouped}")
    }
}

impl TryFrom<f64> for Amount {
    type Error = String;

    fn try_from(value: f64) -> Result<Amount, String> {
        if (0.0..1e15).contains(&value) {
            Ok(Amount(value))
        } else {
            Err(format!("{value} is not an amount (a number from 0 up)"))
        }
    }
}

impl From<Amount> for serde_json::Number {
    fn from(amount: Amount) -> serde_json::Number {
        // Below 1e15 every whole f64 is exact as an integer.
        if amount.0.fract() == 0.0 {
            serde_json::Number::from(amount.0 as u64)
        } else {
            serde_json::Number::from_f64(amount.0).unwrap_or_else(|| serde_json::Number::from(0))
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", serde_json::Number::from(*self))
    }
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Applied,
    Interviewing,
    Offered,
    Accepted,
    Rejected,
    Withdrawn,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Applied,
        Stage::Interviewing,
        Stage::Offered,
        Stage::Accepted,
        Stage::Rejected,
        Stage::Withdrawn,
        Stage::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Applied => "applied",
            Stage::Interviewing => "interviewing",
            Stage::Offered => "offered",
            Stage::Accepted => "accepted",
            Stage::Rejected => "rejected",
            Stage::Withdrawn => "withdrawn",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The stage the data shows, unless the user `set` one: withdrawn or closed when the
    /// candidate did so and the employer has not spoken since; else the latest event that
    /// settles it; else interviewing once there is an interview; else applied.
    pub fn derive(
        set: Option<Stage>,
        has_interviews: bool,
        events: &[Event],
        done: &[Done],
    ) -> Stage {
        Stage::derive_when(set, has_interviews, events, done).0
    }

    /// [`Stage::derive`], and the moment the data reached that stage where it says: the
    /// withdrawal or the closing, the event that settled it, or the response that reopened it
    /// (none for a stage set by hand).
    pub fn derive_when(
        set: Option<Stage>,
        has_interviews: bool,
        events: &[Event],
        done: &[Done],
    ) -> (Stage, Option<jiff::Timestamp>) {
        if let Some(stage) = set {
            return (stage, None);
        }
        let ended = done
            .iter()
            .filter(|d| !d.skipped)
            .filter(|d| {
                matches!(
                    d.kind,
                    ActionKind::WithdrawPolitely | ActionKind::CloseQuietly
                )
            })
            .max_by_key(|d| d.at);
        // The employer speaking after the candidate withdrew or closed reopens it, from then.
        let mut reopened = None;
        if let Some(end) = ended {
            let response = events
                .iter()
                .filter(|e| e.kind.is_response() && e.at > end.at)
                .map(|e| e.at.instant())
                .min();
            if response.is_none() {
                let stage = match end.kind {
                    ActionKind::CloseQuietly => Stage::Closed,
                    _ => Stage::Withdrawn,
                };
                return (stage, Some(end.at.instant()));
            }
            reopened = response;
        }
        let latest = events
            .iter()
            .filter(|e| e.kind.settles_stage())
            .max_by_key(|e| e.at);
        let at = latest.map(|e| e.at.instant()).max(reopened);
        match latest.map(|e| e.kind) {
            Some(EventKind::OfferAccepted) => (Stage::Accepted, at),
            Some(EventKind::OfferDeclined) => (Stage::Withdrawn, at),
            Some(EventKind::Rejection) => (Stage::Rejected, at),
            Some(EventKind::Offer) => (Stage::Offered, at),
            _ if has_interviews => (Stage::Interviewing, reopened),
            _ => (Stage::Applied, reopened),
        }
    }

    /// Whether the application is still in play.
    pub fn is_active(self) -> bool {
        matches!(self, Stage::Applied | Stage::Interviewing | Stage::Offered)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
