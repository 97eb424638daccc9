//! E-mail distribution through the API and a real SMTP server (aiosmtpd, `smtp_sink.py`): each
//! recipient gets one message with the content of its activation state; no address, no send;
//! a server down at start delays, never loses; a 5xx fails one recipient with its reason while
//! the others go; idempotency keys, retries, 503 without SMTP, and scope on every route.

mod support;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use sesame_core::import::parse_csv;
use sesame_core::{LetterSettings, SchoolTimeZone};
use sesame_server::auth::password;
use sesame_server::db::{Admin, Role};
use sesame_server::mail::{MailConfig, SenderPolicy};
use sesame_testkit::free_port;
use sesame_testkit::school::ent_csv;
use sesame_testkit::smtp::{parse, Sink};
use support::{Session, TestApp, PASSWORD};

const SCHOOL_C_LINES: &str = "\
c1;Élève;Nguyễn;Łukasz;lukasz.nguyen;MC0DE111;CM2 A;lukasz@famille-nguyen.fr;01/09/2025;non;non;
c2;Enseignant;Leroy;Anne;anne.leroy;;CM2 A;anne.leroy@ecole-c.fr;15/08/2024;non;non;
c3;Élève;Dupré;Zoé;zoe.dupre;MC0DE333;CM2 A;;01/09/2025;non;non;
c4;Parent;Martin;Paul;paul.martin;MC0DE444;;   ;01/09/2025;non;non;
c5;Personnel;Central;Chantal;chantal.central;;;chantal@ecole-c.fr;15/08/2024;non;non;
";

