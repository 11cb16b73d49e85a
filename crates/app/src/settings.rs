//! The profile (who the user is, the English they write, their time zone, their holidays) and
//! the mail server, changed as a person asks, from the version they saw.

use followup_core::compose::Templates;
use followup_core::{
    Holiday, Language, MailServer, Profile, Security, Settings, TimeZoneName, profile_version,
};
use followup_store::Store;

use crate::own;
use crate::{AppError, Context, Result};

/// With nothing given, the profile as it is; otherwise what is given changes.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct ProfileChange {
    #[cfg_attr(feature = "cli", arg(long))]
    pub name: Option<String>,
    #[cfg_attr(feature = "cli", arg(long))]
    pub email: Option<String>,
    #[cfg_attr(feature = "cli", arg(long))]
    pub phone: Option<String>,
    /// The English you write: en-GB, en-US, en-CA or en-AU.
    #[cfg_attr(feature = "cli", arg(long))]
    pub language: Option<String>,
    /// Your IANA time zone, like Europe/London.
    #[cfg_attr(feature = "cli", arg(long, value_name = "ZONE"))]
    pub timezone: Option<String>,
    /// How your letters end.
    #[cfg_attr(feature = "cli", arg(long))]
    pub signature: Option<String>,
    /// The days that are not business days besides weekends, in place of the ones kept: a
    /// holiday calendar (gb-eng, gb-sct, us, ca, au) and dates, separated by commas.
    #[cfg_attr(feature = "cli", arg(long, value_name = "LIST"))]
    pub holidays: Option<String>,
}

/// The mail server's settings: what is given changes. Never the password: that comes from
/// FOLLOWUP_SMTP_PASSWORD or a file only the user can read.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct MailChange {
    /// The server's host name.
    #[cfg_attr(feature = "cli", arg(long))]
    pub host: Option<String>,
    /// The port (default: 465 with tls, 587 with starttls, 25 with off).
    #[cfg_attr(feature = "cli", arg(long))]
    pub port: Option<u16>,
    /// off, starttls or tls: chosen, never guessed; `off` sends in plain text.
    #[cfg_attr(feature = "cli", arg(long))]
    pub security: Option<String>,
    /// The user name to log in with.
    #[cfg_attr(feature = "cli", arg(long))]
    pub username: Option<String>,
    /// A file holding the password, readable by you alone (chmod 600).
    #[cfg_attr(feature = "cli", arg(long, value_name = "FILE"))]
    pub password_file: Option<std::path::PathBuf>,
    /// A PEM certificate authority to trust, for a server with a private certificate.
    #[cfg_attr(feature = "cli", arg(long, value_name = "FILE"))]
    pub certificate: Option<std::path::PathBuf>,
    /// Seconds to wait for the server at each step (default 60).
    #[cfg_attr(feature = "cli", arg(long, value_name = "SECONDS"))]
    pub timeout: Option<u32>,
    /// Seconds before the first retry after a temporary failure (default 60; doubling).
    #[cfg_attr(feature = "cli", arg(long, value_name = "SECONDS"))]
    pub retry: Option<u32>,
}

impl MailChange {
    fn changes(&self) -> bool {
        self.host.is_some()
            || self.port.is_some()
            || self.security.is_some()
            || self.username.is_some()
            || self.password_file.is_some()
            || self.certificate.is_some()
            || self.timeout.is_some()
            || self.retry.is_some()
    }
}

/// Changes what the input gives, checked and saved; the profile and settings as they are now.
/// `base` is the version the change was made from (a form shown earlier); none: the profile
/// as read now.
pub async fn update_profile(
    change: ProfileChange,
    store: &impl Store,
    base: Option<&str>,
) -> Result<(Profile, Settings)> {
    let (mut profile, mut settings) = store.profile().await?;
    let before = (profile.clone(), settings.clone());
    let base = base.map_or_else(|| profile_version(&profile, &settings), str::to_string);
    if let Some(name) = change.name {
        profile.name = Some(name);
    }
    if let Some(email) = change.email {
        profile.email = Some(email);
    }
    if let Some(phone) = change.phone {
        profile.phone = Some(phone);
    }
    if let Some(text) = change.language {
        profile.language = Some(Language::parse(&text).ok_or_else(|| {
            AppError::field(
                "language",
                format!("{text:?}: use en-GB, en-US, en-CA or en-AU"),
            )
        })?);
    }
    if let Some(zone) = change.timezone {
        profile.timezone =
            Some(TimeZoneName::new(&zone).map_err(|e| AppError::field("timezone", e))?);
    }
    if let Some(signature) = change.signature {
        profile.signature = Some(signature);
    }
    if let Some(list) = change.holidays {
        settings.holidays = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(Holiday::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| AppError::field("holidays", e))?;
    }
    if (&profile, &settings) != (&before.0, &before.1) {
        save_checked(store, &profile, &settings, &base).await?;
    }
    Ok((profile, settings))
}

