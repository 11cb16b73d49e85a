//! `followup send`: a letter, composed or written by hand, checked, saved in the outbox and
//! handed to the mail server: directly, or through the consultant.

use std::path::PathBuf;

use anyhow::{Context as _, anyhow, bail};
use followup_core::check::{CheckContext, Finding, Letter, Severity, check};
use followup_core::deliver::{route_via, thread};
use followup_core::{
    ActionKind, Application, Attachment, Key, Mailbox, Message, MessageState, Moment, Profile,
};
use followup_store::{Outbox, Store, StoreError};
use jiff::Timestamp;

use super::check::{read_limited, report, user_rules};
use super::draft::{Target, compose_for, resolve};
use super::outbox::print_round;
use super::{find_application, other_companies};
use crate::context::Context;
use crate::output;
use crate::postman::{Postman, Round};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    /// The letter to send, as you edited it (a text file whose first line is `Subject: ...`);
    /// without it, followup composes the letter from the data.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// A file to send with the letter (repeat for each): the work sample.
    #[arg(long, value_name = "FILE")]
    pub attach: Vec<PathBuf>,
    /// Send although the checks found errors; the record keeps which.
    #[arg(long)]
    pub force: bool,
    /// Send although a letter of this kind already went to this person.
    #[arg(long)]
    pub again: bool,
    /// Only save it in the outbox; `followup outbox send` (or the timer) sends it.
    #[arg(long)]
    pub later: bool,
}

pub async fn execute(
    args: Args,
    store: &(impl Store + Outbox),
    context: &Context,
) -> anyhow::Result<()> {
    // What is checked is what is sent: the letter is read once, and these bytes are kept.
    let written = match &args.file {
        Some(path) => {
            let bytes = read_limited(path)?;
            let name = path.display().to_string();
            let letter = Letter::from_bytes(&bytes).map_err(|e| anyhow!("{name}: {e}"))?;
            Some((letter, name))
        }
        None => None,
    };
    let attachments = args
        .attach
        .iter()
        .map(|path| attachment(path))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let sent = send(
        &args,
        written,
        attachments,
        store,
        context,
        |letter, name, findings| eprint!("{}", report(letter, name, findings)),
    )
    .await
    .map_err(|e| match e.downcast_ref::<AlreadyOnItsWay>() {
        Some(_) => e.context("`--again` sends another"),
        None => e,
    })?;
    let Sent {
        id,
        route,
        state,
        round,
    } = sent;
    let Some(round) = round else {
        if context.json {
            return output::json(&serde_json::json!({ "id": id, "state": "queued" }));
        }
        println!("Queued <{id}> for {route}: `followup outbox send` sends it.");
        return Ok(());
    };
    if context.json {
        return output::json(&serde_json::json!({ "id": id, "state": state, "round": round }));
    }
    // A failed command prints no data: what went wrong is the error.
    if let Some(why) = &round.stopped {
        bail!("{why}; <{id}> stays in the outbox, nothing was sent");
    }
    if state == MessageState::Failed {
        let why = round
            .failed
            .iter()
            .find(|(m, _)| *m == id)
            .map_or("the server refused it", |(_, why)| why.as_str());
        bail!("{why}; <{id}> was not sent, and its action stays open");
    }
    match state {
        MessageState::Sent => println!("Sent to {route}: <{id}>."),
        _ => print_round(&round),
    }
    Ok(())
}

