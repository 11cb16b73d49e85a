//! The pages: server-rendered HTML that works without JavaScript; htmx swaps in fragments
//! where it helps (the debrief's autosave, the checks as you type). Each handler calls the
//! same operation as its API twin and renders the answer with a template.

use std::sync::LazyLock;

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::{Deserialize, Serialize};

use super::error::WebError;
use super::form::*;
use super::kept::Shelf;
use super::routes::Routes;
use super::scope::Scoped;
use super::{AppState, Backend, Shared, ops};

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = templates!(
    "base.html",
    "today.html",
    "board.html",
    "application.html",
    "new_application.html",
    "debrief.html",
    "saved.html",
    "letter.html",
    "findings.html",
    "offer.html",
    "insights.html",
    "settings.html",
    "error.html",
    "sign_in.html",
    "password.html",
    "reset.html",
    "account.html",
    "people.html",
    "desk_base.html",
    "candidates.html",
    "candidate.html",
    "report.html",
    "beside.html",
    "letter_review.html",
    "insights_desk.html",
    "charts.html",
    "changes.html",
);

/// The pages' templates, in the engine the letters use; HTML is escaped by default.
static PAGES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.add_global("agency", AGENCY.get().copied().unwrap_or(false));
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .unwrap_or_else(|e| panic!("the page template {name} is broken: {e:#}"));
    }
    env
});

/// Whether the pages are the agency mode's (with People and the account in the menu).
static AGENCY: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Reads every template now: a broken one stops `serve` as it starts, not a page later.
pub fn load(agency: bool) {
    let _ = AGENCY.set(agency);
    LazyLock::force(&PAGES);
}

pub fn routes<S: Backend>() -> Routes<AppState<S>> {
    Routes::new()
        .get("/", today::<S>)
        .get("/board", board::<S>)
        .get("/applications/new", new_application::<S>)
        .post("/applications", add_application::<S>)
        .get("/applications/{key}", application::<S>)
        .post("/applications/{key}/interviews", add_interview::<S>)
        .get(
            "/applications/{key}/interviews/{interview}/debrief",
            debrief::<S>,
        )
        .post(
            "/applications/{key}/interviews/{interview}/debrief",
            save_debrief::<S>,
        )
        .post(
            "/applications/{key}/interviews/{interview}/share",
            share::<S>,
        )
        .post("/applications/{key}/events", record_event::<S>)
        .get("/applications/{key}/offer", offer::<S>)
        .get("/letters/{which}", letter::<S>)
        .post("/letters/check", check::<S>)
        .post("/letters/send", send::<S>)
        .post("/applications/{key}/withdraw", withdraw::<S>)
        .post("/letters/download", download::<S>)
        .post("/actions/{id}/done", mark_done::<S>)
        .post("/actions/{id}/skip", skip::<S>)
        .get("/insights", insights::<S>)
        .get("/settings", settings::<S>)
        .post("/settings/profile", save_profile::<S>)
        .post("/settings/mail", save_mail::<S>)
        .post("/settings/words", save_words::<S>)
        .post("/settings/templates", save_template::<S>)
        .post("/settings/calendar", reset_calendar::<S>)
        .method(
            "GET",
            "/calendar/{file}",
            get(calendar::<S>).layer(tower_http::compression::CompressionLayer::new()),
        )
}

/// A page that could not be shown: the reason, in the page's frame.
pub struct PageError(WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(e: E) -> PageError {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let message = self.0.told();
        let body = PAGES
            .get_template("error.html")
            .and_then(|t| {
                t.render(
                    context! { title => "Something went wrong", status => status.as_u16(),
                    message => message },
                )
            })
            .unwrap_or_else(|_| "Something went wrong.".to_string());
        (status, Html(body)).into_response()
    }
}

pub(super) type Page = Result<Response, PageError>;

/// A message carried to the next page after a change: "Saved.", "Sent to ...".
#[derive(Deserialize, Default)]
struct Said {
    #[serde(default)]
    said: Option<String>,
}

pub(super) fn render(name: &str, title: &str, said: Option<String>, page: impl Serialize) -> Page {
    Ok(Html(whole(name, title, said, page)?).into_response())
}

/// A page's HTML: the template in the page's frame.
pub(super) fn whole(
    name: &str,
    title: &str,
    said: Option<String>,
    page: impl Serialize,
) -> Result<String, WebError> {
    html(
        name,
        context! { title => title, said => said, page => Value::from(Serde(&page)) },
    )
}

/// A template rendered with these values: a whole page, or a piece for htmx to swap in.
fn fragment(name: &str, values: Value) -> Page {
    Ok(Html(html(name, values)?).into_response())
}

