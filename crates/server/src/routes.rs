//! The HTTP routes: `/api/*` and, for every other path, the single-page app.
//!
//! Any path that is not a file of `dist/` answers with `index.html`, so the app's own routes
//! (`/login`, `/structures/{id}/distribution`) load on a reload or from a bookmark.

use std::path::Path;

use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The whole HTTP service, apart from `main` so tests can call it with `oneshot`.
pub fn app(dist: &Path) -> Router {
    let spa = ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html")));
    Router::new()
        .route("/api/health", get(health))
        .fallback_service(spa)
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
}

/// `GET /api/health`: the server answers.
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    /// A throwaway `dist/` with only an index page.
    fn dist() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<!DOCTYPE html><title>Sésame</title>",
        )
        .unwrap();
        dir
    }

    async fn get(app: Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
        let response = app
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, headers, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn health_answers_ok() {
        let dist = dist();
        let (status, _, body) = get(app(dist.path()), "/api/health").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, r#"{"status":"ok"}"#);
    }

    #[tokio::test]
    async fn app_routes_fall_back_to_the_index_page_with_security_headers() {
        let dist = dist();
        for path in ["/", "/login", "/structures/s1/distribution?profile=Student"] {
            let (status, headers, body) = get(app(dist.path()), path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(body.contains("<title>Sésame</title>"), "{path}");
            assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
        }
    }
}
