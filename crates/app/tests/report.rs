//! The report to the consultant and the company's feedback on a real store (SQLite): what
//! they do to the programme, and that a second click or tab records nothing twice.

use followup_app::own::Keeping;
use followup_app::report::{self, FeedbackInput, Share};
use followup_app::{AppError, Context};
use followup_core::capture::parse_document;
use followup_core::{ActionKind, EventKind, Key};
use followup_store::{Reading, SqliteStore, Store, StoreError};

fn at(now: &str) -> Context {
    Context {
        now: now.parse().unwrap(),
        fixed: true,
        keeping: Keeping::Files,
    }
}

/// The shared sample search, in a fresh SQLite file.
async fn sample() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("followup.db"))
        .await
        .unwrap();
    let path = format!(
        "{}/../../tests/fixtures/context.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc = parse_document(&std::fs::read(path).unwrap()).unwrap();
    store.import(&doc).await.unwrap();
    (dir, store)
}

fn feedback(app: &str, decision: Option<&str>, next_date: Option<&str>) -> FeedbackInput {
    FeedbackInput {
        app: app.into(),
        interview: "r1".into(),
        impressed: vec!["- The roadmap answers".into()],
        worried: vec!["Pricing experience".into()],
        fit: Some("Good with the team".into()),
        next_step: Some("A second round".into()),
        next_date: next_date.map(str::to_string),
        decision: decision.map(str::to_string),
    }
}

/// An application as the store keeps it now.
async fn kept(store: &SqliteStore, key: &str) -> followup_core::Application {
    store
        .application(&Key::new(key).unwrap())
        .await
        .unwrap()
        .unwrap()
}

async fn open_kinds(store: &SqliteStore, key: &str, now: &Context) -> Vec<ActionKind> {
    store
        .programme(Reading::OpenAt(now.now))
        .await
        .unwrap()
        .actions
        .iter()
        .filter(|l| l.action.application.as_str() == key)
        .map(|l| l.action.kind)
        .collect()
}

#[tokio::test]
async fn a_report_is_shared_once_and_feedback_acts_as_the_reply_it_is() {
    let (_dir, store) = sample().await;
    let now = at("2026-11-23T10:00:00Z");

    // The report: once for the same words, again for new ones.
    let share = |pass_on: &str| Share {
        app: "northwind-pm".into(),
        interview: "r1".into(),
        pass_on: Some(pass_on.into()),
    };
    report::share(share("I can start in January."), &store, &now)
        .await
        .unwrap();
    report::share(share("I can start in January."), &store, &now)
        .await
        .unwrap();
    let app = kept(&store, "northwind-pm").await;
    let reports = app
        .done
        .iter()
        .filter(|d| d.kind == ActionKind::ReportToConsultant)
        .count();
    assert_eq!(reports, 1, "the same report twice is one");
    assert_eq!(
        report::shared(&app, &Key::new("r1").unwrap()).and_then(|d| d.note.as_deref()),
        Some("I can start in January.")
    );

    // A rejection through the consultant: the feedback is given, so nothing asks for it,
    // and nothing from before the decision stays.
    let before = open_kinds(&store, "northwind-pm", &now).await;
    assert!(!before.is_empty());
    report::record_feedback(
        feedback("northwind-pm", Some("rejected"), None),
        &store,
        &now,
    )
    .await
    .unwrap();
    let after = open_kinds(&store, "northwind-pm", &now).await;
    assert!(
        !after.iter().any(|k| matches!(
            k,
            ActionKind::RequestFeedback | ActionKind::StatusCheck | ActionKind::ThankYou
        )),
        "{after:?}"
    );
    let app = kept(&store, "northwind-pm").await;
    let kinds: Vec<EventKind> = app.events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::Rejection, EventKind::Feedback]);
    assert_eq!(
        report::feedback_on(&app, &Key::new("r1").unwrap()).map(|f| f.impressed.clone()),
        Some(vec!["The roadmap answers".to_string()]),
        "a bullet pasted from notes is not part of the item"
    );

    // The same feedback again (a second click after the first landed) records nothing.
    report::record_feedback(
        feedback("northwind-pm", Some("rejected"), None),
        &store,
        &now,
    )
    .await
    .unwrap();
    let again = kept(&store, "northwind-pm").await;
    assert_eq!(again.events.len(), 2);
    // Two at once: the one that read before the other wrote is refused, not doubled.
    let stale = store
        .add_events(&again.key, &again.events[..1], Some(1))
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Changed { .. }), "{stale}");

    // Still deciding, with a date: the reply that moves the calls.
    report::record_feedback(
        feedback("contoso-dev", Some("undecided"), Some("Friday 4 December")),
        &store,
        &now,
    )
    .await
    .unwrap();
    let contoso = kept(&store, "contoso-dev").await;
    let reply = contoso
        .events
        .iter()
        .find(|e| e.kind == EventKind::Reply)
        .expect("the reply");
    assert_eq!(reply.decision_by, Some("2026-12-04".parse().unwrap()));

    // Refused, with nothing recorded: empty feedback, a date that has passed, a decision
    // that is not one, an interview still to come.
    let empty = FeedbackInput {
        app: "fabrikam-analyst".into(),
        interview: "r1".into(),
        ..FeedbackInput::default()
    };
    for (input, field) in [
        (empty, None),
        (
            feedback("fabrikam-analyst", None, Some("1 November")),
            Some("next_date"),
        ),
        (
            feedback("fabrikam-analyst", Some("maybe"), None),
            Some("decision"),
        ),
    ] {
        match report::record_feedback(input, &store, &now).await {
            Err(AppError::Invalid { field: got, .. }) => assert_eq!(got, field),
            other => panic!("{other:?}"),
        }
    }
    let early = at("2026-11-09T10:00:00Z");
    assert!(
        report::record_feedback(feedback("fabrikam-analyst", None, None), &store, &early)
            .await
            .is_err()
    );
    let fabrikam = kept(&store, "fabrikam-analyst").await;
    assert!(fabrikam.events.is_empty(), "nothing was recorded");
}
