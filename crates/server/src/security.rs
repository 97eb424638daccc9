//! Security headers sent with every response, and the Content-Security-Policy of the app.
//!
//! The CSP allows scripts from this origin only, plus the inline loader Trunk writes into
//! `index.html`, which is allowed by its SHA-256 (computed here from the built file) rather than
//! with `'unsafe-inline'`; so is the page's inline style sheet (inlined so that the sign-in form
//! can be painted as soon as the HTML is in, without a second round trip on a slow link). `'wasm-unsafe-eval'` lets the page compile its WebAssembly; `blob:`
//! frames and objects show the PDF made in the browser, and `blob:` reads let it be read back.
//! `worker-src 'self'` lets the page start its PDF worker (`/pdf-worker_loader.js`, a file of
//! this origin, so no `blob:` worker); the worker's own policy is this same header, sent with its
//! script, which lets it load its module and fetch the fonts.
//!
//! `frame-ancestors 'self'`, not `'none'`: no other site may frame Sésame (clickjacking), but the
//! PDF preview is a `blob:` document, which inherits this very policy, framed by the app's page.
//! With `'none'` WebKit (Safari's engine) obeyed it and left the preview an empty box;
//! Chromium's and Firefox's viewers happened not to.

use axum::http::{header, HeaderName, HeaderValue};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The only inline styles the policy allows, by their hashes (`'unsafe-hashes'`, for style
/// attributes only): the `style`s WebKitGTK's PDF viewer (GNOME Web, and the tests' WebKit) puts
/// on the `<body>` of the preview's `blob:` document and on the frame it opens in it. That
/// document inherits this policy: without the frame's hash the viewer showed at 300 × 150 px in
/// a corner of the preview, and without the body's — the body then as tall as its content, the
/// frame's `height: 100%` of that — as a 150-pixel strip at the top of its 514-pixel box. Beside
/// the page's own inline style sheet and loader, no other inline style or script is allowed;
/// should WebKit change the text, the preview only shrinks again (`crates/e2e/tests/e2e_engines.rs`
/// measures it).
const WEBKIT_PDF_STYLES: [&str; 2] = [
    "width: 100%; height: 100%; border: 0; display: block;",
    "margin: 0px;height: 100vh;",
];

/// The headers every answer carries, the policy `csp` first: the router's answers (`routes`) and
/// the connection's own error answers (`listener`) alike.
pub fn security_headers(csp: &HeaderValue) -> [(HeaderName, HeaderValue); 4] {
    [
        (header::CONTENT_SECURITY_POLICY, csp.clone()),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        // As the CSP's `frame-ancestors 'self'` (which browsers obey first): other sites may
        // not frame Sésame; the app frames its own PDF preview.
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN")),
    ]
}

/// ` 'sha256-…'`: the source expression that allows this one inline script or style, and no other.
fn source_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        " 'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy for an app whose `index.html` is `index_html`.
pub fn content_security_policy(index_html: &str) -> HeaderValue {
    let hashes: String = inline_bodies(index_html, "script")
        .into_iter()
        .map(source_hash)
        .collect();
    let webkit_pdf: String = WEBKIT_PDF_STYLES
        .iter()
        .copied()
        .chain(inline_bodies(index_html, "style"))
        .map(source_hash)
        .collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; worker-src 'self'; \
         style-src 'self' 'unsafe-hashes'{webkit_pdf}; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' blob:; frame-src 'self' blob:; \
         object-src 'self' blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
    );
    HeaderValue::from_str(&policy).expect("the policy is ASCII")
}

/// The bodies of the `<element>`s written in the page itself (a `<script>` with a `src` has
/// none to allow), read once when the server starts.
fn inline_bodies<'a>(html: &'a str, element: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{element}"), format!("</{element}>"));
    html.match_indices(&open)
        .filter_map(|(start, _)| {
            let open_end = start + html[start..].find('>')?;
            let tag = &html[start..open_end];
            // `<style` also begins `<styles…`: only the element itself.
            if tag.contains(" src=") || !matches!(tag[open.len()..].chars().next(), None | Some(' ')) {
                return None;
            }
            let body_start = open_end + 1;
            let body_end = body_start + html[body_start..].find(&close)?;
            Some(&html[body_start..body_end])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html =
            r#"<html><script src="/a.js"></script><script type="module">init('/x.wasm');</script></html>"#;
        let scripts = inline_bodies(html, "script");
        assert_eq!(scripts, ["init('/x.wasm');"]);
        let policy = content_security_policy(html);
        let policy = policy.to_str().unwrap();
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init('/x.wasm');"));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        assert!(policy.contains("frame-ancestors 'self'"), "{policy}");
        assert!(policy.contains("worker-src 'self';"), "{policy}");
        assert!(!policy.contains("worker-src 'self' blob:"), "{policy}");
        assert!(!policy.contains("unsafe-inline"));
        // WebKitGTK's viewer frame and body, and no other inline style (the digests computed
        // apart, with `openssl dgst -sha256 -binary | base64`).
        assert!(
            policy.contains(
                "style-src 'self' 'unsafe-hashes' 'sha256-jQsSl4JKxKjdfOe5qov+L5+70l8ByjjO9sIaBmgOWJY=' \
                 'sha256-tsJoyJ9cMzljcopVgq3wXsuLlvMZkt/49zm6WVITI6I=';"
            ),
            "{policy}"
        );
    }

    #[test]
    fn the_pages_inline_style_sheet_is_allowed_by_its_hash() {
        let html = "<html><head><style>body{margin:0}</style></head><body><p>x</p></body></html>";
        assert_eq!(inline_bodies(html, "style"), ["body{margin:0}"]);
        let policy = content_security_policy(html);
        let directive = |name: &str| {
            policy
                .to_str()
                .unwrap()
                .split(';')
                .find(|d| d.trim_start().starts_with(name))
                .unwrap()
                .to_owned()
        };
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"body{margin:0}"));
        let style_src = directive("style-src");
        assert!(style_src.contains(&format!("'sha256-{expected}'")), "{style_src}");
        // A style's hash allows no script.
        assert!(!directive("script-src").contains(&expected));
    }
}
