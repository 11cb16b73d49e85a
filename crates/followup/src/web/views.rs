//! What each operation answers: the data a page shows and the API returns, the same value.
//! Times come as RFC 3339 (`due`) and as words for people (`when`).

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionView {
    /// The action's id, as `followup done` takes it.
    pub id: String,
    pub application: String,
    pub company: String,
    /// thank_you, strategic_letter, status_check...
    pub kind: String,
    /// In words: "Thank Priya Shah for the interview".
    pub summary: String,
    /// In words: "due today at 17:00", "overdue by 2 days".
    pub when: String,
    /// Why the programme asks for it.
    pub why: String,
    /// email, phone, via_consultant or in_app.
    pub channel: String,
    pub to: Option<String>,
    pub not_before: String,
    pub due: String,
    pub overdue: bool,
    /// A letter can be composed for it.
    pub letter: bool,
    /// It is a telephone call.
    pub call: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaGroup {
    /// overdue, today, this-week or later.
    pub id: String,
    /// Overdue, Today, This week or Later.
    pub title: String,
    pub actions: Vec<ActionView>,
    /// How many more actions the group has than it lists (the page lists the first few).
    pub more: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TodayView {
    /// Now, in words, in the user's time zone.
    pub now: String,
    pub groups: Vec<AgendaGroup>,
    /// Letters in the outbox that wait for the user's decision.
    pub letters_waiting: usize,
    /// Letters queued on their way.
    pub letters_queued: usize,
    pub applications: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Card {
    pub key: String,
    pub company: String,
    pub role: String,
    /// What the application waits for: the next action, or the employer.
    pub waiting_for: String,
    /// Since when, in words.
    pub since: String,
    pub interest: Option<u8>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Column {
    /// applied, interviewing, offered, accepted, rejected, withdrawn or closed.
    pub stage: String,
    pub title: String,
    pub count: usize,
    pub cards: Vec<Card>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BoardView {
    pub columns: Vec<Column>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    pub at: String,
    /// The moment in words, in the user's time zone.
    pub when: String,
    /// interview, debrief, event, email, via_consultant or phone.
    pub what: String,
    pub title: String,
    pub detail: Option<String>,
    /// A message's or call's state: sent, queued, failed, answered...
    pub state: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// interviewer or consultant.
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewView {
    pub key: String,
    pub round: Option<u32>,
    pub when: String,
    pub with: Vec<String>,
    pub debriefed: bool,
    /// When its debrief was shared with the consultant, and what they are to pass on.
    pub shared: Option<String>,
    pub pass_on: Option<String>,
    /// The candidate's impression beside the company's feedback, once there is feedback.
    pub beside: Option<Vec<PointView>>,
}

/// The report of an interview, shared.
#[derive(Debug, Serialize, ToSchema)]
pub struct SharedView {
    pub application: String,
    pub interview: String,
    pub shared: String,
    pub pass_on: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationView {
    pub key: String,
    pub company: String,
    pub role: String,
    pub department: Option<String>,
    pub stage: String,
    pub interest: Option<u8>,
    pub agency: Option<String>,
    pub interviews: Vec<InterviewView>,
    /// Interviews, debriefs, events, letters and calls, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// The letters that went to the consultant to forward (the agency mode), oldest first.
    pub through_consultant: Vec<ConsultantLetter>,
    /// The open actions of the programme, most urgent first.
    pub programme: Vec<ActionView>,
    pub people: Vec<PersonView>,
    pub has_offer: bool,
    /// The whole application, as `followup export` writes it.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A letter submitted to the consultant: waiting, or forwarded with what they changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultantLetter {
    /// The Message-ID.
    pub id: String,
    pub subject: String,
    /// `waiting`, `queued`, `sent`...
    pub state: String,
    pub submitted: String,
    /// When and by whom it was forwarded.
    pub forwarded: Option<String>,
    /// It has waited for the consultant longer than it should.
    pub late: bool,
    /// What the consultant changed, line by line (`same`, `removed`, `added`).
    #[schema(value_type = Option<Vec<Object>>)]
    pub changes: Option<Vec<followup_core::track::Line>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub application: String,
    pub interview: Option<String>,
    /// Where to go next, in the web app.
    pub next: String,
}

/// A debrief as the form shows it: lists as lines, dates as full dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct DebriefView {
    pub application: String,
    pub company: String,
    pub role: String,
    pub interview: String,
    /// The version of the debrief this form shows: a save from it is refused once the
    /// debrief has changed elsewhere.
    pub version: String,
    pub when: String,
    pub people: String,
    pub job_details: String,
    pub company_notes: String,
    pub tone: String,
    pub question_focus: String,
    pub went_well: String,
    pub went_badly: String,
    pub concerns: String,
    pub responded_well_to: String,
    pub forgot_to_mention: String,
    pub samples_discussed: String,
    pub questions_left: String,
    pub still_interested: String,
    pub next_steps: String,
    pub first_round_ends: String,
    pub shortlist_by: String,
    pub second_round: String,
    pub decision_by: String,
    pub written_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DebriefSaved {
    /// When it was saved, in words.
    pub saved: String,
    /// The debrief's version now: the next save is made from it.
    pub version: String,
    /// The dates as read: field and full date, to confirm.
    pub dates: Vec<DateRead>,
    /// What could not be read and was left as it was.
    pub problems: Vec<String>,
}

/// A debrief save refused because the debrief changed since the form was shown.
#[derive(Debug, Serialize)]
pub struct DebriefConflict {
    pub message: String,
    /// What this form would have saved.
    pub mine: DebriefView,
    /// What is kept now.
    pub theirs: DebriefView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DateRead {
    pub field: String,
    pub date: String,
    pub long: String,
    /// When it is not a business day: a word to check it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingView {
    pub rule: String,
    /// error or warning.
    pub severity: String,
    /// What is wrong and how to mend it.
    pub message: String,
    /// The words it points at.
    pub excerpt: Option<String>,
    /// Byte offsets into `Subject: ...\n\nbody`.
    pub span: Option<(usize, usize)>,
}

/// A piece of the letter's text, marked when a finding points at it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Segment {
    pub text: String,
    /// The index of the finding, in `findings`.
    pub finding: Option<usize>,
    pub severity: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckView {
    pub findings: Vec<FindingView>,
    /// The letter, cut where findings point.
    pub marked: Vec<Segment>,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LetterView {
    pub action: Option<String>,
    pub application: String,
    pub company: String,
    pub kind: String,
    pub to: Option<String>,
    /// Through whom it goes, when an agency arranged the interview.
    pub via: Option<String>,
    pub subject: String,
    pub body: String,
    /// What goes with it: a call's script.
    pub notes: Option<String>,
    pub check: CheckView,
    /// A mailto: link (RFC 6068) for the mail app.
    pub mailto: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SentView {
    pub id: String,
    /// queued, sending, sent, failed, uncertain or cancelled.
    pub state: String,
    pub route: String,
    /// What the mail server said, when it did not take the letter.
    pub problem: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedView {
    pub id: String,
    pub summary: String,
    pub application: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferRow {
    pub term: String,
    pub offered: String,
    pub expected: String,
    /// better, worse, different or same.
    pub verdict: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferView {
    pub application: String,
    pub company: String,
    pub role: String,
    pub rows: Vec<OfferRow>,
    pub respond_by: Option<String>,
    pub terms: Option<String>,
    /// The open actions about the offer: review it, answer it.
    pub actions: Vec<ActionView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Bar {
    pub label: String,
    pub value: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Chart {
    pub title: String,
    /// A sentence that says what the picture shows, for those who do not see it.
    pub summary: String,
    pub bars: Vec<Bar>,
    /// The picture, drawn on the server.
    pub svg: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InsightsView {
    pub charts: Vec<Chart>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsView {
    /// The profile and settings' version: a change made from this page carries it.
    pub version: String,
    #[schema(value_type = Object)]
    pub profile: serde_json::Value,
    pub language: String,
    pub timezone: String,
    pub holidays: String,
    /// The mail server, without any password.
    #[schema(value_type = Object)]
    pub mail: serde_json::Value,
    pub words: String,
    pub templates: Vec<TemplateView>,
    /// The private calendar feed: whoever has it can read the programme. The page gives the
    /// whole address (with the host it was asked for); the API, its path. Empty in the agency
    /// mode until the user asks for one.
    pub calendar_url: String,
    /// The same feed as a `webcal://` link, which calendar apps subscribe to; on the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar_webcal: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateView {
    pub name: String,
    pub source: String,
    /// The user's own, in place of the built-in one.
    pub own: bool,
}

/// One heading of the candidate's impression beside the company's feedback.
#[derive(Debug, Serialize, ToSchema)]
pub struct PointView {
    pub heading: String,
    /// What the candidate noted, each with whether the company said something like it.
    #[schema(value_type = Vec<Object>)]
    pub candidate: Vec<followup_core::track::Said>,
    /// What the company said, each with whether the candidate noted something like it.
    #[schema(value_type = Vec<Object>)]
    pub company: Vec<followup_core::track::Said>,
    /// `agree`, `differ`, `candidate_only`, `company_only` or `silent`.
    pub stand: String,
    /// The same in words: "both agree", "news to you".
    pub stand_words: String,
}

impl PointView {
    /// A point as the candidate (`to_candidate`) or their consultant reads it.
    pub fn of(p: followup_core::track::Point, to_candidate: bool) -> PointView {
        PointView {
            heading: p.heading.to_string(),
            stand: serde_json::to_value(p.stand)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            stand_words: p.stand.words(to_candidate).to_string(),
            candidate: p.candidate,
            company: p.company,
        }
    }
}
