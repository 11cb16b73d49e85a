//! The embedded backend: one SQLite file, in WAL mode, marked as followup's own.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection};

use crate::error::Doing;
use crate::{SCHEMA_VERSION, StoreError};

type Db = sqlx::Sqlite;
type Conn = SqliteConnection;
type ThisStore = SqliteStore;

/// This backend's JSON functions, for reading many rows as one value (`sql/common.rs`).
const JSON_ARRAY: &str = "json_array";
const JSON_GROUP: &str = "json_group_array";
/// How a transaction that will write begins: taking the write lock at once, so that a read
/// followed by a write never meets another writer's commit in between (SQLITE_BUSY).
const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";
/// Row locks: SQLite's write lock covers the whole file already.
const LOCK_ROWS: &str = "";

include!("sql/common.rs");
include!("sql/outbox.rs");

/// `PRAGMA application_id` of a followup database: "FLUP".
pub const APPLICATION_ID: i32 = 0x464C_5550;

const MIGRATIONS: [&str; 5] = [
    include_str!("schema/sqlite.sql"),
    include_str!("schema/sqlite-2.sql"),
    include_str!("schema/sqlite-3.sql"),
    include_str!("schema/sqlite-4.sql"),
    include_str!("schema/sqlite-5.sql"),
];

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: sqlx::Pool<Db>,
}

impl SqliteStore {
    /// Opens (or creates) a followup database. A file that is not followup's, or is from a
    /// newer version, is refused before anything is written to it.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let location = path.display().to_string();
        let fresh = match std::fs::metadata(path) {
            Ok(meta) => meta.len() == 0,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(e) => {
                return Err(StoreError::Open {
                    location,
                    source: sqlx::Error::Io(e),
                });
            }
        };
        if !fresh {
            check_header(path, &location)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                location: location.clone(),
                source: sqlx::Error::Io(e),
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
            .busy_timeout(Duration::from_secs(10));
        let open_err = |source| StoreError::Open {
            location: location.clone(),
            source,
        };

        // Look before writing: a database of another program keeps its journal mode and its pages.
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .map_err(open_err)?;
        let application_id: i32 = sqlx::query_scalar("PRAGMA application_id")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| foreign_or(e, &location))?;
        let version: i64 = sqlx::query_scalar("PRAGMA user_version")
            .fetch_one(&mut conn)
            .await
            .doing("reading the schema version")?;
        let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_schema")
            .fetch_one(&mut conn)
            .await
            .doing("reading the schema")?;
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
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&mut conn)
            .await
            .doing("switching to WAL")?;
        migrate(&mut conn, version).await?;
        conn.close().await.doing("closing the first connection")?;

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
            .map_err(open_err)?;
        Ok(SqliteStore { pool })
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

async fn migrate(conn: &mut SqliteConnection, from: i64) -> Result<(), StoreError> {
    let doing = "updating the schema";
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
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
    )))
    .execute(&mut *tx)
    .await
    .doing(doing)?;
    refresh_stale_plans(&mut tx).await?;
    tx.commit().await.doing(doing)
}
