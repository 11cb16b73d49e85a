//! A letter: composed for an action, checked as it is edited, queued to send, or downloaded.

use followup_core::check::{Finding, Letter, Severity};
use followup_core::deliver::route_via;
use followup_core::{ActionKind, Application, Key, Mailbox};

use crate::web::error::WebError;
use crate::web::form::*;
use crate::web::views::*;
use crate::web::{Backend, Shared};
use followup_app::letters::{self, NewMessage, Target, compose_for, mailbox_of, resolve};
use followup_app::send::{SendOptions, Sent, send as queue};
use followup_app::{AppError, Context};

type Result<T> = std::result::Result<T, WebError>;
use super::*;

/// The letter of an action (or a kind, for an application), composed and checked.
pub async fn draft<S: Backend>(s: &Shared<S>, which: &str, q: DraftQuery) -> Result<LetterView> {
    let ctx = s.context();
    let target = Target {
        kind: which.to_string(),
        app: q.application,
        interview: None,
        to: q.to,
        answer: q.answer.unwrap_or_else(|| "accept".into()),
        counter: Vec::new(),
    };
    let composed = compose_for(&target, &s.store, &ctx).await?;
    let draft = &composed.draft;
    let text = draft.text();
    // Through whom it goes: the core's rule, as `send` applies it.
    let via = draft.to.as_ref().and_then(|r| {
        let to = Mailbox {
            name: r.name.clone(),
            email: r.email.clone().unwrap_or_default(),
        };
        route_via(&composed.app, Some(draft.kind), &to).map(|c| c.name)
    });
    Ok(LetterView {
        action: ActionKind::parse(which)
            .is_none()
            .then(|| which.to_string()),
        application: composed.app.key.to_string(),
        company: composed.app.company.clone(),
        kind: draft.kind.as_str().to_string(),
        to: draft.to.as_ref().map(|r| r.address().to_string()),
        via,
        subject: draft.subject.clone(),
        body: draft.body.clone(),
        notes: draft.notes.clone(),
        check: check_view(&text, &composed.findings),
        mailto: letters::mailto(draft, &composed.app),
    })
}

