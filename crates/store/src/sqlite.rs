//! The embedded backend: one SQLite file, in WAL mode, marked as followup's own.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection};

use crate::error::{
    CANNOT_OPEN, Doing, FILE_READ_ONLY, FOLDER_READ_ONLY, ITS_FOLDER, THE_DATABASE, Trouble,
    trouble,
};
use crate::{SCHEMA_VERSION, StoreError};

type Db = sqlx::Sqlite;
type Conn = SqliteConnection;
type ThisStore = SqliteStore;

/// This backend's JSON functions, for reading many rows as one value (`sql/common.rs`).
const JSON_ARRAY: &str = "json_array";
const JSON_GROUP: &str = "json_group_array";
/// The texts of a JSON array bound between these two.
const JSON_TEXTS: (&str, &str) = ("SELECT value FROM json_each(", ")");
/// How a transaction that will write begins: taking the write lock at once, so that a read
/// followed by a write never meets another writer's commit in between (SQLITE_BUSY).
const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";
/// Row locks: SQLite's write lock covers the whole file already.
const LOCK_ROWS: &str = "";

/// The search a transaction works in is named in every statement; SQLite has no second wall.
async fn enter_search(_: &mut Conn, _: i64) -> Result<(), StoreError> {
    Ok(())
}

include!("sql/common.rs");
include!("sql/outbox.rs");

/// The largest file checked page by page as it is opened (16 MiB).
const QUICK_CHECK_UP_TO: u64 = 16 << 20;

/// `PRAGMA application_id` of a followup database: "FLUP".
pub const APPLICATION_ID: i32 = 0x464C_5550;

const MIGRATIONS: [&str; 10] = [
    include_str!("schema/sqlite.sql"),
    include_str!("schema/sqlite-2.sql"),
    include_str!("schema/sqlite-3.sql"),
    include_str!("schema/sqlite-4.sql"),
    include_str!("schema/sqlite-5.sql"),
    include_str!("schema/sqlite-6.sql"),
    include_str!("schema/sqlite-7.sql"),
    include_str!("schema/sqlite-8.sql"),
    include_str!("schema/sqlite-9.sql"),
    include_str!("schema/sqlite-10.sql"),
];

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: sqlx::Pool<Db>,
    /// The job search every statement reads and writes (`searches`).
    search: i64,
}

