use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use followup_core::capture::to_json;
use followup_store::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to this file instead of standard output (replaced whole, never half-written).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub async fn execute(args: Args, store: &impl Store) -> anyhow::Result<()> {
    let text = to_json(&store.export().await?);
    match args.out {
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("writing the export"),
        Some(path) => Ok(write_atomically(&path, text.as_bytes())?),
    }
}

pub use followup_app::files::write_atomically;
