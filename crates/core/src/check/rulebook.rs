//! The phrase rules as data: the built-in `rules.toml`, and the user's additions in the same
//! form. Phrases become case-insensitive whole-word patterns.

use std::collections::BTreeMap;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

const BUILT_IN: &str = include_str!("rules.toml");

/// The rules whose phrases live in the rulebook.
pub const PHRASE_RULES: [&str; 7] = [
    "gushing",
    "informal",
    "needy",
    "demanding",
    "filler_chaser",
    "asks_who_got_job",
    "oversharing",
];

#[derive(Debug, Clone)]
pub struct Rulebook {
    pub(super) rules: Vec<PhraseRule>,
    /// First name -> its nicknames.
    pub(super) nicknames: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone)]
pub(super) struct PhraseRule {
    pub id: &'static str,
    pub message: String,
    pub pattern: Option<Regex>,
}

#[derive(Debug, thiserror::Error)]
pub enum RulebookError {
    #[error("{origin}: {source}")]
    Syntax {
        origin: String,
        source: Box<toml::de::Error>,
    },
    #[error("{origin}: no rule is called {id:?} (the phrase rules are {})", PHRASE_RULES.join(", "))]
    UnknownRule { origin: String, id: String },
    #[error("{origin}: rule {id}: the phrase {phrase:?} cannot be read: {reason}")]
    BadPhrase {
        origin: String,
        id: String,
        phrase: String,
        reason: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rule: Vec<RuleEntry>,
    #[serde(default)]
    nicknames: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    id: String,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    phrases: Vec<String>,
}

impl Rulebook {
    /// The built-in rules, compiled once per process.
    pub fn built_in() -> Rulebook {
        static BUILT: std::sync::LazyLock<Rulebook> = std::sync::LazyLock::new(|| {
            Rulebook::with_additions(None).expect("the built-in rules are valid")
        });
        BUILT.clone()
    }

    /// The built-in rules with the user's file (its text and where it came from) added.
    pub fn with_additions(user: Option<(&str, &str)>) -> Result<Rulebook, RulebookError> {
        let mut phrases: BTreeMap<&'static str, (String, Vec<String>)> = BTreeMap::new();
        let mut nicknames = BTreeMap::new();
        for (origin, text) in std::iter::once(("the built-in rules", BUILT_IN)).chain(user) {
            let file: File = toml::from_str(text).map_err(|e| RulebookError::Syntax {
                origin: origin.to_string(),
                source: Box::new(e),
            })?;
            for entry in file.rule {
                let id = PHRASE_RULES
                    .into_iter()
                    .find(|r| *r == entry.id)
                    .ok_or_else(|| RulebookError::UnknownRule {
                        origin: origin.to_string(),
                        id: entry.id.clone(),
                    })?;
                let slot = phrases.entry(id).or_default();
                if let Some(message) = entry.message {
                    slot.0 = message;
                }
                for phrase in entry.phrases {
                    pattern(&phrase).map_err(|reason| RulebookError::BadPhrase {
                        origin: origin.to_string(),
                        id: entry.id.clone(),
                        phrase: phrase.clone(),
                        reason,
                    })?;
                    slot.1.push(phrase);
                }
            }
            for (name, short) in file.nicknames {
                nicknames.entry(name).or_insert_with(Vec::new).extend(short);
            }
        }
        let rules = phrases
            .into_iter()
            .map(|(id, (message, list))| {
                let alternatives: Vec<String> =
                    list.iter().filter_map(|p| pattern(p).ok()).collect();
                PhraseRule {
                    id,
                    message,
                    pattern: (!alternatives.is_empty()).then(|| {
                        RegexBuilder::new(&alternatives.join("|"))
                            .case_insensitive(true)
                            .size_limit(50 << 20)
                            .build()
                            .expect("each phrase compiled on its own")
                    }),
                }
            })
            .collect();
        Ok(Rulebook { rules, nicknames })
    }

    /// Whether the phrases of this rule (an id of [`PHRASE_RULES`]) say something in the text.
    pub fn flags(&self, rule: &str, text: &str) -> bool {
        self.rules
            .iter()
            .filter(|r| r.id == rule)
            .filter_map(|r| r.pattern.as_ref())
            .any(|p| p.is_match(text))
    }

    /// The nicknames of a first name, if the rulebook knows any.
    pub fn nicknames_of(&self, first_name: &str) -> &[String] {
        self.nicknames
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(first_name))
            .map_or(&[], |(_, list)| list.as_slice())
    }
}

/// A phrase as a regular expression: words literal, any spacing, either apostrophe,
/// `*` for one word, `(a|b)` for alternatives; whole words at both ends.
fn pattern(phrase: &str) -> Result<String, String> {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return Err("it is empty".into());
    }
    let mut out = String::new();
    let mut depth = 0;
    for c in phrase.chars() {
        match c {
            '(' => {
                depth += 1;
                out.push_str("(?:");
            }
            ')' => {
                if depth == 0 {
                    return Err("a ')' closes nothing".into());
                }
                depth -= 1;
                out.push(')');
            }
            '|' if depth > 0 => out.push('|'),
            '*' => out.push_str(r"[\w'’-]+"),
            '\'' | '’' => out.push_str("['’]"),
            c if c.is_whitespace() => {
                if !out.ends_with(r"\s+") {
                    out.push_str(r"\s+");
                }
            }
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    if depth != 0 {
        return Err("a '(' is not closed".into());
    }
    let first = phrase
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '(' || c == '*');
    let last = phrase
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == ')' || c == '*');
    let full = format!(
        "{}(?:{out}){}",
        if first { r"\b" } else { "" },
        if last { r"\b" } else { "" }
    );
    Regex::new(&full).map(|_| full).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_rules_compile() {
        let book = Rulebook::built_in();
        assert_eq!(book.rules.len(), PHRASE_RULES.len());
        assert!(book.nicknames_of("michael").contains(&"Mike".to_string()));
    }

    #[test]
    fn phrases_match_whole_words_in_any_case_and_either_apostrophe() {
        let re = Regex::new(&format!(
            "(?i){}",
            pattern("i'm (really|truly) * waiting").unwrap()
        ))
        .unwrap();
        assert!(re.is_match("Well, I’m REALLY still   waiting."));
        assert!(!re.is_match("swim really still waiting"));
        assert!(pattern("(unclosed").is_err());
    }

    #[test]
    fn a_users_file_adds_phrases_and_a_bad_one_is_named() {
        let book = Rulebook::with_additions(Some((
            "my rules",
            "[[rule]]\nid = \"gushing\"\nphrases = [\"stellar\"]\n",
        )))
        .unwrap();
        let gushing = book.rules.iter().find(|r| r.id == "gushing").unwrap();
        assert!(gushing.pattern.as_ref().unwrap().is_match("a Stellar day"));
        let err =
            Rulebook::with_additions(Some(("my rules", "[[rule]]\nid = \"rude\"\n"))).unwrap_err();
        assert!(
            err.to_string().contains("no rule is called \"rude\""),
            "{err}"
        );
        let err = Rulebook::with_additions(Some(("my rules", "[[rule]\n"))).unwrap_err();
        assert!(err.to_string().starts_with("my rules: "), "{err}");
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}
