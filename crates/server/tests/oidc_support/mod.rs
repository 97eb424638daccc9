//! The sign-in tests' harness: a real `sesame serve` (its database on SQLite, or PostgreSQL with
//! `SESAME_TEST_POSTGRES`) seeded through the binary with two schools — teachers of classes,
//! pupils, a relative, a central administrator — a real OpenID provider from testkit, and a
//! bare HTTP client that behaves as a browser does for cookies (one jar for Sésame and the
//! provider) but follows no redirect, so each step can be looked at.

#![allow(dead_code)] // each test uses its own part of the harness

use std::path::PathBuf;

use reqwest::header::LOCATION;
use serde_json::{json, Value};
use sesame_server::db::testing::test_db_location;
use sesame_testkit::oidc::{Client, Kind, Provider};
use sesame_testkit::school::{ent_csv, fake_dist};
use sesame_testkit::signed_in;
use sesame_testkit::{free_port, Sesame, PASSWORD};

/// Sésame's client at the provider.
pub const CLIENT_ID: &str = "sesame";
pub const CLIENT_SECRET: &str = "s3cretS3cret";

/// School A lets its teachers hand out their classes' letters; school B does not. Anne Leroy
/// (ENT-ANNE) teaches CM2 A; Paul Martin (ENT-PAUL) teaches CM1 B; Bruno (ENT-BRUNO) teaches at
/// B only. Zoé is in CM2 A, Hugo in CM1 B; Marc is Zoé's father.
pub const SCHOOL_A_LINES: &str = "\
ENT-ANNE;Enseignant;Leroy;Anne;anne.leroy;;CM2 A;anne@ecole.fr;15/08/2024;non;non;
ENT-PAUL;Enseignant;Martin;Paul;paul.martin;;CM1 B;paul@ecole.fr;15/08/2024;non;non;
ENT-ZOE;Élève;Dupré;Zoé;zoe.dupre;ZC0DE111;CM2 A;;01/09/2025;non;non;
ENT-HUGO;Élève;Petit;Hugo;hugo.petit;HC0DE222;CM1 B;;01/09/2025;non;non;
ENT-MARC;Parent;Dupré;Marc;marc.dupre;MC0DE333;;marc@famille.fr;01/09/2025;non;non;Zoé Dupré (CM2 A)
ENT-CHEF;Personnel;Central;Chantal;chef.central;;;chef@ecole.fr;15/08/2024;non;non;
";

pub const SCHOOL_B_LINES: &str = "\
ENT-BRUNO;Enseignant;Bruno;Léa;lea.bruno;;6e A;lea@college.fr;15/08/2024;non;non;
ENT-ALENA;Élève;Smirnova;Алёна;alena.smirnova;BC0DE444;6e A;;02/09/2025;non;non;
";

/// A running Sésame with its provider and database.
pub struct Setup {
    pub sesame: sesame_testkit::Server,
    /// `sesame serve`'s sign-in arguments, for a second instance.
    args: Vec<String>,
    pub provider: Provider,
    /// Sésame's address, as the provider sends browsers back to it.
    pub public_url: String,
    pub db: PathBuf,
    /// The two schools' ids (empty with a misbehaving provider).
    pub school_a: String,
    pub school_b: String,
    _dir: tempfile::TempDir,
}

/// The `sesame` binary of this build.
pub fn sesame() -> Sesame {
    Sesame::at(env!("CARGO_BIN_EXE_sesame"))
}

