//! Letters: which one a target names, composed from the data, checked with the user's own
//! rules and words, and made into a message from the user.

use followup_core::check::{CheckContext, Finding, Letter, Rulebook, check};
use followup_core::compose::{Answer, Draft, Request, compose};
use followup_core::deliver::{route_via, thread};
use followup_core::programme::{Action, find_action};
use followup_core::{ActionKind, Application, Key, Mailbox, Message, Moment, Profile, Stage};
use followup_store::{Reading, Store};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::applications::{find, other_companies};
use crate::own::OwnFiles;
use crate::programme::Programme;
use crate::proofreader::Resident;
use crate::{AppError, Context, Result};

/// Which letter: a kind and an application, or an action of the agenda by its id.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct Target {
    /// What the letter is for: thank_you, strategic_letter, send_sample, report_to_consultant,
    /// status_check, reply_to_invitation, request_feedback, review_offer, answer_offer,
    /// withdraw_politely, follow_up_application or return_contract; or an action of the
    /// agenda by its id (`np-3`), which names the application, the interview and the recipient.
    pub kind: String,
    /// The application's key (not needed with an action's id).
    #[cfg_attr(feature = "cli", arg(long, value_name = "KEY"))]
    pub app: Option<String>,
    /// The interview it is about (default: the latest the recipient sat in).
    #[cfg_attr(feature = "cli", arg(long, value_name = "KEY"))]
    pub interview: Option<String>,
    /// Who it goes to: an email address or a name (default: the programme's recipient).
    #[cfg_attr(feature = "cli", arg(long, value_name = "EMAIL"))]
    pub to: Option<String>,
    /// For answer_offer: accept, counter or decline.
    #[cfg_attr(feature = "cli", arg(long, default_value = "accept"))]
    pub answer: String,
    /// For a counter-proposal: what you would like to move (repeat for each).
    #[cfg_attr(feature = "cli", arg(long, value_name = "TEXT"))]
    pub counter: Vec<String>,
}

/// What a target names.
pub struct Resolved {
    pub kind: ActionKind,
    pub app: String,
    pub interview: Option<String>,
    pub to: Option<String>,
    /// The work sample travels with this letter ([`followup_core::compose::Request::with_sample`]).
    pub with_sample: bool,
}

/// The kind, application, interview and recipient a target names: a kind of letter with an
/// application, or an action of the programme that names everything.
pub async fn resolve(target: &Target, store: &impl Store, context: &Context) -> Result<Resolved> {
    Ok(match ActionKind::parse(&target.kind) {
        Some(kind) => Resolved {
            kind,
            app: target
                .app
                .clone()
                .ok_or_else(|| AppError::field("app", "which application is the letter for?"))?,
            interview: target.interview.clone(),
            to: target.to.clone(),
            with_sample: false,
        },
        None => {
            let programme = Programme::load(store, context, Reading::OpenAt(context.now)).await?;
            let ids: Vec<(String, &Action)> = programme
                .actions
                .iter()
                .map(|l| (l.id.clone(), &l.action))
                .collect();
            let (_, action) = find_action(&target.kind, &ids).map_err(|e| {
                AppError::field(
                    "kind",
                    format!(
                        "{:?} is neither a kind of letter ({}) nor an open action: {e}",
                        target.kind,
                        ActionKind::ALL.map(ActionKind::as_str).join(", ")
                    ),
                )
            })?;
            Resolved {
                kind: action.kind,
                app: action.application.to_string(),
                interview: target
                    .interview
                    .clone()
                    .or_else(|| action.interview.as_ref().map(ToString::to_string)),
                to: target
                    .to
                    .clone()
                    .or_else(|| action.to().map(str::to_string)),
                with_sample: action.carries_sample(),
            }
        }
    })
}

/// A letter composed for a target, with what it was composed from.
pub struct Composed {
    pub app: Application,
    pub interview: Option<Key>,
    pub profile: Profile,
    pub draft: Draft,
    pub findings: Vec<Finding>,
}

