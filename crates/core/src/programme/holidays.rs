//! The built-in public holiday calendars, chosen in the settings by name (`"gb-eng"`).

use jiff::civil::Date;

#[path = "holidays_data.rs"]
mod data;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HolidayCalendar {
    EnglandAndWales,
    Scotland,
    UnitedStates,
    Canada,
    Australia,
}

impl HolidayCalendar {
    pub const ALL: [HolidayCalendar; 5] = [
        HolidayCalendar::EnglandAndWales,
        HolidayCalendar::Scotland,
        HolidayCalendar::UnitedStates,
        HolidayCalendar::Canada,
        HolidayCalendar::Australia,
    ];

    /// The years the built-in tables cover; outside them only weekends and the user's own
    /// dates count.
    pub const FIRST_YEAR: i16 = 2025;
    pub const LAST_YEAR: i16 = 2030;

    pub fn as_str(self) -> &'static str {
        match self {
            HolidayCalendar::EnglandAndWales => "gb-eng",
            HolidayCalendar::Scotland => "gb-sct",
            HolidayCalendar::UnitedStates => "us",
            HolidayCalendar::Canada => "ca",
            HolidayCalendar::Australia => "au",
        }
    }

    pub fn parse(text: &str) -> Option<HolidayCalendar> {
        HolidayCalendar::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
    }

    pub fn name(self) -> &'static str {
        match self {
            HolidayCalendar::EnglandAndWales => "England and Wales",
            HolidayCalendar::Scotland => "Scotland",
            HolidayCalendar::UnitedStates => "United States (federal)",
            HolidayCalendar::Canada => "Canada (federal)",
            HolidayCalendar::Australia => "Australia (national)",
        }
    }

    /// The weekdays that are public holidays, substitute days included, in order.
    pub fn dates(self) -> &'static [Date] {
        match self {
            HolidayCalendar::EnglandAndWales => data::GB_ENG,
            HolidayCalendar::Scotland => data::GB_SCT,
            HolidayCalendar::UnitedStates => data::US,
            HolidayCalendar::Canada => data::CA,
            HolidayCalendar::Australia => data::AU,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Weekday, date};

    #[test]
    fn tables_are_sorted_weekdays_within_their_years() {
        for calendar in HolidayCalendar::ALL {
            let dates = calendar.dates();
            assert!(
                dates.len() >= 6 * 6,
                "{}: {} dates",
                calendar.name(),
                dates.len()
            );
            assert!(dates.windows(2).all(|w| w[0] < w[1]), "{}", calendar.name());
            for d in dates {
                assert!(!matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday));
                assert!(
                    (HolidayCalendar::FIRST_YEAR..=HolidayCalendar::LAST_YEAR).contains(&d.year())
                );
            }
        }
    }

    #[test]
    fn known_days() {
        let has = |c: HolidayCalendar, d: Date| c.dates().contains(&d);
        // Boxing Day 2026 is a Saturday: the substitute is Monday 28 December.
        assert!(has(HolidayCalendar::EnglandAndWales, date(2026, 12, 28)));
        assert!(has(HolidayCalendar::EnglandAndWales, date(2026, 4, 6)));
        assert!(!has(HolidayCalendar::Scotland, date(2026, 4, 6)));
        assert!(has(HolidayCalendar::Scotland, date(2026, 11, 30)));
        // Independence Day 2026 is a Saturday, observed on Friday 3 July.
        assert!(has(HolidayCalendar::UnitedStates, date(2026, 7, 3)));
        assert!(has(HolidayCalendar::UnitedStates, date(2026, 11, 26)));
        assert!(has(HolidayCalendar::Canada, date(2026, 7, 1)));
        assert!(has(HolidayCalendar::Australia, date(2026, 1, 26)));
        assert_eq!(
            HolidayCalendar::parse("GB-ENG"),
            Some(HolidayCalendar::EnglandAndWales)
        );
        assert_eq!(HolidayCalendar::parse("fr"), None);
    }
}
