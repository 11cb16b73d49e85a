//! The outbox's worker inside `followup serve`. A Send in the web app only queues the letter
//! (in the transaction that refuses a second one for the same action) and answers at once;
//! this task delivers it, woken by the Send, and otherwise looks again when the next retry is
//! due, or after a minute, since the command line or another instance may queue letters too.

use std::time::Duration;

use super::{AppState, Backend};
use crate::postman::Postman;

/// The longest the worker sleeps with letters perhaps waiting.
const LOOK_AGAIN: Duration = Duration::from_secs(60);

pub async fn run<S: Backend>(shared: AppState<S>) {
    loop {
        let wait = match round(&shared).await {
            Ok(wait) => wait,
            Err(e) => {
                // What failed, never a letter's words: the postman's errors name servers.
                eprintln!("outbox: {e:#}");
                LOOK_AGAIN
            }
        };
        tokio::select! {
            () = shared.wake.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// Delivers what is due; answers how long to wait before looking again.
async fn round<S: Backend>(shared: &AppState<S>) -> anyhow::Result<Duration> {
    let now = shared.context().now;
    let (_, settings) = shared.store.profile().await?;
    if settings.mail.is_some() {
        let mut postman = Postman::new(&shared.store, settings.mail.as_ref(), now)?;
        postman.deliver(false).await?;
    }
    let next = shared.store.next_due().await?;
    Ok(next
        .and_then(|at| Duration::try_from(at.duration_since(now)).ok())
        .map_or(LOOK_AGAIN, |d| {
            d.clamp(Duration::from_millis(50), LOOK_AGAIN)
        }))
}
