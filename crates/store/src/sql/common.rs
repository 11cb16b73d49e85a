// The queries of both backends, written once. `sqlite.rs` and `postgres.rs` include this file
// after defining `Db` (the sqlx database), `Conn` (its connection) and `ThisStore` (the store
// holding a `pool`), so the same SQL runs on both; parameters are `$1, $2, ...` in order.

use std::collections::{BTreeMap, HashMap};

use followup_core::capture::{MergeOutcome, merge_application, merge_profile, merge_settings};
use followup_core::programme::{
    Action, ActionState, AppFacts, Channel, Context, Others, Prefixes, RULES_VERSION, Recipient,
    action_id, by_urgency, facts, plan_application,
};
use followup_core::{
    Agency, Application, Debrief, Done, Event, Format, Interview, Interviewer, JobSearch, Key,
    Message, MessageState, NextSteps, Person, Profile, Settings, Stage,
};
use jiff::Timestamp;
use sqlx::Row;

use crate::codec::{self, DebriefLists};
use crate::{
    ApplicationSummary, ImportReport, ListedAction, ProgrammeView, Reading, SearchId, Store,
};

impl Store for ThisStore {
    async fn export(&self) -> Result<JobSearch, StoreError> {
        let search = self.search;
        let mut tx = self.begin("starting an export").await?;
        let (profile, settings) = load_profile(&mut tx, search).await?;
        let applications = load_applications(&mut tx, search, None).await?;
        tx.commit().await.doing("finishing an export")?;
        Ok(JobSearch {
            profile,
            settings,
            applications: applications.into_iter().map(|(_, app)| app).collect(),
            ..JobSearch::default()
        })
    }

    async fn import(&self, doc: &JobSearch) -> Result<ImportReport, StoreError> {
        let search = self.search;
        let mut tx = self.begin_write("starting an import").await?;
        if !LOCK_ROWS.is_empty() {
            // What is merged is read under lock: an event added meanwhile is not rewritten away.
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT id FROM applications WHERE search_id = $1 ORDER BY id{LOCK_ROWS}"
            )))
            .bind(search)
            .execute(&mut *tx)
            .await
            .doing("starting an import")?;
        }
        let report = import_in(&mut tx, search, doc).await?;
        commit_change(tx, search, "finishing an import").await?;
        self.analyze_after(&report).await?;
        Ok(report)
    }

    async fn own_files(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let doing = "reading the user's own files";
        let mut tx = self.begin(doing).await?;
        let files = sqlx::query_as::<_, (String, String)>(
            "SELECT name, body FROM own_files WHERE search_id = $1",
        )
        .bind(self.search)
        .fetch_all(&mut *tx)
        .await
        .doing(doing)?;
        tx.commit().await.doing(doing)?;
        Ok(files.into_iter().collect())
    }

    async fn say(&self, token: &str, text: &str, at: Timestamp) -> Result<(), StoreError> {
        let doing = "keeping a message for the next page";
        let mut tx = self.begin_write(doing).await?;
        sqlx::query("DELETE FROM said WHERE search_id = $1 AND at_utc < $2")
            .bind(self.search)
            .bind(at.as_second() - 3600)
            .execute(&mut *tx)
            .await
            .doing(doing)?;
        sqlx::query("INSERT INTO said (search_id, token, text, at_utc) VALUES ($1, $2, $3, $4)")
            .bind(self.search)
            .bind(token)
            .bind(text)
            .bind(at.as_second())
            .execute(&mut *tx)
            .await
            .doing(doing)?;
        // Nothing a page shows has changed: the revision stays.
        tx.commit().await.doing(doing)
    }

    async fn said(&self, token: &str) -> Result<Option<String>, StoreError> {
        let doing = "reading a message for this page";
        let mut tx = self.begin(doing).await?;
        let text = sqlx::query_scalar("SELECT text FROM said WHERE search_id = $1 AND token = $2")
            .bind(self.search)
            .bind(token)
            .fetch_optional(&mut *tx)
            .await
            .doing(doing)?;
        tx.commit().await.doing(doing)?;
        Ok(text)
    }

    async fn own_file(&self, name: &str) -> Result<Option<String>, StoreError> {
        let doing = "reading the user's own file";
        let mut tx = self.begin(doing).await?;
        let body =
            sqlx::query_scalar("SELECT body FROM own_files WHERE search_id = $1 AND name = $2")
                .bind(self.search)
                .bind(name)
                .fetch_optional(&mut *tx)
                .await
                .doing(doing)?;
        tx.commit().await.doing(doing)?;
        Ok(body)
    }

    async fn save_own_file(&self, name: &str, body: Option<&str>) -> Result<(), StoreError> {
        let doing = "saving the user's own file";
        let mut tx = self.begin_write(doing).await?;
        // The revision's row first, as every write that ends by counting the change: two
        // writers then queue on one row rather than deadlock on two.
        lock_revision(&mut tx, self.search, doing).await?;
        write_own_file(&mut tx, self.search, name, body).await?;
        commit_change(tx, self.search, doing).await
    }

    async fn move_in(
        &self,
        doc: &JobSearch,
        own_files: &BTreeMap<String, String>,
    ) -> Result<ImportReport, StoreError> {
        let search = self.search;
        let doing = "moving a job search in";
        let mut tx = self.begin_write(doing).await?;
        // Two moves into one search take turns here; the second finds the first's rows.
        lock_revision(&mut tx, search, doing).await?;
        // A calendar address made in the account is no job search to overwrite.
        let (applications, files): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM applications WHERE search_id = $1), \
             (SELECT count(*) FROM own_files WHERE search_id = $1 AND name <> 'calendar-token')",
        )
        .bind(search)
        .fetch_one(&mut *tx)
        .await
        .doing(doing)?;
        if applications > 0 || files > 0 {
            return Err(StoreError::NotEmpty {
                applications,
                files,
            });
        }
        let report = import_in(&mut tx, search, doc).await?;
        for (name, body) in own_files {
            write_own_file(&mut tx, search, name, Some(body)).await?;
        }
        commit_change(tx, search, doing).await?;
        self.analyze_after(&report).await?;
        Ok(report)
    }

    async fn summaries(&self) -> Result<Vec<ApplicationSummary>, StoreError> {
        let doing = "listing the applications";
        let mut tx = self.begin(doing).await?;
        type SummaryRow = (
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<String>,
            Option<String>,
            i64,
        );
        let rows: Vec<SummaryRow> = json_rows(
            &mut tx,
            self.search,
            "a.key, a.company, a.role, a.department, a.applied_on, a.interest, a.agency_name, a.stage_now, \
             (SELECT count(*) FROM interviews i WHERE i.application_id = a.id)",
            "a.id",
            "FROM applications a WHERE a.search_id = $1",
            None,
            doing,
        )
        .await?;
        tx.commit().await.doing(doing)?;
        rows.into_iter()
            .map(
                |(
                    key,
                    company,
                    role,
                    department,
                    applied_on,
                    interest,
                    agency,
                    stage,
                    interviews,
                )| {
                    Ok(ApplicationSummary {
                        key: codec::key(key)?,
                        company,
                        role,
                        department,
                        applied_on: codec::opt_date(applied_on)?,
                        interest: interest.and_then(|i| u8::try_from(i).ok()),
                        agency,
                        stage: stage
                            .map(|s| codec::word("stage", &s, Stage::parse))
                            .transpose()?
                            .unwrap_or(Stage::Applied),
                        interviews: usize::try_from(interviews).unwrap_or_default(),
                    })
                },
            )
            .collect()
    }

    async fn application(&self, key: &Key) -> Result<Option<Application>, StoreError> {
        let search = self.search;
        let mut tx = self.begin("starting to read an application").await?;
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM applications WHERE search_id = $1 AND key = $2")
                .bind(search)
                .bind(key.as_str())
                .fetch_optional(&mut *tx)
                .await
                .doing("finding an application")?;
        let app = match id {
            Some(id) => load_applications(&mut tx, search, Some(id))
                .await?
                .pop()
                .map(|(_, app)| app),
            None => None,
        };
        tx.commit()
            .await
            .doing("finishing reading an application")?;
        Ok(app)
    }

    async fn save_application(
        &self,
        app: &Application,
        base: Option<&str>,
    ) -> Result<(), StoreError> {
        let doing = "saving an application";
        let search = self.search;
        let mut tx = self.begin_write(doing).await?;
        let acceptances = load_acceptances(&mut tx, search).await?;
        let id = match (lock_application(&mut tx, search, &app.key).await?, base) {
            (None, None) => {
                let written = write_applications(&mut tx, search, &[app], Write::New).await?;
                written[0].0
            }
            (Some(id), Some(base)) => {
                let kept = load_one(&mut tx, search, id).await?;
                if kept.version() != base {
                    return Err(StoreError::Changed {
                        what: format!("application {}", app.key),
                    });
                }
                write_applications(&mut tx, search, &[app], Write::Edited).await?;
                id
            }
            (Some(_), None) => {
                return Err(StoreError::Changed {
                    what: format!("application {} (it exists already)", app.key),
                });
            }
            (None, Some(_)) => {
                return Err(StoreError::NoSuchApplication {
                    key: app.key.to_string(),
                });
            }
        };
        settle_application(&mut tx, search, id, &acceptances).await?;
        commit_change(tx, search, doing).await
    }

    async fn save_debrief(
        &self,
        application: &Key,
        interview: &Interview,
        base: &str,
    ) -> Result<(), StoreError> {
        let doing = "saving a debrief";
        let search = self.search;
        let mut tx = self.begin_write(doing).await?;
        let acceptances = load_acceptances(&mut tx, search).await?;
        let id = lock_existing(&mut tx, search, application).await?;
        let mut kept = load_one(&mut tx, search, id).await?;
        let what = || StoreError::Changed {
            what: format!("the debrief of {application} {}", interview.key),
        };
        let slot = kept
            .interviews
            .iter_mut()
            .find(|i| i.key == interview.key)
            .ok_or_else(what)?;
        if slot.debrief_version() != base {
            return Err(what());
        }
        slot.interviewers = interview.interviewers.clone();
        slot.debrief = interview.debrief.clone();
        write_applications(&mut tx, search, &[&kept], Write::Edited).await?;
        settle_application(&mut tx, search, id, &acceptances).await?;
        commit_change(tx, search, doing).await
    }

    async fn add_event(&self, application: &Key, event: &Event) -> Result<(), StoreError> {
        self.add_events(application, std::slice::from_ref(event), None)
            .await
    }

    async fn add_events(
        &self,
        application: &Key,
        events: &[Event],
        seen: Option<usize>,
    ) -> Result<(), StoreError> {
        let doing = "recording an event";
        let search = self.search;
        let mut tx = self.begin_write(doing).await?;
        let acceptances = load_acceptances(&mut tx, search).await?;
        let id = lock_existing(&mut tx, search, application).await?;
        if let Some(seen) = seen {
            let kept: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM events WHERE search_id = $1 AND application_id = $2",
            )
            .bind(search)
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .doing(doing)?;
            if usize::try_from(kept).ok() != Some(seen) {
                return Err(StoreError::Changed {
                    what: format!("{application}'s events"),
                });
            }
        }
        let rows: Vec<(i64, &Event)> = events.iter().map(|e| (id, e)).collect();
        insert_events(&mut tx, search, &rows).await?;
        settle_application(&mut tx, search, id, &acceptances).await?;
        commit_change(tx, search, doing).await
    }

    async fn add_done(
        &self,
        application: &Key,
        done: &Done,
        reply: Option<&Event>,
    ) -> Result<(), StoreError> {
        let doing = "recording an action done";
        let search = self.search;
        let mut tx = self.begin_write(doing).await?;
        let acceptances = load_acceptances(&mut tx, search).await?;
        let id = lock_existing(&mut tx, search, application).await?;
        if let Some(event) = reply {
            insert_events(&mut tx, search, &[(id, event)]).await?;
        }
        insert_done(&mut tx, search, &[(id, done)]).await?;
        settle_application(&mut tx, search, id, &acceptances).await?;
        commit_change(tx, search, doing).await
    }

    async fn profile(&self) -> Result<(Profile, Settings), StoreError> {
        let mut tx = self.begin("starting to read the profile").await?;
        let kept = load_profile(&mut tx, self.search).await?;
        tx.commit().await.doing("reading the profile")?;
        Ok(kept)
    }

    async fn save_profile(
        &self,
        profile: &Profile,
        settings: &Settings,
        base: &str,
    ) -> Result<(), StoreError> {
        let doing = "saving the profile";
        let search = self.search;
        let mut tx = self.begin_write(doing).await?;
        // Two instances saving the profile take turns; the second then sees the first.
        lock_revision(&mut tx, search, doing).await?;
        let before = load_profile(&mut tx, search).await?;
        if followup_core::profile_version(&before.0, &before.1) != base {
            return Err(StoreError::Changed {
                what: "the profile and settings".into(),
            });
        }
        save_profile(&mut tx, search, profile, settings).await?;
        if changes_plans(&before, (profile, settings)) {
            refresh_all_plans(&mut tx, search).await?;
        }
        commit_change(tx, search, doing).await
    }

    async fn programme(&self, reading: Reading) -> Result<ProgrammeView, StoreError> {
        self.programme_view(Listing::Reading(reading)).await
    }

    async fn programme_groups(
        &self,
        now: Timestamp,
        bounds: [Timestamp; 3],
        limit: usize,
    ) -> Result<ProgrammeView, StoreError> {
        self.programme_view(Listing::Groups { now, bounds, limit })
            .await
    }

    async fn open_actions(&self, applications: &[Key]) -> Result<Vec<ListedAction>, StoreError> {
        let mut tx = self.begin("starting to read the open actions").await?;
        let actions = load_actions(&mut tx, self.search, Which::Of(applications)).await?;
        tx.commit().await.doing("reading the open actions")?;
        Ok(actions)
    }

    async fn revision(&self) -> Result<i64, StoreError> {
        let doing = "reading the revision";
        let mut tx = self.begin(doing).await?;
        let n = sqlx::query_scalar("SELECT n FROM revision WHERE search_id = $1")
            .bind(self.search)
            .fetch_one(&mut *tx)
            .await
            .doing(doing)?;
        tx.commit().await.doing(doing)?;
        Ok(n)
    }

    fn search(&self) -> SearchId {
        SearchId(self.search)
    }

    fn for_search(&self, search: SearchId) -> Self {
        ThisStore {
            search: search.0,
            ..self.clone()
        }
    }

    async fn create_search(&self, at: Timestamp) -> Result<SearchId, StoreError> {
        let doing = "starting a new job search";
        let mut tx = self.pool.begin().await.doing(doing)?;
        let id = new_search(&mut tx, at).await?;
        tx.commit().await.doing(doing)?;
        Ok(SearchId(id))
    }
}

