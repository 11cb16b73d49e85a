//! The outbox's worker inside `followup serve`. A Send in the web app only queues the letter
//! (in the transaction that refuses a second one for the same action) and answers at once;
//! this task delivers it, woken by the Send, and otherwise looks again when the next retry is
//! due, or after a minute, since the command line or another instance may queue letters too.
//!
//! In the agency mode one worker per instance serves every job search: it queues the daily
//! reminders that are due, then delivers the letters of each search that has some, through
//! the agency's mail server. Every instance runs one; the outbox's claims decide which
//! instance sends each message, and the day's reminder has one Message-ID, so nothing goes
//! twice, and an instance that dies leaves its work to the others.

use std::sync::Arc;
use std::time::Duration;

use followup_app::mailroom::Mailroom;
use followup_app::own::Keeping;
use followup_app::postman::{LOOK_AGAIN, Postman, deliver_due};
use followup_app::remind;
use followup_core::Mailbox;
use followup_store::{Accounts, PostgresStore, Store};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{AppState, Backend};

pub async fn run<S: Backend>(shared: AppState<S>) {
    loop {
        let wait = match deliver_due(&shared.store, shared.context().now).await {
            Ok(wait) => wait,
            Err(e) => {
                // What failed, never a letter's words: the postman's errors name servers.
                eprintln!("outbox: {e:#}");
                LOOK_AGAIN
            }
        };
        tokio::select! {
            () = shared.wake.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// What the agency's worker needs.
pub struct Agency {
    pub store: PostgresStore,
    pub mailroom: Mailroom,
    pub public_url: String,
    pub fixed_now: Option<Timestamp>,
    pub wake: Arc<tokio::sync::Notify>,
}

/// How often the agency's worker looks for reminders due and letters queued elsewhere.
const AGENCY_LOOK_AGAIN: Duration = Duration::from_secs(15);

/// Reminders queued at most per round, so that letters are not held up behind thousands.
const REMINDERS_PER_ROUND: usize = 200;

pub async fn agency(agency: Agency) {
    loop {
        let now = agency.fixed_now.unwrap_or_else(Timestamp::now);
        let more = match reminders(&agency, now).await {
            Ok(n) => n == REMINDERS_PER_ROUND,
            Err(e) => {
                eprintln!("reminders: {e:#}");
                false
            }
        };
        if let Err(e) = letters(&agency, now).await {
            eprintln!("outbox: {e:#}");
        }
        if more {
            continue;
        }
        tokio::select! {
            () = agency.wake.notified() => {}
            () = tokio::time::sleep(AGENCY_LOOK_AGAIN) => {}
        }
    }
}

/// Queues the reminders due; how many accounts it handled.
async fn reminders(agency: &Agency, now: Timestamp) -> anyhow::Result<usize> {
    let due = agency.store.due_reminders(now, REMINDERS_PER_ROUND).await?;
    let context = followup_app::Context {
        now,
        fixed: agency.fixed_now.is_some(),
        keeping: Keeping::Store,
    };
    for (account, zone, was) in &due {
        let zone = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
        if let Some(search) = account.search {
            let store = agency.store.for_search(search);
            let to = Mailbox {
                name: account.name.clone(),
                email: account.email.clone(),
            };
            let day = was.to_zoned(zone.clone()).date();
            let see = format!("Today, at {}/today, shows them.", agency.public_url);
            // Queued first, then moved on: an instance that dies in between leaves the move to
            // the next round, whose queueing finds the day's reminder kept and adds nothing.
            remind::queue(&store, &context, to, Some(zone.clone()), Some(day), &see).await?;
        }
        agency
            .store
            .reminded(&account.id, *was, remind::next_after(now, &zone))
            .await?;
    }
    Ok(due.len())
}

/// Delivers the letters due in every search that has some, through the agency's server.
async fn letters(agency: &Agency, now: Timestamp) -> anyhow::Result<()> {
    for search in agency.store.searches_with_mail(now).await? {
        let store = agency.store.for_search(search);
        let mut postman = Postman::with_server(
            &store,
            agency.mailroom.server.clone(),
            agency.mailroom.password.clone(),
            now,
        )?;
        let round = postman.deliver(false).await?;
        if let Some(why) = round.stopped {
            anyhow::bail!("{why}");
        }
    }
    Ok(())
}
