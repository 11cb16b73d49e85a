//! A letter as an email: to the recipient directly, or to the consultant with a note asking
//! them to pass it on, the letter in the body and attached as a Word document.

use followup_core::compose::Draft;
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

/// Who sends, and who receives.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// The candidate: name and address.
    pub from: (String, String),
    /// The recipient of the letter: name and address (an address is required to send).
    pub to: (String, Option<String>),
    /// The consultant who passes it on, when the application came through an agency.
    pub via: Option<(String, Option<String>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum EmlError {
    #[error("{who} has no email address: add it before writing to them")]
    NoAddress { who: String },
    #[error("{address:?} is not an email address ({reason})")]
    BadAddress { address: String, reason: String },
    #[error("the message cannot be made: {0}")]
    Build(String),
}

fn mailbox(name: &str, address: Option<&str>) -> Result<Mailbox, EmlError> {
    let address = address.ok_or_else(|| EmlError::NoAddress {
        who: name.to_string(),
    })?;
    let parsed = address
        .parse()
        .map_err(|e: lettre::address::AddressError| EmlError::BadAddress {
            address: address.to_string(),
            reason: e.to_string(),
        })?;
    // A name with a line break would forge headers: it is refused with the address.
    if name.contains(['\r', '\n']) {
        return Err(EmlError::BadAddress {
            address: address.to_string(),
            reason: "the name holds a line break".into(),
        });
    }
    Ok(Mailbox::new(Some(name.to_string()), parsed))
}

/// The letter as the bytes of an `.eml` file (RFC 5322).
pub fn eml(draft: &Draft, envelope: &Envelope, docx: &[u8]) -> Result<Vec<u8>, EmlError> {
    let from = mailbox(&envelope.from.0, Some(&envelope.from.1))?;
    if draft.subject.contains(['\r', '\n']) {
        return Err(EmlError::Build("the subject holds a line break".into()));
    }
    let builder = Message::builder()
        .from(from)
        .message_id(Some(message_id(&envelope.from.1, draft)));
    let message = match &envelope.via {
        None => builder
            .to(mailbox(&envelope.to.0, envelope.to.1.as_deref())?)
            .subject(&draft.subject)
            .singlepart(SinglePart::plain(draft.body.clone())),
        Some((consultant, address)) => {
            let first = consultant.split_whitespace().next().unwrap_or(consultant);
            let note = format!(
                "Dear {first},\n\nCould you please pass the letter below to {}? It is also attached as a Word document.\n\nThank you,\n{}\n\n----\n\n{}",
                envelope.to.0, envelope.from.0, draft.body
            );
            let file = format!("{}.docx", file_name(&draft.subject));
            builder
                .to(mailbox(consultant, address.as_deref())?)
                .subject(format!("For {}: {}", envelope.to.0, draft.subject))
                .multipart(
                    MultiPart::mixed().singlepart(SinglePart::plain(note)).singlepart(
                        Attachment::new(file).body(
                            docx.to_vec(),
                            ContentType::parse("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                                .expect("a valid content type"),
                        ),
                    ),
                )
        }
    }
    .map_err(|e| EmlError::Build(e.to_string()))?;
    Ok(message.formatted())
}

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

/// A Message-ID unique to this letter and moment, in the sender's domain: replies thread on it.
fn message_id(from: &str, draft: &Draft) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    draft.subject.hash(&mut hasher);
    draft.body.hash(&mut hasher);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let domain = from.rsplit_once('@').map_or("followup.invalid", |(_, d)| d);
    format!("<{nanos:x}.{:x}@{domain}>", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use followup_core::ActionKind;

    fn draft(subject: &str) -> Draft {
        Draft {
            kind: ActionKind::ThankYou,
            to: None,
            subject: subject.into(),
            body: "Dear Ann,\n\nThank you.\n".into(),
            notes: None,
        }
    }

    #[test]
    fn line_breaks_cannot_forge_headers() {
        let envelope = |name: &str| Envelope {
            from: (name.into(), "me@example.org".into()),
            to: ("Ann".into(), Some("ann@example.org".into())),
            via: None,
        };
        assert!(eml(&draft("Thanks"), &envelope("Me\r\nBcc: x@example.org"), &[]).is_err());
        assert!(eml(&draft("Thanks\r\nBcc: x@example.org"), &envelope("Me"), &[]).is_err());
        assert!(matches!(
            eml(
                &draft("Thanks"),
                &Envelope {
                    to: ("Ann".into(), None),
                    ..envelope("Me")
                },
                &[]
            ),
            Err(EmlError::NoAddress { .. })
        ));
        let ok = String::from_utf8(eml(&draft("Thanks"), &envelope("Me"), &[]).unwrap()).unwrap();
        assert!(
            ok.contains("Message-ID: <") && ok.contains("To: Ann <ann@example.org>"),
            "{ok}"
        );
    }
}
