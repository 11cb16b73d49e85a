//! The outbox's worker inside `followup serve`. A Send in the web app only queues the letter
//! (in the transaction that refuses a second one for the same action) and answers at once;
//! this task delivers it, woken by the Send, and otherwise looks again when the next retry is
//! due, or after a minute, since the command line or another instance may queue letters too.

use followup_app::postman::{LOOK_AGAIN, deliver_due};

use super::{AppState, Backend};

pub async fn run<S: Backend>(shared: AppState<S>) {
    loop {
        let wait = match deliver_due(&shared.store, shared.context().now).await {
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
