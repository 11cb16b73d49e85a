//! What went wrong in a request, as the user should hear it: their input (422), something
//! that is not there (404), or the machine (500: an error id in the answer, the cause in the
//! log under that id).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use followup_app::AppError;
use followup_store::StoreError;

#[derive(Debug)]
pub enum WebError {
    /// The request cannot be done as asked: the message says why and what to do.
    Invalid(String),
    NotFound(String),
    /// Not signed in, or the email and password do not match (401).
    SignIn(String),
    /// Too many failed sign-ins (429).
    TooMany(String),
    /// The record changed since the form was shown: nothing was saved (409).
    Conflict(Box<crate::web::views::DebriefConflict>),
    /// A change refused because someone else made it first, or it is already under way (409).
    Taken(String),
    /// The database or the machine failed; nothing was changed by halves.
    Internal(String),
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> WebError {
        let message = e.to_string();
        match e {
            AppError::Invalid { .. } | AppError::Checks(_) => WebError::Invalid(message),
            AppError::NotFound(_) => WebError::NotFound(message),
            AppError::SignIn(_) => WebError::SignIn(message),
            AppError::TooMany(_) => WebError::TooMany(message),
            AppError::Conflict(_) | AppError::DebriefChanged(_) | AppError::OnItsWay(_) => {
                WebError::Taken(message)
            }
            AppError::Store(_) | AppError::Internal(_) => WebError::Internal(message),
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> WebError {
        WebError::from(AppError::from(e))
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::SignIn(_) => StatusCode::UNAUTHORIZED,
            WebError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Conflict(_) | WebError::Taken(_) => StatusCode::CONFLICT,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            WebError::Invalid(m)
            | WebError::NotFound(m)
            | WebError::SignIn(m)
            | WebError::TooMany(m)
            | WebError::Taken(m)
            | WebError::Internal(m) => m,
            WebError::Conflict(c) => &c.message,
        }
    }

    /// What the person is told. A failure of the machine is logged on the server's terminal
    /// under an id of its own, and the answer gives only that id: the cause (a query, a path,
    /// a server's name) stays in the log, where whoever runs followup can find it by the id.
    pub fn told(&self) -> String {
        match self {
            WebError::Internal(cause) => {
                let id = followup_app::accounts::random_token::<6>()
                    .unwrap_or_else(|_| format!("{:x}", jiff::Timestamp::now().as_nanosecond()));
                eprintln!("error {id}: {cause}");
                format!(
                    "followup failed on its side (error {id}); nothing was changed by halves. \
                     Try again; if it goes on, give whoever runs followup the error's id."
                )
            }
            _ => self.message().to_string(),
        }
    }
}

/// The API's error body: `{"error": "..."}`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: String,
}

/// An error as the API answers it.
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        Refusal {
            status: self.0.status(),
            error: self.0.told(),
        }
        .into_response()
    }
}

/// An answer in the API's error shape with a status of its own: for a request the API cannot
/// read at all (not JSON: 400; a field it does not take: 400; not sent as JSON: 415; too
/// large: 413), before any operation runs.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    /// A sentence for a person: what to mend.
    pub error: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorBody { error: self.error })).into_response()
    }
}
