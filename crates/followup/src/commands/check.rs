//! `followup check`: the findings of spec/checks.md on a letter, shown like a compiler's
//! messages. Exit status 0 with no error finding, 1 with one or more, 2 when the input is bad.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow};
use followup_app::{applications, letters};
use followup_core::ActionKind;
use followup_core::check::{Finding, Letter, Severity};
use followup_store::Store;
use serde::Serialize;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The letter: a text file whose first line may be `Subject: ...`, or - for standard input.
    letter: PathBuf,
    /// The application it is for: enables the rules that need the context.
    #[arg(long, value_name = "KEY")]
    app: Option<String>,
    /// Who it goes to (an email address or a name).
    #[arg(long, value_name = "EMAIL")]
    to: Option<String>,
    /// What the letter is for: thank_you, strategic_letter, status_check, ...
    #[arg(long)]
    kind: Option<String>,
}

pub async fn execute(
    args: Args,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<ExitCode> {
    let checked = async {
        let Input {
            letter,
            name,
            app,
            kind,
        } = read_input(&args, store).await?;
        let to = args.to.as_deref();
        let findings = letters::findings(&letter, app.as_ref(), kind, to, store, context).await?;
        anyhow::Ok((letter, name, findings))
    };
    let (letter, name, findings) = match checked.await {
        Ok(checked) => checked,
        Err(err) => {
            // Bad input (a letter, a rules file) is not a finding: exit status 2, as
            // spec/format.md says.
            eprintln!("error: {}", output::error(&err));
            return Ok(ExitCode::from(2));
        }
    };
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    if context.json {
        output::json(&FindingsJson {
            findings: &findings,
        })?;
    } else {
        print!("{}", report(&letter, &name, &findings));
    }
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

struct Input {
    letter: Letter,
    name: String,
    app: Option<followup_core::Application>,
    kind: Option<ActionKind>,
}

async fn read_input(args: &Args, store: &impl Store) -> anyhow::Result<Input> {
    let (bytes, name) = if args.letter.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(followup_core::check::MAX_LETTER_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .context("reading the letter from standard input")?;
        (bytes, "<stdin>".to_string())
    } else {
        let bytes = read_limited(&args.letter)?;
        (bytes, args.letter.display().to_string())
    };
    let letter = Letter::from_bytes(&bytes).map_err(|e| anyhow!("{name}: {e}"))?;
    let kind = args
        .kind
        .as_deref()
        .map(|k| {
            ActionKind::parse(k).ok_or_else(|| {
                anyhow!(
                    "--kind {k:?}: use one of {}",
                    ActionKind::ALL.map(ActionKind::as_str).join(", ")
                )
            })
        })
        .transpose()?;
    let app = match &args.app {
        Some(key) => Some(applications::find(store, key).await?),
        None => None,
    };
    Ok(Input {
        letter,
        name,
        app,
        kind,
    })
}

/// Reads a file, refusing one too big to be a letter before reading it all.
pub(crate) fn read_limited(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(followup_core::check::MAX_LETTER_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(bytes)
}

#[derive(Serialize)]
struct FindingsJson<'a> {
    findings: &'a [Finding],
}

/// Each finding as a compiler shows an error: the rule, the message, the line with the
/// problem underlined.
pub(crate) fn report(letter: &Letter, name: &str, findings: &[Finding]) -> String {
    use std::fmt::Write as _;
    let text = letter.text();
    let mut out = String::new();
    for f in findings {
        let level = f.severity.as_str();
        let _ = writeln!(out, "{level}[{}]: {}", f.rule, f.message);
        if let Some((start, end)) = f.span {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let line_no = text[..start].matches('\n').count() + 1;
            let column = text[line_start..start].chars().count() + 1;
            let width = text[start..end.min(line_end).max(start)]
                .chars()
                .count()
                .max(1);
            let gutter = " ".repeat(line_no.to_string().len());
            let _ = writeln!(out, "{gutter}--> {name}:{line_no}:{column}");
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{line_no} | {}", &text[line_start..line_end]);
            let _ = writeln!(
                out,
                "{gutter} | {}{}",
                " ".repeat(column - 1),
                "^".repeat(width)
            );
        }
        out.push('\n');
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let _ = writeln!(
        out,
        "{name}: {} error{}, {} warning{}",
        errors,
        if errors == 1 { "" } else { "s" },
        findings.len() - errors,
        if findings.len() - errors == 1 {
            ""
        } else {
            "s"
        }
    );
    out
}
