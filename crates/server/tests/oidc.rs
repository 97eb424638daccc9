//! Signing in through the ENT against real OpenID providers (testkit's `oidc`): panva's
//! oidc-provider (OpenID Certified; PKCE S256) and an authlib provider that offers PKCE `plain`
//! only, as entcore does. A real `sesame serve`, a client that keeps cookies as a browser does.
//!
//! Who gets in is Sésame's decision: an administrator linked to the identity, a teacher of a
//! school that lets teachers hand out letters — who then sees their class only, on every route —
//! and no one else. Every refusal (a wrong state, a replayed callback, each way an ID token can
//! be wrong, an unknown person) creates no session.

mod oidc_support;

use oidc_support::{Browser, Setup};
use reqwest::Method;
use serde_json::{json, Value};
use sesame_testkit::oidc::Kind;
use sesame_testkit::signed_in::column;

/// The ids of the accounts of the directory `users`, sorted.
fn ids(users: &Value) -> Vec<&str> {
    let mut ids = column(users, "id");
    ids.sort();
    ids
}

#[tokio::test]
async fn a_teacher_sees_and_hands_out_their_class_only_and_an_administrator_gets_in_too() {
    let setup = Setup::start(Kind::Certified, None, &[]).await;
    setup.allow_teachers(&setup.school_a, false).await;
    let base = &setup.sesame.url;

    let (status, offer) = Browser::new().get_json(&format!("{base}/api/oidc")).await;
    assert_eq!(status, 200);
    assert_eq!(
        offer,
        json!({"enabled": true, "label": "Se connecter avec ONE", "passwordSignIn": true})
    );

    // Anne teaches CM2 A at school A, which lets teachers hand out letters.
    let anne = Browser::new();
    assert_eq!(anne.sign_in_as(base, "ENT-ANNE").await, "/");
    let (status, session) = anne.session(base).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["role"], "teacher");
    assert_eq!(session["login"], "anne.leroy");
    assert_eq!(session["classes"][0]["name"], "CM2 A");
    assert_eq!(session["structures"].as_array().unwrap().len(), 1);

    // Her pupils only (relatives sign in with their own outside account by default).
    let (status, users) = anne
        .get_json(&format!("{base}/api/structures/{}/users", setup.school_a))
        .await;
    assert_eq!(status, 200);
    assert_eq!(ids(&users), ["ENT-ZOE"]);
    // Where the school hands relatives letters, Zoé's father too.
    let admin = Browser::new();
    admin.password_sign_in(base, "chef.central").await;
    let settings_url = format!("{base}/api/structures/{}/letter-settings", setup.school_a);
    let (_, mut settings) = admin.get_json(&settings_url).await;
    settings["externalSignIn"] = json!(["Teacher"]);
    assert_eq!(
        admin.send(Method::PUT, &settings_url, Some(settings)).await.0,
        200
    );
    let (_, users) = anne
        .get_json(&format!("{base}/api/structures/{}/users", setup.school_a))
        .await;
    assert_eq!(ids(&users), ["ENT-MARC", "ENT-ZOE"]);
    assert!(
        !users.to_string().contains("HC0DE222"),
        "another class's code never leaves the server"
    );

    // Marking her class handed out: hers only.
    let distributions = format!("{base}/api/structures/{}/distributions", setup.school_a);
    let mark = |id: &str| {
        let marking = json!({"userIds": [id], "channel": "pdf"});
        anne.send(Method::POST, &distributions, Some(marking))
    };
    assert_eq!(mark("ENT-ZOE").await.0, 201);
    assert_eq!(mark("ENT-HUGO").await.0, 403, "another class's pupil");
    let (_, log) = admin.get_json(&distributions).await;
    assert_eq!(
        (&log[0]["adminLogin"], &log[0]["byTeacher"]),
        (&json!("anne.leroy"), &json!(true))
    );

    // Every other route: 403, nothing leaked.
    for (method, path, body) in [
        (
            Method::GET,
            format!("/api/structures/{}/users", setup.school_b),
            None,
        ),
        (Method::GET, "/api/structures".to_owned(), None),
        (
            Method::GET,
            format!("/api/structures/{}/letter-settings", setup.school_a),
            None,
        ),
        (
            Method::PUT,
            format!("/api/structures/{}/letter-settings", setup.school_a),
            Some(json!({})),
        ),
        (
            Method::GET,
            format!("/api/structures/{}/imports", setup.school_a),
            None,
        ),
        (
            Method::POST,
            format!("/api/structures/{}/imports?dryRun=true", setup.school_a),
            None,
        ),
        (
            Method::GET,
            format!("/api/structures/{}/distributions", setup.school_a),
            None,
        ),
        (
            Method::POST,
            format!("/api/structures/{}/mailings", setup.school_a),
            Some(json!({"userIds": ["ENT-ZOE"], "idempotencyKey": "k"})),
        ),
        (Method::GET, "/api/admins".to_owned(), None),
        (
            Method::POST,
            "/api/admins".to_owned(),
            Some(json!({"login": "x", "role": "central"})),
        ),
        (
            Method::PUT,
            "/api/session/password".to_owned(),
            Some(json!({"current": "x", "new": "y"})),
        ),
    ] {
        let (status, answer) = anne.send(method.clone(), &format!("{base}{path}"), body).await;
        assert_eq!(status, 403, "{method} {path}: {answer}");
        assert!(!answer.to_string().contains("C0DE"), "{method} {path}: {answer}");
    }

    // Signing out ends Sésame's session and says where to end the ENT's.
    let (status, out) = anne
        .send(Method::DELETE, &format!("{base}/api/session"), None)
        .await;
    assert_eq!(status, 200, "{out}");
    let end = out["endSessionUrl"].as_str().unwrap();
    assert!(end.starts_with(&setup.provider.issuer()), "{end}");
    assert!(end.contains("post_logout_redirect_uri="), "{end}");
    assert_eq!(anne.session(base).await.0, 401);

    // Paul teaches CM1 B: Hugo (and no one of Anne's).
    let paul = Browser::new();
    assert_eq!(paul.sign_in_as(base, "ENT-PAUL").await, "/");
    let (_, users) = paul
        .get_json(&format!("{base}/api/structures/{}/users", setup.school_a))
        .await;
    assert_eq!(ids(&users), ["ENT-HUGO"]);

    // The central administrator, linked to her ENT identity: an administrator's session.
    let chef = Browser::new();
    assert_eq!(chef.sign_in_as(base, "ENT-CHEF").await, "/");
    let (_, session) = chef.session(base).await;
    assert_eq!(session["role"], "central");

    // A teacher of a school that does not let teachers hand out letters, and a pupil: refused,
    // with no session.
    for (ent_id, code) in [
        ("ENT-BRUNO", "oidc_teachers_off"),
        ("ENT-ALENA", "oidc_no_access"),
    ] {
        let browser = Browser::new();
        assert_eq!(
            browser.sign_in_as(base, ent_id).await,
            format!("/login?error={code}")
        );
        assert_eq!(browser.session(base).await.0, 401, "{ent_id}");
    }
    let log = setup.sesame.log();
    assert!(log.contains("sign-in through the ENT refused"), "{log}");
    for secret in ["ZC0DE111", "s3cretS3cret"] {
        assert!(!log.contains(secret), "{secret} in the log");
    }
}

