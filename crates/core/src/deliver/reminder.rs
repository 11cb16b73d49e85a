//! The daily reminder: one email to the user listing what is due, and nothing when nothing is;
//! due at 08:00 in the user's time zone.

use jiff::Timestamp;
use jiff::civil::Date;
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

/// The next moment a daily reminder is due after `after`: 08:00 in `zone`.
pub fn next_after(after: Timestamp, zone: &TimeZone) -> Timestamp {
    let local = after.to_zoned(zone.clone());
    let at_eight = |day: Date| {
        day.at(REMINDER_HOUR, 0, 0, 0)
            .to_zoned(zone.clone())
            .map_or(after, |z| z.timestamp())
    };
    let today = at_eight(local.date());
    if today > after {
        today
    } else {
        local.date().tomorrow().map_or(after, at_eight)
    }
}

/// The hour of the daily reminder, in the user's time zone.
pub const REMINDER_HOUR: i8 = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reminder_is_due_at_eight_in_the_users_zone() {
        let london = TimeZone::get("Europe/London").unwrap();
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        // Before eight: today's. At or after eight: tomorrow's.
        assert_eq!(
            next_after(at("2026-12-07T07:59:00Z"), &london),
            at("2026-12-07T08:00:00Z")
        );
        assert_eq!(
            next_after(at("2026-12-07T08:00:00Z"), &london),
            at("2026-12-08T08:00:00Z")
        );
        // Summer time: eight in London is seven in UTC.
        assert_eq!(
            next_after(at("2026-07-01T12:00:00Z"), &london),
            at("2026-07-02T07:00:00Z")
        );
        assert_eq!(
            next_after(at("2026-12-07T00:00:00Z"), &tokyo),
            at("2026-12-07T23:00:00Z")
        );
    }
}
