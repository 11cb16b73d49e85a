//! The JSON API under `/api/v1`: every operation the pages use, described by the OpenAPI
//! document at `/api/v1/openapi.json`. Each handler only unwraps the request and calls `ops`.

use std::sync::LazyLock;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{ApiError, ErrorBody, Refusal, WebError};
use super::form::*;
use super::kept::Shelf;
use super::routes::Routes;
use super::scope::Scoped;
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
        share,
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
    components(schemas(ErrorBody)),
    modifiers(&Strict)
)]
struct ApiDoc;

/// The request bodies take only the fields they name (see `StrictJson`): the document says so.
struct Strict;

impl utoipa::Modify for Strict {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::ToSchema;
        use utoipa::openapi::RefOr;
        use utoipa::openapi::schema::{AdditionalProperties, Schema};
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let bodies = [
            NewApplication::name(),
            NewInterview::name(),
            DebriefForm::name(),
            NewEvent::name(),
            LetterForm::name(),
            DoneForm::name(),
            ShareForm::name(),
            SkipForm::name(),
            ProfileForm::name(),
            MailForm::name(),
            WordsForm::name(),
            TemplateForm::name(),
        ];
        for name in bodies {
            if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(&*name) {
                object.additional_properties =
                    Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
        }
    }
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
});

pub fn routes<S: Backend>() -> Routes<AppState<S>> {
    Routes::new()
        .get("/openapi.json", openapi)
        .get("/agenda", agenda::<S>)
        .get("/applications", applications::<S>)
        .post("/applications", add_application::<S>)
        .get("/applications/{key}", application::<S>)
        .post("/applications/{key}/interviews", add_interview::<S>)
        .get(
            "/applications/{key}/interviews/{interview}/debrief",
            debrief::<S>,
        )
        .put(
            "/applications/{key}/interviews/{interview}/debrief",
            save_debrief::<S>,
        )
        .post(
            "/applications/{key}/interviews/{interview}/share",
            share::<S>,
        )
        .post("/applications/{key}/events", record_event::<S>)
        .get("/applications/{key}/offer", offer::<S>)
        .get("/letters/{which}", draft::<S>)
        .post("/letters/check", check::<S>)
        .post("/letters/send", send::<S>)
        .post("/actions/{id}/done", mark_done::<S>)
        .post("/actions/{id}/skip", skip::<S>)
        .get("/insights", insights::<S>)
        .get("/settings", settings::<S>)
        .put("/settings/profile", save_profile::<S>)
        .put("/settings/mail", save_mail::<S>)
        .put("/settings/words", save_words::<S>)
        .put("/settings/templates", save_template::<S>)
        .post("/settings/calendar", reset_calendar::<S>)
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
    Scoped(s): Scoped<S>,
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
async fn applications<S: Backend>(Scoped(s): Scoped<S>) -> Result<Response, ApiError> {
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
    responses((status = 201, description = "Made; where to go next", body = Created), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn add_application<S: Backend>(
    Scoped(s): Scoped<S>,
    StrictJson(f): StrictJson<NewApplication>,
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
    Scoped(s): Scoped<S>,
    Path(key): Path<String>,
) -> Answer<ApplicationView> {
    Ok(Json(ops::application(&s, &key).await?))
}

/// Adds an interview to an application.
#[utoipa::path(post, path = "/api/v1/applications/{key}/interviews", params(("key" = String, Path)),
    request_body = NewInterview,
    responses((status = 201, description = "Made; where to go next", body = Created), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn add_interview<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(key): Path<String>,
    StrictJson(f): StrictJson<NewInterview>,
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
    Scoped(s): Scoped<S>,
    Path((key, interview)): Path<(String, String)>,
) -> Answer<DebriefView> {
    Ok(Json(ops::debrief(&s, &key, &interview).await?))
}

/// Saves the debrief as it stands, even half written.
#[utoipa::path(put, path = "/api/v1/applications/{key}/interviews/{interview}/debrief",
    params(("key" = String, Path), ("interview" = String, Path)), request_body = DebriefForm,
    responses((status = 200, description = "Done; the answer", body = DebriefSaved), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn save_debrief<S: Backend>(
    Scoped(s): Scoped<S>,
    Path((key, interview)): Path<(String, String)>,
    StrictJson(f): StrictJson<DebriefForm>,
) -> Answer<DebriefSaved> {
    Ok(Json(ops::save_debrief(&s, &key, &interview, f).await?))
}

/// Shares an interview's debrief with the consultant (the report to the consultant), with
/// what they are to pass on to the company.
#[utoipa::path(post, path = "/api/v1/applications/{key}/interviews/{interview}/share",
    params(("key" = String, Path), ("interview" = String, Path)), request_body = ShareForm,
    responses((status = 200, description = "Done; the answer", body = SharedView), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn share<S: Backend>(
    Scoped(s): Scoped<S>,
    Path((key, interview)): Path<(String, String)>,
    StrictJson(f): StrictJson<ShareForm>,
) -> Answer<SharedView> {
    Ok(Json(ops::share(&s, &key, &interview, f).await?))
}

/// Records what the employer did: a reply, an invitation, a rejection, an offer...
#[utoipa::path(post, path = "/api/v1/applications/{key}/events", params(("key" = String, Path)),
    request_body = NewEvent,
    responses((status = 201, description = "Made; where to go next", body = Created), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn record_event<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(key): Path<String>,
    StrictJson(f): StrictJson<NewEvent>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(ops::record_event(&s, &key, f).await?),
    ))
}

/// The latest offer beside the expectations.
#[utoipa::path(get, path = "/api/v1/applications/{key}/offer", params(("key" = String, Path)),
    responses((status = 200, description = "Done; the answer", body = OfferView), (status = 404, description = "Not there", body = ErrorBody)))]
async fn offer<S: Backend>(Scoped(s): Scoped<S>, Path(key): Path<String>) -> Answer<OfferView> {
    Ok(Json(ops::offer(&s, &key).await?))
}

/// The letter of an action (`np-3`), or of a kind with `application`: composed and checked.
#[utoipa::path(get, path = "/api/v1/letters/{which}", params(("which" = String, Path), DraftQuery),
    responses((status = 200, description = "Done; the answer", body = LetterView), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody)))]