fn html(name: &str, values: Value) -> Result<String, WebError> {
    PAGES
        .get_template(name)
        .and_then(|t| t.render(values))
        .map_err(|e| WebError::Internal(format!("the page {name}: {e:#}")))
}

/// After a change, the page to see it on (303: the browser asks with GET), with the app's
/// message carried by a token: the page shows only what this app said, never text from a URL.
async fn go<S: followup_store::Store>(s: &Shared<S>, to: &str, said: &str) -> Page {
    let location = format!("{to}?said={}", s.tell(said).await?);
    Ok(Redirect::to(&location).into_response())
}

fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

#[derive(Deserialize)]
struct TodayQuery {
    #[serde(default)]
    said: Option<String>,
    /// The group to list whole: overdue, today, this-week or later.
    #[serde(default)]
    group: Option<String>,
}

async fn today<S: Backend>(Scoped(s): Scoped<S>, Query(q): Query<TodayQuery>) -> Page {
    let listing = ops::Listing::First {
        count: followup_app::programme::LISTED,
        whole: q.group.as_deref(),
    };
    // A chosen group is a page of its own, not kept.
    let shelf = q.group.is_none().then_some(Shelf::Today);
    let view = async || ops::today(&s, false, listing).await;
    kept_page(&s, shelf, "today.html", "Today", s.told(q.said).await, view).await
}

async fn board<S: Backend>(Scoped(s): Scoped<S>, Query(q): Query<Said>) -> Page {
    let view = async || ops::board(&s).await;
    kept_page(
        &s,
        Some(Shelf::Board),
        "board.html",
        "Board",
        s.told(q.said).await,
        view,
    )
    .await
}

/// A page kept as rendered on its shelf (see `kept`), or made afresh when it has no shelf or
/// carries a message of its own.
async fn kept_page<S: Backend, V: Serialize>(
    s: &Shared<S>,
    shelf: Option<Shelf>,
    name: &str,
    title: &str,
    said: Option<String>,
    view: impl AsyncFnOnce() -> Result<V, WebError>,
) -> Page {
    match shelf.filter(|_| said.is_none()) {
        Some(shelf) => {
            let body = s
                .kept(shelf, async move || {
                    Ok(whole(name, title, None, view().await?)?.into_bytes())
                })
                .await?;
            Ok(Html(body).into_response())
        }
        None => render(name, title, said, view().await?),
    }
}

/// Only for whoever has a job search to add it to (in the agency mode, a signed-in candidate).
async fn new_application<S: Backend>(Scoped(_): Scoped<S>) -> Page {
    render("new_application.html", "New application", None, ())
}

async fn add_application<S: Backend>(Scoped(s): Scoped<S>, Form(f): Form<NewApplication>) -> Page {
    let created = ops::add_application(&s, f).await?;
    go(
        &s,
        &created.next,
        "Application added. Add the interview when you have a date.",
    )
    .await
}

async fn application<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(key): Path<String>,
    Query(q): Query<Said>,
) -> Page {
    let view = ops::application(&s, &key).await?;
    let title = format!("{} at {}", view.role, view.company);
    render("application.html", &title, s.told(q.said).await, view)
}

async fn add_interview<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(key): Path<String>,
    Form(f): Form<NewInterview>,
) -> Page {
    let created = ops::add_interview(&s, &key, f).await?;
    go(
        &s,
        &created.next,
        "Interview added. Write the debrief as soon as it is over.",
    )
    .await
}

async fn debrief<S: Backend>(
    Scoped(s): Scoped<S>,
    Path((key, interview)): Path<(String, String)>,
    Query(q): Query<Said>,
) -> Page {
    let view = ops::debrief(&s, &key, &interview).await?;
    let title = format!("Debrief: {} at {}", view.role, view.company);
    render("debrief.html", &title, s.told(q.said).await, view)
}

