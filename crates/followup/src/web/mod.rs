//! `followup serve`: the web app. The pages (HTML that works without JavaScript, enhanced by
//! htmx) and the JSON API under `/api/v1` are two thin skins over one set of operations
//! (`ops`), which call the same command functions as the command line.

mod agency;
mod api;
mod assets;
pub mod config;
mod consultant;
mod error;
mod form;
mod insights;
mod kept;
mod ops;
mod pages;
pub mod routes;
mod scope;
mod secret;
mod views;
mod worker;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use anyhow::{Context as _, bail};
use axum::Router;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use followup_store::{Outbox, Store};
use jiff::Timestamp;
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::context::Context;
use error::WebError;
use kept::{Kept, Shelf, Stamp};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address to listen on: loopback only (127.0.0.1, ::1), where one person uses
    /// followup without an account. The agency mode (--config) listens where it says.
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDRESS:PORT")]
    pub listen: SocketAddr,
    /// The agency mode's settings (docs/agency.md): PostgreSQL, accounts, any address.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// With --config: read and check the settings, print them (secrets hidden) and stop.
    #[arg(long, requires = "config")]
    pub check: bool,
    /// Print every route the agency mode serves (for the access matrix) and stop.
    #[arg(long, hide = true)]
    pub routes: bool,
}

/// `followup serve --config FILE`: the agency mode. Its settings are read and checked; with
/// `--check` they are printed, else it serves every account of the database they name.
pub async fn agency(path: &std::path::Path, check: bool, context: &Context) -> anyhow::Result<()> {
    let (file, config, values) = config::load(path)?;
    if check {
        print!("{}", config::described(&file, &values));
        println!("{file}: every setting is sound.");
        return Ok(());
    }
    let store = followup_store::PostgresStore::connect(&config.database_url).await?;
    if let Some(why) = store.passes_row_security().await? {
        bail!(
            "{file}: `database.url` connects as a role row-level security does not hold: {why}. \
             Connect the app as a role of its own, which `followup agency found` grants its rights"
        );
    }
    pages::load(true);
    let wake: Arc<tokio::sync::Notify> = Arc::default();
    tokio::spawn(worker::agency(worker::Agency {
        store: store.clone(),
        mailroom: config.mailroom(),
        public_url: config.public_url.trim_end_matches('/').to_string(),
        fixed_now: context.fixed.then_some(context.now),
        wake: wake.clone(),
    }));
    let desk = Arc::new(agency::Desk {
        days: consultant::KeptDays::default(),
        desks: consultant::PerSearch::default(),
        day_pages: consultant::DayPages::default(),
        wake: wake.clone(),
        accounts: store.clone(),
        limits: config.limits(),
        mailroom: config.mailroom(),
        public_url: config.public_url.trim_end_matches('/').to_string(),
        fixed_now: context.fixed.then_some(context.now),
    });
    let accounts = store.clone();
    let signed_in: scope::SignedIn = Box::new(move |token, now| {
        let accounts = accounts.clone();
        Box::pin(async move { followup_app::accounts::signed_in(&accounts, &token, now).await })
    });
    let tenants = scope::Tenants::new(signed_in, desk.cookie());
    let public_url = desk.public_url.clone();
    let mut shared = Shared::new(
        store,
        context,
        Some((tenants, public_url.clone())),
        String::new(),
    )?;
    shared.wake = wake;
    let shared = Arc::new(shared);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    println!(
        "followup is serving the agency at {} (listening on {}; Ctrl-C stops it)",
        public_url,
        listener.local_addr()?
    );
    let (pages, _) = routes().with_state(shared);
    let (desk, _) = agency::routes()
        .merge(consultant::routes())
        .with_state(desk);
    let app = guarded(pages.merge(desk), false);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .context("the web server stopped")?;
    Ok(())
}

/// A database the web app can serve from any thread.
pub trait Backend: Store + Outbox + Clone + Send + Sync + 'static {}
impl<T: Store + Outbox + Clone + Send + Sync + 'static> Backend for T {}