/// The letter for this action is already queued, on its way or sent: nothing was sent.
#[derive(Debug, thiserror::Error)]
#[error("a {kind} to {to} is already {state} (<{id}>); nothing more was sent")]
pub struct AlreadyOnItsWay {
    pub kind: ActionKind,
    pub to: String,
    pub id: String,
    pub state: &'static str,
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
/// and, unless `args.later`, sends it. `findings` hears what the checks found, before a refusal.
pub async fn send(
    args: &Args,
    written: Option<(Letter, String)>,
    attachments: Vec<Attachment>,
    store: &(impl Store + Outbox),
    context: &Context,
    findings_heard: impl FnOnce(&Letter, &str, &[Finding]),
) -> anyhow::Result<Sent> {
    let (kind, app_key, interview, to) = resolve(&args.target, store, context).await?;
    let (profile, settings) = store.profile().await?;
    let (letter, name, app, interview) = match written {
        Some((letter, name)) => {
            let app = find_application(store, &app_key).await?;
            let interview = interview
                .as_deref()
                .map(Key::new)
                .transpose()
                .map_err(|e| anyhow!("--interview: {e}"))?;
            (letter, name, app, interview)
        }
        None => {
            let composed = compose_for(&args.target, store, context).await?;
            let letter = Letter::new(&composed.draft.text());
            let name = format!("the {kind} letter");
            (letter, name, composed.app, composed.interview)
        }
    };
    let to = to.ok_or_else(|| anyhow!("--to: who is the letter for?"))?;
    let mut to = mailbox_of(&app, &to, None)?;
    // An action for someone the data knows only by name, sent to an address given with --to:
    // the letter is for that person, by name, so that it does the action.
    if to.name == to.email
        && ActionKind::parse(&args.target.kind).is_none()
        && args.target.to.is_some()
    {
        let plain = Target {
            to: None,
            ..args.target.clone()
        };
        if let Some(name) = resolve(&plain, store, context)
            .await?
            .3
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
            anyhow!("{name}: the letter needs a first line `Subject: ...`; nothing was sent")
        })?
        .to_string();

    // Once is the rule: a second letter of the same kind to the same person is a choice.
    if !args.again
        && let Some(before) = app.messages.iter().find(|m| {
            m.kind == Some(kind)
                && m.state.does_the_action()
                && m.to.email.eq_ignore_ascii_case(&to.email)
                && (interview.is_none() || m.interview == interview)
        })
    {
        return Err(anyhow::Error::new(AlreadyOnItsWay {
            kind,
            to: to.name.clone(),
            id: before.id.clone(),
            state: before.state.as_str(),
        }));
    }

    let findings = findings_for(&letter, &app, kind, &to.email, store, context).await?;
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule.to_string())
        .collect();
    if !findings.is_empty() {
        findings_heard(&letter, &name, &findings);
    }
    if !errors.is_empty() && !args.force {
        bail!(
            "the checks found {} error{} ({}): mend the letter (`followup draft ... --out FILE`, then \
             `followup send ... --file FILE`), or send it anyway with --force; nothing was sent",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            errors.join(", ")
        );
    }

    let mut message = self::message(
        &app,
        &profile,
        Some(kind),
        interview,
        to,
        &subject,
        letter.body().trim_start_matches(['\r', '\n']),
        context.now,
        &context.application_zone(&app, &profile),
    )?;
    message.forced = if args.force { errors } else { Vec::new() };
    message.attachments = attachments;
    // A message that cannot be written as an email is refused before it is kept.
    followup_deliver::eml(&message).map_err(|e| anyhow!("{e}; nothing was sent"))?;
    followup_core::capture::check_message(&message)
        .map_err(|e| anyhow!("{e}; nothing was sent"))?;
    // The database refuses a second letter for the same action, whoever else is sending it
    // now (another tab, a double click, the command line): that one goes, this one does not.
    match store.queue(Some(&app.key), &message, !args.again).await {
        Ok(_) => {}
        Err(StoreError::AlreadyQueued { id, state }) => {
            return Err(anyhow::Error::new(AlreadyOnItsWay {
                kind,
                to: message.to.name.clone(),
                id,
                state,
            }));
        }
        Err(e) => return Err(e.into()),
    }

    let id = message.id.clone();
    let route = match &message.via {
        Some(c) => format!("{} through {} ({})", message.to.name, c.name, c.email),
        None => format!("{} ({})", message.to.name, message.to.email),
    };
    if args.later {
        return Ok(Sent {
            id,
            route,
            state: MessageState::Queued,
            round: None,
        });
    }
    let mut postman = Postman::new(store, settings.mail.as_ref(), context.now)
        .map_err(|e| anyhow!("queued <{id}>, not sent: {e}"))?;
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

