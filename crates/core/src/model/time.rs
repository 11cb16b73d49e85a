use std::fmt;

use jiff::fmt::temporal::Pieces;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};

/// An instant as a person recorded it: the instant, and the UTC offset it was written with,
/// so that `2026-11-20T14:00:00+00:00` is written back exactly so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Moment {
    instant: Timestamp,
    offset: Offset,
}

impl Moment {
    /// The instant `instant`, written in the local time of `tz`.
    pub fn in_zone(instant: Timestamp, tz: &TimeZone) -> Moment {
        Moment {
            instant,
            offset: tz.to_offset(instant),
        }
    }

    pub fn from_zoned(zoned: &Zoned) -> Moment {
        Moment {
            instant: zoned.timestamp(),
            offset: zoned.offset(),
        }
    }

    pub fn instant(&self) -> Timestamp {
        self.instant
    }

    pub fn offset(&self) -> Offset {
        self.offset
    }

    /// Parses RFC 3339 (`2026-11-20T14:00:00+00:00`, `...Z`); the offset is required.
    pub fn parse(text: &str) -> Result<Moment, String> {
        let bad = || format!("not an RFC 3339 time (like 2026-11-20T14:00:00+00:00): {text:?}");
        let pieces = Pieces::parse(text).map_err(|_| bad())?;
        if pieces.time().is_none() || pieces.time_zone_annotation().is_some() {
            return Err(bad());
        }
        let offset = pieces
            .to_numeric_offset()
            .ok_or_else(|| format!("{} (the UTC offset is missing)", bad()))?;
        let instant = text
            .parse::<Timestamp>()
            .map_err(|e| format!("{}: {e}", bad()))?;
        Ok(Moment { instant, offset })
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.instant.display_with_offset(self.offset))
    }
}

impl PartialOrd for Moment {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Moment {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.instant, self.offset).cmp(&(other.instant, other.offset))
    }
}

impl Serialize for Moment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Moment, D::Error> {
        let text = String::deserialize(d)?;
        Moment::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// An IANA time zone name (`Europe/London`) known to the time zone database.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn new(name: &str) -> Result<TimeZoneName, String> {
        TimeZoneName::try_from(name.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn time_zone(&self) -> TimeZone {
        // Checked when the name was made; the database does not shrink while we run.
        TimeZone::get(&self.0).unwrap_or(TimeZone::UTC)
    }
}

impl TryFrom<String> for TimeZoneName {
    type Error = String;

    fn try_from(name: String) -> Result<TimeZoneName, String> {
        match TimeZone::get(&name) {
            Ok(_) => Ok(TimeZoneName(name)),
            Err(_) => Err(format!(
                "{name:?} is not a time zone name (use an IANA name like Europe/London)"
            )),
        }
    }
}

impl From<TimeZoneName> for String {
    fn from(name: TimeZoneName) -> String {
        name.0
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_keep_their_offset() {
        for text in [
            "2026-11-20T14:00:00+00:00",
            "2026-07-01T09:30:00+01:00",
            "2026-11-20T14:00:00.5-05:00",
        ] {
            assert_eq!(Moment::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(
            Moment::parse("2026-11-20T14:00:00Z").unwrap().to_string(),
            "2026-11-20T14:00:00+00:00"
        );
    }

    #[test]
    fn bad_moments_are_refused() {
        for text in [
            "",
            "2026-11-20",
            "2026-11-20T14:00:00",
            "2026-02-31T10:00:00Z",
            "tomorrow",
            "2026-11-20T14:00:00+00:00[Europe/London]",
        ] {
            let err = Moment::parse(text).unwrap_err();
            assert!(err.contains("not an RFC 3339 time"), "{text}: {err}");
        }
    }

    #[test]
    fn zones_are_checked() {
        assert!(TimeZoneName::new("Europe/London").is_ok());
        assert!(TimeZoneName::new("Mars/Olympus").is_err());
    }
}
