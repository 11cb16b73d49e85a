use std::fmt::Write as _;

use anyhow::{anyhow, bail};
use followup_core::capture::dates;
use followup_core::{Agency, Application, Interest, Key, Person, Stage, TimeZoneName};
use followup_store::Store;
use jiff::civil::Date;

use super::find_application;
use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an application.
    Add(AddArgs),
    /// List the applications.
    List,
    /// Show one application with its interviews, debriefs and events.
    Show {
        /// The application's key.
        app: String,
    },
    /// Change an application's details.
    Edit(EditArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    pub company: String,
    #[arg(long)]
    pub role: String,
    /// A short name to type (default: made from the company and the role).
    #[arg(long)]
    pub key: Option<String>,
    #[command(flatten)]
    pub details: Details,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The application's key.
    app: String,
    #[arg(long)]
    company: Option<String>,
    #[arg(long)]
    role: Option<String>,
    /// Set the stage by hand (applied, interviewing, offered, accepted, rejected, withdrawn, closed),
    /// or `auto` to let it follow from the data again.
    #[arg(long)]
    stage: Option<String>,
    #[command(flatten)]
    details: Details,
}

#[derive(Debug, clap::Args)]
pub struct Details {
    #[arg(long)]
    pub department: Option<String>,
    /// The day you applied (YYYY-MM-DD or "today").
    #[arg(long, value_name = "DATE")]
    pub applied_on: Option<String>,
    /// How much you want the job, 1 to 5.
    #[arg(long, value_name = "1-5")]
    pub interest: Option<i64>,
    /// The IANA time zone of the job (default: your profile's).
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// The recruitment agency that put you forward.
    #[arg(long)]
    pub agency: Option<String>,
    /// The consultant at the agency.
    #[arg(long, requires = "agency")]
    pub consultant: Option<String>,
    #[arg(long, requires = "consultant", value_name = "EMAIL")]
    pub consultant_email: Option<String>,
    #[arg(long, requires = "consultant", value_name = "PHONE")]
    pub consultant_phone: Option<String>,
}

pub async fn execute(
    command: Command,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<()> {
    match command {
        Command::Add(args) => add(args, store, context).await,
        Command::List => list(store, context).await,
        Command::Show { app } => show(&find_application(store, &app).await?, context),
        Command::Edit(args) => edit(args, store, context).await,
    }
}

async fn add(args: AddArgs, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let app = create(args, store, context).await?;
    if context.json {
        return output::json(&app);
    }
    println!("Added {}: {} at {}.", app.key, app.role, app.company);
    Ok(())
}

/// A new application, checked and saved.
pub async fn create(
    args: AddArgs,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<Application> {
    let key = match &args.key {
        Some(key) => Key::new(key)?,
        None => Key::from_words([args.company.as_str(), args.role.as_str()])
            .ok_or_else(|| anyhow!("cannot make a key from these names: give one with --key"))?,
    };
    if store.application(&key).await?.is_some() {
        bail!(
            "there is already an application {key}: choose another --key, or change it with `followup app edit {key}`"
        );
    }
    let mut app = Application::new(key, &args.company, &args.role);
    apply(&mut app, args.details, store, context).await?;
    save_checked(store, &app, None).await?;
    Ok(app)
}

async fn edit(args: EditArgs, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let mut app = find_application(store, &args.app).await?;
    let base = app.version();
    if let Some(company) = args.company {
        app.company = company;
    }
    if let Some(role) = args.role {
        app.role = role;
    }
    if let Some(stage) = args.stage {
        app.stage = match stage.as_str() {
            "auto" => None,
            other => Some(Stage::parse(other).ok_or_else(|| {
                anyhow!("--stage {other:?}: use applied, interviewing, offered, accepted, rejected, withdrawn, closed or auto")
            })?),
        };
    }
    apply(&mut app, args.details, store, context).await?;
    save_checked(store, &app, Some(&base)).await?;
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

async fn apply(
    app: &mut Application,
    d: Details,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<()> {
    if let Some(department) = d.department {
        app.department = Some(department);
    }
    if let Some(text) = d.applied_on {
        let (profile, _) = store.profile().await?;
        let today = context.today(&context.time_zone(&profile));
        app.applied_on = Some(past_date(&text, today)?);
    }
    if let Some(level) = d.interest {
        app.interest = Some(Interest::new(level).map_err(|e| anyhow!("--interest: {e}"))?);
    }
    if let Some(zone) = d.timezone {
        app.timezone = Some(TimeZoneName::new(&zone).map_err(|e| anyhow!("--timezone: {e}"))?);
    }
    if let Some(name) = d.agency {
        let kept = app.agency.take().and_then(|a| a.consultant);
        let consultant = match d.consultant {
            Some(name) => Some(Person {
                email: d.consultant_email,
                phone: d.consultant_phone,
                ..Person::named(&name)
            }),
            None => kept,
        };
        app.agency = Some(Agency { name, consultant });
    }
    Ok(())
}

/// A date that has happened: ISO, or "today".
fn past_date(text: &str, today: Date) -> anyhow::Result<Date> {
    let date = match text.trim().to_lowercase().as_str() {
        "today" => today,
        other => other.parse::<Date>().map_err(|_| {
            anyhow!("--applied-on {text:?}: write the date as YYYY-MM-DD, or \"today\"")
        })?,
    };
    if date > today {
        bail!("--applied-on {}: that is in the future", dates::long(date));
    }
    Ok(date)
}

/// Saves after the same checks an imported file gets, so the command line cannot store what import would refuse.
/// `base` is the version the edit was made from (none: a new application).
pub async fn save_checked(
    store: &impl Store,
    app: &Application,
    base: Option<&str>,
) -> anyhow::Result<()> {
    check_application(app)?;
    store.save_application(app, base).await?;
    Ok(())
}

/// The checks an imported file gets, on one application as it would be after a change.
pub fn check_application(app: &Application) -> anyhow::Result<()> {
    let doc = followup_core::JobSearch {
        applications: vec![app.clone()],
        ..Default::default()
    };
    followup_core::capture::check_document(&doc).map_err(|e| anyhow!("{e}"))
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
