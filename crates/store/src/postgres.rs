//! The agency backend: PostgreSQL, shared by several app instances.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection};

use crate::error::Doing;
use crate::location::redact;
use crate::{SCHEMA_VERSION, StoreError};

type Db = sqlx::Postgres;
type Conn = PgConnection;
type ThisStore = PostgresStore;

/// This backend's JSON functions, for reading many rows as one value (`sql/common.rs`).
const JSON_ARRAY: &str = "json_build_array";
const JSON_GROUP: &str = "json_agg";
/// The texts of a JSON array bound between these two.
const JSON_TEXTS: (&str, &str) = ("SELECT json_array_elements_text(", "::json)");
/// How a transaction that will write begins.
const BEGIN_WRITE: &str = "BEGIN";
/// Locks the rows read, so that two transactions changing one application take turns.
const LOCK_ROWS: &str = " FOR UPDATE";

/// Names the search of this transaction for row-level security (`schema/postgres-8.sql`):
/// the second wall, behind the search named in every statement.
async fn enter_search(conn: &mut Conn, search: i64) -> Result<(), StoreError> {
    sqlx::query("SELECT set_config('app.search', $1, true)")
        .bind(search.to_string())
        .execute(&mut *conn)
        .await
        .doing("naming the job search")?;
    Ok(())
}

include!("sql/common.rs");
include!("sql/outbox.rs");
include!("sql/accounts.rs");

const MIGRATIONS: [&str; 10] = [
    include_str!("schema/postgres.sql"),
    include_str!("schema/postgres-2.sql"),
    include_str!("schema/postgres-3.sql"),
    include_str!("schema/postgres-4.sql"),
    include_str!("schema/postgres-5.sql"),
    include_str!("schema/postgres-6.sql"),
    include_str!("schema/postgres-7.sql"),
    include_str!("schema/postgres-8.sql"),
    include_str!("schema/postgres-9.sql"),
    include_str!("schema/postgres-10.sql"),
];

/// Any fixed number: instances that start together take turns to migrate.
const MIGRATION_LOCK: i64 = 0x464C_5550;

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: sqlx::Pool<Db>,
    /// The job search every statement reads and writes (`searches`).
    search: i64,
}

