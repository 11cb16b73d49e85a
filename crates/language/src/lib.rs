//! Spelling and grammar for the checks, from harper-core (offline, Apache-2.0): the adapter
//! behind the core's [`Proofreader`]. Only the rules chosen here run: spelling in the user's
//! English, and a few grammar rules a careful editor would always agree with.

use std::cell::RefCell;
use std::sync::Arc;

use followup_core::Language;
use followup_core::check::{Finding, Letter, Proofreader, Severity};
use harper_core::linting::{LintGroup, LintKind, Linter, Suggestion};
use harper_core::spell::{FstDictionary, MergedDictionary, MutableDictionary};
use harper_core::{Dialect, DictWordMetadata, Document};

/// harper-core's rules that the checker runs. Its other rules are style opinions that would
/// cry wolf on a good letter.
const GRAMMAR_RULES: [&str; 4] = [
    "RepeatedWords",
    "AnA",
    "SentenceCapitalization",
    "CapitalizePersonalPronouns",
];

/// harper-core as the checker's proofreader. It keeps the last rules it built: building them
/// (the dictionary merged with the context's words) costs more than checking a letter, and
/// letters in the same context come one after another.
#[derive(Default)]
pub struct Harper {
    cache: RefCell<Option<Built>>,
}

struct Built {
    language: Language,
    known: Vec<String>,
    dictionary: Arc<MergedDictionary>,
    rules: LintGroup,
}

impl Harper {
    pub fn new() -> Harper {
        Harper::default()
    }

    fn build(language: Language, known: &[String]) -> Built {
        let dialect = match language {
            Language::EnGb => Dialect::British,
            Language::EnUs => Dialect::American,
            Language::EnCa => Dialect::Canadian,
            Language::EnAu => Dialect::Australian,
        };
        let mut own = MutableDictionary::new();
        // Names and their possessives: "Dana", "Dana's".
        let words: Vec<Vec<char>> = known
            .iter()
            .flat_map(|w| [w.clone(), format!("{w}'s"), format!("{w}’s")])
            .map(|w| w.chars().collect())
            .collect();
        own.extend_words(
            words
                .iter()
                .map(|w| (w.as_slice(), DictWordMetadata::default())),
        );
        let mut dictionary = MergedDictionary::new();
        dictionary.add_dictionary(FstDictionary::curated());
        dictionary.add_dictionary(Arc::new(own));
        let dictionary = Arc::new(dictionary);
        let mut rules = LintGroup::new_curated(dictionary.clone(), dialect);
        rules.set_all_rules_to(Some(false));
        rules.config.set_rule_enabled("SpellCheck", true);
        for rule in GRAMMAR_RULES {
            rules.config.set_rule_enabled(rule, true);
        }
        Built {
            language,
            known: known.to_vec(),
            dictionary,
            rules,
        }
    }
}

impl Proofreader for Harper {
    fn proofread(&self, letter: &Letter, language: Language, known: &[String]) -> Vec<Finding> {
        let mut cache = self.cache.borrow_mut();
        if !cache
            .as_ref()
            .is_some_and(|b| b.language == language && b.known == known)
        {
            *cache = Some(Harper::build(language, known));
        }
        let Built {
            dictionary, rules, ..
        } = cache.as_mut().expect("built above");
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
                // Numbers, amounts and acronyms are never misspelt.
                if spelling
                    && (found.chars().any(|c| c.is_ascii_digit())
                        || found.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
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