/// A test server whose outbox sends to `smtp_url`, with school C (settings and e-mail
/// addresses) and its local administrator `local.c`.
async fn app_with_mail(smtp_url: &str) -> (TestApp, String) {
    let mut config = MailConfig::new(smtp_url);
    // Fast back-off so "server down, then up" takes a second, not minutes.
    config.retry_base = Duration::from_millis(100);
    config.retry_cap = Duration::from_millis(400);
    config.max_attempts = 50;
    // School C writes from its own domain, which the operator allows.
    config.senders = SenderPolicy::new(Some("ecole-c.fr"), &config.from).unwrap();
    let app = TestApp::with_mail(Some(config)).await;
    let settings = LetterSettings {
        ent_name: "ONE".into(),
        login_url: "https://ent.example/login".into(),
        activation_url: "https://ent.example/activer".into(),
        help_text: "Le secrétariat vous aide.".into(),
        sender_address: "Secrétariat <secretariat@ecole-c.fr>".into(),
        ..Default::default()
    };
    let school = app
        .db
        .create_structure("0759999C", "École Marie-Curie", &settings)
        .await
        .unwrap();
    let report = parse_csv(ent_csv(SCHOOL_C_LINES).as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
    app.db.import_users(&school.id, &report.users).await.unwrap();
    let admin = Admin {
        login: "local.c".into(),
        display_name: "Direction C".into(),
        password_hash: password::hash(PASSWORD),
        role: Role::Local,
        disabled: false,
    };
    app.db
        .put_admin(&admin, std::slice::from_ref(&school.id))
        .await
        .unwrap();
    (app, school.id)
}

/// School C's server (see [`app_with_mail`]) mailing through a new SMTP sink that takes every
/// message, with `local.c` signed in: where most tests here start. The sink's folder comes first
/// (it is deleted when dropped).
async fn school_c_mailing() -> (tempfile::TempDir, Sink, TestApp, String, Session) {
    let inbox = tempfile::tempdir().unwrap();
    let sink = Sink::start(free_port(), inbox.path(), &[]);
    let (app, school) = app_with_mail(&sink.url()).await;
    let session = app.login("local.c").await;
    (inbox, sink, app, school, session)
}

/// `session`'s mailing of `ids` of `school` with the idempotency key `key`: status and body.
async fn post_mailing(
    app: &TestApp,
    session: &Session,
    school: &str,
    ids: &[&str],
    key: &str,
) -> (StatusCode, Value) {
    let (status, _, body) = app
        .post(
            &format!("/api/structures/{school}/mailings"),
            session,
            json!({"userIds": ids, "idempotencyKey": key}),
        )
        .await;
    (status, body)
}

/// Polls `GET /api/mailings/{id}` until nothing is pending.
async fn settled(app: &TestApp, session: &Session, mailing: &str) -> Value {
    let start = Instant::now();
    loop {
        let (status, _, body) = app.get(&format!("/api/mailings/{mailing}"), session).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        if body["pending"] == 0 {
            return body;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "still pending: {body}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Two installations (two databases) each send their first message: both are outbox row 1, and
/// their `Message-ID`s still differ — a mail client or server that dropped the second as a copy
/// of the first would lose a parent's letter. (The same row sent again keeps its id:
/// `instances.rs`.)
#[tokio::test]
async fn message_ids_differ_across_installations_and_mailings() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(free_port(), dir.path(), &[]);
    let mut ids = Vec::new();
    for key in ["first-installation", "second-installation"] {
        let (app, school) = app_with_mail(&sink.url()).await;
        let session = app.login("local.c").await;
        for round in ["a", "b"] {
            let (status, body) =
                post_mailing(&app, &session, &school, &["c1"], &format!("{key}-{round}")).await;
            assert_eq!(status, StatusCode::ACCEPTED, "{body}");
            settled(&app, &session, body["mailingId"].as_str().unwrap()).await;
        }
    }
    for message in sink.messages().iter().map(|m| parse(m)) {
        ids.push(message.message_id);
    }
    assert_eq!(ids.len(), 4, "{ids:?}");
    let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 4, "{ids:?}");
    assert!(ids.iter().all(|id| id.ends_with(".sesame@localhost")), "{ids:?}");
}

#[tokio::test]
async fn every_recipient_gets_one_message_with_the_content_of_its_state() {
    let (_inbox, sink, app, school, session) = school_c_mailing().await;
    let (_, _, info) = app.get("/api/session", &session).await;
    assert_eq!(info["mailEnabled"], true, "the app is told e-mail is on");
    let (status, body) = post_mailing(&app, &session, &school, &["c1", "c2", "c3", "c4"], "k1").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(
        (body["queued"].clone(), body["skippedNoEmail"].clone()),
        (json!(2), json!(2))
    );
    let mailing = body["mailingId"].as_str().unwrap();
    let done = settled(&app, &session, mailing).await;
    assert_eq!(done["state"], "sent", "{done}");
    assert_eq!(
        (
            done["total"].clone(),
            done["sent"].clone(),
            done["failed"].clone()
        ),
        (json!(2), json!(2), json!(0))
    );
    assert_eq!(
        done["recipients"],
        json!([{"userId": "c1", "state": "sent"}, {"userId": "c2", "state": "sent"}])
    );

    let messages: Vec<_> = sink.messages().iter().map(|m| parse(m)).collect();
    assert_eq!(
        messages.len(),
        2,
        "one message each, nothing for the accounts without address"
    );
    let new = messages
        .iter()
        .find(|m| m.to_address == "lukasz@famille-nguyen.fr")
        .unwrap();
    let activated = messages
        .iter()
        .find(|m| m.to_address == "anne.leroy@ecole-c.fr")
        .unwrap();
    for m in [new, activated] {
        assert!(m.raw.contains("Content-Type: multipart/alternative"), "{}", m.raw);
        assert!(m.raw.contains("Content-Type: text/plain") && m.raw.contains("Content-Type: text/html"));
        assert!(m.raw.contains("\r\nDate: "), "{}", m.raw);
        // The Message-ID and the envelope sender are the operator's, From the school's.
        assert!(m.message_id.ends_with(".sesame@localhost"), "{}", m.message_id);
        assert!(
            m.raw.contains("secretariat@ecole-c.fr"),
            "From from the letter settings"
        );
        assert!(
            m.raw.starts_with("Return-Path: <ne-pas-repondre@localhost>"),
            "{}",
            m.raw
        );
        assert!(m.text.contains("École Marie-Curie") && m.html.contains("Le secrétariat vous aide."));
    }
    assert_ne!(new.message_id, activated.message_id);
    // The To display name survives encoding, exactly as the directory spells it.
    assert_eq!(new.to_name.as_deref(), Some("Łukasz Nguyễn"));
    assert!(new.raw.is_ascii(), "headers are encoded, never raw UTF-8");
    assert_eq!(
        new.subject,
        "Vos identifiants pour l’ENT ONE — Première connexion"
    );
    assert!(new.text.contains("Identifiant : lukasz.nguyen"), "{}", new.text);
    assert!(new.text.contains("Code d’activation : MC0DE111"), "{}", new.text);
    assert!(new.html.contains("<code>MC0DE111</code>"), "{}", new.html);
    assert!(new.text.contains("Rendez-vous sur https://ent.example/activer."));
    assert_eq!(
        activated.subject,
        "Vos identifiants pour l’ENT ONE — Compte déjà activé"
    );
    assert!(activated.text.contains("Identifiant : anne.leroy"));
    assert!(!activated.text.contains("Code d’activation") && !activated.html.contains("Code d’activation"));
    assert!(activated.text.contains("Mot de passe oublié ?"));

    // Each send is in the distribution log, on the mail channel.
    let (_, _, log) = app
        .get(&format!("/api/structures/{school}/distributions"), &session)
        .await;
    let mut logged: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .inspect(|e| assert_eq!(e["channel"], "mail"))
        .flat_map(|e| {
            e["userIds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_str().unwrap())
        })
        .collect();
    logged.sort();
    assert_eq!(logged, ["c1", "c2"]);
}

#[tokio::test]
async fn a_repeated_idempotency_key_returns_the_first_mailing() {
    let (_inbox, sink, app, school, session) = school_c_mailing().await;
    let (_, first) = post_mailing(&app, &session, &school, &["c1", "c2"], "same-key").await;
    settled(&app, &session, first["mailingId"].as_str().unwrap()).await;
    let (status, again) = post_mailing(&app, &session, &school, &["c1", "c2"], "same-key").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(again, first, "same mailing, same counts");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.messages().len(), 2, "nothing sent again");
    let (_, other) = post_mailing(&app, &session, &school, &["c1"], "another-key").await;
    assert_ne!(other["mailingId"], first["mailingId"]);
    settled(&app, &session, other["mailingId"].as_str().unwrap()).await;
    assert_eq!(sink.messages().len(), 3);
}

#[tokio::test]
async fn a_refused_recipient_fails_with_the_reply_while_the_others_go_and_retry_requeues_it() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let sink = Sink::start(port, dir.path(), &["anne.leroy@ecole-c.fr"]);
    let (app, school) = app_with_mail(&sink.url()).await;
    let session = app.login("local.c").await;
    let (_, body) = post_mailing(&app, &session, &school, &["c1", "c2"], "k").await;
    let mailing = body["mailingId"].as_str().unwrap().to_owned();
    let done = settled(&app, &session, &mailing).await;
    assert_eq!(done["state"], "partial", "{done}");
    assert_eq!(
        (done["sent"].clone(), done["failed"].clone()),
        (json!(1), json!(1))
    );
    let refused = &done["recipients"][1];
    assert_eq!(
        (refused["userId"].clone(), refused["state"].clone()),
        (json!("c2"), json!("failed"))
    );
    let reason = refused["error"].as_str().unwrap();
    assert!(
        reason.contains("550") && reason.contains("mailbox unavailable"),
        "{reason}"
    );
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(parse(&sink.messages()[0]).to_address, "lukasz@famille-nguyen.fr");
    // Health counts the failure in the outbox's backlog, for whoever monitors it.
    let (_, _, health) = app.send(Method::GET, "/api/health", None, None).await;
    assert_eq!(
        health["outbox"],
        json!({"mail": "on", "queued": 0, "sending": 0, "staleLeases": 0, "failed": 1, "oldestDueSecs": 0})
    );

    // The mailbox is fixed: retrying sends the failed one, and only it.
    sink.stop();
    let sink = Sink::start(port, dir.path(), &[]);
    let (status, _, body) = app
        .send(
            Method::POST,
            &format!("/api/mailings/{mailing}/retry"),
            Some(&session),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["requeued"], 1);
    let done = settled(&app, &session, &mailing).await;
    assert_eq!(done["state"], "sent", "{done}");
    let messages: Vec<_> = sink.messages().iter().map(|m| parse(m)).collect();
    let to: Vec<&str> = messages.iter().map(|m| m.to_address.as_str()).collect();
    assert_eq!(to, ["lukasz@famille-nguyen.fr", "anne.leroy@ecole-c.fr"]);
}

#[tokio::test]
async fn messages_wait_for_a_server_that_is_down_and_go_once_it_is_up() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let (app, school) = app_with_mail(&format!("smtp://127.0.0.1:{port}")).await;
    let session = app.login("local.c").await;
    let (status, body) = post_mailing(&app, &session, &school, &["c1", "c2"], "k").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let mailing = body["mailingId"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(800)).await;
    let (_, _, waiting) = app.get(&format!("/api/mailings/{mailing}"), &session).await;
    assert_eq!(
        (waiting["state"].clone(), waiting["pending"].clone()),
        (json!("sending"), json!(2)),
        "{waiting}"
    );
    // A temporary failure says why, while the row waits for its next attempt.
    assert!(waiting["recipients"][0]["error"].is_string(), "{waiting}");

    let sink = Sink::start(port, dir.path(), &[]);
    let done = settled(&app, &session, &mailing).await;
    assert_eq!(done["state"], "sent", "{done}");
    assert_eq!(sink.messages().len(), 2, "each once");
}

