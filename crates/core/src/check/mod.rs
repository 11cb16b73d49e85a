//! The checks on a letter before it is sent (spec/checks.md): etiquette as data
//! (`rules.toml`), the rules that need the application, and the programme's guards.

mod context;
mod etiquette;
mod guards;
mod letter;
mod privacy;
mod rulebook;

pub use context::CheckContext;
pub use letter::{Letter, LetterError, MAX_BYTES as MAX_LETTER_BYTES, ends_with_abbreviation};
pub use rulebook::{Rulebook, RulebookError};

use serde::Serialize;

use crate::model::Language;

/// One thing the checker found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// What is wrong and how to mend it, in one sentence.
    pub message: String,
    /// Byte offsets `[start, end)` into the letter, where it points at text.
    pub span: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// As the findings show it: `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Every rule the checker knows, in the order of spec/checks.md.
pub const RULES: [&str; 21] = [
    "spelling",
    "grammar",
    "length",
    "gushing",
    "informal",
    "needy",
    "demanding",
    "filler_chaser",
    "asks_who_got_job",
    "oversharing",
    "repetition",
    "placeholder",
    "wrong_company",
    "wrong_name",
    "missing_thanks",
    "missing_role",
    "missing_next_step",
    "missing_concern",
    "subject",
    "too_early",
    "bombarding",
];

/// Spelling and grammar come from a real English checker, kept outside the core (the
/// `followup-language` crate): it finds `spelling` and `grammar` findings in a letter, in the
/// user's English, never flagging a word the context knows.
pub trait Proofreader {
    fn proofread(&self, letter: &Letter, language: Language, known: &[String]) -> Vec<Finding>;
}

/// Checks a letter: the rules that need no context always, the others as far as the context
/// reaches; spelling and grammar when a proofreader is given. Findings come in the order of
/// the letter.
pub fn check(
    letter: &Letter,
    context: &CheckContext,
    rulebook: &Rulebook,
    proofreader: Option<&dyn Proofreader>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(proofreader) = proofreader {
        let mut proofread = proofreader.proofread(letter, context.language, context.known_words());
        // A letter in another language is one finding, not one per word.
        let words = letter.words().len();
        let misspelt = proofread.iter().filter(|f| f.rule == "spelling").count();
        if misspelt > 5 && misspelt * 5 > words * 2 {
            proofread.retain(|f| f.rule != "spelling");
            proofread.push(Finding::new(
                "spelling",
                Severity::Warning,
                format!("{misspelt} of {words} words are not English: followup checks letters written in English."),
                None,
            ));
        }
        findings.extend(proofread);
    }
    etiquette::check(letter, context, rulebook, &mut findings);
    privacy::check(letter, context, &mut findings);
    context::check(letter, context, rulebook, &mut findings);
    guards::check(letter, context, &mut findings);
    findings.sort_by_key(|f| (f.span.map_or(usize::MAX, |s| s.0), f.rule));
    findings
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        message: impl Into<String>,
        span: Option<(usize, usize)>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            message: message.into(),
            span,
        }
    }
}
