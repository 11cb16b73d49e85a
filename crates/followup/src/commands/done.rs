//! `followup done` and `followup skip`: the candidate did an action, or chose not to.
//! Both are kept in the application's log, and the programme moves on from them.

use anyhow::{anyhow, bail};
use followup_core::capture::{dates, times};
use followup_core::programme::{Action, Channel, find_action, summary};
use followup_core::{CallOutcome, Done, Event, EventKind, Moment};
use followup_store::Store;

use super::agenda::{ActionJson, Programme};
use super::app::check_application;
use super::find_application;
use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct DoneArgs {
    /// The action's id (`np-3`), or enough of it to be unique.
    pub action: String,
    /// When it was done (default: now).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// How it went: what was said, what was sent.
    #[arg(long)]
    pub note: Option<String>,
    /// A call: someone answered.
    #[arg(long, conflicts_with = "voicemail")]
    pub answered: bool,
    /// A call: you left a voicemail.
    #[arg(long)]
    pub voicemail: bool,
    /// A call that was answered: the new date they named for their decision. The
    /// programme plans the next check from it.
    #[arg(long, value_name = "DATE", requires = "answered")]
    pub decision_by: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct SkipArgs {
    /// The action's id (`np-3`), or enough of it to be unique.
    pub action: String,
    /// Why it will not be done.
    #[arg(long, value_name = "TEXT")]
    pub why: String,
}

pub async fn done(args: DoneArgs, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let (id, action) = mark_done(args, store, context).await?;
    print_marked(context, "Done", &id, &action)
}

pub async fn skip(args: SkipArgs, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let (id, action) = mark_skipped(args, store, context).await?;
    print_marked(context, "Skipped", &id, &action)
}

fn print_marked(context: &Context, verb: &str, id: &str, action: &Action) -> anyhow::Result<()> {
    if context.json {
        return output::json(&ActionJson::new(id, action));
    }
    println!("{verb}: {id} {}.", summary(action));
    Ok(())
}

/// Records an action done (a call with how it went); returns its id and the action.
pub async fn mark_done(
    args: DoneArgs,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<(String, Action)> {
    let outcome = match (args.answered, args.voicemail) {
        (true, _) => Some(CallOutcome::Answered),
        (_, true) => Some(CallOutcome::Voicemail),
        _ => None,
    };
    let call = outcome.map(|outcome| Call {
        outcome,
        decision_by: args.decision_by,
    });
    record(
        store,
        context,
        &args.action,
        args.at.as_deref(),
        args.note,
        Mark::Done(call),
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

/// Records the decision not to do an action, with why.
pub async fn mark_skipped(
    args: SkipArgs,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<(String, Action)> {
    if args.why.trim().is_empty() {
        anyhow::bail!("--why: say why the action is skipped; nothing was recorded");
    }
    record(
        store,
        context,
        &args.action,
        None,
        Some(args.why),
        Mark::Skipped,
    )
    .await
}

async fn record(
    store: &impl Store,
    context: &Context,
    query: &str,
    at: Option<&str>,
    note: Option<String>,
    mark: Mark,
) -> anyhow::Result<(String, Action)> {
    let programme = Programme::load(store, context, None).await?;
    let ids: Vec<(String, &Action)> = programme
        .actions
        .iter()
        .map(|l| (l.id.clone(), &l.action))
        .collect();
    let (id, action) = find_action(query, &ids)?;
    let mut app = find_application(store, action.application.as_str()).await?;
    let (profile, _) = store.profile().await?;
    let tz = context.application_zone(&app, &profile);
    let at = match at {
        Some(text) => times::parse_time(text, &tz, context.today(&tz), profile.language())
            .map_err(|e| anyhow!("--at: {e}"))?,
        None => Moment::in_zone(context.now, &tz),
    };
    let mut done = Done {
        interview: action.interview.clone(),
        to: action.to().map(str::to_string),
        note: note.clone(),
        ..Done::new(at, action.kind)
    };
    let skipped = matches!(mark, Mark::Skipped);
    done.skipped = skipped;
    let mut reply = None;
    if let Mark::Done(Some(call)) = mark {
        if action.channel != Channel::Phone {
            bail!(
                "{id} is not a call (it goes by {}): --answered and --voicemail are for calls; nothing was recorded",
                action.channel.as_str().replace('_', " ")
            );
        }
        done.outcome = Some(call.outcome);
        // A date named on the phone is the employer's reply: the programme plans from it.
        if let Some(text) = call.decision_by {
            let today = context.today(&tz);
            let day = dates::resolve(&text, today, profile.language())
                .map_err(|e| anyhow!("--decision-by: {e}"))?;
            if day < at.instant().to_zoned(tz.clone()).date() {
                bail!(
                    "--decision-by {}: that date has passed; nothing was recorded",
                    dates::long(day)
                );
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
    check_application(&app)?;
    store.add_done(&app.key, &done, reply.as_ref()).await?;
    Ok((id.to_string(), (*action).clone()))
}