async fn draft<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(which): Path<String>,
    Query(q): Query<DraftQuery>,
) -> Answer<LetterView> {
    Ok(Json(ops::draft(&s, &which, q).await?))
}

/// The checks' findings on a letter as written.
#[utoipa::path(post, path = "/api/v1/letters/check", request_body = LetterForm,
    responses((status = 200, description = "Done; the answer", body = CheckView), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn check<S: Backend>(
    Scoped(s): Scoped<S>,
    StrictJson(f): StrictJson<LetterForm>,
) -> Answer<CheckView> {
    Ok(Json(ops::check(&s, f).await?))
}

/// Checks a letter, saves it in the outbox and sends it.
#[utoipa::path(post, path = "/api/v1/letters/send", request_body = LetterForm,
    responses((status = 200, description = "Done; the answer", body = SentView), (status = 404, description = "Not there", body = ErrorBody), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn send<S: Backend>(
    Scoped(s): Scoped<S>,
    StrictJson(f): StrictJson<LetterForm>,
) -> Answer<SentView> {
    Ok(Json(ops::send(&s, f).await?))
}

/// Marks an action done; a call with how it went.
#[utoipa::path(post, path = "/api/v1/actions/{id}/done", params(("id" = String, Path)),
    request_body = DoneForm,
    responses((status = 200, description = "Done; the answer", body = MarkedView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn mark_done<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(id): Path<String>,
    StrictJson(f): StrictJson<DoneForm>,
) -> Answer<MarkedView> {
    Ok(Json(ops::mark_done(&s, &id, f).await?))
}

/// Decides not to do an action, and says why.
#[utoipa::path(post, path = "/api/v1/actions/{id}/skip", params(("id" = String, Path)),
    request_body = SkipForm,
    responses((status = 200, description = "Done; the answer", body = MarkedView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn skip<S: Backend>(
    Scoped(s): Scoped<S>,
    Path(id): Path<String>,
    StrictJson(f): StrictJson<SkipForm>,
) -> Answer<MarkedView> {
    Ok(Json(ops::skip(&s, &id, f).await?))
}

/// The job search in pictures.
#[utoipa::path(get, path = "/api/v1/insights", responses((status = 200, description = "Done; the answer", body = InsightsView)))]
async fn insights<S: Backend>(Scoped(s): Scoped<S>) -> Answer<InsightsView> {
    Ok(Json(ops::insights(&s).await?))
}

/// The profile, the settings, the user's words and templates, the calendar feed.
#[utoipa::path(get, path = "/api/v1/settings", responses((status = 200, description = "Done; the answer", body = SettingsView)))]
async fn settings<S: Backend>(Scoped(s): Scoped<S>) -> Answer<SettingsView> {
    Ok(Json(ops::settings(&s).await?))
}

/// Changes what the fields name in the profile.
#[utoipa::path(put, path = "/api/v1/settings/profile", request_body = ProfileForm,
    responses((status = 200, description = "Done; the answer", body = SettingsView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn save_profile<S: Backend>(
    Scoped(s): Scoped<S>,
    StrictJson(f): StrictJson<ProfileForm>,
) -> Answer<SettingsView> {
    ops::save_profile(&s, f).await?;
    Ok(Json(ops::settings(&s).await?))
}

/// Changes the mail server. The password is never sent here.
#[utoipa::path(put, path = "/api/v1/settings/mail", request_body = MailForm,
    responses((status = 200, description = "Done; the answer", body = SettingsView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn save_mail<S: Backend>(
    Scoped(s): Scoped<S>,
    StrictJson(f): StrictJson<MailForm>,
) -> Answer<SettingsView> {
    ops::save_mail(&s, f).await?;
    Ok(Json(ops::settings(&s).await?))
}

/// Replaces the user's own words.
#[utoipa::path(put, path = "/api/v1/settings/words", request_body = WordsForm,
    responses((status = 200, description = "Done; the answer", body = SettingsView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn save_words<S: Backend>(
    Scoped(s): Scoped<S>,
    StrictJson(f): StrictJson<WordsForm>,
) -> Answer<SettingsView> {
    ops::save_words(&s, f).await?;
    Ok(Json(ops::settings(&s).await?))
}

/// Replaces a letter's template; an empty source brings back the built-in one.
#[utoipa::path(put, path = "/api/v1/settings/templates", request_body = TemplateForm,
    responses((status = 200, description = "Done; the answer", body = SettingsView), (status = 422, description = "Refused, with what to mend; nothing was changed", body = ErrorBody),
    (status = 400, description = "Not JSON, or a field this request does not take; nothing was changed", body = ErrorBody), (status = 415, description = "Not sent as application/json; nothing was changed", body = ErrorBody)))]
async fn save_template<S: Backend>(
    Scoped(s): Scoped<S>,
    StrictJson(f): StrictJson<TemplateForm>,
) -> Answer<SettingsView> {
    ops::save_template(&s, f).await?;
    Ok(Json(ops::settings(&s).await?))
}

/// A new secret address for the calendar feed; the old one stops working.
#[utoipa::path(post, path = "/api/v1/settings/calendar", responses((status = 200, description = "Done; the answer", body = SettingsView)))]
async fn reset_calendar<S: Backend>(Scoped(s): Scoped<S>) -> Answer<SettingsView> {
    ops::reset_calendar(&s).await?;
    Ok(Json(ops::settings(&s).await?))
}

/// A JSON body read strictly: sent as JSON, an object, naming only fields the request takes.
/// A misspelt field is refused, not dropped, as `followup import` refuses it. The forms
/// themselves stay lenient: the pages send them too, with fields of the browser's own.
struct StrictJson<T>(T);

impl<T, S> FromRequest<S> for StrictJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Refusal;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !sent_as_json(req.headers()) {
            return Err(Refusal {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                error: "send the body as JSON, with the header Content-Type: application/json; \
                        nothing was changed"
                    .into(),
            });
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| Refusal {
            status: e.status(),
            error: if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                "the body is too large; nothing was changed".into()
            } else {
                e.body_text()
            },
        })?;
        read_strictly(&bytes).map(StrictJson)
    }
}

/// `application/json`, or a JSON of its own kind (`application/merge-patch+json`), as axum's
/// `Json` takes it.
fn sent_as_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence.split_once('/').is_some_and(|(kind, subtype)| {
        kind == "application" && (subtype == "json" || subtype.ends_with("+json"))
    })
}

fn read_strictly<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Refusal> {
    let refused = |status, error: String| Refusal {
        status,
        error: format!("{error}; nothing was changed"),
    };
    let fields = fields_of::<T>();
    let example = fields.and_then(|f| f.first()).copied().unwrap_or("field");
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(refused(
            StatusCode::BAD_REQUEST,
            format!("the body is empty: send a JSON object, like {{\"{example}\": \"...\"}}"),
        ));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        refused(
            StatusCode::BAD_REQUEST,
            format!("the body is not JSON: {e}"),
        )
    })?;
    let object = match value {
        Value::Object(object) => object,
        other => {
            return Err(refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "the body is {}: send a JSON object of fields, like {{\"{example}\": \"...\"}}",
                    kind_of(&other)
                ),
            ));
        }
    };
    if let Some(fields) = fields {
        let unknown: Vec<&str> = object
            .keys()
            .map(String::as_str)
            .filter(|key| !fields.contains(key))
            .collect();
        if !unknown.is_empty() {
            let what = if unknown.len() == 1 {
                "a field this request does not take"
            } else {
                "fields this request does not take"
            };
            return Err(refused(
                StatusCode::BAD_REQUEST,
                format!(
                    "{}: {what} (it takes {})",
                    unknown.join(", "),
                    fields.join(", ")
                ),
            ));
        }
    }
    let value = Value::Object(object);
    T::deserialize(&value).map_err(|e| {
        refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            culprit::<T>(&value).unwrap_or_else(|| format!("the body does not fit: {e}")),
        )
    })
}

