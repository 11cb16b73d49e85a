//! Interviews: added to an application, with the people met.

use followup_core::capture::{people, times};
use followup_core::programme::BusinessDays;
use followup_core::{Application, Format, Interview, Key, Moment};
use followup_store::Store;
use jiff::SignedDuration;

use crate::applications::{find, save_checked};
use crate::{AppError, Context, Result};

/// A new interview of an application.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct NewInterview {
    /// The application's key.
    pub app: String,
    /// When it starts: "2026-11-20 14:00", "Friday 4 December 2pm", or RFC 3339.
    #[cfg_attr(feature = "cli", arg(long, value_name = "TIME"))]
    pub starts: String,
    /// When it ends (default: an hour after it starts).
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "TIME", conflicts_with = "minutes")
    )]
    pub ends: Option<String>,
    /// How long it lasts, in minutes.
    #[cfg_attr(feature = "cli", arg(long))]
    pub minutes: Option<i64>,
    /// A short name for it (default: r1, r2... by round).
    #[cfg_attr(feature = "cli", arg(long))]
    pub key: Option<String>,
    /// Which round (default: one more than the interviews so far).
    #[cfg_attr(feature = "cli", arg(long))]
    pub round: Option<u32>,
    /// in_person, video or phone.
    #[cfg_attr(feature = "cli", arg(long))]
    pub format: Option<String>,
    #[cfg_attr(feature = "cli", arg(long))]
    pub location: Option<String>,
    /// Someone you will meet: "Name, Title, email (lead)". Repeat for each person.
    #[cfg_attr(feature = "cli", arg(long = "with", value_name = "PERSON"))]
    pub with: Vec<String>,
}

/// A new interview of an application, checked and saved.
pub async fn add(
    input: NewInterview,
    store: &impl Store,
    context: &Context,
) -> Result<(Application, Interview)> {
    let mut app = find(store, &input.app).await?;
    let (profile, settings) = store.profile().await?;
    let tz = context.application_zone(&app, &profile);
    let today = context.today(&tz);
    let days = BusinessDays::new(&settings);
    let read = |field: &'static str, text: &str| -> Result<Moment> {
        times::parse_time(text, &tz, today, profile.language(), &days)
            .map_err(|e| AppError::field(field, e))
    };
    let starts_at = read("starts", &input.starts)?;
    let ends_at = match (&input.ends, input.minutes) {
        (Some(text), _) => Some(read("ends", text)?),
        (None, Some(minutes)) if minutes > 0 => Some(Moment::in_zone(
            starts_at.instant() + SignedDuration::from_mins(minutes),
            &tz,
        )),
        (None, Some(minutes)) => {
            return Err(AppError::field(
                "minutes",
                format!("{minutes}: an interview lasts at least a minute"),
            ));
        }
        (None, None) => None,
    };
    let round = input.round.unwrap_or(app.interviews.len() as u32 + 1);
    let key = match &input.key {
        Some(key) => Key::new(key).map_err(|e| AppError::field("key", e))?,
        None => {
            let base = Key::new(&format!("r{round}")).map_err(|e| AppError::field("round", e))?;
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
        return Err(AppError::field(
            "key",
            format!("{} already has an interview {key}: choose another", app.key),
        ));
    }
    let format = input
        .format
        .map(|f| {
            Format::parse(&f).ok_or_else(|| {
                AppError::field("format", format!("{f:?}: use in_person, video or phone"))
            })
        })
        .transpose()?;
    let interviewers = input
        .with
        .iter()
        .map(|line| {
            people::parse_interviewer(line)
                .map_err(|e| AppError::field("with", format!("{line:?}: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let interview = Interview {
        key,
        round: Some(round),
        starts_at,
        ends_at,
        format,
        location: input.location,
        interviewers,
        debrief: None,
    };
    let base = app.version();
    app.interviews.push(interview.clone());
    save_checked(store, &app, Some(&base)).await?;
    Ok((app, interview))
}
