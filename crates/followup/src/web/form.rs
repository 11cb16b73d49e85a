//! What a request may carry, the same whether it comes from a page's form or from the API's
//! JSON: text as the person typed it ("next Wednesday", "52000"), read by the same code as
//! the command line's options. A form's empty field means "not given".

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// Text, or nothing when empty; a JSON number is taken as its text.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(serde_json::Number),
        Flag(bool),
    }
    Ok(match Option::<Raw>::deserialize(d)? {
        Some(Raw::Text(t)) if !t.trim().is_empty() => Some(t),
        Some(Raw::Number(n)) => Some(n.to_string()),
        Some(Raw::Flag(b)) => Some(b.to_string()),
        _ => None,
    })
}

/// A list: a JSON array, or a form's text with one entry per line.
pub fn lines<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        One(String),
        Many(Vec<String>),
    }
    let entries = match Option::<Raw>::deserialize(d)? {
        None => Vec::new(),
        Some(Raw::One(text)) => text.lines().map(str::to_string).collect(),
        Some(Raw::Many(list)) => list,
    };
    Ok(entries
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect())
}

/// A number typed as text: refused with the field's name when it is not one.
pub fn number<T: std::str::FromStr>(
    field: &'static str,
    text: Option<&str>,
) -> Result<Option<T>, followup_app::AppError> {
    text.map(|t| {
        t.trim()
            .parse::<T>()
            .map_err(|_| followup_app::AppError::field(field, format!("{t:?} is not a number")))
    })
    .transpose()
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NewApplication {
    #[serde(default, deserialize_with = "text")]
    pub company: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub department: Option<String>,
    /// The day you applied: YYYY-MM-DD or "today".
    #[serde(default, deserialize_with = "text")]
    pub applied_on: Option<String>,
    /// How much you want the job, 1 to 5.
    #[serde(default, deserialize_with = "text")]
    #[schema(value_type = Option<String>, example = "4")]
    pub interest: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub agency: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub consultant: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub consultant_email: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NewInterview {
    /// When it starts, as people say it: "Friday 4 December 2pm", "2026-11-20 14:00".
    #[serde(default, deserialize_with = "text")]
    pub starts: Option<String>,
    #[serde(default, deserialize_with = "text")]
    #[schema(value_type = Option<String>, example = "60")]
    pub minutes: Option<String>,
    /// in_person, video or phone.
    #[serde(default, deserialize_with = "text")]
    pub format: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub location: Option<String>,
    /// The people you will meet, one per entry: "Name, Title, email (lead)".
    #[serde(default, deserialize_with = "lines")]
    pub with: Vec<String>,
}

/// A debrief as the page's form holds it: lists one entry per line, dates as people say them.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct DebriefForm {
    /// The version of the debrief the form was shown with (the page's `version`); without
    /// it, the save is made from the debrief as it is now.
    #[serde(default, deserialize_with = "text")]
    pub version: Option<String>,
    /// The people met, one per entry: "Name, Title, email".
    #[serde(default, deserialize_with = "lines")]
    pub people: Vec<String>,
    #[serde(default, deserialize_with = "text")]
    pub job_details: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub company_notes: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub tone: Option<String>,
    #[serde(default, deserialize_with = "lines")]
    pub question_focus: Vec<String>,
    #[serde(default, deserialize_with = "lines")]
    pub went_well: Vec<String>,
    #[serde(default, deserialize_with = "lines")]
    pub went_badly: Vec<String>,
    /// What worried them, as the debrief's page writes it: a line per concern, "the topic:
    /// what they asked", and under it "Answer: what you would say to it now".
    #[serde(default, deserialize_with = "text")]
    pub concerns: Option<String>,
    #[serde(default, deserialize_with = "lines")]
    pub responded_well_to: Vec<String>,
    #[serde(default, deserialize_with = "lines")]
    pub forgot_to_mention: Vec<String>,
    #[serde(default, deserialize_with = "lines")]
    pub samples_discussed: Vec<String>,
    #[serde(default, deserialize_with = "lines")]
    pub questions_left: Vec<String>,
    /// yes, no, or nothing for "not sure yet".
    #[serde(default, deserialize_with = "text")]
    pub still_interested: Option<String>,
    /// What they said happens next, in their words.
    #[serde(default, deserialize_with = "text")]
    pub next_steps: Option<String>,
    /// The dates they named, as they said them: "next Friday", "4/12".
    #[serde(default, deserialize_with = "text")]
    pub first_round_ends: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub shortlist_by: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub second_round: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub decision_by: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NewEvent {
    /// reply, invitation, rejection, offer, offer_accepted, offer_declined,
    /// interview_cancelled or feedback.
    #[serde(default, deserialize_with = "text")]
    pub kind: Option<String>,
    /// When it happened, as a person says it ("this morning at 9", "2026-11-19 09:30");
    /// without it, now.
    #[serde(default, deserialize_with = "text")]
    pub at: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub note: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub decision_by: Option<String>,
    /// An invitation's next interview.
    #[serde(default, deserialize_with = "text")]
    pub starts: Option<String>,
    #[serde(default, deserialize_with = "text")]
    #[schema(value_type = Option<String>, example = "52000")]
    pub salary: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "text")]
    #[schema(value_type = Option<String>, example = "37.5")]
    pub hours_per_week: Option<String>,
    #[serde(default, deserialize_with = "lines")]
    pub benefits: Vec<String>,
    #[serde(default, deserialize_with = "text")]
    pub start_date: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub respond_by: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub terms: Option<String>,
}

