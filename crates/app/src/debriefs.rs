//! Saving a debrief, from the editor's page or the web's form alike: only the debrief (and the
//! people met) is written, and only if it is still the version the change was made from.

use followup_core::capture::debrief_template;
use followup_core::{Application, Debrief, Interview, Moment};
use followup_store::{Store, StoreError};

use crate::applications::{check, find};
use crate::{AppError, Context, Result};

/// The debrief was changed elsewhere since the page or form was opened: nothing was saved.
#[derive(Debug, thiserror::Error)]
#[error(
    "while it was open, the debrief of {} {} was changed elsewhere (another tab or window, or \
     the command line: {}); nothing was saved",
    .now.key, .theirs.key, .differ.join(", ")
)]
pub struct DebriefChanged {
    /// The application as it is now.
    pub now: Application,
    /// The interview as it is now.
    pub theirs: Interview,
    /// What differs from the change that was refused: who was met, the debrief's sections.
    pub differ: Vec<String>,
}

/// The interview as kept after a save, and whether the save wrote anything (not when the
/// debrief as edited is the one kept).
#[derive(Debug, Clone)]
pub struct Saved {
    pub interview: Interview,
    pub written: bool,
}

/// Saves `edited` (an interview of `app`, as read, with its debrief and people as the person
/// left them) if the debrief kept is still the version `base`. The debrief is dated when it is
/// first written.
pub async fn save(
    store: &impl Store,
    context: &Context,
    app: &Application,
    mut edited: Interview,
    base: &str,
) -> Result<Saved> {
    let Some(index) = app.interviews.iter().position(|i| i.key == edited.key) else {
        return Err(AppError::NotFound(format!(
            "{} has no interview {}",
            app.key, edited.key
        )));
    };
    let kept = &app.interviews[index];
    let (profile, _) = store.profile().await?;
    let zone = context.application_zone(app, &profile);
    let debrief = edited.debrief.get_or_insert_with(Debrief::default);
    debrief.written_at = kept
        .debrief
        .as_ref()
        .and_then(|d| d.written_at)
        .or(debrief.written_at)
        .or_else(|| Some(Moment::in_zone(context.now, &zone)));
    if kept.debrief == edited.debrief && kept.interviewers == edited.interviewers {
        return Ok(Saved {
            interview: edited,
            written: false,
        });
    }
    let mut after = app.clone();
    after.interviews[index] = edited.clone();
    check(&after)?;
    match store.save_debrief(&app.key, &edited, base).await {
        Ok(()) => Ok(Saved {
            interview: edited,
            written: true,
        }),
        Err(StoreError::Changed { .. }) => {
            let now = find(store, app.key.as_str()).await?;
            let Some(theirs) = now.interview(&edited.key).cloned() else {
                return Err(AppError::Conflict(format!(
                    "the interview {} of {} was removed elsewhere; nothing was saved",
                    edited.key, app.key
                )));
            };
            let differ = differences(&theirs, &edited);
            Err(AppError::DebriefChanged(Box::new(DebriefChanged {
                now,
                theirs,
                differ,
            })))
        }
        Err(e) => Err(e.into()),
    }
}

/// What differs between two copies of an interview's debrief, in words.
fn differences(a: &Interview, b: &Interview) -> Vec<String> {
    let empty = Debrief::default();
    let (x, y) = (
        a.debrief.as_ref().unwrap_or(&empty),
        b.debrief.as_ref().unwrap_or(&empty),
    );
    let mut changed: Vec<String> = debrief_template::differing_sections(x, y)
        .into_iter()
        .map(str::to_lowercase)
        .collect();
    if a.interviewers != b.interviewers {
        changed.insert(0, "who you met".into());
    }
    if changed.is_empty() {
        changed.push("when it was written".into());
    }
    changed
}
