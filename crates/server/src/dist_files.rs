//! The built app's files compressed whatever the build: the Brotli and gzip copies a plain
//! `trunk build` did not write, made once and kept in memory.
//!
//! `cargo xtask dist` writes a `.br` and a `.gz` copy beside each file of `dist/`, which
//! `ServeDir` sends as they are. A `dist/` built any other way — `trunk build --release`, as
//! Trunk's users do — has none, and its page module (1.5 MB) would go out uncompressed, three
//! times the bytes on a school's slow link, silently. So at start every compressible file that
//! lacks its copies, or whose copies are older than it (a rebuild after a packaged build would
//! otherwise send yesterday's page), is listed and logged; its copies are made in the
//! background, at the build's own settings (slow, but once), and a request that comes before
//! its file is done waits for that one file. Everything else — images, files whose copies are
//! fine, paths that are not files — goes on to `ServeDir` as before.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

/// Extensions of files worth compressing (text, WebAssembly, fonts); images are already
/// compressed. The same list as the build's.
const COMPRESSIBLE: [&str; 12] = [
    "html", "js", "mjs", "css", "wasm", "json", "svg", "txt", "ttf", "otf", "map", "xml",
];

/// A copy is kept only when it is smaller than this share of the file, as at build time.
const WORTH_IT: f64 = 0.95;

/// The files of `dist/` that are served from memory, by their path under it (`/`-separated).
pub struct DistFiles {
    dist: PathBuf,
    files: HashMap<String, Arc<File>>,
}

struct File {
    path: PathBuf,
    content_type: HeaderValue,
    copies: OnceCell<Arc<Copies>>,
}

/// One file as read at its first use, with the copies that save something.
struct Copies {
    raw: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
    /// Of the raw bytes; each encoding's `ETag` adds its own suffix (they are different
    /// representations, and a cache must not answer one with the other).
    digest: String,
}

/// The encodings a response can take, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl DistFiles {
    /// Lists the compressible files of `dist` that lack fresh copies. Nothing is read yet.
    pub fn scan(dist: &Path) -> Self {
        let mut found = Vec::new();
        walk(dist, &mut found);
        let files = found
            .into_iter()
            .filter(|path| compressible(path) && !has_fresh_copies(path))
            .filter_map(|path| {
                let key = path.strip_prefix(dist).ok()?.to_str()?.replace('\\', "/");
                let content_type = mime_guess::from_path(&path)
                    .first_raw()
                    .and_then(|m| HeaderValue::from_str(m).ok())
                    .unwrap_or(HeaderValue::from_static("application/octet-stream"));
                let file = File {
                    path,
                    content_type,
                    copies: OnceCell::new(),
                };
                Some((key, Arc::new(file)))
            })
            .collect();
        Self {
            dist: dist.to_owned(),
            files,
        }
    }

    /// The paths served from memory, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.files.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }

    /// Logs what is compressed here and compresses it in the background, so that the first
    /// browsers need not wait. Without a runtime (never the case when serving) files are
    /// compressed at their first request only.
    pub fn warm_up(self: &Arc<Self>) {
        if self.files.is_empty() {
            return;
        }
        tracing::warn!(
            files = %self.names().join(", "),
            "dist: {} file(s) have no up-to-date .br/.gz copies (not built with `cargo xtask dist`?); \
             compressing them in memory",
            self.files.len()
        );
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let this = Arc::clone(self);
        runtime.spawn(async move {
            let started = Instant::now();
            let (mut raw, mut brotli) = (0, 0);
            for name in this.names() {
                match this.files[name].copies().await {
                    Ok(copies) => {
                        raw += copies.raw.len();
                        brotli += copies.brotli.as_ref().map_or(copies.raw.len(), Bytes::len);
                    }
                    Err(e) => tracing::error!("dist: cannot read {name}: {e}"),
                }
            }
            tracing::info!(
                "dist: compressed in memory in {} ms, {raw} B → {brotli} B with Brotli",
                started.elapsed().as_millis()
            );
        });
    }

    /// The answer for a request when it asks for a file kept here (or for a path of the app,
    /// which is `index.html`), else `None` and `ServeDir` answers.
    pub async fn answer(&self, request: &Parts) -> Option<Response> {
        if self.files.is_empty() || !matches!(request.method, Method::GET | Method::HEAD) {
            return None;
        }
        let file = self.file_for(request.uri.path())?;
        let copies = match file.copies().await {
            Ok(copies) => copies,
            // Gone since start (a rebuild under a running server): ServeDir says so.
            Err(_) => return None,
        };
        let accepted = request
            .headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let (encoding, body) = copies.best_for(accepted);
        Some(respond(
            &request.headers,
            &file.content_type,
            &copies.digest,
            encoding,
            body,
        ))
    }

    /// The file a path asks for: itself when kept here; `index.html` when the path is not a
    /// file at all (the app's own routes, as `ServeDir`'s fallback would answer).
    fn file_for(&self, path: &str) -> Option<&Arc<File>> {
        let key = path.trim_start_matches('/');
        let key = if key.is_empty() { "index.html" } else { key };
        if let Some(file) = self.files.get(key) {
            return Some(file);
        }
        // Anything unusual (escapes, `..`, a folder) is left to ServeDir, which knows the rules.
        let plain = key
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains(['%', '\\']));
        if !plain || self.dist.join(key).exists() {
            return None;
        }
        self.files.get("index.html")
    }
}

