// The agency mode's accounts (PostgreSQL only; included by `postgres.rs` after `common.rs`).
// None of these tables is a job search's: the application layer decides who may act for which.

use crate::{Account, Accounts, NewAccount, Role, TokenKind};

/// How often a session's sliding expiry is written while it is in use.
const SLIDE_EVERY_SECONDS: i64 = 60;

/// The columns of an account as [`account_of`] reads them.
const ACCOUNT_COLUMNS: &str = "a.id, a.agency_id, a.email, a.name, a.role, a.consultant_id, a.search_id, a.password IS NOT NULL, a.reminder_zone";
type AccountRow = (
    String,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    bool,
    Option<String>,
);

fn account_of(row: AccountRow) -> Result<Account, StoreError> {
    let (id, agency, email, name, role, consultant, search, active, reminder) = row;
    Ok(Account {
        id,
        agency,
        email,
        name,
        role: codec::word("role", &role, Role::parse)?,
        consultant,
        search: search.map(SearchId),
        active,
        reminder,
    })
}

/// A unique violation as the name that was taken; anything else as it was.
fn taken(e: StoreError, what: impl FnOnce() -> String) -> StoreError {
    match e {
        StoreError::Query {
            source: sqlx::Error::Database(ref db),
            ..
        } if db.is_unique_violation() => StoreError::Taken { what: what() },
        e => e,
    }
}

impl Accounts for PostgresStore {
    async fn create_agency(&self, name: &str, at: Timestamp) -> Result<i64, StoreError> {
        sqlx::query_scalar("INSERT INTO agencies (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(at.to_string())
            .fetch_one(&self.pool)
            .await
            .doing("adding an agency")
            .map_err(|e| taken(e, || format!("the agency name {name:?}")))
    }

    async fn agency_named(&self, name: &str) -> Result<Option<i64>, StoreError> {
        sqlx::query_scalar("SELECT id FROM agencies WHERE name = $1")
            .bind(name.trim())
            .fetch_optional(&self.pool)
            .await
            .doing("finding the agency")
    }

    async fn add_account(
        &self,
        new: &NewAccount<'_>,
        at: Timestamp,
    ) -> Result<Account, StoreError> {
        let doing = "adding an account";
        let mut tx = self.pool.begin().await.doing(doing)?;
        if let Some(consultant) = new.consultant {
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT agency_id FROM accounts WHERE id = $1 AND role = 'consultant' AND agency_id = $2",
            )
            .bind(consultant)
            .bind(new.agency)
            .fetch_optional(&mut *tx)
            .await
            .doing(doing)?;
            if found.is_none() {
                return Err(StoreError::NoSuchAccount {
                    id: consultant.to_string(),
                });
            }
        }
        let search: Option<i64> = if new.role == Role::Candidate {
            let id = new_search(&mut tx, at).await?;
            sqlx::query("UPDATE searches SET agency_id = $1 WHERE id = $2")
                .bind(new.agency)
                .bind(id)
                .execute(&mut *tx)
                .await
                .doing(doing)?;
            Some(id)
        } else {
            None
        };
        let email = new.email.trim().to_lowercase();
        let sql = format!(
            "INSERT INTO accounts AS a (agency_id, email, name, role, consultant_id, search_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {ACCOUNT_COLUMNS}"
        );
        let row: AccountRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(new.agency)
            .bind(&email)
            .bind(new.name)
            .bind(new.role.as_str())
            .bind(new.consultant)
            .bind(search)
            .bind(at.to_string())
            .fetch_one(&mut *tx)
            .await
            .doing(doing)
            .map_err(|e| taken(e, || format!("the email {email}")))?;
        tx.commit().await.doing(doing)?;
        account_of(row)
    }

