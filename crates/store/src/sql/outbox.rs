// The outbox, written once for both backends like `common.rs` (and included after it).
//
// A message moves queued -> sending -> sent, each step its own transaction, committed before
// the next step begins: `sending` is on disk before the server hears a byte, so a worker that
// dies after the server's acceptance leaves `sending` behind, which becomes `uncertain` and is
// never sent again on its own. Only the user resolves an uncertain message.

use crate::{Outbox, Outgoing, Record, Resolution, Settlement};

impl Outbox for ThisStore {
    async fn queue(
        &self,
        application: Option<&Key>,
        message: &Message,
        once: bool,
    ) -> Result<bool, StoreError> {
        let doing = "queueing a message";
        let search = self.search;
        let mut tx = self.begin_write("starting to queue a message").await?;
        let app_id = match application {
            Some(key) => Some(lock_existing(&mut tx, search, key).await?),
            None => None,
        };
        let once_key = app_id.and(once_key(message)).filter(|_| once);
        if let (Some(app), Some(once)) = (app_id, &once_key)
            && let Some(refusal) = already_queued(&mut tx, app, once).await?
        {
            return Err(refusal);
        }
        let added = match insert_messages(&mut tx, search, &[(app_id, message)], once).await {
            Ok(n) => n == 1,
            // Another transaction queued the same action meanwhile (PostgreSQL, which lets two
            // writers run at once): the unique index refused this one. Say which letter won.
            Err(StoreError::Query {
                source: sqlx::Error::Database(e),
                ..
            }) if e.is_unique_violation() => {
                drop(tx);
                let (Some(app), Some(once)) = (app_id, &once_key) else {
                    return Err(StoreError::Changed {
                        what: format!("message <{}>", message.id),
                    });
                };
                let mut tx = self.begin(doing).await?;
                return Err(already_queued(&mut tx, app, once).await?.unwrap_or(
                    StoreError::AlreadyQueued {
                        id: String::new(),
                        state: "queued",
                    },
                ));
            }
            Err(e) => return Err(e),
        };
        if added && let Some(id) = app_id {
            replan(&mut tx, search, id).await?;
        }
        commit_change(tx, search, doing).await?;
        Ok(added)
    }

    async fn claim(
        &self,
        now: Timestamp,
        lease: jiff::SignedDuration,
        limit: usize,
    ) -> Result<Vec<Outgoing>, StoreError> {
        let doing = "taking messages from the outbox";
        let search = self.search;
        let mut tx = self.begin_write(doing).await?;
        let now_ms = now.as_millisecond();
        // A worker that took a message and never came back stopped mid-send: it may have arrived.
        let lost = sqlx::query(
            "UPDATE messages SET state = 'uncertain', error = $1 \
             WHERE search_id = $3 AND state = 'sending' AND claimed_utc < $2",
        )
        .bind(
            "the sending stopped before the server's answer was recorded: \
             it may have arrived; check your sent mail, then resolve it",
        )
        .bind(now_ms - i64::try_from(lease.as_millis()).unwrap_or(i64::MAX))
        .bind(search)
        .execute(&mut *tx)
        .await
        .doing(doing)?
        .rows_affected();
        // `AND state = 'queued'` again: of two workers that chose the same row, one takes it.
        let rows: Vec<(String,)> = sqlx::query_as(
            "UPDATE messages SET state = 'sending', claimed_utc = $1, attempts = attempts + 1 \
             WHERE search_id = $3 AND state = 'queued' AND id IN (SELECT id FROM messages \
             WHERE search_id = $3 AND state = 'queued' AND next_attempt_utc <= $1 \
             ORDER BY next_attempt_utc, queued_at, id LIMIT $2) RETURNING id",
        )
        .bind(now_ms)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(search)
        .fetch_all(&mut *tx)
        .await
        .doing(doing)?;
        let mut claimed = Vec::with_capacity(rows.len());
        for (id,) in rows {
            claimed.extend(load_message(&mut tx, search, &id).await?);
        }
        if lost > 0 || !claimed.is_empty() {
            commit_change(tx, search, doing).await?;
        } else {
            tx.commit().await.doing(doing)?;
        }
        claimed.sort_by(|a, b| {
            (a.message.queued_at.instant(), &a.message.id)
                .cmp(&(b.message.queued_at.instant(), &b.message.id))
        });
        Ok(claimed)
    }

