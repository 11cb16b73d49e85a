//! The checks that types alone cannot make: lengths, duplicates, times in order.

use std::collections::HashSet;

use super::document::Invalid;
use crate::model::{Application, EventKind, Interview, JobSearch, Message, Person, Timings};

/// Names, titles, keys of things: one line.
pub const SHORT_LIMIT: usize = 300;
/// Notes, details, what was said: a few paragraphs at most.
pub const LONG_LIMIT: usize = 20_000;
/// The longest letter followup sends, in characters.
pub const MESSAGE_LIMIT: usize = 100_000;
/// The most a message may carry in attachments, in bytes: what mail servers commonly accept,
/// once base64 has grown it by a third.
pub const ATTACHMENTS_LIMIT: usize = 15 * 1024 * 1024;

pub(crate) fn validate(doc: &JobSearch) -> Vec<Invalid> {
    let mut v = Validator::default();
    let p = &doc.profile;
    v.short("profile.name", p.name.as_deref());
    v.email("profile.email", p.email.as_deref());
    v.short("profile.phone", p.phone.as_deref());
    v.long("profile.signature", p.signature.as_deref());
    v.timings(&doc.settings.programme);
    if let Some(mail) = &doc.settings.mail {
        v.required("settings.mail.host", &mail.host);
        v.short("settings.mail.username", mail.username.as_deref());
        v.short("settings.mail.password_file", mail.password_file.as_deref());
        v.short("settings.mail.certificate", mail.certificate.as_deref());
        if mail.port == Some(0) {
            v.fail("settings.mail.port".into(), "0 is not a port".into());
        }
    }

    let mut keys = HashSet::new();
    for (i, app) in doc.applications.iter().enumerate() {
        let path = format!("applications[{i}]");
        if !keys.insert(&app.key) {
            v.fail(
                format!("{path}.key"),
                format!("the key {:?} is used twice", app.key.as_str()),
            );
        }
        v.application(&path, app);
    }
    v.problems
}

/// Checks one message as an import would: what could forge a header or is too big.
pub fn check_message(message: &Message) -> Result<(), String> {
    let mut v = Validator::default();
    v.message("message", message);
    match v.problems.first() {
        None => Ok(()),
        Some(p) => Err(format!("{}: {}", p.path, p.reason)),
    }
}

#[derive(Default)]
struct Validator {
    problems: Vec<Invalid>,
}

impl Validator {
    /// The programme's numbers stay within what makes a plan: a day that ends after it
    /// starts, an interest on the 1-to-5 scale, waits of at most a quarter of a year.
    fn timings(&mut self, t: &Timings) {
        let path = "settings.programme";
        if t.morning >= t.end_of_day {
            self.fail(
                format!("{path}.end_of_day"),
                format!(
                    "the day ends at {} but starts at {}",
                    t.end_of_day, t.morning
                ),
            );
        }
        if !(1..=5).contains(&t.strategic_from_interest) {
            self.fail(
                format!("{path}.strategic_from_interest"),
                format!("interest is 1 to 5, not {}", t.strategic_from_interest),
            );
        }
        for (name, hours) in [
            ("debrief_within_hours", t.debrief_within_hours),
            ("report_within_hours", t.report_within_hours),
            ("thank_you_within_hours", t.thank_you_within_hours),
            ("sample_within_hours", t.sample_within_hours),
        ] {
            if !(1..=24 * 90).contains(&hours) {
                self.fail(
                    format!("{path}.{name}"),
                    format!("{hours} hours: use 1 to 2160"),
                );
            }
        }
        for (name, days) in [
            ("check_after_decision_days", t.check_after_decision_days),
            ("check_without_date_days", t.check_without_date_days),
            ("second_check_after_days", t.second_check_after_days),
            ("close_after_days", t.close_after_days),
            ("check_window_days", t.check_window_days),
            (
                "follow_up_application_after_days",
                t.follow_up_application_after_days,
            ),
        ] {
            if !(1..=65).contains(&days) {
                self.fail(
                    format!("{path}.{name}"),
                    format!("{days} business days: use 1 to 65"),
                );
            }
        }
        if t.keep_searching_below > 100 {
            self.fail(
                format!("{path}.keep_searching_below"),
                format!("{} applications: use 0 to 100", t.keep_searching_below),
            );
        }
    }

