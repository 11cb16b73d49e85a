//! The agency mode's settings (`followup serve --config agency.toml`). Each one is declared
//! once, in [`SETTINGS`], with its default, its environment variable and what it means; the
//! documentation (docs/agency.md) is written from that table, and a file holding a key that
//! is not in it is refused.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use jiff::SignedDuration;

/// One setting: its key in the file (`section.name`), the environment variable that takes
/// precedence over the file, its default (None: it must be given), and what it means.
pub struct Setting {
    pub key: &'static str,
    pub env: &'static str,
    pub default: Option<&'static str>,
    /// Never printed back (`--check` shows it as set or not).
    pub secret: bool,
    pub about: &'static str,
}

/// Every setting of the agency mode, in the order the documentation gives them.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "database.url",
        env: "FOLLOWUP_DATABASE_URL",
        default: None,
        secret: true,
        about: "The PostgreSQL database every instance shares (`postgres://user@host/db`).",
    },
    Setting {
        key: "web.public_url",
        env: "FOLLOWUP_PUBLIC_URL",
        default: None,
        secret: false,
        about: "The address people open, as the links in emails give it \
                (`https://followup.agency.example`).",
    },
    Setting {
        key: "web.listen",
        env: "FOLLOWUP_LISTEN",
        default: Some("127.0.0.1:7878"),
        secret: false,
        about: "The address and port this instance listens on. Agency mode may listen on any \
                address; put it behind a proxy that speaks https.",
    },
    Setting {
        key: "mail.host",
        env: "FOLLOWUP_MAIL_HOST",
        default: None,
        secret: false,
        about: "The mail server of the app's own emails (invitations, password resets).",
    },
    Setting {
        key: "mail.port",
        env: "FOLLOWUP_MAIL_PORT",
        default: Some("587"),
        secret: false,
        about: "Its port.",
    },
    Setting {
        key: "mail.security",
        env: "FOLLOWUP_MAIL_SECURITY",
        default: Some("starttls"),
        secret: false,
        about: "`starttls`, `tls`, or `off` (plain text: a server on this machine only).",
    },
    Setting {
        key: "mail.username",
        env: "FOLLOWUP_MAIL_USERNAME",
        default: Some(""),
        secret: false,
        about: "The account to sign in to the mail server with (empty: none).",
    },
    Setting {
        key: "mail.password",
        env: "FOLLOWUP_MAIL_PASSWORD",
        default: Some(""),
        secret: true,
        about: "Its password. Better given in the environment than written in the file.",
    },
    Setting {
        key: "mail.from",
        env: "FOLLOWUP_MAIL_FROM",
        default: None,
        secret: false,
        about: "The address the app's emails come from.",
    },
    Setting {
        key: "sessions.lifetime",
        env: "FOLLOWUP_SESSION_LIFETIME",
        default: Some("14 days"),
        secret: false,
        about: "How long a sign-in lasts without being used (`12 hours`, `14 days`).",
    },
    Setting {
        key: "logins.per_account",
        env: "FOLLOWUP_LOGINS_PER_ACCOUNT",
        default: Some("5"),
        secret: false,
        about: "Failed sign-ins allowed to one account within `logins.window`, counted in the \
                database so that the limit holds across instances.",
    },
    Setting {
        key: "logins.per_address",
        env: "FOLLOWUP_LOGINS_PER_ADDRESS",
        default: Some("20"),
        secret: false,
        about: "Failed sign-ins allowed from one network address within `logins.window`.",
    },
    Setting {
        key: "logins.window",
        env: "FOLLOWUP_LOGINS_WINDOW",
        default: Some("15 minutes"),
        secret: false,
        about: "The span the failed sign-ins are counted over.",
    },
    Setting {
        key: "invitations.lifetime",
        env: "FOLLOWUP_INVITATION_LIFETIME",
        default: Some("7 days"),
        secret: false,
        about: "How long an emailed invitation link stays good (it is good once).",
    },
    Setting {
        key: "password_reset.lifetime",
        env: "FOLLOWUP_PASSWORD_RESET_LIFETIME",
        default: Some("1 hour"),
        secret: false,
        about: "How long an emailed password-reset link stays good (it is good once).",
    },
];

/// The agency mode's settings, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyConfig {
    pub database_url: String,
    pub public_url: String,
    pub listen: SocketAddr,
    pub mail: Mail,
    pub session_lifetime: SignedDuration,
    pub logins_per_account: u32,
    pub logins_per_address: u32,
    pub logins_window: SignedDuration,
    pub invitation_lifetime: SignedDuration,
    pub reset_lifetime: SignedDuration,
}

/// The mail server of the app's own emails.
#[derive(Debug, Clone, PartialEq)]
pub struct Mail {
    pub host: String,
    pub port: u16,
    pub security: followup_core::Security,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: String,
}

