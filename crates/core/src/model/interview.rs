use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::{Debrief, Key, Moment, Person};

/// One round of interviews: when, where, with whom, and the debrief written after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    pub key: Key,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<u32>,
    pub starts_at: Moment,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<Moment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default)]
    pub interviewers: Vec<Interviewer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debrief: Option<Debrief>,
}

impl Interview {
    /// When the interview ended: as recorded, or an hour after it started.
    pub fn end(&self) -> Timestamp {
        match self.ends_at {
            Some(end) => end.instant(),
            None => self.starts_at.instant() + SignedDuration::from_hours(1),
        }
    }

    /// The interviewer who leads: the one marked lead, else the first listed.
    pub fn lead(&self) -> Option<&Interviewer> {
        self.interviewers
            .iter()
            .find(|i| i.lead)
            .or_else(|| self.interviewers.first())
    }

    /// The interviewer who raised a concern: the one its `raised_by` names, else the lead.
    pub fn raised(&self, concern: &crate::Concern) -> Option<&Interviewer> {
        concern
            .raised_by
            .as_deref()
            .and_then(|who| {
                self.interviewers
                    .iter()
                    .find(|i| crate::model::person::answers_to(i.email.as_deref(), &i.name, who))
            })
            .or_else(|| self.named_in(concern.detail.as_deref()?))
            .or_else(|| self.lead())
    }

    /// The one interviewer a note names, by first or full name ("Dev asked whether I had run
    /// Flink"): who raised a concern when the debrief does not say.
    fn named_in(&self, note: &str) -> Option<&Interviewer> {
        let words: Vec<&str> = note
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
            .collect();
        let mut named = self.interviewers.iter().filter(|i| {
            i.name
                .split_whitespace()
                .next()
                .is_some_and(|first| words.contains(&first))
        });
        match (named.next(), named.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// The concerns a letter to `to` answers: to an interviewer of this interview, those they
    /// raised; to anyone else (the consultant), all of them.
    pub fn concerns_for(&self, to: &str) -> Vec<&crate::Concern> {
        let Some(d) = &self.debrief else {
            return Vec::new();
        };
        let interviewer = self
            .interviewers
            .iter()
            .find(|i| crate::model::person::answers_to(i.email.as_deref(), &i.name, to));
        d.concerns
            .iter()
            .filter(|c| {
                interviewer.is_none_or(|i| self.raised(c).is_some_and(|r| std::ptr::eq(r, i)))
            })
            .collect()
    }

    /// Whether this interviewer raised any concern a letter answers (money is left to the
    /// consultant or the offer).
    pub fn raised_a_concern(&self, interviewer: &Interviewer) -> bool {
        self.debrief.as_ref().is_some_and(|d| {
            d.concerns.iter().any(|c| {
                !c.is_about_money() && self.raised(c).is_some_and(|r| std::ptr::eq(r, interviewer))
            })
        })
    }
}

/// How the interview was held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    InPerson,
    Video,
    Phone,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::InPerson => "in_person",
            Format::Video => "video",
            Format::Phone => "phone",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        [Format::InPerson, Format::Video, Format::Phone]
            .into_iter()
            .find(|f| f.as_str() == text)
    }
}

/// A person met at an interview, and whether they led it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interviewer {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lead: bool,
}

impl Interviewer {
    pub fn person(&self) -> Person {
        Person {
            name: self.name.clone(),
            title: self.title.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
        }
    }

    /// Whether `to` names this interviewer: their email address or their name.
    pub fn answers_to(&self, to: &str) -> bool {
        super::person::answers_to(self.email.as_deref(), &self.name, to)
    }

    pub fn from_person(person: Person, lead: bool) -> Interviewer {
        Interviewer {
            name: person.name,
            title: person.title,
            email: person.email,
            phone: person.phone,
            lead,
        }
    }
}
