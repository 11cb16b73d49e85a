//! `followup draft`: a letter composed from the data, checked, in the format asked for;
//! and `followup templates export`, the built-in templates written out to edit.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};
use followup_core::check::{CheckContext, Finding, Letter, Rulebook, check};
use followup_core::compose::{Answer, Draft, Request, Templates, compose};
use followup_core::programme::find_action;
use followup_core::{ActionKind, Application, Key};
use followup_store::Store;
use serde::Serialize;

use super::agenda::Programme;
use super::export::write_atomically;
use super::find_application;
use crate::context::Context;
use crate::output;

/// Which letter: a kind and an application, or an action of the agenda by its id.
#[derive(Debug, Clone, clap::Args)]
pub struct Target {
    /// What the letter is for: thank_you, strategic_letter, send_sample, report_to_consultant,
    /// status_check, reply_to_invitation, request_feedback, review_offer, answer_offer,
    /// withdraw_politely, follow_up_application or return_contract; or an action of the
    /// agenda by its id (`np-3`), which names the application, the interview and the recipient.
    pub kind: String,
    /// The application's key (not needed with an action's id).
    #[arg(long, value_name = "KEY")]
    pub app: Option<String>,
    /// The interview it is about (default: the latest the recipient sat in).
    #[arg(long, value_name = "KEY")]
    pub interview: Option<String>,
    /// Who it goes to: an email address or a name (default: the programme's recipient).
    #[arg(long, value_name = "EMAIL")]
    pub to: Option<String>,
    /// For answer_offer: accept, counter or decline.
    #[arg(long, default_value = "accept")]
    pub answer: String,
    /// For a counter-proposal: what you would like to move (repeat for each).
    #[arg(long, value_name = "TEXT")]
    pub counter: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: Target,
    /// text, json, mailto (a mailto: link, RFC 6068), eml (an email, RFC 5322) or docx (a Word
    /// document). Through an agency, the email goes to the consultant with the letter attached.
    #[arg(long, default_value = "text")]
    format: String,
    /// Write to this file (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// A letter composed for a target, with what it was composed from.
pub struct Composed {
    pub app: Application,
    pub interview: Option<Key>,
    pub profile: followup_core::Profile,
    pub draft: Draft,
    pub findings: Vec<Finding>,
}

#[derive(Debug, clap::Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates to the templates folder of your config directory, to edit.
    Export {
        /// Replace templates already there.
        #[arg(long)]
        force: bool,
    },
}

pub async fn execute(args: Args, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let Composed {
        app,
        profile,
        draft,
        findings,
        ..
    } = compose_for(&args.target, store, context).await?;
    // `--json`, like every command's, is the JSON format.
    let format = if context.json {
        "json"
    } else {
        args.format.as_str()
    };
    let bytes = match format {
        "text" => {
            let mut text = draft.text();
            if let Some(notes) = &draft.notes {
                text = format!("{notes}\n---\n\n{text}");
            }
            text.into_bytes()
        }
        "json" => (serde_json::to_string_pretty(&DraftJson {
            draft: &draft,
            to: recipient(&draft),
            findings: &findings,
        })? + "\n")
            .into_bytes(),
        "mailto" => (mailto(&draft, &app) + "\n").into_bytes(),
        "docx" => followup_deliver::docx(&draft.subject, &draft.body),
        "eml" => {
            let to = draft
                .to
                .as_ref()
                .ok_or_else(|| anyhow!("the letter has no recipient: name one with --to"))?;
            let to = super::send::mailbox_of(&app, &to.name, to.email.as_deref())?;
            let message = super::send::message(
                &app,
                &profile,
                Some(draft.kind),
                None,
                to,
                &draft.subject,
                &draft.body,
                context.now,
                &context.application_zone(&app, &profile),
            )?;
            followup_deliver::eml(&message).map_err(|e| anyhow!("{e}"))?
        }
        other => bail!("--format {other:?}: use text, json, mailto, eml or docx"),
    };
    match &args.out {
        Some(path) => write_atomically(path, &bytes)?,
        None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)?,
    }
    if format != "json" {
        for f in &findings {
            eprintln!("{}[{}]: {}", f.severity.as_str(), f.rule, f.message);
        }
    }
    Ok(())
}

