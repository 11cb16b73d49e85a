//! The agency mode's own emails: the invitation and password reset links. They go at once,
//! not through the outbox: a person waits for them at the screen, and a link that did not go
//! is sent again by asking again (a newer link voids the older one).

use followup_core::{MailServer, Mailbox};
use followup_deliver::{Server, notice};
use followup_store::{Account, Role};
use jiff::{SignedDuration, Timestamp};

use crate::{AppError, Result};

/// The mail server of the app's own emails, and the address they come from.
#[derive(Clone)]
pub struct Mailroom {
    pub server: MailServer,
    /// From the agency's settings (the environment), never from a file a user names.
    pub password: Option<String>,
    pub from: Mailbox,
}

impl std::fmt::Debug for Mailroom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailroom")
            .field("server", &self.server.host)
            .field("from", &self.from.email)
            .finish_non_exhaustive()
    }
}

/// What a link emailed to someone does.
#[derive(Debug, Clone, Copy)]
pub enum Link<'a> {
    /// Opens the account: the invitee chooses a password. Who invites them.
    Invitation { by: &'a str },
    /// Sets a new password in place of a forgotten one.
    Reset,
}

/// The link's email: its subject and its words.
pub fn words(
    link: Link<'_>,
    to: &Account,
    url: &str,
    lifetime: SignedDuration,
) -> (String, String) {
    let within = within(lifetime);
    match link {
        Link::Invitation { by } => (
            "Your followup account".to_string(),
            format!(
                "Dear {name},\n\n{by} invites you to followup, {what}. Choose your password at \
                 this address, {within}:\n\n{url}\n\n\
                 The link works once. If you did not expect this email, ignore it: the account \
                 does not open without the password you choose.\n",
                name = to.name,
                what = match to.role {
                    Role::Candidate => "where your job search and its follow-up are kept",
                    Role::Consultant =>
                        "where your candidates report their interviews to you and you give them \
                         the company's feedback",
                    Role::Admin =>
                        "where your agency's consultants and candidates follow up \
                                    their interviews",
                }
            ),
        ),
        Link::Reset => (
            "Resetting your followup password".to_string(),
            format!(
                "Dear {name},\n\nSomeone, perhaps you, asked to reset the password of your \
                 followup account. Choose a new one at this address, {within}:\n\n{url}\n\n\
                 The link works once, and signs you out everywhere. If you did not ask, ignore \
                 this email: your password stays as it is.\n",
                name = to.name
            ),
        ),
    }
}

/// "within 3 days", "within 60 minutes": how long a link stays good, in round words.
fn within(lifetime: SignedDuration) -> String {
    let minutes = lifetime.as_mins();
    let (n, unit) = if minutes >= 48 * 60 && minutes % (24 * 60) == 0 {
        (minutes / (24 * 60), "day")
    } else if minutes >= 120 && minutes % 60 == 0 {
        (minutes / 60, "hour")
    } else {
        (minutes.max(1), "minute")
    };
    format!("within {n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// Sends a link's email to an account, now. What failed names the server, never the link.
pub async fn send(
    mailroom: &Mailroom,
    to: &Account,
    link: Link<'_>,
    url: &str,
    lifetime: SignedDuration,
    now: Timestamp,
) -> Result<()> {
    let (subject, text) = words(link, to, url, lifetime);
    let recipient = Mailbox {
        name: to.name.clone(),
        email: to.email.clone(),
    };
    let bytes = notice(&mailroom.from, &recipient, &subject, &text, now)
        .map_err(|e| AppError::invalid(e.to_string()))?;
    let (server, password, from) = (
        mailroom.server.clone(),
        mailroom.password.clone(),
        mailroom.from.email.clone(),
    );
    let to = to.email.clone();
    let host = server.host.clone();
    tokio::task::spawn_blocking(move || {
        let mut connection = Server::new(&server, password)?.connect()?;
        connection.send(&from, &to, &bytes)?;
        connection.quit();
        Ok::<_, followup_deliver::SendError>(())
    })
    .await
    .map_err(|e| AppError::Internal(format!("the mail task failed: {e}")))?
    .map_err(|e| AppError::Internal(format!("the email did not go through {host}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lifetime_reads_in_round_words() {
        assert_eq!(within(SignedDuration::from_hours(72)), "within 3 days");
        assert_eq!(within(SignedDuration::from_hours(1)), "within 60 minutes");
        assert_eq!(within(SignedDuration::from_hours(12)), "within 12 hours");
        assert_eq!(within(SignedDuration::from_mins(90)), "within 90 minutes");
        assert_eq!(within(SignedDuration::from_secs(20)), "within 1 minute");
    }
}
