//! Letters through the consultant (the agency mode): the candidate submits a letter for an
//! employer, it waits for their consultant, who reads it with the checks' findings, may edit
//! it (the candidate sees what changed) and forwards it, from the agency's address with their
//! own as the Reply-To. Forwarding queues it in the search's outbox, once.

use followup_core::check::{Finding, Letter, Severity};
use followup_core::{Forwarded, Mailbox, Message, MessageState, Moment};
use followup_store::{Outbox, Outgoing, Store};

use crate::letters::findings;
use crate::{AppError, Context, Result};

/// A letter waiting for the consultant, with what the checks find in it for its employer.
pub struct Review {
    pub letter: Outgoing,
    pub findings: Vec<Finding>,
    /// It has waited longer than a letter should.
    pub too_long: bool,
}

/// The letters of a job search that wait for the consultant, oldest first.
pub async fn waiting(store: &impl Outbox) -> Result<Vec<Outgoing>> {
    let mut letters: Vec<Outgoing> = store
        .outbox(false)
        .await?
        .into_iter()
        .filter(|o| o.message.state == MessageState::Waiting)
        .collect();
    letters.sort_by_key(|o| o.message.queued_at.instant());
    Ok(letters)
}

/// One letter as the consultant reviews it (or as it was forwarded).
pub async fn review(store: &(impl Store + Outbox), id: &str, context: &Context) -> Result<Review> {
    let letter = store
        .message(id)
        .await?
        .filter(|o| o.message.via.is_some())
        .ok_or_else(|| AppError::NotFound(format!("no letter <{id}> goes through you")))?;
    let text = Letter::text_of(&letter.message.subject, &letter.message.body);
    let findings = check(&letter, &Letter::new(&text), store, context).await?;
    Ok(Review {
        too_long: letter.message.waited_too_long(context.now),
        letter,
        findings,
    })
}

/// What the consultant forwards, and who they are.
pub struct Forwarding<'a> {
    pub id: &'a str,
    /// The letter as the consultant leaves it (`Subject: ...`, a blank line, the body); none
    /// to forward it as the candidate wrote it.
    pub text: Option<&'a str>,
    /// Forward although the checks found errors.
    pub force: bool,
    pub consultant: Mailbox,
    /// The agency's address the email comes from.
    pub agency: Mailbox,
}

/// Forwards a waiting letter to its employer: checked as the consultant leaves it, then queued
/// once (a second click, or another consultant's, is refused, and nothing changes).
pub async fn forward(
    store: &(impl Store + Outbox),
    how: Forwarding<'_>,
    context: &Context,
) -> Result<Outgoing> {
    let found = store
        .message(how.id)
        .await?
        .filter(|o| o.message.via.is_some())
        .ok_or_else(|| AppError::NotFound(format!("no letter <{}> goes through you", how.id)))?;
    let before = &found.message;
    if before.state != MessageState::Waiting {
        return Err(gone(before.state.as_str()));
    }
    let (subject, body) = match how.text {
        Some(text) => {
            // A browser's textarea sends CRLF: the letter keeps the candidate's line ends, so
            // that only the lines the consultant changed are changed.
            let text = text.replace("\r\n", "\n");
            let letter = Letter::new(&text);
            let subject = letter
                .subject()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    AppError::field("letter", "the letter needs a first line `Subject: ...`")
                })?
                .to_string();
            (
                subject,
                letter.body().trim_start_matches(['\r', '\n']).to_string(),
            )
        }
        None => (before.subject.clone(), before.body.clone()),
    };
    let text = Letter::text_of(&subject, &body);
    let errors: Vec<String> = check(&found, &Letter::new(&text), store, context)
        .await?
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule.to_string())
        .collect();
    if !errors.is_empty() && !how.force {
        return Err(AppError::Checks(errors));
    }
    let changed = subject != before.subject || body.trim_end() != before.body.trim_end();
    let zone = jiff::tz::TimeZone::UTC;
    let agency_name = how.agency.name.trim();
    let letter = Message {
        forwarded: Some(Forwarded {
            at: Moment::in_zone(context.now, &zone),
            from: Mailbox {
                name: if agency_name.is_empty() {
                    how.consultant.name.clone()
                } else {
                    format!("{} ({agency_name})", how.consultant.name)
                },
                email: how.agency.email.clone(),
            },
            by: how.consultant,
            submitted_subject: changed.then(|| before.subject.clone()),
            submitted_body: changed.then(|| before.body.clone()),
        }),
        subject,
        body,
        ..before.clone()
    };
    // Refused before it is kept, as a letter the candidate sends is.
    followup_deliver::eml(&letter)
        .map_err(|e| AppError::invalid(format!("{e}; nothing was forwarded")))?;
    followup_core::capture::check_message(&letter)
        .map_err(|e| AppError::invalid(format!("{e}; nothing was forwarded")))?;
    // Another click may have forwarded it since it was read: the store's refusal says so.
    store
        .forward(&letter, context.now)
        .await
        .map_err(|e| match e {
            followup_store::StoreError::CannotResolve { state, .. } => gone(state),
            e => e.into(),
        })
}

/// The candidate withdraws a letter still waiting for the consultant: it will not go, and its
/// action is open again. A letter the consultant already forwarded is not stopped here.
pub async fn withdraw(store: &impl Outbox, id: &str, now: jiff::Timestamp) -> Result<()> {
    let found = store
        .message(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("there is no letter <{id}>")))?;
    if found.message.state != MessageState::Waiting {
        return Err(gone(found.message.state.as_str()));
    }
    store
        .resolve(id, followup_store::Resolution::Cancel, now)
        .await
        .map(|_| ())
        .map_err(|e| match e {
            followup_store::StoreError::CannotResolve { state, .. } => gone(state),
            e => e.into(),
        })
}

/// The refusal of a letter no longer waiting: it goes once.
fn gone(state: &str) -> AppError {
    AppError::Conflict(format!(
        "this letter is {state}: it was forwarded or withdrawn already, and goes once"
    ))
}

/// The checks on a letter for its employer, with the candidate's application and words.
async fn check(
    letter: &Outgoing,
    text: &Letter,
    store: &(impl Store + Outbox),
    context: &Context,
) -> Result<Vec<Finding>> {
    let app = match &letter.application {
        Some(key) => Some(crate::applications::find(store, key.as_str()).await?),
        None => None,
    };
    findings(
        text,
        app.as_ref(),
        letter.message.kind,
        Some(&letter.message.to.email),
        store,
        context,
    )
    .await
}