    fn fail(&mut self, path: String, reason: String) {
        self.problems.push(Invalid { path, reason });
    }

    fn text(&mut self, path: &str, value: Option<&str>, limit: usize, multiline: bool) {
        let Some(value) = value else { return };
        let chars = value.chars().count();
        if chars > limit {
            self.fail(
                path.into(),
                format!("{chars} characters is too long (at most {limit})"),
            );
        } else if let Some(c) = value
            .chars()
            .find(|&c| c.is_control() && !(multiline && matches!(c, '\n' | '\t' | '\r')))
        {
            self.fail(
                path.into(),
                format!("contains the control character {:?}", c),
            );
        }
    }

    fn short(&mut self, path: &str, value: Option<&str>) {
        self.text(path, value, SHORT_LIMIT, false);
    }

    fn long(&mut self, path: &str, value: Option<&str>) {
        self.text(path, value, LONG_LIMIT, true);
    }

    fn required(&mut self, path: &str, value: &str) {
        if value.trim().is_empty() {
            self.fail(path.into(), "cannot be empty".into());
        } else {
            self.short(path, Some(value));
        }
    }

    fn list(&mut self, path: &str, items: &[String]) {
        for (i, item) in items.iter().enumerate() {
            self.long(&format!("{path}[{i}]"), Some(item));
        }
    }

    fn email(&mut self, path: &str, value: Option<&str>) {
        let Some(value) = value else { return };
        self.short(path, Some(value));
        if !is_plausible_email(value) {
            self.fail(path.into(), format!("{value:?} is not an email address"));
        }
    }

    fn person(&mut self, path: &str, person: &Person) {
        self.required(&format!("{path}.name"), &person.name);
        self.short(&format!("{path}.title"), person.title.as_deref());
        self.email(&format!("{path}.email"), person.email.as_deref());
        self.short(&format!("{path}.phone"), person.phone.as_deref());
    }

    fn application(&mut self, path: &str, app: &Application) {
        self.required(&format!("{path}.company"), &app.company);
        self.short(&format!("{path}.department"), app.department.as_deref());
        self.required(&format!("{path}.role"), &app.role);
        if let Some(agency) = &app.agency {
            self.required(&format!("{path}.agency.name"), &agency.name);
            if let Some(consultant) = &agency.consultant {
                self.person(&format!("{path}.agency.consultant"), consultant);
            }
        }
        if let Some(exp) = &app.expectations {
            self.short(
                &format!("{path}.expectations.currency"),
                exp.currency.as_deref(),
            );
            self.list(&format!("{path}.expectations.benefits"), &exp.benefits);
            self.long(&format!("{path}.expectations.notes"), exp.notes.as_deref());
        }

        let mut keys = HashSet::new();
        for (i, interview) in app.interviews.iter().enumerate() {
            let ipath = format!("{path}.interviews[{i}]");
            if !keys.insert(&interview.key) {
                self.fail(
                    format!("{ipath}.key"),
                    format!(
                        "the key {:?} is used twice in this application",
                        interview.key.as_str()
                    ),
                );
            }
            self.interview(&ipath, interview);
        }

        let mut seen = HashSet::new();
        for (i, event) in app.events.iter().enumerate() {
            let epath = format!("{path}.events[{i}]");
            if !seen.insert((event.at.instant(), event.kind)) {
                self.fail(
                    epath.clone(),
                    format!(
                        "the same {} event at {} is listed twice",
                        event.kind, event.at
                    ),
                );
            }
            match (event.kind, &event.offer) {
                (EventKind::Offer, None) => self.fail(
                    format!("{epath}.offer"),
                    "an offer event needs the offer's terms".into(),
                ),
                (kind, Some(_)) if kind != EventKind::Offer => self.fail(
                    format!("{epath}.offer"),
                    format!("only an offer event has terms, not a {kind} event"),
                ),
                _ => {}
            }
            self.long(&format!("{epath}.note"), event.note.as_deref());
            if let Some(key) = &event.interview
                && !keys.contains(key)
            {
                self.fail(
                    format!("{epath}.interview"),
                    format!("this application has no interview {:?}", key.as_str()),
                );
            }
            match (event.kind, &event.feedback) {
                (EventKind::Feedback, _) | (_, None) => {}
                (kind, Some(_)) => self.fail(
                    format!("{epath}.feedback"),
                    format!("only a feedback event has the company's feedback, not a {kind} event"),
                ),
            }
            if let Some(feedback) = &event.feedback {
                let fpath = format!("{epath}.feedback");
                self.list(&format!("{fpath}.impressed"), &feedback.impressed);
                self.list(&format!("{fpath}.worried"), &feedback.worried);
                self.long(&format!("{fpath}.fit"), feedback.fit.as_deref());
                self.long(&format!("{fpath}.next_step"), feedback.next_step.as_deref());
            }
            if let Some(offer) = &event.offer {
                self.short(
                    &format!("{epath}.offer.currency"),
                    offer.currency.as_deref(),
                );
                self.list(&format!("{epath}.offer.benefits"), &offer.benefits);
                self.long(&format!("{epath}.offer.terms"), offer.terms.as_deref());
            }
        }

        let mut seen = HashSet::new();
        for (i, done) in app.done.iter().enumerate() {
            let dpath = format!("{path}.done[{i}]");
            if !seen.insert((done.at.instant(), done.kind, done.to.as_deref())) {
                self.fail(
                    dpath.clone(),
                    format!("the same {} done at {} is listed twice", done.kind, done.at),
                );
            }
            self.short(&format!("{dpath}.to"), done.to.as_deref());
            self.long(&format!("{dpath}.note"), done.note.as_deref());
        }

        let mut ids = HashSet::new();
        for (i, message) in app.messages.iter().enumerate() {
            let mpath = format!("{path}.messages[{i}]");
            if !ids.insert(message.id.as_str()) {
                self.fail(
                    format!("{mpath}.id"),
                    format!("the message {:?} is listed twice", message.id),
                );
            }
            self.message(&mpath, message);
        }
    }

