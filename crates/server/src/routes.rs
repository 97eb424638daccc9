//! The whole HTTP service: the JSON API and, for every other path, the single-page app.
//!
//! Any path that is not a file of `dist/` answers with `index.html`, so the app's own routes
//! (`/login`, `/structures/{id}/distribution`) load on a reload or from a bookmark; `/login`'s
//! copy is marked to show the sign-in form it carries before the app starts. The pages of the
//! whole app (administrators, import, settings, account, local mode) answer with `whole.html`
//! instead, which loads that module rather than the steps' (`sesame_core::app_module`). Files
//! go out precompressed (the `.br` or `.gz` the build wrote beside them, or made in memory when
//! the build wrote none: `crate::dist_files`), API answers compressed on the fly (`api`).
//! Security headers go on every response; the client's address and scheme are worked out first
//! (`crate::client`), which also adds HSTS to answers served over HTTPS.

use std::path::Path;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue, Uri};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::Router;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

use sesame_core::app_module::{AppModule, WHOLE_PAGE};

use crate::state::AppState;

/// The service, apart from `main` so tests can call it with `oneshot`.
pub fn app(state: AppState, dist: &Path) -> Router {
    // The build writes a Brotli and a gzip copy beside each file (`cargo xtask`); the best one
    // the client accepts goes out with its `Content-Encoding`, the file itself otherwise.
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    // ServeDir does not say that its answer depends on Accept-Encoding; caches must know.
    let spa = SetResponseHeader::overriding(files, header::VARY, HeaderValue::from_static("accept-encoding"));
    // What a plain `trunk build` left uncompressed goes out compressed from memory instead, and
    // the sign-in page with its form shown (`crate::dist_files`).
    let passwords_only = state.sign_in.password && !state.sign_in.oidc;
    let in_memory = Arc::new(crate::dist_files::DistFiles::scan(dist, passwords_only));
    in_memory.warm_up();
    // A build without it (an older one) still works: the steps module hands over itself.
    let whole_page = dist
        .join(WHOLE_PAGE)
        .is_file()
        .then(|| Uri::try_from(format!("/{WHOLE_PAGE}")).expect("a plain file name"));
    let spa = move |request: Request| {
        let (in_memory, spa, whole_page) = (Arc::clone(&in_memory), spa.clone(), whole_page.clone());
        async move {
            let (mut parts, body) = request.into_parts();
            if let Some(whole_page) = whole_page {
                if AppModule::for_path(parts.uri.path()) == AppModule::Whole {
                    parts.uri = whole_page;
                }
            }
            match in_memory.answer(&parts).await {
                Some(response) => response,
                None => spa
                    .oneshot(Request::from_parts(parts, body))
                    .await
                    .into_response(),
            }
        }
    };
    let headers = crate::security::security_headers(&state.csp);
    let identification = crate::client::Identification {
        trusted_proxies: state.trusted_proxies.clone(),
        secure_cookies: state.secure_cookies,
    };
    let identify = from_fn_with_state(identification, crate::client::identify);
    let mut router = crate::api::router()
        .with_state(state)
        .fallback(spa)
        // A body that comes too slowly ends in 408: inside the headers' layers, so that answer
        // carries them too.
        .layer(from_fn(crate::slow_bodies::enforce));
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    // Revalidate every file (a cheap 304 when unchanged): Trunk does not hash the PDF worker's
    // file names, and after an upgrade a cached old worker must not meet a new page. Responses
    // that already say (the directory's `no-store`) keep theirs.
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(identify)
}
