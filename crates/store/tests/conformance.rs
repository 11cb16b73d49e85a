//! One story, told to both backends: whatever SQLite does, PostgreSQL does the same.
//!
//! PostgreSQL comes from `FOLLOWUP_TEST_POSTGRES_URL` (an administrator's URL; `scripts/test`
//! starts a throwaway server and sets it). Each test makes a database of its own.

use std::path::PathBuf;

use followup_core::capture::{parse_document, to_json};
use followup_core::programme::{Action, plan};
use followup_core::{ActionKind, Done, TimeZoneName};
use followup_core::{Event, EventKind, Interview, JobSearch, Key, Moment, Stage};
use followup_store::testing::fresh_postgres;
use followup_store::{
    ImportReport, Outbox, PostgresStore, Reading, Resolution, SCHEMA_VERSION, SearchId, Settlement,
    SqliteStore, Store, StoreError,
};
use sqlx::{Connection, Executor};

fn fixture(name: &str) -> JobSearch {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_document(&bytes).unwrap()
}

struct Sqlite {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn fresh_sqlite() -> Sqlite {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("followup.db");
    Sqlite { _dir: dir, path }
}

/// Runs a story on SQLite, then on PostgreSQL. `hook` gets raw SQL access to each database.
macro_rules! on_both_backends {
    ($story:ident) => {
        mod $story {
            #[tokio::test]
            async fn sqlite() {
                let db = super::fresh_sqlite();
                let store = super::SqliteStore::open(&db.path).await.unwrap();
                let raw = format!("sqlite:{}", db.path.display());
                super::$story(store, &raw).await;
            }

            #[tokio::test]
            async fn postgres() {
                let url = super::fresh_postgres().await;
                let store = super::PostgresStore::connect(&url).await.unwrap();
                super::$story(store, &url).await;
            }
        }
    };
}

on_both_backends!(a_new_store_is_empty);
async fn a_new_store_is_empty(store: impl Store, _raw: &str) {
    assert_eq!(store.export().await.unwrap(), JobSearch::default());
    assert!(store.summaries().await.unwrap().is_empty());
}

on_both_backends!(import_then_export_gives_the_same_document);
async fn import_then_export_gives_the_same_document(store: impl Store, _raw: &str) {
    let context = fixture("context.json");
    let report = store.import(&context).await.unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (3, 0, 0));
    assert!(report.profile_changed);
    let exported = store.export().await.unwrap();
    assert_eq!(exported, context);
    assert_eq!(to_json(&exported), to_json(&context));

    let example = fixture("format-example.json");
    store.import(&example).await.unwrap();
    let exported = store.export().await.unwrap();
    assert_eq!(exported.applications.len(), 4);
    assert_eq!(exported.applications[3], example.applications[0]);
}

on_both_backends!(importing_twice_changes_nothing);
async fn importing_twice_changes_nothing(store: impl Store, _raw: &str) {
    let context = fixture("context.json");
    store.import(&context).await.unwrap();
    let first = store.export().await.unwrap();
    let again = store.import(&context).await.unwrap();
    assert_eq!(
        again,
        ImportReport {
            added: 0,
            updated: 0,
            unchanged: 3,
            profile_changed: false
        }
    );
    assert_eq!(store.export().await.unwrap(), first);
}

on_both_backends!(import_merges_by_key_and_never_deletes);
async fn import_merges_by_key_and_never_deletes(store: impl Store, _raw: &str) {
    store.import(&fixture("context.json")).await.unwrap();
    let mut partial = fixture("context.json");
    partial.applications.truncate(1);
    let app = &mut partial.applications[0];
    app.company = "Northwind Traders plc".into();
    app.interviews.clear();
    app.department = None;
    let report = store.import(&partial).await.unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 1, 0));

    let kept = store
        .application(&Key::new("northwind-pm").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.company, "Northwind Traders plc");
    assert_eq!(
        kept.department.as_deref(),
        Some("Digital"),
        "a field left out keeps its value"
    );
    assert_eq!(kept.interviews.len(), 1, "an interview left out is kept");
    assert_eq!(store.export().await.unwrap().applications.len(), 3);
}

on_both_backends!(an_import_that_fails_changes_nothing);
async fn an_import_that_fails_changes_nothing(store: impl Store, raw: &str) {
    // A trigger that refuses one company makes the database fail half-way through an import.
    if raw.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(raw).await.unwrap();
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON applications WHEN NEW.company = 'Fabrikam' \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        )
        .await
        .unwrap();
    } else {
        let mut conn = sqlx::PgConnection::connect(raw).await.unwrap();
        conn.execute(
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN \
             IF NEW.company = 'Fabrikam' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ \
             LANGUAGE plpgsql; \
             CREATE TRIGGER refuse BEFORE INSERT ON applications FOR EACH ROW EXECUTE FUNCTION refuse();",
        )
        .await
        .unwrap();
    }
    let err = store.import(&fixture("context.json")).await.unwrap_err();
    assert!(matches!(err, StoreError::Query { .. }), "{err}");
    assert!(err.to_string().contains("refused by the test"), "{err}");
    assert_eq!(store.export().await.unwrap(), JobSearch::default());
}

