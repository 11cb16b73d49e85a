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
    let (text, count) = feed(store, context).await?;
    match args.out {
        Some(path) => {
            write_atomically(&path, text.as_bytes())?;
            eprintln!("Wrote {count} actions to {}.", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// Every open action as an iCalendar file (RFC 5545), and how many there are: the file
/// `followup calendar` writes and the web app's private feed serves.
pub async fn feed(store: &impl Store, context: &Context) -> anyhow::Result<(String, usize)> {
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
    Ok((calendar(&entries, context.now), entries.len()))
}