    /// A message must be sendable as it stands: nothing in it may forge a header.
    fn message(&mut self, path: &str, m: &Message) {
        if !is_plausible_email(&m.id) {
            self.fail(
                format!("{path}.id"),
                format!("{:?} is not a Message-ID (left@right, without < >)", m.id),
            );
        }
        for (who, mailbox) in [
            ("from", Some(&m.from)),
            ("to", Some(&m.to)),
            ("via", m.via.as_ref()),
        ] {
            let Some(mailbox) = mailbox else { continue };
            self.required(&format!("{path}.{who}.name"), &mailbox.name);
            self.email(&format!("{path}.{who}.email"), Some(&mailbox.email));
        }
        self.required(&format!("{path}.subject"), &m.subject);
        self.text(&format!("{path}.body"), Some(&m.body), MESSAGE_LIMIT, true);
        for (i, id) in m.in_reply_to.iter().chain(&m.references).enumerate() {
            if !is_plausible_email(id) {
                self.fail(
                    format!("{path}.references[{i}]"),
                    format!("{id:?} is not a Message-ID"),
                );
            }
        }
        for (i, a) in m.attachments.iter().enumerate() {
            self.required(&format!("{path}.attachments[{i}].name"), &a.name);
            self.required(
                &format!("{path}.attachments[{i}].content_type"),
                &a.content_type,
            );
        }
        let size: usize = m.attachments.iter().map(|a| a.data.len()).sum();
        if size > ATTACHMENTS_LIMIT {
            self.fail(
                format!("{path}.attachments"),
                format!("{size} bytes of attachments is too much (at most {ATTACHMENTS_LIMIT})"),
            );
        }
        self.long(&format!("{path}.error"), m.error.as_deref());
    }

