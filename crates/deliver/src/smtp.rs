//! The SMTP conversation, step by step, so that every failure says whether the message may
//! have arrived: a refusal or a broken connection before the message's last line was sent
//! means it did not; a connection lost after it means no one can say (uncertain).

use std::time::Duration;

use followup_core::{MailServer, Security};
use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, MailBodyParameter, MailParameter};

/// Where to send and how, with the password read from where the user keeps it.
pub struct Server {
    settings: MailServer,
    password: Option<String>,
    certificate: Option<Vec<u8>>,
}

// The password stays out of every log and error.
impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("settings", &self.settings)
            .field("password", &self.password.as_ref().map(|_| "(hidden)"))
            .finish()
    }
}

/// What went wrong, and so what may be done next.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SendError {
    /// The settings or the server's set-up stop every message (no TLS offered, a wrong
    /// password, a bad certificate): nothing was sent; mend the settings.
    #[error("{0}")]
    Setup(String),
    /// The server could not be reached, or answered 4xx: nothing was sent; try again later.
    #[error("{0}")]
    Temporary(String),
    /// The server refused this message for good (5xx): its words.
    #[error("{0}")]
    Permanent(String),
    /// The connection broke after the message was handed over: it may have arrived.
    #[error("{0}")]
    Uncertain(String),
}

impl Server {
    /// The server of the settings. The password comes from `password` (the environment) or
    /// else the settings' password file, which must be readable by the user alone.
    pub fn new(settings: &MailServer, password: Option<String>) -> Result<Server, SendError> {
        let password = match (password, &settings.password_file) {
            (Some(p), _) => Some(p),
            (None, Some(file)) => Some(read_private(file)?),
            (None, None) => None,
        };
        if settings.username.is_some() && password.is_none() {
            return Err(SendError::Setup(format!(
                "the mail server's user {:?} needs a password: set FOLLOWUP_SMTP_PASSWORD or \
                 `followup mail --password-file FILE`",
                settings.username.as_deref().unwrap_or_default()
            )));
        }
        let certificate = settings
            .certificate
            .as_ref()
            .map(|path| {
                std::fs::read(path).map_err(|e| {
                    SendError::Setup(format!("cannot read the certificate {path}: {e}"))
                })
            })
            .transpose()?;
        Ok(Server {
            settings: settings.clone(),
            password,
            certificate,
        })
    }

    fn tls(&self) -> Result<TlsParameters, SendError> {
        let mut builder = TlsParameters::builder(self.settings.host.clone());
        if let Some(pem) = &self.certificate {
            let certificate = Certificate::from_pem(pem).map_err(|e| {
                SendError::Setup(format!(
                    "the certificate file is not a PEM certificate: {e}"
                ))
            })?;
            builder = builder.add_root_certificate(certificate);
        }
        builder
            .build_rustls()
            .map_err(|e| SendError::Setup(format!("cannot set up TLS: {e}")))
    }

    /// Opens a connection, protected as the settings say, and logs in.
    pub fn connect(&self) -> Result<Connection, SendError> {
        let s = &self.settings;
        let timeout = Duration::from_secs(u64::try_from(s.timeout().as_secs()).unwrap_or(60));
        let hello = ClientId::default();
        let where_ = format!("{}:{}", s.host, s.port());
        let implicit = match s.security {
            Security::Tls => Some(self.tls()?),
            _ => None,
        };
        let mut conn = SmtpConnection::connect(
            (s.host.as_str(), s.port()),
            Some(timeout),
            &hello,
            implicit.as_ref(),
            None,
        )
        .map_err(|e| {
            // Over TLS, a server reached that does not complete the handshake is set up
            // otherwise than the settings say: trying again will not mend it.
            if e.is_tls() || (implicit.is_some() && !unreachable(&e)) {
                SendError::Setup(format!(
                    "TLS with {where_} failed ({e}); followup will not send without it"
                ))
            } else {
                SendError::Temporary(format!("cannot reach the mail server {where_}: {e}"))
            }
        })?;
        if s.security == Security::Starttls {
            if !conn.can_starttls() {
                conn.abort();
                return Err(SendError::Setup(format!(
                    "{where_} does not offer STARTTLS, and the settings ask for it: nothing was sent \
                     in plain text. Choose `tls` if the server speaks TLS from the start."
                )));
            }
            conn.starttls(&self.tls()?, &hello).map_err(|e| {
                SendError::Setup(format!(
                    "STARTTLS with {where_} failed ({e}); followup will not send without it"
                ))
            })?;
        }
        if let (Some(user), Some(password)) = (&s.username, &self.password) {
            let credentials = Credentials::new(user.clone(), password.clone());
            conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                .map_err(|e| match e.status() {
                    Some(code) if e.is_transient() => {
                        SendError::Temporary(format!("{where_} could not log in now ({code}): {e}"))
                    }
                    _ => SendError::Setup(format!(
                        "{where_} refused the user {user:?} and its password: {e}"
                    )),
                })?;
        }
        Ok(Connection { conn, where_ })
    }
}

/// An open, logged-in connection; one message after another.
pub struct Connection {
    conn: SmtpConnection,
    where_: String,
}

impl Connection {
    /// Whether the connection can carry another message.
    pub fn is_open(&self) -> bool {
        !self.conn.has_broken()
    }

