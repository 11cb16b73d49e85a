use anyhow::{anyhow, bail};
use followup_core::capture::{dates, times};
use followup_core::programme::{summary, when};
use followup_core::{Amount, Application, Event, EventKind, Moment, Offer};
use followup_store::Store;
use jiff::civil::Date;

use super::agenda::Programme;
use super::app::check_application;
use super::find_application;
use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record an event: reply, invitation, rejection, offer, offer_accepted, offer_declined,
    /// interview_cancelled or feedback.
    Add(AddArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The application's key.
    pub app: String,
    /// What happened.
    pub kind: String,
    /// When it happened (default: now).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// In their words: the reply, the feedback.
    #[arg(long)]
    pub note: Option<String>,
    /// A reply's new date for the decision.
    #[arg(long, value_name = "DATE")]
    pub decision_by: Option<String>,
    /// An invitation's next interview.
    #[arg(long, value_name = "TIME")]
    pub starts: Option<String>,
    #[command(flatten)]
    pub offer: OfferArgs,
}

#[derive(Debug, clap::Args)]
#[command(next_help_heading = "An offer's terms")]
pub struct OfferArgs {
    #[arg(long)]
    pub salary: Option<f64>,
    #[arg(long)]
    pub currency: Option<String>,
    #[arg(long, value_name = "HOURS")]
    pub hours_per_week: Option<f64>,
    /// Repeat for each benefit.
    #[arg(long = "benefit")]
    pub benefits: Vec<String>,
    #[arg(long, value_name = "DATE")]
    pub start_date: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub respond_by: Option<String>,
    #[arg(long)]
    pub terms: Option<String>,
}

pub async fn execute(
    command: Command,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<()> {
    let Command::Add(args) = command;
    let (app, event) = add(args, store, context).await?;
    let kind = event.kind;
    if context.json {
        return output::json(&event);
    }
    println!(
        "Recorded {} for {} at {}. The application is now {}.",
        kind,
        app.key,
        event.at,
        app.stage()
    );
    // What the programme asks next of this application, now that the event is in.
    let programme = Programme::load(store, context, None).await?;
    let next: Vec<_> = programme
        .actions
        .iter()
        .filter(|l| l.action.application == app.key)
        .take(5)
        .collect();
    if next.is_empty() {
        println!("Nothing more to do for it.");
    }
    for listed in next {
        println!(
            "  {:<6}  {} — {}.",
            listed.id,
            summary(&listed.action),
            when(&listed.action, context.now, &programme.zone)
        );
    }
    Ok(())
}

/// Records what the employer did, checked and saved.
pub async fn add(
    args: AddArgs,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<(Application, Event)> {
    let mut app = find_application(store, &args.app).await?;
    let kind = EventKind::parse(&args.kind).ok_or_else(|| {
        anyhow!(
            "{:?} is not an event: use {}",
            args.kind,
            EventKind::ALL.map(EventKind::as_str).join(", ")
        )
    })?;
    let (profile, _) = store.profile().await?;
    let tz = context.application_zone(&app, &profile);
    let today = context.today(&tz);
    let language = profile.language();
    let time = |flag: &str, text: &str| -> anyhow::Result<Moment> {
        times::parse_time(text, &tz, today, language).map_err(|e| anyhow!("--{flag}: {e}"))
    };
    let date = |flag: &str, text: &str| -> anyhow::Result<Date> {
        dates::resolve(text, today, language).map_err(|e| anyhow!("--{flag}: {e}"))
    };
    let at = match &args.at {
        Some(text) => time("at", text)?,
        None => Moment::in_zone(context.now, &tz),
    };
    let mut event = Event::new(at, kind);
    event.note = args.note;
    if let Some(text) = &args.decision_by {
        let day = date("decision-by", text)?;
        if day < today {
            bail!(
                "--decision-by {}: that date has passed; nothing was recorded",
                dates::long(day)
            );
        }
        event.decision_by = Some(day);
    }
    if let Some(text) = &args.starts {
        event.starts_at = Some(time("starts", text)?);
    }
    let o = args.offer;
    let has_terms = o.salary.is_some()
        || o.hours_per_week.is_some()
        || !o.benefits.is_empty()
        || o.start_date.is_some()
        || o.respond_by.is_some()
        || o.terms.is_some();
    match (kind, has_terms) {
        (EventKind::Offer, false) => {
            bail!(
                "an offer needs its terms: give at least --salary, --respond-by or --terms; nothing was recorded"
            )
        }
        (EventKind::Offer, true) => {
            let amount = |flag: &str, v: Option<f64>| {
                v.map(|v| Amount::new(v).map_err(|e| anyhow!("--{flag}: {e}")))
                    .transpose()
            };
            event.offer = Some(Offer {
                salary: amount("salary", o.salary)?,
                currency: o.currency,
                hours_per_week: amount("hours-per-week", o.hours_per_week)?,
                benefits: o.benefits,
                start_date: o.start_date.map(|t| date("start-date", &t)).transpose()?,
                respond_by: o.respond_by.map(|t| date("respond-by", &t)).transpose()?,
                terms: o.terms,
            });
        }
        (other, true) => bail!("only an offer has terms, not a {other}; nothing was recorded"),
        _ => {}
    }
    // Checked as the application would stand, then added as one row: whatever else is
    // written meanwhile stays.
    app.events.push(event.clone());
    check_application(&app)?;
    store.add_event(&app.key, &event).await?;
    Ok((app, event))
}
