use anyhow::{anyhow, bail};
use followup_core::capture::{people, times};
use followup_core::{Application, Format, Interview, Key, Moment};
use followup_store::Store;
use jiff::SignedDuration;

use super::app::save_checked;
use super::find_application;
use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an interview to an application.
    Add(AddArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The application's key.
    pub app: String,
    /// When it starts: "2026-11-20 14:00", "Friday 4 December 2pm", or RFC 3339.
    #[arg(long, value_name = "TIME")]
    pub starts: String,
    /// When it ends (default: an hour after it starts).
    #[arg(long, value_name = "TIME", conflicts_with = "minutes")]
    pub ends: Option<String>,
    /// How long it lasts, in minutes.
    #[arg(long)]
    pub minutes: Option<i64>,
    /// A short name for it (default: r1, r2... by round).
    #[arg(long)]
    pub key: Option<String>,
    /// Which round (default: one more than the interviews so far).
    #[arg(long)]
    pub round: Option<u32>,
    /// in_person, video or phone.
    #[arg(long)]
    pub format: Option<String>,
    #[arg(long)]
    pub location: Option<String>,
    /// Someone you will meet: "Name, Title, email (lead)". Repeat for each person.
    #[arg(long = "with", value_name = "PERSON")]
    pub with: Vec<String>,
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

/// A new interview of an application, checked and saved.
pub async fn add(
    args: AddArgs,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<(Application, Interview)> {
    let mut app = find_application(store, &args.app).await?;
    let (profile, _) = store.profile().await?;
    let tz = context.application_zone(&app, &profile);
    let today = context.today(&tz);
    let read = |flag: &str, text: &str| -> anyhow::Result<Moment> {
        times::parse_time(text, &tz, today, profile.language())
            .map_err(|e| anyhow!("--{flag}: {e}"))
    };
    let starts_at = read("starts", &args.starts)?;
    let ends_at = match (&args.ends, args.minutes) {
        (Some(text), _) => Some(read("ends", text)?),
        (None, Some(minutes)) if minutes > 0 => Some(Moment::in_zone(
            starts_at.instant() + SignedDuration::from_mins(minutes),
            &tz,
        )),
        (None, Some(minutes)) => bail!("--minutes {minutes}: an interview lasts at least a minute"),
        (None, None) => None,
    };
    let round = args.round.unwrap_or(app.interviews.len() as u32 + 1);
    let key = match &args.key {
        Some(key) => Key::new(key)?,
        None => {
            let base = Key::new(&format!("r{round}"))?;
            let mut key = base.clone();
            let mut n = 2;
            while app.interview(&key).is_some() {
                key = base.numbered(n);
                n += 1;
            }
            key
        }
    };
    if app.interview(&key).is_some() {
        bail!(
            "{} already has an interview {key}: choose another --key",
            app.key
        );
    }
    let format = args
        .format
        .map(|f| {
            Format::parse(&f)
                .ok_or_else(|| anyhow!("--format {f:?}: use in_person, video or phone"))
        })
        .transpose()?;
    let interviewers = args
        .with
        .iter()
        .map(|line| people::parse_interviewer(line).map_err(|e| anyhow!("--with {line:?}: {e}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let interview = Interview {
        key,
        round: Some(round),
        starts_at,
        ends_at,
        format,
        location: args.location,
        interviewers,
        debrief: None,
    };
    let base = app.version();
    app.interviews.push(interview.clone());
    save_checked(store, &app, Some(&base)).await?;
    Ok((app, interview))
}
