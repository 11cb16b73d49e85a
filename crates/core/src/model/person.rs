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

fn fold_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
