//! `followup outbox`: the letters on their way and those that wait for a decision; the worker
//! that sends them (`outbox send`, run by `send`, by hand or by the timer); and the user's
//! decision on a letter that failed or may have arrived (`outbox resolve`).

use anyhow::{anyhow, bail};
use followup_core::MessageState;
use followup_store::{Outbox, Outgoing, Resolution, Store};
use serde::Serialize;

use crate::context::Context;
use crate::output;
use followup_app::postman::{Postman, Round};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// The letters on their way, and those that wait for your decision (the default).
    List {
        /// Every letter ever sent, too.
        #[arg(long)]
        all: bool,
    },
    /// Send what is due now; with --wait, stay until every queued letter has gone or failed.
    Send {
        #[arg(long)]
        wait: bool,
    },
    /// Decide about a letter: `sent` (an uncertain one did arrive), `resend` (it did not, or the
    /// cause of its failure is mended) or `cancel`.
    Resolve {
        /// The Message-ID (without < >), or enough of its start to be unique.
        id: String,
        /// sent, resend or cancel.
        decision: String,
    },
    /// One letter, as it was (or will be) sent: the email's text.
    Show { id: String },
}

pub async fn execute(
    command: Option<Command>,
    store: &(impl Store + Outbox),
    context: &Context,
) -> anyhow::Result<()> {
    match command.unwrap_or(Command::List { all: false }) {
        Command::List { all } => list(store, context, all).await,
        Command::Send { wait } => {
            let (_, settings) = store.profile().await?;
            let mut postman = Postman::new(store, settings.mail.as_ref(), context.now)?;
            let round = postman.deliver(wait).await?;
            if context.json {
                output::json(&round)?;
            } else {
                print_round(&round);
            }
            if let Some(why) = round.stopped {
                bail!("{why}; the outbox keeps every letter, nothing was lost");
            }
            Ok(())
        }
        Command::Resolve { id, decision } => {
            let how = match decision.as_str() {
                "sent" => Resolution::Sent,
                "resend" => Resolution::Resend,
                "cancel" => Resolution::Cancel,
                other => bail!("{other:?}: decide sent, resend or cancel"),
            };
            let id = find(store, &id).await?;
            let resolved = store.resolve(&id, how, context.now).await?;
            if context.json {
                return output::json(&MessageJson::of(&resolved));
            }
            println!("<{id}> is now {}.", resolved.message.state);
            if how == Resolution::Resend {
                println!("`followup outbox send` sends it.");
            }
            Ok(())
        }
        Command::Show { id } => {
            let id = find(store, &id).await?;
            let found = store
                .message(&id)
                .await?
                .ok_or_else(|| anyhow!("there is no message <{id}>"))?;
            let bytes = followup_deliver::eml(&found.message).map_err(|e| anyhow!("{e}"))?;
            std::io::Write::write_all(&mut std::io::stdout(), &bytes)?;
            Ok(())
        }
    }
}

/// The Message-ID a prefix names.
async fn find(store: &impl Outbox, prefix: &str) -> anyhow::Result<String> {
    let prefix = prefix.trim_start_matches('<').trim_end_matches('>');
    if let Some(found) = store.message(prefix).await? {
        return Ok(found.message.id);
    }
    let all = store.outbox(true).await?;
    let matching: Vec<&Outgoing> = all
        .iter()
        .filter(|o| o.message.id.starts_with(prefix))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one.message.id.clone()),
        [] => bail!("there is no message <{prefix}...>: `followup outbox list --all` lists them"),
        _ => bail!(
            "<{prefix}...> names {} messages: give more of it",
            matching.len()
        ),
    }
}

async fn list(store: &impl Outbox, context: &Context, all: bool) -> anyhow::Result<()> {
    let messages = store.outbox(all).await?;
    if context.json {
        let list: Vec<MessageJson> = messages.iter().map(MessageJson::of).collect();
        return output::json(&serde_json::json!({ "messages": list }));
    }
    if messages.is_empty() {
        println!("The outbox is empty.");
        return Ok(());
    }
    for o in &messages {
        let m = &o.message;
        let via = m
            .via
            .as_ref()
            .map(|c| format!(" through {}", c.name))
            .unwrap_or_default();
        println!(
            "{:<10} <{}>  {}  \"{}\" to {}{via}",
            m.state.as_str(),
            m.id,
            o.application.as_ref().map_or("-", |k| k.as_str()),
            m.subject,
            m.to.name
        );
        if let Some(error) = &m.error
            && m.state != MessageState::Sent
        {
            println!("           {error}");
        }
        match m.state {
            MessageState::Uncertain => println!(
                "           Did it arrive? Look in your sent mail, then: followup outbox resolve {} sent|resend",
                m.id
            ),
            MessageState::Failed => println!(
                "           Mend the cause, then: followup outbox resolve {} resend (or cancel)",
                m.id
            ),
            _ => {}
        }
    }
    Ok(())
}

/// A round of delivery in plain words.
pub fn print_round(round: &Round) {
    if !round.sent.is_empty() {
        println!(
            "Sent {} letter{}.",
            round.sent.len(),
            plural(round.sent.len())
        );
    }
    for (id, why) in &round.retrying {
        println!("Not sent yet, will try again: <{id}>: {why}");
    }
    for (id, why) in &round.failed {
        println!("Refused: <{id}>: {why}");
    }
    for (id, why) in &round.uncertain {
        println!("Uncertain: <{id}>: {why}. Check your sent mail, then `followup outbox resolve`.");
    }
    if round.sent.is_empty()
        && round.retrying.is_empty()
        && round.failed.is_empty()
        && round.uncertain.is_empty()
        && round.stopped.is_none()
    {
        println!("Nothing to send.");
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A message in the outbox's JSON: everything but the letter's words and files.
#[derive(Serialize)]
pub struct MessageJson<'a> {
    id: &'a str,
    application: Option<&'a str>,
    kind: Option<followup_core::ActionKind>,
    state: MessageState,
    queued_at: followup_core::Moment,
    #[serde(skip_serializing_if = "Option::is_none")]
    sent_at: Option<followup_core::Moment>,
    to: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
    subject: &'a str,
    attempts: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    forced: &'a [String],
}

impl<'a> MessageJson<'a> {
    pub fn of(o: &'a Outgoing) -> MessageJson<'a> {
        let m = &o.message;
        MessageJson {
            id: &m.id,
            application: o.application.as_ref().map(|k| k.as_str()),
            kind: m.kind,
            state: m.state,
            queued_at: m.queued_at,
            sent_at: m.sent_at,
            to: &m.to.email,
            via: m.via.as_ref().map(|c| c.email.as_str()),
            subject: &m.subject,
            attempts: m.attempts,
            error: m.error.as_deref(),
            forced: &m.forced,
        }
    }
}
