//! The operations of the web app: one function per thing a person does or looks at. The pages
//! and the API both call these and differ only in how they show the answer. Each reads and
//! writes through the same command functions as the command line.

use std::collections::BTreeMap;

use followup_core::capture::{dates, debrief_template, people};
use followup_core::check::{Finding, Letter, Severity};
use followup_core::compose::{LETTER_KINDS, Templates};
use followup_core::deliver::route_via;
use followup_core::programme::{Action, Channel, summary, when};
use followup_core::track;
use followup_core::{
    ActionKind, Application, EventKind, Interview, Key, Mailbox, Moment, Stage, Verdict,
};
use followup_store::{ApplicationSummary, ListedAction};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::error::WebError;
use super::form::{self, *};
use super::views::*;
use super::{Backend, Shared};
use followup_app::applications::{self, Details, NewApplication as ApplicationInput};
use followup_app::debriefs::{self, Saved};
use followup_app::events::{self, NewEvent as EventInput, OfferTerms};
use followup_app::interviews::{self, NewInterview as InterviewInput};
use followup_app::letters::{self, NewMessage, Target, compose_for, mailbox_of, resolve};
use followup_app::log::{self, DoneInput, SkipInput};
use followup_app::programme::{self, GROUPS, Programme, group};
use followup_app::send::{SendOptions, Sent, send as queue};
use followup_app::settings::{self, MailChange, ProfileChange};
use followup_app::{AppError, Context};

type Result<T> = std::result::Result<T, WebError>;

/// A moment in words, in a time zone: "Fri 20 Nov 2026, 14:00".
pub fn moment(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%a %-d %b %Y, %H:%M")
        .to_string()
}

fn action_view(listed: &ListedAction, now: Timestamp, zone: &TimeZone) -> ActionView {
    let a = &listed.action;
    ActionView {
        id: listed.id.clone(),
        application: a.application.to_string(),
        company: listed.company.clone(),
        kind: a.kind.as_str().to_string(),
        summary: summary(a),
        when: when(a, now, zone),
        why: a.why.clone(),
        channel: a.channel.as_str().to_string(),
        to: a.to().map(str::to_string),
        not_before: a.not_before.to_string(),
        due: a.due.to_string(),
        overdue: a.is_overdue(now),
        letter: LETTER_KINDS.contains(&a.kind),
        call: a.channel == Channel::Phone,
    }
}

async fn application_of<S: Backend>(s: &Shared<S>, key: &str) -> Result<Application> {
    Ok(applications::find(&s.store, key).await?)
}

/// The agenda: the actions whose time has come (with `all`, every open one), most urgent first.
pub async fn today<S: Backend>(
    s: &Shared<S>,
    all: bool,
    listing: Listing<'_>,
) -> Result<TodayView> {
    let ctx = s.context();
    let programme = Programme::load(&s.store, &ctx, (!all).then_some(ctx.now)).await?;
    let mut groups: Vec<AgendaGroup> = GROUPS
        .iter()
        .map(|title| AgendaGroup {
            id: title.to_lowercase().replace(' ', "-"),
            title: title.to_string(),
            actions: Vec::new(),
            more: 0,
        })
        .collect();
    for listed in &programme.actions {
        let g = &mut groups[group(&listed.action, ctx.now, &programme.zone)];
        if listing.lists(&g.id, g.actions.len()) {
            g.actions
                .push(action_view(listed, ctx.now, &programme.zone));
        } else {
            g.more += 1;
        }
    }
    groups.retain(|g| !g.actions.is_empty());
    let outbox = s.store.outbox(false).await?;
    let waiting = outbox
        .iter()
        .filter(|o| o.message.state.needs_the_user())
        .count();
    let applications = if groups.is_empty() {
        s.store.summaries().await?.len()
    } else {
        0
    };
    Ok(TodayView {
        now: moment(ctx.now, &programme.zone),
        groups,
        letters_waiting: waiting,
        letters_queued: outbox.len() - waiting,
        applications,
    })
}

