//! The programme in plain words: what an action asks, and when, as a person reads it.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{Action, Channel};
use crate::model::ActionKind;

/// What to do, to whom: "Thank Luis Ortega for the interview".
pub fn summary(action: &Action) -> String {
    let name = action.recipient.as_ref().map(|r| r.name.as_str());
    let to = |prefix: &str| name.map(|n| format!("{prefix}{n}")).unwrap_or_default();
    let mut text = match action.kind {
        ActionKind::WriteDebrief => "Write the debrief of the interview".to_string(),
        ActionKind::ReportToConsultant => format!("Report the interview to{}", to(" ")),
        ActionKind::ThankYou => format!(
            "Thank {} for the interview",
            name.unwrap_or("the interviewer")
        ),
        ActionKind::StrategicLetter => format!("Send a strategic letter{}", to(" to ")),
        ActionKind::SendSample => format!(
            "Send {}{}",
            action
                .detail
                .as_deref()
                .map_or("the work sample".into(), |d| format!(
                    "the {}",
                    d.trim_start_matches("the ")
                )),
            to(" to ")
        ),
        ActionKind::StatusCheck => format!(
            "Call {}to ask where things stand{}",
            name.map(|n| format!("{n} ")).unwrap_or_default(),
            if action.detail.is_some() {
                ", a second time"
            } else {
                ""
            }
        ),
        ActionKind::CloseQuietly => "Close the application quietly".into(),
        ActionKind::ReplyToInvitation => format!("Answer the invitation{}", to(" from ")),
        ActionKind::RequestFeedback => {
            format!("Thank {} and ask for feedback", name.unwrap_or("them"))
        }
        ActionKind::ReviewOffer => "Review the offer against what was agreed".into(),
        ActionKind::AnswerOffer => format!("Answer the offer{}", to(" from ")),
        ActionKind::ReturnContract => "Check and return the contract".into(),
        ActionKind::PrepareFirstDay => "Prepare for the first day".into(),
        ActionKind::WithdrawPolitely => format!("Withdraw politely{}", to(", writing to ")),
        ActionKind::FollowUpApplication => format!("Follow up the application{}", to(" with ")),
        ActionKind::KeepSearching => "Keep other applications moving".into(),
    };
    if action.channel == Channel::ViaConsultant {
        text.push_str(", through the consultant");
    }
    text
}

/// When, relative to now, in the zone the user reads: "due tomorrow 11:30",
/// "was due Wed 18 Nov 15:00", "from Thu 26 Nov 09:00, due Mon 30 Nov 17:00".
pub fn when(action: &Action, now: Timestamp, zone: &TimeZone) -> String {
    let today = now.to_zoned(zone.clone()).date();
    let due = day_and_time(action.due.instant(), today, zone);
    if action.due.instant() < now {
        format!("was due {due}")
    } else if action.not_before.instant() > now {
        format!(
            "from {}, due {due}",
            day_and_time(action.not_before.instant(), today, zone)
        )
    } else {
        format!("due {due}")
    }
}

fn day_and_time(at: Timestamp, today: Date, zone: &TimeZone) -> String {
    let local = at.to_zoned(zone.clone());
    let days = (local.date() - today).get_days();
    let day = match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        _ if local.date().year() == today.year() => local.strftime("%a %-d %b").to_string(),
        _ => local.strftime("%a %-d %b %Y").to_string(),
    };
    format!("{day} {}", local.strftime("%H:%M"))
}

/// A letter's kind as a sentence names it: "your thank-you letter".
pub(crate) fn kind_words(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::ThankYou => "thank-you letter",
        ActionKind::StrategicLetter => "strategic letter",
        ActionKind::SendSample => "letter with the work sample",
        ActionKind::ReplyToInvitation => "answer to the invitation",
        ActionKind::RequestFeedback => "letter asking for feedback",
        ActionKind::AnswerOffer => "answer to the offer",
        ActionKind::ReturnContract => "letter returning the contract",
        ActionKind::WithdrawPolitely => "letter withdrawing",
        ActionKind::FollowUpApplication => "follow-up of the application",
        ActionKind::ReportToConsultant => "report to the consultant",
        _ => "letter",
    }
}
