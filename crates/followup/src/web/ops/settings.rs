//! Settings: the profile, the mail server, the user's words and templates, the calendar feed.

use followup_core::compose::Templates;

use crate::web::error::WebError;
use crate::web::form::{self, *};
use crate::web::secret::same;
use crate::web::views::*;
use crate::web::{AppState, Backend, Shared, calendar_name_in, scope};
use followup_app::AppError;
use followup_app::own::{self, OwnFiles};
use followup_app::programme;
use followup_app::settings::{self, MailChange, ProfileChange};
use followup_store::SearchId;

type Result<T> = std::result::Result<T, WebError>;

/// Everything the settings page shows. Never a password.
pub async fn settings<S: Backend>(s: &Shared<S>) -> Result<SettingsView> {
    let ctx = s.context();
    let (profile, settings) = s.store.profile().await?;
    let own = OwnFiles::read(&s.store, &ctx).await?;
    let words = own.get(own::WORDS).unwrap_or_default().to_string();
    let mut templates = Vec::new();
    for (name, source) in Templates::defaults() {
        let mine = own.get(&own::template(name));
        templates.push(TemplateView {
            name: name.to_string(),
            own: mine.is_some(),
            source: mine.unwrap_or(source).to_string(),
        });
    }
    let calendar_url = s
        .calendar_name()
        .await?
        .map(|name| format!("/calendar/{name}.ics"))
        .unwrap_or_default();
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
        calendar_url,
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
    if !s.own_files {
        return Err(WebError::Invalid(
            "in the agency mode your letters leave through your consultant and the agency's \
             mail server, not a mail server of your own"
                .into(),
        ));
    }
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
    Ok(settings::save_words(&s.store, &s.context(), &f.words).await?)
}

/// A letter's template in the user's own words; empty: the built-in one again.
pub async fn save_template<S: Backend>(s: &Shared<S>, f: TemplateForm) -> Result<()> {
    let name = f
        .name
        .ok_or_else(|| AppError::field("name", "which letter's template is it?"))?;
    Ok(settings::save_template(
        &s.store,
        &s.context(),
        &name,
        f.source.as_deref().unwrap_or_default(),
    )
    .await?)
}

/// A new secret for the calendar feed: the old address stops working.
pub async fn reset_calendar<S: Backend>(s: &Shared<S>) -> Result<String> {
    let name = s.new_calendar_name().await?;
    Ok(format!("/calendar/{name}.ics"))
}

/// The calendar feed, for whoever has its secret, and the job search's state it was read
/// from. In the agency mode the address names the search; its secret is checked before
/// this instance keeps anything for it.
pub async fn calendar_feed<S: Backend>(
    app: &AppState<S>,
    name: &str,
) -> Result<(AppState<S>, String)> {
    let unknown = || WebError::NotFound("no such calendar".into());
    let s = if app.own_files {
        let known = app.calendar_name().await?;
        if !known.is_some_and(|known| same(&known, name)) {
            return Err(unknown());
        }
        app.clone()
    } else {
        let search = name
            .split_once('.')
            .and_then(|(search, _)| search.parse().ok())
            .map(SearchId)
            .ok_or_else(unknown)?;
        let known = calendar_name_in(&app.store.for_search(search)).await?;
        if !known.is_some_and(|known| same(&known, name)) {
            return Err(unknown());
        }
        scope::search_state(app, search).ok_or_else(unknown)?
    };
    let (text, _) = programme::calendar_feed(&s.store, &s.context()).await?;
    Ok((s, text))
}
