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
use followup_core::deliver::next_after;
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
        // Reminders moved on as many as asked for: more may be due at once.
        let more = match reminders(&agency, now).await {
            Ok(moved) => moved == REMINDERS_PER_ROUND,
            Err(e) => {
                eprintln!("reminders: {e:#}");
                false
            }
        };
        letters(&agency, now).await;
        if more {
            continue;
        }
        tokio::select! {
            () = agency.wake.notified() => {}
            () = tokio::time::sleep(AGENCY_LOOK_AGAIN) => {}
        }
    }
}

/// Queues the reminders due; how many it moved on. One account's failure is told and left
/// due for the next round; it does not hold up the others.
async fn reminders(agency: &Agency, now: Timestamp) -> anyhow::Result<usize> {
    let due = agency.store.due_reminders(now, REMINDERS_PER_ROUND).await?;
    let context = followup_app::Context {
        now,
        fixed: agency.fixed_now.is_some(),
        keeping: Keeping::Store,
    };
    let see = format!("Today, at {}/, shows them.", agency.public_url);
    let mut moved = 0;
    for (account, zone, was) in &due {
        let zone = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
        // Queued first, then moved on: an instance that dies in between leaves the move to the
        // next round, whose queueing finds the day's reminder kept and adds nothing.
        let queued = match account.search {
            Some(search) => {
                let to = Mailbox {
                    name: account.name.clone(),
                    email: account.email.clone(),
                };
                let day = was.to_zoned(zone.clone()).date();
                let store = agency.store.for_search(search);
                remind::queue(&store, &context, to, Some(zone.clone()), Some(day), &see)
                    .await
                    .map(|_| ())
            }
            None => Ok(()),
        };
        if let Err(e) = queued {
            // What failed, never the reminder's words.
            eprintln!("reminder of account {}: {e:#}", account.id);
            continue;
        }
        let next = next_after(now, &zone);
        agency.store.reminded(&account.id, *was, next).await?;
        moved += 1;
    }
    Ok(moved)
}

/// Delivers the letters due in every search that has some, through the agency's server. What
/// fails is told, search by search; the others still go.
async fn letters(agency: &Agency, now: Timestamp) {
    let searches = match agency.store.searches_with_mail(now).await {
        Ok(searches) => searches,
        Err(e) => return eprintln!("outbox: {e:#}"),
    };
    for search in searches {
        let store = agency.store.for_search(search);
        let delivered = async {
            let mut postman = Postman::with_server(
                &store,
                agency.mailroom.server.clone(),
                agency.mailroom.password.clone(),
                now,
            )?;
            postman.deliver(false).await
        };
        match delivered.await {
            // The server is away or refuses every message: the other searches would fare the same.
            Ok(round) if round.stopped.is_some() => {
                eprintln!("outbox: {}", round.stopped.unwrap_or_default());
                return;
            }
            Ok(_) => {}
            Err(e) => eprintln!("outbox of search {}: {e:#}", search.0),
        }
    }
}
