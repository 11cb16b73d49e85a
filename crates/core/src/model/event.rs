use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Amount, Expectations, Moment};

/// Something that happened on the employer's side (or the candidate's answer to it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: Moment,
    pub kind: EventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A reply that names a new date for the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_by: Option<Date>,
    /// An invitation's next interview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<Moment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<Offer>,
    /// The interview the event is about, where it is about one (the company's feedback).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview: Option<super::Key>,
    /// A feedback event's words, under the debrief's headings, as the consultant heard them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
}

impl Event {
    pub fn new(at: Moment, kind: EventKind) -> Event {
        Event {
            at,
            kind,
            note: None,
            decision_by: None,
            starts_at: None,
            offer: None,
            interview: None,
            feedback: None,
        }
    }
}

/// The company's feedback on one interview, as the consultant heard it, under the headings of
/// the candidate's debrief so that the two can be held side by side.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// What impressed them (beside what the candidate thought went well).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impressed: Vec<String>,
    /// What worried them (beside the concerns the candidate noticed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub worried: Vec<String>,
    /// How they see the candidate fitting the role and the team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fit: Option<String>,
    /// What happens next, in their words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
    /// The date they named for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

/// Where the company stands after an interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Still deciding.
    Undecided,
    /// They want to see the candidate again: an invitation.
    NextRound,
    /// They will not go further: a rejection.
    Rejected,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Undecided, Decision::NextRound, Decision::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Undecided => "undecided",
            Decision::NextRound => "next_round",
            Decision::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == text)
    }

    /// In a sentence: "They are still deciding."
    pub fn words(self) -> &'static str {
        match self {
            Decision::Undecided => "still deciding",
            Decision::NextRound => "inviting you to the next round",
            Decision::Rejected => "not taking it further",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Reply,
    Invitation,
    Rejection,
    Offer,
    OfferAccepted,
    OfferDeclined,
    InterviewCancelled,
    Feedback,
}

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::Reply,
        EventKind::Invitation,
        EventKind::Rejection,
        EventKind::Offer,
        EventKind::OfferAccepted,
        EventKind::OfferDeclined,
        EventKind::InterviewCancelled,
        EventKind::Feedback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Reply => "reply",
            EventKind::Invitation => "invitation",
            EventKind::Rejection => "rejection",
            EventKind::Offer => "offer",
            EventKind::OfferAccepted => "offer_accepted",
            EventKind::OfferDeclined => "offer_declined",
            EventKind::InterviewCancelled => "interview_cancelled",
            EventKind::Feedback => "feedback",
        }
    }

    pub fn parse(text: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Whether the employer spoke: what a status check waits for.
    pub fn is_response(self) -> bool {
        matches!(
            self,
            EventKind::Reply | EventKind::Invitation | EventKind::Rejection | EventKind::Offer
        )
    }

    /// Whether this event decides the application's stage.
    pub fn settles_stage(self) -> bool {
        matches!(
            self,
            EventKind::Rejection
                | EventKind::Offer
                | EventKind::OfferAccepted
                | EventKind::OfferDeclined
        )
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The terms of a job offer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_week: Option<Amount>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub benefits: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respond_by: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
}

impl Offer {
    /// The salary beside the one expected: more is better.
    pub fn salary_against(&self, expected: &Expectations) -> Option<Verdict> {
        Verdict::of(self.salary, expected.salary, true)
    }

    /// The hours a week beside the ones expected: fewer are better.
    pub fn hours_against(&self, expected: &Expectations) -> Option<Verdict> {
        Verdict::of(self.hours_per_week, expected.hours_per_week, false)
    }

    /// Whether the offer names this benefit, in any case.
    pub fn offers_benefit(&self, benefit: &str) -> bool {
        self.benefits
            .iter()
            .any(|b| b.eq_ignore_ascii_case(benefit))
    }
}

/// How a term of an offer stands beside what the candidate expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Better,
    Same,
    Worse,
    /// Expected, and the offer does not say.
    Missing,
}

