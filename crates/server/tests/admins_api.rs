//! `/api/admins` and `PUT /api/session/password` over the real router and a real SQLite file:
//! who may do what, passwords generated and shown once, sessions revoked by whatever takes
//! access away, and no way to lock every central administrator out.

mod support;

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use sesame_testkit::signed_in::session_cookie;
use support::{Answer, Session, TestApp, PASSWORD};

/// Signs `login` in with `password`: the session, or the refusal's status and body.
async fn sign_in(app: &TestApp, login: &str, password: &str) -> Result<Session, (StatusCode, Value)> {
    let (status, headers, body) = app.sign_in(login, password).await;
    if status != StatusCode::OK {
        return Err((status, body));
    }
    Ok(Session {
        cookie: session_cookie(&headers),
        csrf: body["csrfToken"].as_str().unwrap().to_owned(),
    })
}

/// `by`'s creation of the central administrator `login`: the answer (their password, shown once).
async fn add_central(app: &TestApp, by: &Session, login: &str) -> Answer {
    app.post("/api/admins", by, json!({"login": login, "role": "central"}))
        .await
}

/// `by`'s reset of `login`'s password: the answer (the new password, shown once).
async fn reset_password(app: &TestApp, by: &Session, login: &str) -> Answer {
    let uri = format!("/api/admins/{login}/password-reset");
    app.send(Method::POST, &uri, Some(by), None).await
}

/// Whether `session` is still signed in.
async fn alive(app: &TestApp, session: &Session) -> bool {
    app.get("/api/session", session).await.0 == StatusCode::OK
}

#[tokio::test]
async fn a_central_admin_creates_a_local_admin_who_signs_in_with_the_password_shown_once() {
    let app = TestApp::new().await;
    let central = app.login("chantal.central").await;
    let body = json!({"login": "marie.curie", "displayName": "Marie Curie", "role": "local", "structures": [app.school_b]});
    let (status, headers, issued) = app.post("/api/admins", &central, body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(issued["login"], "marie.curie");
    let password = issued["password"].as_str().unwrap().to_owned();
    assert!(password.len() >= 20);

    // Listed without any password or hash; a second creation of the same login is refused.
    let (_, _, list) = app.get("/api/admins", &central).await;
    let marie = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["login"] == "marie.curie")
        .unwrap();
    assert_eq!(
        marie,
        &json!({"login": "marie.curie", "displayName": "Marie Curie", "role": "local", "structures": [app.school_b], "disabled": false, "oidcSubject": null})
    );
    assert!(!list.to_string().contains(&password) && !list.to_string().contains("argon2"));
    let (status, _, _) = add_central(&app, &central, "Marie.Curie").await;
    assert_eq!(status, StatusCode::CONFLICT);

    // She signs in and sees only her school, and only herself among administrators.
    let marie = sign_in(&app, "marie.curie", &password).await.unwrap();
    let (_, _, session) = app.get("/api/session", &marie).await;
    assert_eq!(session["structures"].as_array().unwrap().len(), 1);
    assert_eq!(session["structures"][0]["id"], app.school_b.as_str());
    let (_, _, mine) = app.get("/api/admins", &marie).await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine[0]["login"], "marie.curie");
}

#[tokio::test]
async fn a_reset_shows_a_new_password_once_and_signs_the_old_sessions_out() {
    let app = TestApp::new().await;
    let central = app.login("chantal.central").await;
    let local = app.login("local.a").await;
    let (status, headers, issued) = reset_password(&app, &central, "LOCAL.A").await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(issued["login"], "local.a");
    assert!(!alive(&app, &local).await, "the old session is refused");
    assert!(
        sign_in(&app, "local.a", PASSWORD).await.is_err(),
        "the old password too"
    );
    assert!(sign_in(&app, "local.a", issued["password"].as_str().unwrap())
        .await
        .is_ok());
    // Unknown administrator.
    let (status, _, _) = reset_password(&app, &central, "nobody").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // One's own password goes through « Mon compte », which asks for the current one.
    let (status, _, _) = reset_password(&app, &central, "chantal.central").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(alive(&app, &central).await);
}

