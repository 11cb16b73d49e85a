//! A letter as an email: to the recipient directly, or to the consultant with a note asking
//! them to pass it on, the letter in the body and attached as a Word document.

use followup_core::Message;
use followup_core::deliver::pass_on_note;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

#[derive(Debug, thiserror::Error)]
pub enum EmlError {
    #[error("{address:?} is not an email address ({reason})")]
    BadAddress { address: String, reason: String },
    #[error("the message cannot be made: {0}")]
    Build(String),
}

fn mailbox(who: &followup_core::Mailbox) -> Result<Mailbox, EmlError> {
    let parsed = who
        .email
        .parse()
        .map_err(|e: lettre::address::AddressError| EmlError::BadAddress {
            address: who.email.clone(),
            reason: e.to_string(),
        })?;
    // A name with a line break would forge headers: it is refused with the address.
    if who.name.contains(['\r', '\n']) {
        return Err(EmlError::BadAddress {
            address: who.email.clone(),
            reason: "the name holds a line break".into(),
        });
    }
    Ok(Mailbox::new(Some(who.name.clone()), parsed))
}

fn angle(id: &str) -> Result<String, EmlError> {
    if id.contains(['\r', '\n', '<', '>', ' ']) {
        return Err(EmlError::Build(format!("{id:?} is not a Message-ID")));
    }
    Ok(format!("<{id}>"))
}

/// The message as the bytes of an RFC 5322 email (an `.eml` file): to the recipient, or to the
/// consultant with a note asking them to pass it on, the letter in the body and attached as a
/// Word document. The Date is when it was queued, so every try sends the same bytes.
pub fn eml(message: &Message) -> Result<Vec<u8>, EmlError> {
    if message.subject.contains(['\r', '\n']) {
        return Err(EmlError::Build("the subject holds a line break".into()));
    }
    let mut builder = lettre::Message::builder()
        .from(mailbox(message.sender())?)
        .to(mailbox(message.recipient())?)
        .date(std::time::SystemTime::from(message.queued_at.instant()))
        .message_id(Some(angle(&message.id)?));
    if let Some(parent) = &message.in_reply_to {
        builder = builder.in_reply_to(angle(parent)?);
    }
    if !message.references.is_empty() {
        let chain = message
            .references
            .iter()
            .map(|r| angle(r))
            .collect::<Result<Vec<_>, _>>()?;
        builder = builder.references(chain.join(" "));
    }
    let letter_docx = || {
        crate::docx(
            &message.subject,
            &message.body,
            &message
                .letterhead
                .clone()
                .unwrap_or_else(|| plain_letterhead(message)),
            message.queued_at.instant(),
        )
    };
    // A letter the consultant forwards answers to them: the agency's address only carries it.
    if let Some(forwarded) = &message.forwarded {
        builder = builder.reply_to(mailbox(&forwarded.by)?);
    }
    let (subject, text, letter_file) = match (&message.via, &message.forwarded) {
        (None, _) => (message.subject.clone(), message.body.clone(), None),
        (Some(_), Some(_)) => (
            message.subject.clone(),
            message.body.clone(),
            Some(letter_docx()),
        ),
        (Some(consultant), None) => (
            format!("For {}: {}", message.to.name, message.subject),
            pass_on_note(message, consultant),
            Some(letter_docx()),
        ),
    };
    let mut files: Vec<(String, String, Vec<u8>)> = Vec::new();
    if let Some(docx) = letter_file {
        files.push((
            format!("{}.docx", file_name(&message.subject)),
            DOCX_TYPE.into(),
            docx,
        ));
    }
    for a in &message.attachments {
        if a.name.contains(['\r', '\n']) || a.content_type.contains(['\r', '\n']) {
            return Err(EmlError::Build(
                "an attachment's name holds a line break".into(),
            ));
        }
        files.push((a.name.clone(), a.content_type.clone(), a.data.clone()));
    }
    let builder = builder.subject(subject);
    let built = if files.is_empty() {
        builder.singlepart(SinglePart::plain(text))
    } else {
        let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(text));
        for (name, content_type, data) in files {
            let content_type = ContentType::parse(&content_type)
                .map_err(|e| EmlError::Build(format!("{content_type:?}: {e}")))?;
            parts = parts.singlepart(Attachment::new(name).body(data, content_type));
        }
        builder.multipart(parts)
    }
    .map_err(|e| EmlError::Build(e.to_string()))?;
    Ok(built.formatted())
}

const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A file name from the subject: letters, digits and dashes.
fn file_name(subject: &str) -> String {
    let name: String = subject
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() {
        "letter".into()
    } else {
        name.chars().take(60).collect()
    }
}

