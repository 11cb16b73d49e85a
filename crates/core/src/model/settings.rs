//! The user's choices that change the programme: which days are holidays, and the
//! programme's numbers where the defaults of spec/programme.md do not suit.

use std::fmt;

use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

use crate::programme::HolidayCalendar;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Days that are not business days, on top of weekends: dates, and built-in calendars
    /// by name (`"gb-eng"`). A single name may stand alone: `"holidays": "gb-eng"`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub holidays: Vec<Holiday>,
    #[serde(default, skip_serializing_if = "Timings::is_default")]
    pub programme: Timings,
    /// The user's mail server, through which followup sends. Never a password: that comes
    /// from the environment or a file only the user can read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<MailServer>,
}

/// An SMTP server to send through, with its security chosen explicitly: followup never falls
/// back to plain text on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailServer {
    pub host: String,
    /// Default: 465 with `tls`, 587 with `starttls`, 25 with `off`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    pub security: Security,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// A file holding the password, readable by the user alone. `FOLLOWUP_SMTP_PASSWORD`
    /// takes precedence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_file: Option<String>,
    /// A PEM file of a certificate authority to trust besides the usual ones (a server with a
    /// private certificate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// How long to wait for the server at each step, in seconds (default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u32>,
    /// How long to wait before the first retry after a temporary failure, in seconds
    /// (default 60); each later wait doubles, up to an hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_seconds: Option<u32>,
}

impl MailServer {
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.security {
            Security::Tls => 465,
            Security::Starttls => 587,
            Security::Off => 25,
        })
    }

    pub fn timeout(&self) -> jiff::SignedDuration {
        jiff::SignedDuration::from_secs(i64::from(self.timeout_seconds.unwrap_or(60).max(1)))
    }

    pub fn first_retry(&self) -> jiff::SignedDuration {
        jiff::SignedDuration::from_secs(i64::from(self.retry_seconds.unwrap_or(60).max(1)))
    }
}

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Plain text: only for a server on this machine or a trusted network.
    Off,
    /// Plain text first, then TLS before anything else is said; a server that does not offer
    /// it is refused.
    Starttls,
    /// TLS from the first byte.
    Tls,
}

impl Security {
    pub fn parse(text: &str) -> Option<Security> {
        match text {
            "off" => Some(Security::Off),
            "starttls" => Some(Security::Starttls),
            "tls" => Some(Security::Tls),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Security::Off => "off",
            Security::Starttls => "starttls",
            Security::Tls => "tls",
        }
    }
}

/// One entry of the holidays setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holiday {
    Date(Date),
    Calendar(HolidayCalendar),
}

impl Holiday {
    pub fn parse(text: &str) -> Result<Holiday, String> {
        if let Some(calendar) = HolidayCalendar::parse(text) {
            return Ok(Holiday::Calendar(calendar));
        }
        text.parse::<Date>().map(Holiday::Date).map_err(|_| {
            format!(
                "{text:?} is neither a date (YYYY-MM-DD) nor a holiday calendar ({})",
                HolidayCalendar::ALL.map(HolidayCalendar::as_str).join(", ")
            )
        })
    }
}

impl fmt::Display for Holiday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Holiday::Date(date) => write!(f, "{date}"),
            Holiday::Calendar(calendar) => f.write_str(calendar.as_str()),
        }
    }
}

impl Serialize for Holiday {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Holiday {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Holiday, D::Error> {
        Holiday::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Holiday>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Holiday),
        Many(Vec<Holiday>),
    }
    // Untagged enums hide the inner error; parse by hand to keep it.
    let value = serde_json::Value::deserialize(d)?;
    match value {
        serde_json::Value::String(text) => Holiday::parse(&text)
            .map(|h| vec![h])
            .map_err(serde::de::Error::custom),
        other => match OneOrMany::deserialize(other) {
            Ok(OneOrMany::Many(list)) => Ok(list),
            Ok(OneOrMany::One(one)) => Ok(vec![one]),
            Err(_) => Err(serde::de::Error::custom(
                "holidays is a list of dates (YYYY-MM-DD) and calendar names, or one calendar name",
            )),
        },
    }
}

/// The programme's numbers (spec/programme.md). Each has the spec's default; the rules
/// themselves do not change. There are never more than two status checks per stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timings {
    /// "Morning": when a day's first action may start.
    pub morning: Time,
    /// "End of day": when a day's actions are due.
    pub end_of_day: Time,
    pub debrief_within_hours: u32,
    pub report_within_hours: u32,
    pub thank_you_within_hours: u32,
    pub sample_within_hours: u32,
    /// The interest (1 to 5) from which a strategic letter replaces the lead's thank-you.
    pub strategic_from_interest: u8,
    /// Business days after the named decision date before the first status check.
    pub check_after_decision_days: u32,
    /// Business days after the interview, when no date was named.
    pub check_without_date_days: u32,
    /// Business days between the first status check and the second.
    pub second_check_after_days: u32,
    /// Business days after the second status check before closing quietly.
    pub close_after_days: u32,
    /// Business days a status check stays open.
    pub check_window_days: u32,
    pub follow_up_application_after_days: u32,
    /// Below this many active applications, keep searching.
    pub keep_searching_below: u32,
}

impl Default for Timings {
    fn default() -> Timings {
        Timings {
            morning: Time::constant(9, 0, 0, 0),
            end_of_day: Time::constant(17, 0, 0, 0),
            debrief_within_hours: 2,
            report_within_hours: 4,
            thank_you_within_hours: 24,
            sample_within_hours: 48,
            strategic_from_interest: 4,
            check_after_decision_days: 2,
            check_without_date_days: 7,
            second_check_after_days: 5,
            close_after_days: 5,
            check_window_days: 2,
            follow_up_application_after_days: 7,
            keep_searching_below: 3,
        }
    }
}

impl Timings {
    pub fn is_default(&self) -> bool {
        *self == Timings::default()
    }
}