    async fn settle(&self, taken: &Outgoing, how: Settlement) -> Result<(), StoreError> {
        let doing = "recording how a message went";
        let id = taken.message.id.as_str();
        let claim = taken.claim.ok_or_else(|| StoreError::CannotResolve {
            id: id.to_string(),
            state: taken.message.state.as_str(),
            how: "settled: no worker took it",
        })?;
        // The new state, when it was sent, the error, the next try, and whether the try counts.
        let (state, sent_at, error, next_attempt, untried) = match how {
            Settlement::Sent { at } => (MessageState::Sent, Some(at.to_string()), None, None, 0),
            Settlement::Retry { at, error } => (
                MessageState::Queued,
                None,
                Some(error),
                Some(at.as_millisecond()),
                0,
            ),
            Settlement::Failed { error } => (MessageState::Failed, None, Some(error), None, 0),
            Settlement::Uncertain { error } => {
                (MessageState::Uncertain, None, Some(error), None, 0)
            }
            // Not a byte reached a server: back in the queue, as if never taken.
            Settlement::Untried => (
                MessageState::Queued,
                None,
                taken.message.error.clone(),
                None,
                1,
            ),
        };
        let search = self.search;
        let mut tx = self.begin_write(doing).await?;
        // Only this worker's turn is settled. The server's acceptance is the one exception: it
        // is the truth even if the letter was meanwhile thought lost or queued again by the
        // user (who then need not send it twice); another worker's send is left alone.
        let app: Option<Option<i64>> = sqlx::query_scalar(
            "UPDATE messages SET state = $1, sent_at = COALESCE($2, sent_at), error = $3, \
             next_attempt_utc = COALESCE($4, next_attempt_utc), attempts = attempts - $5, claimed_utc = NULL \
             WHERE search_id = $8 AND id = $6 AND ((state = 'sending' AND claimed_utc = $7) \
             OR ($1 = 'sent' AND state IN ('uncertain', 'queued'))) RETURNING application_id",
        )
        .bind(state.as_str())
        .bind(sent_at)
        .bind(error)
        .bind(next_attempt)
        .bind(untried)
        .bind(id)
        .bind(claim)
        .bind(search)
        .fetch_optional(&mut *tx)
        .await
        .doing(doing)?;
        // A refusal for good reopens the action the letter was to do.
        if let Some(Some(app)) = app
            && !state.does_the_action()
        {
            replan(&mut tx, search, app).await?;
        }
        commit_change(tx, search, doing).await
    }

    async fn resolve(
        &self,
        id: &str,
        how: Resolution,
        now: Timestamp,
    ) -> Result<Outgoing, StoreError> {
        let doing = "resolving a message";
        let search = self.search;
        let mut tx = self.begin_write(doing).await?;
        let Some(found) = load_message(&mut tx, search, id).await? else {
            return Err(StoreError::NoSuchMessage { id: id.to_string() });
        };
        let state = found.message.state;
        let allowed = match how {
            Resolution::Sent => state == MessageState::Uncertain,
            Resolution::Resend => state.needs_the_user(),
            Resolution::Cancel => matches!(
                state,
                MessageState::Waiting
                    | MessageState::Queued
                    | MessageState::Failed
                    | MessageState::Uncertain
            ),
        };
        if !allowed {
            return Err(StoreError::CannotResolve {
                id: id.to_string(),
                state: state.as_str(),
                how: how.as_str(),
            });
        }
        let (new_state, sent_at) = match how {
            Resolution::Sent => (MessageState::Sent, Some(now.to_string())),
            Resolution::Resend => (MessageState::Queued, None),
            Resolution::Cancel => (MessageState::Cancelled, None),
        };
        let changed: Option<Option<i64>> = sqlx::query_scalar(
            "UPDATE messages SET state = $1, sent_at = $2, next_attempt_utc = $3, error = NULL, claimed_utc = NULL, \
             attempts = CASE WHEN $1 = 'queued' THEN 0 ELSE attempts END \
             WHERE search_id = $6 AND id = $4 AND state = $5 RETURNING application_id",
        )
        .bind(new_state.as_str())
        .bind(sent_at)
        .bind(now.as_millisecond())
        .bind(id)
        .bind(state.as_str())
        .bind(search)
        .fetch_optional(&mut *tx)
        .await
        .doing(doing)?;
        // A worker took it in between: say so rather than claim a change.
        let Some(app_id) = changed else {
            return Err(StoreError::CannotResolve {
                id: id.to_string(),
                state: "being sent",
                how: how.as_str(),
            });
        };
        if let Some(app) = app_id
            && state.does_the_action() != new_state.does_the_action()
        {
            replan(&mut tx, search, app).await?;
        }
        let resolved = load_message(&mut tx, search, id).await?;
        commit_change(tx, search, doing).await?;
        resolved.ok_or_else(|| StoreError::NoSuchMessage { id: id.to_string() })
    }

