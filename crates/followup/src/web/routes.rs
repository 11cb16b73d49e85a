//! Every route is added through [`Routes`], which keeps the method and path of each one it
//! adds: `followup serve --routes` prints that list, and the access matrix test walks it, so
//! a route added later cannot escape the matrix.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodRouter, get, post, put};

/// One route: its method and its path (with `{params}`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Route {
    pub method: &'static str,
    pub path: String,
}

/// A router and the list of what it routes.
pub struct Routes<S> {
    router: Router<S>,
    list: Vec<Route>,
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    pub fn new() -> Routes<S> {
        Routes {
            router: Router::new(),
            list: Vec::new(),
        }
    }

    pub fn get<H: Handler<T, S>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.method("GET", path, get(handler))
    }

    pub fn post<H: Handler<T, S>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.method("POST", path, post(handler))
    }

    pub fn put<H: Handler<T, S>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.method("PUT", path, put(handler))
    }

    /// A route of one method, made by the caller (to add a layer to it).
    pub fn method(
        mut self,
        method: &'static str,
        path: &'static str,
        route: MethodRouter<S>,
    ) -> Self {
        self.list.push(Route {
            method,
            path: path.to_string(),
        });
        // axum merges the methods of one path.
        self.router = self.router.route(path, route);
        self
    }

    pub fn merge(mut self, other: Routes<S>) -> Self {
        self.list.extend(other.list);
        self.router = self.router.merge(other.router);
        self
    }

    pub fn nest(mut self, prefix: &str, other: Routes<S>) -> Self {
        self.list.extend(other.list.into_iter().map(|r| Route {
            method: r.method,
            path: format!("{prefix}{}", r.path),
        }));
        self.router = self.router.nest(prefix, other.router);
        self
    }

    /// The router, given its state, and the list.
    pub fn with_state<S2>(self, state: S) -> (Router<S2>, Vec<Route>) {
        (self.router.with_state(state), self.list)
    }

    pub fn list(&self) -> &[Route] {
        &self.list
    }
}
