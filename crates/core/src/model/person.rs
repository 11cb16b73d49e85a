use serde::{Deserialize, Serialize};

/// Someone the candidate deals with: an interviewer, a consultant.
/// A person is a record of their own: the same person may sit in several rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Person {
    pub fn named(name: &str) -> Person {
        Person {
            name: name.to_string(),
            title: None,
            email: None,
            phone: None,
        }
    }

    /// Whether `to` names this person: their email address or their name, in any case.
    pub fn answers_to(&self, to: &str) -> bool {
        answers_to(self.email.as_deref(), &self.name, to)
    }

    /// What makes two records the same person: their email address, or failing that
    /// their name within the organisation they belong to.
    pub fn identity(&self, organisation: &str) -> String {
        match &self.email {
            Some(email) if !email.trim().is_empty() => {
                format!("email:{}", email.trim().to_lowercase())
            }
            _ => format!(
                "name:{}@{}",
                fold_spaces(&self.name).to_lowercase(),
                fold_spaces(organisation).to_lowercase()
            ),
        }
    }
}

/// Whether `to` is this email address or this name, in any case and ignoring outer spaces.
pub(crate) fn answers_to(email: Option<&str>, name: &str, to: &str) -> bool {
    let to = to.trim();
    email.is_some_and(|e| e.trim().eq_ignore_ascii_case(to)) || name.trim().eq_ignore_ascii_case(to)
}

fn fold_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