/// Which field a body that does not fit is refused for, tried alone (every field of the forms
/// may be left out), said as a sentence.
fn culprit<T: DeserializeOwned>(body: &Value) -> Option<String> {
    body.as_object()?.iter().find_map(|(key, value)| {
        let e = T::deserialize(&alone(key, value.clone()))
            .err()?
            .to_string();
        if e.starts_with("missing field") {
            None
        } else if e.contains("untagged enum") {
            // The forms' fields, read as a person types them: text (or a number, or true or
            // false), and for some a list of texts.
            let lists = T::deserialize(&alone(key, Value::Array(Vec::new()))).is_ok();
            Some(if lists {
                format!("{key}: give text, or a list of texts")
            } else {
                format!("{key}: give text, not {}", kind_of(value))
            })
        } else {
            Some(format!("{key}: {e}"))
        }
    })
}

/// A body of one field.
fn alone(key: &str, value: Value) -> Value {
    let mut body = serde_json::Map::new();
    body.insert(key.to_string(), value);
    Value::Object(body)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The fields `T` names, learnt by asking it to deserialize itself from a deserializer that
/// only listens: serde's derive hands over the list of its fields. `None` for a type that
/// does not say (a map, a flattened struct): then any field is let through.
fn fields_of<T: DeserializeOwned>() -> Option<&'static [&'static str]> {
    let mut fields = None;
    let _ = T::deserialize(FieldsOnly(&mut fields));
    fields
}

