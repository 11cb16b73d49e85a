//! The agency mode's people: invitations, passwords, sign-ins and their limits, and who may
//! act for which job search. A candidate acts for their own search; a consultant for their
//! candidates'; an admin for every candidate of their agency; nobody for another agency's.
//! Someone else's search is "not found", never "forbidden": its existence is not told.
//!
//! Passwords are kept as argon2id hashes ([`PASSWORD_HASH`]); tokens (sessions, invitation
//! and reset links) are 256 random bits given once, and kept only as their SHA-256.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use followup_store::{Account, Accounts, NewAccount, Role, SearchId, Store, TokenKind};
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

use crate::{AppError, Result};

/// argon2id with 19 MiB of memory, 2 passes and 1 lane: the first of OWASP's recommended
/// settings (Password Storage Cheat Sheet), about the cost the closing note measures.
pub const PASSWORD_HASH: (u32, u32, u32) = (19 * 1024, 2, 1);

/// The shortest password accepted; the longest, so that hashing cannot be made to cost more.
const PASSWORD_LENGTH: (usize, usize) = (12, 1024);

/// How many failed sign-ins are allowed, over how long; how long sessions and links last.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_account: u32,
    pub per_address: u32,
    pub window: SignedDuration,
    pub session: SignedDuration,
    pub invitation: SignedDuration,
    pub reset: SignedDuration,
}

fn argon2() -> Argon2<'static> {
    let (memory, passes, lanes) = PASSWORD_HASH;
    let params = Params::new(memory, passes, lanes, None).expect("fixed parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Internal(format!("the system's random numbers failed: {e}")))?;
    Ok(bytes)
}

/// A password's argon2id hash, in the PHC string format (salt and parameters included).
pub fn hash_password(password: &str) -> Result<String> {
    let chars = password.chars().count();
    if chars < PASSWORD_LENGTH.0 {
        return Err(AppError::field(
            "password",
            format!("use at least {} characters", PASSWORD_LENGTH.0),
        ));
    }
    if chars > PASSWORD_LENGTH.1 {
        return Err(AppError::field(
            "password",
            format!("use at most {} characters", PASSWORD_LENGTH.1),
        ));
    }
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|e| AppError::Internal(format!("cannot make a salt: {e}")))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("cannot hash the password: {e}")))
}

/// Whether the password is the one hashed. A hash that cannot be read matches nothing.
pub fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `N` random bytes from the system, in hexadecimal: a secret to put in a link or a cookie.
pub fn random_token<const N: usize>() -> Result<String> {
    Ok(hex(&random_bytes::<N>()?))
}

/// A new token, and the hash the store keeps of it.
pub fn new_token() -> Result<(String, String)> {
    let token = random_token::<32>()?;
    let hash = token_hash(&token);
    Ok((token, hash))
}

/// What the store keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whom to invite.
#[derive(Debug, Clone)]
pub struct Invitee<'a> {
    pub role: Role,
    pub email: &'a str,
    pub name: &'a str,
    /// A candidate's consultant (an account id of the same agency).
    pub consultant: Option<&'a str>,
}

/// Adds an agency with its first admin, and that admin's invitation link's token.
pub async fn found_agency<A: Accounts + Store>(
    store: &A,
    name: &str,
    admin_email: &str,
    admin_name: &str,
    now: Timestamp,
    limits: &Limits,
) -> Result<(Account, String)> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::field("agency", "give the agency a name"));
    }
    let agency = store.create_agency(name, now).await?;
    let invitee = Invitee {
        role: Role::Admin,
        email: admin_email,
        name: admin_name,
        consultant: None,
    };
    add_invited(store, agency, &invitee, now, limits).await
}

/// An admin invites a consultant or a candidate (with their consultant) to the agency: the
/// account, and the token of the link to email them.
pub async fn invite<A: Accounts + Store>(
    store: &A,
    asker: &Account,
    invitee: &Invitee<'_>,
    now: Timestamp,
    limits: &Limits,
) -> Result<(Account, String)> {
    if asker.role != Role::Admin {
        return Err(AppError::NotFound(
            "only the agency's admin invites people".into(),
        ));
    }
    if invitee.role == Role::Candidate && invitee.consultant.is_none() {
        return Err(AppError::field(
            "consultant",
            "a candidate has a consultant: choose one",
        ));
    }
    add_invited(store, asker.agency, invitee, now, limits).await
}

