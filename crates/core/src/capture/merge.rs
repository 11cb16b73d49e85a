//! Merging an imported document into what is kept, by key. Import never deletes:
//! what the file carries wins, what it leaves out stays as it was.

use crate::model::{Application, Interview, Profile, Settings};

/// What a merge did to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeOutcome {
    Added,
    Updated,
    Unchanged,
}

/// The application as it is after `incoming` is merged into `existing`.
pub fn merge_application(
    existing: Option<&Application>,
    incoming: &Application,
) -> (Application, MergeOutcome) {
    let Some(existing) = existing else {
        return (incoming.clone(), MergeOutcome::Added);
    };
    let mut merged = existing.clone();
    merged.company.clone_from(&incoming.company);
    merged.role.clone_from(&incoming.role);
    overlay(&mut merged.department, &incoming.department);
    overlay(&mut merged.applied_on, &incoming.applied_on);
    overlay(&mut merged.interest, &incoming.interest);
    overlay(&mut merged.timezone, &incoming.timezone);
    overlay(&mut merged.agency, &incoming.agency);
    overlay(&mut merged.expectations, &incoming.expectations);
    overlay(&mut merged.stage, &incoming.stage);

    for interview in &incoming.interviews {
        match merged
            .interviews
            .iter_mut()
            .find(|i| i.key == interview.key)
        {
            Some(kept) => merge_interview(kept, interview),
            None => merged.interviews.push(interview.clone()),
        }
    }
    for event in &incoming.events {
        let same = |e: &&mut crate::model::Event| {
            e.at.instant() == event.at.instant() && e.kind == event.kind
        };
        match merged.events.iter_mut().find(same) {
            Some(kept) => kept.clone_from(event),
            None => merged.events.push(event.clone()),
        }
    }
    for done in &incoming.done {
        let same = |d: &&mut crate::model::Done| {
            d.at.instant() == done.at.instant() && d.kind == done.kind && d.to == done.to
        };
        match merged.done.iter_mut().find(same) {
            Some(kept) => kept.clone_from(done),
            None => merged.done.push(done.clone()),
        }
    }
    // A kept message is the record of what happened to it: an older copy never rewrites it.
    for message in &incoming.messages {
        if !merged.messages.iter().any(|m| m.id == message.id) {
            merged.messages.push(message.clone());
        }
    }
    let outcome = if merged == *existing {
        MergeOutcome::Unchanged
    } else {
        MergeOutcome::Updated
    };
    (merged, outcome)
}

fn merge_interview(kept: &mut Interview, incoming: &Interview) {
    kept.starts_at = incoming.starts_at;
    overlay(&mut kept.round, &incoming.round);
    overlay(&mut kept.ends_at, &incoming.ends_at);
    overlay(&mut kept.format, &incoming.format);
    overlay(&mut kept.location, &incoming.location);
    overlay(&mut kept.debrief, &incoming.debrief);
    if !incoming.interviewers.is_empty() {
        kept.interviewers.clone_from(&incoming.interviewers);
    }
}

pub fn merge_profile(kept: &mut Profile, incoming: &Profile) {
    overlay(&mut kept.name, &incoming.name);
    overlay(&mut kept.email, &incoming.email);
    overlay(&mut kept.phone, &incoming.phone);
    overlay(&mut kept.language, &incoming.language);
    overlay(&mut kept.timezone, &incoming.timezone);
    overlay(&mut kept.signature, &incoming.signature);
}

pub fn merge_settings(kept: &mut Settings, incoming: &Settings) {
    for day in &incoming.holidays {
        if !kept.holidays.contains(day) {
            kept.holidays.push(*day);
        }
    }
    if !incoming.programme.is_default() {
        kept.programme = incoming.programme;
    }
    // The mail server is this machine's to choose: a document brings one only where none is
    // set, and never a password file (a file named there is sent to the server as a password).
    if kept.mail.is_none()
        && let Some(mail) = &incoming.mail
    {
        kept.mail = Some(crate::model::MailServer {
            password_file: None,
            ..mail.clone()
        });
    }
}

fn overlay<T: Clone>(kept: &mut Option<T>, incoming: &Option<T>) {
    if incoming.is_some() {
        kept.clone_from(incoming);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Key, Moment};

    fn app() -> Application {
        let mut app = Application::new(Key::new("acme").unwrap(), "Acme", "Analyst");
        app.interviews.push(Interview {
            key: Key::new("r1").unwrap(),
            round: Some(1),
            starts_at: Moment::parse("2026-11-20T14:00:00+00:00").unwrap(),
            ends_at: None,
            format: None,
            location: None,
            interviewers: vec![],
            debrief: None,
        });
        app
    }

    #[test]
    fn the_same_record_twice_changes_nothing() {
        let first = app();
        let (merged, outcome) = merge_application(Some(&first), &first);
        assert_eq!(outcome, MergeOutcome::Unchanged);
        assert_eq!(merged, first);
    }

    #[test]
    fn import_adds_and_never_deletes() {
        let kept = app();
        let mut incoming = Application::new(Key::new("acme").unwrap(), "Acme Ltd", "Analyst");
        incoming.interviews.push(Interview {
            key: Key::new("r2").unwrap(),
            ..kept.interviews[0].clone()
        });
        let (merged, outcome) = merge_application(Some(&kept), &incoming);
        assert_eq!(outcome, MergeOutcome::Updated);
        assert_eq!(merged.company, "Acme Ltd");
        let keys: Vec<_> = merged.interviews.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["r1", "r2"]);
    }

    #[test]
    fn a_document_never_chooses_the_mail_server_password_file() {
        use crate::model::{MailServer, Security};
        let server = |host: &str, file: Option<&str>| MailServer {
            host: host.into(),
            port: None,
            security: Security::Starttls,
            username: Some("alex".into()),
            password_file: file.map(str::to_string),
            certificate: None,
            timeout_seconds: None,
            retry_seconds: None,
        };
        let incoming = Settings {
            mail: Some(server("evil.example", Some("/home/alex/.ssh/id_ed25519"))),
            ..Settings::default()
        };
        let mut fresh = Settings::default();
        merge_settings(&mut fresh, &incoming);
        assert_eq!(fresh.mail, Some(server("evil.example", None)));
        let mut kept = Settings {
            mail: Some(server(
                "smtp.example.org",
                Some("/home/alex/.config/followup/pw"),
            )),
            ..Settings::default()
        };
        let before = kept.clone();
        merge_settings(&mut kept, &incoming);
        assert_eq!(kept, before, "the machine's own server stays");
    }
}
