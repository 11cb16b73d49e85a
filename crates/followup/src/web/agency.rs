//! The agency mode's own pages: signing in and out, the invitation and reset links, and the
//! people of the agency (docs/agency.md). Everything a session needs is in the database, so
//! any instance answers any request.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Form, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use followup_app::AppError;
use followup_app::accounts::{self, Invitee, Limits};
use followup_app::mailroom::{self, Link, Mailroom};
use followup_store::{Account, Accounts, PostgresStore, Role, Store, TokenKind};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::error::WebError;
use super::pages::{Page, PageError, render};
use super::routes::Routes;
use super::scope::session;

/// What the agency's pages share: its accounts, their limits, and the app's own emails.
pub struct Desk {
    pub accounts: PostgresStore,
    pub limits: Limits,
    pub mailroom: Mailroom,
    /// The address people open, without a trailing slash: the links in emails start here.
    pub public_url: String,
    /// The moment given with `--now`, which then stands still; else the clock.
    pub fixed_now: Option<Timestamp>,
    /// Wakes the agency's outbox worker: a letter was forwarded.
    pub wake: std::sync::Arc<tokio::sync::Notify>,
    /// Each candidate's part of the consultants' days, as last computed.
    pub days: super::consultant::KeptDays,
    /// Each consultant's day as last rendered.
    pub day_pages: super::consultant::DayPages,
    /// Each candidate's figures in the agency's insights, as last computed.
    pub desks: super::consultant::PerSearch<followup_core::track::Desk>,
}

impl Desk {
    fn now(&self) -> Timestamp {
        self.fixed_now.unwrap_or_else(Timestamp::now)
    }

    /// The context of a request on a candidate's job search: its own words are in the store.
    pub(super) fn context(&self) -> followup_app::Context {
        followup_app::Context {
            now: self.now(),
            fixed: self.fixed_now.is_some(),
            keeping: followup_app::own::Keeping::Store,
        }
    }

    /// Behind https the cookie is `__Host-` and Secure: sent only over https, to this host.
    pub fn cookie(&self) -> &'static str {
        if self.secure() {
            "__Host-followup"
        } else {
            "followup"
        }
    }

    fn secure(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// A session's cookie: not for scripts, not sent from other sites' forms, kept until the
    /// browser closes (the session itself ends in the database).
    fn set_cookie(&self, token: &str) -> HeaderValue {
        self.cookie_header(token, "")
    }

    fn clear_cookie(&self) -> HeaderValue {
        self.cookie_header("", "; Max-Age=0")
    }

    fn cookie_header(&self, value: &str, lifetime: &str) -> HeaderValue {
        let secure = if self.secure() { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Lax{lifetime}{secure}",
            self.cookie()
        ))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// The account this request's session signs in, if any.
    async fn asker(&self, headers: &HeaderMap) -> Result<Option<Account>, AppError> {
        match session(headers, self.cookie()) {
            Some(token) => accounts::signed_in(&self.accounts, &token, self.now()).await,
            None => Ok(None),
        }
    }

    /// Emails a link; a failure is logged under an id and told as that id.
    async fn email(&self, to: &Account, link: Link<'_>, path: &str) -> Result<(), WebError> {
        let lifetime = match link {
            Link::Invitation { .. } => self.limits.invitation,
            Link::Reset => self.limits.reset,
        };
        let url = format!("{}{path}", self.public_url);
        mailroom::send(&self.mailroom, to, link, &url, lifetime, self.now())
            .await
            .map_err(WebError::from)
    }
}

pub(super) type DeskState = Arc<Desk>;

pub fn routes() -> Routes<DeskState> {
    Routes::new()
        .get("/sign-in", sign_in_page)
        .post("/sign-in", sign_in)
        .post("/sign-out", sign_out)
        .get("/account", account)
        .post("/account/reminder", reminder)
        .get("/invitation/{token}", invitation_page)
        .post("/invitation/{token}", take_invitation)
        .get("/reset", reset_page)
        .post("/reset", ask_reset)
        .get("/reset/{token}", reset_link_page)
        .post("/reset/{token}", take_reset)
        .get("/people", people)
        .post("/people", invite)
        .post("/people/{id}/consultant", reassign)
        .post("/people/{id}/invitation", invite_again)
}

/// What the sign-in, password and reset pages show.
#[derive(Serialize, Default)]
struct Door {
    error: Option<String>,
    said: Option<String>,
    email: String,
    /// The form's target (the link's own address, for a password).
    action: String,
}

