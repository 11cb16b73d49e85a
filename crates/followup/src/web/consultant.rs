//! The consultant's pages in the agency mode: their day across their candidates, a candidate's
//! applications, and an interview's report (the debrief the candidate shared) with the
//! company's feedback beside it. A consultant reaches only their own candidates' searches, an
//! admin their agency's (`accounts::search_for`); anyone else finds nothing.

use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect};
use followup_app::report::{self, FeedbackInput};
use followup_app::{AppError, accounts};
use followup_core::capture::dates;
use followup_core::capture::debrief_template::written_sections;
use followup_core::track::{self, Item};
use followup_core::{Application, Debrief, Interview, Language};
use std::collections::HashMap;

use followup_store::{Account, Accounts, PostgresStore, Role, SearchId, Store};
use serde::Serialize;

use super::agency::{Desk, DeskState, Signed};
use super::error::WebError;
use super::form::FeedbackForm;
use super::ops::moment;
use super::pages::{Page, render};
use super::routes::Routes;
use super::views::PointView;

pub fn routes() -> Routes<DeskState> {
    Routes::new()
        .get("/candidates", day)
        .get("/candidates/insights", insights)
        .get("/candidates/{id}", candidate)
        .get(
            "/candidates/{id}/applications/{key}/interviews/{interview}",
            report_page,
        )
        .post(
            "/candidates/{id}/applications/{key}/interviews/{interview}/feedback",
            feedback,
        )
        .get("/candidates/{id}/letters/{message}", letter_page)
        .post("/candidates/{id}/letters/{message}/forward", forward)
}

/// A candidate's job search, as the asker may reach it.
struct Reached {
    candidate: Account,
    store: PostgresStore,
    language: Language,
    zone: jiff::tz::TimeZone,
    settings: followup_core::Settings,
    applications: Vec<Application>,
}

async fn reach(
    store: &PostgresStore,
    me: &Account,
    candidate: &str,
    context: &followup_app::Context,
) -> Result<Reached, WebError> {
    // A candidate's own pages are elsewhere: here they would record "the company's" words.
    if me.role == Role::Candidate {
        return Err(WebError::NotFound(
            "there is no such candidate of yours".into(),
        ));
    }
    let (candidate, search) = accounts::search_for(store, me, Some(candidate)).await?;
    let store = store.for_search(search);
    let doc = store.export().await?;
    Ok(Reached {
        zone: context.time_zone(&doc.profile),
        language: doc.profile.language(),
        settings: doc.settings,
        candidate,
        store,
        applications: doc.applications,
    })
}

#[derive(Serialize)]
struct DayView {
    me: String,
    groups: Vec<Group>,
    candidates: Vec<CandidateLine>,
}

#[derive(Serialize)]
struct Group {
    title: &'static str,
    empty: &'static str,
    items: Vec<DayItem>,
}

#[derive(Serialize, Clone)]
pub struct DayItem {
    candidate: String,
    company: String,
    role: String,
    when: Option<String>,
    href: String,
    /// A letter that has waited too long.
    late: bool,
}

#[derive(Serialize)]
struct CandidateLine {
    id: String,
    name: String,
    email: String,
    active: bool,
}

