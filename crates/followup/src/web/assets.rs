//! The few static files, compiled into the binary: no build step, nothing fetched from elsewhere.
//! htmx 2.0.11 is vendored as published on npm (`htmx.org`, Zero-Clause BSD licence).

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use super::{AppState, Backend};

const HTMX: &str = include_str!("assets/htmx-2.0.11.min.js");
const CSS: &str = include_str!("assets/app.css");
const JS: &str = include_str!("assets/app.js");

pub fn routes<S: Backend>() -> Router<AppState<S>> {
    Router::new()
        .route(
            "/assets/htmx-2.0.11.min.js",
            get(|| file("text/javascript", HTMX)),
        )
        .route("/assets/app.css", get(|| file("text/css", CSS)))
        .route("/assets/app.js", get(|| file("text/javascript", JS)))
}

async fn file(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
