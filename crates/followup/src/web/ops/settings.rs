//! Settings: the profile, the mail server, the user's words and templates, the calendar feed.

use followup_core::compose::Templates;

use crate::web::error::WebError;
use crate::web::form::{self, *};
use crate::web::views::*;
use crate::web::{Backend, Shared};
use followup_app::AppError;
use followup_app::programme;
use followup_app::settings::{self, MailChange, ProfileChange};

type Result<T> = std::result::Result<T, WebError>;

/// Everything the settings page shows. Never a password.
pub async fn settings<S: Backend>(s: &Shared<S>) -> Result<SettingsView> {
    let ctx = s.context();
    let (profile, settings) = s.store.profile().await?;
    let config = ctx.config_dir()?;
    // In the agency mode, the files beside the process are nobody's own.
    let own = |path: std::path::PathBuf| {
        s.own_files
            .then(|| std::fs::read_to_string(path).ok())
            .flatten()
    };
    let words = own(config.join("dictionary.txt")).unwrap_or_default();
    let mut templates = Vec::new();
    for (name, source) in Templates::defaults() {
        let own = own(config.join("templates").join(format!("{name}.txt")));
        templates.push(TemplateView {
            name: name.to_string(),
            own: own.is_some(),
            source: own.unwrap_or_else(|| source.to_string()),
        });
    }
    let token = s
        .calendar
        .read()
        .map_err(|_| WebError::Internal("the calendar's secret is unreadable".into()))?
        .clone();
    Ok(SettingsView {
        version: followup_core::profile_version(&profile, &settings),
        language: profile.language().as_str().to_string(),
        timezone: profile
            .timezone
            .as_ref()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        holidays: settings
            .holidays
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        profile: serde_json::to_value(&profile).map_err(|e| WebError::Internal(e.to_string()))?,
        mail: serde_json::to_value(&settings.mail)
            .map_err(|e| WebError::Internal(e.to_string()))?,
        words,
        templates,
        calendar_url: format!("/calendar/{token}.ics"),
        calendar_webcal: None,
    })
}

/// Changes the profile, as `followup profile` does.
pub async fn save_profile<S: Backend>(s: &Shared<S>, f: ProfileForm) -> Result<()> {
    let change = ProfileChange {
        name: f.name,
        email: f.email,
        phone: f.phone,
        language: f.language,
        timezone: f.timezone,
        signature: f.signature,
        holidays: f.holidays,
    };
    settings::update_profile(change, &s.store, f.version.as_deref()).await?;
    Ok(())
}

/// Changes the mail server, as `followup mail` does. The password never comes through here.
pub async fn save_mail<S: Backend>(s: &Shared<S>, f: MailForm) -> Result<()> {
    // The password file would be read from the server's disk.
    s.own_files_only("Your own mail server's settings")?;
    let change = MailChange {
        host: f.host,
        port: form::number("port", f.port.as_deref())?,
        security: f.security,
        username: f.username,
        password_file: f.password_file.map(Into::into),
        certificate: None,
        timeout: None,
        retry: None,
    };
    settings::update_mail(change, &s.store, f.version.as_deref()).await?;
    Ok(())
}

/// The user's own words, which the spelling check accepts.
pub async fn save_words<S: Backend>(s: &Shared<S>, f: WordsForm) -> Result<()> {
    s.own_files_only("Your own words")?;
    Ok(settings::save_words(&s.context(), &f.words)?)
}

/// A letter's template in the user's own words; empty: the built-in one again.
pub async fn save_template<S: Backend>(s: &Shared<S>, f: TemplateForm) -> Result<()> {
    s.own_files_only("Your own templates")?;
    let name = f
        .name
        .ok_or_else(|| AppError::field("name", "which letter's template is it?"))?;
    Ok(settings::save_template(
        &s.context(),
        &name,
        f.source.as_deref().unwrap_or_default(),
    )?)
}

/// A new secret for the calendar feed: the old address stops working.
pub fn reset_calendar<S: Backend>(s: &Shared<S>) -> Result<String> {
    s.own_files_only("Calendar feeds")?;
    let token = crate::web::secret::reset_calendar_token(&s.data_dir)
        .map_err(|e| WebError::Internal(format!("{e:#}")))?;
    let mut kept = s
        .calendar
        .write()
        .map_err(|_| WebError::Internal("the calendar's secret is unreadable".into()))?;
    *kept = token.clone();
    Ok(format!("/calendar/{token}.ics"))
}

/// The calendar feed, for whoever has its secret.
pub async fn calendar_feed<S: Backend>(s: &Shared<S>, token: &str) -> Result<String> {
    if s.own_files_only("Calendar feeds").is_err() {
        return Err(WebError::NotFound("no such calendar".into()));
    }
    let known = s
        .calendar
        .read()
        .map_err(|_| WebError::Internal("the calendar's secret is unreadable".into()))?
        .clone();
    if !crate::web::secret::same(token, &known) {
        return Err(WebError::NotFound("no such calendar".into()));
    }
    let (text, _) = programme::calendar_feed(&s.store, &s.context()).await?;
    Ok(text)
}
