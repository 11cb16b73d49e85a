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
        Some(path) => write_atomically(&path, text.as_bytes()),
    }
}

/// Writes beside the target and renames over it, so a crash leaves the old file or the new one.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}
