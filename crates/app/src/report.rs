//! The agency's side of an interview: the candidate's report to their consultant (the debrief
//! shared, with what they want passed on), and the company's feedback as the consultant heard
//! it, which acts on the programme as the employer's own reply would, and is held beside the
//! candidate's impression.

use followup_core::capture::dates;
use followup_core::programme::BusinessDays;
use followup_core::track::{Point, side_by_side};
pub use followup_core::track::{feedback_on, shared};
use followup_core::{
    ActionKind, Application, Decision, Done, Event, EventKind, Feedback, Interview, Moment,
};
use followup_store::Store;

use crate::applications::{check, find};
use crate::{AppError, Context, Result};

/// The report of one interview: its debrief, shared with the consultant.
#[derive(Debug, Clone, Default)]
pub struct Share {
    pub app: String,
    pub interview: String,
    /// What the candidate wants the consultant to pass on to the company.
    pub pass_on: Option<String>,
}

/// Shares an interview's debrief with the consultant: the report to the consultant, done. A
/// second share with the same words changes nothing; new words are a new report.
pub async fn share(input: Share, store: &impl Store, context: &Context) -> Result<Done> {
    let mut app = find(store, &input.app).await?;
    let interview = interview_of(&app, &input.interview)?;
    if interview.debrief.is_none() {
        return Err(AppError::invalid(
            "write the debrief first: the report to your consultant is the debrief",
        ));
    }
    let key = interview.key.clone();
    let pass_on = input
        .pass_on
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    if let Some(kept) = shared(&app, &key)
        && kept.note == pass_on
    {
        return Ok(kept.clone());
    }
    let (profile, _) = store.profile().await?;
    let tz = context.application_zone(&app, &profile);
    let mut done = Done::new(
        Moment::in_zone(context.now, &tz),
        ActionKind::ReportToConsultant,
    );
    done.interview = Some(key);
    done.to = app
        .agency
        .as_ref()
        .and_then(|a| a.consultant.as_ref())
        .map(|c| c.email.clone().unwrap_or_else(|| c.name.clone()));
    done.note = pass_on;
    app.done.push(done.clone());
    check(&app)?;
    store.add_done(&app.key, &done, None).await?;
    Ok(done)
}

/// The company's feedback on one interview, as the consultant gives it: the next date as
/// people say it.
#[derive(Debug, Clone, Default)]
pub struct FeedbackInput {
    pub app: String,
    pub interview: String,
    pub impressed: Vec<String>,
    pub worried: Vec<String>,
    pub fit: Option<String>,
    pub next_step: Option<String>,
    pub next_date: Option<String>,
    /// `undecided`, `next_round` or `rejected`.
    pub decision: Option<String>,
}

/// Records the company's feedback, and the reply it is: a next date moves the status checks, a
/// next round is an invitation, a rejection a rejection. All in one transaction.
pub async fn record_feedback(
    input: FeedbackInput,
    store: &impl Store,
    context: &Context,
) -> Result<(Application, Feedback)> {
    let mut app = find(store, &input.app).await?;
    let interview = interview_of(&app, &input.interview)?;
    if interview.starts_at.instant() > context.now {
        return Err(AppError::field(
            "interview",
            "that interview has not happened yet: its feedback comes after it",
        ));
    }
    let key = interview.key.clone();
    let (profile, settings) = store.profile().await?;
    let tz = context.application_zone(&app, &profile);
    let today = context.today(&tz);
    let days = BusinessDays::new(&settings);
    // A list pasted from notes may keep its bullets.
    let items = |list: Vec<String>| -> Vec<String> {
        list.iter()
            .map(|l| {
                l.trim()
                    .trim_start_matches(['-', '*', '•'])
                    .trim()
                    .to_string()
            })
            .filter(|l| !l.is_empty())
            .collect()
    };
    let words = |text: Option<String>| text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let decision = match words(input.decision) {
        None => None,
        Some(text) => Some(Decision::parse(&text).ok_or_else(|| {
            AppError::field(
                "decision",
                format!("{text:?}: use undecided, next_round or rejected"),
            )
        })?),
    };
    let next_date = words(input.next_date)
        .map(|text| {
            dates::resolve_ahead(&text, today, profile.language(), &days)
                .map_err(|e| AppError::field("next_date", e))
        })
        .transpose()?;
    let feedback = Feedback {
        impressed: items(input.impressed),
        worried: items(input.worried),
        fit: words(input.fit),
        next_step: words(input.next_step),
        next_date,
        decision,
    };
    if feedback == Feedback::default() {
        return Err(AppError::invalid(
            "the feedback is empty: write what the company said; nothing was recorded",
        ));
    }
    // The same words again (a second click after the first landed) are already recorded.
    if feedback_on(&app, &key) == Some(&feedback) {
        return Ok((app, feedback));
    }
    let at = Moment::in_zone(context.now, &tz);
    // The reply it is comes first, the feedback last: feedback given means there is none to
    // ask for, so it cancels the request a rejection brings.
    let through = Some("Through your consultant.".to_string());
    let reply = match feedback.decision {
        Some(Decision::Rejected) => Some(Event {
            note: through,
            ..Event::new(at, EventKind::Rejection)
        }),
        Some(Decision::NextRound) => Some(Event {
            note: through,
            ..Event::new(at, EventKind::Invitation)
        }),
        Some(Decision::Undecided) | None => next_date.map(|date| Event {
            note: through,
            decision_by: Some(date),
            ..Event::new(at, EventKind::Reply)
        }),
    };
    let events: Vec<Event> = reply
        .into_iter()
        .chain([Event {
            interview: Some(key.clone()),
            feedback: Some(feedback.clone()),
            ..Event::new(at, EventKind::Feedback)
        }])
        .collect();
    // Added only onto the events read here: a second click or tab is refused, not doubled.
    let seen = app.events.len();
    app.events.extend(events.iter().cloned());
    check(&app)?;
    store.add_events(&app.key, &events, Some(seen)).await?;
    Ok((app, feedback))
}

/// The candidate's impression of an interview beside the company's feedback, point by point,
/// once there is feedback. Dates in the user's English.
pub fn beside(
    app: &Application,
    interview: &Interview,
    language: followup_core::Language,
) -> Option<Vec<Point>> {
    let feedback = feedback_on(app, &interview.key)?;
    Some(side_by_side(interview.debrief.as_ref(), feedback, |d| {
        dates::long_in(d, language)
    }))
}

fn interview_of<'a>(app: &'a Application, key: &str) -> Result<&'a Interview> {
    app.interviews
        .iter()
        .find(|i| i.key.as_str() == key)
        .ok_or_else(|| AppError::NotFound(format!("{} has no interview {key:?}", app.key.as_str())))
}