on_both_backends!(applications_are_edited_whole);
async fn applications_are_edited_whole(store: impl Store, _raw: &str) {
    store.import(&fixture("context.json")).await.unwrap();
    let key = Key::new("contoso-dev").unwrap();
    let mut app = store.application(&key).await.unwrap().unwrap();
    let base = app.version();
    let first = app.interviews[0].clone();
    app.interviews.push(Interview {
        key: Key::new("r2").unwrap(),
        round: Some(2),
        starts_at: Moment::parse("2026-11-26T10:00:00+00:00").unwrap(),
        debrief: None,
        ..first.clone()
    });
    let invitation = Event {
        note: Some("Second round on the 26th".into()),
        ..Event::new(
            Moment::parse("2026-11-20T09:00:00+00:00").unwrap(),
            EventKind::Invitation,
        )
    };
    store.save_application(&app, Some(&base)).await.unwrap();
    store.add_event(&key, &invitation).await.unwrap();
    app.events.push(invitation);
    assert_eq!(store.application(&key).await.unwrap().unwrap(), app);

    // An edit made from an older copy is refused, and changes nothing.
    let err = store.save_application(&app, Some(&base)).await.unwrap_err();
    assert!(matches!(err, StoreError::Changed { .. }), "{err}");
    let err = store.save_application(&app, None).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Changed { .. }),
        "a new one that exists: {err}"
    );

    // The same interviewer in two rounds is one person: a new title shows in both.
    let base = app.version();
    app.interviews[1].interviewers[0].title = Some("CTO".into());
    store.save_application(&app, Some(&base)).await.unwrap();
    let saved = store.application(&key).await.unwrap().unwrap();
    assert_eq!(
        saved.interviews[0].interviewers[0].title.as_deref(),
        Some("CTO")
    );

    store
        .add_event(
            &key,
            &Event::new(
                Moment::parse("2026-11-30T09:00:00+00:00").unwrap(),
                EventKind::Rejection,
            ),
        )
        .await
        .unwrap();
    let summary = store
        .summaries()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.key == key)
        .unwrap();
    assert_eq!(summary.stage, Stage::Rejected);
    assert_eq!(summary.interviews, 2);
    assert_eq!(
        store
            .application(&Key::new("nobody").unwrap())
            .await
            .unwrap(),
        None
    );
}

on_both_backends!(hostile_strings_come_back_as_they_went_in);
async fn hostile_strings_come_back_as_they_went_in(store: impl Store, _raw: &str) {
    let mut doc = fixture("context.json");
    let app = &mut doc.applications[0];
    app.company = "Robert'); DROP TABLE applications;--".into();
    app.role = "<script>alert(\"x\")</script> 🚀 مدير المنتج".into();
    app.interviews[0].debrief.as_mut().unwrap().went_well =
        vec!["\u{202e}reversed\u{202c} and \\ back".into()];
    store.import(&doc).await.unwrap();
    assert_eq!(store.export().await.unwrap(), doc);
}

/// Opening must not write a single byte to a file that is not ours to change.
async fn assert_refused_and_untouched(path: &std::path::Path, expect: &str) {
    let before = std::fs::read(path).unwrap();
    let err = SqliteStore::open(path).await.unwrap_err();
    assert!(err.to_string().contains(expect), "{err}");
    assert!(err.to_string().contains("left untouched"), "{err}");
    assert_eq!(std::fs::read(path).unwrap(), before, "the file was changed");
    let wal = path.with_extension("db-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0);
}

#[tokio::test]
async fn sqlite_refuses_a_file_that_is_not_a_database() {
    let db = fresh_sqlite();
    std::fs::write(&db.path, "name,company\nAlex,Acme\n").unwrap();
    assert_refused_and_untouched(
        &db.path,
        "is not a followup database (it is not a SQLite database)",
    )
    .await;
}

#[tokio::test]
async fn sqlite_refuses_another_programs_database() {
    let db = fresh_sqlite();
    {
        let url = format!("sqlite:{}?mode=rwc", db.path.display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        conn.execute("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')")
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    assert_refused_and_untouched(&db.path, "a SQLite database of another program").await;
}

#[tokio::test]
async fn sqlite_refuses_a_database_from_a_newer_followup() {
    let db = fresh_sqlite();
    SqliteStore::open(&db.path).await.unwrap().close().await;
    {
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.path.display()))
            .await
            .unwrap();
        conn.execute("PRAGMA user_version = 99; PRAGMA journal_mode = DELETE")
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    assert_refused_and_untouched(
        &db.path,
        &format!("newer followup (schema version 99; this build knows up to {SCHEMA_VERSION})"),
    )
    .await;
}

#[tokio::test]
async fn sqlite_keeps_data_across_reopening() {
    let db = fresh_sqlite();
    let store = SqliteStore::open(&db.path).await.unwrap();
    store.import(&fixture("context.json")).await.unwrap();
    store.close().await;
    let store = SqliteStore::open(&db.path).await.unwrap();
    assert_eq!(store.export().await.unwrap(), fixture("context.json"));
}

#[tokio::test]
async fn postgres_refuses_a_database_of_other_tables() {
    let url = fresh_postgres().await;
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    conn.execute("CREATE TABLE invoices (id int)")
        .await
        .unwrap();
    let err = PostgresStore::connect(&url).await.unwrap_err();
    assert!(err.to_string().contains("not a followup database"), "{err}");
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(tables, 1, "nothing was created");
}

#[tokio::test]
async fn postgres_refuses_a_database_from_a_newer_followup() {
    let url = fresh_postgres().await;
    PostgresStore::connect(&url).await.unwrap().close().await;
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    conn.execute("UPDATE followup_schema SET version = 99")
        .await
        .unwrap();
    let err = PostgresStore::connect(&url).await.unwrap_err();
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

#[tokio::test]
async fn postgres_instances_that_start_together_migrate_once() {
    let url = fresh_postgres().await;
    let (a, b, c) = tokio::join!(
        PostgresStore::connect(&url),
        PostgresStore::connect(&url),
        PostgresStore::connect(&url)
    );
    let (a, _b, _c) = (a.unwrap(), b.unwrap(), c.unwrap());
    a.import(&fixture("context.json")).await.unwrap();
    assert_eq!(a.export().await.unwrap(), fixture("context.json"));
}

on_both_backends!(many_applications_import_in_bulk_and_merge_again);
async fn many_applications_import_in_bulk_and_merge_again(store: impl Store, _raw: &str) {
    // Enough applications to take the bulk paths, sharing a consultant and an interviewer.
    let context = fixture("context.json");
    let mut doc = context.clone();
    doc.applications = (0..60)
        .map(|n| {
            let mut app = context.applications[n % 3].clone();
            app.key = Key::new(&format!("{}-{n}", app.key)).unwrap();
            app
        })
        .collect();
    let report = store.import(&doc).await.unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (60, 0, 0));
    assert_eq!(store.export().await.unwrap().applications, doc.applications);

    doc.applications[7].role = "Senior Backend Engineer".into();
    let report = store.import(&doc).await.unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 1, 59));
    assert_eq!(store.export().await.unwrap().applications, doc.applications);
}

