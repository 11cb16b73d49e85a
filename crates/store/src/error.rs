/// What went wrong with the database. Messages say what happened and what was left as it was.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    BadUrl(String),
    #[error("{location} is not a followup database ({reason}); it was left untouched")]
    Foreign { location: String, reason: String },
    #[error(
        "{location} was written by a newer followup (schema version {found}; this build knows up to {known}); \
         it was left untouched: upgrade followup to open it"
    )]
    TooNew {
        location: String,
        found: i64,
        known: i64,
    },
    #[error("cannot open the database at {location}: {source}")]
    Open {
        location: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("the database failed while {doing}: {source}")]
    Query {
        doing: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error("there is no application {key:?}")]
    NoSuchApplication { key: String },
    #[error("there is no message <{id}>")]
    NoSuchMessage { id: String },
    #[error("message <{id}> is {state}: it cannot be {how}")]
    CannotResolve {
        id: String,
        state: &'static str,
        how: &'static str,
    },
    /// An edit made from a version of the record that is no longer the one kept.
    #[error(
        "{what} changed since it was read (someone else saved it meanwhile); nothing was saved"
    )]
    Changed { what: String },
    /// The letter for this action is already queued, on its way or sent.
    #[error("a letter for this action is already {state} (<{id}>)")]
    AlreadyQueued { id: String, state: &'static str },
    /// A name that must be unique is already someone's (an email, an agency's name).
    #[error("{what} is already taken")]
    Taken { what: String },
    /// A job search moves only into one that holds nothing yet.
    #[error("the job search already holds {applications} applications and {files} own files")]
    NotEmpty { applications: i64, files: i64 },
    #[error("there is no account {id:?} here")]
    NoSuchAccount { id: String },
    #[error("the database holds a {what} that followup cannot read: {value:?}")]
    Corrupt { what: &'static str, value: String },
    #[error(
        "{location} is damaged (SQLite found: {problem}); it was left untouched: restore it from \
         a backup, or move it aside and `followup import` your latest export"
    )]
    Damaged { location: String, problem: String },
    #[error(
        "cannot write in {location}: {detail}; choose another place with --db or FOLLOWUP_DATA_DIR"
    )]
    ReadOnly { location: String, detail: String },
    #[error(
        "the disk holding {location} is full; nothing was saved: free some space, then try again"
    )]
    DiskFull { location: String },
}

/// How a failure of a query names the database and its folder: the query does not know
/// where they are (`SqliteStore::open` names them with the path).
pub(crate) const THE_DATABASE: &str = "the database";
pub(crate) const ITS_FOLDER: &str = "the database's folder";
/// What SQLite said, as a person would say it.
pub(crate) const FOLDER_READ_ONLY: &str = "the folder is read-only";
pub(crate) const FILE_READ_ONLY: &str =
    "the file, or the -wal or -shm file beside it, is read-only";
pub(crate) const CANNOT_OPEN: &str =
    "SQLite cannot open or make its files there (the folder may be read-only)";

/// Adds what was being done to a database error.
pub(crate) trait Doing<T> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError>;
}

impl<T> Doing<T> for Result<T, sqlx::Error> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| in_words(source, doing))
    }
}

/// A failed query in words a person can act on when it is about the disk or the file rather
/// than the data (the disk is full, the file or its folder is read-only); else the error as it
/// came, with what was being done.
pub(crate) fn in_words(source: sqlx::Error, doing: &'static str) -> StoreError {
    let read_only = |location: &str, detail: &str| StoreError::ReadOnly {
        location: location.to_string(),
        detail: detail.to_string(),
    };
    match trouble(&source) {
        Some(Trouble::Full) => StoreError::DiskFull {
            location: THE_DATABASE.to_string(),
        },
        Some(Trouble::FolderReadOnly) => read_only(ITS_FOLDER, FOLDER_READ_ONLY),
        Some(Trouble::FileReadOnly) => read_only(THE_DATABASE, FILE_READ_ONLY),
        Some(Trouble::CannotOpen) => read_only(ITS_FOLDER, CANNOT_OPEN),
        // Found by SQLite on a page it read: nothing more is written over it.
        Some(Trouble::Damaged) => StoreError::Damaged {
            location: THE_DATABASE.to_string(),
            problem: source.to_string(),
        },
        Some(Trouble::Io) | None => StoreError::Query { doing, source },
    }
}

/// What a database error says about the disk, the folder or the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trouble {
    /// SQLITE_FULL, PostgreSQL's `disk_full`, ENOSPC.
    Full,
    /// SQLITE_READONLY_DIRECTORY: no journal, -wal or -shm can be made beside the file.
    FolderReadOnly,
    /// The other SQLITE_READONLY: the file (or its -shm) cannot be written.
    FileReadOnly,
    /// SQLITE_CANTOPEN: a file could not be opened or made.
    CannotOpen,
    /// SQLITE_IOERR: the disk failed. A full disk may say only this (when the -shm file cannot
    /// grow), but SQLite keeps the system's reason to itself.
    Io,
    /// SQLITE_CORRUPT: "database disk image is malformed".
    Damaged,
}

pub(crate) fn trouble(error: &sqlx::Error) -> Option<Trouble> {
    use std::io::ErrorKind;
    match error {
        sqlx::Error::Io(e)
            if matches!(e.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded) =>
        {
            Some(Trouble::Full)
        }
        sqlx::Error::Database(db) => {
            let code = db.code()?;
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_none() {
                // PostgreSQL's SQLSTATE 53100, disk_full.
                return (code == "53100").then_some(Trouble::Full);
            }
            // SQLite's extended result code: the primary code in the low byte.
            let code: i32 = code.parse().ok()?;
            match (code & 0xff, code) {
                (13, _) => Some(Trouble::Full),
                (8, 1544) => Some(Trouble::FolderReadOnly),
                // SQLITE_READONLY_DBMOVED: the file was moved away while open.
                (8, 1032) => None,
                (8, _) => Some(Trouble::FileReadOnly),
                // SQLITE_CANTOPEN_ISDIR: the path is a folder.
                (14, 526) => None,
                (14, _) => Some(Trouble::CannotOpen),
                (10, _) => Some(Trouble::Io),
                (11, _) => Some(Trouble::Damaged),
                _ => None,
            }
        }
        _ => None,
    }
}