/// The consultant's day: what needs them across their candidates. Each candidate's part is
/// kept (`Desk::days`) until their search changes or the moment it would read differently, so
/// a day of a hundred candidates costs, most of the time, three small queries.
async fn day(State(desk): State<DeskState>, Signed(me): Signed) -> Page {
    if me.role == Role::Candidate {
        return Ok(Redirect::to("/").into_response());
    }
    let context = desk.context();
    let people = accounts::people(&desk.accounts, &me).await?;
    let mut groups = GROUPS.map(|(title, empty)| Group {
        title,
        empty,
        items: Vec::new(),
    });
    let (candidates, revisions) = candidates_and_revisions(&desk, &people).await?;
    // The whole page, as last rendered for these candidates at these revisions, serves until
    // the first of their days would read differently.
    let stamp = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        me.name.hash(&mut h);
        for p in &candidates {
            (&p.id, &p.name, &p.email, p.active, p.search.map(|s| s.0)).hash(&mut h);
            p.search.and_then(|s| revisions.get(&s)).hash(&mut h);
        }
        h.finish()
    };
    if let Some(body) = desk.day_pages.get(&me.id, stamp, context.now) {
        return Ok(axum::response::Html(body).into_response());
    }
    let mut until: Option<jiff::Timestamp> = None;
    let mut lines = Vec::new();
    for person in candidates {
        lines.push(CandidateLine {
            id: person.id.clone(),
            name: person.name.clone(),
            email: person.email.clone(),
            active: person.active,
        });
        let Some(search) = person.search else {
            continue;
        };
        let revision = revisions.get(&search).copied().unwrap_or_default();
        let kept = desk.days.get(search, revision, &person.name, context.now);
        let (lists, reads_until) = match kept {
            Some(kept) => kept,
            None => {
                let reached = reach(&desk.accounts, &me, &person.id, &context).await?;
                let d = track::day(
                    &reached.applications,
                    context.now,
                    &reached.zone,
                    &reached.settings,
                );
                let lists: Vec<Vec<DayItem>> = [
                    &d.letters_waiting,
                    &d.interviews_today,
                    &d.awaiting_feedback,
                    &d.no_debrief,
                    &d.decisions_this_week,
                    &d.gone_quiet,
                    &d.offers,
                ]
                .iter()
                .map(|items| {
                    items
                        .iter()
                        .map(|i| day_item(person, i, &reached))
                        .collect()
                })
                .collect();
                desk.days
                    .keep(search, revision, &person.name, d.until, lists.clone());
                (lists, d.until)
            }
        };
        until = match (until, reads_until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (group, items) in groups.iter_mut().zip(lists) {
            group.items.extend(items);
        }
    }
    let body = axum::body::Bytes::from(super::pages::whole(
        "candidates.html",
        "Your day",
        None,
        DayView {
            me: me.name.clone(),
            groups: groups.into(),
            candidates: lines,
        },
    )?);
    desk.day_pages.keep(&me.id, stamp, until, body.clone());
    Ok(axum::response::Html(body).into_response())
}

/// Each consultant's day as last rendered: by the asker, with the stamp of their candidates and
/// revisions it was made from, and until when it reads the same.
#[derive(Default)]
pub struct DayPages(std::sync::Mutex<HashMap<String, DayPage>>);

/// A day as rendered: its stamp, until when it reads the same, and the page.
type DayPage = (u64, Option<jiff::Timestamp>, axum::body::Bytes);

impl DayPages {
    fn get(&self, asker: &str, stamp: u64, now: jiff::Timestamp) -> Option<axum::body::Bytes> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(asker)
            .filter(|(made, until, _)| *made == stamp && until.is_none_or(|u| now < u))
            .map(|(_, _, body)| body.clone())
    }

    fn keep(
        &self,
        asker: &str,
        stamp: u64,
        until: Option<jiff::Timestamp>,
        body: axum::body::Bytes,
    ) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= KEPT_SEARCHES {
            kept.clear();
        }
        kept.insert(asker.to_string(), (stamp, until, body));
    }
}

/// The candidates among the people an asker sees, and how far each one's search has changed,
/// read in one question before anything of theirs is computed: a write after it makes what is
/// kept older, never newer.
async fn candidates_and_revisions<'a>(
    desk: &Desk,
    people: &'a [Account],
) -> Result<(Vec<&'a Account>, HashMap<SearchId, i64>), WebError> {
    let candidates: Vec<&Account> = people
        .iter()
        .filter(|p| p.role == Role::Candidate)
        .collect();
    let searches: Vec<_> = candidates.iter().filter_map(|p| p.search).collect();
    let revisions = desk.accounts.revisions(&searches).await?;
    Ok((candidates, revisions))
}

/// The day's groups, most pressing first, with what each says when empty.
const GROUPS: [(&str, &str); 7] = [
    (
        "Letters waiting to be forwarded",
        "No letter waits for you.",
    ),
    ("Interviews today", "No interviews today."),
    (
        "Reports waiting for the company's feedback",
        "No report waits for feedback.",
    ),
    (
        "Interviews with no debrief yet",
        "Every interview has its debrief.",
    ),
    ("Decisions due this week", "No decision is due this week."),
    (
        "Employers gone quiet past the date they named",
        "No employer has gone quiet.",
    ),
    ("Offers to review", "No offers."),
];

/// What was last computed of each candidate's search (their part of the day, their figures
/// in the insights): by search, with the revision it was computed at, the name it shows, and
/// until when it reads the same (none: until the search changes).
pub struct PerSearch<T>(std::sync::Mutex<HashMap<SearchId, Kept<T>>>);

