//! What every command may need from the outside world: the moment, the output style, the user's
//! directories. The clock is read here, at the edge, and nowhere else.

use std::path::PathBuf;

use anyhow::{Context as _, anyhow};
use followup_core::{Application, Moment, Profile};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub struct Context {
    pub now: Timestamp,
    /// The moment was given (`--now`): it stands still, even in a server that runs for days.
    pub fixed: bool,
    pub json: bool,
}

impl Context {
    pub fn new(now: Option<&str>, json: bool) -> anyhow::Result<Context> {
        let fixed = now.is_some();
        let now = match now {
            Some(text) => Moment::parse(text)
                .map_err(|e| anyhow!("--now: {e}"))?
                .instant(),
            None => Timestamp::now(),
        };
        Ok(Context { now, fixed, json })
    }

    /// Where followup keeps its database and drafts: `FOLLOWUP_DATA_DIR`, else the platform's data directory.
    pub fn data_dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(dir) = std::env::var_os("FOLLOWUP_DATA_DIR") {
            return Ok(PathBuf::from(dir));
        }
        dirs::data_dir()
            .map(|d| d.join("followup"))
            .context("cannot find your data directory: set FOLLOWUP_DATA_DIR or pass --db")
    }

    /// Where the user's own rules and dictionary live: `FOLLOWUP_CONFIG_DIR`, else the
    /// platform's configuration directory.
    pub fn config_dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(dir) = std::env::var_os("FOLLOWUP_CONFIG_DIR") {
            return Ok(PathBuf::from(dir));
        }
        dirs::config_dir()
            .map(|d| d.join("followup"))
            .context("cannot find your configuration directory: set FOLLOWUP_CONFIG_DIR")
    }

    /// The user's time zone: the profile's, else the system's.
    pub fn time_zone(&self, profile: &Profile) -> TimeZone {
        match &profile.timezone {
            Some(name) => name.time_zone(),
            None => TimeZone::system(),
        }
    }

    /// The time zone of an application: its own, else the user's.
    pub fn application_zone(&self, app: &Application, profile: &Profile) -> TimeZone {
        match &app.timezone {
            Some(zone) => zone.time_zone(),
            None => self.time_zone(profile),
        }
    }

    pub fn today(&self, tz: &TimeZone) -> Date {
        self.now.to_zoned(tz.clone()).date()
    }
}
