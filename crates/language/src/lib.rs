//! Spelling and grammar for the checks, from harper-core (offline, Apache-2.0): the adapter
//! behind the core's [`Proofreader`]. Only the rules chosen here run: spelling in the user's
//! English, and a few grammar rules a careful editor would always agree with.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use followup_core::Language;
use followup_core::check::{Finding, Letter, Proofreader, Severity, ends_with_abbreviation};
use harper_core::linting::{FlatConfig, LintGroup, LintKind, Linter, Suggestion};
use harper_core::spell::{Dictionary, FstDictionary};
use harper_core::{Dialect, Document};

/// harper-core's rules that the checker runs. Its other rules are style opinions that would
/// cry wolf on a good letter.
const GRAMMAR_RULES: [&str; 4] = [
    "RepeatedWords",
    "AnA",
    "SentenceCapitalization",
    "CapitalizePersonalPronouns",
];

/// harper-core as the checker's proofreader. It keeps the rules it built for each English:
/// building them (the curated dictionary, the rule set) costs far more than checking a letter.
/// The words the context knows are not added to harper's dictionary (that would mean building
/// again for every application): its spelling findings on them are dropped instead.
#[derive(Default)]
pub struct Harper {
    built: RefCell<Vec<Built>>,
    /// The last context's words, lower-cased: letters of one context come together.
    known: RefCell<(Vec<String>, HashSet<String>)>,
}

struct Built {
    language: Language,
    dictionary: Arc<FstDictionary>,
    rules: LintGroup,
}

impl Harper {
    pub fn new() -> Harper {
        Harper::default()
    }

    fn build(language: Language) -> Built {
        let dialect = match language {
            Language::EnGb => Dialect::British,
            Language::EnUs => Dialect::American,
            Language::EnCa => Dialect::Canadian,
            Language::EnAu => Dialect::Australian,
        };
        let dictionary = FstDictionary::curated();
        let mut rules = LintGroup::new_curated(dictionary.clone(), dialect);
        // Only the chosen rules, and a configuration that names only them: harper hashes its
        // configuration on every lint, and one that lists all its rules costs a tenth of the time.
        rules.config = FlatConfig::default();
        rules.config.set_rule_enabled("SpellCheck", true);
        for rule in GRAMMAR_RULES {
            rules.config.set_rule_enabled(rule, true);
        }
        Built {
            language,
            dictionary,
            rules,
        }
    }
}

/// Whether the context knows this word: itself, or what it is the possessive of.
fn is_known(word: &str, known: &HashSet<String>) -> bool {
    let lower = word.to_lowercase();
    let stem = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(&lower);
    known.contains(&lower) || known.contains(stem)
}

/// "reforecasts", "co-owned", "non-billable": an everyday prefix on a word the dictionary
/// knows is a word a careful editor accepts. Only a stem of five letters or more counts, so a
/// misspelling does not hide behind a short word ("untill" is not "un" + "till").
fn is_prefixed_word(word: &str, dictionary: &FstDictionary) -> bool {
    const PREFIXES: [&str; 8] = ["re", "pre", "co", "non", "multi", "sub", "cross", "over"];
    let lower = word.to_lowercase();
    PREFIXES.iter().any(|prefix| {
        lower
            .strip_prefix(prefix)
            .map(|stem| stem.strip_prefix('-').unwrap_or(stem))
            .is_some_and(|stem| stem.chars().count() >= 5 && dictionary.contains_word_str(stem))
    })
}

impl Proofreader for Harper {
    fn proofread(&self, letter: &Letter, language: Language, known: &[String]) -> Vec<Finding> {
        let mut cached = self.known.borrow_mut();
        if cached.0 != known {
            *cached = (
                known.to_vec(),
                known.iter().map(|w| w.to_lowercase()).collect(),
            );
        }
        let known = &cached.1;
        let mut built = self.built.borrow_mut();
        let at = match built.iter().position(|b| b.language == language) {
            Some(at) => at,
            None => {
                built.push(Harper::build(language));
                built.len() - 1
            }
        };
        let Built {
            dictionary, rules, ..
        } = &mut built[at];
        let text = letter.text();
        let document = Document::new_plain_english(text, dictionary.as_ref());
        // harper counts characters; findings count bytes.
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        rules
            .lint(&document)
            .into_iter()
            .filter_map(|lint| {
                let start = *bytes.get(lint.span.start)?;
                let end = *bytes.get(lint.span.end)?;
                let found = &text[start..end];
                let spelling = lint.lint_kind == LintKind::Spelling;
                // Numbers, amounts, acronyms and the context's words are never misspelt.
                if spelling
                    && (is_known(found, known)
                        || is_prefixed_word(found, dictionary.as_ref())
                        || found.chars().any(|c| c.is_ascii_digit())
                        || found.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
                {
                    return None;
                }
                // "Litware Inc. and I": the stop of an abbreviation ends no sentence.
                if lint.lint_kind == LintKind::Capitalization
                    && text[..start].ends_with(char::is_whitespace)
                    && ends_with_abbreviation(text[..start].trim_end())
                {
                    return None;
                }
                let suggestions: Vec<String> = lint
                    .suggestions
                    .iter()
                    .filter_map(|s| match s {
                        Suggestion::ReplaceWith(chars) => Some(format!("\"{}\"", chars.iter().collect::<String>())),
                        _ => None,
                    })
                    .take(3)
                    .collect();
                let message = match (spelling, suggestions.is_empty()) {
                    (true, false) => format!("{found:?} is misspelt: did you mean {}?", suggestions.join(" or ")),
                    (true, true) => format!("{found:?} is not a word the dictionary knows: check its spelling, or add it to your dictionary."),
                    (false, _) => format!("{found:?}: {}", lint.message),
                };
                Some(Finding::new(
                    if spelling { "spelling" } else { "grammar" },
                    Severity::Warning,
                    message,
                    Some((start, end)),
                ))
            })
            .collect()
    }
}
