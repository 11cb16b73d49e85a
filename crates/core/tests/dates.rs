//! Dates as people say them (judgement/README.md, "Dates the review tried", and more): each
//! phrase gives its date, or a question; none gives a wrong date silently.

use followup_core::capture::dates::{resolve, resolve_ahead};
use followup_core::programme::BusinessDays;
use followup_core::{Holiday, Language, Settings};
use jiff::civil::{Date, date};

/// Said on Thursday 26 November 2026, in British English.
const GB_DAY: Date = date(2026, 11, 26);
/// Said on Friday 15 January 2027, in American English.
const US_DAY: Date = date(2027, 1, 15);

/// Monday to Friday, with the public holidays of these calendars (none: every weekday works).
fn working(calendars: &[&str]) -> BusinessDays {
    BusinessDays::new(&Settings {
        holidays: calendars
            .iter()
            .map(|c| Holiday::parse(c).unwrap())
            .collect(),
        ..Settings::default()
    })
}

fn check(table: &[(&str, Date)], said: Date, language: Language) {
    let wrong: Vec<String> = table
        .iter()
        .filter_map(|(phrase, expected)| {
            let got = resolve_ahead(phrase, said, language, &working(&[]));
            (got.as_ref() != Ok(expected)).then(|| format!("{phrase:?}: {got:?}, not {expected}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn questions(phrases: &[&str], said: Date, language: Language) {
    for phrase in phrases {
        let answer = resolve_ahead(phrase, said, language, &working(&[]));
        let question = answer.as_ref().expect_err(&format!(
            "{phrase:?} was read as {answer:?}: it needs a question"
        ));
        assert!(
            question.contains("which date")
                || question.contains("confirm")
                || question.contains("passed"),
            "{phrase:?}: {question}"
        );
    }
}

#[test]
fn british_english_said_on_thursday_26_november() {
    check(
        &[
            // Understood before the review.
            ("next Tuesday", date(2026, 12, 1)),
            ("by the end of next week", date(2026, 12, 4)),
            ("the back end of next week", date(2026, 12, 4)),
            ("the 4th", date(2026, 12, 4)),
            ("4/12", date(2026, 12, 4)),
            ("in two weeks", date(2026, 12, 10)),
            ("in ten days", date(2026, 12, 6)),
            ("w/c 7th December", date(2026, 12, 7)),
            ("4th Dec", date(2026, 12, 4)),
            ("December 4th", date(2026, 12, 4)),
            ("COB Friday", date(2026, 11, 27)),
            ("close of business on the 4th", date(2026, 12, 4)),
            // Refused before, though people say them.
            ("in a fortnight", date(2026, 12, 10)),
            ("Tuesday week", date(2026, 12, 8)),
            ("in a couple of weeks", date(2026, 12, 10)),
            ("within 10 working days", date(2026, 12, 10)),
            ("end of January", date(2027, 1, 31)),
            ("first week of February", date(2027, 2, 5)),
            ("end of the month", date(2026, 11, 30)),
            ("end of next month", date(2026, 12, 31)),
            ("this time next week", date(2026, 12, 3)),
            ("two weeks from today", date(2026, 12, 10)),
            // Read wrongly before, silently.
            ("a week on Tuesday", date(2026, 12, 8)),
            ("a week on Friday", date(2026, 12, 4)),
            ("a fortnight on Friday", date(2026, 12, 11)),
            ("the 26th", date(2026, 12, 26)),
            // Dotted, day first.
            ("04.12.2026", date(2026, 12, 4)),
        ],
        GB_DAY,
        Language::EnGb,
    );
    questions(
        &[
            "early December",
            "mid-December",
            "late January",
            "before Christmas",
            "after the bank holiday",
            "20/11",
            "Tuesday 24 November",
        ],
        GB_DAY,
        Language::EnGb,
    );
}

#[test]
fn american_english_said_on_friday_15_january() {
    check(
        &[
            ("4/12", date(2027, 4, 12)),
            ("1/19", date(2027, 1, 19)),
            ("2/4", date(2027, 2, 4)),
            ("week of February 1", date(2027, 2, 1)),
            ("a week from Monday", date(2027, 1, 25)),
            ("a week from today", date(2027, 1, 22)),
            ("two weeks from today", date(2027, 1, 29)),
            ("this time next week", date(2027, 1, 22)),
            ("04.02.2027", date(2027, 2, 4)),
            ("next Tuesday", date(2027, 1, 19)),
            ("within 10 business days", date(2027, 1, 29)),
            ("end of the month", date(2027, 1, 31)),
        ],
        US_DAY,
        Language::EnUs,
    );
    // "12/4" would be a Saturday eleven months away; "12/10" too: asked, with the other order.
    let question = resolve_ahead("12/4", US_DAY, Language::EnUs, &working(&[])).unwrap_err();
    assert!(
        question.contains("December 4, 2027") && question.contains("April 12, 2027"),
        "{question}"
    );
    questions(
        &[
            "12/4",
            "12/10",
            "early February",
            "mid-February",
            "before Easter",
        ],
        US_DAY,
        Language::EnUs,
    );
}

#[test]
fn a_date_in_the_past_is_fine_for_what_happened() {
    // When something happened (a reply yesterday) may be behind; only a next step must lie ahead.
    assert_eq!(
        resolve(
            "Tuesday 24 November 2026",
            GB_DAY,
            Language::EnGb,
            &working(&[])
        ),
        Ok(date(2026, 11, 24))
    );
    assert!(
        resolve_ahead(
            "Tuesday 24 November 2026",
            GB_DAY,
            Language::EnGb,
            &working(&[])
        )
        .is_err()
    );
}

#[test]
fn a_named_date_that_is_no_working_day_is_pointed_out() {
    let us = working(&["us"]);
    // "Monday", said on Friday 15 January 2027: Martin Luther King Jr. Day.
    let monday = resolve_ahead("Monday", US_DAY, Language::EnUs, &working(&[])).unwrap();
    assert_eq!(monday, jiff::civil::date(2027, 1, 18));
    assert_eq!(
        us.day_off_note(monday, Language::EnUs).as_deref(),
        Some("Monday, January 18, 2027 is a public holiday: check that is the day they meant.")
    );
    let saturday = resolve_ahead("5/12", GB_DAY, Language::EnGb, &working(&[])).unwrap();
    assert_eq!(
        us.day_off_note(saturday, Language::EnGb).as_deref(),
        Some("Saturday 5 December 2026 falls on a weekend: check that is the day they meant.")
    );
    assert_eq!(
        us.day_off_note(jiff::civil::date(2027, 1, 19), Language::EnUs),
        None
    );
}

#[test]
fn working_days_skip_the_public_holidays_of_the_settings() {
    // Ten business days from Friday 15 January 2027: Monday the 18th is Martin Luther King
    // Jr. Day in the United States, so the tenth is Monday 1 February, not Friday 29 January.
    let said = "within 10 business days";
    assert_eq!(
        resolve_ahead(said, US_DAY, Language::EnUs, &working(&["us"])),
        Ok(date(2027, 2, 1))
    );
    assert_eq!(
        resolve_ahead(said, US_DAY, Language::EnUs, &working(&[])),
        Ok(date(2027, 1, 29))
    );
    // Said on Tuesday 22 December 2026 in England: Christmas Day and Boxing Day (observed on
    // Monday the 28th) are not working days, so the fifth is Thursday the 31st.
    let (said, day) = ("within 5 working days", date(2026, 12, 22));
    assert_eq!(
        resolve_ahead(said, day, Language::EnGb, &working(&["gb-eng"])),
        Ok(date(2026, 12, 31))
    );
    assert_eq!(
        resolve_ahead(said, day, Language::EnGb, &working(&[])),
        Ok(date(2026, 12, 29))
    );
}