impl<T> Default for PerSearch<T> {
    fn default() -> Self {
        PerSearch(std::sync::Mutex::default())
    }
}

struct Kept<T> {
    revision: i64,
    name: String,
    until: Option<jiff::Timestamp>,
    value: T,
}

/// More candidates than this and the oldest are not worth finding: start again.
const KEPT_SEARCHES: usize = 200_000;

impl<T: Clone> PerSearch<T> {
    /// What is kept, and until when it reads the same.
    fn get(
        &self,
        search: SearchId,
        revision: i64,
        name: &str,
        now: jiff::Timestamp,
    ) -> Option<(T, Option<jiff::Timestamp>)> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(&search)
            .filter(|k| k.revision == revision && k.name == name && k.until.is_none_or(|u| now < u))
            .map(|k| (k.value.clone(), k.until))
    }

    fn keep(
        &self,
        search: SearchId,
        revision: i64,
        name: &str,
        until: Option<jiff::Timestamp>,
        value: T,
    ) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= KEPT_SEARCHES {
            kept.clear();
        }
        kept.insert(
            search,
            Kept {
                revision,
                name: name.to_string(),
                until,
                value,
            },
        );
    }
}

/// Each candidate's part of the consultants' days.
pub type KeptDays = PerSearch<Vec<Vec<DayItem>>>;

/// The agency's insights: for a consultant, their own figures; for the admin, each
/// consultant's and the agency's. Each candidate's figures are kept until their search changes.
async fn insights(State(desk): State<DeskState>, Signed(me): Signed) -> Page {
    if me.role == Role::Candidate {
        return Ok(Redirect::to("/insights").into_response());
    }
    let context = desk.context();
    let people = accounts::people(&desk.accounts, &me).await?;
    let (candidates, revisions) = candidates_and_revisions(&desk, &people).await?;
    let mut by_consultant: HashMap<String, track::Desk> = HashMap::new();
    for person in candidates {
        let Some(search) = person.search else {
            continue;
        };
        let revision = revisions.get(&search).copied().unwrap_or_default();
        let figures = match desk.desks.get(search, revision, &person.name, context.now) {
            Some((figures, _)) => figures,
            None => {
                let reached = reach(&desk.accounts, &me, &person.id, &context).await?;
                let figures = track::desk(&reached.applications, context.now);
                // Interviews end as time passes: kept for a day at most.
                let until = context.now + jiff::SignedDuration::from_hours(24);
                desk.desks
                    .keep(search, revision, &person.name, Some(until), figures);
                figures
            }
        };
        *by_consultant
            .entry(person.consultant.clone().unwrap_or_default())
            .or_default() += figures;
    }
    let mut total = track::Desk::default();
    for figures in by_consultant.values() {
        total += *figures;
    }
    let consultants = people
        .iter()
        .filter(|p| p.role == Role::Consultant && me.role == Role::Admin)
        .map(|c| {
            let d = by_consultant.get(&c.id).copied().unwrap_or_default();
            ConsultantFigures {
                name: c.name.clone(),
                debriefs: share(
                    d.debriefs_within_a_day,
                    d.debriefs_later + d.debriefs_not_shared,
                ),
                letters: share(d.letters_within_a_day, d.letters_later + d.letters_waiting),
                feedback: share(
                    d.feedback_days[0],
                    d.feedback_days[1..].iter().sum::<usize>() + d.feedback_waiting,
                ),
            }
        })
        .collect();
    render(
        "insights_desk.html",
        "Insights",
        None,
        DeskInsights {
            whose: if me.role == Role::Admin {
                "the agency's".into()
            } else {
                "your candidates'".into()
            },
            charts: super::insights::desk(&total),
            consultants,
        },
    )
}

#[derive(Serialize)]
struct DeskInsights {
    whose: String,
    charts: Vec<super::views::Chart>,
    consultants: Vec<ConsultantFigures>,
}

/// One consultant's row for the admin: each figure as "within the day, of all".
#[derive(Serialize)]
struct ConsultantFigures {
    name: String,
    debriefs: String,
    letters: String,
    feedback: String,
}

/// "3 of 4 (75%)", or "none yet".
fn share(within: usize, rest: usize) -> String {
    let all = within + rest;
    if all == 0 {
        return "none yet".into();
    }
    format!("{within} of {all} ({}%)", within * 100 / all)
}

