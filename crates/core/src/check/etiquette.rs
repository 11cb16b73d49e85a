//! The rules that need no application: the phrase rules of the rulebook, exclamation marks,
//! emoji and joke markers, nicknames, and template leftovers.

use std::sync::LazyLock;

use regex::Regex;

use super::letter::Letter;
use super::{CheckContext, Finding, Rulebook, Severity};

pub(super) fn check(
    letter: &Letter,
    context: &CheckContext,
    book: &Rulebook,
    out: &mut Vec<Finding>,
) {
    let text = letter.text();
    for rule in &book.rules {
        let Some(pattern) = &rule.pattern else {
            continue;
        };
        let severity = match rule.id {
            "asks_who_got_job" | "oversharing" => Severity::Error,
            _ => Severity::Warning,
        };
        // One's own consultant may hear what the employer must not.
        if rule.id == "oversharing" && super::privacy::to_consultant(context) {
            continue;
        }
        for m in pattern.find_iter(text) {
            out.push(Finding::new(
                rule.id,
                severity,
                format!("{:?}: {}", m.as_str(), rule.message),
                Some((m.start(), m.end())),
            ));
        }
    }
    exclamations(text, out);
    emoji_and_jokes(text, out);
    nicknames(letter, context, book, out);
    placeholders(text, out);
}

/// More than one exclamation mark in a letter is over-keen.
fn exclamations(text: &str, out: &mut Vec<Finding>) {
    let marks: Vec<usize> = text.match_indices('!').map(|(i, _)| i).collect();
    if marks.len() > 1 {
        let end = text[marks[1]..]
            .find(|c| c != '!')
            .map_or(text.len(), |n| marks[1] + n);
        out.push(Finding::new(
            "gushing",
            Severity::Warning,
            format!(
                "{} exclamation marks: one at most, and a full stop reads calmer.",
                marks.len()
            ),
            Some((marks[1], end)),
        ));
    }
}

static JOKES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(;-?\)|:-?\)|:-?D|:-?P|:-?p|xD|XD|<3)(?:$|\s|[.,!?])").expect("valid")
});

fn emoji_and_jokes(text: &str, out: &mut Vec<Finding>) {
    for (i, c) in text.char_indices() {
        if is_emoji(c) {
            out.push(Finding::new(
                "informal",
                Severity::Warning,
                format!("{c}: leave emoji out of a letter to an employer."),
                Some((i, i + c.len_utf8())),
            ));
        }
    }
    for m in JOKES.captures_iter(text).filter_map(|c| c.get(1)) {
        out.push(Finding::new(
            "informal",
            Severity::Warning,
            format!(
                "{:?}: leave smileys and joke markers out of a letter to an employer.",
                m.as_str()
            ),
            Some((m.start(), m.end())),
        ));
    }
}

fn is_emoji(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF | 0x2600..=0x27BF)
}

/// "Mike" for a Michael whom the context names in full: too familiar.
fn nicknames(letter: &Letter, context: &CheckContext, book: &Rulebook, out: &mut Vec<Finding>) {
    let people = context.people();
    if people.is_empty() {
        return;
    }
    let text = letter.text();
    for (at, word) in letter.words() {
        // A capitalised word that does not open a sentence (or that opens the greeting).
        let opens_sentence = text[..at]
            .trim_end_matches([' ', '\t'])
            .ends_with(['.', '!', '?', '\n']);
        let in_greeting = letter
            .greeting()
            .is_some_and(|(g, line)| at >= g && at < g + line.len());
        if !word.starts_with(char::is_uppercase) || (opens_sentence && !in_greeting) {
            continue;
        }
        for person in &people {
            let Some(first) = person.name.split_whitespace().next() else {
                continue;
            };
            if first.eq_ignore_ascii_case(word) {
                continue;
            }
            if book
                .nicknames_of(first)
                .iter()
                .any(|n| n.eq_ignore_ascii_case(word))
            {
                out.push(Finding::new(
                    "informal",
                    Severity::Warning,
                    format!(
                        "{word:?}: call {} by the name they gave, {first}.",
                        person.name
                    ),
                    Some((at, at + word.len())),
                ));
            }
        }
    }
}

static PLACEHOLDERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\[[^\]\n]{1,60}\]",                          // [Name], [Company]
        r"|\{\{[^}\n]{0,60}\}\}|\{[A-Za-z_ ]{1,40}\}", // {{name}}, {company}
        r"|<[A-Za-z][A-Za-z _-]{0,40}>",               // <interviewer>
        r"|\bXXX+\b|\bTODO\b|\bTBD\b|\bFIXME\b",
        r"|\bINSERT\b[A-Z ]*",
    ))
    .expect("valid")
});

/// Template leftovers: the letter is not finished.
fn placeholders(text: &str, out: &mut Vec<Finding>) {
    for m in PLACEHOLDERS.find_iter(text) {
        out.push(Finding::new(
            "placeholder",
            Severity::Error,
            format!(
                "{:?} is a placeholder: put the real words in before sending.",
                m.as_str().trim_end()
            ),
            Some((m.start(), m.start() + m.as_str().trim_end().len())),
        ));
    }
}
