//! An administrator signed in to a running `sesame serve` over HTTP, as the app is: the session
//! cookie and the CSRF token of the sign-in's answer go with every request. One way to sign in
//! for the server's suites and benchmarks, so none parses `Set-Cookie` on its own; and the
//! requests on one school's routes that the scope suites send from outside it, the id of a
//! school in the list of structures, an account or one field of every account in a directory,
//! and the time health takes to answer.

use reqwest::header::HeaderMap;
use reqwest::{Client, Method, RequestBuilder};
use serde_json::{json, Value};

/// A signed-in session: its cookie (`name=value`) and CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

impl Session {
    /// The same cookie without its CSRF token: what a forged cross-site request carries.
    pub fn without_csrf(&self) -> Session {
        Session {
            cookie: self.cookie.clone(),
            csrf: String::new(),
        }
    }

    /// `request` with this session's cookie and CSRF header.
    pub fn on(&self, request: RequestBuilder) -> RequestBuilder {
        request
            .header("cookie", &self.cookie)
            .header("x-sesame-csrf", &self.csrf)
    }
}

/// Signs `login` in through the server at `base` (`http://127.0.0.1:PORT`, with or without its
/// last `/`); panics unless it answers 200. The session and the sign-in's answer.
pub async fn sign_in(client: &Client, base: &str, login: &str, password: &str) -> (Session, Value) {
    let response = client
        .post(format!("{}/api/session", base.trim_end_matches('/')))
        .json(&json!({"login": login, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "sign-in of {login}");
    let cookie = session_cookie(response.headers());
    let answer: Value = response.json().await.unwrap();
    let csrf = answer["csrfToken"].as_str().unwrap().to_owned();
    (Session { cookie, csrf }, answer)
}

/// The cookie (`name=value`) a sign-in's answer sets.
pub fn session_cookie(headers: &HeaderMap) -> String {
    headers[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// A client, the server it talks to and a session there.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub client: Client,
    /// The server's address, without its last `/`.
    pub base: String,
    pub session: Session,
    /// The sign-in's answer (the administrator's schools, …).
    pub answer: Value,
}

impl SignedIn {
    /// [`sign_in`] with `client`, kept for the requests that follow.
    pub async fn new(client: &Client, base: &str, login: &str, password: &str) -> SignedIn {
        let (session, answer) = sign_in(client, base, login, password).await;
        SignedIn {
            client: client.clone(),
            base: base.trim_end_matches('/').to_owned(),
            session,
            answer,
        }
    }

    /// A request to `path` (`/api/…`) with the session.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.session
            .on(self.client.request(method, format!("{}{path}", self.base)))
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.request(Method::POST, path)
    }

    /// A dry run of the import of `csv` into `school`: the answer's status and body, as they
    /// came (the import tests and benchmark weigh the body).
    pub async fn dry_run(&self, school: &str, csv: String) -> (u16, Vec<u8>) {
        let answer = self
            .post(&format!("/api/structures/{school}/imports?dryRun=true"))
            .header("Content-Type", "text/csv")
            .body(csv)
            .send()
            .await
            .expect("the server answers");
        let status = answer.status().as_u16();
        (status, answer.bytes().await.expect("a body").to_vec())
    }
}

/// Sending a request and reading its answer as JSON, the two awaits every HTTP test repeats.
pub trait JsonAnswer {
    /// The answer's body as JSON; panics when the server does not answer or not with JSON.
    fn json_answer(self) -> impl std::future::Future<Output = Value> + Send;
}

impl JsonAnswer for RequestBuilder {
    async fn json_answer(self) -> Value {
        let answer = self.send().await.expect("the server answers");
        answer.json().await.expect("a JSON answer")
    }
}

/// The reads and writes of school `school`'s own routes (its directory, letter settings —
/// `settings` the body of the PUT — and distributions, one made for its account `b1`): what an administrator of another school
/// tries, to see each refused. The suites that check scope each add the routes they cover too.
pub fn school_requests(school: &str, settings: Value) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (Method::GET, format!("/api/structures/{school}/users"), None),
        (
            Method::GET,
            format!("/api/structures/{school}/letter-settings"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/structures/{school}/letter-settings"),
            Some(settings),
        ),
        (
            Method::GET,
            format!("/api/structures/{school}/distributions"),
            None,
        ),
        (
            Method::POST,
            format!("/api/structures/{school}/distributions"),
            Some(json!({"userIds": ["b1"], "channel": "pdf"})),
        ),
    ]
}

/// The `field` of every account of `directory` (the answer of `GET /api/structures/{id}/users`),
/// in its order: the logins or ids a test compares with those it expects.
pub fn column<'a>(directory: &'a Value, field: &str) -> Vec<&'a str> {
    directory["users"]
        .as_array()
        .unwrap_or_else(|| panic!("no accounts in {directory}"))
        .iter()
        .map(|account| {
            account[field]
                .as_str()
                .unwrap_or_else(|| panic!("no {field} in {account}"))
        })
        .collect()
}

/// The account of `directory` whose `field` is `value`; panics when there is none.
pub fn account<'a>(directory: &'a Value, field: &str, value: &str) -> &'a Value {
    directory["users"]
        .as_array()
        .unwrap_or_else(|| panic!("no accounts in {directory}"))
        .iter()
        .find(|account| account[field] == value)
        .unwrap_or_else(|| panic!("no account with {field} {value} in {directory}"))
}

/// The id of the school of `uai` in `structures`, the answer of `GET /api/structures`; panics
/// when it is not listed.
pub fn structure_id(structures: &Value, uai: &str) -> String {
    structures
        .as_array()
        .expect("a list of structures")
        .iter()
        .find(|s| s["uai"] == uai)
        .unwrap_or_else(|| panic!("{uai} not in {structures}"))["id"]
        .as_str()
        .expect("an id")
        .to_owned()
}

/// How long the server at `base` took to answer `GET /api/health`, asserting it answered with
/// success: what the import suite and benchmark poll while large imports run, to see the
/// server still answer.
pub async fn health_time(client: &Client, base: &str) -> std::time::Duration {
    let start = std::time::Instant::now();
    let status = client
        .get(format!("{base}/api/health"))
        .send()
        .await
        .expect("the server answers")
        .status();
    assert!(status.is_success(), "health: {status}");
    start.elapsed()
}
