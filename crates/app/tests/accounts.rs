//! The agency's accounts against a real PostgreSQL: invitations taken once and only while
//! good, the sign-in limits counted in the database (two stores stand for two instances),
//! sign out everywhere, password reset, and who may act for which job search.

use followup_app::AppError;
use followup_app::accounts::{self, Invitee, Limits};
use followup_store::testing::fresh_postgres;
use followup_store::{Account, PostgresStore, Role, TokenKind};
use jiff::{SignedDuration, Timestamp};

const PASSWORD: &str = "correct horse battery staple";

fn limits() -> Limits {
    Limits {
        per_account: 3,
        per_address: 5,
        window: SignedDuration::from_mins(15),
        session: SignedDuration::from_hours(12),
        invitation: SignedDuration::from_hours(72),
        reset: SignedDuration::from_hours(1),
    }
}

fn now() -> Timestamp {
    "2026-12-04T09:00:00Z".parse().unwrap()
}

/// An agency with an admin who has set their password.
async fn agency(store: &PostgresStore, name: &str) -> Account {
    let email = format!("admin@{}.example", name.to_lowercase());
    let (admin, token) = accounts::found_agency(store, name, &email, "Ada Admin", now(), &limits())
        .await
        .unwrap();
    assert!(!admin.active, "no password yet");
    accounts::set_password(store, TokenKind::Invitation, &token, PASSWORD, now())
        .await
        .unwrap()
}