/// Merges a document into the search `tx` works in, as [`Store::import`] does.
async fn import_in(
    tx: &mut Conn,
    search: i64,
    doc: &JobSearch,
) -> Result<ImportReport, StoreError> {
    let mut report = ImportReport::default();
    let (mut profile, mut settings) = load_profile(&mut *tx, search).await?;
    let before = (profile.clone(), settings.clone());
    merge_profile(&mut profile, &doc.profile);
    merge_settings(&mut settings, &doc.settings);
    let mut replan_all = false;
    if before != (profile.clone(), settings.clone()) {
        save_profile(&mut *tx, search, &profile, &settings).await?;
        report.profile_changed = true;
        replan_all = changes_plans(&before, (&profile, &settings));
    }
    let acceptances = load_acceptances(&mut *tx, search).await?;

    let existing: HashMap<String, i64> =
        sqlx::query("SELECT key, id FROM applications WHERE search_id = $1")
            .bind(search)
            .fetch_all(&mut *tx)
            .await
            .doing("reading the applications' keys")?
            .into_iter()
            .map(|row| Ok((row.try_get("key")?, row.try_get("id")?)))
            .collect::<Result<_, sqlx::Error>>()
            .doing("reading the applications' keys")?;
    // Existing applications are merged one by one; new ones are written in bulk.
    let touched = doc
        .applications
        .iter()
        .filter(|a| existing.contains_key(a.key.as_str()))
        .count();
    let mut kept_all: HashMap<String, Application> = if touched > BULK_LOAD_ABOVE {
        load_applications(&mut *tx, search, None)
            .await?
            .into_iter()
            .map(|(_, app)| (app.key.to_string(), app))
            .collect()
    } else {
        HashMap::new()
    };
    let mut new = Vec::new();
    let mut updated = Vec::new();
    for incoming in &doc.applications {
        let Some(&id) = existing.get(incoming.key.as_str()) else {
            report.added += 1;
            new.push(incoming);
            continue;
        };
        let kept = match kept_all.remove(incoming.key.as_str()) {
            Some(app) => Some(app),
            None => load_applications(&mut *tx, search, Some(id))
                .await?
                .pop()
                .map(|(_, app)| app),
        };
        let (merged, outcome) = merge_application(kept.as_ref(), incoming);
        if outcome == MergeOutcome::Unchanged {
            report.unchanged += 1;
            continue;
        }
        report.updated += 1;
        updated.push(merged);
    }
    let mut written = Vec::with_capacity(updated.len() + new.len());
    for chunk in updated.iter().collect::<Vec<_>>().chunks(BULK_CHUNK) {
        written.extend(write_applications(&mut *tx, search, chunk, Write::Merged).await?);
    }
    for chunk in new.chunks(BULK_CHUNK) {
        written.extend(write_applications(&mut *tx, search, chunk, Write::New).await?);
    }
    // A new time zone or new holidays reach the applications kept before; the ones
    // written now are planned anyway.
    let replan_kept = replan_all && !existing.is_empty();
    if replan_kept || load_acceptances(&mut *tx, search).await? != acceptances {
        refresh_all_plans(&mut *tx, search).await?;
    } else {
        refresh_plans(&mut *tx, search, &written).await?;
    }
    Ok(report)
}