/// The open actions the core derives from what the store exports, most urgent first, without
/// the one rule that looks across applications (the agenda adds it when it reads).
fn derived(doc: &JobSearch) -> Vec<Action> {
    let mut open: Vec<Action> = plan(doc)
        .into_iter()
        .filter(|a| a.is_open() && a.kind != ActionKind::KeepSearching)
        .collect();
    open.sort_by(followup_core::programme::by_urgency);
    open
}

async fn assert_programme_kept(store: &impl Store) {
    let kept: Vec<Action> = store
        .programme(Reading::All)
        .await
        .unwrap()
        .actions
        .into_iter()
        .map(|l| l.action)
        .collect();
    assert_eq!(kept, derived(&store.export().await.unwrap()));
}

on_both_backends!(the_programme_is_kept_up_to_date_by_every_write);
async fn the_programme_is_kept_up_to_date_by_every_write(store: impl Store, _raw: &str) {
    store.import(&fixture("context.json")).await.unwrap();
    assert_programme_kept(&store).await;
    let view = store
        .programme(Reading::ActionableAt(
            Moment::parse("2026-11-22T12:00:00Z").unwrap().instant(),
        ))
        .await
        .unwrap();
    assert_eq!(view.actions.len(), 5, "{:#?}", view.actions);
    // For a person: the first of each span of due times, and how many each holds.
    let now = Moment::parse("2026-11-22T12:00:00Z").unwrap().instant();
    let at = |t: &str| Moment::parse(t).unwrap().instant();
    let bounds = [at("2026-11-19T15:00:00Z"), at("2026-11-20T12:00:00Z"), now];
    let grouped = store.programme_groups(now, bounds, 1).await.unwrap();
    let expected: Vec<usize> = [None, Some(0), Some(1), Some(2)]
        .iter()
        .map(|from: &Option<usize>| {
            view.actions
                .iter()
                .filter(|l| {
                    let due = l.action.due.instant();
                    from.is_none_or(|f| due >= bounds[f])
                        && bounds
                            .get(from.map_or(0, |f| f + 1))
                            .is_none_or(|b| due < *b)
                })
                .count()
        })
        .collect();
    assert_eq!(grouped.counts, expected);
    assert_eq!(grouped.counts, [2, 3, 0, 0]);
    // The first of each span, most urgent first.
    let first: Vec<&str> = grouped.actions.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(first, ["cd-2", "np-2"]);
    assert_eq!(view.active, 3);
    let ids: Vec<&str> = view.actions.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["cd-2", "cd-3", "np-2", "np-3", "np-4"]);
    // Contoso's thank-yous lapse when its first call opens, on Thursday 26th at 09:00; the
    // store says so, and reads them no longer due from then.
    assert_eq!(
        view.actions[0]
            .action
            .lapses
            .map(|l| l.to_string())
            .as_deref(),
        Some("2026-11-26T09:00:00+00:00")
    );
    let later = store
        .programme(Reading::ActionableAt(
            Moment::parse("2026-11-26T10:00:00Z").unwrap().instant(),
        ))
        .await
        .unwrap();
    assert!(
        !later
            .actions
            .iter()
            .any(|l| l.action.kind == ActionKind::ThankYou
                && l.action.application.as_str() == "contoso-dev"),
        "{:#?}",
        later.actions
    );
    // Every open action still open then, whenever it may start: not the lapsed thank-yous;
    // reading all of them, they are there.
    let contoso_thanks = |view: &followup_store::ProgrammeView| {
        view.actions
            .iter()
            .filter(|l| {
                l.action.kind == ActionKind::ThankYou
                    && l.action.application.as_str() == "contoso-dev"
            })
            .count()
    };
    let then = Moment::parse("2026-11-26T10:00:00Z").unwrap().instant();
    assert_eq!(
        contoso_thanks(&store.programme(Reading::OpenAt(then)).await.unwrap()),
        0
    );
    assert_eq!(
        contoso_thanks(&store.programme(Reading::All).await.unwrap()),
        contoso_thanks(&view)
    );
    assert!(contoso_thanks(&view) > 0);
    assert_eq!(view.actions[0].company, "Contoso");

    // A rejection cancels the Contoso thank-yous and status check, and asks for feedback.
    let key = Key::new("contoso-dev").unwrap();
    store
        .add_event(
            &key,
            &Event::new(
                Moment::parse("2026-11-20T09:30:00+00:00").unwrap(),
                EventKind::Rejection,
            ),
        )
        .await
        .unwrap();
    assert_programme_kept(&store).await;
    let contoso: Vec<ActionKind> = store
        .programme(Reading::All)
        .await
        .unwrap()
        .actions
        .iter()
        .filter(|l| l.action.application == key)
        .map(|l| l.action.kind)
        .collect();
    assert_eq!(contoso, [ActionKind::RequestFeedback]);
    let summary = store
        .summaries()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.key == key)
        .unwrap();
    assert_eq!(summary.stage, Stage::Rejected);

    // An offer accepted elsewhere reaches every other application's programme.
    let key = Key::new("northwind-pm").unwrap();
    store
        .add_event(
            &key,
            &Event::new(
                Moment::parse("2026-11-30T16:00:00+00:00").unwrap(),
                EventKind::OfferAccepted,
            ),
        )
        .await
        .unwrap();
    assert_programme_kept(&store).await;
    let fabrikam: Vec<ActionKind> = store
        .programme(Reading::All)
        .await
        .unwrap()
        .actions
        .iter()
        .filter(|l| l.action.application.as_str() == "fabrikam-analyst")
        .map(|l| l.action.kind)
        .collect();
    assert_eq!(fabrikam, [ActionKind::WithdrawPolitely]);

    // A done entry, and a new time zone for the whole search.
    let signed = Done {
        note: Some("signed".into()),
        ..Done::new(
            Moment::parse("2026-11-30T17:00:00+00:00").unwrap(),
            ActionKind::ReturnContract,
        )
    };
    store.add_done(&key, &signed, None).await.unwrap();
    let (mut profile, settings) = store.profile().await.unwrap();
    let base = followup_core::profile_version(&profile, &settings);
    profile.timezone = Some(TimeZoneName::new("America/New_York").unwrap());
    store
        .save_profile(&profile, &settings, &base)
        .await
        .unwrap();
    let err = store
        .save_profile(&profile, &settings, &base)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Changed { .. }), "{err}");
    assert_programme_kept(&store).await;
    assert_eq!(
        store.export().await.unwrap().applications[0]
            .done
            .last()
            .unwrap()
            .note
            .as_deref(),
        Some("signed")
    );
}

