//! Shared set-up of the server tests: a real database — a SQLite file in a temporary directory,
//! or a fresh PostgreSQL database when `SESAME_TEST_POSTGRES` names a server — two schools,
//! a central and a local administrator, and a built-app stand-in with an inline loader script;
//! optionally the mail outbox with its workers.

#![allow(dead_code)] // each test file uses its own part of the harness

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use sesame_core::import::parse_csv;
use sesame_core::{LetterSettings, SchoolTimeZone};
use sesame_server::auth::password;
use sesame_server::db::{Admin, Db, Role};
use sesame_server::mail::{worker, MailConfig, Mailer};
use sesame_server::routes::app;
use sesame_server::security::content_security_policy;
use sesame_server::state::AppState;
use sesame_testkit::school::ent_csv;
use sesame_testkit::signed_in::session_cookie;
pub use sesame_testkit::signed_in::Session;
use tower::ServiceExt;

pub use sesame_testkit::PASSWORD;

pub const SCHOOL_A_LINES: &str = "\
a1;Élève;Dupré;Zoé;zoe.dupre;ZC0DE111;CM2 A;;01/09/2025;non;non;
a2;Élève;Nguyễn;Łukasz;lukasz.nguyen;LC0DE222;CM2 A,Chorale;;01/09/2025;non;non;
a3;Enseignant;Leroy;Anne;anne.leroy;;CM2 A;anne.leroy@ecole.fr;15/08/2024;non;oui;
a4;Personnel;Central;Chantal;chantal.central;;;chantal@ecole.fr;15/08/2024;non;non;
";

pub const SCHOOL_B_LINES: &str = "\
b1;Élève;Smirnova;Алёна;alena.smirnova;BC0DE333;6e A;;02/09/2025;non;non;
";

pub const HTML: &str =
    "<!DOCTYPE html><title>Sésame</title><script type=\"module\">init('/app.wasm');</script>";

/// An answer's status, headers and JSON body (Null when empty or not JSON).
pub type Answer = (StatusCode, axum::http::HeaderMap, Value);

/// A server over a fresh database.
pub struct TestApp {
    pub db: Db,
    pub router: Router,
    pub school_a: String,
    pub school_b: String,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with_mail(None).await
    }

    /// The same, with the mail outbox sending through `mail` (its workers running) when given.
    pub async fn with_mail(mail: Option<MailConfig>) -> TestApp {
        TestApp::with(mail, |_| {}).await
    }

    /// The same, with the state changed by `tweak` before the service is built (trusted
    /// proxies, secure cookies, sender domains).
    pub async fn with(mail: Option<MailConfig>, tweak: impl FnOnce(&mut AppState)) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), HTML).unwrap();
        let db = sesame_server::db::testing::open_test_db(dir.path()).await;
        let mut ids = Vec::new();
        for (uai, name, lines) in [
            ("0751234A", "École A", SCHOOL_A_LINES),
            ("0755678B", "Collège B", SCHOOL_B_LINES),
        ] {
            let structure = db
                .create_structure(uai, name, &LetterSettings::default())
                .await
                .unwrap();
            let report = parse_csv(ent_csv(lines).as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
            db.import_users(&structure.id, &report.users).await.unwrap();
            ids.push(structure.id);
        }
        let admin = |login: &str, role| Admin {
            login: login.into(),
            display_name: login.into(),
            password_hash: password::hash(PASSWORD),
            role,
            disabled: false,
        };
        // The central administrator is also an account of school A's directory.
        db.put_admin(&admin("chantal.central", Role::Central), &[])
            .await
            .unwrap();
        db.put_admin(&admin("local.a", Role::Local), &[ids[0].clone()])
            .await
            .unwrap();
        db.put_admin(&admin("local.b", Role::Local), &[ids[1].clone()])
            .await
            .unwrap();
        let mut state = AppState::new(db.clone(), content_security_policy(HTML));
        if let Some(config) = mail {
            state.senders = Arc::new(config.senders.clone());
            let mailer = Mailer::new(config).unwrap();
            worker::start(db.clone(), mailer.clone());
            state.mailer = Some(mailer);
        }
        tweak(&mut state);
        let router = app(state, dir.path());
        TestApp {
            db,
            router,
            school_a: ids[0].clone(),
            school_b: ids[1].clone(),
            _dir: dir,
        }
    }

    /// Sends a request; returns status, headers and the JSON body (Null when empty or not JSON).
    pub async fn send(
        &self,
        method: Method,
        uri: &str,
        session: Option<&Session>,
        body: Option<Value>,
    ) -> Answer {
        let request = Request::builder().method(method).uri(uri);
        match body {
            Some(json) => {
                let request = request.header(header::CONTENT_TYPE, "application/json");
                self.exchange(request, session, Body::from(json.to_string()))
                    .await
            }
            None => self.exchange(request, session, Body::empty()).await,
        }
    }

    /// A GET of `uri` as `session`.
    pub async fn get(&self, uri: &str, session: &Session) -> Answer {
        self.send(Method::GET, uri, Some(session), None).await
    }

    /// A POST of the JSON `body` to `uri` as `session`.
    pub async fn post(&self, uri: &str, session: &Session, body: Value) -> Answer {
        self.send(Method::POST, uri, Some(session), Some(body)).await
    }

    /// A PUT of the JSON `body` to `uri` as `session`.
    pub async fn put(&self, uri: &str, session: &Session, body: Value) -> Answer {
        self.send(Method::PUT, uri, Some(session), Some(body)).await
    }

    /// A DELETE of `uri` as `session`.
    pub async fn delete(&self, uri: &str, session: &Session) -> Answer {
        self.send(Method::DELETE, uri, Some(session), None).await
    }

    /// Sends `body` as is, with `content_type` (an upload: the CSV of an import).
    pub async fn send_raw(
        &self,
        method: Method,
        uri: &str,
        session: Option<&Session>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, content_type);
        self.exchange(request, session, Body::from(body)).await
    }

    /// `request` with `session`'s cookie and CSRF header and `body`, answered by the router.
    async fn exchange(
        &self,
        mut request: axum::http::request::Builder,
        session: Option<&Session>,
        body: Body,
    ) -> Answer {
        if let Some(s) = session {
            request = request
                .header(header::COOKIE, &s.cookie)
                .header("x-sesame-csrf", &s.csrf);
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 64 << 20)
            .await
            .unwrap();
        (
            status,
            headers,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    /// One sign-in attempt of `login` with `password`: the answer, whatever it is.
    pub async fn sign_in(&self, login: &str, password: &str) -> Answer {
        let body = serde_json::json!({"login": login, "password": password});
        self.send(Method::POST, "/api/session", None, Some(body)).await
    }

    /// Signs `login` in with the test password; panics unless it works.
    pub async fn login(&self, login: &str) -> Session {
        let (status, headers, body) = self.sign_in(login, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        Session {
            cookie: session_cookie(&headers),
            csrf: body["csrfToken"].as_str().unwrap().to_owned(),
        }
    }
}