/// Takes the search's revision row for this transaction (PostgreSQL; SQLite's writes take
/// the whole database at BEGIN): writers that will count a change take turns from the start.
async fn lock_revision(
    conn: &mut Conn,
    search: i64,
    doing: &'static str,
) -> Result<(), StoreError> {
    if !LOCK_ROWS.is_empty() {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT n FROM revision WHERE search_id = $1{LOCK_ROWS}"
        )))
        .bind(search)
        .execute(&mut *conn)
        .await
        .doing(doing)?;
    }
    Ok(())
}

/// Keeps (or, with none, forgets) one of the user's own files in `search`.
async fn write_own_file(
    conn: &mut Conn,
    search: i64,
    name: &str,
    body: Option<&str>,
) -> Result<(), StoreError> {
    let doing = "saving the user's own file";
    match body {
        Some(body) => sqlx::query(
            "INSERT INTO own_files (search_id, name, body) VALUES ($1, $2, $3) \
             ON CONFLICT (search_id, name) DO UPDATE SET body = excluded.body",
        )
        .bind(search)
        .bind(name)
        .bind(body),
        None => sqlx::query("DELETE FROM own_files WHERE search_id = $1 AND name = $2")
            .bind(search)
            .bind(name),
    }
    .execute(&mut *conn)
    .await
    .doing(doing)?;
    Ok(())
}

/// Starts a job search inside `tx`, which then works in it: the row and its revision.
async fn new_search(tx: &mut Conn, at: Timestamp) -> Result<i64, StoreError> {
    let doing = "starting a new job search";
    let id: i64 = sqlx::query_scalar("INSERT INTO searches (created_at) VALUES ($1) RETURNING id")
        .bind(at.to_string())
        .fetch_one(&mut *tx)
        .await
        .doing(doing)?;
    enter_search(tx, id).await?;
    sqlx::query("INSERT INTO revision (search_id, n) VALUES ($1, 0)")
        .bind(id)
        .execute(&mut *tx)
        .await
        .doing(doing)?;
    Ok(id)
}

/// Which open actions [`ThisStore::programme_view`] reads.
enum Listing {
    Reading(Reading),
    Groups {
        now: Timestamp,
        bounds: [Timestamp; 3],
        limit: usize,
    },
}

impl ThisStore {
    /// Fresh statistics after a large import, so the planner does not guess from an empty
    /// database.
    async fn analyze_after(&self, report: &ImportReport) -> Result<(), StoreError> {
        if report.added + report.updated > ANALYZE_ABOVE {
            sqlx::query("ANALYZE")
                .execute(&self.pool)
                .await
                .doing("updating the statistics")?;
        }
        Ok(())
    }

    /// A transaction in this store's search: on PostgreSQL, the rows row-level security lets
    /// it see are that search's alone.
    async fn begin(
        &self,
        doing: &'static str,
    ) -> Result<sqlx::Transaction<'static, Db>, StoreError> {
        let mut tx = self.pool.begin().await.doing(doing)?;
        enter_search(&mut tx, self.search).await?;
        Ok(tx)
    }

    /// [`ThisStore::begin`] for a transaction that will write (`BEGIN_WRITE`).
    async fn begin_write(
        &self,
        doing: &'static str,
    ) -> Result<sqlx::Transaction<'static, Db>, StoreError> {
        let mut tx = self.pool.begin_with(BEGIN_WRITE).await.doing(doing)?;
        enter_search(&mut tx, self.search).await?;
        Ok(tx)
    }

    async fn programme_view(&self, listing: Listing) -> Result<ProgrammeView, StoreError> {
        let search = self.search;
        let mut tx = self.begin("starting to read the programme").await?;
        let (profile, settings) = load_profile(&mut tx, search).await?;
        let mut counts = Vec::new();
        let actions = match listing {
            Listing::Reading(reading) => {
                load_actions(&mut tx, search, Which::Reading(reading)).await?
            }
            Listing::Groups { now, bounds, limit } => {
                let mut actions = Vec::new();
                let edges: Vec<Option<Timestamp>> = std::iter::once(None)
                    .chain(bounds.iter().copied().map(Some))
                    .chain(std::iter::once(None))
                    .collect();
                for span in edges.windows(2) {
                    let due = (span[0], span[1]);
                    let which = Which::Due { now, due, limit };
                    actions.extend(load_actions(&mut tx, search, which).await?);
                }
                counts = count_due(&mut tx, search, now, bounds).await?;
                actions.sort_by(|a, b| by_urgency(&a.action, &b.action));
                actions
            }
        };
        let doing = "reading the active applications";
        let active: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM applications \
             WHERE search_id = $1 AND stage_now IN ('applied', 'interviewing', 'offered')",
        )
        .bind(search)
        .fetch_one(&mut *tx)
        .await
        .doing(doing)?;
        let active = usize::try_from(active).unwrap_or_default();
        let mut view = ProgrammeView {
            profile,
            settings,
            actions,
            counts,
            active,
            ..ProgrammeView::default()
        };
        // Only a search with few active applications needs the rule that looks across them.
        if active < view.settings.programme.keep_searching_below as usize {
            type FactsRow = (
                String,
                Option<String>,
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
            );
            let rows: Vec<FactsRow> = json_rows(
                &mut tx,
                search,
                "key, short, company, stage_now, timezone, latest_end, accepted_at, stage_since",
                "id",
                "FROM applications \
                 WHERE search_id = $1 AND stage_now IN ('applied', 'interviewing', 'offered')",
                None,
                doing,
            )
            .await?;
            for (key, short, company, stage, timezone, latest_end, accepted_at, stage_since) in rows
            {
                let key = codec::key(key)?;
                let facts = AppFacts {
                    stage: stage
                        .map(|s| codec::word("stage", &s, Stage::parse))
                        .transpose()?
                        .unwrap_or(Stage::Applied),
                    timezone: codec::opt_zone(timezone)?,
                    latest_end: latest_end.as_deref().map(codec::timestamp).transpose()?,
                    accepted_at: accepted_at.as_deref().map(codec::timestamp).transpose()?,
                    stage_since: stage_since.as_deref().map(codec::timestamp).transpose()?,
                    key: key.clone(),
                };
                let short = short.unwrap_or_else(|| key.to_string());
                view.few_active.push((facts, short, company));
            }
            // Timestamps are kept in UTC ("...Z"), so their text sorts as they do.
            let latest_end: Option<String> = sqlx::query_scalar(
                "SELECT max(stage_since) FROM applications \
                 WHERE search_id = $1 AND stage_now NOT IN ('applied', 'interviewing', 'offered')",
            )
            .bind(search)
            .fetch_one(&mut *tx)
            .await
            .doing(doing)?;
            let accepted: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM applications WHERE search_id = $1 AND stage_now = 'accepted'",
            )
            .bind(search)
            .fetch_one(&mut *tx)
            .await
            .doing(doing)?;
            view.others = Others {
                latest_end: latest_end.as_deref().map(codec::timestamp).transpose()?,
                accepted: accepted > 0,
            };
            let marks: Vec<(String, Option<String>, i64)> = json_rows(
                &mut tx,
                search,
                "at, recipient, CASE WHEN skipped THEN 1 ELSE 0 END",
                "id",
                "FROM done WHERE search_id = $1 AND kind = 'keep_searching'",
                None,
                doing,
            )
            .await?;
            for (at, to, skipped) in marks {
                view.searched.push(Done {
                    to,
                    skipped: skipped != 0,
                    ..Done::new(
                        codec::moment(&at)?,
                        followup_core::ActionKind::KeepSearching,
                    )
                });
            }
        }
        tx.commit().await.doing("finishing reading the programme")?;
        Ok(view)
    }
}

async fn load_profile(conn: &mut Conn, search: i64) -> Result<(Profile, Settings), StoreError> {
    let doing = "reading the profile";
    let Some(row) = sqlx::query(
        "SELECT name, email, phone, language, timezone, signature, settings FROM profile \
         WHERE search_id = $1",
    )
    .bind(search)
    .fetch_optional(&mut *conn)
    .await
    .doing(doing)?
    else {
        return Ok((Profile::default(), Settings::default()));
    };
    let language: Option<String> = row.try_get("language").doing(doing)?;
    let profile = Profile {
        name: row.try_get("name").doing(doing)?,
        email: row.try_get("email").doing(doing)?,
        phone: row.try_get("phone").doing(doing)?,
        language: language
            .map(|l| codec::word("language", &l, followup_core::Language::parse))
            .transpose()?,
        timezone: codec::opt_zone(row.try_get("timezone").doing(doing)?)?,
        signature: row.try_get("signature").doing(doing)?,
    };
    let settings: String = row.try_get("settings").doing(doing)?;
    Ok((profile, codec::from_json("settings", &settings)?))
}

async fn save_profile(
    conn: &mut Conn,
    search: i64,
    profile: &Profile,
    settings: &Settings,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO profile (search_id, name, email, phone, language, timezone, signature, settings) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (search_id) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone, \
         language = excluded.language, timezone = excluded.timezone, signature = excluded.signature, \
         settings = excluded.settings",
    )
    .bind(search)
    .bind(&profile.name)
    .bind(&profile.email)
    .bind(&profile.phone)
    .bind(profile.language.map(|l| l.as_str()))
    .bind(profile.timezone.as_ref().map(|z| z.as_str()))
    .bind(&profile.signature)
    .bind(codec::json(settings))
    .execute(&mut *conn)
    .await
    .doing("saving the profile")?;
    Ok(())
}

