//! Sending: a letter (written by the user, or composed for the target) checked, queued in the
//! outbox once per action, and, unless it is only queued, handed to the mail server.

use followup_core::check::{Finding, Letter, Severity};
use followup_core::{ActionKind, Attachment, MessageState};
use followup_store::{Outbox, Store, StoreError};

use crate::letters::{
    NewMessage, Target, compose_for, findings, interview_key, mailbox_of, resolve,
};
use crate::postman::{Postman, Round};
use crate::{AlreadyOnItsWay, AppError, Context, Result};

/// How to send.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct SendOptions {
    #[cfg_attr(feature = "cli", command(flatten))]
    pub target: Target,
    /// Send although the checks found errors; the record keeps which.
    #[cfg_attr(feature = "cli", arg(long))]
    pub force: bool,
    /// Send although a letter of this kind already went to this person.
    #[cfg_attr(feature = "cli", arg(long))]
    pub again: bool,
    /// Only save it in the outbox; `followup outbox send` (or the timer) sends it.
    #[cfg_attr(feature = "cli", arg(long))]
    pub later: bool,
}

/// A letter handed to the outbox, and what became of it.
pub struct Sent {
    pub id: String,
    /// Who it goes to, and through whom.
    pub route: String,
    pub state: MessageState,
    /// The postman's round, unless the letter was only queued (`later`).
    pub round: Option<Round>,
}

/// Checks a letter (written by the user, or composed for the target), saves it in the outbox
/// and, unless `options.later`, sends it. `findings_heard` hears what the checks found, before
/// a refusal.
pub async fn send(
    options: &SendOptions,
    written: Option<(Letter, String)>,
    attachments: Vec<Attachment>,
    store: &(impl Store + Outbox),
    context: &Context,
    findings_heard: impl FnOnce(&Letter, &str, &[Finding]),
) -> Result<Sent> {
    let target = &options.target;
    let resolved = resolve(target, store, context).await?;
    let kind = resolved.kind;
    let (profile, settings) = store.profile().await?;
    let (letter, name, app, interview) = match written {
        Some((letter, name)) => {
            let app = crate::applications::find(store, &resolved.app).await?;
            let interview = interview_key(resolved.interview.as_deref())?;
            (letter, name, app, interview)
        }
        None => {
            let composed = compose_for(target, store, context).await?;
            let letter = Letter::new(&composed.draft.text());
            let name = format!("the {kind} letter");
            (letter, name, composed.app, composed.interview)
        }
    };
    let to = resolved
        .to
        .ok_or_else(|| AppError::field("to", "who is the letter for?"))?;
    let mut to = mailbox_of(&app, &to, None)?;
    // An action for someone the data knows only by name, sent to an address given as `to`:
    // the letter is for that person, by name, so that it does the action.
    if to.name == to.email && ActionKind::parse(&target.kind).is_none() && target.to.is_some() {
        let plain = Target {
            to: None,
            ..target.clone()
        };
        if let Some(name) = resolve(&plain, store, context)
            .await?
            .to
            .filter(|n| !n.contains('@'))
        {
            to.name = name;
        }
    }
    let subject = letter
        .subject()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            AppError::invalid(format!(
                "{name}: the letter needs a first line `Subject: ...`; nothing was sent"
            ))
        })?
        .to_string();

    // Once is the rule: a second letter of the same kind to the same person is a choice.
    if !options.again
        && let Some(before) = app.messages.iter().find(|m| {
            m.kind == Some(kind)
                && m.state.does_the_action()
                && m.to.email.eq_ignore_ascii_case(&to.email)
                && (interview.is_none() || m.interview == interview)
        })
    {
        return Err(AlreadyOnItsWay {
            kind,
            to: to.name.clone(),
            id: before.id.clone(),
            state: before.state.as_str(),
        }
        .into());
    }

    let found = findings(
        &letter,
        Some(&app),
        Some(kind),
        Some(&to.email),
        store,
        context,
    )
    .await?;
    let errors: Vec<String> = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule.to_string())
        .collect();
    if !found.is_empty() {
        findings_heard(&letter, &name, &found);
    }
    if !errors.is_empty() && !options.force {
        return Err(AppError::Checks(errors));
    }

    let zone = context.application_zone(&app, &profile);
    let mut message = NewMessage {
        app: &app,
        profile: &profile,
        kind: Some(kind),
        interview,
        to,
        subject: &subject,
        body: letter.body().trim_start_matches(['\r', '\n']),
    }
    .message(context.now, &zone)?;
    message.forced = if options.force { errors } else { Vec::new() };
    message.attachments = attachments;
    // In the agency mode the consultant forwards it: it waits for them, and the submission
    // keeps the action's clock.
    if context.keeping == crate::own::Keeping::Store && message.via.is_some() {
        message.state = MessageState::Waiting;
    }
    // A message that cannot be written as an email is refused before it is kept.
    followup_deliver::eml(&message)
        .map_err(|e| AppError::invalid(format!("{e}; nothing was sent")))?;
    followup_core::capture::check_message(&message)
        .map_err(|e| AppError::invalid(format!("{e}; nothing was sent")))?;
    // The database refuses a second letter for the same action, whoever else is sending it
    // now (another tab, a double click, the command line): that one goes, this one does not.
    match store.queue(Some(&app.key), &message, !options.again).await {
        Ok(_) => {}
        Err(StoreError::AlreadyQueued { id, state }) => {
            return Err(AlreadyOnItsWay {
                kind,
                to: message.to.name.clone(),
                id,
                state,
            }
            .into());
        }
        Err(e) => return Err(e.into()),
    }

    let id = message.id.clone();
    let route = match &message.via {
        Some(c) => format!("{} through {} ({})", message.to.name, c.name, c.email),
        None => format!("{} ({})", message.to.name, message.to.email),
    };
    if options.later || message.state == MessageState::Waiting {
        return Ok(Sent {
            id,
            route,
            state: message.state,
            round: None,
        });
    }
    let mut postman = Postman::new(store, settings.mail.as_ref(), context.now)
        .map_err(|e| AppError::invalid(format!("queued <{id}>, not sent: {e}")))?;
    let round = postman.deliver(false).await?;
    let state = store
        .message(&id)
        .await?
        .map_or(MessageState::Queued, |o| o.message.state);
    Ok(Sent {
        id,
        route,
        state,
        round: Some(round),
    })
}
