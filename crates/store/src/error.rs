/// What went wrong with the database. Messages say what happened and what was left as it was.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    BadUrl(String),
    #[error("{location} is not a followup database ({reason}); it was left untouched")]
    Foreign { location: String, reason: String },
    #[error(
        "{location} was written by a newer followup (schema version {found}; this build knows up to {known}); \
         it was left untouched: upgrade followup to open it"
    )]
    TooNew {
        location: String,
        found: i64,
        known: i64,
    },
    #[error("cannot open the database at {location}: {source}")]
    Open {
        location: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("the database failed while {doing}: {source}")]
    Query {
        doing: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error("there is no application {key:?}")]
    NoSuchApplication { key: String },
    #[error("there is no message <{id}>")]
    NoSuchMessage { id: String },
    #[error("message <{id}> is {state}: it cannot be {how}")]
    CannotResolve {
        id: String,
        state: &'static str,
        how: &'static str,
    },
    /// An edit made from a version of the record that is no longer the one kept.
    #[error(
        "{what} changed since it was read (someone else saved it meanwhile); nothing was saved"
    )]
    Changed { what: String },
    /// The letter for this action is already queued, on its way or sent.
    #[error("a letter for this action is already {state} (<{id}>)")]
    AlreadyQueued { id: String, state: &'static str },
    #[error("the database holds a {what} that followup cannot read: {value:?}")]
    Corrupt { what: &'static str, value: String },
}

/// Adds what was being done to a database error.
pub(crate) trait Doing<T> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError>;
}

impl<T> Doing<T> for Result<T, sqlx::Error> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Query { doing, source })
    }
}
