use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Moment;

/// What the candidate wrote down minutes after the interview, while it was fresh.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Debrief {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_at: Option<Moment>,
    /// The job as the interviewer described it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_details: Option<String>,
    /// The company and the department, as seen from the inside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<String>,
    #[serde(default)]
    pub question_focus: Vec<String>,
    #[serde(default)]
    pub went_well: Vec<String>,
    #[serde(default)]
    pub went_badly: Vec<String>,
    /// The skills or gaps the interviewer seemed worried about, and the candidate's answer.
    #[serde(default)]
    pub concerns: Vec<Concern>,
    #[serde(default)]
    pub responded_well_to: Vec<String>,
    #[serde(default)]
    pub forgot_to_mention: Vec<String>,
    #[serde(default)]
    pub samples_discussed: Vec<String>,
    #[serde(default)]
    pub questions_left: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub still_interested: Option<bool>,
    #[serde(default)]
    pub next_steps: NextSteps,
}

/// Something the interviewer seemed worried about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concern {
    pub about: String,
    /// Who raised it: an interviewer's name or email, as listed in the interview. Without it,
    /// the concern is the lead interviewer's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// What the candidate would say to it now: the strategic letter's material.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

impl Concern {
    /// A worry about money (salary, rate, package): for the consultant or the offer, never
    /// answered in a letter to the employer.
    pub fn is_about_money(&self) -> bool {
        static MONEY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"(?i)\b(salary|salaries|pay|money|package|compensation|expensive|rate|rates|remuneration|bonus|equity|cost)\b").expect("valid")
        });
        MONEY.is_match(&self.about)
    }
}

/// What the interviewer said happens next, in their words and as dates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextSteps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_round_ends: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortlist_by: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_round: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_by: Option<Date>,
}

impl NextSteps {
    pub fn is_empty(&self) -> bool {
        *self == NextSteps::default()
    }

    /// The date they named for their next step about the candidate: the earliest of the
    /// shortlist and the decision, as the programme waits for it.
    pub fn named(&self) -> Option<Date> {
        [self.shortlist_by, self.decision_by]
            .into_iter()
            .flatten()
            .min()
    }
}