#[tokio::test]
async fn without_smtp_mailings_are_refused_with_a_clear_message() {
    let app = TestApp::new().await;
    let session = app.login("local.a").await;
    let (status, body) = post_mailing(&app, &session, &app.school_a, &["a3"], "k").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let message = body["error"]["message"].as_str().unwrap().to_lowercase();
    assert!(
        message.contains("l'envoi de courriels n'est pas configuré"),
        "{message}"
    );
}

#[tokio::test]
async fn scope_is_checked_on_every_mailing_route() {
    let (_inbox, sink, app, school, local_c) = school_c_mailing().await;
    let local_b = app.login("local.b").await;
    let central = app.login("chantal.central").await;

    // Another school's administrator: 403 on the structure, the mailing and its retry.
    let (status, _) = post_mailing(&app, &local_b, &school, &["c1"], "k").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, body) = post_mailing(&app, &local_c, &school, &["c1"], "k").await;
    let mailing = body["mailingId"].as_str().unwrap().to_owned();
    for (method, uri) in [
        (Method::GET, format!("/api/mailings/{mailing}")),
        (Method::POST, format!("/api/mailings/{mailing}/retry")),
    ] {
        let (status, _, _) = app.send(method.clone(), &uri, Some(&local_b), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}");
        let (status, _, _) = app.send(method, &uri, Some(&central), None).await;
        assert_eq!(
            status,
            if uri.ends_with("retry") {
                StatusCode::ACCEPTED
            } else {
                StatusCode::OK
            }
        );
    }
    let (status, _, _) = app
        .send(Method::GET, "/api/mailings/nope", Some(&local_c), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app
        .send(Method::GET, &format!("/api/mailings/{mailing}"), None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Ids from another school, or a central administrator's account, are refused outright.
    let (status, _) = post_mailing(&app, &local_c, &school, &["c1", "b1"], "k2").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post_mailing(&app, &local_c, &school, &["c5"], "k3").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "central admins' accounts are hidden from local admins"
    );
    let (status, body) = post_mailing(&app, &central, &school, &["c5"], "k3").await;
    assert_eq!((status, body["queued"].clone()), (StatusCode::ACCEPTED, json!(1)));
    // CSRF: a POST without the header is refused before anything is queued.
    let (status, _) = post_mailing(&app, &local_c.without_csrf(), &school, &["c1"], "k4").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post_mailing(&app, &local_c, &school, &["c1"], "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let start = Instant::now();
    while sink.messages().len() < 2 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the central admin's mailings did not go"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
