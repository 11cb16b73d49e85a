//! The open actions as an iCalendar file (RFC 5545). Each action is an event at a time a
//! person can act on it: in working hours, on a business day, never before it may start,
//! one half-hour slot each so that one day's actions do not sit on one slot, the most urgent
//! first; what is already due is placed from the morning of today. An alarm rings only for
//! what is still ahead. UIDs come from what makes the action itself, so that a calendar
//! importing the file again updates its events instead of adding copies.

use std::collections::HashMap;
use std::fmt::Write as _;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::{Action, BusinessDays, summary};
use crate::capture::dates::{day_in, time_in};
use crate::model::{Language, Timings};

/// One action as the calendar shows it: its id, and the company it is for.
pub struct Entry<'a> {
    pub id: &'a str,
    pub company: &'a str,
    pub action: &'a Action,
}

/// Where and how the calendar places actions: the user's time zone, working hours and
/// business days, and the English of its words.
pub struct Hours<'a> {
    pub zone: TimeZone,
    pub timings: &'a Timings,
    pub business_days: &'a BusinessDays,
    pub language: Language,
}

/// How long each action's slot is.
const SLOT: SignedDuration = SignedDuration::from_mins(30);

/// The calendar text, with CRLF line ends and long lines folded, as of `now`. Its `DTSTAMP`
/// is the start of `now`'s day (UTC), so the file is the same all day for the same data,
/// except as alarms pass.
pub fn calendar(entries: &[Entry], now: Timestamp, hours: &Hours) -> String {
    let starts = place(entries, now, hours);
    let stamp = now
        .to_zoned(TimeZone::UTC)
        .date()
        .to_datetime(Time::midnight())
        .to_zoned(TimeZone::UTC)
        .map_or(now, |z| z.timestamp());
    let mut out = String::new();
    let mut line = |text: String| fold(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//followup//programme//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line("X-WR-CALNAME:followup".into());
    for (entry, start) in entries.iter().zip(starts) {
        let Entry {
            id,
            company,
            action,
        } = entry;
        let title = format!("{} ({company})", summary(action));
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", uid(action)));
        line(format!("DTSTAMP:{}", utc(stamp)));
        line(format!("DTSTART:{}", utc(start)));
        line(format!("DTEND:{}", utc(start + SLOT)));
        line(format!("SUMMARY:{}", text(&title)));
        line(format!(
            "DESCRIPTION:{}",
            text(&format!(
                "{}\n{}.\nWhen it is done: followup done {id}",
                action.why,
                due_in_words(action, now, hours)
            ))
        ));
        line(format!("CATEGORIES:followup,{}", action.kind));
        line(format!("X-FOLLOWUP-ACTION:{}", text(id)));
        line(format!(
            "X-FOLLOWUP-NOT-BEFORE:{}",
            utc(action.not_before.instant())
        ));
        line(format!("X-FOLLOWUP-DUE:{}", utc(action.due.instant())));
        if start > now {
            line("BEGIN:VALARM".into());
            line("ACTION:DISPLAY".into());
            line(format!("DESCRIPTION:{}", text(&title)));
            line("TRIGGER;RELATED=START:PT0S".into());
            line("END:VALARM".into());
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// "Due by Thursday 26 November at 17:00", or "Was due by …" for what is overdue.
fn due_in_words(action: &Action, now: Timestamp, hours: &Hours) -> String {
    let due = action.due.instant().to_zoned(hours.zone.clone());
    let when = format!(
        "{} at {}",
        day_in(due.date(), hours.language),
        time_in(due.time(), hours.language)
    );
    if action.due.instant() < now {
        format!("Was due by {when}")
    } else {
        format!("Due by {when}")
    }
}

/// The start of each entry's slot, in the order given: the most urgent of those that may
/// start on a day gets the day's first free slot.
fn place(entries: &[Entry], now: Timestamp, hours: &Hours) -> Vec<Timestamp> {
    let zone = &hours.zone;
    let (morning, evening) = (hours.timings.morning, hours.timings.end_of_day);
    let at = |day: Date, time: Time| {
        day.to_datetime(time)
            .to_zoned(zone.clone())
            .map_or(now, |z| z.timestamp())
    };
    // The first moment in working hours at or after `t`.
    let working = |t: Timestamp| {
        let local = t.to_zoned(zone.clone());
        let day = local.date();
        if hours.business_days.is_business_day(day) && local.time() < evening {
            (day, local.time().max(morning))
        } else {
            (hours.business_days.after(day, 1), morning)
        }
    };
    let today = at(now.to_zoned(zone.clone()).date(), morning);
    let mut order: Vec<usize> = (0..entries.len()).collect();
    let from = |i: usize| entries[i].action.not_before.instant().max(today);
    order.sort_by(|&a, &b| {
        (from(a), entries[a].action.due.instant(), a).cmp(&(
            from(b),
            entries[b].action.due.instant(),
            b,
        ))
    });
    // The next free slot of each day that has one taken.
    let mut next: HashMap<Date, Timestamp> = HashMap::new();
    let mut starts = vec![now; entries.len()];
    for i in order {
        let (mut day, time) = working(from(i));
        let mut start = at(day, time);
        loop {
            let free = next.get(&day).copied().unwrap_or(start).max(start);
            // On the half hour, as a person books a slot.
            let free = round_up(free, zone);
            if free + SLOT <= at(day, evening) {
                start = free;
                break;
            }
            day = hours.business_days.after(day, 1);
            start = at(day, morning);
        }
        next.insert(day, start + SLOT);
        starts[i] = start;
    }
    starts
}

/// Up to the next full or half hour.
fn round_up(t: Timestamp, zone: &TimeZone) -> Timestamp {
    let local = t.to_zoned(zone.clone());
    let past = i64::from(local.minute() % 30) * 60 + i64::from(local.second());
    if past == 0 && local.subsec_nanosecond() == 0 {
        return t;
    }
    let base = t
        - SignedDuration::from_secs(past)
        - SignedDuration::from_nanos(i64::from(local.subsec_nanosecond()));
    base + SLOT
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
