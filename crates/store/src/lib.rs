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

use followup_core::programme::{Action, AppFacts, Others};
use followup_core::{
    Application, Done, Event, JobSearch, Key, Message, Moment, Profile, Settings, Stage,
};
use serde::Serialize;
use std::future::Future;

pub use error::StoreError;
pub use location::Location;
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// The version of the schema this build writes. A database with a higher one is refused.
pub const SCHEMA_VERSION: i64 = 10;

/// A job search kept in a store: the tenant every row belongs to. A store opened on its own
/// works in [`SearchId::SOLE`]; [`Store::for_search`] names another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SearchId(pub i64);

impl SearchId {
    /// The single user's search, and what a database from before searches were tenants holds.
    pub const SOLE: SearchId = SearchId(1);
}

/// A job search kept somewhere. Every method is one transaction: it happens whole or not at all.
// Futures are `Send`, so a web server may run them on any thread.
pub trait Store {
    /// The whole job search, as `followup export` writes it.
    fn export(&self) -> impl Future<Output = Result<JobSearch, StoreError>> + Send;

    /// Merges a document into what is kept, by key; nothing is deleted.
    fn import(
        &self,
        doc: &JobSearch,
    ) -> impl Future<Output = Result<ImportReport, StoreError>> + Send;

    /// One line per application, for lists.
    fn summaries(&self)
    -> impl Future<Output = Result<Vec<ApplicationSummary>, StoreError>> + Send;

    fn application(
        &self,
        key: &Key,
    ) -> impl Future<Output = Result<Option<Application>, StoreError>> + Send;