async fn add_invited<A: Accounts + Store>(
    store: &A,
    agency: i64,
    invitee: &Invitee<'_>,
    now: Timestamp,
    limits: &Limits,
) -> Result<(Account, String)> {
    let email = invitee.email.trim();
    if email.len() > 254
        || !email.contains('@')
        || email.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(AppError::field(
            "email",
            format!("{email:?} is not an email address"),
        ));
    }
    let name = invitee.name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(AppError::field("name", "give their name, on one line"));
    }
    let account = store
        .add_account(
            &NewAccount {
                agency,
                email,
                name,
                role: invitee.role,
                consultant: invitee
                    .consultant
                    .filter(|_| invitee.role == Role::Candidate),
            },
            now,
        )
        .await?;
    // A candidate's letters are signed and sent with the name and address they were invited
    // by, until they say otherwise in Settings.
    if let Some(search) = account.search {
        let theirs = store.for_search(search);
        let (mut profile, settings) = theirs.profile().await?;
        let base = followup_core::profile_version(&profile, &settings);
        profile.name.get_or_insert_with(|| name.to_string());
        profile.email.get_or_insert_with(|| account.email.clone());
        theirs.save_profile(&profile, &settings, &base).await?;
    }
    let (token, hash) = new_token()?;
    store
        .add_token(
            TokenKind::Invitation,
            &hash,
            &account.id,
            now,
            limits.invitation,
        )
        .await?;
    Ok((account, token))
}

/// The admin sends an invitation again to someone who has not taken it (it went astray, or
/// expired): a new link, which voids the older one.
pub async fn invite_again<A: Accounts>(
    store: &A,
    asker: &Account,
    id: &str,
    now: Timestamp,
    limits: &Limits,
) -> Result<(Account, String)> {
    let invitee = store
        .account(id)
        .await?
        .filter(|a| asker.role == Role::Admin && a.agency == asker.agency);
    let Some(invitee) = invitee else {
        return Err(AppError::NotFound(
            "there is no such account in your agency".into(),
        ));
    };
    if invitee.active {
        return Err(AppError::invalid(format!(
            "{} has already chosen a password; they can reset it from the sign-in page",
            invitee.name
        )));
    }
    let (token, hash) = new_token()?;
    store
        .add_token(
            TokenKind::Invitation,
            &hash,
            &invitee.id,
            now,
            limits.invitation,
        )
        .await?;
    Ok((invitee, token))
}

/// Whether an invitation or a reset link is good now: its page asks for the password only then.
pub async fn link_good<A: Accounts>(
    store: &A,
    kind: TokenKind,
    token: &str,
    now: Timestamp,
) -> Result<bool> {
    Ok(store.link_good(kind, &token_hash(token), now).await?)
}

/// Takes an invitation or a reset link and sets the password: once, while the link is good.
/// Every session the account had ends.
pub async fn set_password<A: Accounts>(
    store: &A,
    kind: TokenKind,
    token: &str,
    password: &str,
    now: Timestamp,
) -> Result<Account> {
    // Hashed before the link is taken: a password refused leaves the link good.
    let hash = hash_password(password)?;
    let account = store
        .take_token(kind, &token_hash(token), now)
        .await?
        .ok_or_else(|| {
            AppError::NotFound("this link has been used or has expired: ask for a new one".into())
        })?;
    store.set_password(&account.id, &hash).await?;
    Ok(Account {
        active: true,
        ..account
    })
}

/// Signs in: the account and its new session's token. The limits come first, counted in the
/// store so that they hold across instances; a wrong email and a wrong password read alike,
/// and cost alike.
pub async fn sign_in<A: Accounts>(
    store: &A,
    email: &str,
    password: &str,
    address: &str,
    now: Timestamp,
    limits: &Limits,
) -> Result<(Account, String)> {
    let (attempt, by_email, by_address) = store
        .count_sign_in(email, address, now, now - limits.window)
        .await?;
    if by_email > limits.per_account || by_address > limits.per_address {
        // Refused unchecked: not a failure that would keep the account shut longer.
        store.forget_sign_in(attempt).await?;
        return Err(AppError::TooMany(format!(
            "too many failed sign-ins: try again in {} minutes, or reset the password",
            limits.window.as_mins().max(1)
        )));
    }
    let found = store.account_by_email(email).await?;
    let hash = found.as_ref().and_then(|(_, hash)| hash.as_deref());
    // Unknown accounts are checked against a hash too, so that timing tells nothing.
    let matches = password.chars().count() <= PASSWORD_LENGTH.1
        && match hash {
            Some(hash) => password_matches(hash, password),
            None => {
                // The same work as a real check, and then no.
                let _ = password_matches(unknown_account(), password);
                false
            }
        };
    let Some((account, _)) = found.filter(|_| matches) else {
        return Err(AppError::SignIn(
            "the email or the password is wrong".into(),
        ));
    };
    store.forget_sign_in(attempt).await?;
    let token = new_session(store, &account, now, limits).await?;
    Ok((account, token))
}

/// A new session of an account, once it has proved who it is: its token.
pub async fn new_session<A: Accounts>(
    store: &A,
    account: &Account,
    now: Timestamp,
    limits: &Limits,
) -> Result<String> {
    let (token, hash) = new_token()?;
    store
        .add_token(TokenKind::Session, &hash, &account.id, now, limits.session)
        .await?;
    Ok(token)
}

/// The hash an unknown email is checked against: of a random password nobody was told, made
/// once per process with the same parameters, so that it costs what a real one does.
fn unknown_account() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let password = random_token::<16>().unwrap_or_else(|_| "an unguessable password".repeat(2));
        hash_password(&password).unwrap_or_default()
    })
}

