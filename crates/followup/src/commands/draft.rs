//! `followup draft`: a letter composed from the data, checked, in the format asked for;
//! and `followup templates export`, the built-in templates written out to edit.

use std::path::PathBuf;

use anyhow::{Context as _, anyhow, bail};
use followup_app::letters::{self, Composed, NewMessage, Target, compose_for, mailbox_of};
use followup_core::check::Finding;
use followup_core::compose::{Draft, Templates};
use followup_store::Store;
use serde::Serialize;

use super::export::write_atomically;
use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: Target,
    /// text, json, mailto (a mailto: link, RFC 6068), eml (an email, RFC 5322) or docx (a Word
    /// document). Through an agency, the email goes to the consultant with the letter attached.
    #[arg(long, default_value = "text")]
    format: String,
    /// Write to this file (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates to the templates folder of your config directory, to edit.
    Export {
        /// Replace templates already there.
        #[arg(long)]
        force: bool,
    },
}

pub async fn execute(args: Args, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let Composed {
        app,
        profile,
        draft,
        findings,
        ..
    } = compose_for(&args.target, store, context).await?;
    // `--json`, like every command's, is the JSON format.
    let format = if context.json {
        "json"
    } else {
        args.format.as_str()
    };
    let bytes = match format {
        "text" => {
            let mut text = draft.text();
            if let Some(notes) = &draft.notes {
                text = format!("{notes}\n---\n\n{text}");
            }
            text.into_bytes()
        }
        "json" => (serde_json::to_string_pretty(&DraftJson {
            draft: &draft,
            to: recipient(&draft),
            findings: &findings,
        })? + "\n")
            .into_bytes(),
        "mailto" => (letters::mailto(&draft, &app) + "\n").into_bytes(),
        "docx" => letters::word_document(
            &app,
            &profile,
            draft.to.as_ref().map(|t| t.name.as_str()),
            &draft.subject,
            &draft.body,
            context.now,
            &context.application_zone(&app, &profile),
        ),
        "eml" => {
            let to = draft
                .to
                .as_ref()
                .ok_or_else(|| anyhow!("the letter has no recipient: name one with --to"))?;
            let to = mailbox_of(&app, &to.name, to.email.as_deref())?;
            let message = NewMessage {
                app: &app,
                profile: &profile,
                kind: Some(draft.kind),
                interview: None,
                to,
                subject: &draft.subject,
                body: &draft.body,
            }
            .message(context.now, &context.application_zone(&app, &profile))?;
            followup_deliver::eml(&message).map_err(|e| anyhow!("{e}"))?
        }
        other => bail!("--format {other:?}: use text, json, mailto, eml or docx"),
    };
    match &args.out {
        Some(path) => write_atomically(path, &bytes)?,
        None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)?,
    }
    if format != "json" {
        for f in &findings {
            eprintln!("{}[{}]: {}", f.severity.as_str(), f.rule, f.message);
        }
    }
    Ok(())
}

pub async fn templates(command: TemplatesCommand, context: &Context) -> anyhow::Result<()> {
    let TemplatesCommand::Export { force } = command;
    let dir = context.config_dir()?.join("templates");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = 0;
    for (name, source) in Templates::defaults() {
        let path = dir.join(format!("{name}.txt"));
        if path.exists() && !force {
            eprintln!(
                "kept {} (it is there already; --force replaces it)",
                path.display()
            );
            continue;
        }
        write_atomically(&path, source.as_bytes())?;
        written += 1;
    }
    if context.json {
        return output::json(&serde_json::json!({ "folder": dir, "written": written }));
    }
    println!(
        "Wrote {written} templates to {}. followup uses them in place of its own.",
        dir.display()
    );
    Ok(())
}

#[derive(Serialize)]
struct DraftJson<'a> {
    #[serde(flatten)]
    draft: &'a Draft,
    to: Option<String>,
    findings: &'a [Finding],
}

fn recipient(draft: &Draft) -> Option<String> {
    draft.to.as_ref().map(|r| r.address().to_string())
}