#[tokio::test]
async fn disabling_changing_and_removing_an_admin() {
    let app = TestApp::new().await;
    let central = app.login("chantal.central").await;
    let local = app.login("local.a").await;
    let update = |body: Value| {
        let (app, central) = (&app, &central);
        async move { app.put("/api/admins/local.a", central, body).await }
    };

    let (status, _, changed) = update(json!({"displayName": "Mme A", "role": "local", "structures": [app.school_a, app.school_b], "disabled": true})).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["structures"].as_array().unwrap().len(), 2);
    assert!(!alive(&app, &local).await, "disabled: signed out");
    assert!(
        sign_in(&app, "local.a", PASSWORD).await.is_err(),
        "and cannot sign in"
    );

    let (status, _, _) = update(
        json!({"displayName": "Mme A", "role": "local", "structures": [app.school_a], "disabled": false}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let local = sign_in(&app, "local.a", PASSWORD).await.unwrap();
    let (_, _, session) = app.get("/api/session", &local).await;
    assert_eq!(session["displayName"], "Mme A");

    for (body, expected) in [
        (
            json!({"displayName": "", "role": "local", "structures": [], "disabled": false}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"displayName": "", "role": "local", "structures": ["nope"], "disabled": false}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"displayName": "", "role": "central", "structures": [app.school_a], "disabled": false}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"displayName": "", "role": "local", "structures": [app.school_a], "disabled": false, "password": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (status, _, answer) = update(body.clone()).await;
        assert_eq!(status, expected, "{body}: {answer}");
    }

    let (status, _, _) = app.delete("/api/admins/local.a", &central).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(!alive(&app, &local).await, "removed: signed out");
    let (status, _, _) = app.delete("/api/admins/local.a", &central).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_last_central_admin_cannot_be_taken_away_nor_take_themselves_away() {
    let app = TestApp::new().await;
    let central = app.login("chantal.central").await;
    let me = "/api/admins/chantal.central";
    let (status, _, _) = app.delete(me, &central).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let disabled = json!({"displayName": "C", "role": "central", "structures": [], "disabled": true});
    let (status, _, _) = app.put(me, &central, disabled).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // A second central administrator may not remove the first while… they are two: allowed.
    let (_, _, issued) = add_central(&app, &central, "deux").await;
    let deux = sign_in(&app, "deux", issued["password"].as_str().unwrap())
        .await
        .unwrap();
    let (status, _, _) = app.delete(me, &deux).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Now « deux » is the last one: nobody can demote them, not even themselves.
    let demoted =
        json!({"displayName": "", "role": "local", "structures": [app.school_a], "disabled": false});
    let (status, _, body) = app.put("/api/admins/deux", &deux, demoted).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}

#[tokio::test]
async fn a_local_admin_manages_nobody_and_every_change_needs_the_csrf_header() {
    let app = TestApp::new().await;
    let local = app.login("local.a").await;
    for (method, path, body) in [
        (
            Method::POST,
            "/api/admins",
            Some(json!({"login": "x.y", "role": "local", "structures": [app.school_a]})),
        ),
        (
            Method::PUT,
            "/api/admins/local.b",
            Some(
                json!({"displayName": "", "role": "local", "structures": [app.school_a], "disabled": false}),
            ),
        ),
        (
            Method::PUT,
            "/api/admins/local.a",
            Some(json!({"displayName": "", "role": "central", "structures": [], "disabled": false})),
        ),
        (Method::POST, "/api/admins/local.b/password-reset", None),
        (Method::DELETE, "/api/admins/local.b", None),
    ] {
        let (status, _, answer) = app.send(method.clone(), path, Some(&local), body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}: {answer}");
    }
    let central = app.login("chantal.central").await;
    for (method, path, body) in [
        (
            Method::POST,
            "/api/admins",
            Some(json!({"login": "x.y", "role": "central"})),
        ),
        (Method::POST, "/api/admins/local.b/password-reset", None),
        (Method::DELETE, "/api/admins/local.b", None),
        (
            Method::PUT,
            "/api/session/password",
            Some(json!({"current": PASSWORD, "new": "un tout nouveau secret"})),
        ),
    ] {
        let (status, _, _) = app
            .send(method.clone(), path, Some(&central.without_csrf()), body)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path} without CSRF");
    }
    assert!(app.db.admin("local.b").await.unwrap().is_some());
    // Session out: nothing at all.
    let (status, _, _) = app.send(Method::GET, "/api/admins", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn anyone_changes_their_own_password_with_the_current_one() {
    let app = TestApp::new().await;
    let local = app.login("local.a").await;
    let other_tab = app.login("local.a").await;
    let change = |current: &str, new: &str| {
        let (app, local, body) = (&app, &local, json!({"current": current, "new": new}));
        async move { app.put("/api/session/password", local, body).await }
    };
    for (current, new, expected) in [
        ("pas le bon mot de passe", "un tout nouveau secret", "actuel"),
        (PASSWORD, "court", "12 caractères"),
        (PASSWORD, "mon-LOCAL.A-secret", "identifiant"),
        // Long enough, and among what guessers try first.
        (PASSWORD, "aaaaaaaaaaaa", "répète"),
        (PASSWORD, "            ", "répète"),
        (PASSWORD, "Motdepasse2024!", "mot de passe courant"),
        // Their school's name (École A) and their login's words.
        (PASSWORD, "ecole-A-local-2025-a", "établissement"),
        (PASSWORD, PASSWORD, "différent"),
    ] {
        let (status, _, body) = change(current, new).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{new}: {body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(expected),
            "{body}"
        );
    }
    assert!(alive(&app, &local).await, "a refused change signs nobody out");

    let (status, headers, body) = change(PASSWORD, "un tout nouveau secret").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    // The answer is a new session; every old one, this tab's included, is over.
    let renewed = Session {
        cookie: session_cookie(&headers),
        csrf: body["csrfToken"].as_str().unwrap().to_owned(),
    };
    assert!(alive(&app, &renewed).await);
    assert!(!alive(&app, &local).await && !alive(&app, &other_tab).await);
    assert!(sign_in(&app, "local.a", PASSWORD).await.is_err());
    assert!(sign_in(&app, "local.a", "un tout nouveau secret").await.is_ok());
}

#[tokio::test]
async fn wrong_current_passwords_meet_the_sign_in_limit() {
    let app = TestApp::new().await;
    let local = app.login("local.a").await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let body = json!({"current": "pas le bon mot de passe", "new": "un tout nouveau secret"});
        statuses.push(app.put("/api/session/password", &local, body).await.0);
    }
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
}