impl File {
    async fn copies(&self) -> std::io::Result<Arc<Copies>> {
        self.copies
            .get_or_try_init(|| async {
                let path = self.path.clone();
                tokio::task::spawn_blocking(move || Copies::of(&path))
                    .await
                    .map_err(std::io::Error::other)?
                    .map(Arc::new)
            })
            .await
            .cloned()
    }
}

impl Copies {
    fn of(path: &Path) -> std::io::Result<Self> {
        let raw = std::fs::read(path)?;
        let worth =
            |copy: Vec<u8>| ((copy.len() as f64) < raw.len() as f64 * WORTH_IT).then(|| Bytes::from(copy));
        let brotli = worth(brotli(&raw)?);
        let gzip = worth(gzip(&raw)?);
        let digest = Sha256::digest(&raw)
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Self {
            raw: Bytes::from(raw),
            brotli,
            gzip,
            digest,
        })
    }

    fn best_for(&self, accept_encoding: &str) -> (Encoding, Bytes) {
        if let Some(brotli) = self.brotli.as_ref().filter(|_| accepts(accept_encoding, "br")) {
            (Encoding::Brotli, brotli.clone())
        } else if let Some(gzip) = self.gzip.as_ref().filter(|_| accepts(accept_encoding, "gzip")) {
            (Encoding::Gzip, gzip.clone())
        } else {
            (Encoding::Identity, self.raw.clone())
        }
    }
}

fn respond(
    request: &HeaderMap,
    content_type: &HeaderValue,
    digest: &str,
    encoding: Encoding,
    body: Bytes,
) -> Response {
    let suffix = match encoding {
        Encoding::Brotli => "-br",
        Encoding::Gzip => "-gz",
        Encoding::Identity => "",
    };
    let etag = format!("\"{digest}{suffix}\"");
    let unchanged = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let etag = HeaderValue::from_str(&etag).expect("hex digits and quotes");
    let mut response = if unchanged {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        response
    } else {
        let mut response = Response::new(Body::from(body));
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type.clone());
        match encoding {
            Encoding::Brotli => {
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
            Encoding::Gzip => {
                response
                    .headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            Encoding::Identity => {}
        }
        response
    };
    response.headers_mut().insert(header::ETAG, etag);
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether an `Accept-Encoding` value accepts `coding`: named (or `*`) without `q=0`.
pub fn accepts(accept_encoding: &str, coding: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut pieces = part.split(';');
        let name = pieces.next().unwrap_or("").trim();
        let refused = pieces.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        (name.eq_ignore_ascii_case(coding) || name == "*") && !refused
    })
}

fn compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSIBLE.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether the build wrote a copy of `path` at least as new as it. One copy is enough: the
/// build drops a copy that saves nothing, so a file may rightly have only one (or none, when
/// neither saves anything — compressing it again here costs little and changes nothing).
fn has_fresh_copies(path: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(file) = modified(path) else {
        return false;
    };
    let copies: Vec<SystemTime> = ["br", "gz"]
        .iter()
        .filter_map(|ext| modified(Path::new(&format!("{}.{ext}", path.display()))))
        .collect();
    !copies.is_empty() && copies.iter().all(|copy| *copy >= file)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// Brotli at the build's settings (quality 11, 16 MiB window): slow, but once per file.
fn brotli(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=1.0, br;q=0.5", "br"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(accepts("gzip, br;q=0", "gzip"));
        assert!(accepts("*", "gzip"));
        assert!(!accepts("identity", "gzip"));
        assert!(!accepts("", "br"));
        assert!(!accepts("brotli", "br"));
    }
}