fn door(name: &str, title: &str, status: StatusCode, view: Door) -> Page {
    let mut response = render(name, title, None, view)?;
    *response.status_mut() = status;
    Ok(response)
}

async fn sign_in_page() -> Page {
    door("sign_in.html", "Sign in", StatusCode::OK, Door::default())
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// Where an account goes once signed in: a candidate to their day, the others to People.
pub(super) fn home(account: &Account) -> &'static str {
    match account.role {
        Role::Candidate => "/",
        Role::Consultant => "/candidates",
        Role::Admin => "/people",
    }
}

fn signed_in_to(desk: &Desk, account: &Account, token: &str) -> Response {
    let mut response = Redirect::to(home(account)).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, desk.set_cookie(token));
    response
}

async fn sign_in(
    State(desk): State<DeskState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(f): Form<SignInForm>,
) -> Page {
    let address = peer.ip().to_string();
    let answer = accounts::sign_in(
        &desk.accounts,
        &f.email,
        &f.password,
        &address,
        desk.now(),
        &desk.limits,
    )
    .await;
    match answer {
        Ok((account, token)) => Ok(signed_in_to(&desk, &account, &token)),
        Err(e @ (AppError::SignIn(_) | AppError::TooMany(_))) => {
            let e = WebError::from(e);
            door(
                "sign_in.html",
                "Sign in",
                e.status(),
                Door {
                    error: Some(e.told()),
                    email: f.email,
                    ..Door::default()
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct SignOutForm {
    #[serde(default)]
    everywhere: Option<String>,
}

async fn sign_out(
    State(desk): State<DeskState>,
    headers: HeaderMap,
    Form(f): Form<SignOutForm>,
) -> Page {
    if let Some(token) = session(&headers, desk.cookie()) {
        accounts::sign_out(&desk.accounts, &token, f.everywhere.is_some()).await?;
    }
    let mut response = Redirect::to("/sign-in").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, desk.clear_cookie());
    Ok(response)
}

#[derive(Serialize)]
struct AccountView {
    name: String,
    email: String,
    role: &'static str,
    /// A candidate's daily reminder: its time zone if on, else the one the form offers.
    reminder: Option<Reminder>,
    error: Option<String>,
    said: Option<String>,
}

#[derive(Serialize)]
struct Reminder {
    on: bool,
    zone: String,
}

/// The reminder's form: its time zone, and whether it is on.
#[derive(Deserialize)]
struct ReminderForm {
    #[serde(default)]
    zone: String,
    #[serde(default)]
    on: Option<String>,
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Consultant => "consultant",
        Role::Candidate => "candidate",
    }
}

async fn account(State(desk): State<DeskState>, Signed(me): Signed) -> Page {
    account_page(&desk, me, None, None, StatusCode::OK).await
}

async fn account_page(
    desk: &Desk,
    me: Account,
    said: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Page {
    let reminder = match (&me.reminder, me.search) {
        (Some(zone), _) => Some(Reminder {
            on: true,
            zone: zone.clone(),
        }),
        // Off: the form offers the zone of the candidate's profile.
        (None, Some(search)) => {
            let (profile, _) = desk.accounts.for_search(search).profile().await?;
            Some(Reminder {
                on: false,
                zone: profile
                    .timezone
                    .map_or_else(|| "Europe/London".to_string(), |z| z.to_string()),
            })
        }
        (None, None) => None,
    };
    let view = AccountView {
        name: me.name,
        email: me.email,
        role: role_name(me.role),
        reminder,
        error,
        said,
    };
    let mut page = render("account.html", "Your account", None, view)?;
    *page.status_mut() = status;
    Ok(page)
}

async fn reminder(
    State(desk): State<DeskState>,
    Signed(me): Signed,
    Form(f): Form<ReminderForm>,
) -> Page {
    let zone = f.on.is_some().then_some(f.zone.as_str());
    match accounts::set_reminder(&desk.accounts, &me, zone, desk.now()).await {
        Ok(()) => {
            let me = desk.accounts.account(&me.id).await?.unwrap_or(me);
            let said = if me.reminder.is_some() {
                "Your day's actions will come by email at 08:00."
            } else {
                "No more daily emails."
            };
            account_page(&desk, me, Some(said.into()), None, StatusCode::OK).await
        }
        Err(e @ AppError::Invalid { .. }) => {
            let e = WebError::from(e);
            account_page(&desk, me, None, Some(e.told()), e.status()).await
        }
        Err(e) => Err(WebError::from(e).into()),
    }
}

fn password_door(kind: TokenKind, token: &str, error: Option<String>, status: StatusCode) -> Page {
    let (path, title) = match kind {
        TokenKind::Reset => ("reset", "Choose a new password"),
        _ => ("invitation", "Choose your password"),
    };
    door(
        "password.html",
        title,
        status,
        Door {
            error,
            action: format!("/{path}/{token}"),
            ..Door::default()
        },
    )
}

/// A link's token as it may be: hexadecimal, of the length tokens have.
fn link_token(token: &str) -> Result<&str, WebError> {
    if token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(token)
    } else {
        Err(gone())
    }
}

fn gone() -> WebError {
    WebError::NotFound("this link has been used or has expired: ask for a new one".into())
}

/// A link's page asks for the password only while the link is good.
async fn link_page(desk: &Desk, kind: TokenKind, token: &str) -> Page {
    let token = link_token(token)?;
    if !accounts::link_good(&desk.accounts, kind, token, desk.now()).await? {
        return Err(gone().into());
    }
    password_door(kind, token, None, StatusCode::OK)
}

async fn invitation_page(State(desk): State<DeskState>, Path(token): Path<String>) -> Page {
    link_page(&desk, TokenKind::Invitation, &token).await
}

async fn reset_link_page(State(desk): State<DeskState>, Path(token): Path<String>) -> Page {
    link_page(&desk, TokenKind::Reset, &token).await
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    password: String,
}

/// Takes the link and sets the password, then signs in with a new session.
async fn choose_password(desk: &Desk, kind: TokenKind, token: &str, password: &str) -> Page {
    let token = link_token(token)?;
    match accounts::set_password(&desk.accounts, kind, token, password, desk.now()).await {
        Ok(account) => {
            let token =
                accounts::new_session(&desk.accounts, &account, desk.now(), &desk.limits).await?;
            Ok(signed_in_to(desk, &account, &token))
        }
        Err(e @ AppError::Invalid { .. }) => {
            let e = WebError::from(e);
            password_door(kind, token, Some(e.told()), e.status())
        }
        Err(e) => Err(e.into()),
    }
}

async fn take_invitation(
    State(desk): State<DeskState>,
    Path(token): Path<String>,
    Form(f): Form<PasswordForm>,
) -> Page {
    choose_password(&desk, TokenKind::Invitation, &token, &f.password).await
}

async fn take_reset(
    State(desk): State<DeskState>,
    Path(token): Path<String>,
    Form(f): Form<PasswordForm>,
) -> Page {
    choose_password(&desk, TokenKind::Reset, &token, &f.password).await
}

async fn reset_page() -> Page {
    door(
        "reset.html",
        "Forgotten password",
        StatusCode::OK,
        Door::default(),
    )
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    email: String,
}

/// Whoever asks hears the same, whether the email has an account or not.
async fn ask_reset(State(desk): State<DeskState>, Form(f): Form<ResetForm>) -> Page {
    let said = "If an account has this email, a link to choose a new password is on its way.";
    if let Some((account, token)) =
        accounts::request_reset(&desk.accounts, &f.email, desk.now(), &desk.limits).await?
        && let Err(e) = desk
            .email(&account, Link::Reset, &format!("/reset/{token}"))
            .await
    {
        // Logged under an id; the answer stays the same, so it tells nothing of the account.
        let _ = e.told();
    }
    door(
        "reset.html",
        "Forgotten password",
        StatusCode::OK,
        Door {
            said: Some(said.into()),
            ..Door::default()
        },
    )
}

#[derive(Serialize)]
struct Person {
    id: String,
    name: String,
    email: String,
    role: &'static str,
    consultant: Option<String>,
    active: bool,
}

#[derive(Serialize)]
struct PeopleView {
    me: AccountView,
    admin: bool,
    people: Vec<Person>,
    /// The consultants a candidate may be given (the admin's forms).
    consultants: Vec<Person>,
    error: Option<String>,
    said: Option<String>,
}

fn person(a: &Account, everyone: &[Account]) -> Person {
    Person {
        id: a.id.clone(),
        name: a.name.clone(),
        email: a.email.clone(),
        role: role_name(a.role),
        consultant: a.consultant.as_ref().and_then(|id| {
            everyone
                .iter()
                .find(|c| &c.id == id)
                .map(|c| c.name.clone())
        }),
        active: a.active,
    }
}

async fn people_page(
    desk: &Desk,
    me: &Account,
    error: Option<String>,
    said: Option<String>,
    status: StatusCode,
) -> Page {
    let seen = accounts::people(&desk.accounts, me).await?;
    let everyone: &[Account] = if me.role == Role::Admin { &seen } else { &[] };
    let view = PeopleView {
        me: AccountView {
            name: me.name.clone(),
            email: me.email.clone(),
            role: role_name(me.role),
            reminder: None,
            error: None,
            said: None,
        },
        admin: me.role == Role::Admin,
        people: seen.iter().map(|a| person(a, everyone)).collect(),
        consultants: everyone
            .iter()
            .filter(|a| a.role == Role::Consultant)
            .map(|a| person(a, everyone))
            .collect(),
        error,
        said,
    };
    let mut response = render("people.html", "People", None, view)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The account a request to the agency's own pages signs in; without one, the sign-in page.
pub(super) struct Signed(pub Account);

impl FromRequestParts<DeskState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, desk: &DeskState) -> Result<Self, Response> {
        match desk.asker(&parts.headers).await {
            Ok(Some(me)) => Ok(Signed(me)),
            Ok(None) => Err(Redirect::to("/sign-in").into_response()),
            Err(e) => Err(PageError::from(WebError::from(e)).into_response()),
        }
    }
}

async fn people(State(desk): State<DeskState>, Signed(me): Signed) -> Page {
    people_page(&desk, &me, None, None, StatusCode::OK).await
}

#[derive(Deserialize)]
struct InviteForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    consultant: Option<String>,
}

/// After a change on People: the page again, with what happened or what was wrong.
async fn people_after(desk: &Desk, me: &Account, answer: Result<String, AppError>) -> Page {
    match answer {
        Ok(said) => people_page(desk, me, None, Some(said), StatusCode::OK).await,
        Err(e) => {
            let e = WebError::from(e);
            let status = e.status();
            people_page(desk, me, Some(e.told()), None, status).await
        }
    }
}

async fn invite(
    State(desk): State<DeskState>,
    Signed(me): Signed,
    Form(f): Form<InviteForm>,
) -> Page {
    let role = match f.role.as_str() {
        "consultant" => Role::Consultant,
        "candidate" => Role::Candidate,
        _ => {
            let refused = Err(AppError::field(
                "role",
                "invite a consultant or a candidate",
            ));
            return people_after(&desk, &me, refused).await;
        }
    };
    let invitee = Invitee {
        role,
        email: &f.email,
        name: &f.name,
        consultant: f.consultant.as_deref().filter(|c| !c.is_empty()),
    };
    let answer = async {
        let (account, token) =
            accounts::invite(&desk.accounts, &me, &invitee, desk.now(), &desk.limits).await?;
        sent(&desk, &me, &account, &token).await
    }
    .await;
    people_after(&desk, &me, answer).await
}

/// Emails an invitation; the account stays, and may be sent it again, if the email fails.
async fn sent(desk: &Desk, me: &Account, to: &Account, token: &str) -> Result<String, AppError> {
    let link = Link::Invitation { by: &me.name };
    match desk.email(to, link, &format!("/invitation/{token}")).await {
        Ok(()) => Ok(format!("An invitation is on its way to {}.", to.email)),
        Err(e) => Err(AppError::invalid(format!(
            "{} is invited, but the email did not go: {} Send it again from this page.",
            to.email,
            e.told()
        ))),
    }
}

#[derive(Deserialize)]
struct ReassignForm {
    #[serde(default)]
    consultant: String,
}

async fn reassign(
    State(desk): State<DeskState>,
    Signed(me): Signed,
    Path(id): Path<String>,
    Form(f): Form<ReassignForm>,
) -> Page {
    let answer = accounts::reassign(&desk.accounts, &me, &id, &f.consultant)
        .await
        .map(|()| "The candidate has a new consultant.".to_string());
    people_after(&desk, &me, answer).await
}

async fn invite_again(
    State(desk): State<DeskState>,
    Signed(me): Signed,
    Path(id): Path<String>,
) -> Page {
    let answer = async {
        let (account, token) =
            accounts::invite_again(&desk.accounts, &me, &id, desk.now(), &desk.limits).await?;
        sent(&desk, &me, &account, &token).await
    }
    .await;
    people_after(&desk, &me, answer).await
}
