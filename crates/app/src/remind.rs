//! The daily reminder: one email a day to the user, listing what is due, and nothing when
//! nothing is. The day's reminder has one Message-ID, so the outbox keeps a second from being
//! queued, whoever queues it: `followup remind` run twice, or two instances of the agency mode.

use followup_core::deliver::reminder;
use followup_core::programme::Action;
use followup_core::{Mailbox, Message, Moment};
use followup_store::{Outbox, Reading, Store};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::programme::Programme;
use crate::{Context, Result};

/// What became of the day's reminder.
pub enum Reminder {
    /// Nothing is due: nothing is sent.
    Nothing,
    /// Queued now, with the number of actions it lists.
    Queued(Message, usize),
    /// The day's reminder was queued before (by another run or instance).
    Already(Message, usize),
}

/// Queues the day's reminder to `to`: the actions actionable at `context.now`, in `zone`
/// (none: the profile's), as of the day `day` in that zone (none: today). `see` tells where
/// the agenda is seen (a command, or the web app's address).
pub async fn queue(
    store: &(impl Store + Outbox),
    context: &Context,
    to: Mailbox,
    zone: Option<TimeZone>,
    day: Option<Date>,
    see: &str,
) -> Result<Reminder> {
    let programme = Programme::load(store, context, Reading::ActionableAt(context.now)).await?;
    let zone = zone.unwrap_or_else(|| programme.zone.clone());
    let waiting = store
        .outbox(false)
        .await?
        .iter()
        .filter(|o| o.message.state.needs_the_user())
        .count();
    let actions: Vec<(String, &Action)> = programme
        .actions
        .iter()
        .map(|l| (l.id.clone(), &l.action))
        .collect();
    let Some((subject, body)) = reminder(&actions, waiting, see, context.now, &zone) else {
        return Ok(Reminder::Nothing);
    };
    let today = day.unwrap_or_else(|| context.now.to_zoned(zone.clone()).date());
    let domain = to
        .email
        .rsplit_once('@')
        .map_or("followup.invalid", |(_, d)| d);
    // One Message-ID a day: the outbox keeps a second reminder of the day from being queued.
    let message = Message::new(
        format!("followup.reminder.{today}.{:x}@{domain}", fnv(&to.email)),
        Moment::in_zone(context.now, &zone),
        to.clone(),
        to,
        subject,
        body,
    );
    let count = actions.len();
    Ok(if store.queue(None, &message, true).await? {
        Reminder::Queued(message, count)
    } else {
        Reminder::Already(message, count)
    })
}

/// A stable hash of the address (FNV-1a), so that the day's Message-ID is the same in every run.
fn fnv(text: &str) -> u64 {
    text.to_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}