struct FieldsOnly<'a>(&'a mut Option<&'static [&'static str]>);

/// What `FieldsOnly` answers every question with, once it has heard the fields.
#[derive(Debug)]
struct Heard;

impl std::fmt::Display for Heard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("only the fields were asked for")
    }
}

impl std::error::Error for Heard {}

impl serde::de::Error for Heard {
    fn custom<M: std::fmt::Display>(_: M) -> Heard {
        Heard
    }
}

impl<'de> serde::Deserializer<'de> for FieldsOnly<'_> {
    type Error = Heard;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Heard> {
        Err(Heard)
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Heard> {
        *self.0 = Some(fields);
        Err(Heard)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn refused<T: DeserializeOwned + std::fmt::Debug>(body: &str) -> Refusal {
        read_strictly::<T>(body.as_bytes()).expect_err(body)
    }

    #[test]
    fn the_fields_a_request_takes_pass() {
        let f: SkipForm = read_strictly(br#"{"why": "filled elsewhere"}"#).unwrap();
        assert_eq!(f.why.as_deref(), Some("filled elsewhere"));
        let f: NewInterview =
            read_strictly(br#"{"minutes": 45, "with": ["Priya, Head"]}"#).unwrap();
        assert_eq!(f.minutes.as_deref(), Some("45"));
        assert_eq!(f.with, ["Priya, Head"]);
        assert_eq!(fields_of::<SkipForm>(), Some(&["why"][..]));
    }

    #[test]
    fn an_unknown_field_is_refused_by_name() {
        let r = refused::<SkipForm>(r#"{"why": "x", "mood": "calm"}"#);
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(
            r.error
                .starts_with("mood: a field this request does not take (it takes why)"),
            "{}",
            r.error
        );
        let r = refused::<SkipForm>(r#"{"mood": 1, "colour": 2}"#);
        assert!(r.error.starts_with("mood, colour: fields"), "{}", r.error);
    }

    #[test]
    fn a_body_that_is_not_a_json_object_is_refused() {
        for (body, status, said) in [
            ("", StatusCode::BAD_REQUEST, "the body is empty"),
            (
                "{\"why\": ",
                StatusCode::BAD_REQUEST,
                "the body is not JSON",
            ),
            (
                "[1, 2]",
                StatusCode::UNPROCESSABLE_ENTITY,
                "the body is a list",
            ),
        ] {
            let r = refused::<SkipForm>(body);
            assert_eq!(r.status, status, "{body}");
            assert!(r.error.starts_with(said), "{}", r.error);
            assert!(r.error.ends_with("nothing was changed"), "{}", r.error);
        }
    }

    #[test]
    fn a_value_that_does_not_fit_names_its_field() {
        let r = refused::<NewInterview>(r#"{"starts": "Friday 2pm", "with": 5}"#);
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.error.starts_with("with: give text, or a list of texts"),
            "{}",
            r.error
        );
        let r = refused::<SkipForm>(r#"{"why": {"a": 1}}"#);
        assert!(
            r.error.starts_with("why: give text, not an object"),
            "{}",
            r.error
        );
    }

    #[test]
    fn json_is_known_by_its_content_type() {
        let sent = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            sent_as_json(&headers)
        };
        assert!(sent("application/json"));
        assert!(sent("Application/JSON; charset=utf-8"));
        assert!(sent("application/merge-patch+json"));
        assert!(!sent("text/json"));
        assert!(!sent("application/x-www-form-urlencoded"));
        assert!(!sent_as_json(&HeaderMap::new()));
    }

    #[test]
    fn the_document_says_the_bodies_are_strict() {
        let doc: Value = serde_json::from_str(DOCUMENT.as_str()).unwrap();
        for name in ["NewApplication", "DebriefForm", "TemplateForm"] {
            assert_eq!(
                doc["components"]["schemas"][name]["additionalProperties"],
                Value::Bool(false),
                "{name}"
            );
        }
        let answers = &doc["paths"]["/api/v1/applications"]["post"]["responses"];
        assert!(answers.get("400").is_some(), "{answers}");
        assert!(answers.get("415").is_some(), "{answers}");
    }
}