    async fn account(&self, id: &str) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1");
        let row: Option<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .doing("reading an account")?;
        row.map(account_of).transpose()
    }

    async fn account_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(Account, Option<String>)>, StoreError> {
        let sql =
            format!("SELECT {ACCOUNT_COLUMNS}, a.password FROM accounts a WHERE a.email = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await
            .doing("finding an account")?;
        let Some(row) = row else { return Ok(None) };
        let doing = "reading an account";
        let fields: AccountRow = (
            row.try_get(0).doing(doing)?,
            row.try_get(1).doing(doing)?,
            row.try_get(2).doing(doing)?,
            row.try_get(3).doing(doing)?,
            row.try_get(4).doing(doing)?,
            row.try_get(5).doing(doing)?,
            row.try_get(6).doing(doing)?,
            row.try_get(7).doing(doing)?,
            row.try_get(8).doing(doing)?,
        );
        let password: Option<String> = row.try_get(9).doing(doing)?;
        Ok(Some((account_of(fields)?, password)))
    }

    async fn agency_accounts(&self, agency: i64) -> Result<Vec<Account>, StoreError> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.agency_id = $1 ORDER BY a.role, a.name, a.id"
        );
        let rows: Vec<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(agency)
            .fetch_all(&self.pool)
            .await
            .doing("listing the agency's accounts")?;
        rows.into_iter().map(account_of).collect()
    }

    async fn assign(&self, candidate: &str, consultant: &str) -> Result<(), StoreError> {
        let changed = sqlx::query(
            "UPDATE accounts SET consultant_id = $2 WHERE id = $1 AND role = 'candidate' \
             AND agency_id = (SELECT agency_id FROM accounts WHERE id = $2 AND role = 'consultant')",
        )
        .bind(candidate)
        .bind(consultant)
        .execute(&self.pool)
        .await
        .doing("giving a candidate their consultant")?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::NoSuchAccount {
                id: format!("{candidate} or {consultant}"),
            });
        }
        Ok(())
    }

    async fn set_password(&self, account: &str, hash: &str) -> Result<(), StoreError> {
        let doing = "setting a password";
        let mut tx = self.pool.begin().await.doing(doing)?;
        let changed = sqlx::query("UPDATE accounts SET password = $2 WHERE id = $1")
            .bind(account)
            .bind(hash)
            .execute(&mut *tx)
            .await
            .doing(doing)?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NoSuchAccount {
                id: account.to_string(),
            });
        }
        // A new password ends the sign-ins made with the old one.
        sqlx::query("DELETE FROM tokens WHERE account_id = $1 AND kind = 'session'")
            .bind(account)
            .execute(&mut *tx)
            .await
            .doing(doing)?;
        tx.commit().await.doing(doing)
    }

    async fn add_token(
        &self,
        kind: TokenKind,
        hash: &str,
        account: &str,
        now: Timestamp,
        lifetime: jiff::SignedDuration,
    ) -> Result<(), StoreError> {
        let doing = "keeping a sign-in";
        let mut tx = self.pool.begin().await.doing(doing)?;
        if kind != TokenKind::Session {
            // One link of each kind at a time: a new invitation or reset voids the last.
            sqlx::query("DELETE FROM tokens WHERE account_id = $1 AND kind = $2")
                .bind(account)
                .bind(kind.as_str())
                .execute(&mut *tx)
                .await
                .doing(doing)?;
        }
        // Expired tokens of this account go as a new one comes.
        sqlx::query("DELETE FROM tokens WHERE account_id = $1 AND expires_utc <= $2")
            .bind(account)
            .bind(now.as_second())
            .execute(&mut *tx)
            .await
            .doing(doing)?;
        let seconds = lifetime.as_secs();
        sqlx::query(
            "INSERT INTO tokens (hash, kind, account_id, expires_utc, lifetime_seconds) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash)
        .bind(kind.as_str())
        .bind(account)
        .bind(now.as_second().saturating_add(seconds))
        .bind(seconds)
        .execute(&mut *tx)
        .await
        .doing(doing)?;
        tx.commit().await.doing(doing)
    }

    async fn take_token(
        &self,
        kind: TokenKind,
        hash: &str,
        now: Timestamp,
    ) -> Result<Option<Account>, StoreError> {
        // Deleted as it is read: of two who take it at once, one has it.
        let sql = format!(
            "WITH taken AS (DELETE FROM tokens WHERE hash = $1 AND kind = $2 AND expires_utc > $3 \
             RETURNING account_id) SELECT {ACCOUNT_COLUMNS} FROM accounts a JOIN taken t ON t.account_id = a.id"
        );
        let row: Option<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(hash)
            .bind(kind.as_str())
            .bind(now.as_second())
            .fetch_optional(&self.pool)
            .await
            .doing("taking a link")?;
        row.map(account_of).transpose()
    }

    async fn link_good(
        &self,
        kind: TokenKind,
        hash: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM tokens WHERE hash = $1 AND kind = $2 AND expires_utc > $3)",
        )
        .bind(hash)
        .bind(kind.as_str())
        .bind(now.as_second())
        .fetch_one(&self.pool)
        .await
        .doing("reading a link")
    }

    async fn session(&self, hash: &str, now: Timestamp) -> Result<Option<Account>, StoreError> {
        // The expiry slides on with use, written at most once a minute: most requests only
        // read, so sessions cost no write each.
        let sql = format!(
            "WITH live AS (SELECT account_id, expires_utc, lifetime_seconds FROM tokens \
             WHERE hash = $1 AND kind = 'session' AND expires_utc > $2), \
             slid AS (UPDATE tokens t SET expires_utc = $2 + t.lifetime_seconds FROM live \
             WHERE t.hash = $1 AND t.kind = 'session' \
             AND live.expires_utc < $2 + live.lifetime_seconds - {SLIDE_EVERY_SECONDS}) \
             SELECT {ACCOUNT_COLUMNS} FROM accounts a JOIN live u ON u.account_id = a.id"
        );
        let row: Option<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(hash)
            .bind(now.as_second())
            .fetch_optional(&self.pool)
            .await
            .doing("reading a sign-in")?;
        row.map(account_of).transpose()
    }

    async fn end_session(&self, hash: &str, everywhere: bool) -> Result<(), StoreError> {
        let sql = if everywhere {
            "DELETE FROM tokens WHERE kind = 'session' AND account_id = \
             (SELECT account_id FROM tokens WHERE hash = $1 AND kind = 'session')"
        } else {
            "DELETE FROM tokens WHERE kind = 'session' AND hash = $1"
        };
        sqlx::query(sql)
            .bind(hash)
            .execute(&self.pool)
            .await
            .doing("signing out")?;
        Ok(())
    }

    async fn count_sign_in(
        &self,
        email: &str,
        address: &str,
        at: Timestamp,
        since: Timestamp,
    ) -> Result<(i64, u32, u32), StoreError> {
        let doing = "counting a sign-in";
        // Written first, in its own statement, then counted with every other attempt already
        // written: of attempts racing on instances, the k-th written sees at least k.
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO failed_logins (email, address, at_utc) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(email.trim().to_lowercase())
        .bind(address)
        .bind(at.as_second())
        .fetch_one(&self.pool)
        .await
        .doing(doing)?;
        let (by_email, by_address): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM failed_logins WHERE email = $1 AND at_utc > $3), \
             (SELECT count(*) FROM failed_logins WHERE address = $2 AND at_utc > $3)",
        )
        .bind(email.trim().to_lowercase())
        .bind(address)
        .bind(since.as_second())
        .fetch_one(&self.pool)
        .await
        .doing(doing)?;
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok((id, count(by_email), count(by_address)))
    }

    async fn forget_sign_in(&self, attempt: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM failed_logins WHERE id = $1")
            .bind(attempt)
            .execute(&self.pool)
            .await
            .doing("forgetting a sign-in")?;
        Ok(())
    }

    async fn candidates_of(&self, consultant: &str) -> Result<Vec<Account>, StoreError> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.consultant_id = $1 ORDER BY a.name, a.id"
        );
        let rows: Vec<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(consultant)
            .fetch_all(&self.pool)
            .await
            .doing("listing a consultant's candidates")?;
        rows.into_iter().map(account_of).collect()
    }

    async fn agency_name(&self, agency: i64) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT name FROM agencies WHERE id = $1")
            .bind(agency)
            .fetch_optional(&self.pool)
            .await
            .doing("reading an agency's name")
    }

    async fn set_reminder(
        &self,
        account: &str,
        reminder: Option<(&str, Timestamp)>,
    ) -> Result<(), StoreError> {
        let (zone, next) = reminder.unzip();
        sqlx::query("UPDATE accounts SET reminder_zone = $1, next_reminder_utc = $2 WHERE id = $3")
            .bind(zone)
            .bind(next.map(Timestamp::as_millisecond))
            .bind(account)
            .execute(&self.pool)
            .await
            .doing("keeping the daily reminder")?;
        Ok(())
    }

    async fn due_reminders(
        &self,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<(Account, String, Timestamp)>, StoreError> {
        let doing = "reading the reminders due";
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, a.next_reminder_utc FROM accounts a \
             WHERE a.next_reminder_utc <= $1 AND a.password IS NOT NULL \
             ORDER BY a.next_reminder_utc, a.id LIMIT $2"
        );
        type DueRow = (
            String,
            i64,
            String,
            String,
            String,
            Option<String>,
            Option<i64>,
            bool,
            Option<String>,
            i64,
        );
        let rows: Vec<DueRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now.as_millisecond())
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .doing(doing)?;
        rows.into_iter()
            .map(
                |(id, agency, email, name, role, consultant, search, active, zone, next)| {
                    let row = (
                        id, agency, email, name, role, consultant, search, active, zone,
                    );
                    let account = account_of(row)?;
                    let next =
                        Timestamp::from_millisecond(next).map_err(|_| StoreError::Corrupt {
                            what: "the reminder's moment",
                            value: next.to_string(),
                        })?;
                    Ok((account.clone(), account.reminder.unwrap_or_default(), next))
                },
            )
            .collect()
    }

    async fn reminded(
        &self,
        account: &str,
        was: Timestamp,
        next: Timestamp,
    ) -> Result<bool, StoreError> {
        let moved = sqlx::query(
            "UPDATE accounts SET next_reminder_utc = $1 WHERE id = $2 AND next_reminder_utc = $3",
        )
        .bind(next.as_millisecond())
        .bind(account)
        .bind(was.as_millisecond())
        .execute(&self.pool)
        .await
        .doing("moving the daily reminder on")?
        .rows_affected();
        Ok(moved == 1)
    }
}
