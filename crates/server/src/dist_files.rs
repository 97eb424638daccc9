//! The app's files served from memory: those a plain `trunk build` left without Brotli and gzip
//! copies, compressed once here, and the sign-in page, which shows its form before the app runs.
//!
//! `cargo xtask dist` writes a `.br` and a `.gz` copy beside each file of `dist/`, which
//! `ServeDir` sends as they are. A `dist/` built any other way — `trunk build --release`, as
//! Trunk's users do — has none, and its page module (1.5 MB) would go out uncompressed, three
//! times the bytes on a school's slow link, silently. So at start every compressible file that
//! lacks its copies, or whose copies are older than it (a rebuild after a packaged build would
//! otherwise send yesterday's page), is listed and logged. A request for it before the
//! background work is done gets quick copies (Brotli 5, gzip 6: a tenth of a second for the page's
//! module, a few percent larger), made once; meanwhile the background makes the build's own
//! (Brotli 11, gzip 9: seconds per large file, one file at a time so the server keeps a core for
//! requests) and serves those from then on. Everything else — images, files whose copies are
//! fine, paths that are not files — goes on to `ServeDir` as before.
//!
//! One page is made here whatever the build: `/login`, the app's `index.html` with
//! `class="at-sign-in"` on its `<body>`, which shows the sign-in form the page carries (hidden
//! on every other path). So the form is drawn from the HTML itself, a round trip after the
//! click, while the app's module is still on its way; the app takes it over when it starts.
//! Only where passwords are the way in: where the ENT's button comes first, a password form
//! alone would invite an ENT password into Sésame's, so the page waits for the app there.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
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
    source: Source,
    content_type: HeaderValue,
    /// Made at the first request that comes before `best`.
    quick: OnceCell<Arc<Copies>>,
    /// Made by the background work ([`DistFiles::warm_up`]).
    best: OnceLock<Arc<Copies>>,
}

/// How hard copies are compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    /// For a request that cannot wait for [`Level::Best`].
    Quick,
    /// The build's own settings.
    Best,
}

/// Where a file's bytes come from.
#[derive(Clone)]
enum Source {
    /// A file of `dist/`, as it is.
    Plain(PathBuf),
    /// `index.html` as the sign-in page (see the module's comment).
    SignInPage(PathBuf),
}

/// The path of the sign-in page, whose HTML shows the form before the app starts.
const SIGN_IN_PATH: &str = "login";

/// The mark the sign-in page's `<body>` gets: `style.css` shows the page's own form under it.
const SIGN_IN_BODY: &str = "<body class=\"at-sign-in\">";