#[tokio::test]
async fn sqlite_derives_the_programme_again_when_the_rules_change() {
    let db = fresh_sqlite();
    let store = SqliteStore::open(&db.path).await.unwrap();
    store.import(&fixture("context.json")).await.unwrap();
    let before = store.programme(Reading::All).await.unwrap().actions;
    assert_eq!(before[0].id, "cd-2");
    store.close().await;
    {
        // As if the plans had been derived by older rules, and lost.
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.path.display()))
            .await
            .unwrap();
        conn.execute("UPDATE plan_rules SET version = 0; DELETE FROM actions")
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    let store = SqliteStore::open(&db.path).await.unwrap();
    assert_eq!(store.programme(Reading::All).await.unwrap().actions, before);
    assert!(!before.is_empty());
}

#[tokio::test]
async fn sqlite_upgrades_a_version_1_database() {
    let db = fresh_sqlite();
    {
        let mut conn =
            sqlx::SqliteConnection::connect(&format!("sqlite:{}?mode=rwc", db.path.display()))
                .await
                .unwrap();
        conn.execute(include_str!("../src/schema/sqlite.sql"))
            .await
            .unwrap();
        conn.execute(
            "PRAGMA application_id = 1179407696; PRAGMA user_version = 1; \
             INSERT INTO profile (id, timezone, settings) VALUES (1, 'Europe/London', '{\"holidays\":[]}'); \
             INSERT INTO applications (key, company, role, applied_on) VALUES ('acme', 'Acme', 'Analyst', '2026-11-02'); \
             INSERT INTO done (application_id, at, kind) VALUES (1, '2026-11-12T09:00:00+00:00', 'follow_up_application')",
        )
        .await
        .unwrap();
        conn.close().await.unwrap();
    }
    let store = SqliteStore::open(&db.path).await.unwrap();
    let doc = store.export().await.unwrap();
    assert_eq!(doc.applications[0].done.len(), 1);
    // The application got its short name on the way.
    let view = store.programme(Reading::All).await.unwrap();
    assert!(view.actions.is_empty());
    assert_eq!(view.few_active[0].1, "ac");
    assert!(!doc.applications[0].done[0].skipped);
    // The follow-up of the application is derived on opening, and the log has it done.
    let all = plan(&doc);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].state.as_str(), "done");
    assert_eq!(store.summaries().await.unwrap()[0].stage, Stage::Applied);
    // The revision came with the upgrade, and counts from there.
    let revision = store.revision().await.unwrap();
    let kept = store
        .application(&doc.applications[0].key)
        .await
        .unwrap()
        .unwrap();
    store
        .save_application(&kept, Some(&kept.version()))
        .await
        .unwrap();
    assert!(store.revision().await.unwrap() > revision);
}

fn letter(id: &str, kind: Option<ActionKind>, to: &str) -> followup_core::Message {
    let mailbox = |name: &str, email: &str| followup_core::Mailbox {
        name: name.into(),
        email: email.into(),
    };
    followup_core::Message {
        id: id.into(),
        queued_at: Moment::parse("2026-11-19T12:00:00+00:00").unwrap(),
        kind,
        interview: None,
        from: mailbox("Alex Morgan", "alex.morgan@example.org"),
        to: mailbox("Anna Kowalski", to),
        via: None,
        subject: "Thank you".into(),
        body: "Dear Anna,\n\nThank you.\n".into(),
        in_reply_to: None,
        references: Vec::new(),
        attachments: vec![followup_core::Attachment {
            name: "deck.pdf".into(),
            content_type: "application/pdf".into(),
            data: vec![0, 159, 146, 150, 255],
        }],
        letterhead: None,
        forwarded: None,
        forced: Vec::new(),
        state: followup_core::MessageState::Queued,
        attempts: 0,
        sent_at: None,
        error: None,
    }
}