fn day_item(person: &Account, item: &Item, reached: &Reached) -> DayItem {
    let when = match (item.at, item.date) {
        (Some(at), _) => Some(moment(at, &reached.zone)),
        (None, Some(date)) => Some(dates::long_in(date, reached.language)),
        (None, None) => None,
    };
    let href = match &item.interview {
        _ if item.letter.is_some() => letter_href(&person.id, item.letter.as_deref().unwrap_or("")),
        Some(interview) if reached_report(reached, &item.application, interview) => format!(
            "/candidates/{}/applications/{}/interviews/{}",
            person.id, item.application, interview
        ),
        _ => format!("/candidates/{}", person.id),
    };
    DayItem {
        candidate: person.name.clone(),
        company: item.company.clone(),
        role: item.role.clone(),
        when,
        href,
        late: item.late,
    }
}

/// A letter's page for the consultant; the Message-ID is encoded, as an imported one may hold anything.
fn letter_href(candidate: &str, message: &str) -> String {
    let id = percent_encoding::utf8_percent_encode(message, percent_encoding::NON_ALPHANUMERIC);
    format!("/candidates/{candidate}/letters/{id}")
}

/// Whether the report of this interview is shared, so that its page is the consultant's.
fn reached_report(
    reached: &Reached,
    app: &followup_core::Key,
    interview: &followup_core::Key,
) -> bool {
    reached
        .applications
        .iter()
        .find(|a| &a.key == app)
        .is_some_and(|a| report::shared(a, interview).is_some())
}

#[derive(Serialize)]
struct CandidateView {
    id: String,
    name: String,
    email: String,
    letters: Vec<DayItem>,
    applications: Vec<ApplicationLine>,
}

#[derive(Serialize)]
struct ApplicationLine {
    key: String,
    company: String,
    role: String,
    stage: &'static str,
    interviews: Vec<InterviewLine>,
}

#[derive(Serialize)]
struct InterviewLine {
    key: String,
    when: String,
    with: Vec<String>,
    debriefed: bool,
    /// When the candidate shared its debrief, if they did.
    shared: Option<String>,
    feedback: bool,
}

/// One candidate's applications and interviews: which reports are shared, which have the
/// company's feedback. The debrief itself only where shared.
async fn candidate(
    State(desk): State<DeskState>,
    Signed(me): Signed,
    Path(id): Path<String>,
) -> Page {
    let context = desk.context();
    let reached = reach(&desk.accounts, &me, &id, &context).await?;
    let letters = track::day(
        &reached.applications,
        context.now,
        &reached.zone,
        &reached.settings,
    )
    .letters_waiting
    .iter()
    .map(|i| day_item(&reached.candidate, i, &reached))
    .collect();
    let applications = reached
        .applications
        .iter()
        .map(|a| ApplicationLine {
            key: a.key.to_string(),
            company: a.company.clone(),
            role: a.role.clone(),
            stage: a.stage().as_str(),
            interviews: a
                .interviews
                .iter()
                .map(|i| InterviewLine {
                    key: i.key.to_string(),
                    when: moment(i.starts_at.instant(), &reached.zone),
                    with: i.interviewers.iter().map(|p| p.name.clone()).collect(),
                    debriefed: i.debrief.is_some(),
                    shared: report::shared(a, &i.key)
                        .map(|d| moment(d.at.instant(), &reached.zone)),
                    feedback: report::feedback_on(a, &i.key).is_some(),
                })
                .collect(),
        })
        .collect();
    render(
        "candidate.html",
        &reached.candidate.name,
        None,
        CandidateView {
            id: reached.candidate.id.clone(),
            name: reached.candidate.name.clone(),
            email: reached.candidate.email.clone(),
            letters,
            applications,
        },
    )
}

#[derive(Serialize)]
struct ReportView {
    candidate_id: String,
    candidate: String,
    key: String,
    company: String,
    role: String,
    interview: String,
    when: String,
    shared: String,
    pass_on: Option<String>,
    report: Vec<Section>,
    beside: Option<Vec<PointView>>,
    mine: Option<String>,
    form: FeedbackForm,
    error: Option<String>,
}

/// A heading of the debrief and its lines, as the consultant reads the report.
#[derive(Serialize)]
struct Section {
    heading: String,
    lines: Vec<String>,
}