/// One of the app's own emails (an invitation, a password reset link): plain text, from the
/// agency's address to one person.
pub fn notice(
    from: &followup_core::Mailbox,
    to: &followup_core::Mailbox,
    subject: &str,
    text: &str,
    at: jiff::Timestamp,
) -> Result<Vec<u8>, EmlError> {
    if subject.contains(['\r', '\n']) {
        return Err(EmlError::Build("the subject holds a line break".into()));
    }
    let built = lettre::Message::builder()
        .from(mailbox(from)?)
        .to(mailbox(to)?)
        .date(std::time::SystemTime::from(at))
        .message_id(Some(angle(&message_id(&from.email))?))
        .subject(subject)
        .singlepart(SinglePart::plain(text.to_string()))
        .map_err(|e| EmlError::Build(e.to_string()))?;
    Ok(built.formatted())
}

/// A new Message-ID in the sender's domain (without angle brackets): the time, the process
/// and a counter make it unique, so two letters queued at the same instant differ.
pub fn message_id(from: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let domain = from
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty() && !d.contains(['<', '>', ' ', '\r', '\n']))
        .unwrap_or("followup.invalid");
    format!("followup.{nanos:x}.{:x}.{n:x}@{domain}", std::process::id())
}

/// The heading of a letter queued before letters carried one: who wrote it, to whom, and when.
fn plain_letterhead(message: &Message) -> followup_core::Letterhead {
    let language = followup_core::Language::default();
    followup_core::Letterhead {
        sender: vec![message.from.name.clone(), message.from.email.clone()],
        date: followup_core::capture::dates::dated_in(
            message
                .queued_at
                .instant()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date(),
            language,
        ),
        recipient: vec![message.to.name.clone()],
        language,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use followup_core::{Mailbox as Who, Moment};

    fn message(name: &str, subject: &str) -> Message {
        Message::new(
            message_id("me@example.org"),
            Moment::parse("2026-11-20T09:00:00+00:00").unwrap(),
            Who {
                name: name.into(),
                email: "me@example.org".into(),
            },
            Who {
                name: "Ann".into(),
                email: "ann@example.org".into(),
            },
            subject.into(),
            "Dear Ann,\n\nThank you.\n".into(),
        )
    }

    #[test]
    fn line_breaks_cannot_forge_headers() {
        assert!(eml(&message("Me\r\nBcc: x@example.org", "Thanks")).is_err());
        assert!(eml(&message("Me", "Thanks\r\nBcc: x@example.org")).is_err());
        let mut bad_to = message("Me", "Thanks");
        bad_to.to.email = "ann@example.org\r\nBcc: x@example.org".into();
        assert!(matches!(eml(&bad_to), Err(EmlError::BadAddress { .. })));
        let mut bad_reply = message("Me", "Thanks");
        bad_reply.in_reply_to = Some("a@b>\r\nBcc: x@example.org".into());
        assert!(eml(&bad_reply).is_err());
        let ok = String::from_utf8(eml(&message("Me", "Thanks")).unwrap()).unwrap();
        assert!(
            ok.contains("Message-ID: <followup.") && ok.contains("To: Ann <ann@example.org>"),
            "{ok}"
        );
    }

    #[test]
    fn a_forwarded_letter_goes_to_the_employer_from_the_agency_answering_to_the_consultant() {
        let jo = Who {
            name: "Jo Park".into(),
            email: "jo@harbour.example".into(),
        };
        let mut letter = message("Cara", "Thank you");
        letter.via = Some(jo.clone());
        // Before the consultant forwards it, it is addressed to them.
        let before = String::from_utf8(eml(&letter).unwrap()).unwrap();
        assert!(
            before.contains("To: \"Jo Park\" <jo@harbour.example>"),
            "{before}"
        );
        letter.forwarded = Some(followup_core::Forwarded {
            at: Moment::parse("2026-11-20T10:00:00+00:00").unwrap(),
            by: jo,
            from: Who {
                name: "Jo Park (Harbour Talent)".into(),
                email: "followup@harbour.example".into(),
            },
            submitted_subject: None,
            submitted_body: None,
        });
        let text = String::from_utf8(eml(&letter).unwrap()).unwrap();
        assert!(text.contains("To: Ann <ann@example.org>"), "{text}");
        assert!(text.contains("<followup@harbour.example>"), "{text}");
        assert!(
            text.contains("Reply-To: \"Jo Park\" <jo@harbour.example>"),
            "{text}"
        );
        assert!(text.contains("Subject: Thank you"), "{text}");
        assert!(text.contains("Thank-you.docx"), "{text}");
        assert!(!text.contains("me@example.org"), "{text}");
    }

    #[test]
    fn message_ids_are_unique() {
        let a = message_id("me@example.org");
        assert_ne!(a, message_id("me@example.org"));
        assert!(a.ends_with("@example.org"));
        assert!(message_id("nobody").ends_with("@followup.invalid"));
    }
}