async fn invited(
    store: &PostgresStore,
    admin: &Account,
    role: Role,
    email: &str,
    consultant: Option<&Account>,
) -> Account {
    let invitee = Invitee {
        role,
        email,
        name: email.split('@').next().unwrap(),
        consultant: consultant.map(|c| c.id.as_str()),
    };
    let (_, token) = accounts::invite(store, admin, &invitee, now(), &limits())
        .await
        .unwrap();
    accounts::set_password(store, TokenKind::Invitation, &token, PASSWORD, now())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_invitation_is_taken_once_while_it_is_good() {
    let store = PostgresStore::connect(&fresh_postgres().await)
        .await
        .unwrap();
    let admin = agency(&store, "Northway").await;
    assert!(admin.active);
    assert_eq!(admin.role, Role::Admin);
    let invitee = Invitee {
        role: Role::Consultant,
        email: "Rita.Consultant@Northway.example",
        name: "Rita",
        consultant: None,
    };
    let (rita, token) = accounts::invite(&store, &admin, &invitee, now(), &limits())
        .await
        .unwrap();
    assert_eq!(rita.email, "rita.consultant@northway.example");

    // A password too short is refused and leaves the link good.
    let short = accounts::set_password(&store, TokenKind::Invitation, &token, "short", now()).await;
    assert!(
        matches!(
            short,
            Err(AppError::Invalid {
                field: Some("password"),
                ..
            })
        ),
        "{short:?}"
    );
    // Not a reset link, whatever its token.
    let wrong_kind =
        accounts::set_password(&store, TokenKind::Reset, &token, PASSWORD, now()).await;
    assert!(
        matches!(wrong_kind, Err(AppError::NotFound(_))),
        "{wrong_kind:?}"
    );
    // Two at once: one takes it.
    let (a, b) = tokio::join!(
        accounts::set_password(&store, TokenKind::Invitation, &token, PASSWORD, now()),
        accounts::set_password(&store, TokenKind::Invitation, &token, PASSWORD, now()),
    );
    assert_eq!(a.is_ok() as u8 + b.is_ok() as u8, 1, "{a:?} {b:?}");
    let again =
        accounts::set_password(&store, TokenKind::Invitation, &token, PASSWORD, now()).await;
    assert!(matches!(again, Err(AppError::NotFound(_))), "{again:?}");
    accounts::sign_in(
        &store,
        "RITA.consultant@northway.example",
        PASSWORD,
        "127.0.0.1",
        now(),
        &limits(),
    )
    .await
    .unwrap();

    // A link past its time is no good; a new invitation voids the one before.
    let late = Invitee {
        email: "late@northway.example",
        ..invitee.clone()
    };
    let (_, first) = accounts::invite(&store, &admin, &late, now(), &limits())
        .await
        .unwrap();
    let after = now() + limits().invitation + SignedDuration::from_secs(1);
    let expired =
        accounts::set_password(&store, TokenKind::Invitation, &first, PASSWORD, after).await;
    assert!(matches!(expired, Err(AppError::NotFound(_))), "{expired:?}");

    // The same email twice, in any case, is refused; so is a candidate without a consultant,
    // and an invitation from anyone but the admin.
    let twice = accounts::invite(&store, &admin, &invitee, now(), &limits()).await;
    assert!(matches!(twice, Err(AppError::Invalid { .. })), "{twice:?}");
    let alone = Invitee {
        role: Role::Candidate,
        email: "c@northway.example",
        ..invitee.clone()
    };
    let refused = accounts::invite(&store, &admin, &alone, now(), &limits()).await;
    assert!(
        matches!(
            refused,
            Err(AppError::Invalid {
                field: Some("consultant"),
                ..
            })
        ),
        "{refused:?}"
    );
    let by_rita = accounts::invite(&store, &rita, &late, now(), &limits()).await;
    assert!(matches!(by_rita, Err(AppError::NotFound(_))), "{by_rita:?}");
    for hostile in ["no-at-sign", "a b@c.example", "x@y\n.example"] {
        let bad = Invitee {
            email: hostile,
            ..invitee.clone()
        };
        let refused = accounts::invite(&store, &admin, &bad, now(), &limits()).await;
        assert!(
            matches!(
                refused,
                Err(AppError::Invalid {
                    field: Some("email"),
                    ..
                })
            ),
            "{hostile:?}"
        );
    }
}

#[tokio::test]
async fn sign_in_limits_hold_across_instances_and_sign_out_everywhere_ends_every_session() {
    let url = fresh_postgres().await;
    let one = PostgresStore::connect(&url).await.unwrap();
    let two = PostgresStore::connect(&url).await.unwrap();
    let admin = agency(&one, "Eastgate").await;
    let email = admin.email.as_str();
    let limits = limits();

    // Wrong password and unknown email read alike.
    let wrong =
        accounts::sign_in(&one, email, "not the password!", "10.0.0.1", now(), &limits).await;
    let unknown = accounts::sign_in(
        &two,
        "nobody@eastgate.example",
        PASSWORD,
        "10.0.0.1",
        now(),
        &limits,
    )
    .await;
    match (&wrong, &unknown) {
        (Err(AppError::SignIn(a)), Err(AppError::SignIn(b))) => assert_eq!(a, b),
        other => panic!("{other:?}"),
    }
    // Two more failures, on the other instance: the account is held, even to its password.
    for store in [&two, &one] {
        let failed =
            accounts::sign_in(store, email, "still not it!!", "10.0.0.2", now(), &limits).await;
        assert!(matches!(failed, Err(AppError::SignIn(_))), "{failed:?}");
    }
    let held = accounts::sign_in(&two, email, PASSWORD, "10.0.0.3", now(), &limits).await;
    assert!(matches!(held, Err(AppError::TooMany(_))), "{held:?}");
    // ... until the window has passed.
    let later = now() + limits.window + SignedDuration::from_secs(1);
    let (_, first) = accounts::sign_in(&one, email, PASSWORD, "10.0.0.3", later, &limits)
        .await
        .unwrap();
    let (_, second) = accounts::sign_in(&two, email, PASSWORD, "10.0.0.4", later, &limits)
        .await
        .unwrap();
    assert_ne!(first, second, "a new session at each sign-in");

    // Per address: five failures from one address hold every account from it.
    for n in 0..5 {
        let who = format!("guess{n}@eastgate.example");
        let _ = accounts::sign_in(&one, &who, PASSWORD, "10.9.9.9", later, &limits).await;
    }
    let from_there = accounts::sign_in(&two, email, PASSWORD, "10.9.9.9", later, &limits).await;
    assert!(
        matches!(from_there, Err(AppError::TooMany(_))),
        "{from_there:?}"
    );

    // A session is good on either instance; signing out ends one, everywhere ends all.
    for store in [&one, &two] {
        for token in [&first, &second] {
            let who = accounts::signed_in(store, token, later).await.unwrap();
            assert_eq!(who.map(|a| a.id), Some(admin.id.clone()));
        }
    }
    let (_, third) = accounts::sign_in(&one, email, PASSWORD, "10.0.0.5", later, &limits)
        .await
        .unwrap();
    accounts::sign_out(&two, &third, false).await.unwrap();
    assert!(
        accounts::signed_in(&one, &third, later)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        accounts::signed_in(&one, &first, later)
            .await
            .unwrap()
            .is_some()
    );
    accounts::sign_out(&one, &first, true).await.unwrap();
    for store in [&one, &two] {
        for token in [&first, &second] {
            assert!(
                accounts::signed_in(store, token, later)
                    .await
                    .unwrap()
                    .is_none()
            );
        }
    }
    // A session past its lifetime is over; one in use lives on.
    let (_, kept) = accounts::sign_in(&one, email, PASSWORD, "10.0.0.6", later, &limits)
        .await
        .unwrap();
    let in_use = later + limits.session - SignedDuration::from_mins(1);
    assert!(
        accounts::signed_in(&two, &kept, in_use)
            .await
            .unwrap()
            .is_some()
    );
    let past = in_use + limits.session - SignedDuration::from_mins(1);
    assert!(
        accounts::signed_in(&two, &kept, past)
            .await
            .unwrap()
            .is_some(),
        "renewed when used"
    );
    let gone = past + limits.session + SignedDuration::from_secs(1);
    assert!(
        accounts::signed_in(&one, &kept, gone)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        accounts::signed_in(&one, "not a token", later)
            .await
            .unwrap()
            .is_none()
    );
}

/// Guesses racing on two instances at once: no more passwords are checked than the limit
/// allows, however the attempts interleave, and the rest are refused unchecked.
#[tokio::test]
async fn guesses_at_once_on_two_instances_check_no_more_than_the_limit() {
    let url = fresh_postgres().await;
    let one = PostgresStore::connect(&url).await.unwrap();
    let two = PostgresStore::connect(&url).await.unwrap();
    let admin = agency(&one, "Northgate").await;
    let limits = limits();
    let mut guesses = tokio::task::JoinSet::new();
    for n in 0..16u32 {
        let store = if n.is_multiple_of(2) {
            one.clone()
        } else {
            two.clone()
        };
        let email = admin.email.clone();
        guesses.spawn(async move {
            let address = format!("10.1.0.{n}");
            accounts::sign_in(&store, &email, "a wrong guess", &address, now(), &limits).await
        });
    }
    let (mut checked, mut refused) = (0, 0);
    while let Some(answer) = guesses.join_next().await {
        match answer.unwrap() {
            Err(AppError::SignIn(_)) => checked += 1,
            Err(AppError::TooMany(_)) => refused += 1,
            other => panic!("{other:?}"),
        }
    }
    // Racing attempts may all see each other and all be refused; never more are checked.
    assert!(checked <= limits.per_account, "{checked} checked");
    assert_eq!(checked + refused, 16);
    // The refused guesses did not count: the account opens when the checked ones age out.
    let later = now() + limits.window + SignedDuration::from_secs(1);
    accounts::sign_in(&two, &admin.email, PASSWORD, "10.1.0.99", later, &limits)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_and_ends_the_old_sessions() {
    let store = PostgresStore::connect(&fresh_postgres().await)
        .await
        .unwrap();
    let admin = agency(&store, "Southbank").await;
    let limits = limits();
    let (_, session) = accounts::sign_in(&store, &admin.email, PASSWORD, "::1", now(), &limits)
        .await
        .unwrap();
    assert!(
        accounts::request_reset(&store, "nobody@southbank.example", now(), &limits)
            .await
            .unwrap()
            .is_none()
    );
    let (_, old_link) = accounts::request_reset(&store, &admin.email, now(), &limits)
        .await
        .unwrap()
        .unwrap();
    let (_, link) = accounts::request_reset(&store, &admin.email, now(), &limits)
        .await
        .unwrap()
        .unwrap();
    let voided = accounts::set_password(
        &store,
        TokenKind::Reset,
        &old_link,
        "a brand new password",
        now(),
    )
    .await;
    assert!(
        matches!(voided, Err(AppError::NotFound(_))),
        "the newer link voids the older: {voided:?}"
    );
    accounts::set_password(
        &store,
        TokenKind::Reset,
        &link,
        "a brand new password",
        now(),
    )
    .await
    .unwrap();
    assert!(
        accounts::signed_in(&store, &session, now())
            .await
            .unwrap()
            .is_none()
    );
    let old = accounts::sign_in(&store, &admin.email, PASSWORD, "::1", now(), &limits).await;
    assert!(matches!(old, Err(AppError::SignIn(_))), "{old:?}");
    accounts::sign_in(
        &store,
        &admin.email,
        "a brand new password",
        "::1",
        now(),
        &limits,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn each_sees_only_the_searches_that_are_theirs() {
    let store = PostgresStore::connect(&fresh_postgres().await)
        .await
        .unwrap();
    let admin = agency(&store, "Westfield").await;
    let rita = invited(
        &store,
        &admin,
        Role::Consultant,
        "rita@westfield.example",
        None,
    )
    .await;
    let sam = invited(
        &store,
        &admin,
        Role::Consultant,
        "sam@westfield.example",
        None,
    )
    .await;
    let kim = invited(
        &store,
        &admin,
        Role::Candidate,
        "kim@westfield.example",
        Some(&rita),
    )
    .await;
    let lee = invited(
        &store,
        &admin,
        Role::Candidate,
        "lee@westfield.example",
        Some(&sam),
    )
    .await;
    let other_admin = agency(&store, "Elsewhere").await;
    let other_consultant = invited(
        &store,
        &other_admin,
        Role::Consultant,
        "oc@elsewhere.example",
        None,
    )
    .await;
    let other = invited(
        &store,
        &other_admin,
        Role::Candidate,
        "oz@elsewhere.example",
        Some(&other_consultant),
    )
    .await;
    assert_ne!(kim.search, lee.search);
    assert!(kim.search.is_some() && rita.search.is_none());

    // A consultant of another agency cannot be a candidate's.
    let across = Invitee {
        role: Role::Candidate,
        email: "x@westfield.example",
        name: "X",
        consultant: Some(&other_consultant.id),
    };
    let refused = accounts::invite(&store, &admin, &across, now(), &limits()).await;
    assert!(matches!(refused, Err(AppError::NotFound(_))), "{refused:?}");

    let sees = |asker: &Account, candidate: &Account| {
        let (store, asker, id) = (&store, asker.clone(), candidate.id.clone());
        async move {
            accounts::search_for(store, &asker, Some(&id))
                .await
                .map(|(_, s)| s)
        }
    };
    let everyone = [
        &admin,
        &rita,
        &sam,
        &kim,
        &lee,
        &other_admin,
        &other_consultant,
        &other,
    ];
    let allowed: [(&Account, &[&Account]); 8] = [
        (&admin, &[&kim, &lee]),
        (&rita, &[&kim]),
        (&sam, &[&lee]),
        (&kim, &[&kim]),
        (&lee, &[&lee]),
        (&other_admin, &[&other]),
        (&other_consultant, &[&other]),
        (&other, &[&other]),
    ];
    for (asker, theirs) in allowed {
        for candidate in everyone {
            let got = sees(asker, candidate).await;
            if theirs.iter().any(|c| c.id == candidate.id) {
                assert_eq!(
                    got.unwrap(),
                    candidate.search.unwrap(),
                    "{} for {}",
                    asker.email,
                    candidate.email
                );
            } else {
                assert!(
                    matches!(got, Err(AppError::NotFound(_))),
                    "{} for {}: {got:?}",
                    asker.email,
                    candidate.email
                );
            }
        }
        let unknown = accounts::search_for(&store, asker, Some("no-such-account")).await;
        assert!(matches!(unknown, Err(AppError::NotFound(_))));
    }
    // A candidate's own search needs no name; a consultant must choose.
    assert_eq!(
        accounts::search_for(&store, &kim, None).await.unwrap().1,
        kim.search.unwrap()
    );
    assert!(accounts::search_for(&store, &rita, None).await.is_err());

    let names = |people: Vec<Account>| people.into_iter().map(|a| a.email).collect::<Vec<_>>();
    assert_eq!(
        names(accounts::people(&store, &rita).await.unwrap()),
        ["kim@westfield.example"]
    );
    assert_eq!(accounts::people(&store, &admin).await.unwrap().len(), 5);
    assert_eq!(
        names(accounts::people(&store, &kim).await.unwrap()),
        ["kim@westfield.example"]
    );

    // The admin moves Kim to Sam: Sam sees Kim now, and Rita does not.
    let by_rita = accounts::reassign(&store, &rita, &kim.id, &sam.id).await;
    assert!(matches!(by_rita, Err(AppError::NotFound(_))));
    let to_another_agency = accounts::reassign(&store, &admin, &kim.id, &other_consultant.id).await;
    assert!(matches!(to_another_agency, Err(AppError::NotFound(_))));
    let another_agencys = accounts::reassign(&store, &admin, &other.id, &sam.id).await;
    assert!(matches!(another_agencys, Err(AppError::NotFound(_))));
    accounts::reassign(&store, &admin, &kim.id, &sam.id)
        .await
        .unwrap();
    assert!(sees(&sam, &kim).await.is_ok());
    assert!(sees(&rita, &kim).await.is_err());
    // Account ids are not guessable: 128 random bits, not a count.
    for account in everyone {
        assert_eq!(account.id.len(), 36, "{}", account.id);
    }
}
