//! The debrief's items as a letter may use them: cleaned for the middle of a sentence, and
//! sorted into what the candidate could say to the interviewer and what stays in the notebook
//! (spec/format.md, "What stays private").

use std::sync::LazyLock;

use regex::Regex;

use crate::check::Rulebook;

/// A debrief item made ready for the middle of a sentence: one line, without its closing
/// punctuation, with a leading article or pronoun in lower case, and no doubled stop after
/// "Inc." or "Ltd.".
pub(super) fn clean(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.trim_end_matches([',', ';', ':', '!']);
    let text = if crate::check::ends_with_abbreviation(text) {
        text
    } else {
        text.trim_end_matches(['.', ',', ';', ':', '!'])
    };
    let first = text.split(' ').next().unwrap_or_default();
    if [
        "The", "A", "An", "My", "Our", "Their", "Your", "How", "What", "Why", "When", "That",
    ]
    .contains(&first)
    {
        let mut chars = text.chars();
        chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        text.to_string()
    }
}

/// What the candidate tells themselves, not the interviewer: opinions of the people met, how
/// it felt, verdicts on their own answers.
static NOTEBOOK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(
            i\s+(think|thought|felt|feel|guess|reckon|admitted|blanked|rambled|nailed|panicked|froze|waffled|sounded|said|told|was|wasn't|got)
          | i'm\s+(not\s+)?sure | i'd | nailed | seemed | looked | looks | seems | thought\s+i
          | honestly | nervous | bored | sceptical | skeptical | annoyed | rude | stressed
          | even\s+though | my\s+(answer|response|reply)\s+(on|to|about) | so\s+i
        )\b",
    )
    .expect("valid")
});

/// Words that lead into a topic without being it: "my story about cutting the ETL" is the
/// story of cutting the ETL.
static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(my|the|our)\s+(story|example|anecdote|point|discussion|conversation|talk)\s+(about|of|on)\s+")
        .expect("valid")
});

/// A note with a verb of its own ("the last hire quit after six months") is a sentence, not
/// a topic: "our conversation about" it would be mangled. A question word makes it a topic
/// again ("how we cut report time").
static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(quit|left|said|told|went|got|was|were|is|are|had|did|took|kept|asked|wanted|wants|needs|hates|hated|gave|came|didn't|wasn't|isn't|won't|can't|couldn't)\b")
        .expect("valid")
});

static QUESTION_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(how|what|why|whether)\b").expect("valid"));

static RULEBOOK: LazyLock<Rulebook> = LazyLock::new(Rulebook::built_in);

/// Who the item must not talk about: the people met, by first or full name.
pub(super) struct Audience<'a> {
    pub names: Vec<&'a str>,
}

impl Audience<'_> {
    fn names_someone(&self, text: &str) -> bool {
        text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
            .any(|w| {
                !w.is_empty()
                    && self
                        .names
                        .iter()
                        .any(|n| n.split_whitespace().any(|p| p == w))
            })
    }

    /// A topic the letter may recall to the interviewer ("our conversation about …"): short,
    /// about the work, naming nobody, and nothing the checker's `oversharing` would flag.
    pub(super) fn topic(&self, text: &str) -> Option<String> {
        let cleaned = clean(text);
        let topic = LEAD_IN.replace(&cleaned, "").into_owned();
        let fits = !topic.is_empty()
            && topic.split_whitespace().count() <= 14
            && !topic.contains(['?', '!', ';'])
            && !NOTEBOOK.is_match(&topic)
            && (QUESTION_WORD.is_match(&topic) || !CLAUSE.is_match(&topic))
            && !self.names_someone(&topic)
            && !RULEBOOK.flags("oversharing", &topic);
        fits.then_some(topic)
    }

    /// Something the candidate wrote to say to the employer (an answer, a forgotten point):
    /// theirs to say unless it talks about the people met or overshares.
    pub(super) fn statement(&self, text: &str) -> Option<String> {
        let cleaned = clean(text);
        let cleaned = INTERJECTION.replace(&cleaned, "").into_owned();
        let fits = !cleaned.is_empty()
            && !self.names_someone(&cleaned)
            && !RULEBOOK.flags("oversharing", &cleaned)
            && !RULEBOOK.flags("needy", &cleaned)
            && !cleaned.to_lowercase().contains("honestly");
        fits.then_some(cleaned)
    }
}

/// "PMP certificate" is the candidate's own: "my PMP certificate". An item that starts with
/// its own determiner, a clause or a name keeps its words.
pub(super) fn own(item: String) -> String {
    let first = item.split_whitespace().next().unwrap_or_default();
    let last = item.split_whitespace().last().unwrap_or_default();
    let determined = [
        "my", "the", "a", "an", "that", "how", "what", "why", "when", "our", "some", "two",
        "three", "i", "i've", "i'm",
    ]
    .contains(&first.to_lowercase().as_str());
    let common_noun = last.chars().next().is_some_and(char::is_lowercase);
    if !determined && item.split_whitespace().count() >= 2 && common_noun {
        format!("my {item}")
    } else {
        item
    }
}

/// "yes, I carried a pager" answers a question the letter does not repeat.
static INTERJECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(yes|no|yeah|well|sure|of course)\s*[,:-]\s*").expect("valid")
});

/// Whether two items make the same point: one holds the other, or they share most words.
pub(super) fn same_point(a: &str, b: &str) -> bool {
    let words = |t: &str| -> Vec<String> {
        t.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    shared * 10 >= a.len().min(b.len()) * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audience() -> Audience<'static> {
        Audience {
            names: vec!["Gareth Hughes", "Siobhan McCarthy"],
        }
    }

    #[test]
    fn the_notebook_stays_out() {
        let a = audience();
        for private in [
            "I think I nailed the variance question even though Gareth looked bored",
            "when I admitted I hate my current manager",
            "Gareth seemed worried the last hire quit, so I said I'd stay at least two years",
            "my answer on managing an assistant",
            "the last hire quit after six months",
        ] {
            assert_eq!(a.topic(private), None, "{private}");
        }
        assert_eq!(
            a.topic("my story about cutting the nightly ETL from 6 hours to 40 minutes")
                .as_deref(),
            Some("cutting the nightly ETL from 6 hours to 40 minutes")
        );
        assert_eq!(
            a.statement(
                "honestly I'd take 5k less because I really need to get out of my current job"
            ),
            None
        );
        assert_eq!(
            a.statement("yes, I carried a pager at my current job for two years.")
                .as_deref(),
            Some("I carried a pager at my current job for two years")
        );
    }

    #[test]
    fn items_clean_as_plain_words() {
        assert_eq!(clean("  Litware Inc. "), "Litware Inc.");
        assert_eq!(clean("the on-call rota."), "the on-call rota");
        assert_eq!(clean("The CI/CD pipeline!"), "the CI/CD pipeline");
        assert!(same_point(
            "my story about cutting the nightly ETL from 6 hours to 40 minutes",
            "cutting the nightly ETL from 6 hours to 40 minutes"
        ));
        assert!(!same_point(
            "the Kafka partitioning whiteboard",
            "my dbt test coverage work"
        ));
    }
}