    async fn forward(&self, letter: &Message, now: Timestamp) -> Result<Outgoing, StoreError> {
        let doing = "forwarding a letter";
        let search = self.search;
        let id = letter.id.as_str();
        let mut tx = self.begin_write(doing).await?;
        // `AND state = 'waiting'`: of two consultants' clicks (or two tabs), one forwards it.
        let changed: Option<Option<i64>> = sqlx::query_scalar(
            "UPDATE messages SET state = 'queued', letter = $1, next_attempt_utc = $2, error = NULL \
             WHERE search_id = $3 AND id = $4 AND state = 'waiting' RETURNING application_id",
        )
        .bind(codec::json(&Message {
            state: MessageState::Queued,
            ..letter.clone()
        }))
        .bind(now.as_millisecond())
        .bind(search)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .doing(doing)?;
        let now_there = load_message(&mut tx, search, id).await?;
        let Some(found) = now_there else {
            return Err(StoreError::NoSuchMessage { id: id.to_string() });
        };
        if changed.is_none() {
            return Err(StoreError::CannotResolve {
                id: id.to_string(),
                state: found.message.state.as_str(),
                how: "forwarded",
            });
        }
        commit_change(tx, search, doing).await?;
        Ok(found)
    }

    async fn outbox(&self, all: bool) -> Result<Vec<Outgoing>, StoreError> {
        let mut tx = self.begin("starting to read the outbox").await?;
        let filter = if all {
            "FROM messages WHERE search_id = $1"
        } else {
            "FROM messages WHERE search_id = $1 \
             AND state IN ('waiting', 'queued', 'sending', 'failed', 'uncertain')"
        };
        let rows: Vec<MessageRow> = json_rows(
            &mut tx,
            self.search,
            MESSAGE_COLUMNS,
            "queued_at, id",
            filter,
            None,
            "reading the outbox",
        )
        .await?;
        tx.commit().await.doing("reading the outbox")?;
        rows.into_iter().map(outgoing).collect()
    }

    async fn message(&self, id: &str) -> Result<Option<Outgoing>, StoreError> {
        let mut tx = self.begin("starting to read a message").await?;
        let found = load_message(&mut tx, self.search, id).await?;
        tx.commit().await.doing("reading a message")?;
        Ok(found)
    }

