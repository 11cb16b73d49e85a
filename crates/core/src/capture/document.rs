//! The JSON document of `spec/format.md`: read with a reason for every refusal, written canonically.

use std::fmt;

use crate::model::{FORMAT_VERSION, JobSearch};

/// Why a document was refused. Every variant names where the problem is.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("the file is empty: expected a followup JSON document")]
    Empty,
    #[error("the file is not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("{0}")]
    Syntax(Invalid),
    #[error(
        "followup: this file is format version {found}; this build reads version {FORMAT_VERSION}"
    )]
    Version { found: u64 },
    #[error("{}", display_all(.0))]
    Invalid(Vec<Invalid>),
}

/// One problem in a document: the path of the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub path: String,
    pub reason: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            f.write_str(&self.reason)
        } else {
            write!(f, "{}: {}", self.path, self.reason)
        }
    }
}

fn display_all(problems: &[Invalid]) -> String {
    problems
        .iter()
        .map(Invalid::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a whole document and checks it; nothing partial comes out of a bad file.
pub fn parse_document(bytes: &[u8]) -> Result<JobSearch, DocumentError> {
    let text = std::str::from_utf8(bytes).map_err(|e| DocumentError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(DocumentError::Empty);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = serde_path_to_error::deserialize::<_, JobSearch>(&mut de)
        .map_err(|err| {
            let path = err.path().to_string();
            Invalid {
                path: if path == "." { String::new() } else { path },
                reason: err.into_inner().to_string(),
            }
        })
        .and_then(|doc| {
            de.end().map(|()| doc).map_err(|e| Invalid {
                path: String::new(),
                reason: e.to_string(),
            })
        });
    let doc = match parsed {
        Ok(doc) => doc,
        // A newer format fails on fields we do not know; say so rather than name the field.
        Err(problem) => match declared_version(text) {
            Some(found) if found != u64::from(FORMAT_VERSION) => {
                return Err(DocumentError::Version { found });
            }
            _ => return Err(DocumentError::Syntax(problem)),
        },
    };
    if doc.followup != FORMAT_VERSION {
        return Err(DocumentError::Version {
            found: u64::from(doc.followup),
        });
    }
    check_document(&doc)?;
    Ok(doc)
}

/// The checks beyond types (lengths, duplicates, times in order) on a document made in code,
/// so that no way in stores what import would refuse.
pub fn check_document(doc: &JobSearch) -> Result<(), DocumentError> {
    let problems = super::validate::validate(doc);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(DocumentError::Invalid(problems))
    }
}

fn declared_version(text: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Head {
        followup: u64,
    }
    serde_json::from_str::<Head>(text).ok().map(|h| h.followup)
}

/// The canonical text of a document: two-space indentation, fields in the order of the spec.
pub fn to_json(doc: &JobSearch) -> String {
    let mut text = serde_json::to_string_pretty(doc).expect("a job search always serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refuse(text: &str) -> String {
        parse_document(text.as_bytes()).unwrap_err().to_string()
    }

    const APP: &str = r#"{"key":"acme","company":"Acme","role":"Analyst","interviews":[]}"#;

    fn with_app(app: &str) -> String {
        format!(r#"{{"followup":1,"applications":[{APP},{app}]}}"#)
    }

    #[test]
    fn errors_name_the_path_and_the_reason() {
        let text = with_app(
            r#"{"key":"b","company":"B","role":"R","interviews":[{"key":"r1","starts_at":"soon"}]}"#,
        );
        let message = refuse(&text);
        assert!(
            message.starts_with("applications[1].interviews[0].starts_at: not an RFC 3339 time"),
            "{message}"
        );
    }

    #[test]
    fn bad_input_gets_one_clear_message() {
        assert_eq!(
            refuse(""),
            "the file is empty: expected a followup JSON document"
        );
        assert!(refuse(r#"{"followup":1,"colour":"red"}"#).contains("unknown field `colour`"));
        assert!(refuse(r#"{"followup":"one"}"#).starts_with("followup: invalid type"));
        assert!(
            refuse(&with_app(
                r#"{"key":"b","company":"B","role":"R","interest":9}"#
            ))
            .starts_with("applications[1].interest: interest is 1 to 5, not 9")
        );
        assert!(
            refuse(&with_app(
                r#"{"key":"b","company":"B","role":"R","applied_on":"2026-02-31"}"#
            ))
            .starts_with("applications[1].applied_on:")
        );
        assert!(refuse(r#"{"followup":2,"future":true}"#).contains("format version 2"));
        assert!(
            parse_document(b"{\"followup\":1,\"profile\":{\"name\":\"\xff\"}}")
                .unwrap_err()
                .to_string()
                .contains("not UTF-8")
        );
        assert!(refuse(r#"{"followup":1} trailing"#).contains("trailing characters"));
    }
}
