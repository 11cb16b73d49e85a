//! `followup calendar`: the open actions as an iCalendar file for a calendar app.

use std::path::PathBuf;

use followup_core::programme::ical::{Entry, calendar};
use followup_store::Store;

use super::agenda::Programme;
use super::export::write_atomically;
use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to this file (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub async fn execute(args: Args, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let programme = Programme::load(store, context, None).await?;
    let entries: Vec<Entry> = programme
        .actions
        .iter()
        .map(|l| Entry {
            id: &l.id,
            company: &l.company,
            action: &l.action,
        })
        .collect();
    let text = calendar(&entries, context.now);
    match args.out {
        Some(path) => {
            write_atomically(&path, text.as_bytes())?;
            eprintln!("Wrote {} actions to {}.", entries.len(), path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}
