//! Talking to the server: async functions over core's wire types ([`sesame_core::wire`], the
//! bodies the server itself answers with), no views (ARCHITECTURE.md, « Interfaces kept stable »).
//!
//! Every call returns [`ApiError`] on failure, with the server's French message when it sent
//! one, so pages can show it as it is. Cookies travel by themselves (same origin); every
//! change goes through `send`, which adds the session's CSRF token — kept here from the
//! session's answers (a sign-in, `GET /api/session`, a password change), forgotten at sign-out —
//! so no page or component carries it.

mod admin;

pub use admin::{
    admins, change_password, create_admin, create_structure, import_file, imports, remove_admin,
    reset_password, update_admin,
};

use gloo_net::http::{Method, Request, Response};
use serde::de::DeserializeOwned;
pub use sesame_core::wire::SessionInfo;
use sesame_core::wire::{
    Channel, Credentials, DistributionRecord, DistributionRecorded, DistributionUndone, ErrorBody,
    MailingRequest, MailingStatus, NewMailing, OidcInfo, SignedOut,
};
use sesame_core::{LetterSettings, UsersResponse};

/// A failed call.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// 401: not signed in (or the session expired).
    Unauthorized,
    /// Any other refusal, with the server's message.
    Server {
        status: u16,
        code: String,
        message: String,
    },
    /// The server could not be reached or answered something unreadable.
    Network(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// So a page can hand a failed call to Leptos's `ErrorBoundary`.
impl std::error::Error for ApiError {}

impl ApiError {
    /// What to show the administrator, in French: the server's own message, or what to do.
    /// A network failure's technical detail (« TypeError: Failed to fetch ») means nothing to
    /// an administrator, so it is not shown.
    pub fn message(&self) -> String {
        match self {
            ApiError::Unauthorized => "Votre session a expiré : reconnectez-vous.".into(),
            ApiError::Server { message, .. } => message.clone(),
            ApiError::Network(_) => {
                "Le serveur ne répond pas : vérifiez votre connexion à Internet, puis réessayez.".into()
            }
        }
    }

    /// Whether trying again may help: not for a refusal (out of scope, not found, bad input),
    /// which would only be refused again.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Server { status, .. } => *status >= 500 || *status == 429,
            ApiError::Unauthorized => false,
        }
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if status == 401 {
        return Err(ApiError::Unauthorized);
    }
    if !(200..300).contains(&status) {
        return Err(match response.json::<ErrorBody>().await {
            Ok(body) => ApiError::Server {
                status,
                code: body.error.code,
                message: body.error.message,
            },
            Err(_) => ApiError::Server {
                status,
                code: "http".into(),
                message: format!("Erreur {status} du serveur."),
            },
        });
    }
    response
        .json::<T>()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// A read (`GET`) of `path`, its JSON answer as `T`.
pub(crate) async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read(Request::get(path).send().await.map_err(network)?).await
}

fn network(error: gloo_net::Error) -> ApiError {
    ApiError::Network(error.to_string())
}