/// An interview's key as given.
pub fn interview_key(text: Option<&str>) -> Result<Option<Key>> {
    text.map(Key::new)
        .transpose()
        .map_err(|e| AppError::field("interview", e))
}

/// Composes the letter of a target: the richest version the checks accept.
pub async fn compose_for(
    target: &Target,
    store: &impl Store,
    context: &Context,
) -> Result<Composed> {
    let resolved = resolve(target, store, context).await?;
    let kind = resolved.kind;
    let answer = Answer::parse(&target.answer).ok_or_else(|| {
        AppError::field(
            "answer",
            format!("{:?}: use accept, counter or decline", target.answer),
        )
    })?;
    if answer == Answer::Counter && target.counter.is_empty() {
        return Err(AppError::field(
            "counter",
            "say what you would like to move (the salary, the start date...)",
        ));
    }
    let app = find(store, &resolved.app).await?;
    let interview = interview_key(resolved.interview.as_deref())?;
    let (profile, settings) = store.profile().await?;
    let summaries = store.summaries().await?;
    let others: Vec<String> = summaries
        .iter()
        .filter(|s| s.key != app.key)
        .map(|s| s.company.clone())
        .collect();
    let accepted_elsewhere = summaries
        .iter()
        .any(|s| s.key != app.key && s.stage == Stage::Accepted);
    let templates = OwnFiles::read(store, context).await?.templates()?;
    let book = Rulebook::built_in();
    let request = Request {
        kind,
        application: &app,
        profile: &profile,
        interview: interview.as_ref(),
        to: resolved.to.as_deref(),
        answer,
        counter: target.counter.clone(),
        accepted_elsewhere,
        today: Some(context.now.to_zoned(context.time_zone(&profile)).date()),
        with_sample: resolved.with_sample,
    };
    let harper = Resident::new(context.data_dir().ok().as_deref());
    // One context for every version the composer tries: the programme and the known words
    // are worked out once.
    let mut base = CheckContext::for_application(&app, others, &profile, &settings);
    base.kind = Some(kind);
    base.now = Some(context.now);
    base.known_words();
    let findings_of = |draft: &Draft| -> Vec<Finding> {
        let mut check_context = base.clone();
        check_context.to = draft.to.as_ref().map(|r| r.address().to_string());
        check(
            &Letter::new(&draft.text()),
            &check_context,
            &book,
            Some(&harper),
        )
    };
    // Timing is the programme's business, not the words': a letter drafted early is still clean.
    let clean = |draft: &Draft| {
        findings_of(draft)
            .iter()
            .all(|f| matches!(f.rule, "too_early" | "bombarding"))
    };
    let draft =
        compose(&request, &templates, &clean).map_err(|e| AppError::invalid(e.to_string()))?;
    let findings = findings_of(&draft);
    Ok(Composed {
        interview,
        draft,
        findings,
        app,
        profile,
    })
}

/// What the checks find in a letter: with the application when there is one (the rules that
/// need the context), the kind, the recipient, the moment, and the user's own rules and words.
pub async fn findings(
    letter: &Letter,
    app: Option<&Application>,
    kind: Option<ActionKind>,
    to: Option<&str>,
    store: &impl Store,
    context: &Context,
) -> Result<Vec<Finding>> {
    let (profile, settings) = store.profile().await?;
    let own = OwnFiles::read(store, context).await?;
    let (book, dictionary) = (own.rulebook()?, own.words());
    let mut check_context = match app {
        Some(app) => {
            let others = other_companies(store, app).await?;
            CheckContext::for_application(app, others, &profile, &settings)
        }
        None => CheckContext::for_user(&profile),
    };
    check_context.kind = kind;
    check_context.to = to.map(str::to_string);
    check_context.now = Some(context.now);
    check_context.dictionary = dictionary;
    let harper = Resident::new(context.data_dir().ok().as_deref());
    Ok(check(letter, &check_context, &book, Some(&harper)))
}

