//! The daily reminder: one email to the user listing what is due, and nothing when nothing is.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::programme::{Action, summary, when};

/// The reminder's subject and body for the actions that may start by `now` (with their ids),
/// and the number of letters that wait for the user's decision; `None` when there is nothing.
/// `see` says where the user sees them (a command, or the web app's address).
pub fn reminder(
    actions: &[(String, &Action)],
    waiting_letters: usize,
    see: &str,
    now: Timestamp,
    zone: &TimeZone,
) -> Option<(String, String)> {
    if actions.is_empty() && waiting_letters == 0 {
        return None;
    }
    let today = now.to_zoned(zone.clone()).date();
    let subject = match actions.len() {
        0 => format!(
            "followup: letters wait for you ({})",
            crate::capture::dates::long(today)
        ),
        1 => format!(
            "followup: 1 action for {}",
            crate::capture::dates::long(today)
        ),
        n => format!(
            "followup: {n} actions for {}",
            crate::capture::dates::long(today)
        ),
    };
    let mut body = String::new();
    if !actions.is_empty() {
        body.push_str("What the programme asks of you now, most urgent first:\n\n");
        for (id, action) in actions {
            body.push_str(&format!(
                "  {id}  {} — {}.\n",
                summary(action),
                when(action, now, zone)
            ));
        }
        body.push_str(&format!("\n{see}\n"));
    }
    if waiting_letters > 0 {
        body.push_str(&format!(
            "\n{waiting_letters} letter{} in the outbox need{} your decision.\n",
            if waiting_letters == 1 { "" } else { "s" },
            if waiting_letters == 1 { "s" } else { "" },
        ));
    }
    Some((subject, body))
}