/// Fetches many rows as one JSON array in a single row. sqlx hands SQLite's rows over one at a
/// time between threads, which costs more than the query itself for thousands of rows; one
/// aggregated value costs one hand-over. `JSON_ARRAY` and `JSON_GROUP` name each backend's functions.
/// `from` names the search as `$1` and the one row wanted, if any, as `$2`.
async fn json_rows<T: serde::de::DeserializeOwned>(
    conn: &mut Conn,
    search: i64,
    columns: &str,
    order: &str,
    from: &str,
    only: Option<i64>,
    doing: &'static str,
) -> Result<Vec<T>, StoreError> {
    // Only fixed fragments go into this string; values are bound.
    let sql = format!(
        "SELECT CAST({JSON_GROUP}({JSON_ARRAY}({columns}) ORDER BY {order}) AS TEXT) {from}"
    );
    let query = sqlx::query_scalar::<Db, Option<String>>(sqlx::AssertSqlSafe(sql)).bind(search);
    let query = match only {
        Some(id) => query.bind(id),
        None => query,
    };
    match query.fetch_one(&mut *conn).await.doing(doing)? {
        Some(text) => codec::from_json("row", &text),
        None => Ok(Vec::new()),
    }
}

/// Loads applications with everything under them: all of them, or the one with this id.
async fn load_applications(
    conn: &mut Conn,
    search: i64,
    only: Option<i64>,
) -> Result<Vec<(i64, Application)>, StoreError> {
    let doing = "reading applications";
    // The rows of the search (`search` the table's column), or of the one application.
    let filter = |search: &str, column: &str| match only {
        Some(_) => format!("WHERE {search} = $1 AND {column} = $2"),
        None => format!("WHERE {search} = $1"),
    };

    type AppRow = (
        i64,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<AppRow> = json_rows(
        conn,
        search,
        "a.id, a.key, a.company, a.department, a.role, a.applied_on, a.interest, a.timezone, a.agency_name, \
         a.expectations, a.stage, p.name, p.title, p.email, p.phone",
        "a.id",
        &format!(
            "FROM applications a LEFT JOIN people p ON p.id = a.consultant_id {}",
            filter("a.search_id", "a.id")
        ),
        only,
        doing,
    )
    .await?;
    let mut apps: Vec<(i64, Application)> = Vec::with_capacity(rows.len());
    let mut index: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
    for row in rows {
        let (
            id,
            key,
            company,
            department,
            role,
            applied_on,
            interest,
            timezone,
            agency,
            expectations,
            stage,
        ) = (
            row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10,
        );
        let mut app = Application::new(codec::key(key)?, &company, &role);
        app.department = department;
        app.applied_on = codec::opt_date(applied_on)?;
        app.interest = interest
            .map(|i| {
                followup_core::Interest::new(i).map_err(|value| StoreError::Corrupt {
                    what: "interest",
                    value,
                })
            })
            .transpose()?;
        app.timezone = codec::opt_zone(timezone)?;
        app.agency = agency.map(|name| Agency {
            name,
            consultant: row.11.map(|name| Person {
                name,
                title: row.12,
                email: row.13,
                phone: row.14,
            }),
        });
        app.expectations = expectations
            .map(|e| codec::from_json("expectations", &e))
            .transpose()?;
        app.stage = stage
            .map(|s| codec::word("stage", &s, Stage::parse))
            .transpose()?;
        index.insert(id, apps.len());
        apps.push((id, app));
    }
    if apps.is_empty() {
        return Ok(apps);
    }

    type InterviewRow = (
        i64,
        i64,
        String,
        Option<i64>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<InterviewRow> = json_rows(
        conn,
        search,
        "i.id, i.application_id, i.key, i.round, i.starts_at, i.ends_at, i.format, i.location",
        "i.id",
        &format!(
            "FROM interviews i {}",
            filter("i.search_id", "i.application_id")
        ),
        only,
        doing,
    )
    .await?;
    let mut interviews: HashMap<i64, (usize, usize)> = HashMap::with_capacity(rows.len());
    for (id, app_id, key, round, starts_at, ends_at, format, location) in rows {
        let interview = Interview {
            key: codec::key(key)?,
            round: round.and_then(|r| u32::try_from(r).ok()),
            starts_at: codec::moment(&starts_at)?,
            ends_at: codec::opt_moment(ends_at)?,
            format: format
                .map(|f| codec::word("format", &f, Format::parse))
                .transpose()?,
            location,
            interviewers: Vec::new(),
            debrief: None,
        };
        let Some(&a) = index.get(&app_id) else {
            continue;
        };
        let list = &mut apps[a].1.interviews;
        interviews.insert(id, (a, list.len()));
        list.push(interview);
    }

    type DebriefRow = (
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<DebriefRow> = json_rows(
        conn,
        search,
        "d.interview_id, d.written_at, d.job_details, d.company_notes, d.tone, d.lists, \
         CASE WHEN d.still_interested IS NULL THEN NULL WHEN d.still_interested THEN 1 ELSE 0 END, \
         d.said, d.first_round_ends, d.shortlist_by, d.second_round, d.decision_by",
        "d.interview_id",
        &format!(
            "FROM debriefs d JOIN interviews i ON i.id = d.interview_id {}",
            filter("d.search_id", "i.application_id")
        ),
        only,
        doing,
    )
    .await?;
    for row in rows {
        let Some(&(a, i)) = interviews.get(&row.0) else {
            continue;
        };
        let mut d = Debrief {
            written_at: codec::opt_moment(row.1)?,
            job_details: row.2,
            company_notes: row.3,
            tone: row.4,
            still_interested: row.6.map(|b| b != 0),
            next_steps: NextSteps {
                said: row.7,
                first_round_ends: codec::opt_date(row.8)?,
                shortlist_by: codec::opt_date(row.9)?,
                second_round: codec::opt_date(row.10)?,
                decision_by: codec::opt_date(row.11)?,
            },
            ..Debrief::default()
        };
        codec::from_json::<DebriefLists>("debrief", &row.5)?.into_debrief(&mut d);
        apps[a].1.interviews[i].debrief = Some(d);
    }

    type InterviewerRow = (
        i64,
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<InterviewerRow> = json_rows(
        conn,
        search,
        "x.interview_id, x.position, CASE WHEN x.lead THEN 1 ELSE 0 END, p.name, p.title, p.email, p.phone",
        "x.interview_id, x.position",
        &format!(
            "FROM interviewers x JOIN people p ON p.id = x.person_id JOIN interviews i ON i.id = x.interview_id {}",
            filter("x.search_id", "i.application_id")
        ),
        only,
        doing,
    )
    .await?;
    for (interview, _, lead, name, title, email, phone) in rows {
        let Some(&(a, i)) = interviews.get(&interview) else {
            continue;
        };
        apps[a].1.interviews[i].interviewers.push(Interviewer {
            name,
            title,
            email,
            phone,
            lead: lead != 0,
        });
    }

    type EventRow = (
        i64,
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<EventRow> = json_rows(
        conn,
        search,
        "id, application_id, at, kind, note, decision_by, starts_at, offer, interview, feedback",
        "id",
        &format!("FROM events {}", filter("search_id", "application_id")),
        only,
        doing,
    )
    .await?;
    for (_, app_id, at, kind, note, decision_by, starts_at, offer, interview, feedback) in rows {
        let event = Event {
            at: codec::moment(&at)?,
            kind: codec::word("event kind", &kind, followup_core::EventKind::parse)?,
            note,
            decision_by: codec::opt_date(decision_by)?,
            starts_at: codec::opt_moment(starts_at)?,
            offer: offer.map(|o| codec::from_json("offer", &o)).transpose()?,
            interview: interview.map(codec::key).transpose()?,
            feedback: feedback
                .map(|f| codec::from_json("feedback", &f))
                .transpose()?,
        };
        if let Some(&a) = index.get(&app_id) {
            apps[a].1.events.push(event);
        }
    }

    type DoneRow = (
        i64,
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
        Option<String>,
    );
    let rows: Vec<DoneRow> = json_rows(
        conn,
        search,
        "id, application_id, at, kind, interview, recipient, note, CASE WHEN skipped THEN 1 ELSE 0 END, outcome",
        "id",
        &format!("FROM done {}", filter("search_id", "application_id")),
        only,
        doing,
    )
    .await?;
    for (_, app_id, at, kind, interview, to, note, skipped, outcome) in rows {
        let done = Done {
            at: codec::moment(&at)?,
            kind: codec::word("action kind", &kind, followup_core::ActionKind::parse)?,
            interview: interview.map(codec::key).transpose()?,
            to,
            note,
            skipped: skipped != 0,
            outcome: outcome
                .map(|o| codec::word("call outcome", &o, followup_core::CallOutcome::parse))
                .transpose()?,
        };
        if let Some(&a) = index.get(&app_id) {
            apps[a].1.done.push(done);
        }
    }

    let rows: Vec<MessageRow> = json_rows(
        conn,
        search,
        MESSAGE_COLUMNS,
        "queued_at, id",
        &format!(
            "FROM messages {} AND application_id IS NOT NULL",
            filter("search_id", "application_id")
        ),
        only,
        doing,
    )
    .await?;
    for row in rows {
        let (app_id, message) = message_of(row)?;
        if let Some(&a) = app_id.and_then(|id| index.get(&id)) {
            apps[a].1.messages.push(message);
        }
    }
    Ok(apps)
}

/// The columns of a message as [`message_of`] reads them.
const MESSAGE_COLUMNS: &str = "application_id, state, attempts, sent_at, error, letter, \
     (SELECT key FROM applications a WHERE a.id = application_id), claimed_utc";
type MessageRow = (
    Option<i64>,
    String,
    i64,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
);

/// A stored message: what it says from `letter`, where it stands from the columns.
fn message_of(row: MessageRow) -> Result<(Option<i64>, Message), StoreError> {
    let (app_id, state, attempts, sent_at, error, letter, _, _) = row;
    let mut message: Message = codec::from_json("message", &letter)?;
    message.state = codec::word("message state", &state, MessageState::parse)?;
    message.attempts = u32::try_from(attempts).unwrap_or_default();
    message.sent_at = codec::opt_moment(sent_at)?;
    message.error = error;
    Ok((app_id, message))
}

/// What names the action a letter does, for the rule of one letter per action
/// (`schema/*-5.sql`): its kind, interview and recipient.
fn once_key(m: &Message) -> Option<String> {
    let kind = m.kind?;
    Some(format!(
        "{}\u{1f}{}\u{1f}{}",
        kind.as_str(),
        m.interview.as_ref().map_or("", |k| k.as_str()),
        m.to.email.to_lowercase()
    ))
}

/// Keeps new messages; a message already kept is never changed by a save or an import, so
/// that what a worker records cannot be undone by an older copy.
async fn insert_messages(
    conn: &mut Conn,
    search: i64,
    messages: &[(Option<i64>, &Message)],
    once: bool,
) -> Result<u64, StoreError> {
    use sqlx::QueryBuilder;
    let mut added = 0;
    for chunk in messages.chunks(500) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO messages (search_id, id, application_id, queued_at, state, attempts, next_attempt_utc, sent_at, error, letter, once_key) ",
        );
        qb.push_values(chunk, |mut row, (app, m)| {
            // A letter that was being sent when it was written out may have arrived: here it
            // is uncertain, for the user to decide, never `sending` with no worker behind it.
            let (state, error) = match m.state {
                MessageState::Sending => (
                    MessageState::Uncertain,
                    Some(
                        "it was being sent when it was exported: it may have arrived; check \
                         your sent mail, then resolve it"
                            .to_string(),
                    ),
                ),
                state => (state, m.error.clone()),
            };
            row.push_bind(search)
                .push_bind(m.id.clone())
                .push_bind(*app)
                .push_bind(m.queued_at.to_string())
                .push_bind(state.as_str().to_string())
                .push_bind(i64::from(m.attempts))
                .push_bind(m.queued_at.instant().as_millisecond())
                .push_bind(m.sent_at.map(|t| t.to_string()))
                .push_bind(error)
                .push_bind(codec::json(m))
                .push_bind(app.and(once_key(m)).filter(|_| once));
        });
        qb.push(" ON CONFLICT (search_id, id) DO NOTHING");
        added += qb
            .build()
            .execute(&mut *conn)
            .await
            .doing("keeping messages")?
            .rows_affected();
    }
    Ok(added)
}

/// Above this many existing applications in one import, all are read at once rather than one by one.
const BULK_LOAD_ABOVE: usize = 20;
/// An import that writes more applications than this refreshes the planner's statistics.
const ANALYZE_ABOVE: usize = 1000;
/// Applications per multi-row statement: small enough to stay under SQLite's 32,766 parameters.
const BULK_CHUNK: usize = 200;

/// Writes applications as they are now, with one multi-row statement per table and chunk, so that
/// importing thousands costs hundreds of round trips to the database, not hundreds of thousands.
/// Interviews keep their ids (later records point at them); what else is written depends on `how`.
async fn write_applications<'a>(
    conn: &mut Conn,
    search: i64,
    apps: &[&'a Application],
    how: Write,
) -> Result<Vec<(i64, &'a Application)>, StoreError> {
    let fresh = how == Write::New;
    use sqlx::QueryBuilder;
    let doing = "saving applications";

    // People first, each identity once (a later mention fills what an earlier one left out).
    let mut people: Vec<(String, Person)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut mention = |identity: String, person: Person| match seen.get(&identity) {
        Some(&i) => {
            let kept = &mut people[i].1;
            kept.name = person.name;
            kept.title = person.title.or(kept.title.take());
            kept.email = person.email.or(kept.email.take());
            kept.phone = person.phone.or(kept.phone.take());
        }
        None => {
            seen.insert(identity.clone(), people.len());
            people.push((identity, person));
        }
    };
    for app in apps {
        if let Some(agency) = &app.agency
            && let Some(consultant) = &agency.consultant
        {
            mention(consultant.identity(&agency.name), consultant.clone());
        }
        for interview in &app.interviews {
            for i in &interview.interviewers {
                let person = i.person();
                mention(person.identity(&app.company), person);
            }
        }
    }
    let mut person_ids: HashMap<String, i64> = HashMap::new();
    for chunk in people.chunks(2000) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO people (search_id, identity, name, title, email, phone) ",
        );
        qb.push_values(chunk, |mut row, (identity, p)| {
            row.push_bind(search)
                .push_bind(identity.clone())
                .push_bind(p.name.clone())
                .push_bind(p.title.clone())
                .push_bind(p.email.clone())
                .push_bind(p.phone.clone());
        });
        qb.push(
            " ON CONFLICT (search_id, identity) DO UPDATE SET name = excluded.name, \
             title = COALESCE(excluded.title, people.title), email = COALESCE(excluded.email, people.email), \
             phone = COALESCE(excluded.phone, people.phone) RETURNING id, identity",
        );
        let rows: Vec<(i64, String)> = qb
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .doing(doing)?;
        person_ids.extend(rows.into_iter().map(|(id, identity)| (identity, id)));
    }
    let person = |identity: &str| person_ids.get(identity).copied();

    let mut qb = QueryBuilder::<Db>::new(
        "INSERT INTO applications (search_id, key, company, department, role, applied_on, interest, timezone, agency_name, \
         consultant_id, expectations, stage, stage_now, latest_end, accepted_at, stage_since, short) ",
    );
    let shorts = if fresh {
        short_names(conn, search, apps).await?
    } else {
        HashMap::new()
    };
    qb.push_values(apps, |mut row, app| {
        let [stage_now, latest_end, accepted_at, stage_since] = fact_columns(&facts(app));
        let consultant = app.agency.as_ref().and_then(|a| {
            a.consultant
                .as_ref()
                .and_then(|c| person(&c.identity(&a.name)))
        });
        row.push_bind(search)
            .push_bind(app.key.to_string())
            .push_bind(app.company.clone())
            .push_bind(app.department.clone())
            .push_bind(app.role.clone())
            .push_bind(app.applied_on.map(|d| d.to_string()))
            .push_bind(app.interest.map(|i| i64::from(i.level())))
            .push_bind(app.timezone.as_ref().map(|z| z.to_string()))
            .push_bind(app.agency.as_ref().map(|a| a.name.clone()))
            .push_bind(consultant)
            .push_bind(app.expectations.as_ref().map(codec::json))
            .push_bind(app.stage.map(|s| s.as_str().to_string()))
            .push_bind(stage_now.clone())
            .push_bind(latest_end.clone())
            .push_bind(accepted_at.clone())
            .push_bind(stage_since.clone())
            .push_bind(shorts.get(app.key.as_str()).cloned());
    });
    qb.push(
        " ON CONFLICT (search_id, key) DO UPDATE SET company = excluded.company, department = excluded.department, \
         role = excluded.role, applied_on = excluded.applied_on, interest = excluded.interest, \
         timezone = excluded.timezone, agency_name = excluded.agency_name, consultant_id = excluded.consultant_id, \
         expectations = excluded.expectations, stage = excluded.stage, stage_now = excluded.stage_now, \
         latest_end = excluded.latest_end, accepted_at = excluded.accepted_at, stage_since = excluded.stage_since \
         RETURNING id, key",
    );
    let rows: Vec<(i64, String)> = qb
        .build_query_as()
        .fetch_all(&mut *conn)
        .await
        .doing(doing)?;
    let app_ids: HashMap<String, i64> = rows.into_iter().map(|(id, key)| (key, id)).collect();
    let app_id = |app: &Application| app_ids[app.key.as_str()];

    if !fresh {
        for app in apps {
            clear_under(conn, app_id(app), app, how).await?;
        }
    }

    let interviews: Vec<(i64, &Application, &Interview)> = apps
        .iter()
        .flat_map(|app| app.interviews.iter().map(move |i| (app_id(app), *app, i)))
        .collect();
    let mut interview_ids: HashMap<(i64, String), i64> = HashMap::new();
    for chunk in interviews.chunks(2000) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO interviews (search_id, application_id, key, round, starts_at, ends_at, format, location) ",
        );
        let upsert = " ON CONFLICT (application_id, key) DO UPDATE SET round = excluded.round, \
                      starts_at = excluded.starts_at, ends_at = excluded.ends_at, format = excluded.format, \
                      location = excluded.location RETURNING id, application_id, key";
        qb.push_values(chunk, |mut row, (app, _, i)| {
            row.push_bind(search)
                .push_bind(*app)
                .push_bind(i.key.to_string())
                .push_bind(i.round.map(i64::from))
                .push_bind(i.starts_at.to_string())
                .push_bind(i.ends_at.map(|m| m.to_string()))
                .push_bind(i.format.map(|f| f.as_str().to_string()))
                .push_bind(i.location.clone());
        });
        qb.push(upsert);
        let rows: Vec<(i64, i64, String)> = qb
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .doing(doing)?;
        interview_ids.extend(rows.into_iter().map(|(id, app, key)| ((app, key), id)));
    }
    let interview_id = |app: i64, i: &Interview| interview_ids[&(app, i.key.to_string())];

    let links: Vec<(i64, i64, i64, bool)> = interviews
        .iter()
        .flat_map(|(app_id, app, i)| {
            let id = interview_id(*app_id, i);
            i.interviewers.iter().enumerate().map(move |(position, x)| {
                let who = person(&x.person().identity(&app.company)).unwrap_or_default();
                (id, position as i64, who, x.lead)
            })
        })
        .collect();
    for chunk in links.chunks(4000) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO interviewers (search_id, interview_id, position, person_id, lead) ",
        );
        qb.push_values(chunk, |mut row, (interview, position, who, lead)| {
            row.push_bind(search)
                .push_bind(*interview)
                .push_bind(*position)
                .push_bind(*who)
                .push_bind(*lead);
        });
        qb.build().execute(&mut *conn).await.doing(doing)?;
    }

    let debriefs: Vec<(i64, &Debrief)> = interviews
        .iter()
        .filter_map(|(app_id, _, i)| i.debrief.as_ref().map(|d| (interview_id(*app_id, i), d)))
        .collect();
    for chunk in debriefs.chunks(1000) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO debriefs (search_id, interview_id, written_at, job_details, company_notes, tone, lists, \
             still_interested, said, first_round_ends, shortlist_by, second_round, decision_by) ",
        );
        qb.push_values(chunk, |mut row, (id, d)| {
            let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
            row.push_bind(search)
                .push_bind(*id)
                .push_bind(d.written_at.map(|m| m.to_string()))
                .push_bind(d.job_details.clone())
                .push_bind(d.company_notes.clone())
                .push_bind(d.tone.clone())
                .push_bind(codec::json(&DebriefLists::of(d)))
                .push_bind(d.still_interested)
                .push_bind(d.next_steps.said.clone())
                .push_bind(date(d.next_steps.first_round_ends))
                .push_bind(date(d.next_steps.shortlist_by))
                .push_bind(date(d.next_steps.second_round))
                .push_bind(date(d.next_steps.decision_by));
        });
        qb.build().execute(&mut *conn).await.doing(doing)?;
    }

    if how == Write::Edited {
        // What was added since this copy was read stays: an edit rewrites only what it edits.
        return Ok(apps.iter().map(|app| (app_id(app), *app)).collect());
    }
    let events: Vec<(i64, &Event)> = apps
        .iter()
        .flat_map(|a| a.events.iter().map(move |e| (app_id(a), e)))
        .collect();
    insert_events(conn, search, &events).await?;
    let done: Vec<(i64, &Done)> = apps
        .iter()
        .flat_map(|a| a.done.iter().map(move |d| (app_id(a), d)))
        .collect();
    insert_done(conn, search, &done).await?;
    let messages: Vec<(Option<i64>, &Message)> = apps
        .iter()
        .flat_map(|a| a.messages.iter().map(move |m| (Some(app_id(a)), m)))
        .collect();
    insert_messages(conn, search, &messages, false).await?;
    Ok(apps.iter().map(|app| (app_id(app), *app)).collect())
}