/// Which actions of each group the agenda lists: the API lists every one; the page lists the
/// first few of each group (the most urgent come first) and counts the others, so that a long
/// search still gives a page to read, and lists one group whole when asked.
#[derive(Debug, Clone, Copy)]
pub enum Listing<'a> {
    Every,
    First {
        count: usize,
        whole: Option<&'a str>,
    },
}

impl Listing<'_> {
    fn lists(&self, group: &str, listed: usize) -> bool {
        match *self {
            Listing::Every => true,
            Listing::First { count, whole } => listed < count || whole == Some(group),
        }
    }
}

/// The applications by stage, with what each waits for and since when.
pub async fn board<S: Backend>(s: &Shared<S>) -> Result<BoardView> {
    let ctx = s.context();
    let summaries = s.store.summaries().await?;
    let mut columns: Vec<(Column, Vec<&ApplicationSummary>)> = Stage::ALL
        .iter()
        .map(|stage| {
            let column = Column {
                stage: stage.as_str().to_string(),
                title: title_case(stage.as_str()),
                count: 0,
                cards: Vec::new(),
            };
            (column, Vec::new())
        })
        .collect();
    for summary_ in &summaries {
        let Some((column, shown)) = columns
            .iter_mut()
            .find(|(c, _)| c.stage == summary_.stage.as_str())
        else {
            continue;
        };
        column.count += 1;
        // A board is for looking at: the rest of a long column is a count.
        if shown.len() < 100 {
            shown.push(summary_);
        }
    }
    let keys: Vec<Key> = columns
        .iter()
        .flat_map(|(_, shown)| shown.iter().map(|s| s.key.clone()))
        .collect();
    let programme = Programme::of(&s.store, &ctx, &keys).await?;
    // The most urgent open action of each application (actions come most urgent first).
    let mut next: BTreeMap<&Key, &ListedAction> = BTreeMap::new();
    for listed in &programme.actions {
        next.entry(&listed.action.application).or_insert(listed);
    }
    for (column, shown) in &mut columns {
        for summary_ in shown.iter() {
            column
                .cards
                .push(card(summary_, next.get(&summary_.key), &programme.zone));
        }
    }
    Ok(BoardView {
        columns: columns.into_iter().map(|(c, _)| c).collect(),
    })
}

