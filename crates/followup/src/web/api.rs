//! The JSON API under `/api/v1`: every operation the pages use, described by the OpenAPI
//! document at `/api/v1/openapi.json`. Each handler only unwraps the request and calls `ops`.

use std::sync::LazyLock;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use utoipa::OpenApi;

use serde::Serialize;

use super::error::{ApiError, ErrorBody, WebError};
use super::form::*;
use super::kept::Shelf;
use super::views::*;
use super::{AppState, Backend, Shared, ops};

type Answer<T> = Result<Json<T>, ApiError>;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "followup",
        description = "The follow-up after a job interview: debrief, programme, letters, checks, delivery. \
                       Text fields take what a person would type (\"next Wednesday\", \"52000\"), \
                       read as the command line reads its options."
    ),
    paths(
        agenda,
        applications,
        add_application,
        application,
        add_interview,
        debrief,
        save_debrief,
        record_event,
        offer,
        draft,
        check,
        send,
        mark_done,
        skip,
        insights,
        settings,
        save_profile,
        save_mail,
        save_words,
        save_template,
        reset_calendar
    ),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
});

pub fn routes<S: Backend>() -> Router<AppState<S>> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/agenda", get(agenda::<S>))
        .route(
            "/applications",
            get(applications::<S>).post(add_application::<S>),
        )
        .route("/applications/{key}", get(application::<S>))
        .route("/applications/{key}/interviews", post(add_interview::<S>))
        .route(
            "/applications/{key}/interviews/{interview}/debrief",
            get(debrief::<S>).put(save_debrief::<S>),
        )
        .route("/applications/{key}/events", post(record_event::<S>))
        .route("/applications/{key}/offer", get(offer::<S>))
        .route("/letters/{which}", get(draft::<S>))
        .route("/letters/check", post(check::<S>))
        .route("/letters/send", post(send::<S>))
        .route("/actions/{id}/done", post(mark_done::<S>))
        .route("/actions/{id}/skip", post(skip::<S>))
        .route("/insights", get(insights::<S>))
        .route("/settings", get(settings::<S>))
        .route("/settings/profile", put(save_profile::<S>))
        .route("/settings/mail", put(save_mail::<S>))
        .route("/settings/words", put(save_words::<S>))
        .route("/settings/templates", put(save_template::<S>))
        .route("/settings/calendar", post(reset_calendar::<S>))
}

async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct AgendaQuery {
    /// Every open action, not only those whose time has come.
    #[serde(default)]
    all: bool,
}

/// What to do now, most urgent first, grouped: overdue, today, this week, later.
#[utoipa::path(get, path = "/api/v1/agenda", params(AgendaQuery),
    responses((status = 200, description = "Done; the answer", body = TodayView)))]
async fn agenda<S: Backend>(
    State(s): State<AppState<S>>,
    Query(q): Query<AgendaQuery>,
) -> Result<Response, ApiError> {
    let shelf = if q.all {
        Shelf::AgendaAll
    } else {
        Shelf::Agenda
    };
    kept_json(&s, shelf, async || {
        ops::today(&s, q.all, ops::Listing::Every).await
    })
    .await
}

/// The applications by stage, with what each waits for.
#[utoipa::path(get, path = "/api/v1/applications", responses((status = 200, description = "Done; the answer", body = BoardView)))]
async fn applications<S: Backend>(State(s): State<AppState<S>>) -> Result<Response, ApiError> {
    kept_json(&s, Shelf::Applications, async || ops::board(&s).await).await
}

/// An answer kept until the store changes or the minute turns (see `kept`).
async fn kept_json<S: Backend, T: Serialize>(
    s: &Shared<S>,
    shelf: Shelf,
    make: impl AsyncFnOnce() -> Result<T, WebError>,
) -> Result<Response, ApiError> {
    let body = s
        .kept(shelf, async move || {
            serde_json::to_vec(&make().await?).map_err(|e| WebError::Internal(e.to_string()))
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Adds an application.
#[utoipa::path(post, path = "/api/v1/applications", request_body = NewApplication,
    responses((status = 201, description = "Made; where to go next", body = Created), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn add_application<S: Backend>(
    State(s): State<AppState<S>>,
    Json(f): Json<NewApplication>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(ops::add_application(&s, f).await?),
    ))
}

/// One application: timeline, programme, people.
#[utoipa::path(get, path = "/api/v1/applications/{key}", params(("key" = String, Path)),
    responses((status = 200, description = "Done; the answer", body = ApplicationView), (status = 404, description = "Not there", body = ErrorBody)))]
