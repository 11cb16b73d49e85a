//! Applications: found by key, added, edited, and checked as an imported file is checked.

use followup_core::capture::dates;
use followup_core::{Agency, Application, Interest, Key, Person, Stage, TimeZoneName};
use followup_store::Store;
use jiff::civil::Date;

use crate::{AppError, Context, Result};

/// A new application.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct NewApplication {
    #[cfg_attr(feature = "cli", arg(long))]
    pub company: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub role: String,
    /// A short name to type (default: made from the company and the role).
    #[cfg_attr(feature = "cli", arg(long))]
    pub key: Option<String>,
    #[cfg_attr(feature = "cli", command(flatten))]
    pub details: Details,
}

/// A change to an application's details: what is given changes, the rest stays.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct ApplicationEdit {
    /// The application's key.
    pub app: String,
    #[cfg_attr(feature = "cli", arg(long))]
    pub company: Option<String>,
    #[cfg_attr(feature = "cli", arg(long))]
    pub role: Option<String>,
    /// Set the stage by hand (applied, interviewing, offered, accepted, rejected, withdrawn, closed),
    /// or `auto` to let it follow from the data again.
    #[cfg_attr(feature = "cli", arg(long))]
    pub stage: Option<String>,
    #[cfg_attr(feature = "cli", command(flatten))]
    pub details: Details,
}

#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct Details {
    #[cfg_attr(feature = "cli", arg(long))]
    pub department: Option<String>,
    /// The day you applied (YYYY-MM-DD or "today").
    #[cfg_attr(feature = "cli", arg(long, value_name = "DATE"))]
    pub applied_on: Option<String>,
    /// How much you want the job, 1 to 5.
    #[cfg_attr(feature = "cli", arg(long, value_name = "1-5"))]
    pub interest: Option<i64>,
    /// The IANA time zone of the job (default: your profile's).
    #[cfg_attr(feature = "cli", arg(long, value_name = "ZONE"))]
    pub timezone: Option<String>,
    /// The recruitment agency that put you forward.
    #[cfg_attr(feature = "cli", arg(long))]
    pub agency: Option<String>,
    /// The consultant at the agency.
    #[cfg_attr(feature = "cli", arg(long, requires = "agency"))]
    pub consultant: Option<String>,
    #[cfg_attr(
        feature = "cli",
        arg(long, requires = "consultant", value_name = "EMAIL")
    )]
    pub consultant_email: Option<String>,
    #[cfg_attr(
        feature = "cli",
        arg(long, requires = "consultant", value_name = "PHONE")
    )]
    pub consultant_phone: Option<String>,
}

/// The application with this key.
pub async fn find(store: &impl Store, key: &str) -> Result<Application> {
    let missing = || AppError::NotFound(format!("there is no application {key:?}"));
    let parsed = Key::new(key).map_err(|_| missing())?;
    store.application(&parsed).await?.ok_or_else(missing)
}

/// The companies of the user's other applications: a letter naming one of them is a slip.
pub async fn other_companies(store: &impl Store, app: &Application) -> Result<Vec<String>> {
    Ok(store
        .summaries()
        .await?
        .into_iter()
        .filter(|s| s.key != app.key)
        .map(|s| s.company)
        .collect())
}

/// A new application, checked and saved.
pub async fn create(
    input: NewApplication,
    store: &impl Store,
    context: &Context,
) -> Result<Application> {
    let key = match &input.key {
        Some(key) => Key::new(key).map_err(|e| AppError::field("key", e))?,
        None => {
            Key::from_words([input.company.as_str(), input.role.as_str()]).ok_or_else(|| {
                AppError::field("key", "cannot make a key from these names: give one")
            })?
        }
    };
    if store.application(&key).await?.is_some() {
        return Err(AppError::field(
            "key",
            format!("there is already an application {key}: choose another key, or edit that one"),
        ));
    }
    let mut app = Application::new(key, &input.company, &input.role);
    apply(&mut app, input.details, store, context).await?;
    save_checked(store, &app, None).await?;
    Ok(app)
}

/// An application's details changed as the edit says, from the version kept now.
pub async fn edit(
    input: ApplicationEdit,
    store: &impl Store,
    context: &Context,
) -> Result<Application> {
    let mut app = find(store, &input.app).await?;
    let base = app.version();
    if let Some(company) = input.company {
        app.company = company;
    }
    if let Some(role) = input.role {
        app.role = role;
    }
    if let Some(stage) = input.stage {
        app.stage = match stage.as_str() {
            "auto" => None,
            other => Some(Stage::parse(other).ok_or_else(|| {
                AppError::field(
                    "stage",
                    format!("{other:?}: use applied, interviewing, offered, accepted, rejected, withdrawn, closed or auto"),
                )
            })?),
        };
    }
    apply(&mut app, input.details, store, context).await?;
    save_checked(store, &app, Some(&base)).await?;
    Ok(app)
}

async fn apply(
    app: &mut Application,
    d: Details,
    store: &impl Store,
    context: &Context,
) -> Result<()> {
    if let Some(department) = d.department {
        app.department = Some(department);
    }
    if let Some(text) = d.applied_on {
        let (profile, _) = store.profile().await?;
        let today = context.today(&context.time_zone(&profile));
        app.applied_on = Some(past_date(&text, today)?);
    }
    if let Some(level) = d.interest {
        app.interest = Some(Interest::new(level).map_err(|e| AppError::field("interest", e))?);
    }
    if let Some(zone) = d.timezone {
        app.timezone = Some(TimeZoneName::new(&zone).map_err(|e| AppError::field("timezone", e))?);
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
fn past_date(text: &str, today: Date) -> Result<Date> {
    let date = match text.trim().to_lowercase().as_str() {
        "today" => today,
        other => other.parse::<Date>().map_err(|_| {
            AppError::field(
                "applied_on",
                format!("{text:?}: write the date as YYYY-MM-DD, or \"today\""),
            )
        })?,
    };
    if date > today {
        return Err(AppError::field(
            "applied_on",
            format!("{}: that is in the future", dates::long(date)),
        ));
    }
    Ok(date)
}

/// Saves after the same checks an imported file gets, so no edge can store what import would
/// refuse. `base` is the version the edit was made from (none: a new application).
pub async fn save_checked(store: &impl Store, app: &Application, base: Option<&str>) -> Result<()> {
    check(app)?;
    store.save_application(app, base).await?;
    Ok(())
}

/// The checks an imported file gets, on one application as it would be after a change.
pub fn check(app: &Application) -> Result<()> {
    let doc = followup_core::JobSearch {
        applications: vec![app.clone()],
        ..Default::default()
    };
    followup_core::capture::check_document(&doc).map_err(|e| AppError::invalid(e.to_string()))
}