/// Each setting's value as given, and where it came from.
pub type Values = BTreeMap<&'static str, (String, Source)>;

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Environment,
    File,
    Default,
}

impl Source {
    /// Where a value of `setting` came from, in words: its variable, the file, the default.
    fn name<'a>(self, setting: &'a Setting, file: &'a str) -> &'a str {
        match self {
            Source::Environment => setting.env,
            Source::File => file,
            Source::Default => "the default",
        }
    }
}

/// Why the settings cannot be used: each names the setting and says what to write.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("{file}: {message}")]
    Unreadable { file: String, message: String },
    #[error("{file}: `{key}` is not a setting of followup ({hint})")]
    Unknown {
        file: String,
        key: String,
        hint: String,
    },
    #[error("`{key}` is not set: write it in the file or set {env}")]
    Missing {
        key: &'static str,
        env: &'static str,
    },
    #[error("`{key}` (from {from}): {message}")]
    Invalid {
        key: &'static str,
        from: String,
        message: String,
    },
}

impl AgencyConfig {
    /// Reads the file's text (named `file` in errors), with `env` giving the environment.
    pub fn read(
        file: &str,
        text: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<(AgencyConfig, Values), ConfigError> {
        let table: toml::Table =
            text.parse()
                .map_err(|e: toml::de::Error| ConfigError::Unreadable {
                    file: file.into(),
                    message: e.message().to_string(),
                })?;
        let mut given = BTreeMap::new();
        flatten("", &table, &mut given).map_err(|key| ConfigError::Unreadable {
            file: file.into(),
            message: format!("`{key}` holds a list; every setting is one value"),
        })?;
        if let Some(key) = given.keys().find(|k| setting(k).is_none()) {
            return Err(ConfigError::Unknown {
                file: file.into(),
                key: key.clone(),
                hint: hint(key),
            });
        }
        let mut values: Values = BTreeMap::new();
        for s in SETTINGS {
            let (value, source) = if let Some(v) = env(s.env) {
                (v, Source::Environment)
            } else if let Some(v) = given.remove(s.key) {
                (v, Source::File)
            } else if let Some(v) = s.default {
                (v.to_string(), Source::Default)
            } else {
                return Err(ConfigError::Missing {
                    key: s.key,
                    env: s.env,
                });
            };
            values.insert(s.key, (value, source));
        }
        let invalid = |key: &'static str, message: String| ConfigError::Invalid {
            key,
            from: setting(key)
                .map_or(file, |s| values[key].1.name(s, file))
                .to_string(),
            message,
        };
        let text_of = |key: &'static str| values[key].0.trim().to_string();
        let optional = |key: &'static str| Some(text_of(key)).filter(|v| !v.is_empty());
        let span = |key: &'static str| -> Result<SignedDuration, ConfigError> {
            let text = text_of(key);
            let duration = length(&text).ok_or_else(|| {
                invalid(
                    key,
                    format!("{text:?} is not a length of time, like \"14 days\" or \"1 hour\""),
                )
            })?;
            if duration <= SignedDuration::ZERO {
                return Err(invalid(
                    key,
                    format!("{text:?} must be longer than nothing"),
                ));
            }
            Ok(duration)
        };
        let count = |key: &'static str| -> Result<u32, ConfigError> {
            let text = text_of(key);
            text.parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| invalid(key, format!("{text:?} is not a whole number above 0")))
        };

        let database_url = text_of("database.url");
        if !(database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")) {
            return Err(invalid(
                "database.url",
                "the agency mode runs on PostgreSQL: write a postgres:// address".into(),
            ));
        }
        let public_url = text_of("web.public_url").trim_end_matches('/').to_string();
        let host = public_url
            .strip_prefix("https://")
            .or_else(|| public_url.strip_prefix("http://"));
        if host.is_none_or(|h| h.is_empty() || h.contains(char::is_whitespace)) {
            return Err(invalid(
                "web.public_url",
                format!("{public_url:?} is not an address like https://followup.example"),
            ));
        }
        let listen_text = text_of("web.listen");
        let listen = listen_text.parse::<SocketAddr>().map_err(|_| {
            invalid(
                "web.listen",
                format!("{listen_text:?} is not an address and port, like 0.0.0.0:7878"),
            )
        })?;
        let security_text = text_of("mail.security");
        let security = followup_core::Security::parse(&security_text).ok_or_else(|| {
            invalid(
                "mail.security",
                format!("{security_text:?}: use starttls, tls or off"),
            )
        })?;
        let port_text = text_of("mail.port");
        let port = port_text
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| invalid("mail.port", format!("{port_text:?} is not a port")))?;
        let from = text_of("mail.from");
        if !from.contains('@') || from.contains(char::is_whitespace) {
            return Err(invalid(
                "mail.from",
                format!("{from:?} is not an email address"),
            ));
        }
        let config = AgencyConfig {
            database_url,
            public_url,
            listen,
            mail: Mail {
                host: text_of("mail.host"),
                port,
                security,
                username: optional("mail.username"),
                password: optional("mail.password"),
                from,
            },
            session_lifetime: span("sessions.lifetime")?,
            logins_per_account: count("logins.per_account")?,
            logins_per_address: count("logins.per_address")?,
            logins_window: span("logins.window")?,
            invitation_lifetime: span("invitations.lifetime")?,
            reset_lifetime: span("password_reset.lifetime")?,
        };
        Ok((config, values))
    }
}

