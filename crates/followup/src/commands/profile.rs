use followup_app::settings::{ProfileChange, update_profile};
use followup_core::{Holiday, TimeZoneName};
use followup_store::Store;

use crate::context::Context;
use crate::output;

/// With no option, shows the profile; with options, changes what they name.
pub async fn execute(
    args: ProfileChange,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<()> {
    let (profile, settings) = update_profile(args, store, None).await?;
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
