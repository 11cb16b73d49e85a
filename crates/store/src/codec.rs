//! Values to and from their stored text: the same on both backends.

use followup_core::{Moment, TimeZoneName};
use jiff::civil::Date;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::StoreError;

fn corrupt(what: &'static str, value: &str) -> StoreError {
    StoreError::Corrupt {
        what,
        value: value.chars().take(80).collect(),
    }
}

pub(crate) fn moment(text: &str) -> Result<Moment, StoreError> {
    Moment::parse(text).map_err(|_| corrupt("time", text))
}

pub(crate) fn opt_moment(text: Option<String>) -> Result<Option<Moment>, StoreError> {
    text.as_deref().map(moment).transpose()
}

pub(crate) fn timestamp(text: &str) -> Result<jiff::Timestamp, StoreError> {
    text.parse().map_err(|_| corrupt("time", text))
}

pub(crate) fn date(text: &str) -> Result<Date, StoreError> {
    text.parse().map_err(|_| corrupt("date", text))
}

pub(crate) fn opt_date(text: Option<String>) -> Result<Option<Date>, StoreError> {
    text.as_deref().map(date).transpose()
}

pub(crate) fn opt_zone(text: Option<String>) -> Result<Option<TimeZoneName>, StoreError> {
    text.map(|t| TimeZoneName::new(&t).map_err(|_| corrupt("time zone", &t)))
        .transpose()
}

pub(crate) fn key(text: String) -> Result<followup_core::Key, StoreError> {
    followup_core::Key::new(&text).map_err(|_| corrupt("key", &text))
}

pub(crate) fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("value objects always serialise")
}

pub(crate) fn from_json<T: DeserializeOwned>(
    what: &'static str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|_| corrupt(what, text))
}

/// Reads a JSON array of rows, turning each into a `T` as it is read, so that the rows are
/// never all held at once beside what they become (an agenda of tens of thousands).
pub(crate) fn from_json_rows<R, T>(
    what: &'static str,
    text: &str,
    convert: impl FnMut(R) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError>
where
    R: DeserializeOwned,
{
    use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
    struct Rows<'a, R, T, F> {
        convert: F,
        failed: &'a mut Option<StoreError>,
        row: std::marker::PhantomData<fn(R) -> T>,
    }
    impl<'de, R: DeserializeOwned, T, F: FnMut(R) -> Result<T, StoreError>> Visitor<'de>
        for Rows<'_, R, T, F>
    {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an array of rows")
        }
        fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(row) = seq.next_element::<R>()? {
                match (self.convert)(row) {
                    Ok(t) => out.push(t),
                    Err(e) => {
                        *self.failed = Some(e);
                        return Err(serde::de::Error::custom("a row could not be read"));
                    }
                }
            }
            Ok(out)
        }
    }
    impl<'de, R: DeserializeOwned, T, F: FnMut(R) -> Result<T, StoreError>> DeserializeSeed<'de>
        for Rows<'_, R, T, F>
    {
        type Value = Vec<T>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
            d.deserialize_seq(self)
        }
    }
    let mut failed = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let rows = Rows {
        convert,
        failed: &mut failed,
        row: std::marker::PhantomData,
    }
    .deserialize(&mut de)
    .and_then(|rows| de.end().map(|()| rows));
    match (rows, failed) {
        (_, Some(e)) => Err(e),
        (Ok(rows), None) => Ok(rows),
        (Err(_), None) => Err(corrupt(what, text)),
    }
}

/// Reads a snake_case enum stored as text.
pub(crate) fn word<T>(
    what: &'static str,
    text: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    parse(text).ok_or_else(|| corrupt(what, text))
}

/// The debrief's lists, kept together as one JSON value.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct DebriefLists {
    pub question_focus: Vec<String>,
    pub went_well: Vec<String>,
    pub went_badly: Vec<String>,
    pub concerns: Vec<followup_core::Concern>,
    pub responded_well_to: Vec<String>,
    pub forgot_to_mention: Vec<String>,
    pub samples_discussed: Vec<String>,
    pub questions_left: Vec<String>,
}

impl DebriefLists {
    pub fn of(d: &followup_core::Debrief) -> DebriefLists {
        DebriefLists {
            question_focus: d.question_focus.clone(),
            went_well: d.went_well.clone(),
            went_badly: d.went_badly.clone(),
            concerns: d.concerns.clone(),
            responded_well_to: d.responded_well_to.clone(),
            forgot_to_mention: d.forgot_to_mention.clone(),
            samples_discussed: d.samples_discussed.clone(),
            questions_left: d.questions_left.clone(),
        }
    }

    pub fn into_debrief(self, d: &mut followup_core::Debrief) {
        d.question_focus = self.question_focus;
        d.went_well = self.went_well;
        d.went_badly = self.went_badly;
        d.concerns = self.concerns;
        d.responded_well_to = self.responded_well_to;
        d.forgot_to_mention = self.forgot_to_mention;
        d.samples_discussed = self.samples_discussed;
        d.questions_left = self.questions_left;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_converted_as_they_are_read() {
        let double = |n: i64| Ok(n * 2);
        assert_eq!(from_json_rows("n", "[1, 2, 3]", double).unwrap(), [2, 4, 6]);
        assert!(from_json_rows("n", "[]", double).unwrap().is_empty());
        // A row that cannot become a value says which value; so does text that is no array.
        let odd = |n: i64| {
            if n % 2 == 0 {
                Ok(n)
            } else {
                Err(corrupt("odd", "1"))
            }
        };
        assert!(matches!(
            from_json_rows("n", "[2, 1]", odd),
            Err(StoreError::Corrupt { what: "odd", .. })
        ));
        for bad in ["[1, 2", "{}", "[1] 2", "[\"x\"]"] {
            assert!(
                matches!(
                    from_json_rows("n", bad, double),
                    Err(StoreError::Corrupt { what: "n", .. })
                ),
                "{bad}"
            );
        }
    }
}