    fn interview(&mut self, path: &str, interview: &Interview) {
        if interview.round == Some(0) {
            self.fail(format!("{path}.round"), "rounds are counted from 1".into());
        }
        if let Some(end) = interview.ends_at
            && end.instant() <= interview.starts_at.instant()
        {
            self.fail(
                format!("{path}.ends_at"),
                format!(
                    "the interview ends ({end}) before it starts ({})",
                    interview.starts_at
                ),
            );
        }
        self.short(&format!("{path}.location"), interview.location.as_deref());
        for (i, interviewer) in interview.interviewers.iter().enumerate() {
            self.person(&format!("{path}.interviewers[{i}]"), &interviewer.person());
        }
        if interview.interviewers.iter().filter(|i| i.lead).count() > 1 {
            self.fail(
                format!("{path}.interviewers"),
                "only one interviewer can be the lead".into(),
            );
        }
        let Some(d) = &interview.debrief else { return };
        let dpath = format!("{path}.debrief");
        self.long(&format!("{dpath}.job_details"), d.job_details.as_deref());
        self.long(
            &format!("{dpath}.company_notes"),
            d.company_notes.as_deref(),
        );
        self.long(&format!("{dpath}.tone"), d.tone.as_deref());
        for (name, items) in [
            ("question_focus", &d.question_focus),
            ("went_well", &d.went_well),
            ("went_badly", &d.went_badly),
            ("responded_well_to", &d.responded_well_to),
            ("forgot_to_mention", &d.forgot_to_mention),
            ("samples_discussed", &d.samples_discussed),
            ("questions_left", &d.questions_left),
        ] {
            self.list(&format!("{dpath}.{name}"), items);
        }
        for (i, concern) in d.concerns.iter().enumerate() {
            let cpath = format!("{dpath}.concerns[{i}]");
            self.required(&format!("{cpath}.about"), &concern.about);
            self.long(&format!("{cpath}.detail"), concern.detail.as_deref());
            self.long(&format!("{cpath}.answer"), concern.answer.as_deref());
            if let Some(who) = &concern.raised_by {
                let known = interview
                    .interviewers
                    .iter()
                    .any(|p| crate::model::person::answers_to(p.email.as_deref(), &p.name, who));
                if !known {
                    self.fail(
                        format!("{cpath}.raised_by"),
                        format!(
                            "{who:?} is not among the interviewers of this interview: give one's name or email"
                        ),
                    );
                }
            }
        }
        self.long(
            &format!("{dpath}.next_steps.said"),
            d.next_steps.said.as_deref(),
        );
    }
}

/// A light check that catches typos, not a full RFC 5321 parser: one `@`, something on
/// each side, a dot in the domain, no spaces or angle brackets.
pub fn is_plausible_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !address.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        })
}

#[cfg(test)]
mod tests {
    use crate::capture::parse_document;

    fn problems(app: &str) -> String {
        let text = format!(r#"{{"followup":1,"applications":[{app}]}}"#);
        parse_document(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn impossible_interviews_are_refused() {
        let message = problems(
            r#"{"key":"a","company":"A","role":"R","interviews":[{"key":"r1","starts_at":"2026-11-20T14:00:00+00:00","ends_at":"2026-11-20T13:00:00+00:00"}]}"#,
        );
        assert!(
            message.starts_with("applications[0].interviews[0].ends_at: the interview ends"),
            "{message}"
        );
    }

    #[test]
    fn duplicates_and_huge_strings_are_refused() {
        let message = format!(
            "{}",
            parse_document(
                br#"{"followup":1,"applications":[{"key":"a","company":"A","role":"R"},{"key":"a","company":"B","role":"S"}]}"#
            )
            .unwrap_err()
        );
        assert_eq!(message, "applications[1].key: the key \"a\" is used twice");
        let huge = "x".repeat(5 * 1024 * 1024);
        let message = problems(&format!(r#"{{"key":"a","company":"A","role":"{huge}"}}"#));
        assert!(
            message.starts_with("applications[0].role: 5242880 characters is too long"),
            "{message}"
        );
        let message = problems(r#"{"key":"a","company":"A\u0000","role":"R"}"#);
        assert!(message.contains("control character"), "{message}");
    }

    #[test]
    fn offers_need_terms() {
        let message = problems(
            r#"{"key":"a","company":"A","role":"R","events":[{"at":"2026-11-20T14:00:00Z","kind":"offer"}]}"#,
        );
        assert_eq!(
            message,
            "applications[0].events[0].offer: an offer event needs the offer's terms"
        );
    }

    #[test]
    fn emails_are_plausible() {
        use super::is_plausible_email as ok;
        assert!(ok("sam.lee@northgate.example"));
        for bad in [
            "sam",
            "sam@",
            "@x.org",
            "sam@x",
            "sam lee@x.org",
            "a@b.c\r\nBcc: x@y.z",
        ] {
            assert!(!ok(bad), "{bad}");
        }
    }
}
