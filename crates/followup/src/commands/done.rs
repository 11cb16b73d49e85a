//! `followup done` and `followup skip`: the candidate did an action, or chose not to.
//! Both are kept in the application's log, and the programme moves on from them.

use anyhow::anyhow;
use followup_core::capture::times;
use followup_core::programme::Action;
use followup_core::programme::{find_action, summary};
use followup_core::{Done, Moment};
use followup_store::Store;

use super::agenda::{ActionJson, Programme};
use super::app::save_checked;
use super::find_application;
use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct DoneArgs {
    /// The action's id (`np-3`), or enough of it to be unique.
    action: String,
    /// When it was done (default: now).
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// How it went: what was said, what was sent.
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct SkipArgs {
    /// The action's id (`np-3`), or enough of it to be unique.
    action: String,
    /// Why it will not be done.
    #[arg(long, value_name = "TEXT")]
    why: String,
}

pub async fn done(args: DoneArgs, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    record(
        store,
        context,
        &args.action,
        args.at.as_deref(),
        args.note,
        false,
    )
    .await
}

pub async fn skip(args: SkipArgs, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    if args.why.trim().is_empty() {
        anyhow::bail!("--why: say why the action is skipped; nothing was recorded");
    }
    record(store, context, &args.action, None, Some(args.why), true).await
}

async fn record(
    store: &impl Store,
    context: &Context,
    query: &str,
    at: Option<&str>,
    note: Option<String>,
    skipped: bool,
) -> anyhow::Result<()> {
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
    app.done.push(Done {
        at,
        kind: action.kind,
        interview: action.interview.clone(),
        to: action.to().map(str::to_string),
        note,
        skipped,
    });
    save_checked(store, &app).await?;
    if context.json {
        return output::json(&ActionJson::new(id, action));
    }
    let verb = if skipped { "Skipped" } else { "Done" };
    println!("{verb}: {id} {}.", summary(action));
    Ok(())
}