/// Saves the debrief: from htmx as the person types (answering with the save's status),
/// or from the form's button (going on to the application).
async fn save_debrief<S: Backend>(
    Scoped(s): Scoped<S>,
    Path((key, interview)): Path<(String, String)>,
    headers: HeaderMap,
    Form(f): Form<DebriefForm>,
) -> Page {
    let result = ops::save_debrief(&s, &key, &interview, f).await;
    if is_htmx(&headers) {
        return match result {
            Ok(saved) => fragment(
                "saved.html",
                context! { saved => Value::from(Serde(&saved)) },
            ),
            Err(e) => {
                let status = e.status();
                let mut page = fragment("saved.html", context! { error => e.told() })?;
                *page.status_mut() = status;
                Ok(page)
            }
        };
    }
    let saved = match result {
        Ok(saved) => saved,
        // Both versions, the form filled with this one and carrying the version kept now: a
        // second save is the person's choice, made with the other's words in view.
        Err(WebError::Conflict(conflict)) => {
            let title = format!(
                "Debrief: {} at {}",
                conflict.mine.role, conflict.mine.company
            );
            let mut page = conflict.mine;
            page.version = conflict.theirs.version.clone();
            let mut view =
                serde_json::to_value(&page).map_err(|e| WebError::Internal(e.to_string()))?;
            view["conflict"] = conflict.message.into();
            view["theirs"] = serde_json::to_value(&conflict.theirs)
                .map_err(|e| WebError::Internal(e.to_string()))?;
            let body = whole("debrief.html", &title, None, view)?;
            return Ok((StatusCode::CONFLICT, Html(body)).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    if !saved.problems.is_empty() {
        return Err(WebError::Invalid(format!(
            "Saved, except: {}. Go back to mend it.",
            saved.problems.join("; ")
        ))
        .into());
    }
    go(
        &s,
        &format!("/applications/{key}"),
        "Debrief saved. Here is your programme.",
    )
    .await
}

async fn record_event<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(key): Path<String>,
    Form(f): Form<NewEvent>,
) -> Page {
    let created = ops::record_event(&s, &key, f).await?;
    go(&s, &created.next, "Recorded.").await
}

async fn offer<S: Backend>(Scoped(s): Scoped<S>, Path(key): Path<String>) -> Page {
    let view = ops::offer(&s, &key).await?;
    let title = format!("Offer: {} at {}", view.role, view.company);
    render("offer.html", &title, None, view)
}

async fn letter<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(which): Path<String>,
    Query(q): Query<DraftQuery>,
) -> Page {
    let view = ops::draft(&s, &which, q).await?;
    let title = format!("Letter to {}", view.to.as_deref().unwrap_or("?"));
    render("letter.html", &title, None, view)
}

/// The findings on the letter as typed: a fragment for htmx.
async fn check<S: Backend>(Scoped(s): Scoped<S>, Form(f): Form<LetterForm>) -> Page {
    match ops::check(&s, f).await {
        Ok(view) => fragment(
            "findings.html",
            context! { check => Value::from(Serde(&view)) },
        ),
        Err(e) => fragment("findings.html", context! { error => e.told() }),
    }
}

async fn send<S: Backend>(Scoped(s): Scoped<S>, Form(f): Form<LetterForm>) -> Page {
    let sent = ops::send(&s, f).await?;
    let said = match (&sent.problem, sent.state.as_str()) {
        (_, "sent") => format!("Sent to {}.", sent.route),
        (None, "queued") => format!("On its way to {}: the outbox is sending it.", sent.route),
        (None, "waiting") => format!(
            "Submitted for {}: your consultant reviews it and forwards it.",
            sent.route
        ),
        (Some(problem), state) => {
            format!("The letter is {state}: {problem}. It stays in the outbox.")
        }
        (None, state) => format!("The letter is {state}."),
    };
    go(&s, "/", &said).await
}

/// Which letter waiting for the consultant to withdraw.
#[derive(Deserialize)]
struct WithdrawForm {
    #[serde(default)]
    message: String,
}

async fn withdraw<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(key): Path<String>,
    Form(f): Form<WithdrawForm>,
) -> Page {
    followup_app::forward::withdraw(&s.store, &f.message, s.context().now)
        .await
        .map_err(WebError::from)?;
    go(
        &s,
        &format!("/applications/{key}"),
        "Withdrawn: it will not go, and its action is open again.",
    )
    .await
}

#[derive(Deserialize)]
struct DownloadQuery {
    format: String,
}

async fn download<S: Backend>(
    Scoped(s): Scoped<S>,
    Query(q): Query<DownloadQuery>,
    Form(f): Form<LetterForm>,
) -> Page {
    let (name, content_type, bytes) = ops::download(&s, f, &q.format).await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn mark_done<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(id): Path<String>,
    Form(f): Form<DoneForm>,
) -> Page {
    let marked = ops::mark_done(&s, &id, f).await?;
    go(&s, "/", &format!("Done: {}.", marked.summary)).await
}

async fn skip<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(id): Path<String>,
    Form(f): Form<SkipForm>,
) -> Page {
    let marked = ops::skip(&s, &id, f).await?;
    go(&s, "/", &format!("Skipped: {}.", marked.summary)).await
}

async fn insights<S: Backend>(Scoped(s): Scoped<S>) -> Page {
    let view = ops::insights(&s).await?;
    render("insights.html", "Insights", None, view)
}