/// A letter as the page holds it: which action or kind, for whom, and the text as edited.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct LetterForm {
    /// An action's id (`np-3`) or a kind of letter (with `application`).
    #[serde(default, deserialize_with = "text")]
    pub action: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub application: Option<String>,
    /// An email address or the name of someone the application knows.
    #[serde(default, deserialize_with = "text")]
    pub to: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub subject: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub body: Option<String>,
    /// Send although the checks found errors.
    #[serde(default, deserialize_with = "text")]
    #[schema(value_type = Option<bool>)]
    pub force: Option<String>,
    /// Send although a letter of this kind already went to this person.
    #[serde(default, deserialize_with = "text")]
    #[schema(value_type = Option<bool>)]
    pub again: Option<String>,
}

impl LetterForm {
    pub fn flag(value: &Option<String>) -> bool {
        matches!(value.as_deref(), Some("true" | "on" | "yes" | "1"))
    }
}

/// Which letter to compose.
#[derive(Debug, Default, Deserialize, ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DraftQuery {
    /// With a kind of letter: the application's key.
    #[serde(default, deserialize_with = "text")]
    pub application: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub to: Option<String>,
    /// For answer_offer: accept, counter or decline.
    #[serde(default, deserialize_with = "text")]
    pub answer: Option<String>,
}

/// The company's feedback on an interview, as the consultant types it on the report's page.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct FeedbackForm {
    /// What impressed them, one a line.
    #[serde(default, deserialize_with = "lines")]
    pub impressed: Vec<String>,
    /// What worried them, one a line.
    #[serde(default, deserialize_with = "lines")]
    pub worried: Vec<String>,
    #[serde(default, deserialize_with = "text")]
    pub fit: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub next_step: Option<String>,
    /// The date they named, as they said it.
    #[serde(default, deserialize_with = "text")]
    pub next_date: Option<String>,
    /// `undecided`, `next_round` or `rejected`.
    #[serde(default, deserialize_with = "text")]
    pub decision: Option<String>,
}

/// The report of an interview to the consultant: its debrief, and what to pass on.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ShareForm {
    /// What the consultant should pass on to the company.
    #[serde(default, deserialize_with = "text")]
    pub pass_on: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct DoneForm {
    #[serde(default, deserialize_with = "text")]
    pub note: Option<String>,
    /// A call: answered or voicemail.
    #[serde(default, deserialize_with = "text")]
    pub outcome: Option<String>,
    /// A call that was answered: the new date they named.
    #[serde(default, deserialize_with = "text")]
    pub decision_by: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SkipForm {
    #[serde(default, deserialize_with = "text")]
    pub why: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ProfileForm {
    /// The version of the profile and settings the form was shown with (the page's
    /// `version`); without it, the change is made to them as they are now.
    #[serde(default, deserialize_with = "text")]
    pub version: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub phone: Option<String>,
    /// en-GB, en-US, en-CA or en-AU.
    #[serde(default, deserialize_with = "text")]
    pub language: Option<String>,
    /// An IANA time zone, like Europe/London.
    #[serde(default, deserialize_with = "text")]
    pub timezone: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub signature: Option<String>,
    /// Holiday calendars (gb-eng, gb-sct, us, ca, au) and dates, separated by commas.
    #[serde(default, deserialize_with = "text")]
    pub holidays: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct MailForm {
    /// The version of the profile and settings the form was shown with (the page's
    /// `version`); without it, the change is made to them as they are now.
    #[serde(default, deserialize_with = "text")]
    pub version: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub host: Option<String>,
    #[serde(default, deserialize_with = "text")]
    #[schema(value_type = Option<String>, example = "587")]
    pub port: Option<String>,
    /// off, starttls or tls.
    #[serde(default, deserialize_with = "text")]
    pub security: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub username: Option<String>,
    /// A file holding the password, readable by you alone. The password itself is never kept.
    #[serde(default, deserialize_with = "text")]
    pub password_file: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct WordsForm {
    /// The user's own words, one per line: names, places, terms of the trade.
    #[serde(default, deserialize_with = "lines")]
    pub words: Vec<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TemplateForm {
    /// The letter's kind: thank_you, strategic_letter...
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    /// The template's text; empty to go back to the built-in one.
    #[serde(default)]
    pub source: Option<String>,
}
