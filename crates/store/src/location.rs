use std::fmt;
use std::path::PathBuf;

use crate::StoreError;

/// Where the job search is kept, from `--db`, `--database-url` or `FOLLOWUP_DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// Reads `sqlite:PATH`, `sqlite://PATH`, `postgres://...` or `postgresql://...`.
    pub fn parse(url: &str) -> Result<Location, StoreError> {
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            let path = path.split('?').next().unwrap_or(path);
            if path.is_empty() {
                return Err(StoreError::BadUrl(
                    "sqlite: needs a file path, like sqlite:///home/me/followup.db".into(),
                ));
            }
            Ok(Location::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Location::Postgres(url.to_string()))
        } else {
            Err(StoreError::BadUrl(format!(
                "{} is not a database URL: use sqlite:PATH or postgres://USER@HOST/DB",
                redact(url)
            )))
        }
    }
}

/// A URL with its password replaced, for messages and logs.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

// Debug must not leak the password either: it ends up in logs and panics.
impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        let location =
            Location::parse("postgres://agency:s3cret@db.example:5432/followup").unwrap();
        assert_eq!(
            location.to_string(),
            "postgres://agency:***@db.example:5432/followup"
        );
        assert!(!format!("{location:?}").contains("s3cret"));
    }

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            Location::parse("sqlite:///tmp/f.db").unwrap(),
            Location::Sqlite("/tmp/f.db".into())
        );
        assert_eq!(
            Location::parse("sqlite:f.db").unwrap(),
            Location::Sqlite("f.db".into())
        );
        assert!(Location::parse("mysql://x").is_err());
        assert!(Location::parse("sqlite:").is_err());
    }
}