/// The findings, and the letter cut where they point, for showing them on the text.
pub(crate) fn check_view(text: &str, findings: &[Finding]) -> CheckView {
    let severity = |f: &Finding| f.severity.as_str();
    let mut marked = Vec::new();
    let mut at = 0;
    let mut spans: Vec<(usize, (usize, usize))> = findings
        .iter()
        .enumerate()
        .filter_map(|(n, f)| f.span.map(|s| (n, s)))
        .filter(|(_, (start, end))| {
            start < end
                && *end <= text.len()
                && text.is_char_boundary(*start)
                && text.is_char_boundary(*end)
        })
        .collect();
    spans.sort_by_key(|(_, (start, _))| *start);
    for (n, (start, end)) in spans {
        if start < at {
            continue; // Overlapping findings: the first one marks the words.
        }
        if start > at {
            marked.push(Segment {
                text: text[at..start].to_string(),
                finding: None,
                severity: None,
            });
        }
        marked.push(Segment {
            text: text[start..end].to_string(),
            finding: Some(n),
            severity: Some(severity(&findings[n]).to_string()),
        });
        at = end;
    }
    if at < text.len() {
        marked.push(Segment {
            text: text[at..].to_string(),
            finding: None,
            severity: None,
        });
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    CheckView {
        findings: findings
            .iter()
            .map(|f| FindingView {
                rule: f.rule.to_string(),
                severity: severity(f).to_string(),
                message: f.message.clone(),
                excerpt: f.span.and_then(|(a, b)| text.get(a..b)).map(str::to_string),
                span: f.span,
            })
            .collect(),
        marked,
        errors,
        warnings: findings.len() - errors,
    }
}

/// What a letter form names: the kind, the application, the interview and the recipient.
async fn target_of<S: Backend>(
    s: &Shared<S>,
    ctx: &Context,
    f: &LetterForm,
) -> Result<(Target, ActionKind, Application, Option<Key>, String)> {
    let which = f
        .action
        .clone()
        .ok_or_else(|| WebError::Invalid("action: which action or kind of letter is it?".into()))?;
    let target = Target {
        kind: which,
        app: f.application.clone(),
        interview: None,
        to: f.to.clone(),
        answer: "accept".into(),
        counter: Vec::new(),
    };
    let resolved = resolve(&target, &s.store, ctx).await?;
    let app = application_of(s, &resolved.app).await?;
    let interview = letters::interview_key(resolved.interview.as_deref())?;
    let to = resolved
        .to
        .ok_or_else(|| AppError::field("to", "who is the letter for?"))?;
    Ok((target, resolved.kind, app, interview, to))
}

fn letter_text(f: &LetterForm) -> String {
    Letter::text_of(
        f.subject.as_deref().unwrap_or("").trim(),
        &f.body.as_deref().unwrap_or("").replace("\r\n", "\n"),
    )
}

/// The checks on a letter as it is being written.
pub async fn check<S: Backend>(s: &Shared<S>, f: LetterForm) -> Result<CheckView> {
    let ctx = s.context();
    let text = letter_text(&f);
    if text.len() > followup_core::check::MAX_LETTER_BYTES {
        return Err(WebError::Invalid(
            "the letter is too long to be a letter".into(),
        ));
    }
    let (_, kind, app, _, to) = target_of(s, &ctx, &f).await?;
    let address = mailbox_of(&app, &to, None).map_or(to, |m| m.email);
    let findings = letters::findings(
        &Letter::new(&text),
        Some(&app),
        Some(kind),
        Some(&address),
        &s.store,
        &ctx,
    )
    .await?;
    Ok(check_view(&text, &findings))
}

/// Checks the letter as edited, saves it in the outbox and sends it, as `followup send --file`.
pub async fn send<S: Backend>(s: &Shared<S>, f: LetterForm) -> Result<SentView> {
    let ctx = s.context();
    let (target, _, _, _, _) = target_of(s, &ctx, &f).await?;
    // Queued here and answered at once; the worker in `serve` delivers it.
    let options = SendOptions {
        target,
        force: LetterForm::flag(&f.force),
        again: LetterForm::flag(&f.again),
        later: true,
    };
    let letter = Letter::new(&letter_text(&f));
    let Sent {
        id, route, state, ..
    } = queue(
        &options,
        Some((letter, "the letter".into())),
        Vec::new(),
        &s.store,
        &ctx,
        |_, _, _| {},
    )
    .await?;
    s.wake.notify_one();
    Ok(SentView {
        id,
        state: state.as_str().to_string(),
        route,
        problem: None,
    })
}

/// The letter as edited, as a file: an email (.eml) or a Word document (.docx).
pub async fn download<S: Backend>(
    s: &Shared<S>,
    f: LetterForm,
    format: &str,
) -> Result<(String, &'static str, Vec<u8>)> {
    let ctx = s.context();
    let (_, kind, app, interview, to) = target_of(s, &ctx, &f).await?;
    let subject = f.subject.clone().unwrap_or_default();
    let body = f.body.clone().unwrap_or_default().replace("\r\n", "\n");
    let name = format!("{}-{}", app.key, kind.as_str());
    let (profile, _) = s.store.profile().await?;
    match format {
        "docx" => Ok((
            format!("{name}.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            letters::word_document(
                &app,
                &profile,
                Some(&to),
                &subject,
                &body,
                ctx.now,
                &ctx.application_zone(&app, &profile),
            ),
        )),
        "eml" => {
            let to = mailbox_of(&app, &to, None)?;
            let message = NewMessage {
                app: &app,
                profile: &profile,
                kind: Some(kind),
                interview,
                to,
                subject: &subject,
                body: &body,
            }
            .message(ctx.now, &ctx.application_zone(&app, &profile))?;
            let bytes =
                followup_deliver::eml(&message).map_err(|e| AppError::invalid(e.to_string()))?;
            Ok((format!("{name}.eml"), "message/rfc822", bytes))
        }
        other => Err(WebError::Invalid(format!(
            "format {other:?}: use eml or docx"
        ))),
    }
}