on_both_backends!(a_letter_waiting_for_the_consultant_is_forwarded_once);
async fn a_letter_waiting_for_the_consultant_is_forwarded_once(
    store: impl Store + Outbox,
    _raw: &str,
) {
    use followup_core::MessageState::*;
    store.import(&fixture("context.json")).await.unwrap();
    let key = Key::new("northwind-pm").unwrap();
    let now: jiff::Timestamp = "2026-11-19T14:00:00Z".parse().unwrap();
    let mut waiting = letter(
        "waits@example.org",
        Some(ActionKind::ThankYou),
        "luis@northwind.example",
    );
    waiting.via = Some(followup_core::Mailbox {
        name: "Jo Park".into(),
        email: "jo.park@harbour.example".into(),
    });
    waiting.state = Waiting;
    assert!(store.queue(Some(&key), &waiting, true).await.unwrap());
    // It does its action: a second letter for it is refused while it waits, and no worker
    // takes it.
    let mut second = waiting.clone();
    second.id = "second@example.org".into();
    assert!(matches!(
        store.queue(Some(&key), &second, true).await,
        Err(StoreError::AlreadyQueued {
            state: "waiting",
            ..
        })
    ));
    let lease = jiff::SignedDuration::from_mins(4);
    assert!(store.claim(now, lease, 10).await.unwrap().is_empty());
    // Forwarded as the consultant leaves it: queued, with their words, once.
    let mut forwarded = waiting.clone();
    forwarded.body = "Dear Luis,\n\nThank you for Thursday.\n".into();
    forwarded.forwarded = Some(followup_core::Forwarded {
        at: Moment::in_zone(now, &jiff::tz::TimeZone::UTC),
        by: waiting.via.clone().unwrap(),
        from: followup_core::Mailbox {
            name: "Jo Park (Harbour Talent)".into(),
            email: "followup@harbour.example".into(),
        },
        submitted_subject: Some(waiting.subject.clone()),
        submitted_body: Some(waiting.body.clone()),
    });
    let out = store.forward(&forwarded, now).await.unwrap();
    assert_eq!(out.message.state, Queued);
    assert_eq!(out.message.body, forwarded.body);
    assert!(matches!(
        store.forward(&forwarded, now).await,
        Err(StoreError::CannotResolve {
            state: "queued",
            ..
        })
    ));
    let taken = store.claim(now, lease, 10).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].message.forwarded, forwarded.forwarded);
    // Another waits, and is withdrawn: cancelled, and no longer forwardable.
    let mut other = waiting.clone();
    other.id = "other@example.org".into();
    other.to.email = "dana@northwind.example".into();
    assert!(store.queue(Some(&key), &other, true).await.unwrap());
    let gone = store
        .resolve(&other.id, followup_store::Resolution::Cancel, now)
        .await
        .unwrap();
    assert_eq!(gone.message.state, Cancelled);
    assert!(store.forward(&other, now).await.is_err());
}

on_both_backends!(the_outbox_sends_each_letter_once);
async fn the_outbox_sends_each_letter_once(store: impl Store + Outbox, _raw: &str) {
    use followup_core::MessageState::*;
    store.import(&fixture("context.json")).await.unwrap();
    let key = Key::new("contoso-dev").unwrap();
    let now: jiff::Timestamp = "2026-11-19T12:00:00Z".parse().unwrap();
    let lease = jiff::SignedDuration::from_mins(4);
    let open_thanks = |view: followup_store::ProgrammeView| {
        view.actions
            .iter()
            .filter(|l| {
                l.action.kind == ActionKind::ThankYou
                    && l.action.to() == Some("anna.kowalski@contoso.example")
            })
            .count()
    };
    assert_eq!(open_thanks(store.programme(Reading::All).await.unwrap()), 1);

    // Queued: kept, and its action counts as done at once.
    let thanks = letter(
        "a@example.org",
        Some(ActionKind::ThankYou),
        "anna.kowalski@contoso.example",
    );
    assert!(store.queue(Some(&key), &thanks, true).await.unwrap());
    assert!(
        !store.queue(Some(&key), &thanks, false).await.unwrap(),
        "one Message-ID, one letter"
    );
    // Another letter for the same action is refused while this one stands, by the database.
    let again = letter(
        "a2@example.org",
        Some(ActionKind::ThankYou),
        "Anna.Kowalski@contoso.example",
    );
    let err = store.queue(Some(&key), &again, true).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::AlreadyQueued { id, .. } if id == "a@example.org"),
        "{err}"
    );
    assert_eq!(open_thanks(store.programme(Reading::All).await.unwrap()), 0);
    assert_programme_kept(&store).await;

    // Taken by one worker: no other takes it.
    let taken = store.claim(now, lease, 10).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].message.state, Sending);
    assert_eq!(taken[0].message.attempts, 1);
    assert_eq!(
        taken[0].message.attachments, thanks.attachments,
        "bytes kept exactly"
    );
    assert!(store.claim(now, lease, 10).await.unwrap().is_empty());

    // A temporary failure: queued again for later, not before.
    let later = now + jiff::SignedDuration::from_mins(1);
    store
        .settle(
            &taken[0],
            Settlement::Retry {
                at: later,
                error: "451 later".into(),
            },
        )
        .await
        .unwrap();
    assert!(store.claim(now, lease, 10).await.unwrap().is_empty());
    assert_eq!(store.next_due().await.unwrap(), Some(later));
    let again = store.claim(later, lease, 10).await.unwrap();
    // The first worker's word, arriving late, cannot settle the second's turn.
    store
        .settle(
            &taken[0],
            Settlement::Failed {
                error: "late".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .message("a@example.org")
            .await
            .unwrap()
            .unwrap()
            .message
            .state,
        Sending
    );
    assert_eq!(again[0].message.attempts, 2);

    // The worker stops mid-send: after the lease the letter is uncertain, never taken again.
    let much_later = later + jiff::SignedDuration::from_mins(10);
    assert!(store.claim(much_later, lease, 10).await.unwrap().is_empty());
    let kept = store.message("a@example.org").await.unwrap().unwrap();
    assert_eq!(kept.message.state, Uncertain);
    assert_eq!(kept.application, Some(key.clone()));
    assert_eq!(
        open_thanks(store.programme(Reading::All).await.unwrap()),
        0,
        "it may have arrived"
    );

    // An older copy in an import changes nothing.
    let mut doc = store.export().await.unwrap();
    for app in &mut doc.applications {
        for m in &mut app.messages {
            m.state = Queued;
        }
    }
    store.import(&doc).await.unwrap();
    assert_eq!(
        store
            .message("a@example.org")
            .await
            .unwrap()
            .unwrap()
            .message
            .state,
        Uncertain
    );

    // A letter exported while it was being sent comes back uncertain, never `sending` with
    // no worker behind it.
    let mut moving = letter("c@example.org", None, "anna.kowalski@contoso.example");
    moving.state = Sending;
    let mut doc = store.export().await.unwrap();
    doc.applications
        .iter_mut()
        .find(|a| a.key == key)
        .unwrap()
        .messages
        .push(moving);
    store.import(&doc).await.unwrap();
    let came = store
        .message("c@example.org")
        .await
        .unwrap()
        .unwrap()
        .message;
    assert_eq!(came.state, Uncertain);
    assert!(came.error.unwrap().contains("may have arrived"));
    store
        .resolve("c@example.org", Resolution::Cancel, much_later)
        .await
        .unwrap();

    // The user says it arrived.
    let resolved = store
        .resolve("a@example.org", Resolution::Sent, much_later)
        .await
        .unwrap();
    assert_eq!(resolved.message.state, Sent);
    assert!(matches!(
        store
            .resolve("a@example.org", Resolution::Resend, much_later)
            .await,
        Err(StoreError::CannotResolve { .. })
    ));

    // A refusal for good reopens the action; cancelling a queued letter does too.
    let second = letter(
        "b@example.org",
        Some(ActionKind::ThankYou),
        "michael.brown@contoso.example",
    );
    store.queue(Some(&key), &second, true).await.unwrap();
    let taken = store.claim(much_later, lease, 1).await.unwrap();
    store
        .settle(
            &taken[0],
            Settlement::Failed {
                error: "550 no such user".into(),
            },
        )
        .await
        .unwrap();
    let failed = store
        .message("b@example.org")
        .await
        .unwrap()
        .unwrap()
        .message;
    assert_eq!(
        (failed.state, failed.error.as_deref()),
        (Failed, Some("550 no such user"))
    );
    assert_programme_kept(&store).await;
    assert_eq!(
        store.outbox(false).await.unwrap().len(),
        1,
        "the failed one waits for the user"
    );

    // A reminder belongs to no application, and each day's is queued once.
    let reminder = letter(
        "reminder.2026-11-19@example.org",
        None,
        "alex.morgan@example.org",
    );
    assert!(store.queue(None, &reminder, true).await.unwrap());
    assert!(!store.queue(None, &reminder, true).await.unwrap());

    // The record, and the export, keep every letter, cancelled ones too.
    let record = store.record(std::slice::from_ref(&key)).await.unwrap();
    let states = |messages: &[followup_core::Message]| {
        let mut states: Vec<&str> = messages.iter().map(|m| m.state.as_str()).collect();
        states.sort();
        states
    };
    assert_eq!(states(&record[0].messages), ["cancelled", "failed", "sent"]);
    let exported = store.export().await.unwrap();
    let contoso = exported.applications.iter().find(|a| a.key == key).unwrap();
    assert_eq!(states(&contoso.messages), ["cancelled", "failed", "sent"]);
}

