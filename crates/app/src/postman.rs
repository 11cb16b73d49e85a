//! The worker that empties the outbox: it takes one message at a time (marked `sending` and
//! committed before the server hears a byte), hands it to the mail server, and records what
//! the server said. Temporary failures are tried again later; a refusal for good is shown;
//! a connection lost after the message was handed over leaves it `uncertain`, for the user.

use std::time::{Duration, Instant};

use followup_core::deliver::retry_at;
use followup_core::{MailServer, Moment};
use followup_deliver::{Connection, SendError, Server};
use followup_store::{Outbox, Outgoing, Settlement, Store};
use jiff::{SignedDuration, Timestamp};

use crate::{AppError, Result};

/// What a round of delivery did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Round {
    pub sent: Vec<String>,
    pub retrying: Vec<(String, String)>,
    pub failed: Vec<(String, String)>,
    pub uncertain: Vec<(String, String)>,
    /// Why the round stopped early: the settings stop every message.
    pub stopped: Option<String>,
}

/// The password, from the environment: never from the command line.
pub const PASSWORD_VARIABLE: &str = "FOLLOWUP_SMTP_PASSWORD";

pub struct Postman<'a, S> {
    store: &'a S,
    server: Server,
    settings: MailServer,
    /// The clock: the moment given (`--now`) moved on by the time spent.
    start: (Timestamp, Instant),
    connection: Option<Connection>,
}

impl<'a, S: Outbox> Postman<'a, S> {
    pub fn new(store: &'a S, settings: Option<&MailServer>, now: Timestamp) -> Result<Self> {
        let settings = settings.cloned().ok_or_else(|| {
            AppError::invalid(
                "no mail server is set: give its host and security in Settings, or with \
                 `followup mail --host HOST --security starttls --username USER` (the message \
                 stays in the outbox)",
            )
        })?;
        Self::with_server(store, settings, std::env::var(PASSWORD_VARIABLE).ok(), now)
    }

    /// A postman for a server whose password is given (the agency's, from its settings).
    pub fn with_server(
        store: &'a S,
        settings: MailServer,
        password: Option<String>,
        now: Timestamp,
    ) -> Result<Self> {
        let server = Server::new(&settings, password)
            .map_err(|e| AppError::invalid(format!("{e} (the message stays in the outbox)")))?;
        Ok(Postman {
            store,
            server,
            settings,
            start: (now, Instant::now()),
            connection: None,
        })
    }

    fn now(&self) -> Timestamp {
        let elapsed = SignedDuration::try_from(self.start.1.elapsed()).unwrap_or_default();
        self.start.0.checked_add(elapsed).unwrap_or(self.start.0)
    }

    /// How long a message may stay `sending` before it is thought lost: longer than any
    /// live conversation with the server can take.
    fn lease(&self) -> SignedDuration {
        self.settings.timeout() * 4
    }

    /// Sends every message whose time has come; with `wait`, also waits for the ones that
    /// will be tried again, until none is left queued.
    pub async fn deliver(&mut self, wait: bool) -> Result<Round> {
        let mut round = Round::default();
        loop {
            let claimed = self.store.claim(self.now(), self.lease(), 1).await?;
            let Some(outgoing) = claimed.into_iter().next() else {
                if !wait {
                    break;
                }
                match self.store.next_due().await? {
                    Some(due) => {
                        let pause = due.duration_since(self.now()).clamp(
                            SignedDuration::from_millis(50),
                            SignedDuration::from_secs(60),
                        );
                        // The connection is not kept open through a wait.
                        if let Some(c) = self.connection.take() {
                            c.quit();
                        }
                        tokio::time::sleep(Duration::try_from(pause).unwrap_or_default()).await;
                        continue;
                    }
                    None => break,
                }
            };
            let id = outgoing.message.id.clone();
            match self.hand_over(&outgoing) {
                Ok(()) => {
                    let at = Moment::in_zone(self.now(), &jiff::tz::TimeZone::UTC);
                    self.store
                        .settle(&outgoing, Settlement::Sent { at })
                        .await?;
                    round.sent.push(id);
                }
                Err(SendError::Setup(why)) => {
                    self.store.settle(&outgoing, Settlement::Untried).await?;
                    round.stopped = Some(why);
                    break;
                }
                Err(SendError::Temporary(why)) => {
                    match retry_at(&outgoing.message, self.now(), self.settings.first_retry()) {
                        Some(at) => {
                            let error = why.clone();
                            self.store
                                .settle(&outgoing, Settlement::Retry { at, error })
                                .await?;
                            round.retrying.push((id, why));
                        }
                        None => {
                            let error = format!("no server took it in three days: {why}");
                            self.store
                                .settle(
                                    &outgoing,
                                    Settlement::Failed {
                                        error: error.clone(),
                                    },
                                )
                                .await?;
                            round.failed.push((id, error));
                        }
                    }
                    // The server is away: the others wait for their turn rather than fail too.
                    if !wait {
                        break;
                    }
                }
                Err(SendError::Permanent(why)) => {
                    self.store
                        .settle(&outgoing, Settlement::Failed { error: why.clone() })
                        .await?;
                    round.failed.push((id, why));
                }
                Err(SendError::Uncertain(why)) => {
                    self.store
                        .settle(&outgoing, Settlement::Uncertain { error: why.clone() })
                        .await?;
                    round.uncertain.push((id, why));
                }
            }
        }
        if let Some(c) = self.connection.take() {
            c.quit();
        }
        Ok(round)
    }

    /// One message to the server, on the open connection or a new one. A connection that
    /// the server closed while idle fails before anything is handed over, so one new try is safe.
    fn hand_over(&mut self, outgoing: &Outgoing) -> Result<(), SendError> {
        let message = &outgoing.message;
        let bytes =
            followup_deliver::eml(message).map_err(|e| SendError::Permanent(e.to_string()))?;
        let from = message.sender().email.as_str();
        let to = message.recipient().email.as_str();
        let reused = self.connection.as_ref().is_some_and(Connection::is_open);
        if !reused {
            self.connection = Some(self.server.connect()?);
        }
        let connection = self.connection.as_mut().expect("connected above");
        match connection.send(from, to, &bytes) {
            Err(SendError::Temporary(_)) if reused => {
                let mut fresh = self.server.connect()?;
                let result = fresh.send(from, to, &bytes);
                self.connection = Some(fresh);
                result
            }
            other => other,
        }
    }
}

/// The longest a worker sleeps with letters perhaps waiting: the command line or another
/// instance may queue letters too.
pub const LOOK_AGAIN: Duration = Duration::from_secs(60);

/// One round of a worker that runs beside the app (`serve`): delivers what is due, when a mail
/// server is set; answers how long to wait before looking again.
pub async fn deliver_due(store: &(impl Store + Outbox), now: Timestamp) -> Result<Duration> {
    let (_, settings) = store.profile().await?;
    if settings.mail.is_some() {
        let mut postman = Postman::new(store, settings.mail.as_ref(), now)?;
        postman.deliver(false).await?;
    }
    let next = store.next_due().await?;
    Ok(next
        .and_then(|at| Duration::try_from(at.duration_since(now)).ok())
        .map_or(LOOK_AGAIN, |d| {
            d.clamp(Duration::from_millis(50), LOOK_AGAIN)
        }))
}
