//! What a letter to an employer must not carry, beyond the phrase rules: the debrief's private
//! notes pasted in (spec/format.md, "What stays private"); and the same sentence said twice.

use std::collections::HashSet;

use super::letter::{Letter, words};
use super::{CheckContext, Finding, Severity};

/// A run of this many words of a private note, found in the letter, is the note pasted in.
const PASTED: usize = 6;

/// Whether the letter goes to the candidate's own consultant, who may read everything.
pub(super) fn to_consultant(context: &CheckContext) -> bool {
    let (Some(app), Some(to)) = (context.application, context.to.as_deref()) else {
        return false;
    };
    app.consultant().is_some_and(|c| c.answers_to(to))
}

pub(super) fn check(letter: &Letter, context: &CheckContext, out: &mut Vec<Finding>) {
    if !to_consultant(context) {
        pasted_notes(letter, context, out);
    }
    repetition(letter, out);
}

fn lower(words: &[(usize, &str)]) -> Vec<String> {
    words
        .iter()
        .map(|(_, w)| w.to_lowercase().replace('’', "'"))
        .collect()
}

/// What the candidate wrote for the employer: words found here are theirs to say, even if a
/// private note says them too.
fn shareable(context: &CheckContext) -> Vec<Vec<String>> {
    let Some(d) = context.interview().and_then(|i| i.debrief.as_ref()) else {
        return Vec::new();
    };
    let mut texts: Vec<&String> = Vec::new();
    texts.extend(&d.went_well);
    texts.extend(&d.responded_well_to);
    texts.extend(&d.forgot_to_mention);
    texts.extend(&d.samples_discussed);
    for c in &d.concerns {
        texts.push(&c.about);
        texts.extend(&c.answer);
    }
    texts.into_iter().map(|t| lower(&words(t))).collect()
}

/// The debrief's private notes of the letter's interview, in words.
fn private_notes(context: &CheckContext) -> Vec<String> {
    let Some(d) = context.interview().and_then(|i| i.debrief.as_ref()) else {
        return Vec::new();
    };
    // `next_steps.said` is the employer's own words: recalling them is the fourth R, not an
    // overshare (the composer still never quotes them to the employer).
    let mut notes: Vec<String> = [&d.tone, &d.company_notes]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    notes.extend(d.went_badly.iter().cloned());
    notes.extend(d.questions_left.iter().cloned());
    notes.extend(d.concerns.iter().filter_map(|c| c.detail.clone()));
    notes
}

fn pasted_notes(letter: &Letter, context: &CheckContext, out: &mut Vec<Finding>) {
    let found = letter.words();
    let said = lower(&found);
    let theirs = shareable(context);
    let shared = |piece: &[String]| {
        theirs
            .iter()
            .any(|t| t.windows(piece.len()).any(|w| w == piece))
    };
    for note in private_notes(context) {
        let note_words = words(&note);
        let note = lower(&note_words);
        // A short note counts whole; a long one by any run of PASTED words.
        let run = note.len().min(PASTED);
        if run < 4 {
            continue;
        }
        let hit = (0..=note.len() - run).find_map(|n| {
            let piece = &note[n..n + run];
            if shared(piece) {
                return None;
            }
            said.windows(run).position(|w| w == piece)
        });
        if let Some(at) = hit {
            let (start, _) = found[at];
            let (last, word) = found[at + run - 1];
            out.push(Finding::new(
                "oversharing",
                Severity::Error,
                "This is from your debrief's private notes: it is for you (and your consultant), never for the employer.",
                Some((start, last + word.len())),
            ));
        }
    }
}

/// The same sentence twice: the second is marked.
fn repetition(letter: &Letter, out: &mut Vec<Finding>) {
    let body = letter.body();
    let offset = letter.body_start();
    let mut seen: HashSet<Vec<String>> = HashSet::new();
    let mut start = 0;
    for (end, c) in body.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '\n') {
            continue;
        }
        // "Northwind Ltd. is" and "£1.5m" go on: the stop ends no sentence.
        let next = body[end + c.len_utf8()..].chars().next();
        if c == '.'
            && (next.is_some_and(|n| !n.is_whitespace())
                || super::letter::ends_with_abbreviation(&body[start..=end]))
        {
            continue;
        }
        let sentence = &body[start..end];
        let said = lower(&words(sentence));
        if said.len() >= 4 && !seen.insert(said) {
            let lead = sentence.len() - sentence.trim_start().len();
            out.push(Finding::new(
                "repetition",
                Severity::Warning,
                "This sentence is said already: once is enough.",
                Some((offset + start + lead, offset + end)),
            ));
        }
        start = end + c.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Rulebook;
    use crate::model::Language;

    fn rules(text: &str) -> Vec<&'static str> {
        let mut context = CheckContext::default();
        context.language = Language::EnGb;
        crate::check::check(&Letter::new(text), &context, &Rulebook::built_in(), None)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn a_sentence_said_twice_is_repetition() {
        let found = rules(
            "Subject: Thank you\n\nDear Dana,\n\nThank you for your time today. I enjoyed it. \
             Thank you for your time today.\n\nBest regards,\nAlex\n",
        );
        assert_eq!(
            found.iter().filter(|r| **r == "repetition").count(),
            1,
            "{found:?}"
        );
        assert!(
            !rules("Subject: Hi\n\nDear Dana,\n\nThank you for your time.\n\nAlex\n")
                .contains(&"repetition")
        );
    }

    #[test]
    fn conceding_salary_and_running_down_a_manager_are_oversharing() {
        for text in [
            "Honestly I'd take 5k less because I really want this.",
            "I hate my current manager.",
            "I would accept a lower salary to join.",
        ] {
            let letter = format!("Subject: Thanks\n\nDear Dana,\n\n{text}\n\nAlex\n");
            assert!(rules(&letter).contains(&"oversharing"), "{text}");
        }
        let plain = "Subject: Thanks\n\nDear Dana,\n\nI enjoyed hearing how the team reforecasts each quarter.\n\nAlex\n";
        assert!(!rules(plain).contains(&"oversharing"));
    }
}