on_both_backends!(the_revision_grows_with_every_write_and_only_then);
async fn the_revision_grows_with_every_write_and_only_then(store: impl Store + Outbox, _raw: &str) {
    let now: jiff::Timestamp = "2026-11-19T12:00:00Z".parse().unwrap();
    let lease = jiff::SignedDuration::from_mins(4);
    let key = Key::new("contoso-dev").unwrap();
    let mut last = store.revision().await.unwrap();
    // Whether the revision moved since the last look.
    macro_rules! moved {
        () => {{
            let now = store.revision().await.unwrap();
            assert!(
                now >= last,
                "the revision never goes back: {last} then {now}"
            );
            let moved = now > last;
            last = now;
            moved
        }};
    }

    store.import(&fixture("context.json")).await.unwrap();
    assert!(moved!(), "an import");
    store.export().await.unwrap();
    store.summaries().await.unwrap();
    store.application(&key).await.unwrap();
    store.profile().await.unwrap();
    store.programme(Reading::ActionableAt(now)).await.unwrap();
    store
        .open_actions(std::slice::from_ref(&key))
        .await
        .unwrap();
    store.outbox(true).await.unwrap();
    store.record(std::slice::from_ref(&key)).await.unwrap();
    store.next_due().await.unwrap();
    assert!(store.claim(now, lease, 10).await.unwrap().is_empty());
    assert!(!moved!(), "reading, and a worker finding nothing to do");

    store
        .add_event(
            &key,
            &Event::new(
                Moment::parse("2026-11-18T09:30:00+00:00").unwrap(),
                EventKind::Feedback,
            ),
        )
        .await
        .unwrap();
    assert!(moved!(), "recording an event");
    let (mut profile, settings) = store.profile().await.unwrap();
    let base = followup_core::profile_version(&profile, &settings);
    profile.name = Some("Alex M. Morgan".into());
    store
        .save_profile(&profile, &settings, &base)
        .await
        .unwrap();
    assert!(moved!(), "saving the profile");
    let thanks = letter(
        "r@example.org",
        Some(ActionKind::ThankYou),
        "anna.kowalski@contoso.example",
    );
    assert!(store.queue(Some(&key), &thanks, true).await.unwrap());
    assert!(moved!(), "queueing a letter");
    let taken = store.claim(now, lease, 10).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert!(moved!(), "a worker taking a letter");
    store
        .settle(
            &taken[0],
            Settlement::Failed {
                error: "550 no such user".into(),
            },
        )
        .await
        .unwrap();
    assert!(moved!(), "a worker recording a failure");
    store
        .resolve("r@example.org", Resolution::Cancel, now)
        .await
        .unwrap();
    assert!(moved!(), "the user resolving a letter");
    assert!(
        store
            .resolve("r@example.org", Resolution::Cancel, now)
            .await
            .is_err()
    );
    assert_eq!(store.revision().await.unwrap(), last, "a refused change");
}