#[tokio::test]
async fn a_wrong_state_a_replay_or_a_missing_cookie_creates_no_session() {
    let setup = Setup::start(Kind::Certified, None, &[]).await;
    let base = &setup.sesame.url;

    let browser = Browser::new();
    let mut callback = browser.through_the_provider(base, "ENT-CHEF").await;
    let good = callback.clone();
    let query: Vec<(String, String)> = callback
        .query_pairs()
        .map(|(k, v)| {
            let value = if k == "state" {
                "not-the-state".to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), value)
        })
        .collect();
    callback.query_pairs_mut().clear().extend_pairs(query);
    assert_eq!(browser.visit(&callback).await, "/login?error=oidc_state");
    assert_eq!(browser.session(base).await.0, 401);
    // The attempt was used by the wrong state: the right one now finds nothing either.
    assert_eq!(browser.visit(&good).await, "/login?error=oidc_state");

    // A callback replayed after it signed someone in.
    let browser = Browser::new();
    let callback = browser.through_the_provider(base, "ENT-CHEF").await;
    assert_eq!(browser.visit(&callback).await, "/");
    let stranger = Browser::new();
    assert_eq!(
        stranger.visit(&callback).await,
        "/login?error=oidc_state",
        "no attempt cookie"
    );
    assert_eq!(
        browser.visit(&callback).await,
        "/login?error=oidc_state",
        "the attempt is used"
    );
    assert_eq!(stranger.session(base).await.0, 401);
}