impl PostgresStore {
    /// Connects and brings the schema up to date. A database that holds tables of its own but
    /// not followup's, or followup's from a newer version, is refused and left as it was.
    pub async fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        let location = redact(url);
        let open_err = |source| StoreError::Open {
            location: location.clone(),
            source,
        };
        let options: PgConnectOptions = url.parse().map_err(open_err)?;
        // JIT compiling pays off for long analytical queries, not for these: with it, a list of
        // 10,000 applications spent 100 ms compiling and 60 ms running.
        let options = options
            .disable_statement_logging()
            .options([("jit", "off")]);
        // One direct connection first: a server that is not there fails at once, not after the pool's retries.
        let mut conn = PgConnection::connect_with(&options)
            .await
            .map_err(open_err)?;
        migrate(&mut conn, &location).await?;
        conn.close().await.doing("closing the first connection")?;
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_lazy_with(options);
        Ok(PostgresStore {
            pool,
            search: crate::SearchId::SOLE.0,
        })
    }

    /// Lets `role` (connected as by the agency's app instances) read and write the job
    /// searches, as the owner of the tables grants it: row-level security then holds it to
    /// the search each transaction names, since it neither owns them nor is a superuser. It
    /// may read the schema's version but not change it.
    pub async fn grant(&self, role: &str) -> Result<(), StoreError> {
        let doing = "granting the app's role its access";
        let role = format!("\"{}\"", role.replace('"', "\"\""));
        let mut tx = self.pool.begin().await.doing(doing)?;
        for grant in [
            format!("GRANT USAGE ON SCHEMA public TO {role}"),
            format!(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
            ),
            format!("REVOKE INSERT, UPDATE, DELETE ON followup_schema FROM {role}"),
            format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"),
        ] {
            // The role's name is quoted as an identifier; nothing else comes from outside.
            sqlx::query(sqlx::AssertSqlSafe(grant))
                .execute(&mut *tx)
                .await
                .doing(doing)?;
        }
        tx.commit().await.doing(doing)
    }

    /// The job searches with letters to send at `now` (or left `sending` by a worker that
    /// may have stopped), for the agency's outbox worker, which then enters each one. Asked of
    /// a function that runs as the tables' owner and answers with the searches' numbers alone.
    pub async fn searches_with_mail(
        &self,
        now: jiff::Timestamp,
    ) -> Result<Vec<SearchId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT followup_searches_with_mail($1)")
            .bind(now.as_millisecond())
            .fetch_all(&self.pool)
            .await
            .doing("asking which job searches have letters to send")?;
        Ok(ids.into_iter().map(SearchId).collect())
    }

    /// How far each of these job searches has changed (its revision), in one question: what
    /// a consultant's day keeps its candidates' days by. Searches with no revision are left out.
    pub async fn revisions(
        &self,
        searches: &[SearchId],
    ) -> Result<std::collections::HashMap<SearchId, i64>, StoreError> {
        let ids: Vec<i64> = searches.iter().map(|s| s.0).collect();
        let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT * FROM followup_revisions($1)")
            .bind(&ids)
            .fetch_all(&self.pool)
            .await
            .doing("reading how far the searches have changed")?;
        Ok(rows.into_iter().map(|(s, n)| (SearchId(s), n)).collect())
    }

    /// The role a URL connects as (the user name, or the system's user when it gives none).
    pub fn role_of(url: &str) -> Result<String, StoreError> {
        let options: PgConnectOptions = url.parse().map_err(|source| StoreError::Open {
            location: redact(url),
            source,
        })?;
        Ok(options.get_username().to_string())
    }

    /// Why the connected role would pass row-level security, if it would: a superuser, a
    /// role that bypasses it, or the owner of followup's tables. The agency's app instances
    /// refuse to serve as one.
    pub async fn passes_row_security(&self) -> Result<Option<String>, StoreError> {
        let (role, superuser, bypass, owned): (String, bool, bool, i64) = sqlx::query_as(
            "SELECT r.rolname::text, r.rolsuper, r.rolbypassrls, \
             (SELECT count(*) FROM pg_tables t \
              WHERE t.schemaname = current_schema() AND t.tableowner = r.rolname) \
             FROM pg_roles r WHERE r.rolname = current_user",
        )
        .fetch_one(&self.pool)
        .await
        .doing("reading the role's rights")?;
        Ok(if superuser {
            Some(format!("the role {role:?} is a superuser"))
        } else if bypass {
            Some(format!("the role {role:?} bypasses row-level security"))
        } else if owned > 0 {
            Some(format!(
                "the role {role:?} owns {owned} of followup's tables"
            ))
        } else {
            None
        })
    }

    pub async fn close(self) {
        self.pool.close().await;
    }
}

async fn migrate(conn: &mut PgConnection, location: &str) -> Result<(), StoreError> {
    let doing = "updating the schema";
    let mut tx = conn.begin().await.doing(doing)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *tx)
        .await
        .doing(doing)?;
    let ours: bool = sqlx::query_scalar("SELECT to_regclass('followup_schema') IS NOT NULL")
        .fetch_one(&mut *tx)
        .await
        .doing(doing)?;
    let version: i64 = if ours {
        sqlx::query_scalar("SELECT version FROM followup_schema")
            .fetch_one(&mut *tx)
            .await
            .doing("reading the schema version")?
    } else {
        let tables: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
        )
        .fetch_one(&mut *tx)
        .await
        .doing(doing)?;
        if tables > 0 {
            return Err(StoreError::Foreign {
                location: location.to_string(),
                reason: format!("its schema holds {tables} tables that are not followup's"),
            });
        }
        0
    };
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            location: location.to_string(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version == SCHEMA_VERSION {
        refresh_stale_plans(&mut tx).await?;
        return tx.commit().await.doing(doing);
    }
    for script in &MIGRATIONS[usize::try_from(version).unwrap_or_default()..] {
        sqlx::raw_sql(*script)
            .execute(&mut *tx)
            .await
            .doing(doing)?;
    }
    sqlx::query("DELETE FROM followup_schema")
        .execute(&mut *tx)
        .await
        .doing(doing)?;
    sqlx::query("INSERT INTO followup_schema (version) VALUES ($1)")
        .bind(SCHEMA_VERSION)
        .execute(&mut *tx)
        .await
        .doing(doing)?;
    refresh_stale_plans(&mut tx).await?;
    tx.commit().await.doing(doing)
}
