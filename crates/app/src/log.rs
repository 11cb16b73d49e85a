//! The log of actions: the candidate did one (a call, with how it went), or chose not to. Each
//! is a row added; the programme moves on from it.

use followup_core::capture::{dates, times};
use followup_core::programme::{Action, BusinessDays, Channel, find_action};
use followup_core::{CallOutcome, Done, Event, EventKind, Moment};
use followup_store::{Reading, Store};

use crate::applications::{check, find};
use crate::programme::Programme;
use crate::{AppError, Context, Result};

/// An action done.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct DoneInput {
    /// The action's id (`np-3`), or enough of it to be unique.
    pub action: String,
    /// When it was done (default: now).
    #[cfg_attr(feature = "cli", arg(long, value_name = "TIME"))]
    pub at: Option<String>,
    /// How it went: what was said, what was sent.
    #[cfg_attr(feature = "cli", arg(long))]
    pub note: Option<String>,
    /// A call: someone answered.
    #[cfg_attr(feature = "cli", arg(long, conflicts_with = "voicemail"))]
    pub answered: bool,
    /// A call: you left a voicemail.
    #[cfg_attr(feature = "cli", arg(long))]
    pub voicemail: bool,
    /// A call that was answered: the new date they named for their decision. The
    /// programme plans the next check from it.
    #[cfg_attr(feature = "cli", arg(long, value_name = "DATE", requires = "answered"))]
    pub decision_by: Option<String>,
}

/// An action the candidate decided not to do.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct SkipInput {
    /// The action's id (`np-3`), or enough of it to be unique.
    pub action: String,
    /// Why it will not be done.
    #[cfg_attr(feature = "cli", arg(long, value_name = "TEXT"))]
    pub why: String,
}

/// Records an action done (a call with how it went); returns its id and the action.
pub async fn mark_done(
    input: DoneInput,
    store: &impl Store,
    context: &Context,
) -> Result<(String, Action)> {
    if input.answered && input.voicemail {
        return Err(AppError::field(
            "voicemail",
            "a call was answered or went to voicemail, not both",
        ));
    }
    let outcome = match (input.answered, input.voicemail) {
        (true, _) => Some(CallOutcome::Answered),
        (_, true) => Some(CallOutcome::Voicemail),
        _ => None,
    };
    if input.decision_by.is_some() && outcome != Some(CallOutcome::Answered) {
        return Err(AppError::field(
            "decision_by",
            "a new date comes from a call that was answered",
        ));
    }
    let call = outcome.map(|outcome| Call {
        outcome,
        decision_by: input.decision_by,
    });
    record(
        store,
        context,
        &input.action,
        input.at.as_deref(),
        input.note,
        Mark::Done(call),
    )
    .await
}

/// Records the decision not to do an action, with why.
pub async fn mark_skipped(
    input: SkipInput,
    store: &impl Store,
    context: &Context,
) -> Result<(String, Action)> {
    if input.why.trim().is_empty() {
        return Err(AppError::field(
            "why",
            "say why the action is skipped; nothing was recorded",
        ));
    }
    record(
        store,
        context,
        &input.action,
        None,
        Some(input.why),
        Mark::Skipped,
    )
    .await
}

/// How a call went, as `done` was told.
struct Call {
    outcome: CallOutcome,
    decision_by: Option<String>,
}

enum Mark {
    Done(Option<Call>),
    Skipped,
}

async fn record(
    store: &impl Store,
    context: &Context,
    query: &str,
    at: Option<&str>,
    note: Option<String>,
    mark: Mark,
) -> Result<(String, Action)> {
    let programme = Programme::load(store, context, Reading::All).await?;
    let ids: Vec<(String, &Action)> = programme
        .actions
        .iter()
        .chain(&programme.lapsed)
        .map(|l| (l.id.clone(), &l.action))
        .collect();
    let (id, action) = find_action(query, &ids)?;
    let mut app = find(store, action.application.as_str()).await?;
    let (profile, settings) = store.profile().await?;
    let tz = context.application_zone(&app, &profile);
    let days = BusinessDays::new(&settings);
    let at = match at {
        Some(text) => times::parse_time(text, &tz, context.today(&tz), profile.language(), &days)
            .map_err(|e| AppError::field("at", e))?,
        None => Moment::in_zone(context.now, &tz),
    };
    let mut done = Done {
        interview: action.interview.clone(),
        to: action.to().map(str::to_string),
        note: note.clone(),
        ..Done::new(at, action.kind)
    };
    done.skipped = matches!(mark, Mark::Skipped);
    let mut reply = None;
    if let Mark::Done(Some(call)) = mark {
        if action.channel != Channel::Phone {
            return Err(AppError::invalid(format!(
                "{id} is not a call (it goes by {}): whether it was answered is for calls; nothing was recorded",
                action.channel.as_str().replace('_', " ")
            )));
        }
        done.outcome = Some(call.outcome);
        // A date named on the phone is the employer's reply: the programme plans from it.
        if let Some(text) = call.decision_by {
            let today = context.today(&tz);
            let day = dates::resolve_ahead(&text, today, profile.language(), &days)
                .map_err(|e| AppError::field("decision_by", e))?;
            if day < at.instant().to_zoned(tz.clone()).date() {
                return Err(AppError::field(
                    "decision_by",
                    format!(
                        "{}: that date has passed; nothing was recorded",
                        dates::long(day)
                    ),
                ));
            }
            let mut event = Event::new(at, EventKind::Reply);
            event.note = Some(note.unwrap_or_else(|| "Said on the phone.".into()));
            event.decision_by = Some(day);
            app.events.push(event.clone());
            reply = Some(event);
        }
    }
    // Checked as the application would stand, then added as rows: whatever else is written
    // meanwhile stays.
    app.done.push(done.clone());
    check(&app)?;
    store.add_done(&app.key, &done, reply.as_ref()).await?;
    Ok((id.to_string(), (*action).clone()))
}