/// Changes the mail server as the input says, checked and saved; the server as it is now.
/// `base` as for the profile.
pub async fn update_mail(
    change: MailChange,
    store: &impl Store,
    base: Option<&str>,
) -> Result<Option<MailServer>> {
    let (profile, mut settings) = store.profile().await?;
    let base = base.map_or_else(|| profile_version(&profile, &settings), str::to_string);
    if !change.changes() {
        return Ok(settings.mail);
    }
    let security = change
        .security
        .as_deref()
        .map(|s| {
            Security::parse(s).ok_or_else(|| {
                AppError::field("security", format!("{s:?}: use off, starttls or tls"))
            })
        })
        .transpose()?;
    let mut mail = match (settings.mail.take(), change.host.clone(), security) {
        (Some(kept), _, _) => kept,
        (None, Some(host), Some(security)) => MailServer {
            host,
            port: None,
            security,
            username: None,
            password_file: None,
            certificate: None,
            timeout_seconds: None,
            retry_seconds: None,
        },
        (None, _, _) => {
            return Err(AppError::invalid(
                "a mail server needs its host and its security (off, starttls or tls)",
            ));
        }
    };
    let absolute = |field: &'static str, p: std::path::PathBuf| -> Result<String> {
        let p = std::path::absolute(&p).map_err(|e| AppError::field(field, e))?;
        p.to_str()
            .map(str::to_string)
            .ok_or_else(|| AppError::field(field, format!("{} is not UTF-8", p.display())))
    };
    if let Some(host) = change.host {
        mail.host = host;
    }
    if let Some(security) = security {
        mail.security = security;
    }
    mail.port = change.port.or(mail.port);
    mail.username = change.username.or(mail.username);
    if let Some(file) = change.password_file {
        mail.password_file = Some(absolute("password_file", file)?);
    }
    if let Some(file) = change.certificate {
        mail.certificate = Some(absolute("certificate", file)?);
    }
    mail.timeout_seconds = change.timeout.or(mail.timeout_seconds);
    mail.retry_seconds = change.retry.or(mail.retry_seconds);
    settings.mail = Some(mail);
    save_checked(store, &profile, &settings, &base).await?;
    Ok(settings.mail)
}

/// Saves the profile and settings after the same checks an imported file passes.
pub async fn save_checked(
    store: &impl Store,
    profile: &Profile,
    settings: &Settings,
    base: &str,
) -> Result<()> {
    let doc = followup_core::JobSearch {
        profile: profile.clone(),
        settings: settings.clone(),
        ..Default::default()
    };
    followup_core::capture::check_document(&doc).map_err(|e| AppError::invalid(e.to_string()))?;
    store.save_profile(profile, settings, base).await?;
    Ok(())
}

/// The user's own words, which the spelling check accepts (`dictionary.txt`).
pub async fn save_words(store: &impl Store, context: &Context, words: &[String]) -> Result<()> {
    let mut text = words.join("\n");
    text.push('\n');
    own::save(store, context, own::WORDS, Some(&text)).await
}

/// A letter's template in the user's own words, checked before it is kept; empty: the
/// built-in one again.
pub async fn save_template(
    store: &impl Store,
    context: &Context,
    name: &str,
    source: &str,
) -> Result<()> {
    if !Templates::defaults().iter().any(|(d, _)| *d == name) {
        return Err(AppError::field("name", "which letter's template is it?"));
    }
    let file = own::template(name);
    let source = source.replace("\r\n", "\n");
    if source.trim().is_empty() {
        return own::save(store, context, &file, None).await;
    }
    Templates::with_overrides(vec![(name.to_string(), source.clone(), file.clone())])
        .map_err(|e| AppError::field("source", e))?;
    own::save(store, context, &file, Some(&source)).await
}
