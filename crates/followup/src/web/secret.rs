//! The calendar feed's secret: a random token in a file only the user can read. Whoever has
//! the feed's address can read the programme, so the user can make a new one at any time.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use anyhow::Context as _;

const FILE: &str = "calendar-token";

/// The token kept in the data directory, made on first use.
pub fn calendar_token(data_dir: &Path) -> anyhow::Result<String> {
    match std::fs::read_to_string(data_dir.join(FILE)) {
        Ok(token) if is_token(token.trim()) => Ok(token.trim().to_string()),
        Ok(_) => reset_calendar_token(data_dir),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => reset_calendar_token(data_dir),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", data_dir.join(FILE).display())),
    }
}

/// A new token: the old feed address stops working.
pub fn reset_calendar_token(data_dir: &Path) -> anyhow::Result<String> {
    let token = followup_app::accounts::random_token::<24>()
        .context("cannot make the calendar's secret")?;
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;
    let path = data_dir.join(FILE);
    let temporary = data_dir.join(format!("{FILE}.new"));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temporary)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    file.write_all(token.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&temporary, &path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(token)
}

fn is_token(text: &str) -> bool {
    text.len() == 48 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Compares in time that does not depend on where the strings differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
