//! The version of a record a person edits (an application's fields, a debrief, the profile): a
//! digest of what it holds. An edit carries the version it was made from; the store refuses it
//! when the record has changed since, so nobody's change is overwritten unseen.

use std::hash::Hasher;

use serde::Serialize;

use super::{Application, Interview, Profile, Settings};

/// A digest of a value as JSON: the same for the same content, in every process of a build.
/// FNV-1a is fixed by its definition, unlike std's hasher, so two instances agree.
fn version_of<T: Serialize>(value: &T) -> String {
    let mut hasher = fnv::FnvHasher::default();
    // Serializing plain data into memory cannot fail.
    hasher.write(&serde_json::to_vec(value).unwrap_or_default());
    format!("{:016x}", hasher.finish())
}

impl Application {
    /// The version of what a person edits here: the fields and the interviews with their
    /// debriefs. Events, the log and the letters are added, never edited, and do not count.
    pub fn version(&self) -> String {
        let mut edited = self.clone();
        edited.events.clear();
        edited.done.clear();
        edited.messages.clear();
        version_of(&edited)
    }
}

impl Interview {
    /// The version of this interview's debrief and the people met, which the debrief edits.
    pub fn debrief_version(&self) -> String {
        version_of(&(&self.interviewers, &self.debrief))
    }
}

/// The version of the profile and the settings, which are edited together.
pub fn profile_version(profile: &Profile, settings: &Settings) -> String {
    version_of(&(profile, settings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Event, EventKind, Key, Moment};

    #[test]
    fn an_added_event_leaves_the_version_and_an_edit_changes_it() {
        let mut app = Application::new(Key::new("acme").unwrap(), "Acme", "Analyst");
        let before = app.version();
        let at = Moment::parse("2026-11-20T14:00:00+00:00").unwrap();
        app.events.push(Event::new(at, EventKind::Reply));
        assert_eq!(app.version(), before);
        app.role = "Senior Analyst".into();
        assert_ne!(app.version(), before);
    }

    #[test]
    fn the_profile_version_follows_its_content() {
        let a = profile_version(&Profile::default(), &Settings::default());
        let named = Profile {
            name: Some("Alex".into()),
            ..Profile::default()
        };
        assert_eq!(
            a,
            profile_version(&Profile::default(), &Settings::default())
        );
        assert_ne!(a, profile_version(&named, &Settings::default()));
    }
}
