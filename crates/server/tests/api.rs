//! The API through `oneshot` on a real database (SQLite, or PostgreSQL with
//! `SESAME_TEST_POSTGRES`): sessions, scope on every route, CSRF,
//! rate limiting, caching headers, letter settings and the distribution log.

mod support;

use axum::http::{header, Method, StatusCode};
use serde_json::json;
use sesame_testkit::school::letter_settings;
use sesame_testkit::signed_in::{account, column, school_requests};
use support::{Session, TestApp, PASSWORD};

/// A fresh app with `local.a` signed in, and the address of school A's `route` (`users`,
/// `letter-settings`, `distributions`): where most tests here start.
async fn local_a_on(route: &str) -> (TestApp, Session, String) {
    let app = TestApp::new().await;
    let local_a = app.login("local.a").await;
    let uri = format!("/api/structures/{}/{route}", app.school_a);
    (app, local_a, uri)
}

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = TestApp::new().await;
    let (status, _, body) = app.send(Method::GET, "/api/health", None, None).await;
    let engine = match sesame_server::db::testing::postgres_server() {
        Some(_) => "postgresql",
        None => "sqlite",
    };
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({
                "status": "ok",
                "database": {"engine": engine, "status": "ok"},
                "outbox": {"mail": "off", "queued": 0, "sending": 0, "staleLeases": 0, "failed": 0, "oldestDueSecs": 0},
            })
        )
    );
}

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_cookie_and_returns_the_session() {
    let app = TestApp::new().await;
    let (status, headers, body) = app.sign_in("local.a", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("sesame_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP: no Secure flag");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(body["login"], "local.a");
    assert_eq!(body["role"], "local");
    assert_eq!(body["structures"].as_array().unwrap().len(), 1);
    assert_eq!(body["structures"][0]["uai"], "0751234A");
    assert!(body["csrfToken"].as_str().unwrap().len() >= 40);
    // No --smtp-url: the app learns it here and disables sending by e-mail from the start.
    assert_eq!(body["mailEnabled"], false);
}

/// `X-Forwarded-Proto: https` counts from a trusted proxy only; then the cookie is
/// `Secure` with the `__Host-` prefix, and the answer carries HSTS.
#[tokio::test]
async fn secure_cookie_behind_a_trusted_tls_proxy() {
    let app = TestApp::with(None, |state| {
        state.trusted_proxies = std::sync::Arc::new("10.0.0.1".parse().unwrap());
    })
    .await;
    let sign_in = |peer: &str| {
        let mut request = axum::http::Request::post("/api/session")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-proto", "https")
            .body(axum::body::Body::from(
                json!({"login": "local.a", "password": PASSWORD}).to_string(),
            ))
            .unwrap();
        let peer: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
        request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        tower::ServiceExt::oneshot(app.router.clone(), request)
    };
    let response = sign_in("10.0.0.1").await.unwrap();
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("__Host-sesame_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert_eq!(
        response.headers()[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
    let response = sign_in("192.0.2.7").await.unwrap();
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("sesame_session=") && !cookie.contains("Secure"),
        "{cookie}"
    );
    assert!(!response.headers().contains_key(header::STRICT_TRANSPORT_SECURITY));
}

#[tokio::test]
async fn wrong_password_and_unknown_login_get_the_same_answer() {
    let app = TestApp::new().await;
    for login in ["local.a", "nobody"] {
        let (status, _, body) = app.sign_in(login, "wrong").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"]["code"], "bad_credentials");
        assert_eq!(body["error"]["message"], "Identifiant ou mot de passe incorrect.");
    }
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_with_retry_after() {
    let app = TestApp::new().await;
    let attempt = |password: &'static str| app.sign_in("local.a", password);
    for _ in 0..5 {
        assert_eq!(attempt("wrong").await.0, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused now, with a delay to wait.
    let (status, headers, body) = attempt(PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60, "{wait}");
    assert_eq!(body["error"]["code"], "too_many_requests");
}

#[tokio::test]
async fn without_a_session_every_api_route_is_401() {
    let app = TestApp::new().await;
    let a = &app.school_a;
    for (method, uri) in [
        (Method::GET, "/api/session".to_owned()),
        (Method::DELETE, "/api/session".to_owned()),
        (Method::GET, "/api/structures".to_owned()),
        (Method::GET, format!("/api/structures/{a}/users")),
        (Method::GET, format!("/api/structures/{a}/letter-settings")),
        (Method::PUT, format!("/api/structures/{a}/letter-settings")),
        (Method::GET, format!("/api/structures/{a}/distributions")),
        (Method::POST, format!("/api/structures/{a}/distributions")),
        (Method::DELETE, format!("/api/structures/{a}/distributions/d1")),
    ] {
        let body = (method != Method::GET && method != Method::DELETE).then(|| json!({}));
        let (status, _, _) = app.send(method.clone(), &uri, None, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {uri}");
    }
}

#[tokio::test]
async fn a_local_admin_gets_403_on_every_route_of_another_school() {
    let app = TestApp::new().await;
    let local_a = app.login("local.a").await;
    let b = &app.school_b;
    let settings =
        json!({"entName": "X", "loginUrl": "", "activationUrl": "", "helpText": "", "senderAddress": ""});
    for (method, uri, body) in school_requests(b, settings).into_iter().chain([
        (
            Method::DELETE,
            format!("/api/structures/{b}/distributions/d1"),
            None,
        ),
        // A structure that does not exist looks the same as one out of scope.
        (Method::GET, "/api/structures/nope/users".to_owned(), None),
    ]) {
        let (status, _, response) = app.send(method.clone(), &uri, Some(&local_a), body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}: {response}");
        assert_eq!(response["error"]["code"], "forbidden");
    }
    let (_, _, structures) = app.get("/api/structures", &local_a).await;
    assert_eq!(structures.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn users_are_never_cached_and_carry_their_codes() {
    let (app, local_a, uri) = local_a_on("users").await;
    let (status, headers, body) = app.get(&uri, &local_a).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(body["structure"]["uai"], "0751234A");
    assert!(body["fetchedAt"].is_string());
    let users = body["users"].as_array().unwrap();
    let zoe = users.iter().find(|u| u["login"] == "zoe.dupre").unwrap();
    assert_eq!(zoe["activationCode"], "ZC0DE111");
    assert_eq!(zoe["classes"][0]["name"], "CM2 A");
    let lukasz = users.iter().find(|u| u["login"] == "lukasz.nguyen").unwrap();
    assert_eq!(lukasz["firstName"], "Łukasz");
    assert_eq!(lukasz["classes"].as_array().unwrap().len(), 2);
    let anne = users.iter().find(|u| u["login"] == "anne.leroy").unwrap();
    assert_eq!(anne["localAdmin"], true);
    assert!(anne["activationCode"].is_null());
}

#[tokio::test]
async fn central_admin_accounts_are_hidden_from_local_admins_only() {
    let app = TestApp::new().await;
    let uri = format!("/api/structures/{}/users", app.school_a);
    let local = app.login("local.a").await;
    let (_, _, body) = app.get(&uri, &local).await;
    assert!(!column(&body, "login").contains(&"chantal.central"));
    let central = app.login("chantal.central").await;
    let (_, _, body) = app.get(&uri, &central).await;
    let all = column(&body, "login");
    assert!(all.contains(&"chantal.central"));
    assert_eq!(all.len(), 4);
    // The central admin sees both schools, and a missing one is 404 for them.
    let (_, _, structures) = app.get("/api/structures", &central).await;
    assert_eq!(structures.as_array().unwrap().len(), 2);
    let (status, _, _) = app.get("/api/structures/nope/users", &central).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn mutating_requests_need_the_csrf_header() {
    let (app, local_a, uri) = local_a_on("letter-settings").await;
    let settings = letter_settings(json!({}));
    let (status, _, body) = app.put(&uri, &local_a.without_csrf(), settings.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _, body) = app.put(&uri, &local_a, settings.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, _, read) = app.get(&uri, &local_a).await;
    assert_eq!(read, settings);
    // Logging out also needs it.
    let (status, _, _) = app.delete("/api/session", &local_a.without_csrf()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// Asserts that `session`'s PUT of school A's letter settings `settings` is refused with 400,
/// the message naming the form's field `field`.
async fn assert_settings_refused(app: &TestApp, session: &Session, settings: serde_json::Value, field: &str) {
    let uri = format!("/api/structures/{}/letter-settings", app.school_a);
    let (status, _, body) = app.put(&uri, session, settings).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains(field), "{body}");
}

#[tokio::test]
async fn letter_settings_are_validated() {
    let (app, local_a, uri) = local_a_on("letter-settings").await;
    let bad_url = letter_settings(json!({"loginUrl": "javascript:alert(1)"}));
    assert_settings_refused(&app, &local_a, bad_url, "« Adresse de connexion »").await;
    let too_long = letter_settings(json!({"helpText": "x".repeat(2001)}));
    assert_eq!(app.put(&uri, &local_a, too_long).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn external_sign_in_profiles_default_to_teachers_and_relatives_and_are_kept_as_a_set() {
    let (app, local_a, uri) = local_a_on("letter-settings").await;
    let (_, _, read) = app.get(&uri, &local_a).await;
    assert_eq!(read["externalSignIn"], json!(["Teacher", "Relative"]));
    let chosen = letter_settings(json!({"externalSignIn": ["Guest", "Teacher", "Guest"]}));
    let (status, _, answered) = app.put(&uri, &local_a, chosen).await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!(answered["externalSignIn"], json!(["Teacher", "Guest"]));
    let (_, _, read) = app.get(&uri, &local_a).await;
    assert_eq!(read["externalSignIn"], json!(["Teacher", "Guest"]));
    // The users' list carries the structure with its settings, for the app's guidance.
    let (_, _, users) = app
        .get(&format!("/api/structures/{}/users", app.school_a), &local_a)
        .await;
    assert_eq!(
        users["structure"]["letterSettings"]["externalSignIn"],
        json!(["Teacher", "Guest"])
    );
    // None at all is a choice too: every profile gets letters.
    let none = letter_settings(json!({"externalSignIn": []}));
    let (_, _, answered) = app.put(&uri, &local_a, none).await;
    assert_eq!(answered["externalSignIn"], json!([]));
}

#[tokio::test]
async fn label_offsets_are_saved_to_the_tenth_and_bounded() {
    let (app, local_a, uri) = local_a_on("letter-settings").await;
    let (_, _, read) = app.get(&uri, &local_a).await;
    assert_eq!(
        (read["labelOffsetXMm"].as_f64(), read["labelOffsetYMm"].as_f64()),
        (Some(0.0), Some(0.0))
    );
    let shifted = letter_settings(json!({"labelOffsetXMm": 1.54, "labelOffsetYMm": -2.5,
               "teachersMayDistribute": false, "teachersMayMail": false}));
    let (status, _, answered) = app.put(&uri, &local_a, shifted).await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    let (_, _, read) = app.get(&uri, &local_a).await;
    assert_eq!(read["labelOffsetXMm"], 1.5);
    assert_eq!(read["labelOffsetYMm"], -2.5);
    let far = letter_settings(json!({"labelOffsetXMm": 12}));
    let field = "« Décalage des étiquettes vers la droite (mm) »";
    assert_settings_refused(&app, &local_a, far, field).await;
    // A body without the offsets is refused rather than silently reset.
    let mut partial = letter_settings(json!({}));
    partial.as_object_mut().unwrap().remove("labelOffsetYMm");
    let (status, _, body) = app.put(&uri, &local_a, partial).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (_, _, read) = app.get(&uri, &local_a).await;
    assert_eq!(read["labelOffsetYMm"], -2.5, "unchanged");
}

#[tokio::test]
async fn a_csv_export_is_logged_as_such_when_the_admin_marks_it() {
    let (app, local_a, uri) = local_a_on("distributions").await;
    let (status, _, body) = app
        .post(&uri, &local_a, json!({"userIds": ["a1"], "channel": "csv"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _, _) = app
        .post(&uri, &local_a, json!({"userIds": ["a1"], "channel": "fax"}))
        .await;
    assert!(status.is_client_error(), "an unknown channel is refused");
    let (_, _, log) = app.get(&uri, &local_a).await;
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["channel"], "csv");
    assert_eq!(log[0]["userIds"], json!(["a1"]));
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let (app, local_a, uri) = local_a_on("letter-settings").await;
    let huge = json!({"helpText": "x".repeat(2 << 20)});
    let (status, _, _) = app.put(&uri, &local_a, huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn distributions_are_logged_by_id_and_shown_on_users() {
    let (app, local_a, uri) = local_a_on("distributions").await;
    let mark = |ids: serde_json::Value| {
        let marking = json!({"userIds": ids, "channel": "pdf"});
        app.post(&uri, &local_a, marking)
    };
    let (status, _, body) = mark(json!(["a1", "a2", "a1"])).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["recorded"], 2);
    // An id from another school is refused, not silently skipped.
    let (status, _, _) = mark(json!(["a1", "b1"])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, _, log) = app.get(&uri, &local_a).await;
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["adminLogin"], "local.a");
    assert_eq!(log[0]["channel"], "pdf");
    assert_eq!(log[0]["userIds"], json!(["a1", "a2"]));
    let (_, _, users) = app
        .get(&format!("/api/structures/{}/users", app.school_a), &local_a)
        .await;
    for user in users["users"].as_array().unwrap() {
        let distributed = user["lastDistributedAt"].is_string();
        assert_eq!(distributed, user["id"] == "a1" || user["id"] == "a2", "{user}");
    }
}

/// Records through `log` that `who` printed the letters of `ids`; the entry's id.
async fn mark_printed(app: &TestApp, log: &str, who: &Session, ids: serde_json::Value) -> String {
    let (status, _, body) = app
        .post(log, who, json!({"userIds": ids, "channel": "pdf"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

/// « Marquer comme distribués » clicked for the wrong pile: the administrator who did takes it
/// back for a few minutes, each account's last distribution falls back to the one before (or
/// none), and no one else — another school's administrator, another administrator of the same
/// school — may; e-mails sent are never taken back, and nor is an entry past the window.
#[tokio::test]
async fn an_administrator_undoes_their_own_recent_marking_and_nothing_else() {
    use sesame_server::db::{Channel, Undo};
    let app = TestApp::new().await;
    let a = app.school_a.clone();
    let local_a = app.login("local.a").await;
    let central = app.login("chantal.central").await;
    let log = format!("/api/structures/{a}/distributions");
    let first = mark_printed(&app, &log, &local_a, json!(["a1"])).await;
    let (_, _, before) = app.get(&log, &local_a).await;
    let first_at = before[0]["at"].clone();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let wrong = mark_printed(&app, &log, &local_a, json!(["a1", "a2"])).await;
    let undo = format!("{log}/{wrong}");

    // Not from another school's administrator (out of scope), nor through another school's
    // address, nor by another administrator of the school.
    let local_b = app.login("local.b").await;
    let (status, _, _) = app.delete(&undo, &local_b).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let elsewhere = format!("/api/structures/{}/distributions/{wrong}", app.school_b);
    let (status, _, _) = app.delete(&elsewhere, &central).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, body) = app.delete(&undo, &central).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        body["error"]["message"],
        "Seul l’administrateur qui a marqué ces comptes comme distribués peut l’annuler."
    );
    // Without the CSRF header: refused like every change.
    let (status, _, _) = app.delete(&undo, &local_a.without_csrf()).await;
    assert!(status.is_client_error());

    // By its author: gone, a1 back to its first distribution, a2 to none.
    let (status, headers, body) = app.delete(&undo, &local_a).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"lastDistributed": [{"userId": "a1", "at": first_at}, {"userId": "a2", "at": null}]})
    );
    assert!(headers.get(header::CONTENT_TYPE).is_some());
    let (_, _, after) = app.get(&log, &local_a).await;
    assert_eq!(after.as_array().unwrap().len(), 1);
    assert_eq!(after[0]["id"], first.as_str());
    let (_, _, users) = app.get(&format!("/api/structures/{a}/users"), &local_a).await;
    let last = |id: &str| account(&users, "id", id)["lastDistributedAt"].clone();
    assert_eq!(last("a1"), first_at, "the directory shows the earlier one again");
    assert!(last("a2").is_null());
    // Twice: nothing left to undo.
    let (status, _, _) = app.delete(&undo, &local_a).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // E-mails that went are not taken back.
    let mailed = app
        .db
        .record_distribution(&a, "local.a", Channel::Mail, &["a3".to_owned()])
        .await
        .unwrap();
    let (status, _, body) = app.delete(&format!("{log}/{mailed}"), &local_a).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    // Past the window (its start moved past the entry): too late, and the entry stays.
    let now = chrono::Utc::now() + chrono::Duration::seconds(1);
    assert_eq!(
        app.db
            .undo_distribution(&a, &first, "local.a", now)
            .await
            .unwrap(),
        Undo::TooLate
    );
    assert!(matches!(
        app.db
            .undo_distribution(&a, &first, "local.a", now - chrono::Duration::minutes(10))
            .await
            .unwrap(),
        Undo::Undone(_)
    ));
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::new().await;
    let session = app.login("local.b").await;
    assert_eq!(app.get("/api/session", &session).await.0, StatusCode::OK);
    let (status, headers, _) = app.delete("/api/session", &session).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(
        app.get("/api/session", &session).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn every_response_has_the_security_headers_and_the_app_loads_on_its_routes() {
    let app = TestApp::new().await;
    for uri in [
        "/",
        "/login",
        "/structures/x/distribution?profile=Student",
        "/api/health",
    ] {
        let request = axum::http::Request::get(uri)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = tower::ServiceExt::oneshot(app.router.clone(), request)
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        let headers = response.headers();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'self'") && csp.contains("'sha256-"),
            "{csp}"
        );
        // The same rule for browsers that read only the older header.
        assert_eq!(headers[header::X_FRAME_OPTIONS], "SAMEORIGIN", "{uri}");
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
        // Files are revalidated (the PDF worker's names carry no hash).
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{uri}");
    }
}

#[tokio::test]
async fn errors_are_json_with_a_code_and_a_french_message() {
    let app = TestApp::new().await;
    let (status, _, body) = app.send(Method::GET, "/api/session", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"error": {"code": "unauthorized", "message": "Veuillez vous connecter."}})
    );
}
