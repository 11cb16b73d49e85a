//! What every change or view may need from the outside world: the moment and the user's
//! directories. The clock is read at the edges (the command line, a web request) and handed
//! in here; the core never reads it.

use std::path::PathBuf;

use followup_core::{Application, Profile};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::{AppError, Result};

#[derive(Debug, Clone)]
pub struct Context {
    pub now: Timestamp,
    /// The moment was given (`--now`): it stands still, even in a server that runs for days.
    pub fixed: bool,
    /// Where the user's own words, rules, templates are kept: files, or the job search's rows.
    pub keeping: crate::own::Keeping,
}

impl Context {
    /// Where followup keeps its database and drafts: `FOLLOWUP_DATA_DIR`, else the platform's data directory.
    pub fn data_dir(&self) -> Result<PathBuf> {
        if let Some(dir) = std::env::var_os("FOLLOWUP_DATA_DIR") {
            return Ok(PathBuf::from(dir));
        }
        dirs::data_dir().map(|d| d.join("followup")).ok_or_else(|| {
            AppError::Internal(
                "cannot find your data directory: set FOLLOWUP_DATA_DIR or pass --db".into(),
            )
        })
    }

    /// Where the user's own rules and dictionary live: `FOLLOWUP_CONFIG_DIR`, else the
    /// platform's configuration directory.
    pub fn config_dir(&self) -> Result<PathBuf> {
        if let Some(dir) = std::env::var_os("FOLLOWUP_CONFIG_DIR") {
            return Ok(PathBuf::from(dir));
        }
        dirs::config_dir()
            .map(|d| d.join("followup"))
            .ok_or_else(|| {
                AppError::Internal(
                    "cannot find your configuration directory: set FOLLOWUP_CONFIG_DIR".into(),
                )
            })
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