thread_local! {
    /// The CSRF token of the session this page is signed in with.
    static CSRF: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Keeps `info`'s CSRF token for the changes that follow, and hands `info` on.
fn keep(info: SessionInfo) -> SessionInfo {
    CSRF.with(|c| *c.borrow_mut() = Some(info.csrf_token.clone()));
    info
}

/// The session's CSRF token: the one kept, or, before the page has heard of its session (a
/// change asked for while `GET /api/session` is still on its way), the session's own —
/// `Unauthorized` when there is none.
async fn csrf() -> Result<String, ApiError> {
    if let Some(token) = CSRF.with(|c| c.borrow().clone()) {
        return Ok(token);
    }
    session().await.map(|info| info.csrf_token)
}

/// A change (`POST`, `PUT`, `DELETE`) of `path`, with `body` as JSON when there is one and the
/// session's CSRF token. Without a token kept (the page has not heard of its session yet, or
/// signed out), the session is asked for first, and `Unauthorized` comes back when there is none.
pub(crate) async fn send(
    method: gloo_net::http::Method,
    path: &str,
    body: Option<&impl serde::Serialize>,
) -> Result<Response, ApiError> {
    let request = gloo_net::http::RequestBuilder::new(path)
        .method(method)
        .header("X-Sesame-Csrf", &csrf().await?);
    let request = match body {
        Some(body) => request.json(body).map_err(network)?,
        None => request.build().map_err(network)?,
    };
    request.send().await.map_err(network)
}

pub async fn session() -> Result<SessionInfo, ApiError> {
    get("/api/session").await.map(keep)
}

pub async fn login(login: &str, password: &str) -> Result<SessionInfo, ApiError> {
    let credentials = Credentials {
        login: login.to_owned(),
        password: password.to_owned(),
    };
    let request = Request::post("/api/session")
        .json(&credentials)
        .map_err(network)?;
    signed_in_by(request.send().await.map_err(network)?).await
}

/// The sign-in the page's own form sent before the app ran ([`crate::boot_form`]): `answer`,
/// the promise of its `fetch`, read as [`login`] reads its own.
pub async fn login_sent_by_page(answer: js_sys::Promise) -> Result<SessionInfo, ApiError> {
    signed_in_by(fetched(answer).await?).await
}

/// A `fetch` the page's script began, as the response it comes to.
async fn fetched(answer: js_sys::Promise) -> Result<Response, ApiError> {
    // A failed `fetch` rejects with a `TypeError` whose words, as any network failure's, are
    // not shown to an administrator (`ApiError::message`): none are kept.
    let response = wasm_bindgen_futures::JsFuture::from(answer)
        .await
        .map_err(|_| ApiError::Network("fetch".into()))?;
    // A `fetch`'s promise comes to a `Response` or fails: no other value to check for.
    Ok(Response::from(wasm_bindgen::JsCast::unchecked_into::<
        web_sys::Response,
    >(response)))
}

/// The session a sign-in's `response` opened, or why it did not.
async fn signed_in_by(response: Response) -> Result<SessionInfo, ApiError> {
    if response.status() == 401 {
        // At login, 401 means wrong credentials: show the server's message, not "session expired".
        let body = response.json::<ErrorBody>().await.map_err(network)?;
        return Err(ApiError::Server {
            status: 401,
            code: body.error.code,
            message: body.error.message,
        });
    }
    read(response).await.map(keep)
}

/// `GET /api/oidc` (no session needed): whether the ENT's sign-in is offered, its button's
/// words, and whether everyone may use a password.
pub async fn oidc_info() -> Result<OidcInfo, ApiError> {
    get("/api/oidc").await
}

/// Signs out; for a session begun at the ENT, the ENT's sign-out address (`endSessionUrl`) when
/// the server gives one: the browser goes there to end the ENT's session too.
pub async fn logout() -> Result<Option<String>, ApiError> {
    let response = send(Method::DELETE, "/api/session", None::<&()>).await;
    CSRF.with(|c| c.borrow_mut().take());
    let response = response?;
    match response.status() {
        204 | 401 => Ok(None),
        _ => read::<SignedOut>(response)
            .await
            .map(|out| Some(out.end_session_url)),
    }
}

/// What `GET /api/structures/{id}/users` answered.
#[derive(Debug)]
pub enum DirectoryAnswer {
    /// The directory, and its `ETag` to revalidate it with.
    Fresh {
        /// Boxed: the answer is large and a 304 carries nothing.
        response: Box<UsersResponse>,
        etag: Option<String>,
    },
    /// `304`: the copy whose ETag was sent is still the directory.
    NotModified,
}

/// The directory of a structure, codes included: kept in memory only. With `etag`, asks only
/// whether that copy is still current (`If-None-Match`); past the browser's HTTP cache either way
/// (the server says `no-store`; the app keeps its own copy, in memory).
///
/// Without `etag`, the directory the page's own script downloaded as it signed in is taken
/// first, when it is this school's.
pub async fn users(structure_id: &str, etag: Option<&str>) -> Result<DirectoryAnswer, ApiError> {
    if etag.is_none() {
        if let Some(answer) = crate::boot_form::take_directory(structure_id) {
            if let Some(early) = early_users(answer).await {
                return early;
            }
        }
    }
    let mut request =
        Request::get(&format!("/api/structures/{structure_id}/users")).cache(web_sys::RequestCache::NoStore);
    if let Some(etag) = etag {
        request = request.header("If-None-Match", etag);
    }
    let response = request.send().await.map_err(network)?;
    if response.status() == 304 {
        return Ok(DirectoryAnswer::NotModified);
    }
    let etag = response.headers().get("etag");
    Ok(DirectoryAnswer::Fresh {
        response: Box::new(read(response).await?),
        etag,
    })
}

/// The directory the page's own script downloaded as it signed in (`answer`, from
/// [`crate::boot_form::take_directory`]); `None` when that request failed or was answered with
/// anything but the directory: it is asked for again then, and any refusal said as usual.
async fn early_users(answer: js_sys::Promise) -> Option<Result<DirectoryAnswer, ApiError>> {
    let (_, etag, text) = crate::boot_form::early_directory(answer)
        .await
        .filter(|(status, ..)| *status == 200)?;
    Some(
        serde_json::from_str::<UsersResponse>(&text)
            .map(|response| DirectoryAnswer::Fresh {
                response: Box::new(response),
                etag,
            })
            .map_err(|e| ApiError::Network(e.to_string())),
    )
}

/// `GET /api/structures/{id}/letter-settings`.
pub async fn letter_settings(structure_id: &str) -> Result<LetterSettings, ApiError> {
    get(&format!("/api/structures/{structure_id}/letter-settings")).await
}

/// `PUT /api/structures/{id}/letter-settings`: the settings as the server stored them.
pub async fn save_letter_settings(
    structure_id: &str,
    settings: &LetterSettings,
) -> Result<LetterSettings, ApiError> {
    let path = format!("/api/structures/{structure_id}/letter-settings");
    read(send(Method::PUT, &path, Some(settings)).await?).await
}

/// Records in the server's log that these accounts' credentials were handed out through
/// `channel` (printed letters, labels or class files: `Pdf`; a CSV file: `Csv`), when the
/// administrator says so (ids only: the codes never travel back to the server).
pub async fn record_distribution(
    structure_id: &str,
    user_ids: &[String],
    channel: Channel,
) -> Result<DistributionRecorded, ApiError> {
    let record = DistributionRecord {
        user_ids: user_ids.to_vec(),
        channel,
    };
    let path = format!("/api/structures/{structure_id}/distributions");
    read(send(Method::POST, &path, Some(&record)).await?).await
}

/// Takes back entry `distribution_id` of the log, which this administrator recorded a few
/// minutes ago; the answer says each account's last distribution now.
pub async fn undo_distribution(
    structure_id: &str,
    distribution_id: &str,
) -> Result<DistributionUndone, ApiError> {
    let path = format!("/api/structures/{structure_id}/distributions/{distribution_id}");
    read(send(Method::DELETE, &path, None::<&()>).await?).await
}

/// Queues the credentials e-mails of these accounts. Ids only: the server composes each message
/// from its own directory, so codes never travel from the browser. The same `idempotency_key`
/// returns the first mailing instead of sending again (a double click, a retried request).
pub async fn create_mailing(
    structure_id: &str,
    user_ids: &[String],
    idempotency_key: &str,
) -> Result<NewMailing, ApiError> {
    let request = MailingRequest {
        user_ids: user_ids.to_vec(),
        idempotency_key: idempotency_key.to_owned(),
    };
    let path = format!("/api/structures/{structure_id}/mailings");
    read(send(Method::POST, &path, Some(&request)).await?).await
}

/// Where a mailing stands, recipient by recipient.
pub async fn mailing(mailing_id: &str) -> Result<MailingStatus, ApiError> {
    get(&format!("/api/mailings/{mailing_id}")).await
}

/// Queues the failed messages of a mailing again.
pub async fn retry_mailing(mailing_id: &str) -> Result<(), ApiError> {
    let response = send(
        Method::POST,
        &format!("/api/mailings/{mailing_id}/retry"),
        None::<&()>,
    )
    .await?;
    read::<sesame_core::wire::MailingRetried>(response)
        .await
        .map(|_| ())
}

/// A static file of the app (the fonts), fetched only when a PDF is made.
pub async fn asset(path: &str) -> Result<Vec<u8>, ApiError> {
    let response = Request::get(path).send().await.map_err(network)?;
    if !response.ok() {
        return Err(ApiError::Network(format!("{path}: HTTP {}", response.status())));
    }
    response.binary().await.map_err(network)
}