/// An application on the board: what it waits for (its next action, or the employer) and since when.
fn card(summary_: &ApplicationSummary, next: Option<&&ListedAction>, zone: &TimeZone) -> Card {
    let (waiting_for, since) = match next {
        Some(listed) => (
            format!("You: {}", summary(&listed.action)),
            format!(
                "since {}",
                dates::long(
                    listed
                        .action
                        .not_before
                        .instant()
                        .to_zoned(zone.clone())
                        .date()
                )
            ),
        ),
        None if summary_.stage.is_active() => (
            "The employer".to_string(),
            summary_
                .applied_on
                .map(|d| format!("applied {}", dates::long(d)))
                .unwrap_or_default(),
        ),
        None => ("Nothing".to_string(), String::new()),
    };
    Card {
        key: summary_.key.to_string(),
        company: summary_.company.clone(),
        role: summary_.role.clone(),
        waiting_for,
        since,
        interest: summary_.interest,
    }
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

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
            })
            .collect(),
        timeline: timeline.into_iter().map(|(_, e)| e).collect(),
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
    let (profile, _) = s.store.profile().await?;
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
    let mut date =
        |field: &str, text: Option<String>, slot: &mut Option<jiff::civil::Date>| match text {
            None => *slot = None,
            Some(text) => match dates::resolve(&text, reference, language) {
                Ok(day) => {
                    *slot = Some(day);
                    read.push(DateRead {
                        field: field.to_string(),
                        date: day.to_string(),
                        long: dates::long(day),
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
fn check_view(text: &str, findings: &[Finding]) -> CheckView {
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
    format!(
        "Subject: {}\n\n{}",
        f.subject.as_deref().unwrap_or("").trim(),
        f.body.as_deref().unwrap_or("").replace("\r\n", "\n")
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
    match format {
        "docx" => Ok((
            format!("{name}.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            followup_deliver::docx(&subject, &body),
        )),
        "eml" => {
            let (profile, _) = s.store.profile().await?;
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
    if f.decision_by.is_some() && !answered {
        return Err(WebError::Invalid(
            "decision by: a new date comes from a call that was answered".into(),
        ));
    }
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

/// The latest offer beside what the candidate expects, each difference marked.
pub async fn offer<S: Backend>(s: &Shared<S>, key: &str) -> Result<OfferView> {
    let ctx = s.context();
    let app = application_of(s, key).await?;
    let offer = app
        .events
        .iter()
        .rev()
        .find_map(|e| e.offer.clone())
        .ok_or_else(|| WebError::NotFound(format!("{} has no offer yet", app.key)))?;
    let expected = app.expectations.clone().unwrap_or_default();
    let money = |v: Option<f64>, currency: &Option<String>| match v {
        Some(v) => format!("{} {}", v, currency.as_deref().unwrap_or(""))
            .trim()
            .to_string(),
        None => "—".to_string(),
    };
    let verdict = |v: Option<Verdict>| v.map_or("", Verdict::as_str).to_string();
    let mut rows = vec![
        OfferRow {
            term: "Salary".into(),
            offered: money(offer.salary.map(|a| a.value()), &offer.currency),
            expected: money(expected.salary.map(|a| a.value()), &expected.currency),
            verdict: verdict(offer.salary_against(&expected)),
        },
        OfferRow {
            term: "Hours a week".into(),
            offered: money(offer.hours_per_week.map(|a| a.value()), &None),
            expected: money(expected.hours_per_week.map(|a| a.value()), &None),
            verdict: verdict(offer.hours_against(&expected)),
        },
    ];
    for benefit in &expected.benefits {
        let there = offer.offers_benefit(benefit);
        rows.push(OfferRow {
            term: format!("Benefit: {benefit}"),
            offered: if there { "yes" } else { "not offered" }.into(),
            expected: "yes".into(),
            verdict: verdict(Some(if there {
                Verdict::Same
            } else {
                Verdict::Missing
            })),
        });
    }
    for benefit in offer
        .benefits
        .iter()
        .filter(|b| !expected.benefits.iter().any(|e| e.eq_ignore_ascii_case(b)))
    {
        rows.push(OfferRow {
            term: format!("Benefit: {benefit}"),
            offered: "yes".into(),
            expected: "—".into(),
            verdict: verdict(Some(Verdict::Better)),
        });
    }
    if let Some(start) = offer.start_date {
        rows.push(OfferRow {
            term: "Start date".into(),
            offered: dates::long(start),
            expected: "—".into(),
            verdict: String::new(),
        });
    }
    let programme = Programme::of(&s.store, &ctx, std::slice::from_ref(&app.key)).await?;
    Ok(OfferView {
        application: app.key.to_string(),
        company: app.company.clone(),
        role: app.role.clone(),
        rows,
        respond_by: offer.respond_by.map(dates::long),
        terms: offer.terms.clone(),
        actions: programme
            .actions
            .iter()
            .filter(|l| {
                matches!(
                    l.action.kind,
                    ActionKind::ReviewOffer | ActionKind::AnswerOffer | ActionKind::ReturnContract
                )
            })
            .map(|l| action_view(l, ctx.now, &programme.zone))
            .collect(),
    })
}

/// The pictures: the funnel, how long employers take, thank-yous in time.
pub async fn insights<S: Backend>(s: &Shared<S>) -> Result<InsightsView> {
    let search = s.store.export().await?;
    Ok(super::insights::view(&search))
}

/// Everything the settings page shows. Never a password.
pub async fn settings<S: Backend>(s: &Shared<S>) -> Result<SettingsView> {
    let ctx = s.context();
    let (profile, settings) = s.store.profile().await?;
    let config = ctx.config_dir()?;
    let words = std::fs::read_to_string(config.join("dictionary.txt")).unwrap_or_default();
    let mut templates = Vec::new();
    for (name, source) in Templates::defaults() {
        let own =
            std::fs::read_to_string(config.join("templates").join(format!("{name}.txt"))).ok();
        templates.push(TemplateView {
            name: name.to_string(),
            own: own.is_some(),
            source: own.unwrap_or_else(|| source.to_string()),
        });
    }
    let token = s
        .calendar
        .read()
        .map_err(|_| WebError::Internal("the calendar's secret is unreadable".into()))?
        .clone();
    Ok(SettingsView {
        language: profile.language().as_str().to_string(),
        timezone: profile
            .timezone
            .as_ref()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        holidays: settings
            .holidays
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        profile: serde_json::to_value(&profile).map_err(|e| WebError::Internal(e.to_string()))?,
        mail: serde_json::to_value(&settings.mail)
            .map_err(|e| WebError::Internal(e.to_string()))?,
        words,
        templates,
        calendar_url: format!("/calendar/{token}.ics"),
    })
}

/// Changes the profile, as `followup profile` does.
pub async fn save_profile<S: Backend>(s: &Shared<S>, f: ProfileForm) -> Result<()> {
    let change = ProfileChange {
        name: f.name,
        email: f.email,
        phone: f.phone,
        language: f.language,
        timezone: f.timezone,
        signature: f.signature,
        holidays: f.holidays,
    };
    settings::update_profile(change, &s.store, None).await?;
    Ok(())
}

/// Changes the mail server, as `followup mail` does. The password never comes through here.
pub async fn save_mail<S: Backend>(s: &Shared<S>, f: MailForm) -> Result<()> {
    let change = MailChange {
        host: f.host,
        port: form::number("port", f.port.as_deref())?,
        security: f.security,
        username: f.username,
        password_file: f.password_file.map(Into::into),
        certificate: None,
        timeout: None,
        retry: None,
    };
    settings::update_mail(change, &s.store, None).await?;
    Ok(())
}

/// The user's own words, which the spelling check accepts.
pub async fn save_words<S: Backend>(s: &Shared<S>, f: WordsForm) -> Result<()> {
    Ok(settings::save_words(&s.context(), &f.words)?)
}

/// A letter's template in the user's own words; empty: the built-in one again.
pub async fn save_template<S: Backend>(s: &Shared<S>, f: TemplateForm) -> Result<()> {
    let name = f
        .name
        .ok_or_else(|| AppError::field("name", "which letter's template is it?"))?;
    Ok(settings::save_template(
        &s.context(),
        &name,
        f.source.as_deref().unwrap_or_default(),
    )?)
}

/// A new secret for the calendar feed: the old address stops working.
pub fn reset_calendar<S: Backend>(s: &Shared<S>) -> Result<String> {
    let token = super::secret::reset_calendar_token(&s.data_dir)
        .map_err(|e| WebError::Internal(format!("{e:#}")))?;
    let mut kept = s
        .calendar
        .write()
        .map_err(|_| WebError::Internal("the calendar's secret is unreadable".into()))?;
    *kept = token.clone();
    Ok(format!("/calendar/{token}.ics"))
}

/// The calendar feed, for whoever has its secret.
pub async fn calendar_feed<S: Backend>(s: &Shared<S>, token: &str) -> Result<String> {
    let known = s
        .calendar
        .read()
        .map_err(|_| WebError::Internal("the calendar's secret is unreadable".into()))?
        .clone();
    if !super::secret::same(token, &known) {
        return Err(WebError::NotFound("no such calendar".into()));
    }
    let (text, _) = programme::calendar_feed(&s.store, &s.context()).await?;
    Ok(text)
}
