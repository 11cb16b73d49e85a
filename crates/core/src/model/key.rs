use std::fmt;

use serde::{Deserialize, Serialize};

/// A short, stable, typeable name for an application or an interview
/// (`acme-analyst`, `r1`): lowercase letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Key(String);

/// As its text, without the copy that `into = "String"` would make of every key written.
impl Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

pub const MAX_KEY_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidKey(String);

impl Key {
    pub fn new(text: &str) -> Result<Key, InvalidKey> {
        Key::try_from(text.to_string())
    }

    /// A key made from names, as a person would write it: `Acme Ltd`, `Data Analyst` -> `acme-ltd-data-analyst`.
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Option<Key> {
        let mut slug = String::new();
        for word in words {
            for c in word.chars().flat_map(char::to_lowercase) {
                if c.is_ascii_alphanumeric() {
                    slug.push(c);
                } else if !slug.is_empty() && !slug.ends_with('-') {
                    slug.push('-');
                }
            }
            if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.truncate(MAX_KEY_LEN);
        Key::new(slug.trim_end_matches('-')).ok()
    }

    /// The same key with a number on the end, to make it unique among its siblings.
    pub fn numbered(&self, n: usize) -> Key {
        let suffix = format!("-{n}");
        let mut base = self.0.clone();
        base.truncate(MAX_KEY_LEN - suffix.len());
        Key(format!("{}{suffix}", base.trim_end_matches('-')))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Key {
    type Error = InvalidKey;

    fn try_from(text: String) -> Result<Key, InvalidKey> {
        let valid_chars = text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if text.is_empty() {
            Err(InvalidKey("a key cannot be empty".into()))
        } else if text.len() > MAX_KEY_LEN {
            Err(InvalidKey(format!(
                "a key has at most {MAX_KEY_LEN} characters"
            )))
        } else if !valid_chars
            || text.starts_with('-')
            || text.ends_with('-')
            || text.contains("--")
        {
            Err(InvalidKey(format!(
                "{text:?} is not a key: use lowercase letters, digits and single hyphens (like acme-analyst)"
            )))
        } else {
            Ok(Key(text))
        }
    }
}

impl From<Key> for String {
    fn from(key: Key) -> String {
        key.0
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_made_from_names() {
        let key = Key::from_words(["Acme Ltd", "Data Analyst"]).unwrap();
        assert_eq!(key.as_str(), "acme-ltd-data-analyst");
        assert_eq!(Key::from_words(["  Zoë & Co. "]).unwrap().as_str(), "zo-co");
        assert!(Key::from_words(["!!!"]).is_none());
    }

    #[test]
    fn bad_keys_are_refused() {
        for bad in ["", "Acme", "a b", "-a", "a-", "a--b", &"x".repeat(65)] {
            assert!(Key::new(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(Key::new("r1").unwrap().numbered(2).as_str(), "r1-2");
    }
}
