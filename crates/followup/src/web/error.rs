//! What went wrong in a request, as the user should hear it: their input (422), something
//! that is not there (404), or the machine (500, the details kept out of the page).

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
            WebError::Conflict(_) | WebError::Taken(_) => StatusCode::CONFLICT,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            WebError::Invalid(m)
            | WebError::NotFound(m)
            | WebError::Taken(m)
            | WebError::Internal(m) => m,
            WebError::Conflict(c) => &c.message,
        }
    }

    /// Logged on the server's terminal: a failure of the machine, never the user's data.
    fn log(&self) {
        if let WebError::Internal(m) = self {
            eprintln!("error: {m}");
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
        self.0.log();
        Refusal {
            status: self.0.status(),
            error: self.0.message().to_string(),
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