/// What every request shares: the store, the clock and the calendar's secret.
pub struct Shared<S> {
    pub store: S,
    /// The moment given with `--now`, which then stands still; else the clock.
    fixed_now: Option<Timestamp>,
    calendar: RwLock<String>,
    data_dir: PathBuf,
    /// The busiest pages, as last rendered.
    pub kept: Kept,
    /// Wakes the outbox's worker: a letter was queued. In the agency mode every search's
    /// wakes the agency's one worker.
    pub wake: Arc<tokio::sync::Notify>,
    /// The messages lately carried to the next page (`?said=`), by token.
    said: std::sync::Mutex<std::collections::VecDeque<(String, String)>>,
    /// The calendar feed's ETag when this process first served it, and that moment: the
    /// feed's Last-Modified. Another instance may give a later moment for the same feed
    /// (a needless download), never an earlier one (a missed change).
    pub feed_seen: std::sync::Mutex<Option<(String, Timestamp)>>,
    /// The agency mode: who a session is, and each job search's own state.
    agency: Option<scope::Tenants<S>>,
    /// Whether the files beside this process (the user's words, templates and the calendar's
    /// secret) are this job search's: on loopback only. In the agency mode they are the
    /// search's rows in the store.
    pub own_files: bool,
    /// The address people open, in the agency mode (`web.public_url`).
    pub public_url: Option<String>,
}

/// The calendar feed's name of an agency's job search: the search, then its own secret, so
/// that the address finds the search without a session (calendar apps have none).
pub async fn calendar_name_in(store: &impl Store) -> Result<Option<String>, WebError> {
    Ok(store
        .own_file(followup_app::own::CALENDAR_TOKEN)
        .await?
        .map(|token| feed_name(store.search(), &token)))
}

/// An agency's calendar feed's name: the search, then its secret.
fn feed_name(search: followup_store::SearchId, token: &str) -> String {
    format!("{}.{token}", search.0)
}

/// How many messages to the next page are remembered.
const SAID_KEPT: usize = 256;

pub type AppState<S> = Arc<Shared<S>>;

impl<S: Backend> Shared<S> {
    /// The one user's state on loopback (`calendar`: the secret of their feed), or the agency
    /// mode's, whose job searches each get their own (`for_search`).
    fn new(
        store: S,
        context: &Context,
        agency: Option<(scope::Tenants<S>, String)>,
        calendar: String,
    ) -> anyhow::Result<Shared<S>> {
        let (agency, public_url) = agency.unzip();
        Ok(Shared {
            store,
            fixed_now: context.fixed.then_some(context.now),
            calendar: RwLock::new(calendar),
            data_dir: context.data_dir()?,
            kept: Kept::default(),
            wake: Arc::default(),
            said: Default::default(),
            feed_seen: Default::default(),
            // `--agency` and `--candidate` on loopback: the account's own files, not this machine's.
            own_files: agency.is_none() && context.keeping == followup_app::own::Keeping::Files,
            agency,
            public_url,
        })
    }

    /// The state of one job search of the agency: its own store, kept pages and messages.
    fn for_search(&self, search: followup_store::SearchId) -> Shared<S> {
        Shared {
            store: self.store.for_search(search),
            fixed_now: self.fixed_now,
            calendar: RwLock::new(String::new()),
            data_dir: self.data_dir.clone(),
            kept: Kept::default(),
            wake: self.wake.clone(),
            said: Default::default(),
            feed_seen: Default::default(),
            agency: None,
            own_files: false,
            public_url: self.public_url.clone(),
        }
    }

    /// The calendar feed's name in its address (`/calendar/NAME.ics`), if it has one: on one
    /// machine the secret kept in the data directory; in the agency mode the search's own.
    pub async fn calendar_name(&self) -> Result<Option<String>, WebError> {
        if self.own_files {
            let token = self
                .calendar
                .read()
                .map_err(|_| WebError::Internal("the calendar's secret is unreadable".into()))?;
            return Ok(Some(token.clone()));
        }
        calendar_name_in(&self.store).await
    }

    /// A new secret for the calendar feed (the old address stops working); the feed's name.
    pub async fn new_calendar_name(&self) -> Result<String, WebError> {
        if self.own_files {
            let token = secret::reset_calendar_token(&self.data_dir)
                .map_err(|e| WebError::Internal(format!("{e:#}")))?;
            let mut kept = self
                .calendar
                .write()
                .map_err(|_| WebError::Internal("the calendar's secret is unreadable".into()))?;
            *kept = token.clone();
            return Ok(token);
        }
        let token = followup_app::accounts::random_token::<24>()?;
        self.store
            .save_own_file(followup_app::own::CALENDAR_TOKEN, Some(&token))
            .await?;
        Ok(feed_name(self.store.search(), &token))
    }
}

