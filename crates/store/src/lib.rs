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

use followup_core::programme::{Action, AppFacts};
use followup_core::{Application, Done, JobSearch, Key, Profile, Settings, Stage};
use serde::Serialize;

pub use error::StoreError;
pub use location::Location;
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// The version of the schema this build writes. A database with a higher one is refused.
pub const SCHEMA_VERSION: i64 = 2;

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

    /// The programme as the agenda reads it, kept up to date by every write: the open
    /// actions (only those that may start by `actionable_by`, when given) and what the
    /// rules that look across applications need.
    async fn programme(
        &self,
        actionable_by: Option<jiff::Timestamp>,
    ) -> Result<ProgrammeView, StoreError>;
}

/// What [`Store::programme`] reads.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeView {
    pub profile: Profile,
    pub settings: Settings,
    /// Open actions, most urgent first.
    pub actions: Vec<ListedAction>,
    /// How many applications are active.
    pub active: usize,
    /// When fewer are active than `keep_searching_below`: the active applications' facts
    /// (with their short names and companies) and the log's `keep_searching` entries, for
    /// the one rule that looks across applications. Empty otherwise.
    pub few_active: Vec<(AppFacts, String, String)>,
    pub searched: Vec<Done>,
}

/// An open action with its id (`np-3`) and the company it is for.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedAction {
    pub id: String,
    pub company: String,
    pub action: Action,
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

/// Helpers for tests of this crate and the ones above it: a fresh PostgreSQL database per test.
#[doc(hidden)]
pub mod testing {
    use sqlx::{Connection, Executor};

    /// The administrator's URL of the test server, or a panic that says how to get one.
    pub fn admin_url() -> String {
        std::env::var("FOLLOWUP_TEST_POSTGRES_URL").unwrap_or_else(|_| {
            panic!(
                "FOLLOWUP_TEST_POSTGRES_URL is not set: these tests need a PostgreSQL server. \
                 Run them with scripts/test, which starts a throwaway one."
            )
        })
    }

    /// Creates a new, empty database on the test server and returns its URL.
    pub async fn fresh_postgres() -> String {
        let admin = admin_url();
        let name = format!(
            "followup_test_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        );
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| {
                panic!("cannot reach the test PostgreSQL at FOLLOWUP_TEST_POSTGRES_URL: {e}")
            });
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .unwrap_or_else(|e| panic!("cannot create a test database: {e}"));
        let (base, _) = admin
            .rsplit_once('/')
            .expect("the admin URL names a database");
        format!("{base}/{name}")
    }
}
