//! Dates written the way people write them in a debrief ("Friday 4 December", "4/12",
//! "next Wednesday", "by the 13th"), resolved against the day of the interview.
//!
//! A date without a year is the first such date on or after the reference day; a bare
//! weekday is the first one after it; "next Friday" is the Friday of the following week
//! (weeks run Monday to Sunday). The caller shows the full date back for the user to confirm.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::model::Language;
use crate::programme::BusinessDays;

/// Resolves `text` to a date, or says why it cannot. The date may end a sentence
/// ("We'll decide by Friday 4 December.").
pub fn resolve(
    text: &str,
    reference: Date,
    language: Language,
    days: &BusinessDays,
) -> Result<Date, String> {
    let spoken: String = text
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | '!' | '?' | ';' | ':' | '(' | ')')))
        .filter(|w| !matches!(*w, "" | "the" | "of" | "by" | "in"))
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(question) = span(&spoken, reference, language) {
        return Err(question);
    }
    let whole = resolve_phrase(text, reference, language, days);
    // Look for a date at the end of a sentence only when the whole was not a date at all:
    // "Thursday 4 December" is wrong, not a sentence ending in "4 December".
    if whole.as_ref().is_err_and(|e| e.starts_with(UNREADABLE)) {
        let words: Vec<&str> = text.split_whitespace().collect();
        if let Some(date) = (1..words.len()).find_map(|start| {
            resolve_phrase(&words[start..].join(" "), reference, language, days).ok()
        }) {
            return Ok(date);
        }
    }
    whole
}

/// The longest a next step may lie ahead before the date is put as a question.
const FAR_AHEAD_DAYS: i64 = 183;

/// [`resolve`] for a next step the employer named (a decision, a shortlist, a second round): a
/// date that has passed, or lies many months ahead, is a question with the candidates, never
/// a silent guess.
pub fn resolve_ahead(
    text: &str,
    reference: Date,
    language: Language,
    days: &BusinessDays,
) -> Result<Date, String> {
    let date = resolve(text, reference, language, days)?;
    let said = text.trim();
    if date < reference {
        return Err(format!(
            "{said:?} is {}: that date has passed; write the date it will be, in full",
            long_in(date, language)
        ));
    }
    let ahead = (date - reference).get_days();
    if i64::from(ahead) > FAR_AHEAD_DAYS {
        // "12/4" read month first is December; day first, 12 April: offer the other reading.
        let other = swapped(said, reference, language, days)
            .filter(|d| *d >= reference && *d != date)
            .map(|d| format!(", or did you mean {}?", long_in(d, language)))
            .unwrap_or_else(|| ".".into());
        return Err(format!(
            "{said:?} reads as {}, {} months away: write it in full to confirm it{other}",
            long_in(date, language),
            ahead / 30
        ));
    }
    Ok(date)
}

/// A numeric date read in the other order ("12/4" as 12 April instead of 4 December).
fn swapped(text: &str, reference: Date, language: Language, days: &BusinessDays) -> Option<Date> {
    let cleaned = clean(text);
    let (a, b) = cleaned.split_once('/')?;
    let other = format!("{b}/{a}");
    resolve_phrase(&other, reference, language, days).ok()
}

