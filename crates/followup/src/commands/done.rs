//! `followup done` and `followup skip`: the candidate did an action, or chose not to.
//! Both are kept in the application's log, and the programme moves on from them.

use followup_app::log::{DoneInput, SkipInput, mark_done, mark_skipped};
use followup_core::programme::{Action, summary};
use followup_store::Store;

use super::agenda::ActionJson;
use crate::context::Context;
use crate::output;

pub async fn done(args: DoneInput, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let (id, action) = mark_done(args, store, context).await?;
    print_marked(context, "Done", &id, &action)
}

pub async fn skip(args: SkipInput, store: &impl Store, context: &Context) -> anyhow::Result<()> {
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
