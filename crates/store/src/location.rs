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

/// A URL with its passwords replaced, for messages and logs: the one after the user name
/// (`user:pw@host`) and one given in the query (`?password=...`, any case, even percent-encoded).
pub(crate) fn redact(url: &str) -> String {
    redact_query(&redact_credentials(url))
}

fn redact_credentials(url: &str) -> String {
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

/// Everything after the first `?` is the query, up to the end: a password holding a `#` is
/// hidden whole rather than taken as a fragment.
fn redact_query(url: &str) -> String {
    let Some((head, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _secret)) if is_password(key) => format!("{key}=***"),
            _ => pair.to_string(),
        })
        .collect();
    format!("{head}?{}", pairs.join("&"))
}

/// `password` (libpq's and sqlx's) or `sslpassword` (the client key's), as the URL parser
/// reads the key: any case, percent-decoded.
fn is_password(key: &str) -> bool {
    let key = percent_decoded(key);
    key.eq_ignore_ascii_case("password") || key.eq_ignore_ascii_case("sslpassword")
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(u8::try_from(high * 16 + low).unwrap_or(b'%'));
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
    fn passwords_in_the_query_never_show() {
        for (url, shown) in [
            (
                "postgres://u@h/db?sslmode=disable&password=secret",
                "postgres://u@h/db?sslmode=disable&password=***",
            ),
            (
                "postgres://u@h/db?PassWord=secret&sslmode=require",
                "postgres://u@h/db?PassWord=***&sslmode=require",
            ),
            (
                "postgresql://u:secret@h:5432/db?password=secret",
                "postgresql://u:***@h:5432/db?password=***",
            ),
            (
                "postgres://u@h?password=secret",
                "postgres://u@h?password=***",
            ),
            (
                "postgres://u@h/db?%70assword=secret&sslpassword=secret",
                "postgres://u@h/db?%70assword=***&sslpassword=***",
            ),
            (
                "postgres://u@h/db?password=se#cret",
                "postgres://u@h/db?password=***",
            ),
            (
                "postgres://u@h/db?password=",
                "postgres://u@h/db?password=***",
            ),
        ] {
            assert_eq!(redact(url), shown, "{url}");
            let location = Location::parse(url).unwrap();
            assert_eq!(location.to_string(), shown);
            assert!(!format!("{location:?}").contains("secret"), "{url}");
        }
    }

    #[test]
    fn the_rest_of_the_query_shows_as_it_was() {
        for url in [
            "postgres://u@h/db",
            "postgres://u@h/db?",
            "postgres://u@h/db?sslmode=require&application_name=password",
            "postgres://u@h/db?password_file=/run/pw&sslmode",
            "postgres://u@h/db?password",
        ] {
            assert_eq!(redact(url), url);
        }
        assert_eq!(
            redact("sqlite:///tmp/f.db?mode=rwc"),
            "sqlite:///tmp/f.db?mode=rwc"
        );
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
