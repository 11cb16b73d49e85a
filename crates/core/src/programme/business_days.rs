//! Business days: Monday to Friday, minus the public holidays of the settings.

use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday};

use crate::model::{Holiday, Settings};

#[derive(Debug, Clone, Default)]
pub struct BusinessDays {
    holidays: BTreeSet<Date>,
}

impl BusinessDays {
    pub fn new(settings: &Settings) -> BusinessDays {
        let mut holidays = BTreeSet::new();
        for entry in &settings.holidays {
            match entry {
                Holiday::Date(date) => {
                    holidays.insert(*date);
                }
                Holiday::Calendar(calendar) => holidays.extend(calendar.dates()),
            }
        }
        BusinessDays { holidays }
    }

    pub fn is_business_day(&self, date: Date) -> bool {
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !self.holidays.contains(&date)
    }

    /// Why `date` is not a business day, to follow the date itself: it "falls on a weekend",
    /// or it "is a public holiday" in the settings.
    pub fn day_off(&self, date: Date) -> Option<&'static str> {
        match date.weekday() {
            Weekday::Saturday | Weekday::Sunday => Some("falls on a weekend"),
            _ if self.holidays.contains(&date) => Some("is a public holiday"),
            _ => None,
        }
    }

    /// A word about a date the employer named that is not a business day, shown beside it:
    /// "Monday, January 18, 2027 is a public holiday: check that is the day they meant."
    pub fn day_off_note(&self, date: Date, language: crate::model::Language) -> Option<String> {
        self.day_off(date).map(|why| {
            format!(
                "{} {why}: check that is the day they meant.",
                crate::capture::dates::long_in(date, language)
            )
        })
    }

    /// `bd(D, n)`: the n-th business day strictly after `date` (`date` itself for n = 0).
    pub fn after(&self, date: Date, n: u32) -> Date {
        self.walk(date, n, Date::tomorrow)
    }

    /// The n-th business day strictly before `date`.
    pub fn before(&self, date: Date, n: u32) -> Date {
        self.walk(date, n, Date::yesterday)
    }

    fn walk(&self, mut date: Date, n: u32, step: fn(Date) -> Result<Date, jiff::Error>) -> Date {
        let mut left = n;
        while left > 0 {
            // Dates are checked on the way in; the ends of the calendar are never reached.
            let Ok(next) = step(date) else { return date };
            date = next;
            if self.is_business_day(date) {
                left -= 1;
            }
        }
        date
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn weekends_and_holidays_are_skipped() {
        let settings = Settings {
            holidays: vec![
                Holiday::Date(date(2026, 12, 25)),
                Holiday::Date(date(2026, 12, 28)),
            ],
            ..Settings::default()
        };
        let bd = BusinessDays::new(&settings);
        // Friday 13 November 2026 + 2 business days: Tuesday 17 November.
        assert_eq!(bd.after(date(2026, 11, 13), 2), date(2026, 11, 17));
        assert_eq!(bd.after(date(2026, 11, 24), 2), date(2026, 11, 26));
        // Christmas Eve + 1: Christmas and the substitute Boxing Day are holidays.
        assert_eq!(bd.after(date(2026, 12, 24), 1), date(2026, 12, 29));
        assert_eq!(bd.before(date(2026, 12, 29), 1), date(2026, 12, 24));
        assert_eq!(bd.after(date(2026, 11, 22), 0), date(2026, 11, 22));
    }

    #[test]
    fn a_calendar_by_name() {
        let settings = Settings {
            holidays: vec![Holiday::parse("gb-sct").unwrap()],
            ..Settings::default()
        };
        let bd = BusinessDays::new(&settings);
        assert!(!bd.is_business_day(date(2026, 11, 30)));
        assert_eq!(bd.after(date(2026, 11, 27), 1), date(2026, 12, 1));
    }
}
