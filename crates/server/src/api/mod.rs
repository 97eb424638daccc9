//! The JSON API (routes below, bodies in `sesame_core::wire`), one file per resource; handlers
//! stay thin (scope check, one storage call, shape the answer). Every error under `/api/`, the
//! framework's own and unknown paths included, is the JSON error body (`errors`). Answers are
//! compressed (gzip or Brotli) when the client accepts it.

mod account_ids;
mod admins;
mod distributions;
mod errors;
mod health;
mod imports;
mod mailings;
mod oidc;
mod revalidate;
mod session;
mod structures;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::middleware::map_response;
use axum::response::Response;
use axum::routing::{any, delete, get, post, put};
use axum::Router;
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::state::AppState;

pub use errors::{error as error_response, low_level};

/// Marks a response as never to be cached (it holds a CSRF token or credentials).
pub fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// JSON bodies are small (ids, settings); anything bigger is refused with 413.
const BODY_LIMIT: usize = 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/health", get(health::health))
        .route(
            "/api/session",
            get(session::get).post(session::login).delete(session::logout),
        )
        .route("/api/session/password", put(session::change_password))
        .route("/api/oidc", get(oidc::info))
        .route("/api/oidc/login", get(oidc::login))
        .route("/api/oidc/callback", get(oidc::callback))
        .route("/api/admins", get(admins::list).post(admins::create))
        .route("/api/admins/{login}", put(admins::update).delete(admins::remove))
        .route("/api/admins/{login}/password-reset", post(admins::reset_password))
        .route(
            "/api/structures",
            get(structures::list).post(imports::create_structure),
        )
        .route(
            "/api/structures/{id}/imports",
            // The ENT's export is the one large body: its own limit, set nearer the handler.
            post(imports::import)
                .layer(DefaultBodyLimit::max(imports::MAX_FILE_BYTES))
                .layer(map_response(imports::file_too_large))
                .get(imports::list),
        )
        .route("/api/structures/{id}/users", get(structures::users))
        .route(
            "/api/structures/{id}/letter-settings",
            get(structures::letter_settings).put(structures::put_letter_settings),
        )
        .route(
            "/api/structures/{id}/distributions",
            get(distributions::list).post(distributions::record),
        )
        .route(
            "/api/structures/{id}/distributions/{distribution}",
            delete(distributions::undo),
        )
        .route("/api/structures/{id}/mailings", post(mailings::create))
        .route("/api/mailings/{id}", get(mailings::status))
        .route("/api/mailings/{id}/retry", post(mailings::retry))
        // Not the app's index.html: an API client must learn the path is wrong.
        .route("/api", any(errors::unknown))
        .route("/api/", any(errors::unknown))
        .route("/api/{*rest}", any(errors::unknown))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(map_response(errors::json_errors))
        // Answers compressed on the fly for clients that accept it (not the directory, which
        // comes compressed from its cache: a body with `Content-Encoding` is left alone).
        // Level 4: Brotli's best level costs a second per megabyte; these bodies are small.
        .layer(
            CompressionLayer::new()
                .no_deflate()
                .no_zstd()
                .quality(CompressionLevel::Precise(4)),
        )
}
