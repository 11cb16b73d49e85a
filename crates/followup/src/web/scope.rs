//! Whose job search a request acts for. On loopback, the one user's; in the agency mode, the
//! search of the account its session cookie signs in, and nobody else's: every page and API
//! handler takes a [`Scoped`] in place of the whole app's state, so none can reach a search
//! the request was not scoped to. Row-level security in PostgreSQL is the second wall.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use followup_app::AppError;
use followup_store::{Account, Role, SearchId};
use jiff::Timestamp;

use super::error::{ApiError, WebError};
use super::{AppState, Backend, Shared};

/// The account a session's token signs in at a moment, if any (the agency's accounts).
pub type SignedIn = Box<
    dyn Fn(
            String,
            Timestamp,
        ) -> Pin<Box<dyn Future<Output = Result<Option<Account>, AppError>> + Send>>
        + Send
        + Sync,
>;

/// The agency mode's side of the app's state: who a session is, and each job search's own
/// state (its kept pages, its messages), made when first asked for.
pub struct Tenants<S> {
    pub signed_in: SignedIn,
    /// The session cookie's name (`__Host-` behind https).
    pub cookie: &'static str,
    searches: Mutex<HashMap<SearchId, AppState<S>>>,
}

impl<S: Backend> Tenants<S> {
    pub fn new(signed_in: SignedIn, cookie: &'static str) -> Tenants<S> {
        Tenants {
            signed_in,
            cookie,
            searches: Mutex::default(),
        }
    }

    /// The state of one job search (the agency's one outbox worker delivers its letters).
    fn search(&self, app: &Shared<S>, search: SearchId) -> AppState<S> {
        let mut searches = self.searches.lock().unwrap_or_else(|e| e.into_inner());
        searches
            .entry(search)
            .or_insert_with(|| Arc::new(app.for_search(search)))
            .clone()
    }
}

/// The state of one job search: the agency's kept one, or on
/// loopback the one user's, if it is that one. Only for a search the request has proved its
/// right to.
pub fn search_state<S: Backend>(app: &AppState<S>, search: SearchId) -> Option<AppState<S>> {
    match &app.agency {
        Some(tenants) => Some(tenants.search(app, search)),
        None => (app.store.search() == search).then(|| app.clone()),
    }
}

/// The job search a request acts for.
pub struct Scoped<S>(pub AppState<S>);

impl<S: Backend> FromRequestParts<AppState<S>> for Scoped<S> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState<S>) -> Result<Self, Response> {
        let Some(tenants) = &app.agency else {
            return Ok(Scoped(app.clone()));
        };
        // The API answers in JSON with a status; a page sends the browser where it can go on.
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.path().to_string(), |u| u.0.path().to_string());
        let api = path.starts_with("/api/");
        let account = match session(&parts.headers, tenants.cookie) {
            Some(token) => (tenants.signed_in)(token, app.context().now).await,
            None => Ok(None),
        };
        match account {
            Ok(Some(Account {
                role: Role::Candidate,
                search: Some(search),
                ..
            })) => Ok(Scoped(tenants.search(app, search))),
            Ok(Some(_)) if api => Err(ApiError(WebError::NotFound(
                "a consultant or an admin reaches a candidate's search from Candidates".into(),
            ))
            .into_response()),
            Ok(Some(account)) => Err(Redirect::to(super::agency::home(&account)).into_response()),
            Ok(None) if api => {
                Err(ApiError(WebError::SignIn("sign in first".into())).into_response())
            }
            Ok(None) => Err(Redirect::to("/sign-in").into_response()),
            Err(e) => Err(ApiError(e.into()).into_response()),
        }
    }
}

/// The session's token from the request's cookies, if it has one.
pub fn session(headers: &HeaderMap, cookie: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie)
        .map(|(_, token)| token.to_string())
        .filter(|token| !token.is_empty() && token.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_is_read_from_its_cookie_alone() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            "a=1; __Host-followup=00ff; b=2".parse().unwrap(),
        );
        assert_eq!(
            session(&headers, "__Host-followup").as_deref(),
            Some("00ff")
        );
        assert_eq!(session(&headers, "followup"), None);
        let mut odd = HeaderMap::new();
        odd.append(header::COOKIE, "followup=<script>".parse().unwrap());
        assert_eq!(session(&odd, "followup"), None);
    }
}