    /// Sends one message's bytes from `from` to `to`.
    pub fn send(&mut self, from: &str, to: &str, bytes: &[u8]) -> Result<(), SendError> {
        let address = |a: &str| {
            a.parse::<Address>()
                .map_err(|e| SendError::Permanent(format!("{a:?} is not an email address: {e}")))
        };
        let (from, to) = (address(from)?, address(to)?);
        let mut options = Vec::new();
        if !bytes.is_ascii() {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        // Before the message's last line, nothing can have arrived: a failure is certain.
        let before = |e: lettre::transport::smtp::Error, step: &str, where_: &str| {
            // "Authentication required" and the like refuse every letter, not this one.
            let code = e.status().map(|c| c.to_string());
            if code.as_deref() == Some("530") || e.to_string().contains("5.7.0") {
                SendError::Setup(format!("{where_} refused to take mail at {step}: {e}"))
            } else if e.is_permanent() {
                SendError::Permanent(format!("{where_} refused the message at {step}: {e}"))
            } else {
                SendError::Temporary(format!("{where_} did not take the message at {step}: {e}"))
            }
        };
        let result = self
            .conn
            .command(Mail::new(Some(from), options))
            .map_err(|e| before(e, "MAIL FROM", &self.where_))
            .and_then(|_| {
                self.conn
                    .command(Rcpt::new(to, vec![]))
                    .map_err(|e| before(e, "RCPT TO", &self.where_))
            })
            .and_then(|_| {
                self.conn
                    .command(Data)
                    .map_err(|e| before(e, "DATA", &self.where_))
            });
        if let Err(e) = result {
            self.conn.abort();
            return Err(e);
        }
        // The message and its final dot in one write: written apart, the small last write waits
        // for the server's delayed acknowledgement of the first (Nagle), 40 ms a letter.
        let sent = match std::str::from_utf8(bytes) {
            Ok(text) => self.conn.command(Transparent(text)),
            Err(_) => self.conn.message(bytes),
        };
        match sent {
            Ok(reply) if reply.code().to_string().starts_with('2') => Ok(()),
            // Not a refusal and not an acceptance: no one can say whether it was taken.
            Ok(reply) => {
                self.conn.abort();
                Err(SendError::Uncertain(format!(
                    "{} answered the message with {}, neither yes nor no: it may have arrived",
                    self.where_,
                    reply.code()
                )))
            }
            Err(e) => {
                self.conn.abort();
                Err(match e.status() {
                    // The server answered after the last line: its answer is certain.
                    Some(_) if e.is_permanent() => {
                        SendError::Permanent(format!("{} refused the message: {e}", self.where_))
                    }
                    Some(_) => SendError::Temporary(format!(
                        "{} did not take the message: {e}",
                        self.where_
                    )),
                    None => SendError::Uncertain(format!(
                        "the connection to {} broke as the message was handed over ({e}): it may \
                         have arrived",
                        self.where_
                    )),
                })
            }
        }
    }

    /// Says goodbye.
    pub fn quit(mut self) {
        if !self.conn.has_broken() {
            let _ = self.conn.quit();
        }
    }
}

/// A message's text as DATA carries it (RFC 5321 4.5.2): CRLF line ends, a dot doubled at
/// the start of a line, and the line with a single dot that ends it.
struct Transparent<'a>(&'a str);

impl std::fmt::Display for Transparent<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.0.strip_suffix("\r\n").unwrap_or(self.0);
        for line in text.split("\r\n") {
            for (i, part) in line.split('\n').enumerate() {
                if i > 0 {
                    f.write_str("\r\n")?;
                }
                if part.starts_with('.') {
                    f.write_str(".")?;
                }
                f.write_str(part)?;
            }
            f.write_str("\r\n")?;
        }
        f.write_str(".\r\n")
    }
}

/// Whether a connection failed for want of a server (refused, timed out, no route): a
/// temporary failure, unlike a server that answers in the wrong way.
fn unreachable(error: &lettre::transport::smtp::Error) -> bool {
    use std::io::ErrorKind::*;
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                ConnectionRefused
                    | TimedOut
                    | HostUnreachable
                    | NetworkUnreachable
                    | AddrNotAvailable
                    | NotFound
            );
        }
        source = e.source();
    }
    error.is_timeout()
}

/// Reads a secret from a file that only its owner can read; any other file is refused, so a
/// password left readable by others is noticed.
fn read_private(path: &str) -> Result<String, SendError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path)
        .map_err(|e| SendError::Setup(format!("cannot read the password file {path}: {e}")))?;
    let mode = meta.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(SendError::Setup(format!(
            "the password file {path} can be read by others (mode {:o}): `chmod 600 {path}`",
            mode & 0o777
        )));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| SendError::Setup(format!("cannot read the password file {path}: {e}")))?;
    Ok(text.trim_end_matches(['\r', '\n']).to_string())
}

#[cfg(test)]
mod tests {
    use super::Transparent;

    #[test]
    fn data_is_transparent() {
        assert_eq!(
            Transparent("Subject: x\r\n\r\n.hidden\r\nok\r\n.\r\n").to_string(),
            "Subject: x\r\n\r\n..hidden\r\nok\r\n..\r\n.\r\n"
        );
        assert_eq!(Transparent("a\nb").to_string(), "a\r\nb\r\n.\r\n");
        assert_eq!(Transparent("a\n\r\nb").to_string(), "a\r\n\r\nb\r\n.\r\n");
        assert_eq!(Transparent("a\n.b").to_string(), "a\r\n..b\r\n.\r\n");
    }
}