on_both_backends!(an_applications_open_actions_are_its_part_of_the_programme);
async fn an_applications_open_actions_are_its_part_of_the_programme(store: impl Store, _raw: &str) {
    store.import(&fixture("context.json")).await.unwrap();
    let all = store.programme(Reading::All).await.unwrap().actions;
    let keys: Vec<Key> = store
        .summaries()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.key)
        .collect();
    assert!(keys.len() >= 3);
    for key in &keys {
        let mine: Vec<_> = all
            .iter()
            .filter(|l| &l.action.application == key)
            .cloned()
            .collect();
        assert_eq!(
            store.open_actions(std::slice::from_ref(key)).await.unwrap(),
            mine
        );
    }
    let two = &keys[..2];
    let theirs: Vec<_> = all
        .iter()
        .filter(|l| two.contains(&l.action.application))
        .cloned()
        .collect();
    assert!(!theirs.is_empty());
    assert_eq!(store.open_actions(two).await.unwrap(), theirs);
    assert_eq!(store.open_actions(&keys).await.unwrap(), all);
    assert!(store.open_actions(&[]).await.unwrap().is_empty());
    let nobody = Key::new("no-such-application").unwrap();
    assert!(store.open_actions(&[nobody]).await.unwrap().is_empty());
}
#[tokio::test]
async fn sqlite_refuses_a_damaged_file() {
    let db = fresh_sqlite();
    let store = SqliteStore::open(&db.path).await.unwrap();
    store.import(&fixture("context.json")).await.unwrap();
    store.close().await;
    {
        // Back to a rollback journal, so that every page is in the main file.
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.path.display()))
            .await
            .unwrap();
        conn.execute("PRAGMA journal_mode = DELETE").await.unwrap();
        conn.close().await.unwrap();
    }
    let mut bytes = std::fs::read(&db.path).unwrap();
    let page = 4096;
    assert!(bytes.len() >= 3 * page, "the fixture fills a few pages");
    // The second page's b-tree header: the header on page 1 stays valid.
    bytes[page..page + 64].fill(0xff);
    std::fs::write(&db.path, &bytes).unwrap();
    assert_refused_and_untouched(&db.path, "is damaged").await;
    let err = SqliteStore::open(&db.path).await.unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("backup"), "{err}");
}

on_both_backends!(each_job_search_sees_only_its_own);
async fn each_job_search_sees_only_its_own(store: impl Store + Outbox, _raw: &str) {
    let context = fixture("context.json");
    let at: jiff::Timestamp = "2026-11-19T12:00:00Z".parse().unwrap();
    assert_eq!(store.search(), SearchId::SOLE);
    store.import(&context).await.unwrap();
    let before = store.programme(Reading::All).await.unwrap().actions;

    // Another search holds the same keys, people and message ids as its own.
    let other = store.for_search(store.create_search(at).await.unwrap());
    assert_ne!(other.search(), SearchId::SOLE);
    assert_eq!(other.export().await.unwrap(), JobSearch::default());
    assert!(other.summaries().await.unwrap().is_empty());
    assert!(
        other
            .programme(Reading::All)
            .await
            .unwrap()
            .actions
            .is_empty()
    );
    let report = other.import(&context).await.unwrap();
    assert_eq!(report.added, 3, "the same keys are new in another search");
    assert_eq!(other.export().await.unwrap(), context);
    let key = Key::new("contoso-dev").unwrap();
    let thanks = letter(
        "same-id@example.org",
        Some(ActionKind::ThankYou),
        "anna.kowalski@contoso.example",
    );
    assert!(store.queue(Some(&key), &thanks, true).await.unwrap());
    assert!(
        other.queue(Some(&key), &thanks, true).await.unwrap(),
        "one Message-ID in each search is two letters"
    );

    // A write in one search is not a change in the other.
    let revision = store.revision().await.unwrap();
    let offer = Key::new("northwind-pm").unwrap();
    other
        .add_event(
            &offer,
            &Event::new(
                Moment::parse("2026-11-25T10:00:00Z").unwrap(),
                EventKind::OfferAccepted,
            ),
        )
        .await
        .unwrap();
    assert_eq!(store.revision().await.unwrap(), revision);
    // An offer accepted in one search withdraws nothing in the other.
    let mine = store.programme(Reading::All).await.unwrap().actions;
    let theirs = other.programme(Reading::All).await.unwrap().actions;
    assert_ne!(mine, theirs);
    let without_thanks = |actions: &[followup_store::ListedAction]| {
        actions
            .iter()
            .filter(|l| l.action.kind != ActionKind::ThankYou)
            .map(|l| l.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        without_thanks(&mine),
        without_thanks(&before),
        "the first search's plan is as it was"
    );
    assert_eq!(
        store
            .summaries()
            .await
            .unwrap()
            .iter()
            .map(|s| s.stage)
            .collect::<Vec<_>>(),
        [Stage::Interviewing; 3]
    );
    assert_eq!(
        other
            .application(&offer)
            .await
            .unwrap()
            .unwrap()
            .events
            .len(),
        context.applications[0].events.len() + 1
    );
    assert_eq!(
        store.application(&offer).await.unwrap().unwrap(),
        context.applications[0]
    );

    // The outbox of each search holds its own letter; the record too.
    assert_eq!(store.outbox(true).await.unwrap().len(), 1);
    assert_eq!(other.outbox(true).await.unwrap().len(), 1);
    let taken = other
        .claim(at, jiff::SignedDuration::from_mins(4), 10)
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(
        store
            .message("same-id@example.org")
            .await
            .unwrap()
            .unwrap()
            .message
            .state,
        followup_core::MessageState::Queued,
        "a worker of one search takes nothing from another"
    );
    assert_eq!(
        store.record(std::slice::from_ref(&key)).await.unwrap()[0]
            .messages
            .len(),
        1
    );

    // The user's own files are the search's own.
    store
        .save_own_file("dictionary.txt", Some("Contoso\n"))
        .await
        .unwrap();
    store
        .save_own_file("templates/thank_you.txt", Some("Thank you.\n"))
        .await
        .unwrap();
    let files = store.own_files().await.unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files["dictionary.txt"], "Contoso\n");
    assert!(other.own_files().await.unwrap().is_empty());
    // A whole job search moves only into an empty one, with its own files, in one go.
    let refused = other.move_in(&context, &files).await.unwrap_err();
    assert!(
        matches!(
            refused,
            StoreError::NotEmpty {
                applications: 3,
                files: 0
            }
        ),
        "{refused}"
    );
    assert!(other.own_files().await.unwrap().is_empty(), "nothing moved");
    let fresh = store.for_search(store.create_search(at).await.unwrap());
    let report = fresh.move_in(&context, &files).await.unwrap();
    assert_eq!(report.added, 3);
    assert_eq!(fresh.export().await.unwrap(), context);
    assert_eq!(fresh.own_files().await.unwrap(), files);
    assert!(matches!(
        fresh.move_in(&context, &files).await,
        Err(StoreError::NotEmpty { .. })
    ));
    store.save_own_file("dictionary.txt", None).await.unwrap();
    assert_eq!(store.own_files().await.unwrap().len(), 1);
    assert_eq!(fresh.own_files().await.unwrap(), files);

    // A search that was never begun holds nothing, and cannot be written.
    let nowhere = store.for_search(SearchId(9_999));
    assert!(nowhere.summaries().await.unwrap().is_empty());
    assert!(matches!(
        nowhere
            .add_event(
                &offer,
                &Event::new(
                    Moment::parse("2026-11-25T10:00:00Z").unwrap(),
                    EventKind::Reply
                )
            )
            .await,
        Err(StoreError::NoSuchApplication { .. })
    ));
}

