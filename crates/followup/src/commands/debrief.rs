//! `followup debrief`: the debrief template in the user's editor, or from a file, read back,
//! its dates shown as full dates to confirm, and saved. A half-written debrief is never lost:
//! the page lives in a draft file until it is saved, and the next run carries on from it.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, anyhow, bail};
use followup_app::applications;
use followup_app::debriefs::{self, Saved};
use followup_core::capture::dates;
use followup_core::capture::debrief_template::{self, FilledDebrief, Heading};
use followup_core::programme::BusinessDays;
use followup_core::{Application, Debrief, Interview, Language};
use followup_store::Store;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The application's key.
    app: String,
    /// The interview's key (default: the latest interview).
    interview: Option<String>,
    /// Read a filled-in template from this file (- for standard input) instead of opening an editor.
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// Save without asking to confirm the dates.
    #[arg(long, short)]
    yes: bool,
    /// Print the template to fill in, and save nothing.
    #[arg(long, conflicts_with = "from")]
    template: bool,
}

pub async fn execute(args: Args, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let app = applications::find(store, &args.app).await?;
    let index = interview_index(&app, args.interview.as_deref())?;
    let (profile, settings) = store.profile().await?;
    let tz = context.application_zone(&app, &profile);
    let interview_before = app.interviews[index].clone();
    let interview = &interview_before;
    let start = interview.starts_at.instant().to_zoned(tz.clone());
    let heading = Heading {
        role: &app.role,
        company: &app.company,
        when: format!(
            "{}{} at {}",
            interview
                .round
                .map(|r| format!("round {r}, "))
                .unwrap_or_default(),
            dates::long(start.date()),
            start.strftime("%H:%M")
        ),
    };
    let page = debrief_template::render(
        &heading,
        &interview.interviewers,
        interview.debrief.as_ref(),
    );
    if args.template {
        print!("{page}");
        return Ok(());
    }

    // The debrief as it was read: the save is refused if it changes before the page comes back.
    let base = interview.debrief_version();
    let draft = draft_path(context, &app, interview)?;
    let (text, source, before) = match &args.from {
        Some(file) => (
            read_input(file)?,
            Source::File(file.display().to_string()),
            None,
        ),
        None => {
            let before = edit_in_editor(&draft, &page)?;
            let text = match std::fs::read_to_string(&draft) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
                    "the editor removed the page {}; nothing was saved, and the debrief kept is as it was",
                    draft.display()
                ),
                Err(e) => {
                    return Err(e).with_context(|| kept(&draft, &app, interview));
                }
            };
            (text, Source::Draft(draft.clone()), Some(before))
        }
    };
    if text.trim().is_empty() {
        discard(&source);
        bail!(
            "{} is empty; nothing was saved, and the debrief kept is as it was",
            source.name()
        );
    }
    if before.as_deref() == Some(text.as_str()) {
        discard(&source);
        println!(
            "The page was left as it was: nothing was saved for {} {}.",
            app.key, interview.key
        );
        return Ok(());
    }
    let days = BusinessDays::new(&settings);
    let filled =
        debrief_template::parse(&text, start.date(), profile.language(), &days).map_err(|e| {
            anyhow!(
                "{}, {e}.\n{}",
                source.name(),
                source.recovery(&app, interview)
            )
        })?;
    if filled.debrief == Debrief::default() && filled.interviewers.is_empty() {
        discard(&source);
        bail!(
            "{} holds no answer under any heading; nothing was saved, and the debrief kept is as it was",
            source.name()
        );
    }

    confirm(
        &filled,
        args.yes,
        &source,
        &app,
        interview,
        (&days, profile.language()),
    )?;

    let mut edited = interview.clone();
    let mut debrief = filled.debrief;
    debrief.written_at = None;
    edited.debrief = Some(debrief);
    if !filled.interviewers.is_empty() {
        edited.interviewers = filled.interviewers;
    }
    match debriefs::save(store, context, &app, edited, &base).await {
        Ok(Saved { written: false, .. }) => {
            discard(&source);
            println!(
                "The debrief of {} {} is unchanged: nothing was saved.",
                app.key, interview.key
            );
            Ok(())
        }
        Ok(Saved {
            interview: saved, ..
        }) => {
            discard(&source);
            if context.json {
                return output::json(&saved.debrief);
            }
            println!("Saved the debrief of {} {}.", app.key, interview.key);
            Ok(())
        }
        Err(e) => bail!("{e}.\n{}", source.recovery(&app, interview)),
    }
}

