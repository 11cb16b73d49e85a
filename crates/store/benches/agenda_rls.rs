//! What row-level security costs the agenda's query in an agency's database of many job
//! searches (bench/run-rls). One search is the shared sample (tests/fixtures/context.json); it
//! is copied, as rows, into `FOLLOWUP_BENCH_SEARCHES` searches (100,000 by default). Then the
//! agenda for a person (`Store::programme_groups`) of searches picked across the range is read,
//! the same calls through the same code, as the app's role that row-level security holds and as
//! the administrator it does not: the difference is the second wall's cost.
//!
//! Needs `FOLLOWUP_TEST_POSTGRES_URL` (an administrator's URL); bench/run-rls starts a throwaway
//! server and runs this in a release build.

use std::time::{Duration, Instant};

use followup_core::capture::parse_document;
use followup_store::testing::{app_role, fresh_postgres};
use followup_store::{PostgresStore, SearchId, Store};
use sqlx::{Connection, Executor};

/// The agenda's moment and bounds: a day into the sample's programme.
const NOW: &str = "2026-11-21T09:00:00Z";

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let searches: i64 = std::env::var("FOLLOWUP_BENCH_SEARCHES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let reads: usize = std::env::var("FOLLOWUP_BENCH_READS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let url = fresh_postgres().await;
    let owner = PostgresStore::connect(&url).await.expect("the database");
    let path = format!(
        "{}/../../tests/fixtures/context.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let sample = parse_document(&std::fs::read(&path).expect("the sample")).expect("the sample");
    owner.import(&sample).await.expect("the sample imports");

    let started = Instant::now();
    copy_search(&url, searches).await;
    let loaded = started.elapsed();
    let app_url = app_role(&url).await;
    owner
        .grant(&PostgresStore::role_of(&app_url).expect("a role"))
        .await
        .expect("the grant");
    let mut admin = sqlx::PgConnection::connect(&url).await.expect("the admin");
    let (actions, size): (i64, String) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM actions), pg_size_pretty(pg_database_size(current_database()))",
    )
    .fetch_one(&mut admin)
    .await
    .expect("the sizes");
    println!(
        "{searches} job searches, {actions} open actions, {size}; copied in {:.1} s",
        loaded.as_secs_f64()
    );

    let app = PostgresStore::connect(&app_url)
        .await
        .expect("the app's role");
    let now: jiff::Timestamp = NOW.parse().expect("a moment");
    let day = jiff::SignedDuration::from_hours(24);
    let bounds = [now, now + day, now + day * 7];
    // The same searches in the same order for both, spread across the whole range.
    let picked: Vec<SearchId> = (0..reads as i64)
        .map(|i| SearchId(1 + (i * 7_919) % searches))
        .collect();
    let expected = owner
        .for_search(picked[1])
        .programme_groups(now, bounds, 25)
        .await
        .expect("the agenda")
        .actions
        .len();
    assert!(expected > 0, "the copied search has actions to show");
    // Twice each, alternating, so both meet the same state of the machine; the second
    // round is the one reported (caches warm for both).
    let mut figures = Vec::new();
    for round in 0..2 {
        for (name, store) in [
            ("with row-level security (app role)", &app),
            ("without (administrator)", &owner),
        ] {
            let mut times = Vec::with_capacity(picked.len());
            for &search in &picked {
                let one = store.for_search(search);
                let t = Instant::now();
                let view = one
                    .programme_groups(now, bounds, 25)
                    .await
                    .expect("the agenda");
                times.push(t.elapsed());
                assert_eq!(view.actions.len(), expected, "every search holds the same");
            }
            if round == 1 {
                figures.push((name, summary(&mut times)));
            }
        }
    }
    for (name, (mean, p50, p99)) in &figures {
        println!(
            "agenda of one search, {name}: mean {:.3} ms, p50 {:.3} ms, p99 {:.3} ms ({reads} reads)",
            ms(*mean),
            ms(*p50),
            ms(*p99)
        );
    }
    let (with, without) = (figures[0].1.0, figures[1].1.0);
    println!(
        "row-level security costs {:+.3} ms a read ({:+.1}%)",
        ms(with) - ms(without),
        (ms(with) / ms(without) - 1.0) * 100.0
    );
    // The plan as the app's role sees it, for the record.
    let mut conn = sqlx::PgConnection::connect(&app_url)
        .await
        .expect("the app");
    let mut tx = conn.begin().await.expect("a transaction");
    tx.execute(sqlx::AssertSqlSafe(format!(
        "SELECT set_config('app.search', '{}', true)",
        picked[1].0
    )))
    .await
    .expect("the search");
    let plan: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM actions x WHERE x.search_id = {} \
         AND x.state = 'open' ORDER BY x.due_utc LIMIT 25",
        picked[1].0
    )))
    .fetch_all(&mut *tx)
    .await
    .expect("the plan");
    println!(
        "the agenda's range as the app's role:\n  {}",
        plan.join("\n  ")
    );
}

/// Copies search 1's rows that the agenda reads (its profile, revision, applications and
/// actions) into searches 2..=n, as the administrator, in batches of 10,000 searches.
async fn copy_search(url: &str, n: i64) {
    let mut conn = sqlx::PgConnection::connect(url).await.expect("the admin");
    let span: i64 = sqlx::query_scalar("SELECT max(id) + 1 FROM applications")
        .fetch_one(&mut conn)
        .await
        .expect("the applications");
    let mut from = 2;
    while from <= n {
        let to = (from + 9_999).min(n);
        let batch = format!(
            "INSERT INTO searches (id, created_at) SELECT g, created_at FROM searches, \
               generate_series({from}, {to}) g WHERE id = 1;
             INSERT INTO revision (search_id, n) SELECT g, 0 FROM generate_series({from}, {to}) g;
             INSERT INTO profile (search_id, name, email, phone, language, timezone, signature, settings)
               SELECT g, name, email, phone, language, timezone, signature, settings
               FROM profile, generate_series({from}, {to}) g WHERE search_id = 1;
             INSERT INTO applications SELECT (jsonb_populate_record(a, jsonb_build_object(
                 'id', a.id + g * {span}, 'search_id', g))).*
               FROM applications a, generate_series({from}, {to}) g WHERE a.search_id = 1;
             INSERT INTO actions SELECT (jsonb_populate_record(a, jsonb_build_object(
                 'application_id', a.application_id + g * {span}, 'search_id', g))).*
               FROM actions a, generate_series({from}, {to}) g WHERE a.search_id = 1;"
        );
        conn.execute(sqlx::AssertSqlSafe(batch))
            .await
            .unwrap_or_else(|e| panic!("copying searches {from} to {to}: {e}"));
        from = to + 1;
    }
    conn.execute("SELECT setval(pg_get_serial_sequence('searches', 'id'), (SELECT max(id) FROM searches)); ANALYZE")
        .await
        .expect("the statistics");
}

fn summary(times: &mut [Duration]) -> (Duration, Duration, Duration) {
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    (mean, at(0.5), at(0.99))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
