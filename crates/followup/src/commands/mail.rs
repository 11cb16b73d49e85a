//! `followup mail`: the mail server followup sends through. Never the password: that comes
//! from FOLLOWUP_SMTP_PASSWORD or a file only you can read.

use anyhow::{anyhow, bail};
use followup_core::{MailServer, Security};
use followup_store::Store;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The server's host name.
    #[arg(long)]
    pub host: Option<String>,
    /// The port (default: 465 with tls, 587 with starttls, 25 with off).
    #[arg(long)]
    pub port: Option<u16>,
    /// off, starttls or tls: chosen, never guessed; `off` sends in plain text.
    #[arg(long)]
    pub security: Option<String>,
    /// The user name to log in with.
    #[arg(long)]
    pub username: Option<String>,
    /// A file holding the password, readable by you alone (chmod 600).
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<std::path::PathBuf>,
    /// A PEM certificate authority to trust, for a server with a private certificate.
    #[arg(long, value_name = "FILE")]
    pub certificate: Option<std::path::PathBuf>,
    /// Seconds to wait for the server at each step (default 60).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u32>,
    /// Seconds before the first retry after a temporary failure (default 60; doubling).
    #[arg(long, value_name = "SECONDS")]
    pub retry: Option<u32>,
}

pub async fn execute(args: Args, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let mail = update(args, store, None).await?;
    if context.json {
        return output::json(&mail);
    }
    match &mail {
        None => println!(
            "No mail server is set: followup mail --host HOST --security starttls --username USER --password-file FILE"
        ),
        Some(m) => {
            println!("{}:{} ({})", m.host, m.port(), m.security.as_str());
            if let Some(user) = &m.username {
                let from = if std::env::var(crate::postman::PASSWORD_VARIABLE).is_ok() {
                    crate::postman::PASSWORD_VARIABLE.to_string()
                } else {
                    m.password_file
                        .clone()
                        .unwrap_or_else(|| "(none set)".into())
                };
                println!("user {user}, password from {from}");
            }
        }
    }
    Ok(())
}

/// Changes the mail server as the options say, checked and saved; the server as it is now.
/// Changes what `args` gives. `base` is the version the change was made from (a form shown
/// earlier); none: the settings as read now.
pub async fn update(
    args: Args,
    store: &impl Store,
    base: Option<&str>,
) -> anyhow::Result<Option<MailServer>> {
    let (profile, mut settings) = store.profile().await?;
    let base = base.map_or_else(
        || followup_core::profile_version(&profile, &settings),
        str::to_string,
    );
    let changing = args.host.is_some()
        || args.port.is_some()
        || args.security.is_some()
        || args.username.is_some()
        || args.password_file.is_some()
        || args.certificate.is_some()
        || args.timeout.is_some()
        || args.retry.is_some();
    if changing {
        let security = args
            .security
            .as_deref()
            .map(|s| {
                Security::parse(s)
                    .ok_or_else(|| anyhow!("--security {s:?}: use off, starttls or tls"))
            })
            .transpose()?;
        let mut mail = match (settings.mail.take(), args.host.clone(), security) {
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
                bail!("a mail server needs --host and --security (off, starttls or tls)")
            }
        };
        let absolute = |p: std::path::PathBuf| -> anyhow::Result<String> {
            let p = std::path::absolute(&p)?;
            p.to_str()
                .map(str::to_string)
                .ok_or_else(|| anyhow!("{} is not UTF-8", p.display()))
        };
        if let Some(host) = args.host {
            mail.host = host;
        }
        if let Some(security) = security {
            mail.security = security;
        }
        mail.port = args.port.or(mail.port);
        mail.username = args.username.or(mail.username);
        if let Some(file) = args.password_file {
            mail.password_file = Some(absolute(file)?);
        }
        if let Some(file) = args.certificate {
            mail.certificate = Some(absolute(file)?);
        }
        mail.timeout_seconds = args.timeout.or(mail.timeout_seconds);
        mail.retry_seconds = args.retry.or(mail.retry_seconds);
        settings.mail = Some(mail);
        super::profile::save_checked_profile(store, &profile, &settings, &base).await?;
    }
    Ok(settings.mail)
}
