use std::fmt::Write as _;

use followup_app::applications::{self, ApplicationEdit, NewApplication};
use followup_core::Application;
use followup_core::capture::dates;
use followup_store::Store;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an application.
    Add(NewApplication),
    /// List the applications.
    List,
    /// Show one application with its interviews, debriefs and events.
    Show {
        /// The application's key.
        app: String,
    },
    /// Change an application's details.
    Edit(ApplicationEdit),
}

pub async fn execute(
    command: Command,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<()> {
    match command {
        Command::Add(args) => add(args, store, context).await,
        Command::List => list(store, context).await,
        Command::Show { app } => show(&applications::find(store, &app).await?, context),
        Command::Edit(args) => edit(args, store, context).await,
    }
}

async fn add(input: NewApplication, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let app = applications::create(input, store, context).await?;
    if context.json {
        return output::json(&app);
    }
    println!("Added {}: {} at {}.", app.key, app.role, app.company);
    Ok(())
}

async fn edit(input: ApplicationEdit, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let app = applications::edit(input, store, context).await?;
    if context.json {
        return output::json(&app);
    }
    println!(
        "Saved {}: {} at {} ({}).",
        app.key,
        app.role,
        app.company,
        app.stage()
    );
    Ok(())
}

async fn list(store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let summaries = store.summaries().await?;
    if context.json {
        return output::json(&summaries);
    }
    if summaries.is_empty() {
        println!(
            "No applications yet. Add one with `followup app add --company NAME --role ROLE`."
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = summaries
        .iter()
        .map(|s| {
            vec![
                s.key.to_string(),
                s.stage.to_string(),
                s.interviews.to_string(),
                format!("{} at {}", s.role, s.company),
            ]
        })
        .collect();
    println!(
        "{}",
        output::table(&["KEY", "STAGE", "INTERVIEWS", "JOB"], &rows)
    );
    Ok(())
}

fn show(app: &Application, context: &Context) -> anyhow::Result<()> {
    if context.json {
        return output::json(app);
    }
    let mut out = format!("{} at {}", app.role, app.company);
    if let Some(department) = &app.department {
        let _ = write!(out, ", {department}");
    }
    let _ = write!(out, "  [{}]  {}", app.key, app.stage());
    if let Some(day) = app.applied_on {
        let _ = write!(out, "\n  applied {}", dates::long(day));
    }
    if let Some(interest) = app.interest {
        let _ = write!(out, "\n  interest {}/5", interest.level());
    }
    if let Some(agency) = &app.agency {
        let _ = write!(out, "\n  through {}", agency.name);
        if let Some(c) = &agency.consultant {
            let _ = write!(
                out,
                " ({}{})",
                c.name,
                c.email
                    .as_deref()
                    .map(|e| format!(", {e}"))
                    .unwrap_or_default()
            );
        }
    }
    for interview in &app.interviews {
        let _ = write!(
            out,
            "\n\nInterview {} ({}): {}",
            interview.key,
            interview
                .round
                .map(|r| format!("round {r}"))
                .unwrap_or_else(|| "round ?".into()),
            interview.starts_at
        );
        for i in &interview.interviewers {
            let _ = write!(
                out,
                "\n  with {}",
                followup_core::capture::people::interviewer_line(i)
            );
        }
        match &interview.debrief {
            Some(d) => {
                let _ = write!(
                    out,
                    "\n  debrief: {} went well, {} went badly, {} concerns",
                    d.went_well.len(),
                    d.went_badly.len(),
                    d.concerns.len()
                );
                if let Some(day) = d.next_steps.decision_by {
                    let _ = write!(out, "; decision by {}", dates::long(day));
                }
            }
            None => {
                let _ = write!(
                    out,
                    "\n  no debrief yet: `followup debrief {} {}`",
                    app.key, interview.key
                );
            }
        }
    }
    if !app.events.is_empty() {
        out.push_str("\n\nEvents:");
        for e in &app.events {
            let _ = write!(
                out,
                "\n  {} {}{}",
                e.at,
                e.kind,
                e.note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            );
        }
    }
    if !app.done.is_empty() {
        out.push_str("\n\nDone:");
        for d in &app.done {
            let _ = write!(
                out,
                "\n  {} {}{}",
                d.at,
                d.kind,
                d.to.as_deref()
                    .map(|t| format!(" to {t}"))
                    .unwrap_or_default()
            );
        }
    }
    println!("{out}");
    Ok(())
}