impl Setup {
    /// Sésame with `kind` of provider, whose client may `misbehave` (see testkit's `oidc`),
    /// and `extra` arguments for `sesame serve`.
    pub async fn start(kind: Kind, misbehave: Option<&str>, extra: &[&str]) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let db = test_db_location(dir.path()).await;
        let sesame = sesame();
        for (uai, name, lines) in [
            ("0751234A", "École A", SCHOOL_A_LINES),
            ("0755678B", "Collège B", SCHOOL_B_LINES),
        ] {
            let file = dir.path().join(format!("{uai}.csv"));
            std::fs::write(&file, ent_csv(lines)).unwrap();
            sesame.import(&db, uai, name, &file);
        }
        // The central administrator, linked to their ENT identity (the export's Id).
        let linked = ["--oidc-subject", "ENT-CHEF"];
        sesame.add_admin_with(&db, "chef.central", "central", PASSWORD, &linked);
        let port = free_port();
        let public_url = format!("http://127.0.0.1:{port}");
        let mut client = Client::for_sesame(CLIENT_ID, CLIENT_SECRET, &public_url);
        client.misbehave = misbehave.map(str::to_owned);
        let provider = Provider::start(kind, &[client], json!({}), &["key-1"]);
        let issuer = provider.issuer();
        let mut args = vec![
            "--oidc-issuer",
            &issuer,
            "--oidc-client-id",
            CLIENT_ID,
            "--public-url",
            &public_url,
            "--oidc-label",
            "Se connecter avec ONE",
        ];
        args.extend_from_slice(extra);
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let listen = format!("127.0.0.1:{port}");
        let server = sesame.serve_at(
            &listen,
            &db,
            &fake_dist(dir.path()),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
            &[
                ("SESAME_OIDC_CLIENT_SECRET", CLIENT_SECRET),
                ("SESAME_LOG", "info"),
            ],
        );
        // Read as the central administrator, signed in through the ENT (whatever the sign-ins
        // offered) — unless the provider is told to give wrong tokens, when no test needs them.
        let (mut school_a, mut school_b) = (String::new(), String::new());
        if misbehave.is_none() {
            let admin = Browser::new();
            assert_eq!(admin.sign_in_as(&server.url, "ENT-CHEF").await, "/");
            admin.session(&server.url).await;
            school_a = structure_id(&admin, &server.url, "0751234A").await;
            school_b = structure_id(&admin, &server.url, "0755678B").await;
        }
        Setup {
            sesame: server,
            args,
            provider,
            public_url,
            db,
            school_a,
            school_b,
            _dir: dir,
        }
    }

    /// Lets school A's teachers hand out letters (and e-mail them, with `mail`), as its
    /// administrator does in its settings.
    pub async fn allow_teachers(&self, school: &str, mail: bool) {
        let admin = Browser::new();
        assert_eq!(admin.sign_in_as(&self.sesame.url, "ENT-CHEF").await, "/");
        admin.session(&self.sesame.url).await;
        let (_, settings) = admin
            .get_json(&format!(
                "{}/api/structures/{school}/letter-settings",
                self.sesame.url
            ))
            .await;
        let mut settings = settings;
        settings["teachersMayDistribute"] = json!(true);
        settings["teachersMayMail"] = json!(mail);
        let status = admin
            .send(
                reqwest::Method::PUT,
                &format!("{}/api/structures/{school}/letter-settings", self.sesame.url),
                Some(settings),
            )
            .await
            .0;
        assert_eq!(status, 200);
    }
}

impl Setup {
    /// A second `sesame serve` on the same database, with the same settings (its public address
    /// the first one's, as behind one reverse proxy), and the folder of its app's files.
    pub fn second_instance(&self) -> (sesame_testkit::Server, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let dist = fake_dist(dir.path());
        let server = sesame().serve_at(
            "127.0.0.1:0",
            &self.db,
            &dist,
            &self.args.iter().map(String::as_str).collect::<Vec<_>>(),
            &[
                ("SESAME_OIDC_CLIENT_SECRET", CLIENT_SECRET),
                ("SESAME_LOG", "info"),
            ],
        );
        (server, dir)
    }
}

/// The id of the structure of `uai`, read through the API by `admin`.
async fn structure_id(admin: &Browser, base: &str, uai: &str) -> String {
    let (_, structures) = admin.get_json(&format!("{base}/api/structures")).await;
    signed_in::structure_id(&structures, uai)
}

/// A browser as far as cookies go: one jar, no redirect followed by itself.
pub struct Browser {
    pub http: reqwest::Client,
    csrf: std::sync::Mutex<String>,
}

impl Default for Browser {
    fn default() -> Self {
        Browser::new()
    }
}