impl SqliteStore {
    /// Opens (or creates) a followup database. A file that is not followup's, is from a newer
    /// version or is damaged, is refused before anything is written to it. A folder that cannot
    /// be written in and a full disk are named as such, not as SQLite's "unable to open
    /// database file" or "disk I/O error".
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let location = path.display().to_string();
        let (fresh, existed, size) = match std::fs::metadata(path) {
            Ok(meta) => (meta.len() == 0, true, meta.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (true, false, 0),
            Err(e) => {
                return Err(StoreError::Open {
                    location,
                    source: sqlx::Error::Io(e),
                });
            }
        };
        let place = Place::new(path, existed);
        if !fresh {
            check_header(path, &location)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                place
                    .io(&nearest_existing(dir), &e)
                    .unwrap_or_else(|| StoreError::Open {
                        location: location.clone(),
                        source: sqlx::Error::Io(e),
                    })
            })?;
        }

        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|source| StoreError::Open {
                location: location.clone(),
                source,
            })?
            .filename(path)
            .create_if_missing(true)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Reads through the operating system's page cache rather than SQLite's own small
            // one: the agenda of a long search reads its actions without copying every page
            // (a third of the time of a 20,000-action agenda). Writes are unchanged.
            .pragma("mmap_size", "268435456");
        let open_err = |source| StoreError::Open {
            location: location.clone(),
            source,
        };

        // Look before writing: a database of another program keeps its journal mode and its pages.
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .map_err(|e| place.explain(e, open_err))?;
        let application_id: i32 = sqlx::query_scalar("PRAGMA application_id")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| place.explain(e, |e| foreign_or(e, &location)))?;
        let version: i64 = sqlx::query_scalar("PRAGMA user_version")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| place.explain(e, failed_while("reading the schema version")))?;
        let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_schema")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| place.explain(e, failed_while("reading the schema")))?;
        if application_id != APPLICATION_ID && (application_id != 0 || tables > 0) {
            return Err(StoreError::Foreign {
                location,
                reason: "it is a SQLite database of another program".into(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                location,
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if !fresh && size <= QUICK_CHECK_UP_TO {
            // Damaged pages are refused as they are, for a backup to replace them: writing on
            // them could spread the damage. quick_check(1) stops at the first problem; it reads
            // every page once, a blink for a job search's few megabytes but 150 ms on every
            // command for 10,000 applications: above this size, SQLite's own check of every
            // page it touches answers instead (SQLITE_CORRUPT, named as damage by any query).
            let verdict: String = sqlx::query_scalar("PRAGMA quick_check(1)")
                .fetch_one(&mut conn)
                .await
                .map_err(|e| place.explain(e, failed_while("checking the file for damage")))?;
            if verdict != "ok" {
                return Err(place.damaged(&verdict));
            }
        }
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&mut conn)
            .await
            .map_err(|e| place.explain(e, failed_while("switching to WAL")))?;
        migrate(&mut conn, version)
            .await
            .map_err(|e| place.relocate(e))?;
        conn.close()
            .await
            .map_err(|e| place.explain(e, failed_while("closing the first connection")))?;

        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(
                options
                    .create_if_missing(false)
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL: a write followup has acknowledged survives a power cut too; in WAL
                    // mode NORMAL may lose the last commits. What it costs is in the README.
                    .synchronous(SqliteSynchronous::Full),
            )
            .await
            .map_err(|e| place.explain(e, open_err))?;
        Ok(SqliteStore {
            pool,
            search: crate::SearchId::SOLE.0,
        })
    }

    /// The default place: `followup.db` in the user's data directory.
    pub fn default_path(data_dir: &Path) -> PathBuf {
        data_dir.join("followup.db")
    }

    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// Refuses a file that is not SQLite, or is SQLite of another program, by its header alone.
fn check_header(path: &Path, location: &str) -> Result<(), StoreError> {
    use std::io::Read;
    let mut header = [0u8; 100];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut header))
        .map_err(|e| StoreError::Open {
            location: location.to_string(),
            source: sqlx::Error::Io(e),
        })?;
    if read < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::Foreign {
            location: location.to_string(),
            reason: "it is not a SQLite database".into(),
        });
    }
    let application_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if application_id != 0 && application_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            location: location.to_string(),
            reason: "it is a SQLite database of another program".into(),
        });
    }
    Ok(())
}

fn foreign_or(error: sqlx::Error, location: &str) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.message().contains("not a database") => {
            StoreError::Foreign {
                location: location.to_string(),
                reason: "it is not a SQLite database".into(),
            }
        }
        _ => StoreError::Query {
            doing: "reading the database header",
            source: error,
        },
    }
}

fn failed_while(doing: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |source| StoreError::Query { doing, source }
}

/// The file being opened, as messages name it, and the folder that holds it.
struct Place<'a> {
    file: &'a Path,
    location: String,
    folder: PathBuf,
    /// Whether the file was there before: only a file that was not may be made to learn why
    /// SQLite could not make it.
    existed: bool,
}

impl<'a> Place<'a> {
    fn new(file: &'a Path, existed: bool) -> Place<'a> {
        let folder = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Place {
            file,
            location: file.display().to_string(),
            folder: std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf()),
            existed,
        }
    }

    /// A failure of SQLite while opening, in words when it is about the disk, the folder or
    /// the file; else as `otherwise` puts it.
    fn explain(
        &self,
        error: sqlx::Error,
        otherwise: impl FnOnce(sqlx::Error) -> StoreError,
    ) -> StoreError {
        match trouble(&error) {
            Some(Trouble::Full) => self.full(),
            Some(Trouble::Damaged) => match &error {
                sqlx::Error::Database(db) => self.damaged(db.message()),
                _ => self.damaged(&error.to_string()),
            },
            Some(Trouble::FolderReadOnly) => self.read_only_folder(FOLDER_READ_ONLY),
            Some(Trouble::FileReadOnly) => StoreError::ReadOnly {
                location: self.location.clone(),
                detail: FILE_READ_ONLY.to_string(),
            },
            // The system knows why the file cannot be made; SQLite does not pass it on.
            Some(Trouble::CannotOpen) if !self.existed => match try_to_make(self.file) {
                Err(e) => self
                    .io(&self.folder, &e)
                    .unwrap_or_else(|| otherwise(error)),
                Ok(()) => otherwise(error),
            },
            Some(Trouble::CannotOpen) => self.read_only_folder(CANNOT_OPEN),
            Some(Trouble::Io) if disk_is_full(&self.folder) => self.full(),
            Some(Trouble::Io) | None => otherwise(error),
        }
    }