/// The kind, application, interview and recipient a target names: a kind of letter with
/// `--app`, or an action of the programme that names everything.
pub async fn resolve(
    args: &Target,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<(ActionKind, String, Option<String>, Option<String>)> {
    Ok(match ActionKind::parse(&args.kind) {
        Some(kind) => (
            kind,
            args.app
                .clone()
                .ok_or_else(|| anyhow!("--app: which application is the letter for?"))?,
            args.interview.clone(),
            args.to.clone(),
        ),
        None => {
            let programme = Programme::load(store, context, None).await?;
            let ids: Vec<(String, &followup_core::programme::Action)> = programme
                .actions
                .iter()
                .map(|l| (l.id.clone(), &l.action))
                .collect();
            let (_, action) = find_action(&args.kind, &ids).map_err(|e| {
                anyhow!("{:?} is neither a kind of letter (`followup draft --help` lists them) nor an open action: {e}", args.kind)
            })?;
            (
                action.kind,
                action.application.to_string(),
                args.interview
                    .clone()
                    .or_else(|| action.interview.as_ref().map(ToString::to_string)),
                args.to.clone().or_else(|| action.to().map(str::to_string)),
            )
        }
    })
}

/// Composes the letter of a target: the richest version the checks accept.
pub async fn compose_for(
    args: &Target,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<Composed> {
    let (kind, app_key, interview_key, to) = resolve(args, store, context).await?;
    let answer = Answer::parse(&args.answer)
        .ok_or_else(|| anyhow!("--answer {:?}: use accept, counter or decline", args.answer))?;
    if answer == Answer::Counter && args.counter.is_empty() {
        bail!(
            "--answer counter: say what you would like to move with --counter (the salary, the start date...)"
        );
    }
    let app = find_application(store, &app_key).await?;
    let interview = interview_key
        .as_deref()
        .map(Key::new)
        .transpose()
        .map_err(|e| anyhow!("--interview: {e}"))?;
    let (profile, settings) = store.profile().await?;
    let summaries = store.summaries().await?;
    let others: Vec<String> = summaries
        .iter()
        .filter(|s| s.key != app.key)
        .map(|s| s.company.clone())
        .collect();
    let accepted_elsewhere = summaries
        .iter()
        .any(|s| s.key != app.key && s.stage == followup_core::Stage::Accepted);
    let config = context.config_dir()?;
    let templates = load_templates(&config.join("templates"))?;
    let book = Rulebook::built_in();
    let request = Request {
        kind,
        application: &app,
        profile: &profile,
        interview: interview.as_ref(),
        to: to.as_deref(),
        answer,
        counter: args.counter.clone(),
        accepted_elsewhere,
    };
    let harper = crate::proofreader::Resident::new(context.data_dir().ok().as_deref());
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
    let draft = compose(&request, &templates, &clean).map_err(|e| anyhow!("{e}"))?;
    let findings = findings_of(&draft);
    Ok(Composed {
        interview,
        draft,
        findings,
        app,
        profile,
    })
}

pub async fn templates(command: TemplatesCommand, context: &Context) -> anyhow::Result<()> {
    let TemplatesCommand::Export { force } = command;
    let dir = context.config_dir()?.join("templates");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = 0;
    for (name, source) in Templates::defaults() {
        let path = dir.join(format!("{name}.txt"));
        if path.exists() && !force {
            eprintln!(
                "kept {} (it is there already; --force replaces it)",
                path.display()
            );
            continue;
        }
        write_atomically(&path, source.as_bytes())?;
        written += 1;
    }
    if context.json {
        return output::json(&serde_json::json!({ "folder": dir, "written": written }));
    }
    println!(
        "Wrote {written} templates to {}. followup uses them in place of its own.",
        dir.display()
    );
    Ok(())
}

/// The built-in templates, with the user's own from `dir` in their place.
pub(crate) fn load_templates(dir: &Path) -> anyhow::Result<Templates> {
    let mut user = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries {
                let path = entry?.path();
                let Some(name) = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(".txt"))
                else {
                    continue;
                };
                let source = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                user.push((name.to_string(), source, path.display().to_string()));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(anyhow!("{}: {e}", dir.display())),
    }
    Templates::with_overrides(user).map_err(|e| anyhow!("{e}"))
}

#[derive(Serialize)]
struct DraftJson<'a> {
    #[serde(flatten)]
    draft: &'a Draft,
    to: Option<String>,
    findings: &'a [Finding],
}

fn recipient(draft: &Draft) -> Option<String> {
    draft.to.as_ref().map(|r| r.address().to_string())
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