/// How [`write_applications`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    /// None of them is stored yet: everything is inserted.
    New,
    /// Merged by an import in this transaction from what it read here: everything under them
    /// is written anew.
    Merged,
    /// Edited by a person: the fields, the interviews, their people and debriefs; the events,
    /// the log and the letters kept are left as they are.
    Edited,
}

/// Adds events: one row each.
async fn insert_events(
    conn: &mut Conn,
    search: i64,
    events: &[(i64, &Event)],
) -> Result<(), StoreError> {
    use sqlx::QueryBuilder;
    for chunk in events.chunks(2000) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO events (search_id, application_id, at, kind, note, decision_by, starts_at, offer, \
             interview, feedback) ",
        );
        qb.push_values(chunk, |mut row, (app, e)| {
            row.push_bind(search)
                .push_bind(*app)
                .push_bind(e.at.to_string())
                .push_bind(e.kind.as_str().to_string())
                .push_bind(e.note.clone())
                .push_bind(e.decision_by.map(|d| d.to_string()))
                .push_bind(e.starts_at.map(|m| m.to_string()))
                .push_bind(e.offer.as_ref().map(codec::json))
                .push_bind(e.interview.as_ref().map(|k| k.to_string()))
                .push_bind(e.feedback.as_ref().map(codec::json));
        });
        qb.build()
            .execute(&mut *conn)
            .await
            .doing("recording events")?;
    }
    Ok(())
}