/// A phrase that names a span ("early December", "before Christmas"): the question to ask,
/// with candidates.
fn span(cleaned: &str, reference: Date, language: Language) -> Option<String> {
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let (part, rest) = match words.as_slice() {
        [part, rest @ ..] if matches!(*part, "early" | "mid" | "late" | "mid-month") => {
            (*part, rest)
        }
        [joined] if joined.starts_with("mid-") => ("mid", &words[..0]),
        [w, rest @ ..] if w.starts_with("mid-") => ("mid", rest),
        ["before" | "after" | "around" | "over", rest @ ..] => ("holiday", rest),
        _ => return None,
    };
    let month_word = if words.len() == 1 {
        words[0].trim_start_matches("mid-")
    } else if let [w, ..] = words.as_slice()
        && w.starts_with("mid-")
    {
        w.trim_start_matches("mid-")
    } else {
        rest.first().copied().unwrap_or_default()
    };
    let holiday = |name: &str| -> bool {
        matches!(
            name,
            "christmas" | "easter" | "new" | "bank" | "holidays" | "holiday" | "thanksgiving"
        )
    };
    if part == "holiday" {
        return rest
            .first()
            .filter(|w| holiday(w))
            .map(|_| {
                format!(
                    "\"{cleaned}\" names a span, not a day: which date did they mean? Write it in full (for example {}).",
                    long_in(on_or_after(reference.checked_add(7.days()).unwrap_or(reference), Weekday::Friday), language)
                )
            });
    }
    let m = month(month_word)?;
    let first = build(1, m, None, reference).ok()?.first_of_month();
    let (from, to) = match part {
        "early" => (first, first.checked_add(9.days()).ok()?),
        "mid" => (
            first.checked_add(10.days()).ok()?,
            first.checked_add(19.days()).ok()?,
        ),
        _ => (first.checked_add(20.days()).ok()?, first.last_of_month()),
    };
    let fridays: Vec<String> =
        std::iter::successors(Some(on_or_after(from, Weekday::Friday)), |d| {
            d.checked_add(7.days()).ok()
        })
        .take_while(|d| *d <= to)
        .map(|d| long_in(d, language))
        .collect();
    Some(format!(
        "\"{cleaned}\" names a span, not a day: which date did they mean? {}",
        if fridays.is_empty() {
            "Write it in full.".to_string()
        } else {
            format!("For example {}.", fridays.join(" or "))
        }
    ))
}

const UNREADABLE: &str = "cannot read";

fn resolve_phrase(
    text: &str,
    reference: Date,
    language: Language,
    days: &BusinessDays,
) -> Result<Date, String> {
    let cleaned = clean(text);
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.is_empty() {
        return Err("no date given".into());
    }
    let unknown = || {
        format!(
            "{UNREADABLE} {text:?} as a date (try \"Friday 4 December\", \"{}\" or \"2026-12-04\")",
            if language.month_first() {
                "12/4"
            } else {
                "4/12"
            }
        )
    };
    if let [iso] = words.as_slice()
        && iso.len() == 10
        && let Ok(date) = iso.parse::<Date>()
    {
        return Ok(date);
    }
    if let Some(date) = relative(&words, reference, days) {
        return Ok(date);
    }
    // An optional weekday first ("Friday 4 December"), then a calendar date or nothing.
    let (weekday, rest, next) = match words.as_slice() {
        ["next", day, rest @ ..] => (weekday(day), rest, true),
        ["this", day, rest @ ..] => (weekday(day), rest, false),
        [day, rest @ ..] if weekday(day).is_some() => (weekday(day), rest, false),
        rest => (None, rest, false),
    };
    if next && weekday.is_none() {
        return Err(unknown());
    }
    let date = if rest.is_empty() {
        let day = weekday.ok_or_else(unknown)?;
        return Ok(if next {
            next_week(reference, day)
        } else {
            after(reference, day)
        });
    } else {
        calendar(rest, reference, language).ok_or_else(unknown)??
    };
    // "Tuesday 24 November" said on the 26th: the weekday says which year was meant, even
    // when that day has passed (the caller asks about a passed next step).
    let date = match weekday {
        Some(day) if date.weekday() != day && date.year() > reference.year() => date
            .with()
            .year(reference.year())
            .build()
            .ok()
            .filter(|d| d.weekday() == day)
            .unwrap_or(date),
        _ => date,
    };
    match weekday {
        Some(day) if date.weekday() != day => Err(format!(
            "{} is a {}, not a {}",
            long(date),
            weekday_name(date.weekday()),
            weekday_name(day)
        )),
        _ => Ok(date),
    }
}

/// A date as a person reads it: "Friday 4 December 2026".
pub fn long(date: Date) -> String {
    format!(
        "{} {} {} {}",
        weekday_name(date.weekday()),
        date.day(),
        MONTHS[usize::from(date.month().unsigned_abs()) - 1],
        date.year()
    )
}

/// A date as a letter in this English says it, without the year: "Friday 15 January" in
/// British and Australian English, "Friday, January 15" in American and Canadian.
pub fn day_in(date: Date, language: Language) -> String {
    let weekday = weekday_name(date.weekday());
    let month = MONTHS[usize::from(date.month().unsigned_abs()) - 1];
    match language {
        Language::EnUs | Language::EnCa => format!("{weekday}, {month} {}", date.day()),
        Language::EnGb | Language::EnAu => format!("{weekday} {} {month}", date.day()),
    }
}

