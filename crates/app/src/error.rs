//! What went wrong, as a person should hear it, in four kinds the command line and the web
//! answer alike: the input (the web's 422), something that is not there (404), a change
//! someone else made first (409), or the machine (500). Each is a sentence; an input's field
//! is named as the input struct names it, and each edge words it its own way (the command
//! line as its flag, the web as the form's label).

use followup_core::ActionKind;
use followup_store::StoreError;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request cannot be done as asked: the reason says why and what to do.
    #[error("{}", Invalid::words(.field, .reason))]
    Invalid {
        /// The input's field at fault (`decision_by`), if one is.
        field: Option<&'static str>,
        reason: String,
    },
    #[error("{0}")]
    NotFound(String),
    /// Not signed in, or the email and password do not match (the web's 401).
    #[error("{0}")]
    SignIn(String),
    /// Too many failed sign-ins: try again later (the web's 429).
    #[error("{0}")]
    TooMany(String),
    /// The record changed since the change was made from it: nothing was saved.
    #[error("{0}")]
    Conflict(String),
    /// A debrief changed since the page or form was opened, with both versions: nothing was saved.
    #[error(transparent)]
    DebriefChanged(Box<crate::debriefs::DebriefChanged>),
    /// The checks found errors in a letter not forced: nothing was sent. The rules' names.
    #[error(
        "the checks found {} error{} ({}): mend the letter, or send it as it is (forced); nothing was sent",
        .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.join(", ")
    )]
    Checks(Vec<String>),
    /// The letter for this action is already queued, on its way or sent: nothing was sent.
    #[error(transparent)]
    OnItsWay(#[from] AlreadyOnItsWay),
    /// The database or the machine failed; nothing was changed by halves.
    #[error(transparent)]
    Store(StoreError),
    #[error("{0}")]
    Internal(String),
}

/// The letter for this action is already queued, on its way or sent.
#[derive(Debug, thiserror::Error)]
#[error("a {kind} to {to} is already {state} (<{id}>); nothing more was sent")]
pub struct AlreadyOnItsWay {
    pub kind: ActionKind,
    pub to: String,
    pub id: String,
    pub state: &'static str,
}

struct Invalid;

impl Invalid {
    fn words(field: &Option<&'static str>, reason: &str) -> String {
        match field {
            Some(field) => format!("{}: {reason}", field.replace('_', " ")),
            None => reason.to_string(),
        }
    }
}

impl AppError {
    /// Refused input, with no one field at fault.
    pub fn invalid(reason: impl Into<String>) -> AppError {
        AppError::Invalid {
            field: None,
            reason: reason.into(),
        }
    }

    /// Refused input: this field, for this reason.
    pub fn field(field: &'static str, reason: impl std::fmt::Display) -> AppError {
        AppError::Invalid {
            field: Some(field),
            reason: reason.to_string(),
        }
    }

    /// The message, with the field named as `name` words it (the command line: `--decision-by`).
    pub fn worded(&self, name: impl Fn(&str) -> String) -> String {
        match self {
            AppError::Invalid {
                field: Some(field),
                reason,
            } => format!("{}: {reason}", name(field)),
            other => other.to_string(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NoSuchApplication { .. } | StoreError::NoSuchMessage { .. } => {
                AppError::NotFound(e.to_string())
            }
            StoreError::NoSuchAccount { .. } => AppError::NotFound(e.to_string()),
            StoreError::CannotResolve { .. } | StoreError::Taken { .. } => {
                AppError::invalid(e.to_string())
            }
            StoreError::Changed { .. } => AppError::Conflict(e.to_string()),
            other => AppError::Store(other),
        }
    }
}

impl From<followup_core::programme::IdError> for AppError {
    fn from(e: followup_core::programme::IdError) -> AppError {
        match e {
            followup_core::programme::IdError::NotFound(_) => AppError::NotFound(e.to_string()),
            followup_core::programme::IdError::Ambiguous { .. } => AppError::invalid(e.to_string()),
        }
    }
}