async fn application<S: Backend>(
    State(s): State<AppState<S>>,
    Path(key): Path<String>,
) -> Answer<ApplicationView> {
    Ok(Json(ops::application(&s, &key).await?))
}

/// Adds an interview to an application.
#[utoipa::path(post, path = "/api/v1/applications/{key}/interviews", params(("key" = String, Path)),
    request_body = NewInterview,
    responses((status = 201, description = "Made; where to go next", body = Created), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn add_interview<S: Backend>(
    State(s): State<AppState<S>>,
    Path(key): Path<String>,
    Json(f): Json<NewInterview>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(ops::add_interview(&s, &key, f).await?),
    ))
}

/// The debrief of an interview.
#[utoipa::path(get, path = "/api/v1/applications/{key}/interviews/{interview}/debrief",
    params(("key" = String, Path), ("interview" = String, Path)),
    responses((status = 200, description = "Done; the answer", body = DebriefView), (status = 404, description = "Not there", body = ErrorBody)))]
async fn debrief<S: Backend>(
    State(s): State<AppState<S>>,
    Path((key, interview)): Path<(String, String)>,
) -> Answer<DebriefView> {
    Ok(Json(ops::debrief(&s, &key, &interview).await?))
}

/// Saves the debrief as it stands, even half written.
#[utoipa::path(put, path = "/api/v1/applications/{key}/interviews/{interview}/debrief",
    params(("key" = String, Path), ("interview" = String, Path)), request_body = DebriefForm,
    responses((status = 200, description = "Done; the answer", body = DebriefSaved), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn save_debrief<S: Backend>(
    State(s): State<AppState<S>>,
    Path((key, interview)): Path<(String, String)>,
    Json(f): Json<DebriefForm>,
) -> Answer<DebriefSaved> {
    Ok(Json(ops::save_debrief(&s, &key, &interview, f).await?))
}

/// Records what the employer did: a reply, an invitation, a rejection, an offer...
#[utoipa::path(post, path = "/api/v1/applications/{key}/events", params(("key" = String, Path)),
    request_body = NewEvent,
    responses((status = 201, description = "Made; where to go next", body = Created), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn record_event<S: Backend>(
    State(s): State<AppState<S>>,
    Path(key): Path<String>,
    Json(f): Json<NewEvent>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(ops::record_event(&s, &key, f).await?),
    ))
}

/// The latest offer beside the expectations.
#[utoipa::path(get, path = "/api/v1/applications/{key}/offer", params(("key" = String, Path)),
    responses((status = 200, description = "Done; the answer", body = OfferView), (status = 404, description = "Not there", body = ErrorBody)))]
async fn offer<S: Backend>(
    State(s): State<AppState<S>>,
    Path(key): Path<String>,
) -> Answer<OfferView> {
    Ok(Json(ops::offer(&s, &key).await?))
}