/// One file as read at its first use, with the copies that save something.
struct Copies {
    level: Level,
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
    /// Lists the compressible files of `dist` that lack fresh copies, and with `sign_in_form`
    /// the sign-in page. Nothing is read yet.
    pub fn scan(dist: &Path, sign_in_form: bool) -> Self {
        let mut found = Vec::new();
        walk(dist, &mut found);
        let mut files: HashMap<String, Arc<File>> = found
            .into_iter()
            .filter(|path| compressible(path) && !has_fresh_copies(path))
            .filter_map(|path| {
                let key = path.strip_prefix(dist).ok()?.to_str()?.replace('\\', "/");
                let content_type = mime_guess::from_path(&path)
                    .first_raw()
                    .and_then(|m| HeaderValue::from_str(m).ok())
                    .unwrap_or(HeaderValue::from_static("application/octet-stream"));
                Some((key, File::new(Source::Plain(path), content_type)))
            })
            .collect();
        let index = dist.join("index.html");
        if sign_in_form && index.is_file() {
            let page = File::new(Source::SignInPage(index), HeaderValue::from_static("text/html"));
            files.insert(SIGN_IN_PATH.to_owned(), page);
        }
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

    /// The files of `dist/` whose copies the build did not write (or left stale), sorted.
    pub fn uncompressed(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .files
            .iter()
            .filter(|(_, file)| matches!(file.source, Source::Plain(_)))
            .map(|(name, _)| name.as_str())
            .collect();
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
        let uncompressed = self.uncompressed();
        if !uncompressed.is_empty() {
            tracing::warn!(
                files = %uncompressed.join(", "),
                "dist: {} file(s) have no up-to-date .br/.gz copies (not built with `cargo xtask dist`?); \
                 compressing them in memory",
                uncompressed.len()
            );
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let this = Arc::clone(self);
        runtime.spawn(async move {
            let started = Instant::now();
            let (mut raw, mut brotli) = (0, 0);
            // What every visitor needs first: the page, its style and module; then the workers
            // and fonts, which come later.
            let mut names = this.names();
            names.sort_by_key(|name| (name.contains("worker") || name.starts_with("fonts/"), *name));
            for name in names {
                match this.files[name].best().await {
                    Ok(copies) => {
                        raw += copies.raw.len();
                        brotli += copies.brotli.as_ref().map_or(copies.raw.len(), Bytes::len);
                    }
                    Err(e) => tracing::error!("dist: cannot read {name}: {e}"),
                }
            }
            tracing::info!(
                "dist: {} served from memory, compressed in {} ms, {raw} B → {brotli} B with Brotli",
                this.names().join(", "),
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
            &copies.etag(encoding),
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
    fn new(source: Source, content_type: HeaderValue) -> Arc<Self> {
        Arc::new(Self {
            source,
            content_type,
            quick: OnceCell::new(),
            best: OnceLock::new(),
        })
    }

    /// The best copies made so far: the build's settings once the background made them, else
    /// quick ones, made now if need be.
    async fn copies(&self) -> std::io::Result<Arc<Copies>> {
        if let Some(best) = self.best.get() {
            return Ok(Arc::clone(best));
        }
        self.quick
            .get_or_try_init(|| self.compress(Level::Quick))
            .await
            .cloned()
    }

    /// The copies at the build's settings, made now if need be (by the background work only).
    async fn best(&self) -> std::io::Result<Arc<Copies>> {
        if let Some(best) = self.best.get() {
            return Ok(Arc::clone(best));
        }
        let copies = self.compress(Level::Best).await?;
        Ok(Arc::clone(self.best.get_or_init(|| copies)))
    }

    async fn compress(&self, level: Level) -> std::io::Result<Arc<Copies>> {
        let source = self.source.clone();
        tokio::task::spawn_blocking(move || Copies::of(source.read()?, level))
            .await
            .map_err(std::io::Error::other)?
            .map(Arc::new)
    }
}

impl Source {
    fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Source::Plain(path) => std::fs::read(path),
            Source::SignInPage(index) => Ok(sign_in_page(&std::fs::read_to_string(index)?).into_bytes()),
        }
    }
}

/// `index.html` with the mark that shows its sign-in form; unchanged when it has no plain
/// `<body>` (the form then stays hidden, and the app draws its own).
pub fn sign_in_page(index: &str) -> String {
    index.replacen("<body>", SIGN_IN_BODY, 1)
}

impl Copies {
    fn of(raw: Vec<u8>, level: Level) -> std::io::Result<Self> {
        let worth =
            |copy: Vec<u8>| ((copy.len() as f64) < raw.len() as f64 * WORTH_IT).then(|| Bytes::from(copy));
        let brotli = worth(brotli(&raw, level)?);
        let gzip = worth(gzip(&raw, level)?);
        let digest = Sha256::digest(&raw)
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Self {
            level,
            raw: Bytes::from(raw),
            brotli,
            gzip,
            digest,
        })
    }

    /// The `ETag` of one encoding of these copies: quick and best ones are different bytes.
    fn etag(&self, encoding: Encoding) -> String {
        let suffix = match (encoding, self.level) {
            (Encoding::Brotli, Level::Best) => "-br",
            (Encoding::Brotli, Level::Quick) => "-br5",
            (Encoding::Gzip, Level::Best) => "-gz",
            (Encoding::Gzip, Level::Quick) => "-gz6",
            (Encoding::Identity, _) => "",
        };
        format!("\"{}{suffix}\"", self.digest)
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
    etag: &str,
    encoding: Encoding,
    body: Bytes,
) -> Response {
    let unchanged = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let etag = HeaderValue::from_str(etag).expect("hex digits and quotes");
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

/// Brotli: at the build's settings (quality 11, 16 MiB window), slow but once per file; or
/// quick (quality 5).
fn brotli(bytes: &[u8], level: Level) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: if level == Level::Best { 11 } else { 5 },
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

fn gzip(bytes: &[u8], level: Level) -> std::io::Result<Vec<u8>> {
    let level = match level {
        Level::Best => flate2::Compression::best(),
        Level::Quick => flate2::Compression::default(),
    };
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(bytes)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_and_best_copies_hold_the_same_bytes_under_different_etags() {
        let raw = "console.log('Sésame');\n".repeat(500).into_bytes();
        let quick = Copies::of(raw.clone(), Level::Quick).unwrap();
        let best = Copies::of(raw.clone(), Level::Best).unwrap();
        for copies in [&quick, &best] {
            let mut out = Vec::new();
            brotli::BrotliDecompress(&mut &copies.brotli.as_ref().unwrap()[..], &mut out).unwrap();
            assert_eq!(out, raw);
            let mut out = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(&copies.gzip.as_ref().unwrap()[..]),
                &mut out,
            )
            .unwrap();
            assert_eq!(out, raw);
        }
        for encoding in [Encoding::Brotli, Encoding::Gzip] {
            assert_ne!(quick.etag(encoding), best.etag(encoding));
        }
        assert_eq!(quick.etag(Encoding::Identity), best.etag(Encoding::Identity));
    }

    #[test]
    fn the_sign_in_page_is_made_only_where_passwords_are_the_way_in() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<body></body>").unwrap();
        assert_eq!(DistFiles::scan(dir.path(), true).names(), ["index.html", "login"]);
        assert_eq!(DistFiles::scan(dir.path(), false).names(), ["index.html"]);
    }

    #[test]
    fn the_sign_in_page_marks_the_first_body_only() {
        assert_eq!(
            sign_in_page("<head></head><body><p>&lt;body&gt;</p><body></body>"),
            "<head></head><body class=\"at-sign-in\"><p>&lt;body&gt;</p><body></body>"
        );
        assert_eq!(sign_in_page("<body id=x>"), "<body id=x>");
    }

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