/// The second wall on its own: a role that neither owns the tables nor is a superuser, with
/// no filter of its own in the query, sees only the rows of the search its transaction names.
#[tokio::test]
async fn postgres_row_level_security_holds_without_the_applications_filter() {
    let url = fresh_postgres().await;
    let owner = PostgresStore::connect(&url).await.unwrap();
    owner.import(&fixture("context.json")).await.unwrap();
    let at: jiff::Timestamp = "2026-11-19T12:00:00Z".parse().unwrap();
    let other = owner.for_search(owner.create_search(at).await.unwrap());
    other.import(&fixture("format-example.json")).await.unwrap();

    let role = format!("followup_app_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'app-password' NOSUPERUSER NOBYPASSRLS"
        )))
        .await
        .unwrap();
    owner.grant(&role).await.unwrap();
    // The same database, as that role (in place of the administrator the URL names).
    let (scheme, rest) = url.split_once("://").unwrap();
    let place = rest.split_once('@').map_or(rest, |(_, place)| place);
    let app_url = format!("{scheme}://{role}:app-password@{place}");
    let mut app = sqlx::PgConnection::connect(&app_url).await.unwrap();
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);

    // Every table that holds a search's rows is behind the wall, read from the catalogue so
    // that a new one cannot escape it (accounts name a candidate's search, but are the
    // agency's, which the application layer guards).
    let tenant_tables: Vec<String> = sqlx::query_scalar(
        "SELECT c.table_name::text FROM information_schema.columns c \
         WHERE c.column_name = 'search_id' AND c.table_schema = current_schema() \
         AND c.table_name <> 'accounts' ORDER BY 1",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(
        tenant_tables.len() >= 12 && tenant_tables.iter().any(|t| t == "own_files"),
        "{tenant_tables:?}"
    );
    let unguarded: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c \
         WHERE c.relname = ANY($1) AND c.relnamespace = current_schema()::regnamespace \
         AND NOT (c.relrowsecurity AND EXISTS \
             (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname))",
    )
    .bind(&tenant_tables)
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(
        unguarded.is_empty(),
        "without row-level security: {unguarded:?}"
    );
    other
        .save_own_file("dictionary.txt", Some("Fabrikam\n"))
        .await
        .unwrap();
    // No search named: nothing at all.
    for table in &tenant_tables {
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                .fetch_one(&mut app)
                .await
                .unwrap();
        assert_eq!(n, 0, "{table} with no search named");
    }
    // The other search named: its rows alone, whatever the query asks for.
    let mut tx = app.begin().await.unwrap();
    sqlx::query("SELECT set_config('app.search', $1, true)")
        .bind(other.search().0.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    let keys: Vec<String> = sqlx::query_scalar("SELECT key FROM applications ORDER BY key")
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    assert_eq!(
        keys,
        [fixture("format-example.json").applications[0]
            .key
            .to_string()]
    );
    let first_search: i64 = count("SELECT count(*) FROM applications WHERE search_id = 1")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(first_search, 0, "asked for by name, still invisible");
    // Nor can it write into another search, or move a row there.
    let err = sqlx::query(
        "INSERT INTO applications (search_id, key, company, role) VALUES (1, 'planted', 'X', 'Y')",
    )
    .execute(&mut *tx)
    .await
    .unwrap_err();
    assert!(err.to_string().contains("row-level security"), "{err}");
    tx.rollback().await.unwrap();
    let mut tx = app.begin().await.unwrap();
    sqlx::query("SELECT set_config('app.search', $1, true)")
        .bind(other.search().0.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    let err = sqlx::query("UPDATE applications SET search_id = 1")
        .execute(&mut *tx)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("row-level security"), "{err}");
    tx.rollback().await.unwrap();
    let moved: i64 = sqlx::query_scalar("SELECT count(*) FROM applications WHERE search_id = 1")
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(
        moved, 3,
        "the first search's applications are where they were"
    );

    // The store itself works as that role, each search through both walls.
    let store = PostgresStore::connect(&app_url).await.unwrap();
    assert_eq!(store.export().await.unwrap(), fixture("context.json"));
    assert_eq!(
        store
            .for_search(other.search())
            .summaries()
            .await
            .unwrap()
            .len(),
        1
    );
    let owns: bool = sqlx::query_scalar(
        "SELECT bool_or(tableowner = current_user) FROM pg_tables WHERE schemaname = current_schema()",
    )
    .fetch_one(&mut app)
    .await
    .unwrap();
    assert!(!owns, "the role owns none of the tables");
    store.close().await;
    app.close().await.unwrap();
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "DROP OWNED BY {role}; DROP ROLE {role}"
        )))
        .await
        .unwrap();
}