/// Adds entries to the log of actions done: one row each.
async fn insert_done(
    conn: &mut Conn,
    search: i64,
    done: &[(i64, &Done)],
) -> Result<(), StoreError> {
    use sqlx::QueryBuilder;
    for chunk in done.chunks(2000) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO done (search_id, application_id, at, kind, interview, recipient, note, skipped, outcome) ",
        );
        qb.push_values(chunk, |mut row, (app, d)| {
            row.push_bind(search)
                .push_bind(*app)
                .push_bind(d.at.to_string())
                .push_bind(d.kind.as_str().to_string())
                .push_bind(d.interview.as_ref().map(|k| k.to_string()))
                .push_bind(d.to.clone())
                .push_bind(d.note.clone())
                .push_bind(d.skipped)
                .push_bind(d.outcome.map(|o| o.as_str().to_string()));
        });
        qb.build()
            .execute(&mut *conn)
            .await
            .doing("recording actions done")?;
    }
    Ok(())
}

/// The application's id, its row locked (on PostgreSQL) until the transaction ends, so that two
/// writers of one application take turns and the second reads what the first wrote.
async fn lock_application(
    conn: &mut Conn,
    search: i64,
    key: &Key,
) -> Result<Option<i64>, StoreError> {
    let sql = format!("SELECT id FROM applications WHERE search_id = $1 AND key = $2{LOCK_ROWS}");
    sqlx::query_scalar::<Db, i64>(sqlx::AssertSqlSafe(sql))
        .bind(search)
        .bind(key.as_str())
        .fetch_optional(&mut *conn)
        .await
        .doing("finding an application")
}

/// Like [`lock_application`], for an application that must exist.
async fn lock_existing(conn: &mut Conn, search: i64, key: &Key) -> Result<i64, StoreError> {
    lock_application(conn, search, key)
        .await?
        .ok_or_else(|| StoreError::NoSuchApplication {
            key: key.to_string(),
        })
}

/// One application, as it is kept now (read in the caller's transaction).
async fn load_one(conn: &mut Conn, search: i64, id: i64) -> Result<Application, StoreError> {
    load_applications(conn, search, Some(id))
        .await?
        .pop()
        .map(|(_, app)| app)
        .ok_or(StoreError::Corrupt {
            what: "application",
            value: id.to_string(),
        })
}

/// After a write to one application: the facts kept beside it and its programme follow what
/// is stored now (read in this transaction, whatever copy the writer held), and an offer
/// accepted or given up reaches every application.
async fn settle_application(
    conn: &mut Conn,
    search: i64,
    id: i64,
    acceptances_before: &[(Key, Timestamp)],
) -> Result<(), StoreError> {
    let app = load_one(conn, search, id).await?;
    let [stage_now, latest_end, accepted_at, stage_since] = fact_columns(&facts(&app));
    sqlx::query(
        "UPDATE applications SET stage_now = $1, latest_end = $2, accepted_at = $3, stage_since = $4 WHERE id = $5",
    )
    .bind(stage_now)
    .bind(latest_end)
    .bind(accepted_at)
    .bind(stage_since)
    .bind(id)
    .execute(&mut *conn)
    .await
    .doing("keeping the programme")?;
    if load_acceptances(conn, search).await? != acceptances_before {
        refresh_all_plans(conn, search).await
    } else {
        refresh_plans(conn, search, &[(id, &app)]).await
    }
}

