//! The user's own words (`dictionary.txt`), phrase rules (`rules.toml`) and letter templates
//! (`templates/NAME.txt`). On one machine they are files in the config directory, where the user
//! may edit them by hand; in the agency mode they are rows of the job search in the store
//! ([`Keeping::Store`]), since no file beside a shared process is anyone's own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use followup_core::check::Rulebook;
use followup_core::compose::Templates;
use followup_store::Store;

use crate::files::write_atomically;
use crate::{AppError, Context, Result};

/// Where the user's own files are kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Keeping {
    /// In the config directory (`FOLLOWUP_CONFIG_DIR`): one user on one machine.
    #[default]
    Files,
    /// In the job search's rows: an account of the agency mode.
    Store,
}

/// The words the spelling check accepts, one a line.
pub const WORDS: &str = "dictionary.txt";
/// Phrase rules in the form of the built-in `rules.toml`.
pub const RULES: &str = "rules.toml";
/// The calendar feed's secret, in the agency mode (on one machine it is a file of the data
/// directory, beside the database, never the config directory's).
pub const CALENDAR_TOKEN: &str = "calendar-token";

/// The name of a letter's own template.
pub fn template(kind: &str) -> String {
    format!("templates/{kind}.txt")
}

/// The user's own files, by name (`dictionary.txt`, `templates/thank_you.txt`).
#[derive(Debug, Clone, Default)]
pub struct OwnFiles {
    files: BTreeMap<String, String>,
    /// The folder they were read from; none: the job search's rows.
    dir: Option<PathBuf>,
}

impl OwnFiles {
    /// Reads them from where the context keeps them.
    pub async fn read(store: &impl Store, context: &Context) -> Result<OwnFiles> {
        match context.keeping {
            Keeping::Store => Ok(OwnFiles {
                files: store.own_files().await?,
                dir: None,
            }),
            Keeping::Files => {
                let dir = context.config_dir()?;
                Ok(OwnFiles {
                    files: read_dir(&dir)?,
                    dir: Some(dir),
                })
            }
        }
    }

    /// How an error names a file: its path, or its name in the job search.
    fn origin(&self, name: &str) -> String {
        match &self.dir {
            Some(dir) => dir.join(name).display().to_string(),
            None => format!("your {name}"),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }

    /// Every file, by name: what `migrate` carries into an account.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.files
    }

    /// The built-in rulebook with the user's additions.
    pub fn rulebook(&self) -> Result<Rulebook> {
        match self.get(RULES) {
            Some(text) => Rulebook::with_additions(Some((&self.origin(RULES), text)))
                .map_err(|e| AppError::invalid(e.to_string())),
            None => Ok(Rulebook::built_in()),
        }
    }

    /// The user's own words, without blank lines and comments.
    pub fn words(&self) -> Vec<String> {
        self.get(WORDS)
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    }

    /// The built-in templates, with the user's own in their place.
    pub fn templates(&self) -> Result<Templates> {
        let user = self
            .files
            .iter()
            .filter_map(|(name, source)| {
                let kind = name.strip_prefix("templates/")?.strip_suffix(".txt")?;
                Some((kind.to_string(), source.clone(), self.origin(name)))
            })
            .collect();
        Templates::with_overrides(user).map_err(|e| AppError::invalid(e.to_string()))
    }
}

/// Keeps `body` as the user's own file `name`, where the context keeps them; none forgets it.
pub async fn save(
    store: &impl Store,
    context: &Context,
    name: &str,
    body: Option<&str>,
) -> Result<()> {
    match context.keeping {
        Keeping::Store => Ok(store.save_own_file(name, body).await?),
        Keeping::Files => {
            let path = context.config_dir()?.join(name);
            match body {
                Some(body) => {
                    if let Some(dir) = path.parent() {
                        std::fs::create_dir_all(dir).map_err(|e| {
                            AppError::Internal(format!("cannot create {}: {e}", dir.display()))
                        })?;
                    }
                    write_atomically(&path, body.as_bytes())
                }
                None => match std::fs::remove_file(&path) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    Err(e) => Err(AppError::Internal(format!(
                        "cannot remove {}: {e}",
                        path.display()
                    ))),
                },
            }
        }
    }
}

/// The own files of a config directory: the words, the rules and the templates' folder.
fn read_dir(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    for name in [WORDS, RULES] {
        if let Some(text) = read_if_there(&dir.join(name))? {
            files.insert(name.to_string(), text);
        }
    }
    let templates = dir.join("templates");
    let entries = match std::fs::read_dir(&templates) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(unreadable(&templates, e)),
    };
    for entry in entries {
        let path: PathBuf = entry.map_err(|e| unreadable(&templates, e))?.path();
        let Some(kind) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".txt"))
        else {
            continue;
        };
        if let Some(text) = read_if_there(&path)? {
            files.insert(template(kind), text);
        }
    }
    Ok(files)
}

fn read_if_there(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(unreadable(path, e)),
    }
}

fn unreadable(path: &Path, e: std::io::Error) -> AppError {
    AppError::Internal(format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_files_give_words_rules_and_templates() {
        let own = OwnFiles {
            files: BTreeMap::from([
                (
                    WORDS.to_string(),
                    "# mine\nKubernetes\n\n  Fabrikam \n".to_string(),
                ),
                (
                    template("thank_you"),
                    "Dear {{ to_name }}, thank you.".to_string(),
                ),
                (
                    "templates/notes.md".to_string(),
                    "not a template".to_string(),
                ),
            ]),
            dir: None,
        };
        assert_eq!(own.words(), ["Kubernetes", "Fabrikam"]);
        assert!(own.rulebook().is_ok());
        assert!(own.templates().is_ok());
        let broken = OwnFiles {
            files: BTreeMap::from([(RULES.to_string(), "[[nonsense".to_string())]),
            dir: Some(PathBuf::from("/home/alex/.config/followup")),
        };
        let e = broken.rulebook().unwrap_err().to_string();
        assert!(e.contains("/home/alex/.config/followup/rules.toml"), "{e}");
    }
}
