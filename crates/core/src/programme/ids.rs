//! Action ids short enough to type: a few letters for the application and the action's
//! number within it (`np-3`). A unique prefix of an id is enough to name it.

use std::collections::{HashMap, HashSet};

use super::Action;
use crate::model::Key;

/// The short name of every application, made from its key: initials where they are
/// unique (`northwind-pm` -> `np`, `app-00042` -> `a42`), longer where they are not.
/// The same keys always give the same names.
#[derive(Debug, Clone, Default)]
pub struct Prefixes(HashMap<Key, String>);

impl Prefixes {
    /// The names the keys get when they are named one by one in key order.
    pub fn new<'a>(keys: impl IntoIterator<Item = &'a Key>) -> Prefixes {
        let mut keys: Vec<&Key> = keys.into_iter().collect();
        keys.sort();
        keys.dedup();
        let mut taken = HashSet::new();
        Prefixes(
            keys.into_iter()
                .map(|key| (key.clone(), Prefixes::assign(&mut taken, key)))
                .collect(),
        )
    }

    /// Names that were given before (the store keeps them, so they never change).
    pub fn known(names: impl IntoIterator<Item = (Key, String)>) -> Prefixes {
        Prefixes(names.into_iter().collect())
    }

    /// The name for a new application, given the names `taken` already; it is taken too.
    pub fn assign(taken: &mut HashSet<String>, key: &Key) -> String {
        let name = candidates(key.as_str())
            .into_iter()
            .find(|c| !taken.contains(c))
            .unwrap_or_else(|| {
                (2..)
                    .map(|n| format!("{key}{n}"))
                    .find(|c| !taken.contains(c))
                    .unwrap_or_default()
            });
        taken.insert(name.clone());
        name
    }

    pub fn prefix<'a>(&'a self, key: &'a Key) -> &'a str {
        self.0.get(key).map_or(key.as_str(), String::as_str)
    }

    pub fn id(&self, action: &Action) -> String {
        action_id(self.prefix(&action.application), action.number)
    }
}

/// `np-3`; an application's `keep_searching` (number 0) is `np-ks`.
pub fn action_id(prefix: &str, number: u32) -> String {
    match number {
        0 => format!("{prefix}-ks"),
        n => format!("{prefix}-{n}"),
    }
}

/// The names a key may take, shortest first; the key itself is last.
fn candidates(key: &str) -> Vec<String> {
    let words: Vec<&str> = key.split('-').filter(|w| !w.is_empty()).collect();
    let initial = |w: &str| -> String {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            let trimmed = w.trim_start_matches('0');
            if trimmed.is_empty() {
                "0".into()
            } else {
                trimmed.into()
            }
        } else {
            w.chars().next().map(String::from).unwrap_or_default()
        }
    };
    let mut out = Vec::new();
    if let [only] = words.as_slice() {
        out.push(only.chars().take(2).collect());
    } else if let [first, rest @ ..] = words.as_slice() {
        let tail: String = rest.iter().take(2).map(|w| initial(w)).collect();
        for len in 1..first.chars().count().min(4) {
            let head: String = if len == 1 {
                initial(first)
            } else {
                first.chars().take(len).collect()
            };
            out.push(format!("{head}{tail}"));
        }
    }
    out.push(key.to_string());
    out
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum IdError {
    #[error("no open action has the id {0:?}: the agenda shows every open one")]
    NotFound(String),
    #[error("{query:?} could be any of {}: type more of the id", .ids.join(", "))]
    Ambiguous { query: String, ids: Vec<String> },
}

/// The one action whose id is `query`, or starts with it.
pub fn find_action<'a, T>(query: &str, ids: &'a [(String, T)]) -> Result<&'a (String, T), IdError> {
    let query = query.trim().to_lowercase();
    if let Some(exact) = ids.iter().find(|(id, _)| id.to_lowercase() == query) {
        return Ok(exact);
    }
    let matches: Vec<&(String, T)> = ids
        .iter()
        .filter(|(id, _)| !query.is_empty() && id.to_lowercase().starts_with(&query))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(IdError::NotFound(query)),
        many => Err(IdError::Ambiguous {
            query,
            ids: many.iter().take(8).map(|(id, _)| id.clone()).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Vec<Key> {
        names.iter().map(|n| Key::new(n).unwrap()).collect()
    }

    #[test]
    fn initials_then_longer_names() {
        let keys = keys(&[
            "northwind-pm",
            "contoso-dev",
            "cloud-dev",
            "fabrikam-analyst",
            "acme",
            "app-00042",
        ]);
        let p = Prefixes::new(&keys);
        let name = |k: &str| p.prefix(&Key::new(k).unwrap()).to_string();
        assert_eq!(name("northwind-pm"), "np");
        assert_eq!(name("fabrikam-analyst"), "fa");
        assert_eq!(name("cloud-dev"), "cd");
        assert_eq!(name("contoso-dev"), "cod");
        assert_eq!(name("acme"), "ac");
        assert_eq!(name("app-00042"), "a42");
        // The same keys in another order give the same names.
        let mut reversed = keys.clone();
        reversed.reverse();
        assert_eq!(Prefixes::new(&reversed).prefix(&keys[1]), "cod");
    }

    #[test]
    fn a_unique_prefix_is_enough() {
        let ids = vec![
            ("np-1".to_string(), ()),
            ("np-12".to_string(), ()),
            ("cd-3".to_string(), ()),
        ];
        assert_eq!(find_action("np-1", &ids).unwrap().0, "np-1");
        assert_eq!(find_action("CD", &ids).unwrap().0, "cd-3");
        assert!(matches!(
            find_action("np", &ids),
            Err(IdError::Ambiguous { .. })
        ));
        assert_eq!(
            find_action("zz-1", &ids).unwrap_err(),
            IdError::NotFound("zz-1".into())
        );
    }
}
