//! `followup send`: a letter, composed or written by hand, checked, saved in the outbox and
//! handed to the mail server: directly, or through the consultant.

use std::path::PathBuf;

use anyhow::{Context as _, anyhow, bail};
use followup_app::AppError;
use followup_app::send::{SendOptions, Sent, send};
use followup_core::check::Letter;
use followup_core::{Attachment, MessageState};
use followup_store::{Outbox, Store};

use super::check::{read_limited, report};
use super::outbox::print_round;
use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub options: SendOptions,
    /// The letter to send, as you edited it (a text file whose first line is `Subject: ...`);
    /// without it, followup composes the letter from the data.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// A file to send with the letter (repeat for each): the work sample.
    #[arg(long, value_name = "FILE")]
    pub attach: Vec<PathBuf>,
}

pub async fn execute(
    args: Args,
    store: &(impl Store + Outbox),
    context: &Context,
) -> anyhow::Result<()> {
    // What is checked is what is sent: the letter is read once, and these bytes are kept.
    let written = match &args.file {
        Some(path) => {
            let bytes = read_limited(path)?;
            let name = path.display().to_string();
            let letter = Letter::from_bytes(&bytes).map_err(|e| anyhow!("{name}: {e}"))?;
            Some((letter, name))
        }
        None => None,
    };
    let attachments = args
        .attach
        .iter()
        .map(|path| attachment(path))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let sent = send(
        &args.options,
        written,
        attachments,
        store,
        context,
        |letter, name, findings| eprint!("{}", report(letter, name, findings)),
    )
    .await
    .map_err(|e| match e {
        AppError::OnItsWay(_) => anyhow::Error::new(e).context("`--again` sends another"),
        AppError::Checks(_) => anyhow::Error::new(e).context(
            "mend it (`followup draft ... --out FILE`, then `followup send ... --file FILE`), or \
             send it as it is with --force",
        ),
        other => other.into(),
    })?;
    let Sent {
        id,
        route,
        state,
        round,
    } = sent;
    let Some(round) = round else {
        if context.json {
            return output::json(&serde_json::json!({ "id": id, "state": state }));
        }
        if state == MessageState::Waiting {
            println!("Submitted <{id}> for {route}: your consultant reviews it and forwards it.");
        } else {
            println!("Queued <{id}> for {route}: `followup outbox send` sends it.");
        }
        return Ok(());
    };
    if context.json {
        return output::json(&serde_json::json!({ "id": id, "state": state, "round": round }));
    }
    // A failed command prints no data: what went wrong is the error.
    if let Some(why) = &round.stopped {
        bail!("{why}; <{id}> stays in the outbox, nothing was sent");
    }
    if state == MessageState::Failed {
        let why = round
            .failed
            .iter()
            .find(|(m, _)| *m == id)
            .map_or("the server refused it", |(_, why)| why.as_str());
        bail!("{why}; <{id}> was not sent, and its action stays open");
    }
    match state {
        MessageState::Sent => println!("Sent to {route}: <{id}>."),
        _ => print_round(&round),
    }
    Ok(())
}

/// A file to send, read now: what is kept is what is sent, whatever happens to the file.
pub fn attachment(path: &std::path::Path) -> anyhow::Result<Attachment> {
    let data = std::fs::read(path).with_context(|| {
        format!(
            "--attach {}: cannot read it; nothing was sent",
            path.display()
        )
    })?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| anyhow!("--attach {}: the file needs a name", path.display()))?
        .to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let content_type = match extension.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "md" => "text/plain",
        "csv" => "text/csv",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    };
    Ok(Attachment {
        name,
        content_type: content_type.into(),
        data,
    })
}
