use anyhow::anyhow;
use followup_core::{Holiday, Language, Profile, Settings, TimeZoneName, profile_version};
use followup_store::Store;

use crate::context::Context;
use crate::output;

/// With no option, shows the profile; with options, changes what they name.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    /// The English you write: en-GB, en-US, en-CA or en-AU.
    #[arg(long)]
    pub language: Option<String>,
    /// Your IANA time zone, like Europe/London.
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// How your letters end.
    #[arg(long)]
    pub signature: Option<String>,
    /// The days that are not business days besides weekends, in place of the ones kept: a
    /// holiday calendar (gb-eng, gb-sct, us, ca, au) and dates, separated by commas.
    #[arg(long, value_name = "LIST")]
    pub holidays: Option<String>,
}

pub async fn execute(args: Args, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let (profile, settings) = update(args, store, None).await?;
    if context.json {
        return output::json(&profile);
    }
    let show = |label: &str, value: Option<&str>| println!("{label:<10} {}", value.unwrap_or("-"));
    show("name", profile.name.as_deref());
    show("email", profile.email.as_deref());
    show("phone", profile.phone.as_deref());
    show("language", Some(profile.language().as_str()));
    show(
        "timezone",
        profile.timezone.as_ref().map(TimeZoneName::as_str),
    );
    show("signature", profile.signature.as_deref());
    let holidays: Vec<String> = settings.holidays.iter().map(Holiday::to_string).collect();
    show(
        "holidays",
        Some(&holidays.join(", "))
            .filter(|h| !h.is_empty())
            .map(String::as_str),
    );
    Ok(())
}

/// Changes what the options name, checked and saved; the profile and settings as they are now.
/// Changes what `args` gives. `base` is the version the change was made from (a form shown
/// earlier); none: the profile as read now.
pub async fn update(
    args: Args,
    store: &impl Store,
    base: Option<&str>,
) -> anyhow::Result<(Profile, Settings)> {
    let (mut profile, mut settings) = store.profile().await?;
    let before = (profile.clone(), settings.clone());
    let base = base.map_or_else(|| profile_version(&profile, &settings), str::to_string);
    if let Some(name) = args.name {
        profile.name = Some(name);
    }
    if let Some(email) = args.email {
        profile.email = Some(email);
    }
    if let Some(phone) = args.phone {
        profile.phone = Some(phone);
    }
    if let Some(text) = args.language {
        profile.language = Some(
            Language::parse(&text)
                .ok_or_else(|| anyhow!("--language {text:?}: use en-GB, en-US, en-CA or en-AU"))?,
        );
    }
    if let Some(zone) = args.timezone {
        profile.timezone = Some(TimeZoneName::new(&zone).map_err(|e| anyhow!("--timezone: {e}"))?);
    }
    if let Some(signature) = args.signature {
        profile.signature = Some(signature);
    }
    if let Some(list) = args.holidays {
        settings.holidays = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(Holiday::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow!("--holidays: {e}"))?;
    }
    if (&profile, &settings) != (&before.0, &before.1) {
        save_checked_profile(store, &profile, &settings, &base).await?;
    }
    Ok((profile, settings))
}

/// Saves the profile and settings after the same checks an imported file passes.
pub async fn save_checked_profile(
    store: &impl Store,
    profile: &followup_core::Profile,
    settings: &followup_core::Settings,
    base: &str,
) -> anyhow::Result<()> {
    let doc = followup_core::JobSearch {
        profile: profile.clone(),
        settings: settings.clone(),
        ..Default::default()
    };
    followup_core::capture::check_document(&doc).map_err(|e| anyhow!("{e}"))?;
    store.save_profile(profile, settings, base).await?;
    Ok(())
}
