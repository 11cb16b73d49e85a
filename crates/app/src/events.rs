//! What the employer did: a reply, an invitation, a rejection, an offer... Recorded as a row
//! added, never by rewriting the application from an earlier copy.

use followup_core::capture::{dates, times};
use followup_core::programme::BusinessDays;
use followup_core::{Amount, Application, Event, EventKind, Moment, Offer};
use followup_store::Store;
use jiff::civil::Date;

use crate::applications::{check, find};
use crate::{AppError, Context, Result};

/// An event of an application.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct NewEvent {
    /// The application's key.
    pub app: String,
    /// What happened.
    pub kind: String,
    /// When it happened (default: now).
    #[cfg_attr(feature = "cli", arg(long, value_name = "TIME"))]
    pub at: Option<String>,
    /// In their words: the reply, the feedback.
    #[cfg_attr(feature = "cli", arg(long))]
    pub note: Option<String>,
    /// A reply's new date for the decision.
    #[cfg_attr(feature = "cli", arg(long, value_name = "DATE"))]
    pub decision_by: Option<String>,
    /// An invitation's next interview.
    #[cfg_attr(feature = "cli", arg(long, value_name = "TIME"))]
    pub starts: Option<String>,
    #[cfg_attr(feature = "cli", command(flatten))]
    pub offer: OfferTerms,
}

/// An offer's terms, as given.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[cfg_attr(feature = "cli", command(next_help_heading = "An offer's terms"))]
pub struct OfferTerms {
    #[cfg_attr(feature = "cli", arg(long))]
    pub salary: Option<f64>,
    #[cfg_attr(feature = "cli", arg(long))]
    pub currency: Option<String>,
    #[cfg_attr(feature = "cli", arg(long, value_name = "HOURS"))]
    pub hours_per_week: Option<f64>,
    /// Repeat for each benefit.
    #[cfg_attr(feature = "cli", arg(long = "benefit"))]
    pub benefits: Vec<String>,
    #[cfg_attr(feature = "cli", arg(long, value_name = "DATE"))]
    pub start_date: Option<String>,
    #[cfg_attr(feature = "cli", arg(long, value_name = "DATE"))]
    pub respond_by: Option<String>,
    #[cfg_attr(feature = "cli", arg(long))]
    pub terms: Option<String>,
}

impl OfferTerms {
    fn given(&self) -> bool {
        self.salary.is_some()
            || self.hours_per_week.is_some()
            || !self.benefits.is_empty()
            || self.start_date.is_some()
            || self.respond_by.is_some()
            || self.terms.is_some()
    }
}

/// Records what the employer did, checked and added.
pub async fn record(
    input: NewEvent,
    store: &impl Store,
    context: &Context,
) -> Result<(Application, Event)> {
    let mut app = find(store, &input.app).await?;
    let kind = EventKind::parse(&input.kind).ok_or_else(|| {
        AppError::field(
            "kind",
            format!(
                "{:?} is not an event: use {}",
                input.kind,
                EventKind::ALL.map(EventKind::as_str).join(", ")
            ),
        )
    })?;
    let (profile, settings) = store.profile().await?;
    let tz = context.application_zone(&app, &profile);
    let today = context.today(&tz);
    let language = profile.language();
    let days = BusinessDays::new(&settings);
    let time = |field: &'static str, text: &str| -> Result<Moment> {
        times::parse_time(text, &tz, today, language, &days).map_err(|e| AppError::field(field, e))
    };
    let date = |field: &'static str, text: &str| -> Result<Date> {
        dates::resolve(text, today, language, &days).map_err(|e| AppError::field(field, e))
    };
    // A date the employer named for what comes next: passed or far off, it is asked about.
    let ahead = |field: &'static str, text: &str| -> Result<Date> {
        dates::resolve_ahead(text, today, language, &days).map_err(|e| AppError::field(field, e))
    };
    let at = match &input.at {
        Some(text) => time("at", text)?,
        None => Moment::in_zone(context.now, &tz),
    };
    let mut event = Event::new(at, kind);
    event.note = input.note;
    if let Some(text) = &input.decision_by {
        // A date that has passed is refused by `resolve_ahead`, with what it read.
        event.decision_by = Some(ahead("decision_by", text)?);
    }
    if let Some(text) = &input.starts {
        event.starts_at = Some(time("starts", text)?);
    }
    let o = input.offer;
    match (kind, o.given()) {
        (EventKind::Offer, false) => {
            return Err(AppError::invalid(
                "an offer needs its terms: give at least the salary, the date to respond by or the terms; nothing was recorded",
            ));
        }
        (EventKind::Offer, true) => {
            let amount = |field: &'static str, v: Option<f64>| {
                v.map(|v| Amount::new(v).map_err(|e| AppError::field(field, e)))
                    .transpose()
            };
            event.offer = Some(Offer {
                salary: amount("salary", o.salary)?,
                currency: o.currency,
                hours_per_week: amount("hours_per_week", o.hours_per_week)?,
                benefits: o.benefits,
                start_date: o.start_date.map(|t| date("start_date", &t)).transpose()?,
                respond_by: o.respond_by.map(|t| ahead("respond_by", &t)).transpose()?,
                terms: o.terms,
            });
        }
        (other, true) => {
            return Err(AppError::invalid(format!(
                "only an offer has terms, not a {other}; nothing was recorded"
            )));
        }
        _ => {}
    }
    // Checked as the application would stand, then added as one row: whatever else is
    // written meanwhile stays.
    app.events.push(event.clone());
    check(&app)?;
    store.add_event(&app.key, &event).await?;
    Ok((app, event))
}
