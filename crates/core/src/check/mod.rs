//! The checks on a letter before it is sent (spec/checks.md): etiquette as data
//! (`rules.toml`), the rules that need the application, and the programme's guards.

mod context;
mod etiquette;
mod guards;
mod letter;
mod rulebook;

pub use context::CheckContext;
pub use letter::Letter;
pub use rulebook::{Rulebook, RulebookError};

use serde::Serialize;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

/// Every rule the checker knows, in the order of spec/checks.md.
pub const RULES: [&str; 19] = [
    "spelling",
    "grammar",
    "length",
    "gushing",
    "informal",
    "needy",
    "demanding",
    "filler_chaser",
    "asks_who_got_job",
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

/// Checks a letter: the rules that need no context always, the others as far as the context
/// reaches. Findings come in the order of the letter.
pub fn check(letter: &Letter, context: &CheckContext, rulebook: &Rulebook) -> Vec<Finding> {
    let mut findings = Vec::new();
    etiquette::check(letter, context, rulebook, &mut findings);
    context::check(letter, context, rulebook, &mut findings);
    guards::check(context, &mut findings);
    findings.sort_by_key(|f| (f.span.map_or(usize::MAX, |s| s.0), f.rule));
    findings
}

impl Finding {
    fn new(
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
