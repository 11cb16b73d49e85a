//! `followup remind`: one email a day to the user, listing what is due, and nothing when
//! nothing is. Run by a timer (contrib/systemd) or cron (contrib/cron); running it twice in a
//! day sends one reminder, since the day's reminder has one Message-ID.

use anyhow::anyhow;
use followup_app::remind::{Reminder, queue};
use followup_core::Mailbox;
use followup_store::{Outbox, Store};

use super::outbox::print_round;
use crate::context::Context;
use crate::output;
use followup_app::postman::Postman;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn execute(
    _args: Args,
    store: &(impl Store + Outbox),
    context: &Context,
) -> anyhow::Result<()> {
    let (profile, settings) = store.profile().await?;
    let me = Mailbox {
        name: profile.name.clone().unwrap_or_else(|| "followup".into()),
        email: profile.email.clone().ok_or_else(|| {
            anyhow!("a reminder needs your address: followup profile --email ...")
        })?,
    };
    let see = "`followup agenda` shows them; `followup draft ID` writes the letter of one; \
               `followup outbox` shows the letters.";
    let (message, due) = match queue(store, &context.app, me, None, None, see).await? {
        Reminder::Nothing => {
            if context.json {
                return output::json(&serde_json::json!({ "sent": false, "due": 0 }));
            }
            println!("Nothing is due: no reminder sent.");
            return Ok(());
        }
        Reminder::Already(message, due) => {
            if context.json {
                return output::json(
                    &serde_json::json!({ "sent": false, "due": due, "already": message.id }),
                );
            }
            println!("Today's reminder has already gone (<{}>).", message.id);
            return Ok(());
        }
        Reminder::Queued(message, due) => (message, due),
    };
    let mut postman = Postman::new(store, settings.mail.as_ref(), context.now)?;
    let round = postman.deliver(false).await?;
    if context.json {
        return output::json(
            &serde_json::json!({ "sent": round.sent.contains(&message.id), "due": due, "id": message.id, "round": round }),
        );
    }
    print_round(&round);
    if let Some(why) = round.stopped {
        anyhow::bail!("{why}; the reminder stays in the outbox");
    }
    Ok(())
}