/// Before an application is written again: its interviews that are gone are deleted, and the
/// rows under the others (and, unless it was only edited, its events and its log) are cleared
/// to be written anew.
async fn clear_under(
    conn: &mut Conn,
    id: i64,
    app: &Application,
    how: Write,
) -> Result<(), StoreError> {
    let doing = "saving an application";
    let kept: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, key FROM interviews WHERE application_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .doing(doing)?;
    for (interview, key) in kept {
        if !app.interviews.iter().any(|i| i.key.as_str() == key) {
            sqlx::query("DELETE FROM interviews WHERE id = $1")
                .bind(interview)
                .execute(&mut *conn)
                .await
                .doing(doing)?;
        }
    }
    let under = [
        "DELETE FROM interviewers WHERE interview_id IN (SELECT id FROM interviews WHERE application_id = $1)",
        "DELETE FROM debriefs WHERE interview_id IN (SELECT id FROM interviews WHERE application_id = $1)",
        "DELETE FROM actions WHERE application_id = $1",
    ];
    let log = [
        "DELETE FROM events WHERE application_id = $1",
        "DELETE FROM done WHERE application_id = $1",
    ];
    let rewritten: &[&'static str] = if how == Write::Edited { &[] } else { &log };
    for &sql in under.iter().chain(rewritten) {
        sqlx::query(sql)
            .bind(id)
            .execute(&mut *conn)
            .await
            .doing(doing)?;
    }
    Ok(())
}

/// Whether a change of the profile or the settings changes the programme: the time zone,
/// the holidays and the programme's numbers do.
fn changes_plans(before: &(Profile, Settings), after: (&Profile, &Settings)) -> bool {
    before.0.timezone != after.0.timezone || before.1 != *after.1
}

/// Where and when the candidate accepted an offer: every plan depends on it.
async fn load_acceptances(
    conn: &mut Conn,
    search: i64,
) -> Result<Vec<(Key, Timestamp)>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT key, accepted_at FROM applications \
         WHERE search_id = $1 AND accepted_at IS NOT NULL ORDER BY key",
    )
    .bind(search)
    .fetch_all(&mut *conn)
    .await
    .doing("reading the offers accepted")?;
    rows.into_iter()
        .map(|(key, at)| Ok((codec::key(key)?, codec::timestamp(&at)?)))
        .collect()
}

async fn plan_context(conn: &mut Conn, search: i64) -> Result<Context, StoreError> {
    let (profile, settings) = load_profile(conn, search).await?;
    Ok(Context::new(
        &profile,
        &settings,
        load_acceptances(conn, search).await?,
    ))
}

/// Derives the programme of these applications again and stores its open actions in place of
/// the old: what the agenda reads. The others (done, skipped, cancelled) follow from the data
/// whenever they are wanted, numbered the same.
async fn refresh_plans(
    conn: &mut Conn,
    search: i64,
    apps: &[(i64, &Application)],
) -> Result<(), StoreError> {
    use sqlx::QueryBuilder;
    let doing = "keeping the programme";
    if apps.is_empty() {
        return Ok(());
    }
    let context = plan_context(conn, search).await?;
    // Two transactions re-planning one application take turns: the second then sees (and
    // deletes) what the first wrote, rather than colliding with it.
    if !LOCK_ROWS.is_empty() {
        for chunk in apps.chunks(2000) {
            let mut qb = QueryBuilder::<Db>::new("SELECT id FROM applications WHERE id IN (");
            let mut ids = qb.separated(", ");
            for (id, _) in chunk {
                ids.push_bind(*id);
            }
            qb.push(") ORDER BY id");
            qb.push(LOCK_ROWS);
            qb.build().execute(&mut *conn).await.doing(doing)?;
        }
    }
    for chunk in apps.chunks(2000) {
        let mut qb = QueryBuilder::<Db>::new("DELETE FROM actions WHERE application_id IN (");
        let mut ids = qb.separated(", ");
        for (id, _) in chunk {
            ids.push_bind(*id);
        }
        qb.push(")");
        qb.build().execute(&mut *conn).await.doing(doing)?;
    }
    let mut shorts: HashMap<i64, String> = HashMap::new();
    for chunk in apps.chunks(2000) {
        let mut qb = QueryBuilder::<Db>::new("SELECT id, short FROM applications WHERE id IN (");
        let mut ids = qb.separated(", ");
        for (id, _) in chunk {
            ids.push_bind(*id);
        }
        qb.push(")");
        let rows: Vec<(i64, Option<String>)> = qb
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .doing(doing)?;
        shorts.extend(
            rows.into_iter()
                .filter_map(|(id, short)| Some((id, short?))),
        );
    }
    let companies: HashMap<i64, &str> = apps
        .iter()
        .map(|(id, app)| (*id, app.company.as_str()))
        .collect();
    let actions: Vec<(i64, Action)> = apps
        .iter()
        .flat_map(|(id, app)| {
            plan_application(app, &context)
                .into_iter()
                .filter(Action::is_open)
                .map(move |a| (*id, a))
        })
        .collect();
    // 20 parameters a row: under SQLite's limit of 32,766 a statement.
    for chunk in actions.chunks(1500) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO actions (search_id, application_id, number, app_key, app_short, company, kind, interview, recipient_name, recipient_email, \
             channel, not_before, not_before_utc, due, due_utc, state, why, detail, identity, lapses, lapses_utc) ",
        );
        qb.push_values(chunk, |mut row, (id, a)| {
            row.push_bind(search)
                .push_bind(*id)
                .push_bind(i64::from(a.number))
                .push_bind(a.application.to_string())
                .push_bind(
                    shorts
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| a.application.to_string()),
                )
                .push_bind(companies.get(id).copied().unwrap_or_default().to_string())
                .push_bind(a.kind.as_str().to_string())
                .push_bind(a.interview.as_ref().map(|k| k.to_string()))
                .push_bind(a.recipient.as_ref().map(|r| r.name.clone()))
                .push_bind(a.recipient.as_ref().and_then(|r| r.email.clone()))
                .push_bind(a.channel.as_str().to_string())
                .push_bind(a.not_before.to_string())
                .push_bind(a.not_before.instant().as_second())
                .push_bind(a.due.to_string())
                .push_bind(a.due.instant().as_second())
                .push_bind(a.state.as_str().to_string())
                .push_bind(a.why.clone())
                .push_bind(a.detail.clone())
                .push_bind(a.identity.clone())
                .push_bind(a.lapses.map(|l| l.to_string()))
                .push_bind(a.lapses.map_or(NEVER_LAPSES, |l| l.instant().as_second()));
        });
        qb.build().execute(&mut *conn).await.doing(doing)?;
    }
    Ok(())
}

/// Derives every application's programme again: after a change that reaches all of them
/// (the time zone, the holidays, an offer accepted, new rules).
/// The columns that keep an application's [`AppFacts`] beside it, and their values.
const FACT_COLUMNS: [&str; 4] = ["stage_now", "latest_end", "accepted_at", "stage_since"];

fn fact_columns(facts: &AppFacts) -> [Option<String>; 4] {
    [
        Some(facts.stage.as_str().to_string()),
        facts.latest_end.map(|t| t.to_string()),
        facts.accepted_at.map(|t| t.to_string()),
        facts.stage_since.map(|t| t.to_string()),
    ]
}

async fn refresh_all_plans(conn: &mut Conn, search: i64) -> Result<(), StoreError> {
    let apps = load_applications(conn, search, None).await?;
    let doing = "keeping the programme";
    // Applications from before short names existed get theirs.
    let unnamed: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM applications WHERE search_id = $1 AND short IS NULL")
            .bind(search)
            .fetch_all(&mut *conn)
            .await
            .doing(doing)?;
    let unnamed: Vec<(i64, &Application)> = apps
        .iter()
        .filter(|(id, _)| unnamed.contains(id))
        .map(|(id, app)| (*id, app))
        .collect();
    let names = short_names(
        conn,
        search,
        &unnamed.iter().map(|(_, app)| *app).collect::<Vec<_>>(),
    )
    .await?;
    for (id, app) in &unnamed {
        sqlx::query("UPDATE applications SET short = $1 WHERE id = $2")
            .bind(names.get(app.key.as_str()))
            .bind(*id)
            .execute(&mut *conn)
            .await
            .doing(doing)?;
    }
    // The facts kept beside each application are derived too, and may be older than the rules.
    for chunk in apps.chunks(BULK_CHUNK) {
        let rows: Vec<(i64, [Option<String>; 4])> = chunk
            .iter()
            .map(|(id, app)| (*id, fact_columns(&facts(app))))
            .collect();
        let mut qb = sqlx::QueryBuilder::<Db>::new("UPDATE applications SET ");
        for (n, column) in FACT_COLUMNS.iter().enumerate() {
            qb.push(if n == 0 { "" } else { ", " })
                .push(*column)
                .push(" = CASE id");
            for (id, values) in &rows {
                qb.push(" WHEN ")
                    .push_bind(*id)
                    .push(" THEN ")
                    .push_bind(values[n].clone());
            }
            qb.push(" END");
        }
        qb.push(" WHERE id IN (");
        let mut ids = qb.separated(", ");
        for (id, _) in &rows {
            ids.push_bind(*id);
        }
        qb.push(")");
        qb.build().execute(&mut *conn).await.doing(doing)?;
    }
    let all: Vec<(i64, &Application)> = apps.iter().map(|(id, app)| (*id, app)).collect();
    refresh_plans(conn, search, &all).await
}