impl Browser {
    pub fn new() -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            csrf: std::sync::Mutex::new(String::new()),
        }
    }

    /// Signs in with a password; remembers the CSRF token.
    pub async fn password_sign_in(&self, base: &str, login: &str) {
        let answer = self
            .http
            .post(format!("{base}/api/session"))
            .json(&json!({"login": login, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert!(
            answer.status().is_success(),
            "password sign-in: {}",
            answer.status()
        );
        let body: Value = answer.json().await.unwrap();
        *self.csrf.lock().unwrap() = body["csrfToken"].as_str().unwrap().to_owned();
    }

    /// Sésame's button, then the provider's forms as `ent_id`: the callback address the
    /// provider sends the browser back to (not visited).
    pub async fn through_the_provider(&self, base: &str, ent_id: &str) -> reqwest::Url {
        let answer = self
            .http
            .get(format!("{base}/api/oidc/login"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 302, "the button sends the browser to the ENT");
        let to_provider = answer.headers()[LOCATION].to_str().unwrap().to_owned();
        assert!(
            !to_provider.starts_with("/login"),
            "not sent back at once: {to_provider}"
        );
        self.drive_login(&to_provider, ent_id, "/api/oidc/callback").await
    }

    /// Drives the provider's login (and consent) forms as `ent_id` until it sends the browser to
    /// an address containing `callback`.
    pub async fn drive_login(&self, start: &str, ent_id: &str, callback: &str) -> reqwest::Url {
        let mut url = reqwest::Url::parse(start).unwrap();
        let mut form: Option<Vec<(&str, String)>> = None;
        for _ in 0..20 {
            if url.path().contains(callback) {
                return url;
            }
            let answer = match form.take() {
                Some(fields) => self.http.post(url.clone()).form(&fields).send().await.unwrap(),
                None => self.http.get(url.clone()).send().await.unwrap(),
            };
            if answer.status().is_redirection() {
                let location = answer.headers()[LOCATION].to_str().unwrap().to_owned();
                url = url.join(&location).unwrap();
                continue;
            }
            let status = answer.status();
            let body = answer.text().await.unwrap();
            assert!(status.is_success(), "the provider answered {status}: {body}");
            // A form: panva's (prompt=login, then consent) or the authlib provider's (sub).
            let action = body
                .split("action=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("");
            url = url.join(&action.replace("&amp;", "&")).unwrap();
            form = Some(if body.contains("value=\"login\"") {
                vec![
                    ("prompt", "login".into()),
                    ("login", ent_id.into()),
                    ("password", "x".into()),
                ]
            } else if body.contains("value=\"consent\"") {
                vec![("prompt", "consent".into())]
            } else {
                vec![("sub", ent_id.into()), ("action", "allow".into())]
            });
        }
        panic!("the provider never sent the browser back");
    }

    /// Visits the callback: where Sésame then sends the browser (`/` or `/login?error=…`).
    pub async fn visit(&self, url: &reqwest::Url) -> String {
        let answer = self.http.get(url.clone()).send().await.unwrap();
        assert_eq!(answer.status(), 302, "the callback redirects");
        assert_eq!(answer.headers()["cache-control"], "no-store");
        answer.headers()[LOCATION].to_str().unwrap().to_owned()
    }

    /// A whole sign-in through the provider as `ent_id`: where Sésame sends the browser at the end.
    pub async fn sign_in_as(&self, base: &str, ent_id: &str) -> String {
        let callback = self.through_the_provider(base, ent_id).await;
        self.visit(&callback).await
    }

    /// `GET /api/session`: the status and, when signed in, the body (the CSRF token kept).
    pub async fn session(&self, base: &str) -> (u16, Value) {
        let (status, body) = self.get_json(&format!("{base}/api/session")).await;
        if let Some(csrf) = body["csrfToken"].as_str() {
            *self.csrf.lock().unwrap() = csrf.to_owned();
        }
        (status, body)
    }

    pub async fn get_json(&self, url: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, url, None).await
    }

    /// A request with the CSRF token of the last session read.
    pub async fn send(&self, method: reqwest::Method, url: &str, body: Option<Value>) -> (u16, Value) {
        let csrf = self.csrf.lock().unwrap().clone();
        let mut request = self.http.request(method, url).header("x-sesame-csrf", csrf);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        let bytes = answer.bytes().await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }
}