async fn report_page(
    State(desk): State<DeskState>,
    Signed(me): Signed,
    Path((id, key, interview)): Path<(String, String, String)>,
) -> Page {
    let reached = reach(&desk.accounts, &me, &id, &desk.context()).await?;
    report_view(&reached, &key, &interview, FeedbackForm::default(), None)
        .map(|view| render("report.html", "Report", None, view))?
}

async fn feedback(
    State(desk): State<DeskState>,
    Signed(me): Signed,
    Path((id, key, interview)): Path<(String, String, String)>,
    Form(f): Form<FeedbackForm>,
) -> Page {
    let context = desk.context();
    let reached = reach(&desk.accounts, &me, &id, &context).await?;
    // Only a shared report is the consultant's to answer.
    let is_shared = reached.applications.iter().any(|a| {
        a.key.as_str() == key
            && a.interviews
                .iter()
                .any(|i| i.key.as_str() == interview && report::shared(a, &i.key).is_some())
    });
    if !is_shared {
        return Err(WebError::NotFound("there is no such report".into()).into());
    }
    let input = FeedbackInput {
        app: key.clone(),
        interview: interview.clone(),
        impressed: f.impressed.clone(),
        worried: f.worried.clone(),
        fit: f.fit.clone(),
        next_step: f.next_step.clone(),
        next_date: f.next_date.clone(),
        decision: f.decision.clone(),
    };
    match report::record_feedback(input, &reached.store, &context).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/candidates/{id}/applications/{key}/interviews/{interview}"
        ))
        .into_response()),
        // A mistake keeps what was typed; a second click or tab shows what the first recorded.
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let conflict = matches!(e, AppError::Conflict(_));
            let e = WebError::from(e);
            let status = e.status();
            let (reached, form, told) = if conflict {
                let again = reach(&desk.accounts, &me, &id, &context).await?;
                let told = "Feedback was recorded meanwhile (another tab, or a second click): \
                            it stands beside the debrief below. Nothing more was recorded."
                    .to_string();
                (again, FeedbackForm::default(), told)
            } else {
                (reached, f, e.told())
            };
            let view = report_view(&reached, &key, &interview, form, Some(told))?;
            let mut page = render("report.html", "Report", None, view)?;
            *page.status_mut() = status;
            Ok(page)
        }
        Err(e) => Err(WebError::from(e).into()),
    }
}

/// The report of a shared interview; anything not shared is not found.
fn report_view(
    reached: &Reached,
    key: &str,
    interview: &str,
    form: FeedbackForm,
    error: Option<String>,
) -> Result<ReportView, WebError> {
    let not_found = || WebError::NotFound("there is no such report".into());
    let app = reached
        .applications
        .iter()
        .find(|a| a.key.as_str() == key)
        .ok_or_else(not_found)?;
    let i = app
        .interviews
        .iter()
        .find(|i| i.key.as_str() == interview)
        .ok_or_else(not_found)?;
    let shared = report::shared(app, &i.key).ok_or_else(not_found)?;
    Ok(ReportView {
        candidate_id: reached.candidate.id.clone(),
        candidate: reached.candidate.name.clone(),
        key: app.key.to_string(),
        company: app.company.clone(),
        role: app.role.clone(),
        interview: i.key.to_string(),
        when: moment(i.starts_at.instant(), &reached.zone),
        shared: moment(shared.at.instant(), &reached.zone),
        pass_on: shared.note.clone(),
        report: sections(i),
        beside: report::beside(app, i, reached.language).map(|points| {
            points
                .into_iter()
                .map(|p| PointView::of(p, false))
                .collect()
        }),
        mine: Some(format!("{}'s impression", reached.candidate.name)),
        form,
        error,
    })
}

/// The whole debrief, as its page's sections: the report carries all of it, to the consultant.
fn sections(i: &Interview) -> Vec<Section> {
    let empty = Debrief::default();
    let d = i.debrief.as_ref().unwrap_or(&empty);
    written_sections(&i.interviewers, d)
        .into_iter()
        .filter_map(|(title, body)| {
            // The page asks the candidate ("Who you met"); the report speaks of them. A date
            // not named leaves its label alone on its line.
            let lines: Vec<String> = body
                .lines()
                .map(|l| l.trim_start_matches("- ").to_string())
                .filter(|l| !l.trim_end().ends_with(':'))
                .collect();
            (!lines.is_empty()).then(|| Section {
                heading: title.replace(" you ", " they "),
                lines,
            })
        })
        .collect()
}