/// Derives the stored programmes again when they were made by other rules than these.
async fn refresh_stale_plans(conn: &mut Conn) -> Result<(), StoreError> {
    let doing = "checking the programme's rules";
    let version: i64 = sqlx::query_scalar("SELECT version FROM plan_rules")
        .fetch_one(&mut *conn)
        .await
        .doing(doing)?;
    if version == RULES_VERSION {
        return Ok(());
    }
    let searches: Vec<i64> = sqlx::query_scalar("SELECT id FROM searches ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .doing(doing)?;
    for search in searches {
        enter_search(conn, search).await?;
        refresh_all_plans(conn, search).await?;
        count_change(conn, search).await?;
    }
    sqlx::query("UPDATE plan_rules SET version = $1")
        .bind(RULES_VERSION)
        .execute(&mut *conn)
        .await
        .doing(doing)?;
    Ok(())
}

/// Which open actions to read.
#[derive(Clone, Copy)]
enum Which<'a> {
    Reading(Reading),
    /// The `limit` most urgent of those that may start by `now` and are due in `due` (from,
    /// before).
    Due {
        now: Timestamp,
        due: (Option<Timestamp>, Option<Timestamp>),
        limit: usize,
    },
    /// Those of these applications.
    Of(&'a [Key]),
}

/// Open actions whose time has come by `now`, and that have not lapsed.
fn actionable(qb: &mut sqlx::QueryBuilder<Db>, now: Timestamp) {
    qb.push(" AND x.not_before_utc <= ")
        .push_bind(now.as_second());
    not_lapsed(qb, now);
}

/// Not a letter whose moment has passed by `now` ([`followup_core::Action::is_open_at`]).
fn not_lapsed(qb: &mut sqlx::QueryBuilder<Db>, now: Timestamp) {
    qb.push(" AND x.lapses_utc > ").push_bind(now.as_second());
}

/// `lapses_utc` of an action that never lapses: one range of the index holds what has not.
const NEVER_LAPSES: i64 = i64::MAX;

/// `(SELECT id FROM applications WHERE search_id = ... AND key IN ...)` for these keys, bound as one JSON array so
/// that one statement serves any number of them.
fn application_ids(qb: &mut sqlx::QueryBuilder<Db>, search: i64, keys: &[Key]) {
    qb.push("(SELECT id FROM applications WHERE search_id = ")
        .push_bind(search)
        .push(" AND key IN (")
        .push(JSON_TEXTS.0)
        .push_bind(codec::json(&keys))
        .push(JSON_TEXTS.1)
        .push("))");
}

/// Due at or after the first, before the second.
fn due_within(
    qb: &mut sqlx::QueryBuilder<Db>,
    (from, before): (Option<Timestamp>, Option<Timestamp>),
) {
    if let Some(from) = from {
        qb.push(" AND x.due_utc >= ").push_bind(from.as_second());
    }
    if let Some(before) = before {
        qb.push(" AND x.due_utc < ").push_bind(before.as_second());
    }
}

/// How many open actions whose time has come by `now` are due in each span the bounds make
/// (before the first, then up to each next, then the rest): one pass over `actions_open`.
async fn count_due(
    conn: &mut Conn,
    search: i64,
    now: Timestamp,
    bounds: [Timestamp; 3],
) -> Result<Vec<usize>, StoreError> {
    let mut qb = sqlx::QueryBuilder::<Db>::new("SELECT ");
    let mut from = None;
    for before in bounds
        .iter()
        .copied()
        .map(Some)
        .chain(std::iter::once(None))
    {
        qb.push("coalesce(sum(CASE WHEN TRUE");
        due_within(&mut qb, (from, before));
        qb.push(" THEN 1 ELSE 0 END), 0), ");
        from = before;
    }
    qb.push("0 FROM actions x WHERE x.search_id = ")
        .push_bind(search)
        .push(" AND x.state = 'open'");
    actionable(&mut qb, now);
    let counts: Vec<i64> = qb
        .build()
        .fetch_one(&mut *conn)
        .await
        .and_then(|row| (0..=bounds.len()).map(|i| row.try_get(i)).collect())
        .doing("counting the agenda")?;
    Ok(counts
        .into_iter()
        .map(|n| usize::try_from(n).unwrap_or_default())
        .collect())
}

/// The stored open actions, most urgent first, with their ids and companies.
async fn load_actions(
    conn: &mut Conn,
    search: i64,
    which: Which<'_>,
) -> Result<Vec<ListedAction>, StoreError> {
    use sqlx::QueryBuilder;
    type ActionRow = (
        String,
        Option<String>,
        String,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
    );
    let mut qb = QueryBuilder::<Db>::new(format!(
        "SELECT CAST({JSON_GROUP}({JSON_ARRAY}(x.app_key, x.app_short, x.company, x.number, x.kind, \
         x.interview, x.recipient_name, x.recipient_email, x.channel, x.not_before, x.due, x.why, \
         x.detail, x.identity, x.lapses)) AS TEXT) FROM (SELECT * FROM actions x WHERE x.search_id = "
    ));
    qb.push_bind(search).push(" AND x.state = 'open'");
    match which {
        Which::Reading(Reading::OpenAt(t)) => not_lapsed(&mut qb, t),
        Which::Reading(Reading::ActionableAt(t)) | Which::Due { now: t, .. } => {
            actionable(&mut qb, t)
        }
        Which::Reading(Reading::All) | Which::Of(_) => {}
    }
    if let Which::Due { due, .. } = which {
        due_within(&mut qb, due);
    }
    if let Which::Of(keys) = which {
        qb.push(" AND x.application_id IN ");
        application_ids(&mut qb, search, keys);
    }
    if let Which::Due { limit, .. } = which {
        qb.push(" ORDER BY x.due_utc, x.not_before_utc, x.app_key, x.number LIMIT ")
            .push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
    }
    qb.push(") x");
    let text: Option<String> = qb
        .build_query_scalar()
        .fetch_one(&mut *conn)
        .await
        .doing("reading the programme")?;
    let listed = match text {
        Some(text) => codec::from_json_rows("action", &text, |row: ActionRow| {
            let (app, short, company, number, kind, interview, name, email) =
                (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7);
            let number = u32::try_from(number).unwrap_or_default();
            let application = codec::key(app)?;
            Ok(ListedAction {
                id: action_id(short.as_deref().unwrap_or(application.as_str()), number),
                company,
                action: Action {
                    application,
                    number,
                    kind: codec::word("action kind", &kind, followup_core::ActionKind::parse)?,
                    interview: interview.map(codec::key).transpose()?,
                    recipient: name.map(|name| Recipient { name, email }),
                    channel: codec::word("channel", &row.8, Channel::parse)?,
                    not_before: codec::moment(&row.9)?,
                    due: codec::moment(&row.10)?,
                    state: ActionState::Open,
                    why: row.11,
                    detail: row.12,
                    identity: row.13,
                    lapses: row.14.as_deref().map(codec::moment).transpose()?,
                },
            })
        })?,
        None => Vec::new(),
    };
    // Sorted here rather than in SQL: the table is clustered for the filter, not the order.
    // Their positions are sorted, not the actions, which are large to move about; no two
    // actions are equal by urgency (application and number end the order), so an unstable
    // sort gives the one order. Then each action is moved once, in place.
    let mut order: Vec<usize> = (0..listed.len()).collect();
    order.sort_unstable_by(|&a, &b| by_urgency(&listed[a].action, &listed[b].action));
    let mut listed = listed;
    for start in 0..order.len() {
        // Follow the cycle from `start`: each place takes the action its order names.
        let mut here = start;
        while order[here] != start {
            let from = order[here];
            listed.swap(here, from);
            order[here] = here;
            here = from;
        }
        order[here] = here;
    }
    Ok(listed)
}

/// Adds one to the revision and commits: how every transaction that wrote ends. The revision
/// is the last row written, so on PostgreSQL its lock is held only while committing.
async fn commit_change(
    mut tx: sqlx::Transaction<'_, Db>,
    search: i64,
    doing: &'static str,
) -> Result<(), StoreError> {
    count_change(&mut tx, search).await?;
    tx.commit().await.doing(doing)
}

/// Adds one to the revision (`schema/*-4.sql`): something a reader may have kept has changed.
async fn count_change(conn: &mut Conn, search: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE revision SET n = n + 1 WHERE search_id = $1")
        .bind(search)
        .execute(&mut *conn)
        .await
        .doing("counting the change")?;
    Ok(())
}

/// Short names for new applications (`np` for `northwind-pm`), unique among the kept ones.
async fn short_names(
    conn: &mut Conn,
    search: i64,
    apps: &[&Application],
) -> Result<HashMap<String, String>, StoreError> {
    if apps.is_empty() {
        return Ok(HashMap::new());
    }
    let mut taken: std::collections::HashSet<String> = sqlx::query_scalar(
        "SELECT short FROM applications WHERE search_id = $1 AND short IS NOT NULL",
    )
    .bind(search)
    .fetch_all(&mut *conn)
    .await
    .doing("reading the short names")?
    .into_iter()
    .collect();
    let mut keys: Vec<&Key> = apps.iter().map(|a| &a.key).collect();
    keys.sort();
    Ok(keys
        .into_iter()
        .map(|key| (key.to_string(), Prefixes::assign(&mut taken, key)))
        .collect())
}