#[tokio::test]
async fn a_rotated_signing_key_is_fetched_and_accepted() {
    let mut setup = Setup::start(Kind::Certified, None, &[]).await;
    let base = setup.sesame.url.clone();
    // Sésame has discovered the provider (and its key-1) at start; the provider then changes
    // its key.
    let browser = Browser::new();
    assert_eq!(browser.sign_in_as(&base, "ENT-CHEF").await, "/");
    setup.provider.rotate(&["key-2"]);
    let browser = Browser::new();
    assert_eq!(browser.sign_in_as(&base, "ENT-CHEF").await, "/");
    assert!(
        setup.sesame.log().contains("keys fetched again"),
        "{}",
        setup.sesame.log()
    );
}

/// entcore offers PKCE `plain` only: Sésame uses it with such a provider, which enforces it.
/// Then every way an ID token can be wrong, each signed by a real provider through the real
/// protocol: refused, no session.
#[tokio::test]
async fn plain_pkce_works_and_every_wrong_id_token_is_refused() {
    let setup = Setup::start(Kind::PlainPkce, None, &[]).await;
    let browser = Browser::new();
    assert_eq!(browser.sign_in_as(&setup.sesame.url, "ENT-CHEF").await, "/");
    assert_eq!(browser.session(&setup.sesame.url).await.1["role"], "central");
    assert!(
        setup.sesame.log().contains("pkce=\"plain\"") || setup.sesame.log().contains("pkce=plain"),
        "{}",
        setup.sesame.log()
    );

    // Each with the reason the log gives (the ID token's check that refused it).
    for (misbehave, why) in [
        ("expired", "Expired"),
        ("wrong-iss", "Invalid issuer"),
        ("wrong-aud", "Invalid audiences"),
        ("wrong-nonce", "Invalid nonce"),
        ("tampered", "Signature verification failed"),
        ("alg-none", "Signature verification failed"),
        ("hs256-public-key", "Signature verification failed"),
        ("unknown-kid", "after fetching the keys again"),
    ] {
        let setup = Setup::start(Kind::PlainPkce, Some(misbehave), &[]).await;
        let browser = Browser::new();
        assert_eq!(
            browser.sign_in_as(&setup.sesame.url, "ENT-CHEF").await,
            "/login?error=oidc_token",
            "{misbehave}"
        );
        assert_eq!(browser.session(&setup.sesame.url).await.0, 401, "{misbehave}");
        let log = setup.sesame.log();
        let refusal = log
            .lines()
            .find(|l| l.contains("sign-in through the ENT refused"))
            .unwrap_or_else(|| panic!("{misbehave}: no refusal logged: {log}"));
        assert!(refusal.contains(why), "{misbehave}: {refusal}");
    }
}

#[tokio::test]
async fn password_sign_in_can_be_turned_off_but_central_administrators_keep_theirs() {
    let setup = Setup::start(Kind::Certified, None, &["--sign-in", "oidc"]).await;
    let base = &setup.sesame.url;
    let (_, offer) = Browser::new().get_json(&format!("{base}/api/oidc")).await;
    assert_eq!(offer["passwordSignIn"], false);
    // The central administrator's password still opens (break-glass)…
    Browser::new().password_sign_in(base, "chef.central").await;

    let strict = Setup::start(
        Kind::Certified,
        None,
        &["--sign-in", "oidc", "--break-glass", "false"],
    )
    .await;
    let answer = reqwest::Client::new()
        .post(format!("{}/api/session", strict.sesame.url))
        .json(&json!({"login": "chef.central", "password": sesame_testkit::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        403,
        "…unless the operator takes that way in away too"
    );
    // A wrong password is told as a wrong password, whatever is offered.
    let answer = reqwest::Client::new()
        .post(format!("{}/api/session", strict.sesame.url))
        .json(&json!({"login": "chef.central", "password": "pas le bon mot de passe"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
}

/// Two instances on one database (SQLite, or PostgreSQL in the PostgreSQL pass): a sign-in
/// started on one is finished by the other (behind a reverse proxy, either may take the
/// callback), and the session then works on both.
#[tokio::test]
async fn a_sign_in_started_on_one_instance_finishes_on_another() {
    let setup = Setup::start(Kind::Certified, None, &[]).await;
    let (second, _dist) = setup.second_instance();
    let browser = Browser::new();
    let mut callback = browser.through_the_provider(&setup.sesame.url, "ENT-CHEF").await;
    let port: u16 = second.url.rsplit(':').next().unwrap().parse().unwrap();
    callback.set_port(Some(port)).unwrap();
    assert_eq!(browser.visit(&callback).await, "/");
    for base in [&second.url, &setup.sesame.url] {
        let (status, session) = browser.session(base).await;
        assert_eq!((status, &session["role"]), (200, &json!("central")), "{base}");
    }
}