/// A time of day as this English writes it: "14:00" in British and Australian English,
/// "2:00 PM" in American and Canadian.
pub fn time_in(time: jiff::civil::Time, language: Language) -> String {
    match language {
        Language::EnUs | Language::EnCa => time.strftime("%-I:%M %p").to_string(),
        Language::EnGb | Language::EnAu => time.strftime("%H:%M").to_string(),
    }
}

/// [`day_in`] with the year: "Friday 15 January 2027", "Friday, January 15, 2027".
pub fn long_in(date: Date, language: Language) -> String {
    match language {
        Language::EnUs | Language::EnCa => format!("{}, {}", day_in(date, language), date.year()),
        Language::EnGb | Language::EnAu => format!("{} {}", day_in(date, language), date.year()),
    }
}

/// The date at the head of a letter: "3 December 2026", "December 3, 2026".
pub fn dated_in(date: Date, language: Language) -> String {
    let month = MONTHS[usize::from(date.month().unsigned_abs()) - 1];
    match language {
        Language::EnUs | Language::EnCa => format!("{month} {}, {}", date.day(), date.year()),
        Language::EnGb | Language::EnAu => format!("{} {month} {}", date.day(), date.year()),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn clean(text: &str) -> String {
    let lower = text.trim().to_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| {
            w.trim_matches(|c: char| {
                matches!(c, '.' | '!' | '?' | ';' | ':' | '(' | ')') && w.len() > 1
            })
        })
        .filter(|w| !w.is_empty())
        .collect();
    while let Some(first) = words.first() {
        if matches!(
            *first,
            "by" | "on" | "before" | "until" | "till" | "around" | "about" | "the" | "of"
        ) {
            words.remove(0);
        } else {
            break;
        }
    }
    words.retain(|w| !matches!(*w, "the" | "of"));
    words.join(" ")
}

fn relative(words: &[&str], reference: Date, days: &BusinessDays) -> Option<Date> {
    let add = |n: i64| reference.checked_add(n.days()).ok();
    let weeks_on = |n: i64, day: &str| -> Option<Date> {
        // "a week on Tuesday": the coming Tuesday, then a week; "a week from today": today.
        let base = if *day == *"today" {
            reference
        } else {
            after(reference, weekday(day)?)
        };
        base.checked_add((7 * n).days()).ok()
    };
    match words {
        ["today"] => Some(reference),
        ["a" | "one", "week", "on" | "from", day] => weeks_on(1, day),
        ["two" | "2", "weeks", "on" | "from", day] | ["a", "fortnight", "on" | "from", day] => {
            weeks_on(2, day)
        }
        [day, "week"] if weekday(day).is_some() => weeks_on(1, day),
        ["this", "time", "next", "week"] | ["same", "time", "next", "week"] => add(7),
        ["in", "a", "fortnight"] | ["in", "a", "couple", "weeks"] | ["fortnight"] => add(14),
        ["in", "a", "couple", "days"] => add(2),
        ["within" | "in", n, "working" | "business", unit] if unit.starts_with("day") => {
            Some(days.after(reference, u32::try_from(number(n)?).ok()?))
        }
        ["end", m] if month(m).is_some() => build(1, month(m)?, None, reference)
            .ok()
            .map(|d| d.last_of_month()),
        ["first", "week", m] if month(m).is_some() => {
            // The end of the first working week of the month: its first Friday on or after
            // the first Monday-to-Friday run that starts in it.
            let first = build(1, month(m)?, None, reference).ok()?.first_of_month();
            let first = if matches!(first.weekday(), Weekday::Saturday | Weekday::Sunday) {
                on_or_after(first, Weekday::Monday)
            } else {
                first
            };
            Some(on_or_after(first, Weekday::Friday))
        }
        ["tomorrow"] => add(1),
        ["day", "after", "tomorrow"] => add(2),
        ["in", n, unit] => {
            let n = number(n)?;
            match unit.trim_end_matches('s') {
                "day" => add(n),
                "week" => add(7 * n),
                "month" => reference.checked_add(n.months()).ok(),
                _ => None,
            }
        }
        ["end", "week"] | ["end", "this", "week"] | ["this", "week"] => {
            Some(on_or_after(reference, Weekday::Friday))
        }
        ["next", "week"] | ["end", "next", "week"] => Some(next_week(reference, Weekday::Friday)),
        ["end", "month"] | ["end", "this", "month"] | ["this", "month"] => {
            Some(reference.last_of_month())
        }
        ["next", "month"] | ["end", "next", "month"] => reference
            .first_of_month()
            .checked_add(1.month())
            .ok()
            .map(|d| d.last_of_month()),
        _ => None,
    }
}

/// A calendar date without weekday: "4 December", "December 4th", "4/12/2026", "13th".
fn calendar(words: &[&str], reference: Date, language: Language) -> Option<Result<Date, String>> {
    let (day, month, year) = match words {
        [numeric] if numeric.contains('/') || numeric.matches('.').count() >= 1 => {
            let parts: Vec<&str> = numeric
                .split(['/', '.'])
                .filter(|p| !p.is_empty())
                .collect();
            let nums: Option<Vec<i64>> = parts.iter().map(|p| p.parse::<i64>().ok()).collect();
            let nums = nums?;
            let (a, b, year) = match nums.as_slice() {
                [a, b] => (*a, *b, None),
                [a, b, y] => (*a, *b, Some(if *y < 100 { 2000 + y } else { *y })),
                _ => return None,
            };
            // Dotted dates are written day first in every English ("04.02.2027").
            if language.month_first() && !numeric.contains('.') {
                (b, a, year)
            } else {
                (a, b, year)
            }
        }
        [d] => (ordinal(d)?, 0, None),
        [d, m] | [d, m, _] if ordinal(d).is_some() && month(m).is_some() => {
            (ordinal(d)?, month(m)?, year_word(words.get(2))?)
        }
        [m, d] | [m, d, _] if month(m).is_some() && ordinal(d).is_some() => {
            (ordinal(d)?, month(m)?, year_word(words.get(2))?)
        }
        _ => return None,
    };
    Some(build(day, month, year, reference))
}

fn build(day: i64, month: i64, year: Option<i64>, reference: Date) -> Result<Date, String> {
    let make = |y: i64, m: i64| -> Result<Date, String> {
        let (y, m, d) = (
            i16::try_from(y).map_err(|_| format!("{y} is not a year"))?,
            i8::try_from(m).map_err(|_| format!("{m} is not a month"))?,
            i8::try_from(day).map_err(|_| format!("{day} is not a day"))?,
        );
        Date::new(y, m, d).map_err(|_| match m {
            1..=12 => format!("{} has no day {d}", MONTHS[m as usize - 1]),
            _ => format!("{m} is not a month"),
        })
    };
    match (month, year) {
        (0, _) => {
            // "the 13th": this month if it is still to come, else next month. Said on the
            // 26th, "the 26th" is next month's: nobody names today as a day to come.
            let this = make(i64::from(reference.year()), i64::from(reference.month()));
            match this {
                Ok(date) if date > reference => Ok(date),
                _ => {
                    let next = reference
                        .first_of_month()
                        .checked_add(1.month())
                        .map_err(|e| e.to_string())?;
                    make(i64::from(next.year()), i64::from(next.month()))
                }
            }
        }
        (m, Some(y)) => make(y, m),
        (m, None) => {
            let this_year = make(i64::from(reference.year()), m)?;
            if this_year >= reference {
                Ok(this_year)
            } else {
                make(i64::from(reference.year()) + 1, m)
            }
        }
    }
}

fn year_word(word: Option<&&str>) -> Option<Option<i64>> {
    match word {
        None => Some(None),
        Some(w) => w
            .parse::<i64>()
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .map(Some),
    }
}

fn ordinal(word: &str) -> Option<i64> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse::<i64>().ok().filter(|d| (1..=31).contains(d))
}

