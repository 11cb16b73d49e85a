//! Times typed on the command line: RFC 3339, or a local date and time in the application's zone.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;

use super::dates;
use crate::model::{Language, Moment};

/// Reads `2026-11-20T14:00:00+00:00`, `2026-11-20 14:00`, or a date as people write it with a
/// time (`Friday 4 December 14:00`, `tomorrow at 9:30`), local to `tz`. Dates without a year
/// are resolved against `today`.
pub fn parse_time(
    text: &str,
    tz: &TimeZone,
    today: Date,
    language: Language,
    days: &crate::programme::BusinessDays,
) -> Result<Moment, String> {
    let text = text.trim();
    if let Ok(moment) = Moment::parse(text) {
        return Ok(moment);
    }
    let (date_part, time_part) = text.rsplit_once([' ', 'T']).ok_or_else(|| {
        format!("{text:?} is not a time: write a date and a time, like \"2026-11-20 14:00\"")
    })?;
    let time = parse_clock(time_part)
        .ok_or_else(|| format!("{time_part:?} is not a time of day (like 14:00)"))?;
    let date_part = date_part.trim().trim_end_matches(" at").trim();
    let date = dates::resolve(date_part, today, language, days)?;
    let zoned = date
        .to_datetime(time)
        .to_zoned(tz.clone())
        .map_err(|e| format!("{text:?} is not a time in this time zone: {e}"))?;
    Ok(Moment::from_zoned(&zoned))
}

/// `14:00`, `9:30`, `14:00:00`, `2pm`, `9.30am`.
fn parse_clock(text: &str) -> Option<Time> {
    let lower = text.to_lowercase();
    let (digits, offset) = match (lower.strip_suffix("am"), lower.strip_suffix("pm")) {
        (Some(d), _) => (d.to_string(), Some(0)),
        (_, Some(d)) => (d.to_string(), Some(12)),
        _ => (lower, None),
    };
    let mut parts = digits.split([':', '.']);
    let hour: i8 = parts.next()?.parse().ok()?;
    let minute: i8 = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    let second: i8 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    if parts.next().is_some() {
        return None;
    }
    let hour = match offset {
        Some(add) if (1..=12).contains(&hour) => hour % 12 + add,
        Some(_) => return None,
        None if digits.contains([':', '.']) => hour,
        None => return None,
    };
    Time::new(hour, minute, second, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn london(text: &str) -> Result<String, String> {
        let tz = TimeZone::get("Europe/London").unwrap();
        let days = crate::programme::BusinessDays::new(&Default::default());
        parse_time(text, &tz, date(2026, 11, 20), Language::EnGb, &days).map(|m| m.to_string())
    }

    #[test]
    fn local_times_take_the_zone_offset() {
        assert_eq!(
            london("2026-11-20 14:00").unwrap(),
            "2026-11-20T14:00:00+00:00"
        );
        assert_eq!(
            london("2026-07-01 09:30").unwrap(),
            "2026-07-01T09:30:00+01:00"
        );
        assert_eq!(
            london("Friday 4 December 2pm").unwrap(),
            "2026-12-04T14:00:00+00:00"
        );
        assert_eq!(
            london("tomorrow at 9:30").unwrap(),
            "2026-11-21T09:30:00+00:00"
        );
        assert_eq!(
            london("2026-11-20T14:00:00-05:00").unwrap(),
            "2026-11-20T14:00:00-05:00"
        );
    }

    #[test]
    fn bad_times_say_why() {
        assert!(london("2026-11-20").unwrap_err().contains("not a time"));
        assert!(
            london("2026-11-20 25:00")
                .unwrap_err()
                .contains("not a time of day")
        );
        assert!(
            london("31 February 10:00")
                .unwrap_err()
                .contains("February has no day 31")
        );
    }
}
