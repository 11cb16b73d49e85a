//! Stick to the programme (spec/programme.md, "Guards"): no chasing before the date they
//! named, no third chaser, and no second message within two business days.

use std::sync::LazyLock;

use regex::Regex;

use super::{CheckContext, Finding, Letter, Severity};
use crate::capture::dates::long;
use crate::model::{ActionKind, Application};
use crate::programme::ActionState;

/// The letters that chase an answer.
fn is_chaser(kind: ActionKind) -> bool {
    matches!(
        kind,
        ActionKind::StatusCheck | ActionKind::FollowUpApplication
    )
}

/// A letter that asks about the decision, whatever it was given as.
static ASKS_ABOUT_DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)\b(
        any\s+(news|update|updates|word|progress)\b
      | (update|news)\s+on\s+(the|your|my)\s+(decision|application|process|timeline|progress|status)
      | (status|progress)\s+of\s+my\s+application
      | where\s+(things|my\s+application|the\s+process|matters)\s+(stand|stands|are)
      | (have|has)\s+(you|the\s+team|the\s+panel|a\s+decision)\s+(made|reached|been\s+made)
      | (whether|if)\s+(a|the)\s+decision\s+(has|was)
      | when\s+(you|the\s+team|the\s+panel)\s+(will|might|expect\s+to|plan\s+to|hope\s+to)\s+(decide|make\s+a\s+decision|be\s+in\s+touch)
      | heard\s+anything
    )").expect("valid")
});

/// The chaser a letter counts as: its kind if it is one; otherwise, a letter to the employer
/// that asks about the decision before one is known counts as the chaser the programme has.
fn chaser(letter: &Letter, context: &CheckContext, app: &Application) -> Option<ActionKind> {
    match context.kind {
        Some(kind) if is_chaser(kind) => return Some(kind),
        Some(
            ActionKind::ReportToConsultant
            | ActionKind::RequestFeedback
            | ActionKind::ReviewOffer
            | ActionKind::AnswerOffer
            | ActionKind::ReturnContract
            | ActionKind::WithdrawPolitely,
        ) => return None,
        _ => {}
    }
    if super::privacy::to_consultant(context) || !ASKS_ABOUT_DECISION.is_match(letter.body()) {
        return None;
    }
    Some(if app.interviews.is_empty() {
        ActionKind::FollowUpApplication
    } else {
        ActionKind::StatusCheck
    })
}

pub(super) fn check(letter: &Letter, context: &CheckContext, out: &mut Vec<Finding>) {
    let (Some(now), Some(app)) = (context.now, context.application) else {
        return;
    };
    let Some(kind) = chaser(letter, context, app) else {
        return;
    };
    let of_kind = || context.plan.iter().filter(|a| a.kind == kind);
    let next = of_kind()
        .filter(|a| a.is_open())
        .min_by_key(|a| a.not_before.instant());
    let made = of_kind()
        .filter(|a| matches!(a.state, ActionState::Done | ActionState::Skipped))
        .filter(|a| a.interview == context.interview().map(|i| i.key.clone()))
        .count();
    match next {
        Some(action) if now < action.not_before.instant() => out.push(Finding::new(
            "too_early",
            Severity::Error,
            format!(
                "Too early to chase: the programme's next {} is from {}; before that it looks desperate.",
                if kind == ActionKind::StatusCheck { "status check" } else { "follow-up" },
                long(action.not_before.instant().to_zoned(context.time_zone()).date())
            ),
            None,
        )),
        Some(_) => {}
        None if made >= 2 => out.push(Finding::new(
            "bombarding",
            Severity::Error,
            format!(
                "Two {} were made already without an answer: a third is one too many; close this one quietly and put the energy elsewhere.",
                if kind == ActionKind::StatusCheck { "status checks" } else { "follow-ups" }
            ),
            None,
        )),
        None => out.push(Finding::new(
            "too_early",
            Severity::Error,
            "The programme has no chaser due for this application now: wait for the date they named.",
            None,
        )),
    }
    // A second message within two business days of the last one, thank-yous and replies aside.
    let zone = context.time_zone();
    let today = now.to_zoned(zone.clone()).date();
    let recent = app
        .done
        .iter()
        .filter(|d| !d.skipped && d.at.instant() <= now)
        .any(|d| {
            let sent = d.at.instant().to_zoned(zone.clone()).date();
            crate::programme::is_employer_facing(d.kind)
                && !matches!(
                    d.kind,
                    ActionKind::ThankYou
                        | ActionKind::StrategicLetter
                        | ActionKind::ReplyToInvitation
                        | ActionKind::RequestFeedback
                )
                && context.business_days.after(sent, 2) > today
        });
    if recent {
        out.push(Finding::new(
            "bombarding",
            Severity::Error,
            "You were in touch less than two business days ago: give them time before writing again.",
            None,
        ));
    }
}
