//! The few static files, compiled into the binary: no build step, nothing fetched from elsewhere.
//! htmx 2.0.11 is vendored as published on npm (`htmx.org`, Zero-Clause BSD licence).

use axum::http::header;
use axum::response::IntoResponse;

use super::routes::Routes;
use super::{AppState, Backend};

const HTMX: &str = include_str!("assets/htmx-2.0.11.min.js");
const CSS: &str = include_str!("assets/app.css");
const JS: &str = include_str!("assets/app.js");

pub fn routes<S: Backend>() -> Routes<AppState<S>> {
    Routes::new()
        .get("/assets/htmx-2.0.11.min.js", || {
            file("text/javascript", HTMX)
        })
        .get("/assets/app.css", || file("text/css", CSS))
        .get("/assets/app.js", || file("text/javascript", JS))
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