/// The letter of an action (`np-3`), or of a kind with `application`: composed and checked.
#[utoipa::path(get, path = "/api/v1/letters/{which}", params(("which" = String, Path), DraftQuery),
    responses((status = 200, description = "Done; the answer", body = LetterView), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn draft<S: Backend>(
    State(s): State<AppState<S>>,
    Path(which): Path<String>,
    Query(q): Query<DraftQuery>,
) -> Answer<LetterView> {
    Ok(Json(ops::draft(&s, &which, q).await?))
}

/// The checks' findings on a letter as written.
#[utoipa::path(post, path = "/api/v1/letters/check", request_body = LetterForm,
    responses((status = 200, description = "Done; the answer", body = CheckView), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn check<S: Backend>(
    State(s): State<AppState<S>>,
    Json(f): Json<LetterForm>,
) -> Answer<CheckView> {
    Ok(Json(ops::check(&s, f).await?))
}

/// Checks a letter, saves it in the outbox and sends it.
#[utoipa::path(post, path = "/api/v1/letters/send", request_body = LetterForm,
    responses((status = 200, description = "Done; the answer", body = SentView), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn send<S: Backend>(
    State(s): State<AppState<S>>,
    Json(f): Json<LetterForm>,
) -> Answer<SentView> {
    Ok(Json(ops::send(&s, f).await?))
}

/// Marks an action done; a call with how it went.
#[utoipa::path(post, path = "/api/v1/actions/{id}/done", params(("id" = String, Path)),
    request_body = DoneForm,
    responses((status = 200, description = "Done; the answer", body = MarkedView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn mark_done<S: Backend>(
    State(s): State<AppState<S>>,
    Path(id): Path<String>,
    Json(f): Json<DoneForm>,
) -> Answer<MarkedView> {
    Ok(Json(ops::mark_done(&s, &id, f).await?))
}

/// Decides not to do an action, and says why.
#[utoipa::path(post, path = "/api/v1/actions/{id}/skip", params(("id" = String, Path)),
    request_body = SkipForm,
    responses((status = 200, description = "Done; the answer", body = MarkedView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn skip<S: Backend>(
    State(s): State<AppState<S>>,
    Path(id): Path<String>,
    Json(f): Json<SkipForm>,
) -> Answer<MarkedView> {
    Ok(Json(ops::skip(&s, &id, f).await?))
}

/// The job search in pictures.
#[utoipa::path(get, path = "/api/v1/insights", responses((status = 200, description = "Done; the answer", body = InsightsView)))]
async fn insights<S: Backend>(State(s): State<AppState<S>>) -> Answer<InsightsView> {
    Ok(Json(ops::insights(&s).await?))
}

/// The profile, the settings, the user's words and templates, the calendar feed.
#[utoipa::path(get, path = "/api/v1/settings", responses((status = 200, description = "Done; the answer", body = SettingsView)))]
async fn settings<S: Backend>(State(s): State<AppState<S>>) -> Answer<SettingsView> {
    Ok(Json(ops::settings(&s).await?))
}

/// Changes what the fields name in the profile.
#[utoipa::path(put, path = "/api/v1/settings/profile", request_body = ProfileForm,
    responses((status = 200, description = "Done; the answer", body = SettingsView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn save_profile<S: Backend>(
    State(s): State<AppState<S>>,
    Json(f): Json<ProfileForm>,
) -> Answer<SettingsView> {
    ops::save_profile(&s, f).await?;
    Ok(Json(ops::settings(&s).await?))
}

/// Changes the mail server. The password is never sent here.
#[utoipa::path(put, path = "/api/v1/settings/mail", request_body = MailForm,
    responses((status = 200, description = "Done; the answer", body = SettingsView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn save_mail<S: Backend>(
    State(s): State<AppState<S>>,
    Json(f): Json<MailForm>,
) -> Answer<SettingsView> {
    ops::save_mail(&s, f).await?;
    Ok(Json(ops::settings(&s).await?))
}

/// Replaces the user's own words.
#[utoipa::path(put, path = "/api/v1/settings/words", request_body = WordsForm,
    responses((status = 200, description = "Done; the answer", body = SettingsView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn save_words<S: Backend>(
    State(s): State<AppState<S>>,
    Json(f): Json<WordsForm>,
) -> Answer<SettingsView> {
    ops::save_words(&s, f).await?;
    Ok(Json(ops::settings(&s).await?))
}

/// Replaces a letter's template; an empty source brings back the built-in one.
#[utoipa::path(put, path = "/api/v1/settings/templates", request_body = TemplateForm,
    responses((status = 200, description = "Done; the answer", body = SettingsView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn save_template<S: Backend>(
    State(s): State<AppState<S>>,
    Json(f): Json<TemplateForm>,
) -> Answer<SettingsView> {
    ops::save_template(&s, f).await?;
    Ok(Json(ops::settings(&s).await?))
}

/// A new secret address for the calendar feed; the old one stops working.
#[utoipa::path(post, path = "/api/v1/settings/calendar", responses((status = 200, description = "Done; the answer", body = SettingsView)))]
async fn reset_calendar<S: Backend>(State(s): State<AppState<S>>) -> Answer<SettingsView> {
    ops::reset_calendar(&s)?;
    Ok(Json(ops::settings(&s).await?))
}
