//! One application: its page, and what a person adds to it (an application, an interview,
//! an event, an action done or skipped).

use followup_core::programme::{Action, summary};
use followup_core::track;
use followup_core::{EventKind, MessageState, Moment};
use jiff::Timestamp;

use crate::web::error::WebError;
use crate::web::form::{self, *};
use crate::web::views::*;
use crate::web::{Backend, Shared};
use followup_app::applications::{self, Details, NewApplication as ApplicationInput};
use followup_app::events::{self, NewEvent as EventInput, OfferTerms};
use followup_app::interviews::{self, NewInterview as InterviewInput};
use followup_app::log::{self, DoneInput, SkipInput};
use followup_app::programme::Programme;
use followup_app::report;

type Result<T> = std::result::Result<T, WebError>;
use super::*;

/// One application: its timeline, the programme ahead and the people.
pub async fn application<S: Backend>(s: &Shared<S>, key: &str) -> Result<ApplicationView> {
    let ctx = s.context();
    let app = application_of(s, key).await?;
    let (profile, _) = s.store.profile().await?;
    let zone = ctx.application_zone(&app, &profile);
    let programme = Programme::of(&s.store, &ctx, std::slice::from_ref(&app.key)).await?;
    let record = s.store.record(std::slice::from_ref(&app.key)).await?;
    let mut timeline: Vec<(Timestamp, TimelineEntry)> = Vec::new();
    let mut entry = |at: &Moment, what: &str, title: String, detail: Option<String>, state| {
        timeline.push((
            at.instant(),
            TimelineEntry {
                at: at.to_string(),
                when: moment(at.instant(), &zone),
                what: what.to_string(),
                title,
                detail,
                state,
            },
        ))
    };
    for i in &app.interviews {
        let with: Vec<&str> = i.interviewers.iter().map(|p| p.name.as_str()).collect();
        entry(
            &i.starts_at,
            "interview",
            format!(
                "Interview{}{}",
                i.round.map(|r| format!(", round {r}")).unwrap_or_default(),
                if with.is_empty() {
                    String::new()
                } else {
                    format!(" with {}", with.join(", "))
                }
            ),
            i.location.clone(),
            None,
        );
        if let Some(d) = &i.debrief
            && let Some(at) = &d.written_at
        {
            entry(
                at,
                "debrief",
                format!("Debrief of {}", i.key),
                d.tone.clone(),
                None,
            );
        }
    }
    for e in &app.events {
        entry(
            &e.at,
            "event",
            title_case(&e.kind.as_str().replace('_', " ")),
            e.note.clone(),
            None,
        );
    }
    for r in &record {
        for t in track::entries(&r.application, &r.messages, &r.calls) {
            let title = match (&t.subject, &t.kind) {
                (Some(subject), _) => subject.clone(),
                (None, Some(kind)) => title_case(&kind.as_str().replace('_', " ")),
                (None, None) => "Call".to_string(),
            };
            let detail =
                t.to.as_ref()
                    .map(|to| format!("to {to}"))
                    .into_iter()
                    .chain(t.error.clone())
                    .chain(t.note.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
            entry(
                &t.at,
                t.channel,
                title,
                Some(detail).filter(|d| !d.is_empty()),
                Some(t.state.to_string()),
            );
        }
    }
    timeline.sort_by_key(|(at, _)| *at);
    let through_consultant = record
        .iter()
        .flat_map(|r| &r.messages)
        .filter(|m| m.state == MessageState::Waiting || m.forwarded.is_some())
        .map(|m| ConsultantLetter {
            id: m.id.clone(),
            subject: m.subject.clone(),
            state: m.state.to_string(),
            submitted: moment(m.queued_at.instant(), &zone),
            forwarded: m
                .forwarded
                .as_ref()
                .map(|f| format!("{} by {}", moment(f.at.instant(), &zone), f.by.name)),
            late: m.waited_too_long(ctx.now),
            changes: track::changes(m),
        })
        .collect();
    let mut people: Vec<PersonView> = Vec::new();
    let consultant = app.consultant().cloned();
    for p in app.people() {
        let role = if consultant.as_ref() == Some(&p) {
            "consultant"
        } else {
            "interviewer"
        };
        people.push(PersonView {
            name: p.name,
            title: p.title,
            email: p.email,
            phone: p.phone,
            role: role.to_string(),
        });
    }
    Ok(ApplicationView {
        key: app.key.to_string(),
        company: app.company.clone(),
        role: app.role.clone(),
        department: app.department.clone(),
        stage: app.stage().as_str().to_string(),
        interest: app.interest.map(u8::from),
        agency: app.agency.as_ref().map(|a| a.name.clone()),
        interviews: app
            .interviews
            .iter()
            .map(|i| InterviewView {
                key: i.key.to_string(),
                round: i.round,
                when: moment(i.starts_at.instant(), &zone),
                with: i.interviewers.iter().map(|p| p.name.clone()).collect(),
                debriefed: i.debrief.is_some(),
                shared: report::shared(&app, &i.key).map(|d| moment(d.at.instant(), &zone)),
                pass_on: report::shared(&app, &i.key).and_then(|d| d.note.clone()),
                beside: report::beside(&app, i, profile.language())
                    .map(|points| points.into_iter().map(|p| PointView::of(p, true)).collect()),
            })
            .collect(),
        timeline: timeline.into_iter().map(|(_, e)| e).collect(),
        through_consultant,
        programme: programme
            .actions
            .iter()
            .map(|l| action_view(l, ctx.now, &programme.zone))
            .collect(),
        people,
        has_offer: app.events.iter().any(|e| e.offer.is_some()),
        data: serde_json::to_value(&app).map_err(|e| WebError::Internal(e.to_string()))?,
    })
}

/// A new application, with the same checks as `followup app add`.
pub async fn add_application<S: Backend>(s: &Shared<S>, f: NewApplication) -> Result<Created> {
    let ctx = s.context();
    let company = f
        .company
        .ok_or_else(|| WebError::Invalid("company: which company is it?".into()))?;
    let role = f
        .role
        .ok_or_else(|| WebError::Invalid("role: which job is it?".into()))?;
    let input = ApplicationInput {
        key: None,
        company,
        role,
        details: Details {
            department: f.department,
            applied_on: f.applied_on,
            interest: form::number("interest", f.interest.as_deref())?,
            timezone: None,
            consultant: f.agency.as_ref().and(f.consultant),
            consultant_email: f.agency.as_ref().and(f.consultant_email),
            consultant_phone: None,
            agency: f.agency,
        },
    };
    let app = applications::create(input, &s.store, &ctx).await?;
    Ok(Created {
        next: format!("/applications/{}", app.key),
        application: app.key.to_string(),
        interview: None,
    })
}

/// A new interview, with the same checks as `followup interview add`.
pub async fn add_interview<S: Backend>(
    s: &Shared<S>,
    key: &str,
    f: NewInterview,
) -> Result<Created> {
    let ctx = s.context();
    application_of(s, key).await?;
    let input = InterviewInput {
        app: key.to_string(),
        starts: f
            .starts
            .ok_or_else(|| WebError::Invalid("starts: when does it start?".into()))?,
        ends: None,
        minutes: form::number("minutes", f.minutes.as_deref())?,
        key: None,
        round: None,
        format: f.format,
        location: f.location,
        with: f.with,
    };
    let (app, interview) = interviews::add(input, &s.store, &ctx).await?;
    Ok(Created {
        next: format!(
            "/applications/{}/interviews/{}/debrief",
            app.key, interview.key
        ),
        application: app.key.to_string(),
        interview: Some(interview.key.to_string()),
    })
}

/// Records what the employer did, with the same checks as `followup event add`.
pub async fn record_event<S: Backend>(s: &Shared<S>, key: &str, f: NewEvent) -> Result<Created> {
    let ctx = s.context();
    application_of(s, key).await?;
    let kind = f
        .kind
        .ok_or_else(|| WebError::Invalid("kind: what happened?".into()))?;
    let input = EventInput {
        app: key.to_string(),
        kind,
        at: f.at,
        note: f.note,
        decision_by: f.decision_by,
        starts: f.starts,
        offer: OfferTerms {
            salary: form::number("salary", f.salary.as_deref())?,
            currency: f.currency,
            hours_per_week: form::number("hours_per_week", f.hours_per_week.as_deref())?,
            benefits: f.benefits,
            start_date: f.start_date,
            respond_by: f.respond_by,
            terms: f.terms,
        },
    };
    let (app, event) = events::record(input, &s.store, &ctx).await?;
    let next = if event.kind == EventKind::Offer {
        format!("/applications/{}/offer", app.key)
    } else {
        format!("/applications/{}", app.key)
    };
    Ok(Created {
        application: app.key.to_string(),
        interview: None,
        next,
    })
}

/// Marks an action done: a call with how it went, as `followup done`.
pub async fn mark_done<S: Backend>(s: &Shared<S>, id: &str, f: DoneForm) -> Result<MarkedView> {
    let ctx = s.context();
    let (answered, voicemail) = match f.outcome.as_deref() {
        None => (false, false),
        Some("answered") => (true, false),
        Some("voicemail") => (false, true),
        Some(other) => {
            return Err(WebError::Invalid(format!(
                "outcome {other:?}: use answered or voicemail"
            )));
        }
    };
    let input = DoneInput {
        action: id.to_string(),
        at: None,
        note: f.note,
        answered,
        voicemail,
        decision_by: f.decision_by,
    };
    let (id, action) = log::mark_done(input, &s.store, &ctx).await?;
    Ok(marked(id, &action))
}

/// Decides not to do an action, as `followup skip`.
pub async fn skip<S: Backend>(s: &Shared<S>, id: &str, f: SkipForm) -> Result<MarkedView> {
    let ctx = s.context();
    let input = SkipInput {
        action: id.to_string(),
        why: f.why.unwrap_or_default(),
    };
    let (id, action) = log::mark_skipped(input, &s.store, &ctx).await?;
    Ok(marked(id, &action))
}

fn marked(id: String, action: &Action) -> MarkedView {
    MarkedView {
        id,
        summary: summary(action),
        application: action.application.to_string(),
    }
}

/// Shares an interview's debrief with the consultant: the report to the consultant.
pub async fn share<S: Backend>(
    s: &Shared<S>,
    key: &str,
    interview: &str,
    f: ShareForm,
) -> Result<SharedView> {
    let ctx = s.context();
    let share = report::Share {
        app: key.to_string(),
        interview: interview.to_string(),
        pass_on: f.pass_on,
    };
    let done = report::share(share, &s.store, &ctx).await?;
    Ok(SharedView {
        application: key.to_string(),
        interview: interview.to_string(),
        shared: done.at.to_string(),
        pass_on: done.note,
    })
}