/// A draft that was saved, or that holds nothing worth keeping, is removed; a file given
/// with `--from` is the user's and stays.
fn discard(source: &Source) {
    if let Source::Draft(path) = source {
        let _ = std::fs::remove_file(path);
    }
}

enum Source {
    File(String),
    Draft(PathBuf),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::File(name) => name.clone(),
            Source::Draft(path) => path.display().to_string(),
        }
    }

    /// What the user can do to carry on when something went wrong.
    fn recovery(&self, app: &Application, interview: &Interview) -> String {
        match self {
            Source::File(name) => format!("The debrief was not saved; {name} is as it was."),
            Source::Draft(path) => kept(path, app, interview),
        }
    }
}

fn kept(draft: &Path, app: &Application, interview: &Interview) -> String {
    format!(
        "The debrief was not saved; what you wrote is kept in {}: run `followup debrief {} {}` to carry on.",
        draft.display(),
        app.key,
        interview.key
    )
}

fn interview_index(app: &Application, key: Option<&str>) -> anyhow::Result<usize> {
    if app.interviews.is_empty() {
        bail!(
            "{} has no interview yet: add one with `followup interview add {} --starts \"2026-11-20 14:00\"`",
            app.key,
            app.key
        );
    }
    match key {
        Some(key) => app
            .interviews
            .iter()
            .position(|i| i.key.as_str() == key)
            .ok_or_else(|| {
                anyhow!(
                    "{} has no interview {key:?}; it has {}",
                    app.key,
                    app.interviews
                        .iter()
                        .map(|i| i.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        None => Ok(app
            .interviews
            .iter()
            .enumerate()
            .max_by_key(|(_, i)| i.starts_at.instant())
            .map(|(index, _)| index)
            .unwrap_or_default()),
    }
}

fn draft_path(
    context: &Context,
    app: &Application,
    interview: &Interview,
) -> anyhow::Result<PathBuf> {
    Ok(context
        .data_dir()?
        .join("drafts")
        .join(format!("debrief-{}-{}.md", app.key, interview.key)))
}

fn read_input(file: &Path) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin()
            .take(1 << 24)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{} is not UTF-8 text (invalid byte at offset {})",
            file.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Opens the draft in `$VISUAL` or `$EDITOR`, starting it from `page` unless a draft is
/// waiting; returns the page as it was before the editor opened it.
fn edit_in_editor(draft: &Path, page: &str) -> anyhow::Result<String> {
    let before = if draft.exists() {
        eprintln!(
            "Carrying on with the debrief you started: {}",
            draft.display()
        );
        std::fs::read_to_string(draft)
            .with_context(|| format!("cannot read {}", draft.display()))?
    } else {
        let dir = draft.parent().expect("a draft lives in a folder");
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        std::fs::write(draft, page).with_context(|| format!("cannot write {}", draft.display()))?;
        page.to_string()
    };
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    // As git runs it: through the shell, so `code --wait` and a quoted path with a space work;
    // the draft's path is an argument, never part of the command's text.
    let status = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(draft)
        .status()
        .with_context(|| {
            format!(
                "cannot start the editor {editor:?} (set $EDITOR); your draft is kept in {}",
                draft.display()
            )
        })?;
    if !status.success() {
        bail!(
            "the editor {editor:?} stopped with {status}; the debrief was not saved, and what you wrote is kept in {}",
            draft.display()
        );
    }
    Ok(before)
}

/// Shows the dates as understood; asks before saving when someone is at the keyboard.
fn confirm(
    filled: &FilledDebrief,
    yes: bool,
    source: &Source,
    app: &Application,
    interview: &Interview,
    (days, language): (&BusinessDays, Language),
) -> anyhow::Result<()> {
    if filled.dates.is_empty() {
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    writeln!(err, "Dates as understood:")?;
    for d in &filled.dates {
        writeln!(
            err,
            "  {}: {:?} is {}",
            d.label,
            d.written,
            dates::long_in(d.date, language)
        )?;
        if let Some(note) = days.day_off_note(d.date, language) {
            writeln!(err, "    {note}")?;
        }
    }
    if yes || !std::io::stdin().is_terminal() {
        return Ok(());
    }
    write!(err, "Save this debrief? [Y/n] ")?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if matches!(answer.trim().to_lowercase().as_str(), "n" | "no") {
        bail!("{}", source.recovery(app, interview));
    }
    Ok(())
}