fn number(word: &str) -> Option<i64> {
    const WORDS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    match word {
        "a" | "an" => Some(1),
        _ => word
            .parse::<i64>()
            .ok()
            .or_else(|| WORDS.iter().position(|w| *w == word).map(|n| n as i64))
            .filter(|n| (0..=366).contains(n)),
    }
}

fn month(word: &str) -> Option<i64> {
    if word.len() < 3 {
        return None;
    }
    let word = word.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_lowercase();
            m == word
                || (word.len() >= 3 && m.starts_with(word) && (word.len() == 3 || word == "sept"))
        })
        .map(|i| i as i64 + 1)
}

fn weekday(word: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    let word = word.trim_end_matches('.');
    DAYS.iter()
        .find(|(name, _)| *name == word || (word.len() >= 3 && name.starts_with(word)))
        .map(|(_, day)| *day)
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// The first `day` strictly after `date`.
fn after(date: Date, day: Weekday) -> Date {
    let ahead = i64::from(day.since(date.weekday()));
    let ahead = if ahead == 0 { 7 } else { ahead };
    date.checked_add(ahead.days()).unwrap_or(date)
}

fn on_or_after(date: Date, day: Weekday) -> Date {
    let ahead = i64::from(day.since(date.weekday()));
    date.checked_add(ahead.days()).unwrap_or(date)
}

/// `day` in the Monday-to-Sunday week after the one holding `date`.
fn next_week(date: Date, day: Weekday) -> Date {
    let monday = date
        .checked_sub(i64::from(date.weekday().to_monday_zero_offset()).days())
        .unwrap_or(date);
    monday
        .checked_add((7 + i64::from(day.to_monday_zero_offset())).days())
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    // Friday 20 November 2026: the day of the interview in format.md.
    const FRIDAY: Date = date(2026, 11, 20);

    /// Monday to Friday, no public holidays.
    fn weekdays() -> BusinessDays {
        BusinessDays::new(&crate::model::Settings::default())
    }

    fn gb(text: &str) -> Result<Date, String> {
        resolve(text, FRIDAY, Language::EnGb, &weekdays())
    }

    #[test]
    fn dates_as_people_write_them() {
        let cases = [
            ("Friday 4 December", date(2026, 12, 4)),
            ("We'll decide by Friday 4 December.", date(2026, 12, 4)),
            ("by Friday, 4th December", date(2026, 12, 4)),
            ("4/12", date(2026, 12, 4)),
            ("4.12.2026", date(2026, 12, 4)),
            ("December 4th", date(2026, 12, 4)),
            ("dec 4", date(2026, 12, 4)),
            ("4 Dec 2026", date(2026, 12, 4)),
            ("2026-12-04", date(2026, 12, 4)),
            ("next Wednesday", date(2026, 11, 25)),
            ("next Wednesday", date(2026, 11, 25)),
            ("Wednesday", date(2026, 11, 25)),
            ("Friday", date(2026, 11, 27)),
            ("tomorrow", date(2026, 11, 21)),
            ("in two weeks", date(2026, 12, 4)),
            ("the 13th", date(2026, 12, 13)),
            ("by the 27th", date(2026, 11, 27)),
            ("end of the month", date(2026, 11, 30)),
            ("next week", date(2026, 11, 27)),
            ("4 January", date(2027, 1, 4)),
        ];
        for (text, expected) in cases {
            assert_eq!(gb(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn the_users_english_decides_day_and_month() {
        assert_eq!(
            resolve("4/12", FRIDAY, Language::EnGb, &weekdays()),
            Ok(date(2026, 12, 4))
        );
        assert_eq!(
            resolve("4/12", FRIDAY, Language::EnAu, &weekdays()),
            Ok(date(2026, 12, 4))
        );
        assert_eq!(
            resolve("4/12", FRIDAY, Language::EnUs, &weekdays()),
            Ok(date(2027, 4, 12))
        );
    }

    #[test]
    fn next_means_the_following_week() {
        let tuesday = date(2026, 11, 17);
        assert_eq!(
            resolve("next Wednesday", tuesday, Language::EnGb, &weekdays()),
            Ok(date(2026, 11, 25))
        );
        assert_eq!(
            resolve("Wednesday", tuesday, Language::EnGb, &weekdays()),
            Ok(date(2026, 11, 18))
        );
        assert_eq!(
            resolve("next week", tuesday, Language::EnGb, &weekdays()),
            Ok(date(2026, 11, 27))
        );
    }

    #[test]
    fn impossible_dates_are_refused_with_a_reason() {
        assert_eq!(gb("31 February").unwrap_err(), "February has no day 31");
        assert_eq!(
            gb("Thursday 4 December").unwrap_err(),
            "Friday 4 December 2026 is a Friday, not a Thursday"
        );
        assert!(
            gb("soonish")
                .unwrap_err()
                .starts_with("cannot read \"soonish\"")
        );
        assert!(gb("13/13").is_err());
        assert!(gb("").is_err());
        assert!(gb("next").is_err());
    }

    #[test]
    fn long_dates_read_well() {
        assert_eq!(long(date(2026, 12, 4)), "Friday 4 December 2026");
    }
}
