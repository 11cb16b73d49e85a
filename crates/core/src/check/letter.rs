//! A letter as the checker reads it: an optional `Subject:` line, then the body.

use std::ops::Range;

/// The most the checker reads: a letter is a page or two, not a book.
pub const MAX_BYTES: usize = 200_000;

#[derive(Debug, Clone)]
pub struct Letter {
    text: String,
    /// Where the subject's text is, when the first line is `Subject: ...`.
    subject: Option<Range<usize>>,
    /// Where the body starts (after the subject line).
    body_start: usize,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LetterError {
    #[error("the letter is empty")]
    Empty,
    #[error("the letter is not text (it is not UTF-8, or it holds NUL bytes)")]
    NotText,
    #[error("the letter is {0} bytes; a letter is at most {MAX_BYTES}")]
    TooLong(usize),
}

impl Letter {
    /// A letter's text from its subject and body, as `new` reads it: the subject line, a
    /// blank line, the body.
    pub fn text_of(subject: &str, body: &str) -> String {
        format!("Subject: {subject}\n\n{body}")
    }

    /// Reads a letter from bytes; refuses what is not a letter at all.
    pub fn from_bytes(bytes: &[u8]) -> Result<Letter, LetterError> {
        if bytes.len() > MAX_BYTES {
            return Err(LetterError::TooLong(bytes.len()));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| LetterError::NotText)?;
        if text.contains('\0') {
            return Err(LetterError::NotText);
        }
        if text.trim().is_empty() {
            return Err(LetterError::Empty);
        }
        Ok(Letter::new(text))
    }

    pub fn new(text: &str) -> Letter {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
        let first_end = text.find('\n').unwrap_or(text.len());
        let first = &text[..first_end];
        let subject = first
            .get(..8)
            .filter(|head| head.eq_ignore_ascii_case("subject:"))
            .map(|_| {
                let value = &first[8..];
                let start = 8 + (value.len() - value.trim_start().len());
                start..(8 + value.trim_end().len()).max(start)
            });
        let body_start = if subject.is_some() {
            (first_end + 1).min(text.len())
        } else {
            0
        };
        Letter {
            text,
            subject,
            body_start,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn subject(&self) -> Option<&str> {
        self.subject.clone().map(|r| &self.text[r])
    }

    pub fn subject_span(&self) -> Option<(usize, usize)> {
        self.subject.clone().map(|r| (r.start, r.end))
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    pub fn body_start(&self) -> usize {
        self.body_start
    }

    /// The words of the body (greeting and signature included), with their byte ranges in
    /// the letter. A word is letters, digits and inner apostrophes or hyphens.
    pub fn words(&self) -> Vec<(usize, &str)> {
        words(self.body())
            .into_iter()
            .map(|(at, w)| (at + self.body_start, w))
            .collect()
    }

    /// The greeting line ("Dear Luis,"): the body's first line that is not blank.
    pub fn greeting(&self) -> Option<(usize, &str)> {
        let mut at = self.body_start;
        for line in self.body().split_inclusive('\n') {
            if !line.trim().is_empty() {
                return Some((at, line.trim_end()));
            }
            at += line.len();
        }
        None
    }
}

/// The words of a text with their byte offsets.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '\'' | '’' | '-')
            && start.is_some()
            && chars
                .get(n + 1)
                .is_some_and(|&(_, next)| next.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// Whether the text ends with an abbreviation's stop ("Litware Inc.", "e.g.", "Dr."): a stop
/// that belongs to its word, and need not end the sentence.
pub fn ends_with_abbreviation(text: &str) -> bool {
    const ABBREVIATIONS: [&str; 20] = [
        "inc.", "ltd.", "co.", "corp.", "plc.", "llc.", "etc.", "e.g.", "i.e.", "approx.", "dept.",
        "no.", "vs.", "st.", "mr.", "mrs.", "ms.", "dr.", "prof.", "jr.",
    ];
    let last = text.rsplit(char::is_whitespace).next().unwrap_or_default();
    let last = last.trim_start_matches(['(', '"', '“']).to_lowercase();
    ABBREVIATIONS.contains(&last.as_str())
        || (last.len() <= 5 && last.ends_with('.') && last.matches('.').count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_and_body() {
        let letter = Letter::new("Subject: Thank you \nDear Luis,\n\nThanks.\n");
        assert_eq!(letter.subject(), Some("Thank you"));
        assert_eq!(letter.greeting().map(|g| g.1), Some("Dear Luis,"));
        let words: Vec<&str> = letter.words().into_iter().map(|w| w.1).collect();
        assert_eq!(words, ["Dear", "Luis", "Thanks"]);
        let (at, w) = letter.words()[1];
        assert_eq!(&letter.text()[at..at + w.len()], "Luis");
    }

    #[test]
    fn what_is_not_a_letter_is_refused() {
        assert_eq!(Letter::from_bytes(b"  \n").unwrap_err(), LetterError::Empty);
        assert_eq!(
            Letter::from_bytes(&[0xff, 0xfe, 0]).unwrap_err(),
            LetterError::NotText
        );
        assert!(matches!(
            Letter::from_bytes(&vec![b'a'; MAX_BYTES + 1]),
            Err(LetterError::TooLong(_))
        ));
        assert_eq!(
            words("I'm the team’s co-lead - ok"),
            [
                (0, "I'm"),
                (4, "the"),
                (8, "team’s"),
                (17, "co-lead"),
                (27, "ok")
            ]
        );
    }
}
