use followup_app::interviews::{NewInterview, add};
use followup_store::Store;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an interview to an application.
    Add(NewInterview),
}

pub async fn execute(
    command: Command,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<()> {
    let Command::Add(args) = command;
    let (app, interview) = add(args, store, context).await?;
    if context.json {
        return output::json(&interview);
    }
    println!(
        "Added interview {} to {}: {}. After it, run `followup debrief {} {}`.",
        interview.key, app.key, interview.starts_at, app.key, interview.key
    );
    Ok(())
}