/// A length of time as people write it ("14 days", "90 minutes"); a day is 24 hours here.
/// Reads and checks the settings file, the environment taking precedence: the file's name
/// as the errors give it, the settings, and where each value came from.
pub fn load(path: &std::path::Path) -> anyhow::Result<(String, AgencyConfig, Values)> {
    use anyhow::Context as _;
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {file}"))?;
    let (config, values) = AgencyConfig::read(&file, &text, |name| std::env::var(name).ok())?;
    Ok((file, config, values))
}

impl AgencyConfig {
    /// The sign-in limits and how long sessions and links last.
    pub fn limits(&self) -> followup_app::accounts::Limits {
        followup_app::accounts::Limits {
            per_account: self.logins_per_account,
            per_address: self.logins_per_address,
            window: self.logins_window,
            session: self.session_lifetime,
            invitation: self.invitation_lifetime,
            reset: self.reset_lifetime,
        }
    }

    /// The server and address of the app's own emails.
    pub fn mailroom(&self) -> followup_app::mailroom::Mailroom {
        let mail = &self.mail;
        followup_app::mailroom::Mailroom {
            server: followup_core::MailServer {
                host: mail.host.clone(),
                port: Some(mail.port),
                security: mail.security,
                username: mail.username.clone(),
                password_file: None,
                certificate: None,
                timeout_seconds: None,
                retry_seconds: None,
            },
            password: mail.password.clone(),
            from: followup_core::Mailbox {
                name: "followup".into(),
                email: mail.from.clone(),
            },
        }
    }
}

fn length(text: &str) -> Option<SignedDuration> {
    let span: jiff::Span = text.parse().ok()?;
    span.to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .ok()
}

fn setting(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// The file's values by dotted key; a list is refused (its key is the error).
fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&key, inner, out)?,
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Array(_) => return Err(key),
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
    Ok(())
}

/// The setting meant by an unknown key: one of its section, else the list of sections.
fn hint(key: &str) -> String {
    let section = key.split('.').next().unwrap_or_default();
    let same: Vec<&str> = SETTINGS
        .iter()
        .map(|s| s.key)
        .filter(|k| k.split('.').next() == Some(section))
        .collect();
    if same.is_empty() {
        let mut sections: Vec<&str> = SETTINGS
            .iter()
            .filter_map(|s| s.key.split('.').next())
            .collect();
        sections.dedup();
        format!("the sections are {}", sections.join(", "))
    } else {
        format!("[{section}] holds {}", same.join(", "))
    }
}

/// The documentation of every setting, as docs/agency.md gives it.
#[cfg(test)]
fn documentation() -> String {
    let mut out = String::from(
        "| Setting | Environment variable | Default | What it is |\n|---|---|---|---|\n",
    );
    for s in SETTINGS {
        let default = match s.default {
            None => "(required)".to_string(),
            Some("") => "(none)".to_string(),
            Some(d) => format!("`{d}`"),
        };
        out.push_str(&format!(
            "| `{}` | `{}` | {default} | {} |\n",
            s.key, s.env, s.about
        ));
    }
    out
}

