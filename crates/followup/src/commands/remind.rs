//! `followup remind`: one email a day to the user, listing what is due, and nothing when
//! nothing is. Run by a timer (contrib/systemd) or cron (contrib/cron); running it twice in a
//! day sends one reminder, since the day's reminder has one Message-ID.

use anyhow::anyhow;
use followup_core::deliver::reminder;
use followup_core::programme::Action;
use followup_core::{Mailbox, Message, Moment};
use followup_store::{Outbox, Reading, Store};

use super::outbox::print_round;
use crate::context::Context;
use crate::output;
use followup_app::postman::Postman;
use followup_app::programme::Programme;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn execute(
    _args: Args,
    store: &(impl Store + Outbox),
    context: &Context,
) -> anyhow::Result<()> {
    let programme = Programme::load(store, context, Reading::ActionableAt(context.now)).await?;
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
    let Some((subject, body)) = reminder(&actions, waiting, context.now, &programme.zone) else {
        if context.json {
            return output::json(&serde_json::json!({ "sent": false, "due": 0 }));
        }
        println!("Nothing is due: no reminder sent.");
        return Ok(());
    };
    let (profile, settings) = store.profile().await?;
    let me = Mailbox {
        name: profile.name.clone().unwrap_or_else(|| "followup".into()),
        email: profile.email.clone().ok_or_else(|| {
            anyhow!("a reminder needs your address: followup profile --email ...")
        })?,
    };
    let today = context.now.to_zoned(programme.zone.clone()).date();
    let domain = me
        .email
        .rsplit_once('@')
        .map_or("followup.invalid", |(_, d)| d);
    // One Message-ID a day: the outbox keeps a second reminder of the day from being queued.
    let message = Message::new(
        format!("followup.reminder.{today}.{:x}@{domain}", fnv(&me.email)),
        Moment::in_zone(context.now, &programme.zone),
        me.clone(),
        me,
        subject,
        body,
    );
    if !store.queue(None, &message, true).await? {
        if context.json {
            return output::json(
                &serde_json::json!({ "sent": false, "due": actions.len(), "already": message.id }),
            );
        }
        println!("Today's reminder has already gone (<{}>).", message.id);
        return Ok(());
    }
    let mut postman = Postman::new(store, settings.mail.as_ref(), context.now)?;
    let round = postman.deliver(false).await?;
    if context.json {
        return output::json(
            &serde_json::json!({ "sent": round.sent.contains(&message.id), "due": actions.len(), "id": message.id, "round": round }),
        );
    }
    print_round(&round);
    if let Some(why) = round.stopped {
        anyhow::bail!("{why}; the reminder stays in the outbox");
    }
    Ok(())
}

/// A stable hash of the address (FNV-1a), so that the day's Message-ID is the same in every run.
fn fnv(text: &str) -> u64 {
    text.to_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}
