//! `followup calendar`: the open actions as an iCalendar file for a calendar app.

use std::path::PathBuf;

use followup_app::programme::calendar_feed;
use followup_store::Store;

use super::export::write_atomically;
use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to this file (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub async fn execute(args: Args, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let (text, count) = calendar_feed(store, context).await?;
    match args.out {
        Some(path) => {
            write_atomically(&path, text.as_bytes())?;
            eprintln!("Wrote {count} actions to {}.", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}
