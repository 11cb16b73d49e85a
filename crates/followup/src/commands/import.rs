use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use followup_core::capture::{DocumentError, parse_document};
use followup_store::Store;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The JSON file, or - for standard input.
    file: PathBuf,
}

/// Files larger than this are refused before they are read into memory.
const MAX_BYTES: u64 = 512 * 1024 * 1024;

pub async fn execute(args: Args, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let bytes = if name == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        bytes
    } else {
        let size = std::fs::metadata(&args.file)
            .with_context(|| format!("cannot read {name}"))?
            .len();
        if size > MAX_BYTES {
            bail!(
                "{name} is {size} bytes; followup imports files up to {MAX_BYTES} bytes. Nothing was imported."
            );
        }
        std::fs::read(&args.file).with_context(|| format!("cannot read {name}"))?
    };
    let doc = parse_document(&bytes).map_err(|e| match e {
        DocumentError::Invalid(problems) if problems.len() > 1 => anyhow::anyhow!(
            "{name} was not imported, nothing changed; {} problems:\n  {}",
            problems.len(),
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n  ")
        ),
        other => anyhow::anyhow!("{name} was not imported, nothing changed: {other}"),
    })?;
    let report = store
        .import(&doc)
        .await
        .with_context(|| format!("{name} was not imported, nothing changed"))?;
    if context.json {
        return output::json(&report);
    }
    println!(
        "Imported {name}: {} added, {} updated, {} unchanged{}.",
        report.added,
        report.updated,
        report.unchanged,
        if report.profile_changed {
            "; profile updated"
        } else {
            ""
        }
    );
    Ok(())
}