impl Verdict {
    /// None when nothing was expected of this term.
    fn of(
        offered: Option<Amount>,
        expected: Option<Amount>,
        more_is_better: bool,
    ) -> Option<Verdict> {
        let expected = expected?.value();
        let Some(offered) = offered.map(Amount::value) else {
            return Some(Verdict::Missing);
        };
        Some(if (offered - expected).abs() < f64::EPSILON {
            Verdict::Same
        } else if (offered > expected) == more_is_better {
            Verdict::Better
        } else {
            Verdict::Worse
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Same => "same",
            Verdict::Worse => "worse",
            Verdict::Missing => "missing",
        }
    }
}

/// An action of the programme that the candidate has done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Done {
    pub at: Moment,
    pub kind: ActionKind,
    /// The interview the action belonged to, where it belonged to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview: Option<super::Key>,
    /// The recipient's email address, or their name when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The candidate chose not to do it; `note` says why.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
    /// How a call went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<CallOutcome>,
}

impl Done {
    pub fn new(at: Moment, kind: ActionKind) -> Done {
        Done {
            at,
            kind,
            interview: None,
            to: None,
            note: None,
            skipped: false,
            outcome: None,
        }
    }
}

/// How a phone call went. Either way the call was made; a new date the employer named on the
/// phone is recorded as their reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    Answered,
    Voicemail,
}

impl CallOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            CallOutcome::Answered => "answered",
            CallOutcome::Voicemail => "voicemail",
        }
    }

    pub fn parse(text: &str) -> Option<CallOutcome> {
        [CallOutcome::Answered, CallOutcome::Voicemail]
            .into_iter()
            .find(|o| o.as_str() == text)
    }
}

/// The kinds of action in the programme (spec/programme.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    WriteDebrief,
    ReportToConsultant,
    ThankYou,
    StrategicLetter,
    SendSample,
    StatusCheck,
    CloseQuietly,
    ReplyToInvitation,
    RequestFeedback,
    ReviewOffer,
    AnswerOffer,
    ReturnContract,
    PrepareFirstDay,
    WithdrawPolitely,
    FollowUpApplication,
    KeepSearching,
}

impl ActionKind {
    pub const ALL: [ActionKind; 16] = [
        ActionKind::WriteDebrief,
        ActionKind::ReportToConsultant,
        ActionKind::ThankYou,
        ActionKind::StrategicLetter,
        ActionKind::SendSample,
        ActionKind::StatusCheck,
        ActionKind::CloseQuietly,
        ActionKind::ReplyToInvitation,
        ActionKind::RequestFeedback,
        ActionKind::ReviewOffer,
        ActionKind::AnswerOffer,
        ActionKind::ReturnContract,
        ActionKind::PrepareFirstDay,
        ActionKind::WithdrawPolitely,
        ActionKind::FollowUpApplication,
        ActionKind::KeepSearching,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::WriteDebrief => "write_debrief",
            ActionKind::ReportToConsultant => "report_to_consultant",
            ActionKind::ThankYou => "thank_you",
            ActionKind::StrategicLetter => "strategic_letter",
            ActionKind::SendSample => "send_sample",
            ActionKind::StatusCheck => "status_check",
            ActionKind::CloseQuietly => "close_quietly",
            ActionKind::ReplyToInvitation => "reply_to_invitation",
            ActionKind::RequestFeedback => "request_feedback",
            ActionKind::ReviewOffer => "review_offer",
            ActionKind::AnswerOffer => "answer_offer",
            ActionKind::ReturnContract => "return_contract",
            ActionKind::PrepareFirstDay => "prepare_first_day",
            ActionKind::WithdrawPolitely => "withdraw_politely",
            ActionKind::FollowUpApplication => "follow_up_application",
            ActionKind::KeepSearching => "keep_searching",
        }
    }

    pub fn parse(text: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