/// The settings as `--check` prints them: what each is, its value and where it came from,
/// secrets hidden.
pub fn described(file: &str, values: &Values) -> String {
    let mut out = String::new();
    for s in SETTINGS {
        let Some((value, source)) = values.get(s.key) else {
            continue;
        };
        let shown = match (s.secret, value.is_empty()) {
            (true, true) => "(not set)".to_string(),
            (true, false) => "(set, not shown)".to_string(),
            (false, true) => "(none)".to_string(),
            (false, false) => value.clone(),
        };
        let from = source.name(s, file);
        out.push_str(&format!("# {}\n{} = {shown}    ({from})\n", s.about, s.key));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[database]
url = "postgres://followup@127.0.0.1/agency"

[web]
public_url = "https://followup.agency.example/"
listen = "0.0.0.0:8080"

[mail]
host = "smtp.agency.example"
from = "followup@agency.example"

[logins]
per_account = 3
"#;

    fn read(text: &str, env: &[(&str, &str)]) -> Result<(AgencyConfig, Values), ConfigError> {
        AgencyConfig::read("agency.toml", text, |name| {
            env.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn the_file_then_the_environment_then_the_defaults() {
        let (config, values) = read(FILE, &[("FOLLOWUP_MAIL_PASSWORD", "s3cret")]).unwrap();
        assert_eq!(config.database_url, "postgres://followup@127.0.0.1/agency");
        assert_eq!(config.public_url, "https://followup.agency.example");
        assert_eq!(config.listen, "0.0.0.0:8080".parse().unwrap());
        assert_eq!(config.mail.port, 587);
        assert_eq!(config.mail.security, followup_core::Security::Starttls);
        assert_eq!(config.mail.username, None);
        assert_eq!(config.mail.password.as_deref(), Some("s3cret"));
        assert_eq!(config.logins_per_account, 3);
        assert_eq!(config.logins_per_address, 20);
        assert_eq!(config.session_lifetime, SignedDuration::from_hours(14 * 24));
        assert_eq!(config.logins_window, SignedDuration::from_mins(15));
        assert_eq!(config.reset_lifetime, SignedDuration::from_hours(1));
        assert_eq!(values["logins.per_account"].1, Source::File);
        assert_eq!(values["mail.password"].1, Source::Environment);
        assert_eq!(values["sessions.lifetime"].1, Source::Default);
        // The environment wins over the file.
        let (config, _) = read(FILE, &[("FOLLOWUP_LISTEN", "127.0.0.1:9000")]).unwrap();
        assert_eq!(config.listen, "127.0.0.1:9000".parse().unwrap());
        // What --check prints never shows a secret.
        let (_, values) = read(FILE, &[("FOLLOWUP_MAIL_PASSWORD", "s3cret")]).unwrap();
        let shown = described("agency.toml", &values);
        assert!(
            !shown.contains("s3cret") && !shown.contains("followup@127.0.0.1"),
            "{shown}"
        );
        assert!(shown.contains("mail.password = (set, not shown)    (FOLLOWUP_MAIL_PASSWORD)"));
        assert!(
            shown.contains("logins.per_account = 3    (agency.toml)"),
            "{shown}"
        );
    }

    #[test]
    fn an_unknown_key_is_refused_with_the_keys_of_its_section() {
        let text = format!("{FILE}\n[sessions]\nlifetme = \"2 days\"\n");
        let err = read(&text, &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "agency.toml: `sessions.lifetme` is not a setting of followup ([sessions] holds sessions.lifetime)"
        );
        let err = read(&format!("{FILE}\n[smtp]\nhost = \"x\"\n"), &[]).unwrap_err();
        assert!(
            err.to_string()
                .contains("the sections are database, web, mail"),
            "{err}"
        );
        let err = read("[web]\nlisten = [1, 2]\n", &[]).unwrap_err();
        assert!(
            err.to_string().contains("`web.listen` holds a list"),
            "{err}"
        );
        assert!(matches!(
            read("[web\n", &[]),
            Err(ConfigError::Unreadable { .. })
        ));
    }

    #[test]
    fn a_missing_or_wrong_value_names_the_setting_and_where_it_came_from() {
        let err = read("", &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`database.url` is not set: write it in the file or set FOLLOWUP_DATABASE_URL"
        );
        let cases: &[(&str, &str, &str)] = &[
            (
                "FOLLOWUP_DATABASE_URL",
                "sqlite:followup.db",
                "runs on PostgreSQL",
            ),
            (
                "FOLLOWUP_PUBLIC_URL",
                "followup.example",
                "is not an address",
            ),
            (
                "FOLLOWUP_LISTEN",
                "everywhere",
                "is not an address and port",
            ),
            ("FOLLOWUP_MAIL_SECURITY", "ssl", "use starttls, tls or off"),
            ("FOLLOWUP_MAIL_PORT", "0", "is not a port"),
            ("FOLLOWUP_MAIL_FROM", "followup", "is not an email address"),
            (
                "FOLLOWUP_SESSION_LIFETIME",
                "forever",
                "is not a length of time",
            ),
            // A month has no fixed length.
            (
                "FOLLOWUP_SESSION_LIFETIME",
                "1 month",
                "is not a length of time",
            ),
            ("FOLLOWUP_LOGINS_WINDOW", "0 minutes", "longer than nothing"),
            ("FOLLOWUP_LOGINS_PER_ADDRESS", "-1", "whole number above 0"),
        ];
        for (name, value, says) in cases {
            let err = read(FILE, &[(name, value)]).unwrap_err().to_string();
            assert!(
                err.contains(says) && err.contains(name),
                "{name}={value}: {err}"
            );
        }
    }

    #[test]
    fn the_documentation_is_written_from_the_settings() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/agency.md");
        let doc = std::fs::read_to_string(path).unwrap();
        assert!(
            doc.contains(&documentation()),
            "docs/agency.md must hold the table of settings as written here:\n{}",
            documentation()
        );
    }
}