    /// An error of the query code (which names "the database") named with this file.
    fn relocate(&self, error: StoreError) -> StoreError {
        match error {
            StoreError::Query { doing, source } => {
                self.explain(source, |source| StoreError::Query { doing, source })
            }
            StoreError::DiskFull { .. } => self.full(),
            StoreError::ReadOnly { location, detail } => StoreError::ReadOnly {
                location: if location == ITS_FOLDER {
                    self.folder.display().to_string()
                } else if location == THE_DATABASE {
                    self.location.clone()
                } else {
                    location
                },
                detail,
            },
            other => other,
        }
    }

    /// A system error in words, when it says that the folder cannot be written in or that the
    /// disk is full.
    fn io(&self, folder: &Path, error: &std::io::Error) -> Option<StoreError> {
        use std::io::ErrorKind;
        let why = match error.kind() {
            ErrorKind::PermissionDenied => "permission denied",
            ErrorKind::ReadOnlyFilesystem => "read-only file system",
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => return Some(self.full()),
            _ => return None,
        };
        Some(StoreError::ReadOnly {
            location: folder.display().to_string(),
            detail: format!("{FOLDER_READ_ONLY} ({why})"),
        })
    }

    fn read_only_folder(&self, detail: &str) -> StoreError {
        StoreError::ReadOnly {
            location: self.folder.display().to_string(),
            detail: detail.to_string(),
        }
    }

    fn full(&self) -> StoreError {
        StoreError::DiskFull {
            location: self.location.clone(),
        }
    }

    /// `found`: quick_check's first problem, or SQLite's error.
    fn damaged(&self, found: &str) -> StoreError {
        let problem = found
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("*** in database"))
            .collect::<Vec<_>>()
            .join("; ");
        StoreError::Damaged {
            location: self.location.clone(),
            problem: if problem.is_empty() {
                found.trim().to_string()
            } else {
                problem
            },
        }
    }
}

/// Makes the file that SQLite could not make, and removes it again at once, for the system to
/// say why (permission denied, read-only file system, no space left).
fn try_to_make(file: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)?;
    let _ = std::fs::remove_file(file);
    Ok(())
}

/// Whether the disk holding `folder` is full, learnt by writing a little there and removing it:
/// SQLite says only "disk I/O error" when a full disk stops its -shm file from growing.
fn disk_is_full(folder: &Path) -> bool {
    use std::io::Write;
    let is_full = |e: &std::io::Error| {
        matches!(
            e.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
        )
    };
    let probe = folder.join(format!(".followup-space-{}", std::process::id()));
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(file) => file,
        Err(e) => return is_full(&e),
    };
    let written = file.write_all(&[0; 4096]).and_then(|()| file.sync_all());
    drop(file);
    let _ = std::fs::remove_file(&probe);
    written.is_err_and(|e| is_full(&e))
}

/// The nearest folder that is there, of those that `create_dir_all` was making.
fn nearest_existing(dir: &Path) -> PathBuf {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors()
        .find(|a| a.exists())
        .unwrap_or(dir.as_path())
        .to_path_buf()
}

async fn migrate(conn: &mut SqliteConnection, from: i64) -> Result<(), StoreError> {
    let doing = "updating the schema";
    if from < SCHEMA_VERSION {
        // Some versions build a table again, which SQLite allows only with foreign keys off
        // (this connection's, closed after); they are all checked before the commit.
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *conn)
            .await
            .doing(doing)?;
    }
    let mut tx = conn.begin().await.doing(doing)?;
    if from >= SCHEMA_VERSION {
        refresh_stale_plans(&mut tx).await?;
        return tx.commit().await.doing(doing);
    }
    for script in &MIGRATIONS[usize::try_from(from).unwrap_or_default()..] {
        sqlx::raw_sql(*script)
            .execute(&mut *tx)
            .await
            .doing(doing)?;
    }
    let broken: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(&mut *tx)
        .await
        .doing(doing)?;
    if let Some((table,)) = broken.first() {
        return Err(StoreError::Corrupt {
            what: "reference between tables",
            value: format!("a row of {table} names one that is not there"),
        });
    }
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
    )))
    .execute(&mut *tx)
    .await
    .doing(doing)?;
    refresh_stale_plans(&mut tx).await?;
    tx.commit().await.doing(doing)
}
