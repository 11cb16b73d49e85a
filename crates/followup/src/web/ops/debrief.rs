//! The debrief form: shown with every field of the debrief, saved as it stands (even half
//! written), and refused with both versions when it changed elsewhere.

use followup_core::capture::{dates, debrief_template, people};
use followup_core::{Application, Interview};
use jiff::tz::TimeZone;

use crate::web::error::WebError;
use crate::web::form::*;
use crate::web::views::*;
use crate::web::{Backend, Shared};
use followup_app::AppError;
use followup_app::debriefs::{self, Saved};

type Result<T> = std::result::Result<T, WebError>;
use super::*;

fn interview_of<'a>(app: &'a mut Application, key: &str) -> Result<&'a mut Interview> {
    let application = app.key.to_string();
    app.interviews
        .iter_mut()
        .find(|i| i.key.as_str() == key)
        .ok_or_else(|| WebError::NotFound(format!("{application} has no interview {key:?}")))
}

/// The debrief of an interview, as the form shows it.
pub async fn debrief<S: Backend>(s: &Shared<S>, key: &str, interview: &str) -> Result<DebriefView> {
    let ctx = s.context();
    let mut app = application_of(s, key).await?;
    let (profile, _) = s.store.profile().await?;
    let zone = ctx.application_zone(&app, &profile);
    let i = interview_of(&mut app, interview)?.clone();
    Ok(debrief_view(&app, &i, &zone))
}

/// An interview's debrief in the form's fields. The concerns are written as the Markdown page
/// writes them (the core's `concerns_text`), so the form and the page keep the same things.
fn debrief_view(app: &Application, i: &Interview, zone: &TimeZone) -> DebriefView {
    let d = i.debrief.clone().unwrap_or_default();
    let lines = |list: &[String]| list.join("\n");
    let date = |d: Option<jiff::civil::Date>| d.map(dates::long).unwrap_or_default();
    DebriefView {
        application: app.key.to_string(),
        company: app.company.clone(),
        role: app.role.clone(),
        interview: i.key.to_string(),
        version: i.debrief_version(),
        when: moment(i.starts_at.instant(), zone),
        people: i
            .interviewers
            .iter()
            .map(people::interviewer_line)
            .collect::<Vec<_>>()
            .join("\n"),
        job_details: d.job_details.clone().unwrap_or_default(),
        company_notes: d.company_notes.clone().unwrap_or_default(),
        tone: d.tone.clone().unwrap_or_default(),
        question_focus: lines(&d.question_focus),
        went_well: lines(&d.went_well),
        went_badly: lines(&d.went_badly),
        concerns: debrief_template::concerns_text(&d.concerns),
        responded_well_to: lines(&d.responded_well_to),
        forgot_to_mention: lines(&d.forgot_to_mention),
        samples_discussed: lines(&d.samples_discussed),
        questions_left: lines(&d.questions_left),
        still_interested: match d.still_interested {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        }
        .to_string(),
        next_steps: d.next_steps.said.clone().unwrap_or_default(),
        first_round_ends: date(d.next_steps.first_round_ends),
        shortlist_by: date(d.next_steps.shortlist_by),
        second_round: date(d.next_steps.second_round),
        decision_by: date(d.next_steps.decision_by),
        written_at: d.written_at.map(|w| moment(w.instant(), zone)),
    }
}

/// Saves a debrief as it stands, even half written: what is there is kept, a date that cannot
/// be read is named and left as it was, and nothing else is lost. The form carries the
/// version it was shown with: if the debrief changed since (another tab, the command line),
/// nothing is saved and the answer is a conflict with both versions.
pub async fn save_debrief<S: Backend>(
    s: &Shared<S>,
    key: &str,
    interview: &str,
    f: DebriefForm,
) -> Result<DebriefSaved> {
    let ctx = s.context();
    let mut app = application_of(s, key).await?;
    let (profile, settings) = s.store.profile().await?;
    let zone = ctx.application_zone(&app, &profile);
    let kept = interview_of(&mut app, interview)?.clone();
    let base = f.version.clone().unwrap_or_else(|| kept.debrief_version());
    let reference = kept.starts_at.instant().to_zoned(zone.clone()).date();
    let mut i = kept.clone();
    let mut d = i.debrief.clone().unwrap_or_default();
    let mut problems = Vec::new();
    let mut read = Vec::new();
    if !f.people.is_empty() {
        let mut met = Vec::new();
        for line in &f.people {
            match people::parse_interviewer(line) {
                Ok(p) => met.push(p),
                Err(e) => problems.push(format!("people: {line:?}: {e}")),
            }
        }
        if problems.is_empty() {
            i.interviewers = met;
        }
    }
    d.job_details = f.job_details;
    d.company_notes = f.company_notes;
    d.tone = f.tone;
    d.question_focus = f.question_focus;
    d.went_well = f.went_well;
    d.went_badly = f.went_badly;
    match debrief_template::parse_concerns(f.concerns.as_deref().unwrap_or_default()) {
        Ok(concerns) => d.concerns = concerns,
        Err(e) => problems.push(format!("concerns: {e}")),
    }
    d.responded_well_to = f.responded_well_to;
    d.forgot_to_mention = f.forgot_to_mention;
    d.samples_discussed = f.samples_discussed;
    d.questions_left = f.questions_left;
    d.still_interested = match f.still_interested.as_deref() {
        Some("yes" | "true") => Some(true),
        Some("no" | "false") => Some(false),
        _ => None,
    };
    d.next_steps.said = f.next_steps;
    let language = profile.language();
    let days = followup_core::programme::BusinessDays::new(&settings);
    let mut date =
        |field: &str, text: Option<String>, slot: &mut Option<jiff::civil::Date>| match text {
            None => *slot = None,
            Some(text) => match dates::resolve_ahead(&text, reference, language, &days) {
                Ok(day) => {
                    *slot = Some(day);
                    read.push(DateRead {
                        field: field.to_string(),
                        date: day.to_string(),
                        long: dates::long_in(day, language),
                        note: days.day_off_note(day, language),
                    });
                }
                Err(e) => problems.push(format!("{}: {e}", field.replace('_', " "))),
            },
        };
    date(
        "first_round_ends",
        f.first_round_ends,
        &mut d.next_steps.first_round_ends,
    );
    date(
        "shortlist_by",
        f.shortlist_by,
        &mut d.next_steps.shortlist_by,
    );
    date(
        "second_round",
        f.second_round,
        &mut d.next_steps.second_round,
    );
    date("decision_by", f.decision_by, &mut d.next_steps.decision_by);
    i.debrief = Some(d);
    let saved = match debriefs::save(&s.store, &ctx, &app, i.clone(), &base).await {
        Ok(Saved { interview, .. }) => interview,
        Err(AppError::DebriefChanged(changed)) => {
            let message = format!(
                "This debrief was changed elsewhere (another tab or window, or the command line) \
                 since this page was opened, so nothing was saved. They differ in: {}. Both \
                 versions are shown: keep what you want and save again.",
                changed.differ.join(", ")
            );
            return Err(WebError::Conflict(Box::new(DebriefConflict {
                message,
                mine: debrief_view(&app, &i, &zone),
                theirs: debrief_view(&changed.now, &changed.theirs, &zone),
            })));
        }
        Err(e) => return Err(e.into()),
    };
    Ok(DebriefSaved {
        saved: ctx.now.to_zoned(zone).strftime("%H:%M:%S").to_string(),
        version: saved.debrief_version(),
        dates: read,
        problems,
    })
}
