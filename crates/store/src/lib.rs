//! Storage for followup: one [`Store`] trait, two backends that behave the same.
//!
//! SQLite is the embedded default (a file in the user's data directory); PostgreSQL serves an
//! agency with several app instances. The backend is chosen once, from the database URL, and
//! passed down as a generic. Both run one implementation of the queries (`sql/common.rs`),
//! compiled once per backend, and one conformance suite (`tests/conformance.rs`).

mod codec;
mod error;
mod location;
pub mod postgres;
pub mod sqlite;

use followup_core::{Application, JobSearch, Key, Profile, Settings, Stage};
use serde::Serialize;

pub use error::StoreError;
pub use location::Location;
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// The version of the schema this build writes. A database with a higher one is refused.
pub const SCHEMA_VERSION: i64 = 1;

/// A job search kept somewhere. Every method is one transaction: it happens whole or not at all.
#[allow(async_fn_in_trait)] // Used as a generic, never as `dyn`; the futures need no `Send` bound here.
pub trait Store {
    /// The whole job search, as `followup export` writes it.
    async fn export(&self) -> Result<JobSearch, StoreError>;

    /// Merges a document into what is kept, by key; nothing is deleted.
    async fn import(&self, doc: &JobSearch) -> Result<ImportReport, StoreError>;

    /// One line per application, for lists.
    async fn summaries(&self) -> Result<Vec<ApplicationSummary>, StoreError>;

    async fn application(&self, key: &Key) -> Result<Option<Application>, StoreError>;

    /// Saves an application as it is now: its interviews, debriefs, events and log.
    async fn save_application(&self, app: &Application) -> Result<(), StoreError>;

    async fn profile(&self) -> Result<(Profile, Settings), StoreError>;

    async fn save_profile(&self, profile: &Profile, settings: &Settings) -> Result<(), StoreError>;
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub profile_changed: bool,
}

/// An application in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApplicationSummary {
    pub key: Key,
    pub company: String,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied_on: Option<jiff::civil::Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    pub stage: Stage,
    pub interviews: usize,
}