/// A reset link's token for the account of this email, if there is one. Whoever asks hears
/// the same either way (the edge says "if an account has this email, a link is on its way").
pub async fn request_reset<A: Accounts>(
    store: &A,
    email: &str,
    now: Timestamp,
    limits: &Limits,
) -> Result<Option<(Account, String)>> {
    let Some((account, _)) = store.account_by_email(email).await? else {
        return Ok(None);
    };
    let (token, hash) = new_token()?;
    store
        .add_token(TokenKind::Reset, &hash, &account.id, now, limits.reset)
        .await?;
    Ok(Some((account, token)))
}

/// The account a session's token signs in, if it is good now.
pub async fn signed_in<A: Accounts>(
    store: &A,
    token: &str,
    now: Timestamp,
) -> Result<Option<Account>> {
    Ok(store.session(&token_hash(token), now).await?)
}

/// Signs out this session, or every session of its account.
pub async fn sign_out<A: Accounts>(store: &A, token: &str, everywhere: bool) -> Result<()> {
    Ok(store.end_session(&token_hash(token), everywhere).await?)
}

/// The job search `asker` acts for: their own, or the candidate's they name, if it is theirs
/// to see. Anything else is not found.
pub async fn search_for<A: Accounts>(
    store: &A,
    asker: &Account,
    candidate: Option<&str>,
) -> Result<(Account, SearchId)> {
    let not_found = || AppError::NotFound("there is no such candidate of yours".into());
    let candidate = match candidate {
        None if asker.role == Role::Candidate => asker.clone(),
        None => return Err(AppError::NotFound("choose one of your candidates".into())),
        Some(id) if id == asker.id => asker.clone(),
        Some(id) => store.account(id).await?.ok_or_else(not_found)?,
    };
    let allowed = candidate.role == Role::Candidate
        && candidate.agency == asker.agency
        && match asker.role {
            Role::Admin => true,
            Role::Consultant => candidate.consultant.as_deref() == Some(asker.id.as_str()),
            Role::Candidate => candidate.id == asker.id,
        };
    match candidate.search.filter(|_| allowed) {
        Some(search) => Ok((candidate, search)),
        None => Err(not_found()),
    }
}

/// The job search of a candidate of an agency, named by the agency and the email, for
/// whoever holds the database's own keys (the command line, `migrate`): not a sign-in.
pub async fn candidate_search<A: Accounts>(
    store: &A,
    agency: &str,
    email: &str,
) -> Result<SearchId> {
    let not_found = || {
        AppError::NotFound(format!(
            "{agency:?} has no candidate with the email {email:?}: the admin invites them first"
        ))
    };
    let agency = store.agency_named(agency).await?.ok_or_else(not_found)?;
    match store.account_by_email(email).await? {
        Some((account, _)) if account.agency == agency && account.role == Role::Candidate => {
            account.search.ok_or_else(not_found)
        }
        _ => Err(not_found()),
    }
}

/// The people `asker` may see: an admin every account of the agency, a consultant their
/// candidates, a candidate themself.
pub async fn people<A: Accounts>(store: &A, asker: &Account) -> Result<Vec<Account>> {
    Ok(match asker.role {
        Role::Admin => store.agency_accounts(asker.agency).await?,
        // By an index: a consultant's day must not read the agency's every account.
        Role::Consultant => store.candidates_of(&asker.id).await?,
        Role::Candidate => vec![asker.clone()],
    })
}

/// The admin gives a candidate another consultant of the agency.
pub async fn reassign<A: Accounts>(
    store: &A,
    asker: &Account,
    candidate: &str,
    consultant: &str,
) -> Result<()> {
    if asker.role != Role::Admin {
        return Err(AppError::NotFound(
            "only the agency's admin reassigns candidates".into(),
        ));
    }
    let same_agency = |a: &Option<Account>| a.as_ref().is_some_and(|a| a.agency == asker.agency);
    if !same_agency(&store.account(candidate).await?)
        || !same_agency(&store.account(consultant).await?)
    {
        return Err(AppError::NotFound(
            "there is no such account in your agency".into(),
        ));
    }
    Ok(store.assign(candidate, consultant).await?)
}

/// Turns an account's daily reminder on (at 08:00 in `zone`, from the next such moment after
/// `now`) or off. Only a candidate has a programme to be reminded of.
pub async fn set_reminder<A: Accounts>(
    store: &A,
    me: &Account,
    zone: Option<&str>,
    now: jiff::Timestamp,
) -> Result<()> {
    if me.role != Role::Candidate {
        return Err(AppError::invalid(
            "the daily reminder lists a candidate's programme; a consultant's day is on Candidates",
        ));
    }
    let Some(zone) = zone.map(str::trim).filter(|z| !z.is_empty()) else {
        return Ok(store.set_reminder(&me.id, None).await?);
    };
    let tz = jiff::tz::TimeZone::get(zone).map_err(|_| {
        AppError::field(
            "zone",
            format!("{zone:?} is not a time zone: give one such as Europe/London"),
        )
    })?;
    let next = followup_core::deliver::next_after(now, &tz);
    Ok(store.set_reminder(&me.id, Some((zone, next))).await?)
}