    /// Saves what a person edits of an application: its fields, and its interviews with their
    /// people and debriefs. Its events, log and letters stay as they are kept: those are only
    /// ever added (`add_event`, `add_done`, the outbox). `base` is the [`Application::version`]
    /// the edit was made from, or none for a new application; the save is refused as
    /// [`StoreError::Changed`] when the application kept is no longer that version (or, for a
    /// new one, when it exists).
    fn save_application(
        &self,
        app: &Application,
        base: Option<&str>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Saves one interview's debrief and the people met, and nothing else, made from the
    /// version `base` ([`Interview::debrief_version`](followup_core::Interview::debrief_version)).
    fn save_debrief(
        &self,
        application: &Key,
        interview: &followup_core::Interview,
        base: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Adds an event to an application's history: one row, whatever else is written meanwhile.
    fn add_event(
        &self,
        application: &Key,
        event: &Event,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Adds several events to an application in one transaction: all of them or none. With
    /// `seen`, the number of events the caller read: if others were added since (another tab,
    /// a double click), nothing is added ([`StoreError::Changed`]).
    fn add_events(
        &self,
        application: &Key,
        events: &[Event],
        seen: Option<usize>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Adds an entry to an application's log, with the reply it brought (a date named on the
    /// phone), in one transaction.
    fn add_done(
        &self,
        application: &Key,
        done: &Done,
        reply: Option<&Event>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn profile(&self) -> impl Future<Output = Result<(Profile, Settings), StoreError>> + Send;

    /// Saves the profile and the settings, made from the version `base`
    /// ([`profile_version`](followup_core::profile_version)); refused as
    /// [`StoreError::Changed`] when they changed since.
    fn save_profile(
        &self,
        profile: &Profile,
        settings: &Settings,
        base: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The programme as the agenda reads it, kept up to date by every write: the open
    /// actions the [`Reading`] asks for and what the rules that look across applications
    /// need.
    fn programme(
        &self,
        reading: Reading,
    ) -> impl Future<Output = Result<ProgrammeView, StoreError>> + Send;

    /// [`Store::programme`] for a person reading the agenda at `now`: of the actions whose
    /// time has come, the `limit` most urgent of each span of due times (before `bounds[0]`,
    /// then up to each next bound, then the rest), and how many each span holds
    /// ([`ProgrammeView::counts`]).
    fn programme_groups(
        &self,
        now: jiff::Timestamp,
        bounds: [jiff::Timestamp; 3],
        limit: usize,
    ) -> impl Future<Output = Result<ProgrammeView, StoreError>> + Send;

    /// The open actions of these applications, most urgent first.
    fn open_actions(
        &self,
        applications: &[Key],
    ) -> impl Future<Output = Result<Vec<ListedAction>, StoreError>> + Send;

    /// A number that every transaction that writes makes larger: while it stays the same,
    /// nothing kept has changed, whoever writes (another process or app instance too).
    fn revision(&self) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// The job search this store reads and writes.
    fn search(&self) -> SearchId;

    /// The same store, reading and writing another job search: every statement names it, and
    /// on PostgreSQL row-level security holds each transaction to it as well.
    fn for_search(&self, search: SearchId) -> Self
    where
        Self: Sized;

    /// The user's own files of this job search (their words, phrase rules and letter
    /// templates, the calendar feed's secret), by name: kept here in the agency mode, where no
    /// file beside a process is anyone's own.
    fn own_files(
        &self,
    ) -> impl Future<Output = Result<std::collections::BTreeMap<String, String>, StoreError>> + Send;

    /// Keeps a message the app said after a change, for the next page, which another instance
    /// may answer; those older than an hour go.
    fn say(
        &self,
        token: &str,
        text: &str,
        at: jiff::Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The message kept under `token`, if any.
    fn said(&self, token: &str) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// One own file of this job search, by name.
    fn own_file(
        &self,
        name: &str,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// Keeps `body` as the own file `name` of this job search; none forgets it.
    fn save_own_file(
        &self,
        name: &str,
        body: Option<&str>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Moves a whole job search and its own files into this one, which must hold neither yet
    /// ([`StoreError::NotEmpty`]): checked and written in one transaction, so two moves at once
    /// cannot both pass the check.
    fn move_in(
        &self,
        doc: &JobSearch,
        own_files: &std::collections::BTreeMap<String, String>,
    ) -> impl Future<Output = Result<ImportReport, StoreError>> + Send;

    /// Begins a new, empty job search (begun at `at`) and returns it.
    fn create_search(
        &self,
        at: jiff::Timestamp,
    ) -> impl Future<Output = Result<SearchId, StoreError>> + Send;
}

/// The outbox: letters saved before they are sent, taken by workers, and their fate recorded.
/// Every method is one transaction; a message is never changed by anything else.
pub trait Outbox {
    /// Saves a message before it is sent, in the record of its application (none: a reminder
    /// to the user), whose programme counts its action as done from now on. False when a
    /// message with this Message-ID is already kept: nothing changes. With `once`, a letter
    /// for the same action (kind, interview, recipient) already queued, on its way, sent or
    /// uncertain refuses this one as [`StoreError::AlreadyQueued`], in the same transaction:
    /// two senders at once send one letter.
    fn queue(
        &self,
        application: Option<&Key>,
        message: &Message,
        once: bool,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Takes up to `limit` queued messages whose time has come, marking them `sending`. First,
    /// messages left `sending` for longer than `lease` become `uncertain`: their worker stopped.
    fn claim(
        &self,
        now: jiff::Timestamp,
        lease: jiff::SignedDuration,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Outgoing>, StoreError>> + Send;

    /// Records what became of a message a worker took (as `claim` returned it). A worker whose
    /// message was meanwhile given up as uncertain, or taken again, changes nothing, except
    /// to say that the server accepted it.
    fn settle(
        &self,
        taken: &Outgoing,
        how: Settlement,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The user's decision on a message that needs one; the message as it now stands.
    fn resolve(
        &self,
        id: &str,
        how: Resolution,
        now: jiff::Timestamp,
    ) -> impl Future<Output = Result<Outgoing, StoreError>> + Send;

    /// Forwards a letter that waits for the consultant (the agency mode): it is queued as
    /// `letter` says (the consultant's edits, `forwarded`), from `now`. A letter no longer
    /// waiting (forwarded by another click, withdrawn) is refused as
    /// [`StoreError::CannotResolve`], unchanged: it leaves once.
    fn forward(
        &self,
        letter: &Message,
        now: jiff::Timestamp,
    ) -> impl Future<Output = Result<Outgoing, StoreError>> + Send;

    /// The messages still on their way or waiting for the user (with `all`: every one).
    fn outbox(&self, all: bool) -> impl Future<Output = Result<Vec<Outgoing>, StoreError>> + Send;

    fn message(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<Outgoing>, StoreError>> + Send;

    /// The record of these applications (those with anything in it): messages and calls.
    fn record(&self, keys: &[Key]) -> impl Future<Output = Result<Vec<Record>, StoreError>> + Send;

    /// When the next queued message may be tried.
    fn next_due(&self) -> impl Future<Output = Result<Option<jiff::Timestamp>, StoreError>> + Send;
}

/// A message, with the application it belongs to (none: a reminder to the user).
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub application: Option<Key>,
    pub message: Message,
    /// Which worker's turn it is, while the message is `sending`: what `settle` checks.
    pub claim: Option<i64>,
}

/// What became of a message a worker took.
#[derive(Debug, Clone, PartialEq)]
pub enum Settlement {
    /// The server accepted it.
    Sent { at: Moment },
    /// A temporary failure: try again from `at`.
    Retry { at: jiff::Timestamp, error: String },
    /// The server refused it for good.
    Failed { error: String },
    /// The worker gave it back before a byte of it reached a server (a setting is wrong).
    Untried,
    /// The connection broke after the message was handed over: only the user can say.
    Uncertain { error: String },
}

/// What the user decides about a message that needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// An uncertain message did arrive.
    Sent,
    /// Send it (again): the user has checked that it did not arrive, or mended the cause.
    Resend,
    /// Do not send it; its action opens again.
    Cancel,
}

impl Resolution {
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Sent => "marked as sent",
            Resolution::Resend => "sent again",
            Resolution::Cancel => "cancelled",
        }
    }
}

/// An application's record: the messages sent (or on their way) and the calls made.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub application: Key,
    pub messages: Vec<Message>,
    pub calls: Vec<Done>,
}

/// Which open actions [`Store::programme`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Every one, the letters that have lapsed too (the log may still record one sent late).
    All,
    /// Those still open at this moment (not lapsed), whenever they may start.
    OpenAt(jiff::Timestamp),
    /// Those still open at this moment that may start by it.
    ActionableAt(jiff::Timestamp),
}

impl Reading {
    /// The moment by which the actions read may start, if the reading asks.
    pub fn actionable_by(self) -> Option<jiff::Timestamp> {
        match self {
            Reading::ActionableAt(t) => Some(t),
            Reading::All | Reading::OpenAt(_) => None,
        }
    }
}

/// What [`Store::programme`] reads.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeView {
    pub profile: Profile,
    pub settings: Settings,
    /// Open actions, most urgent first.
    pub actions: Vec<ListedAction>,
    /// From [`Store::programme_groups`]: how many actions each span of due times holds.
    pub counts: Vec<usize>,
    /// How many applications are active.
    pub active: usize,
    /// When fewer are active than `keep_searching_below`: the active applications' facts
    /// (with their short names and companies) and the log's `keep_searching` entries, for
    /// the one rule that looks across applications. Empty otherwise.
    pub few_active: Vec<(AppFacts, String, String)>,
    /// When few are active: when the latest of the others ended, and whether an offer is
    /// accepted.
    pub others: Others,
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

    /// Runs a statement on `database` as its owner (a test's setup: "the time has come").
    pub async fn owner_execute(database: &str, statement: &str) -> u64 {
        let mut conn = sqlx::PgConnection::connect(database)
            .await
            .unwrap_or_else(|e| panic!("cannot reach the test database: {e}"));
        conn.execute(sqlx::AssertSqlSafe(statement.to_string()))
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"))
            .rows_affected()
    }

    /// The rows of a query on `database`, as its owner sees them, as a JSON array of objects.
    pub async fn owner_rows(database: &str, query: &str) -> serde_json::Value {
        let mut conn = sqlx::PgConnection::connect(database)
            .await
            .unwrap_or_else(|e| panic!("cannot reach the test database: {e}"));
        let sql = format!("SELECT CAST(COALESCE(json_agg(q), '[]') AS TEXT) FROM ({query}) q");
        let text: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        serde_json::from_str(&text).expect("PostgreSQL's JSON")
    }

    /// A new login role of the test server that is neither a superuser nor above row-level
    /// security, as the agency's app instances connect: the URL of `database` as that role.
    pub async fn app_role(database: &str) -> String {
        let role = format!(
            "followup_app_{}",
            database.rsplit_once('/').map_or("", |(_, name)| name)
        );
        let mut conn = sqlx::PgConnection::connect(&admin_url())
            .await
            .unwrap_or_else(|e| panic!("cannot reach the test PostgreSQL: {e}"));
        conn.execute(sqlx::AssertSqlSafe(format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'app-password' NOSUPERUSER NOBYPASSRLS"
        )))
        .await
        .unwrap_or_else(|e| panic!("cannot create the app's role: {e}"));
        let (scheme, rest) = database.split_once("://").expect("a URL");
        let place = rest.split_once('@').map_or(rest, |(_, place)| place);
        format!("{scheme}://{role}:app-password@{place}")
    }
}

/// The part a person plays in an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the agency: invites its consultants and candidates, sees every search of it.
    Admin,
    /// Sees the searches of their own candidates.
    Consultant,
    /// Owns one job search.
    Candidate,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Consultant, Role::Candidate];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Consultant => "consultant",
            Role::Candidate => "candidate",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// A person's account in an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Random: it may stand in an address.
    pub id: String,
    pub agency: i64,
    /// Always in lower case.
    pub email: String,
    pub name: String,
    pub role: Role,
    /// A candidate's consultant.
    pub consultant: Option<String>,
    /// A candidate's job search.
    pub search: Option<SearchId>,
    /// Whether a password is set (the invitation was taken).
    pub active: bool,
    /// The time zone of the daily reminder, if the account wants one.
    pub reminder: Option<String>,
}

/// An account to add: a candidate gets a job search of their own in the same transaction.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub agency: i64,
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub consultant: Option<&'a str>,
}

/// What a token does: keeps a sign-in, or is taken once to set a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Session,
    Invitation,
    Reset,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Session => "session",
            TokenKind::Invitation => "invitation",
            TokenKind::Reset => "reset",
        }
    }
}