/// A letter as a message from the user: to `to`, through the consultant where an agency
/// arranged the interview, threaded on the last letter to the same person.
pub struct NewMessage<'a> {
    pub app: &'a Application,
    pub profile: &'a Profile,
    pub kind: Option<ActionKind>,
    pub interview: Option<Key>,
    pub to: Mailbox,
    pub subject: &'a str,
    pub body: &'a str,
}

impl NewMessage<'_> {
    pub fn message(self, now: Timestamp, zone: &TimeZone) -> Result<Message> {
        let missing = |what: &'static str, reason: &str| AppError::field(what, reason);
        let from =
            Mailbox {
                name: self
                    .profile
                    .name
                    .clone()
                    .ok_or_else(|| missing("name", "an email needs your name in the profile"))?,
                email: self.profile.email.clone().ok_or_else(|| {
                    missing("email", "an email needs your address in the profile")
                })?,
            };
        let person = self
            .app
            .people()
            .find(|p| p.answers_to(&self.to.email) || p.answers_to(&self.to.name));
        let letterhead = followup_core::compose::letterhead(
            self.app,
            self.profile,
            person.as_ref(),
            now.to_zoned(zone.clone()).date(),
        );
        let (in_reply_to, references) = thread(self.app, &self.to);
        let mut message = Message::new(
            followup_deliver::message_id(&from.email),
            Moment::in_zone(now, zone),
            from,
            self.to,
            self.subject.to_string(),
            self.body.to_string(),
        );
        message.kind = self.kind;
        message.interview = self.interview;
        message.via = route_via(self.app, self.kind, &message.to);
        message.in_reply_to = in_reply_to;
        message.references = references;
        message.letterhead = Some(letterhead);
        Ok(message)
    }
}

/// The letter as a Word document: a business letter from the user to `to` (a name or an
/// address this application knows), dated today in the user's English.
pub fn word_document(
    app: &Application,
    profile: &Profile,
    to: Option<&str>,
    subject: &str,
    body: &str,
    now: Timestamp,
    zone: &TimeZone,
) -> Vec<u8> {
    let person = to.and_then(|to| app.people().find(|p| p.answers_to(to)));
    let head = followup_core::compose::letterhead(
        app,
        profile,
        person.as_ref(),
        now.to_zoned(zone.clone()).date(),
    );
    followup_deliver::docx(subject, body, &head, now)
}

/// The person `to` names (an address or a name) as a mailbox: someone the application knows,
/// or a bare address.
pub fn mailbox_of(app: &Application, to: &str, email: Option<&str>) -> Result<Mailbox> {
    for person in app.people() {
        if person.answers_to(to) {
            let email = person
                .email
                .clone()
                .or(email.map(str::to_string))
                .ok_or_else(|| {
                    AppError::field(
                        "to",
                        format!(
                            "{} has no email address: add it before writing to them",
                            person.name
                        ),
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
        None => Err(AppError::field(
            "to",
            format!("{to:?} is neither an email address nor someone this application knows"),
        )),
    }
}

/// A `mailto:` link (RFC 6068): the address, the subject and the body, percent-encoded, with
/// line breaks as CRLF. A letter through the consultant goes to the consultant.
pub fn mailto(draft: &Draft, app: &Application) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    const ADDRESS: &AsciiSet = &UNRESERVED.remove(b'@');
    let via_consultant = app.agency.is_some() && draft.kind != ActionKind::ReportToConsultant;
    let address = if via_consultant {
        app.consultant().and_then(|c| c.email.clone())
    } else {
        draft.to.as_ref().and_then(|r| r.email.clone())
    };
    let to = address.map(|a| utf8_percent_encode(&a, ADDRESS).to_string());
    let body = draft.body.replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        to.unwrap_or_default(),
        utf8_percent_encode(&draft.subject, UNRESERVED),
        utf8_percent_encode(&body, UNRESERVED)
    )
}