impl<S> Shared<S> {
    /// The context of one request: the moment it is handled.
    /// The moment of a request: the clock, unless `--now` stood it still.
    pub fn context(&self) -> followup_app::Context {
        followup_app::Context {
            now: self.fixed_now.unwrap_or_else(Timestamp::now),
            fixed: self.fixed_now.is_some(),
            keeping: if self.own_files {
                followup_app::own::Keeping::Files
            } else {
                followup_app::own::Keeping::Store
            },
        }
    }
}

impl<S: Store> Shared<S> {
    /// Remembers a message for the next page; the token that names it in the URL. On one
    /// machine in this process; in the agency mode in the store, since another instance may
    /// answer the next page.
    pub async fn tell(&self, text: &str) -> Result<String, WebError> {
        if !self.own_files {
            let token = followup_app::accounts::random_token::<16>()?;
            self.store.say(&token, text, self.context().now).await?;
            return Ok(token);
        }
        let mut said = self.said.lock().unwrap_or_else(|e| e.into_inner());
        let token = format!(
            "{:x}{:x}",
            Timestamp::now().as_nanosecond() as u64,
            said.len()
        );
        if said.len() == SAID_KEPT {
            said.pop_front();
        }
        said.push_back((token.clone(), text.to_string()));
        Ok(token)
    }

    /// The message a token names, if this app said it lately; anything else shows nothing.
    pub async fn told(&self, token: Option<String>) -> Option<String> {
        let token = token?;
        if !self.own_files {
            return self.store.said(&token).await.ok().flatten();
        }
        let said = self.said.lock().unwrap_or_else(|e| e.into_inner());
        said.iter()
            .find(|(t, _)| *t == token)
            .map(|(_, text)| text.clone())
    }
}

impl<S: Store> Shared<S> {
    /// A page's body, kept until the store changes or the minute turns (see `kept`).
    pub async fn kept(
        &self,
        shelf: Shelf,
        make: impl AsyncFnOnce() -> Result<Vec<u8>, WebError>,
    ) -> Result<Bytes, WebError> {
        let stamp = Stamp {
            revision: self.store.revision().await?,
            minute: self.context().now.as_second().div_euclid(60),
        };
        self.kept
            .get(shelf, stamp, async move || make().await.map(Bytes::from))
            .await
    }
}

pub async fn serve(args: Args, store: impl Backend, context: &Context) -> anyhow::Result<()> {
    if !args.listen.ip().is_loopback() {
        bail!(
            "--listen {}: without accounts followup serves only this machine (127.0.0.1 or \
             ::1; the agency mode, `serve --config`, has accounts); anyone who can reach another \
             address could read \
             and send your letters",
            args.listen
        );
    }
    pages::load(false);
    let calendar = secret::calendar_token(&context.data_dir()?)?;
    let shared = Arc::new(Shared::new(store, context, None, calendar)?);
    tokio::spawn(worker::run(shared.clone()));
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    println!("followup is serving http://{address}/ (Ctrl-C stops it)");
    axum::serve(listener, app(shared))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("the web server stopped")?;
    Ok(())
}

/// Every route, with the layers that keep a loopback server private.
pub fn app<S: Backend>(shared: AppState<S>) -> Router {
    guarded(routes().with_state(shared).0, true)
}

/// The pages, the API and the assets, each job search's.
fn routes<S: Backend>() -> routes::Routes<AppState<S>> {
    routes::Routes::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .merge(assets::routes())
}

/// Every route the agency mode serves, as `serve --routes` prints them (one JSON object a
/// line): the list the access matrix is generated from.
pub fn print_routes() -> anyhow::Result<()> {
    let job_search = routes::<followup_store::PostgresStore>();
    let desk = agency::routes().merge(consultant::routes());
    for route in job_search.list().iter().chain(desk.list()) {
        println!("{}", serde_json::to_string(route)?);
    }
    Ok(())
}

/// The layers around every route: on loopback, only this machine's names are answered.
fn guarded(router: Router, loopback: bool) -> Router {
    let router = if loopback {
        router.layer(middleware::from_fn(loopback_host))
    } else {
        router
    };
    router
        // A page of another site may not make the browser act here.
        .layer(CsrfLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        // Every answer is the job search itself (letters, the calendar feed and its secret
        // address, the API's JSON): no browser or proxy keeps a copy. Only the static assets,
        // compiled in, say for themselves how long they may be kept.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(2 << 20))
}

/// Only requests addressed to this machine by name: another name that resolves here (DNS
/// rebinding) would let a web site read the job search through the visitor's browser.
async fn loopback_host(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    if matches!(name, "127.0.0.1" | "localhost" | "[::1]") {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "followup answers only at 127.0.0.1, localhost or [::1]",
        )
            .into_response()
    }
}