    async fn record(&self, keys: &[Key]) -> Result<Vec<Record>, StoreError> {
        use sqlx::QueryBuilder;
        let doing = "reading the record";
        let mut records: Vec<Record> = keys
            .iter()
            .map(|key| Record {
                application: key.clone(),
                messages: Vec::new(),
                calls: Vec::new(),
            })
            .collect();
        let index: HashMap<String, usize> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.to_string(), i))
            .collect();
        let mut tx = self.begin(doing).await?;
        // Two statements for all the applications the agenda names, whatever their number.
        let mut qb = QueryBuilder::<Db>::new(format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE search_id = "
        ));
        qb.push_bind(self.search).push(" AND application_id IN ");
        application_ids(&mut qb, self.search, keys);
        qb.push(" ORDER BY queued_at, id");
        let rows: Vec<MessageRow> = qb.build_query_as().fetch_all(&mut *tx).await.doing(doing)?;
        for row in rows {
            let at = row.6.as_ref().and_then(|k| index.get(k)).copied();
            let (_, message) = message_of(row)?;
            if let Some(i) = at {
                records[i].messages.push(message);
            }
        }

        let mut qb = QueryBuilder::<Db>::new(
            "SELECT a.key, d.at, d.interview, d.recipient, d.note, d.outcome FROM done d \
             JOIN applications a ON a.id = d.application_id \
             WHERE d.search_id = ",
        );
        qb.push_bind(self.search)
            .push(" AND d.kind = 'status_check' AND NOT d.skipped AND d.application_id IN ");
        application_ids(&mut qb, self.search, keys);
        qb.push(" ORDER BY d.id");
        let calls: Vec<CallRow> = qb.build_query_as().fetch_all(&mut *tx).await.doing(doing)?;
        for (key, at, interview, to, note, outcome) in calls {
            let Some(&i) = index.get(&key) else { continue };
            records[i].calls.push(Done {
                interview: interview.map(codec::key).transpose()?,
                to,
                note,
                outcome: outcome
                    .map(|o| codec::word("call outcome", &o, followup_core::CallOutcome::parse))
                    .transpose()?,
                ..Done::new(codec::moment(&at)?, followup_core::ActionKind::StatusCheck)
            });
        }
        tx.commit().await.doing(doing)?;
        records.retain(|r| !r.messages.is_empty() || !r.calls.is_empty());
        Ok(records)
    }

    async fn next_due(&self) -> Result<Option<Timestamp>, StoreError> {
        let doing = "reading when the next message is due";
        let mut tx = self.begin(doing).await?;
        let next: Option<i64> = sqlx::query_scalar(
            "SELECT min(next_attempt_utc) FROM messages WHERE search_id = $1 AND state = 'queued'",
        )
        .bind(self.search)
        .fetch_one(&mut *tx)
        .await
        .doing(doing)?;
        tx.commit().await.doing(doing)?;
        Ok(next.and_then(|ms| Timestamp::from_millisecond(ms).ok()))
    }
}

/// A call in the record: the application's key, when, the interview, to whom, the note, how it went.
type CallRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn outgoing(row: MessageRow) -> Result<Outgoing, StoreError> {
    let (key, claim) = (row.6.clone(), row.7);
    let (_, message) = message_of(row)?;
    Ok(Outgoing {
        application: key.map(codec::key).transpose()?,
        claim: claim.filter(|_| message.state == MessageState::Sending),
        message,
    })
}

async fn load_message(
    conn: &mut Conn,
    search: i64,
    id: &str,
) -> Result<Option<Outgoing>, StoreError> {
    let sql = format!(
        "SELECT CAST({JSON_ARRAY}({MESSAGE_COLUMNS}) AS TEXT) FROM messages \
         WHERE search_id = $1 AND id = $2"
    );
    let text: Option<String> = sqlx::query_scalar::<Db, String>(sqlx::AssertSqlSafe(sql))
        .bind(search)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .doing("reading a message")?;
    text.map(|t| outgoing(codec::from_json("message", &t)?))
        .transpose()
}

/// The letter already doing this action, as the refusal to queue another.
async fn already_queued(
    conn: &mut Conn,
    app_id: i64,
    once: &str,
) -> Result<Option<StoreError>, StoreError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT id, state FROM messages WHERE application_id = $1 AND once_key = $2 \
         AND state IN ('waiting', 'queued', 'sending', 'sent', 'uncertain')",
    )
    .bind(app_id)
    .bind(once)
    .fetch_optional(&mut *conn)
    .await
    .doing("looking for the letter of this action")?;
    row.map(|(id, state)| {
        Ok(StoreError::AlreadyQueued {
            id,
            state: codec::word("message state", &state, MessageState::parse)?.as_str(),
        })
    })
    .transpose()
}

/// Derives one application's programme again, after a message's change of state changed
/// whether its action is done.
async fn replan(conn: &mut Conn, search: i64, app_id: i64) -> Result<(), StoreError> {
    // Locked before it is read, so the plan is made from what another transaction wrote last.
    if !LOCK_ROWS.is_empty() {
        let sql = format!("SELECT id FROM applications WHERE id = $1{LOCK_ROWS}");
        sqlx::query::<Db>(sqlx::AssertSqlSafe(sql))
            .bind(app_id)
            .execute(&mut *conn)
            .await
            .doing("keeping the programme")?;
    }
    let apps = load_applications(conn, search, Some(app_id)).await?;
    let refs: Vec<(i64, &Application)> = apps.iter().map(|(id, app)| (*id, app)).collect();
    refresh_plans(conn, search, &refs).await
}