async fn settings<S: Backend>(
    Scoped(s): Scoped<S>,
    Query(q): Query<Said>,
    headers: HeaderMap,
) -> Page {
    let mut view = ops::settings(&s).await?;
    // The whole address: the agency's public one, else the host the page was asked for (a
    // host of plain characters only: the header is the browser's, but it is shown back).
    let base = match &s.public_url {
        Some(url) => Some(url.clone()),
        None => headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.chars().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']')
                    })
            })
            .map(|host| format!("http://{host}")),
    };
    if let Some(base) = base
        && !view.calendar_url.is_empty()
    {
        let address = format!("{base}{}", view.calendar_url);
        let host = address.split_once("://").map_or("", |(_, rest)| rest);
        view.calendar_webcal = Some(format!("webcal://{host}"));
        view.calendar_url = address;
    }
    render("settings.html", "Settings", s.told(q.said).await, view)
}

async fn share<S: Backend>(
    Scoped(s): Scoped<S>,
    Path((key, interview)): Path<(String, String)>,
    Form(f): Form<ShareForm>,
) -> Page {
    ops::share(&s, &key, &interview, f).await?;
    go(
        &s,
        &format!("/applications/{key}"),
        "Your consultant has the debrief.",
    )
    .await
}

async fn save_profile<S: Backend>(Scoped(s): Scoped<S>, Form(f): Form<ProfileForm>) -> Page {
    ops::save_profile(&s, f).await?;
    go(&s, "/settings", "Profile saved.").await
}

async fn save_mail<S: Backend>(Scoped(s): Scoped<S>, Form(f): Form<MailForm>) -> Page {
    ops::save_mail(&s, f).await?;
    go(&s, "/settings", "Mail server saved.").await
}

async fn save_words<S: Backend>(Scoped(s): Scoped<S>, Form(f): Form<WordsForm>) -> Page {
    ops::save_words(&s, f).await?;
    go(&s, "/settings", "Your words are saved.").await
}

async fn save_template<S: Backend>(Scoped(s): Scoped<S>, Form(f): Form<TemplateForm>) -> Page {
    ops::save_template(&s, f).await?;
    go(&s, "/settings", "Template saved.").await
}

async fn reset_calendar<S: Backend>(Scoped(s): Scoped<S>) -> Page {
    ops::reset_calendar(&s).await?;
    go(
        &s,
        "/settings",
        "The calendar has a new address: subscribe to it again.",
    )
    .await
}

/// The calendar feed. Calendar apps poll it: an unchanged feed is answered 304 to the ETag
/// they send back (If-None-Match), or, from those that send none, to the Last-Modified they
/// send back (If-Modified-Since); and the feed is compressed for those that accept it.
/// Calendar apps have no session: the address alone, with its secret, names the job search.
async fn calendar<S: Backend>(
    State(app): State<AppState<S>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Page {
    use std::hash::Hasher as _;
    let name = file.strip_suffix(".ics").unwrap_or("");
    let (s, text) = ops::calendar_feed(&app, name).await?;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(text.as_bytes());
    let etag = format!("\"{:016x}\"", hasher.finish());
    let modified = feed_modified(&s, &etag);
    let tags: Vec<&str> = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    // RFC 9110: If-Modified-Since counts only where If-None-Match is absent.
    let unchanged = if tags.is_empty() {
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| jiff::fmt::rfc2822::parse(v).ok())
            .is_some_and(|since| modified <= since.timestamp())
    } else {
        tags.iter()
            .any(|tag| *tag == "*" || tag.trim_start_matches("W/") == etag)
    };
    let last_modified = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&modified)
        .unwrap_or_default();
    let cache = "private, no-cache";
    let validators = [
        (header::ETAG, etag),
        (header::LAST_MODIFIED, last_modified),
        (header::CACHE_CONTROL, cache.to_string()),
    ];
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, validators).into_response());
    }
    Ok((
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/calendar; charset=utf-8".to_string(),
        )],
        validators,
        text,
    )
        .into_response())
}

/// When this process first served the feed with this ETag, to the second (rounded up, and
/// later than the feed before it), for Last-Modified.
fn feed_modified<S>(s: &Shared<S>, etag: &str) -> jiff::Timestamp {
    let mut seen = s.feed_seen.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((tag, at)) = seen.as_ref()
        && tag == etag
    {
        return *at;
    }
    let now = s.context().now;
    let mut at = jiff::Timestamp::from_second(now.as_second() + 1).unwrap_or(now);
    if let Some((_, before)) = seen.as_ref()
        && at <= *before
    {
        at = *before + jiff::SignedDuration::from_secs(1);
    }
    *seen = Some((etag.to_string(), at));
    at
}
