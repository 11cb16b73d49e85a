//! The open actions as an iCalendar file (RFC 5545): one event per action at its
//! `not_before`, with an alarm then. UIDs come from what makes the action itself, so that a
//! calendar importing the file again updates its events instead of adding copies.

use std::fmt::Write as _;

use jiff::{SignedDuration, Timestamp};

use super::{Action, summary};

/// One action as the calendar shows it: its id, and the company it is for.
pub struct Entry<'a> {
    pub id: &'a str,
    pub company: &'a str,
    pub action: &'a Action,
}

/// The calendar text, with CRLF line ends and long lines folded. `stamp` is when it was made.
pub fn calendar(entries: &[Entry], stamp: Timestamp) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//followup//programme//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line("X-WR-CALNAME:followup".into());
    for Entry {
        id,
        company,
        action,
    } in entries
    {
        let title = format!("{} ({company})", summary(action));
        let start = action.not_before.instant();
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", uid(action)));
        line(format!("DTSTAMP:{}", utc(stamp)));
        line(format!("DTSTART:{}", utc(start)));
        line(format!(
            "DTEND:{}",
            utc(start + SignedDuration::from_mins(30))
        ));
        line(format!("SUMMARY:{}", text(&title)));
        line(format!(
            "DESCRIPTION:{}",
            text(&format!(
                "{}\nDue {}.\nWhen it is done: followup done {id}",
                action.why, action.due
            ))
        ));
        line(format!("CATEGORIES:followup,{}", action.kind));
        line(format!("X-FOLLOWUP-ACTION:{}", text(id)));
        line(format!("X-FOLLOWUP-DUE:{}", utc(action.due.instant())));
        line("BEGIN:VALARM".into());
        line("ACTION:DISPLAY".into());
        line(format!("DESCRIPTION:{}", text(&title)));
        line("TRIGGER;RELATED=START:PT0S".into());
        line("END:VALARM".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// The action's identity, made safe for a UID: letters, digits and `._@-` stay, `/` becomes
/// `.`, anything else is percent-encoded, so two identities never share a UID.
fn uid(action: &Action) -> String {
    let raw = format!("{}/{}", action.application, action.identity);
    let mut out = String::new();
    for byte in raw.bytes() {
        match byte {
            b'/' => out.push('.'),
            b if b.is_ascii_alphanumeric() || b"_@-".contains(&b) => out.push(char::from(b)),
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out.push_str("@followup");
    out
}

fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value: backslash, semicolon, comma and newline escaped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets without splitting a character.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é".repeat(80));
        fold(&mut out, &line);
        for part in out.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), line);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