/// The agency mode's accounts, sign-ins and their limits (PostgreSQL). Tokens are given as
/// their hashes: the store never sees one that would sign a person in.
pub trait Accounts {
    /// A new agency; refused as [`StoreError::Taken`] when the name is.
    fn create_agency(
        &self,
        name: &str,
        at: jiff::Timestamp,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// The agency of this name, if there is one.
    fn agency_named(
        &self,
        name: &str,
    ) -> impl Future<Output = Result<Option<i64>, StoreError>> + Send;

    /// Adds an account, without a password; a candidate's job search with it. Refused as
    /// [`StoreError::Taken`] when the email has an account, and as
    /// [`StoreError::NoSuchAccount`] when the consultant is not one of the same agency.
    fn add_account(
        &self,
        new: &NewAccount<'_>,
        at: jiff::Timestamp,
    ) -> impl Future<Output = Result<Account, StoreError>> + Send;

    fn account(&self, id: &str)
    -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// The account of this email (any case), with its password's hash.
    fn account_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Option<(Account, Option<String>)>, StoreError>> + Send;

    /// Every account of an agency, by role then name.
    fn agency_accounts(
        &self,
        agency: i64,
    ) -> impl Future<Output = Result<Vec<Account>, StoreError>> + Send;

    /// Gives a candidate another consultant of the same agency.
    fn assign(
        &self,
        candidate: &str,
        consultant: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Sets the password's hash and ends every session of the account.
    fn set_password(
        &self,
        account: &str,
        hash: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Keeps a token's hash for an account, good until `now + lifetime`.
    fn add_token(
        &self,
        kind: TokenKind,
        hash: &str,
        account: &str,
        now: jiff::Timestamp,
        lifetime: jiff::SignedDuration,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Takes an invitation or a reset: once, while it is good. The account it was for.
    fn take_token(
        &self,
        kind: TokenKind,
        hash: &str,
        now: jiff::Timestamp,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// Whether an invitation or a reset is good at `now` (it is not taken).
    fn link_good(
        &self,
        kind: TokenKind,
        hash: &str,
        now: jiff::Timestamp,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The account a session signs in, if it is good at `now`; its expiry moves on.
    fn session(
        &self,
        hash: &str,
        now: jiff::Timestamp,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// Ends one session (sign out), or with `everywhere` every session of its account.
    fn end_session(
        &self,
        hash: &str,
        everywhere: bool,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Counts an attempt to sign in to an email from an address, before its password is
    /// checked: its id, and how many attempts since `since` (this one too) went to this email
    /// and came from this address. Attempts on several instances at once are all counted.
    fn count_sign_in(
        &self,
        email: &str,
        address: &str,
        at: jiff::Timestamp,
        since: jiff::Timestamp,
    ) -> impl Future<Output = Result<(i64, u32, u32), StoreError>> + Send;

    /// Forgets an attempt that was not a failure (it signed in, or the limit refused it).
    fn forget_sign_in(&self, attempt: i64) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// A consultant's candidates, by name.
    fn candidates_of(
        &self,
        consultant: &str,
    ) -> impl Future<Output = Result<Vec<Account>, StoreError>> + Send;

    /// An agency's name.
    fn agency_name(
        &self,
        agency: i64,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// The daily reminder of an account: its time zone and when the next is due, or none.
    fn set_reminder(
        &self,
        account: &str,
        reminder: Option<(&str, jiff::Timestamp)>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Up to `limit` accounts whose reminder is due at `now`, with their time zone and the
    /// moment it was due.
    fn due_reminders(
        &self,
        now: jiff::Timestamp,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<(Account, String, jiff::Timestamp)>, StoreError>> + Send;

    /// Moves an account's reminder from `was` (the day's, queued) to `next`; false when another
    /// instance moved it first.
    fn reminded(
        &self,
        account: &str,
        was: jiff::Timestamp,
        next: jiff::Timestamp,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