#[derive(Serialize)]
struct LetterReview {
    candidate_id: String,
    candidate: String,
    company: String,
    role: String,
    to: String,
    submitted: String,
    /// `waiting`, or what became of it once forwarded.
    state: &'static str,
    late: bool,
    /// The letter as the consultant edits it: `Subject: ...`, a blank line, the body.
    text: String,
    check: super::views::CheckView,
    /// What the consultant changed, once forwarded.
    changes: Option<Vec<track::Line>>,
    forwarded: Option<String>,
    error: Option<String>,
    action: String,
}

/// The form that forwards a letter: the letter as the consultant leaves it.
#[derive(Debug, Default, serde::Deserialize)]
struct ForwardForm {
    #[serde(default)]
    letter: String,
    #[serde(default)]
    force: Option<String>,
}

async fn letter_page(
    State(desk): State<DeskState>,
    Signed(me): Signed,
    Path((id, message)): Path<(String, String)>,
) -> Page {
    let context = desk.context();
    let reached = reach(&desk.accounts, &me, &id, &context).await?;
    let view = letter_view(&reached, &message, None, None, &context).await?;
    render("letter_review.html", "A letter to forward", None, view)
}

/// The consultant forwards the letter as they leave it. A second click or another consultant's
/// finds it forwarded and forwards nothing.
async fn forward(
    State(desk): State<DeskState>,
    Signed(me): Signed,
    Path((id, message)): Path<(String, String)>,
    Form(f): Form<ForwardForm>,
) -> Page {
    let context = desk.context();
    let reached = reach(&desk.accounts, &me, &id, &context).await?;
    let agency = desk.accounts.agency_name(me.agency).await?;
    let how = followup_app::forward::Forwarding {
        id: &message,
        text: Some(f.letter.as_str()).filter(|t| !t.trim().is_empty()),
        force: f.force.is_some(),
        consultant: followup_core::Mailbox {
            name: me.name.clone(),
            email: me.email.clone(),
        },
        agency: followup_core::Mailbox {
            name: agency.unwrap_or_default(),
            email: desk.mailroom.from.email.clone(),
        },
    };
    match followup_app::forward::forward(&reached.store, how, &context).await {
        Ok(_) => {
            desk.wake.notify_one();
            Ok(Redirect::to(&letter_href(&id, &message)).into_response())
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Checks(_) | AppError::Conflict(_))) => {
            let e = WebError::from(e);
            let status = e.status();
            let view =
                letter_view(&reached, &message, Some(f.letter), Some(e.told()), &context).await?;
            let mut page = render("letter_review.html", "A letter to forward", None, view)?;
            *page.status_mut() = status;
            Ok(page)
        }
        Err(e) => Err(WebError::from(e).into()),
    }
}

/// A letter through the consultant as they review it, or as it went.
async fn letter_view(
    reached: &Reached,
    message: &str,
    typed: Option<String>,
    error: Option<String>,
    context: &followup_app::Context,
) -> Result<LetterReview, WebError> {
    let review = followup_app::forward::review(&reached.store, message, context).await?;
    let m = &review.letter.message;
    let app = reached
        .applications
        .iter()
        .find(|a| Some(&a.key) == review.letter.application.as_ref());
    let text = followup_core::check::Letter::text_of(&m.subject, &m.body);
    let check = super::ops::check_view(&text, &review.findings);
    Ok(LetterReview {
        candidate_id: reached.candidate.id.clone(),
        candidate: reached.candidate.name.clone(),
        company: app.map(|a| a.company.clone()).unwrap_or_default(),
        role: app.map(|a| a.role.clone()).unwrap_or_default(),
        to: format!("{} <{}>", m.to.name, m.to.email),
        submitted: moment(m.queued_at.instant(), &reached.zone),
        state: m.state.as_str(),
        late: review.too_long,
        text: typed.unwrap_or(text),
        check,
        changes: track::changes(m),
        forwarded: m
            .forwarded
            .as_ref()
            .map(|f| format!("{} by {}", moment(f.at.instant(), &reached.zone), f.by.name)),
        error,
        action: format!("{}/forward", letter_href(&reached.candidate.id, message)),
    })
}