/// What the checks find in a letter about to go: with the application, the recipient, the
/// moment, and the user's own rules and words.
pub async fn findings_for(
    letter: &Letter,
    app: &Application,
    kind: ActionKind,
    to: &str,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<Vec<Finding>> {
    let (profile, settings) = store.profile().await?;
    let (book, dictionary) = user_rules(context)?;
    let others = other_companies(store, app).await?;
    let mut check_context = CheckContext::for_application(app, others, &profile, &settings);
    check_context.kind = Some(kind);
    check_context.to = Some(to.to_string());
    check_context.now = Some(context.now);
    check_context.dictionary = dictionary;
    let harper = crate::proofreader::Resident::new(context.data_dir().ok().as_deref());
    Ok(check(letter, &check_context, &book, Some(&harper)))
}

/// A letter as a message from the user: to `to`, through the consultant where an agency
/// arranged the interview, threaded on the last letter to the same person.
#[allow(clippy::too_many_arguments)]
pub fn message(
    app: &Application,
    profile: &Profile,
    kind: Option<ActionKind>,
    interview: Option<Key>,
    to: Mailbox,
    subject: &str,
    body: &str,
    now: Timestamp,
    zone: &jiff::tz::TimeZone,
) -> anyhow::Result<Message> {
    let from = Mailbox {
        name: profile
            .name
            .clone()
            .ok_or_else(|| anyhow!("an email needs your name: followup profile --name ..."))?,
        email: profile
            .email
            .clone()
            .ok_or_else(|| anyhow!("an email needs your address: followup profile --email ..."))?,
    };
    let (in_reply_to, references) = thread(app, &to);
    let mut message = Message::new(
        followup_deliver::message_id(&from.email),
        Moment::in_zone(now, zone),
        from,
        to,
        subject.to_string(),
        body.to_string(),
    );
    message.kind = kind;
    message.interview = interview;
    message.via = route_via(app, kind, &message.to);
    message.in_reply_to = in_reply_to;
    message.references = references;
    Ok(message)
}

/// The person `to` names (an address or a name) as a mailbox: someone the application knows,
/// or a bare address.
pub fn mailbox_of(app: &Application, to: &str, email: Option<&str>) -> anyhow::Result<Mailbox> {
    for person in app.people() {
        if person.answers_to(to) {
            let email = person
                .email
                .clone()
                .or(email.map(str::to_string))
                .ok_or_else(|| {
                    anyhow!(
                        "{} has no email address: add it before writing to them",
                        person.name
                    )
                })?;
            return Ok(Mailbox {
                name: person.name,
                email,
            });
        }
    }
    match email {
        Some(email) => Ok(Mailbox {
            name: to.to_string(),
            email: email.to_string(),
        }),
        None if followup_core::capture::is_plausible_email(to) => Ok(Mailbox {
            name: to.to_string(),
            email: to.to_string(),
        }),
        None => bail!("{to:?} is neither an email address nor someone this application knows"),
    }
}

/// A file to send, read now: what is kept is what is sent, whatever happens to the file.
pub fn attachment(path: &std::path::Path) -> anyhow::Result<Attachment> {
    let data = std::fs::read(path).with_context(|| {
        format!(
            "--attach {}: cannot read it; nothing was sent",
            path.display()
        )
    })?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| anyhow!("--attach {}: the file needs a name", path.display()))?
        .to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let content_type = match extension.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "md" => "text/plain",
        "csv" => "text/csv",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    };
    Ok(Attachment {
        name,
        content_type: content_type.into(),
        data,
    })
}
