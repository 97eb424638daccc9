//! Every error under `/api/` is the JSON `{"error": {"code", "message"}}` (ARCHITECTURE.md,
//! « Interfaces kept stable »), including the ones our handlers never see: axum's own rejections
//! (malformed JSON 400, wrong content type 415, body too large 413, JSON of the wrong shape 422, a
//! bad path parameter 400), a method a route does not have (405), and a path no route has (404,
//! instead of the app's `index.html`).
//!
//! [`json_errors`] rewrites any error answer that is not JSON already into that shape, keeping its
//! status and headers (`Allow`, `Retry-After`); [`unknown`] answers the API paths no route has;
//! [`low_level`] is the body `listener` puts in place of hyper's own empty answers to a request
//! it could not read (400, 414, 431), which no route ever sees.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sesame_core::wire::ErrorBody;

/// How much of a rejection's text is read back to explain it.
const MAX_DETAIL: usize = 300;

/// `404` for an API path no route has.
pub async fn unknown() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        "Cette adresse de l'API n'existe pas.".into(),
    )
}

/// Middleware (`map_response`): error answers that are not JSON become JSON errors.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // axum's rejections are short plain text; anything longer is cut.
    let text = axum::body::to_bytes(body, 4 * MAX_DETAIL)
        .await
        .unwrap_or_default();
    let detail: String = String::from_utf8_lossy(&text).chars().take(MAX_DETAIL).collect();
    let (code, message) = describe(status, detail.trim());
    let mut rewritten = error(status, code, message);
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = parts.headers.remove(&name) {
            rewritten.headers_mut().insert(name, value);
        }
    }
    rewritten
}

/// The JSON error of an answer the HTTP layer gives before any route is known (a request it
/// cannot read: 400, a URI too long: 414, headers too large: 431; `listener` sends it).
pub fn low_level(status: StatusCode) -> Response {
    let (code, message) = describe(status, "");
    error(status, code, message)
}

/// The code and French message of an error status, with axum's detail when it helps the
/// developer of a client (what was wrong with the JSON).
fn describe(status: StatusCode, detail: &str) -> (&'static str, String) {
    let with_detail = |message: &str| {
        if detail.is_empty() {
            message.to_owned()
        } else {
            format!("{message} ({detail})")
        }
    };
    match status {
        StatusCode::BAD_REQUEST => ("bad_request", with_detail("Requête invalide.")),
        StatusCode::NOT_FOUND => ("not_found", "Cette adresse de l'API n'existe pas.".into()),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "Cette méthode n'est pas permise à cette adresse de l'API.".into(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "payload_too_large",
            "Requête trop volumineuse : 1 Mio au plus.".into(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "Le corps de la requête doit être du JSON (en-tête Content-Type: application/json).".into(),
        ),
        StatusCode::URI_TOO_LONG => (
            "uri_too_long",
            "Adresse trop longue : la requête est refusée.".into(),
        ),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => (
            "headers_too_large",
            "En-têtes de la requête trop nombreux ou trop volumineux.".into(),
        ),
        StatusCode::UNPROCESSABLE_ENTITY => (
            "unprocessable",
            with_detail("Les données envoyées n'ont pas la forme attendue."),
        ),
        s if s.is_server_error() => (
            "internal",
            "Erreur interne du serveur. Réessayez ; si le problème persiste, contactez l'assistance.".into(),
        ),
        _ => ("refused", format!("Requête refusée (HTTP {}).", status.as_u16())),
    }
}

/// The API's JSON error answer.
pub fn error(status: StatusCode, code: &str, message: String) -> Response {
    let mut response = (status, Json(ErrorBody::new(code, message))).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use axum::body::Body;

    use super::*;

    #[tokio::test]
    async fn a_plain_text_rejection_becomes_json_and_keeps_its_headers() {
        let plain = Response::builder()
            .status(StatusCode::METHOD_NOT_ALLOWED)
            .header(header::ALLOW, "GET,HEAD")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("nope"))
            .unwrap();
        let json = json_errors(plain).await;
        assert_eq!(json.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(json.headers()[header::ALLOW], "GET,HEAD");
        assert_eq!(json.headers()[header::CONTENT_TYPE], "application/json");
        let body = axum::body::to_bytes(json.into_body(), 1 << 16).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "method_not_allowed");
        let ok = Response::new(Body::from("fine"));
        assert_eq!(json_errors(ok).await.status(), StatusCode::OK);
    }
}
