//! Against the real `sesame serve` over HTTP: compressed delivery (files precompressed, API
//! answers on the fly, `Vary`), and the directory's ETag — a new one after every kind of
//! write (an import by another `sesame` process included), `304 Not Modified` without reading
//! the directory, scope checked first, `no-store` on every answer.
//!
//! Whether the directory was read is told by the server's own debug log ("directory read from
//! the database" is written where the read starts, "directory not modified" where a 304 leaves).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG,
    IF_NONE_MATCH, VARY,
};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use sesame_server::db::testing::test_db_location;
use sesame_testkit::school::{fake_dist, fixture, seed_into, SCHOOL, UAI};
use sesame_testkit::sesame::log_line;
use sesame_testkit::signed_in::{self, account, column, SignedIn};
use sesame_testkit::smtp::{wait_for, Sink};
use sesame_testkit::{free_port, Server, Sesame, PASSWORD};

const READ: &str = "directory read from the database";
const NOT_MODIFIED: &str = "directory not modified";

fn sesame() -> Sesame {
    Sesame::at(env!("CARGO_BIN_EXE_sesame")).env("SESAME_LOG", "sesame_server=debug,info")
}

/// A signed-in administrator (testkit's [`SignedIn`]) whose client does not decompress: the test
/// reads the bytes as sent.
struct Admin(SignedIn);

impl Admin {
    async fn sign_in(url: &str, login: &str) -> Admin {
        Admin(SignedIn::new(&reqwest::Client::new(), url, login, PASSWORD).await)
    }

    async fn get(&self, path: &str, headers: &[(reqwest::header::HeaderName, &str)]) -> Response {
        let mut request = self.0.request(reqwest::Method::GET, path);
        for (name, value) in headers {
            request = request.header(name, *value);
        }
        request.send().await.unwrap()
    }

    /// The directory, Brotli as a browser asks: its status and ETag.
    async fn directory(&self, structure: &str, etag: Option<&str>) -> (StatusCode, String) {
        let mut headers = vec![(ACCEPT_ENCODING, "gzip, deflate, br")];
        if let Some(etag) = etag {
            headers.push((IF_NONE_MATCH, etag));
        }
        let response = self
            .get(&format!("/api/structures/{structure}/users"), &headers)
            .await;
        let status = response.status();
        let etag = header(&response, ETAG);
        (status, etag)
    }

    /// The directory's accounts' logins (decoded from Brotli).
    async fn logins(&self, structure: &str) -> Vec<String> {
        let response = self
            .get(
                &format!("/api/structures/{structure}/users"),
                &[(ACCEPT_ENCODING, "br")],
            )
            .await;
        assert_eq!(header(&response, CONTENT_ENCODING), "br");
        let body: Value = serde_json::from_slice(&brotli(&response.bytes().await.unwrap())).unwrap();
        let mut logins: Vec<String> = column(&body, "login").into_iter().map(str::to_owned).collect();
        logins.sort();
        logins
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> Response {
        self.0.request(method, path).json(&body).send().await.unwrap()
    }

    /// A POST of the JSON `body` to `path`.
    async fn post(&self, path: &str, body: Value) -> Response {
        self.send(reqwest::Method::POST, path, body).await
    }
}

fn header(response: &Response, name: reqwest::header::HeaderName) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// `GET path` from `server`, its answer as sent (no decompression), with `Accept-Encoding:
/// accept` — none when `accept` is empty.
async fn fetch(server: &Server, path: &str, accept: &str) -> Response {
    let request = reqwest::Client::new().get(format!("{}{path}", server.url));
    let request = if accept.is_empty() {
        request
    } else {
        request.header(ACCEPT_ENCODING, accept)
    };
    request.send().await.unwrap()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

/// Asserts that `response` is the script in Brotli, with what every file goes out with: its
/// type, `Vary`, `no-cache` (files are revalidated) and the Content-Security-Policy.
fn assert_brotli_script(response: &Response) {
    assert_eq!(header(response, CONTENT_ENCODING), "br");
    assert_eq!(header(response, CONTENT_TYPE), "text/javascript");
    assert_eq!(header(response, VARY), "accept-encoding");
    assert_eq!(
        header(response, CACHE_CONTROL),
        "no-cache",
        "files are revalidated"
    );
    assert!(header(response, CONTENT_SECURITY_POLICY).contains("default-src 'self'"));
}

/// The page `server` answers at `path` when Brotli is accepted, decompressed, after asserting
/// it is an HTML page sent in Brotli (`context` says which case a failure is).
async fn brotli_page(server: &Server, path: &str, context: &str) -> String {
    let page = fetch(server, path, "br").await;
    assert_eq!(page.status(), StatusCode::OK, "{context}");
    assert_eq!(header(&page, CONTENT_ENCODING), "br", "{context}");
    assert!(header(&page, CONTENT_TYPE).starts_with("text/html"), "{context}");
    String::from_utf8(brotli(&page.bytes().await.unwrap())).unwrap()
}

/// How many lines of the server's log contain `text`.
fn lines(server: &Server, text: &str) -> usize {
    server.log().lines().filter(|l| l.contains(text)).count()
}

/// The example school (`direction`, its local administrator), a central administrator
/// `rectorat`, and a second school with its own local administrator `autre`.
struct Schools {
    dir: tempfile::TempDir,
    db: PathBuf,
}

async fn schools() -> Schools {
    let sesame = sesame();
    let dir = tempfile::tempdir().unwrap();
    // A file of `dir`, or a fresh PostgreSQL database with `SESAME_TEST_POSTGRES`.
    let db = test_db_location(dir.path()).await;
    seed_into(&sesame, &db, &fixture("example.csv"));
    sesame.add_admin(&db, "rectorat", "central", &[], PASSWORD);
    let other = dir.path().join("other.csv");
    std::fs::write(
        &other,
        "Type;Nom;Prénom;Login;Code d'activation\nÉlève;Autre;Anna;anna.autre;ZZ99ZZ99\n",
    )
    .unwrap();
    sesame.import(&db, "0759999Z", "Autre école", &other);
    sesame.add_admin(&db, "autre", "local", &["0759999Z"], PASSWORD);
    Schools { dir, db }
}

fn serve(schools: &Schools, args: &[&str]) -> Server {
    sesame().serve(&schools.db, &fake_dist(schools.dir.path()), args, &[])
}

/// The example schools with their administrators, served with no option: where the API's
/// tests start.
async fn served() -> (Schools, Server) {
    let schools = schools().await;
    let server = serve(&schools, &[]);
    (schools, server)
}

/// What makes a stand-in dist in a folder: the dist and its script (see [`dist_with_script`]).
type BuildDist = fn(&Path) -> (PathBuf, Vec<u8>);

/// `sesame serve` over the schools' database, serving the dist that `build` makes in `dir`:
/// the server and the dist's script.
fn serve_built(schools: &Schools, dir: &Path, build: BuildDist) -> (Server, Vec<u8>) {
    let (dist, script) = build(dir);
    (sesame().serve(&schools.db, &dist, &[], &[]), script)
}

async fn structure_id(admin: &Admin, uai: &str) -> String {
    let structures: Value = admin.get("/api/structures", &[]).await.json().await.unwrap();
    signed_in::structure_id(&structures, uai)
}

/// The page that loads the whole app's module (`whole.html`), as the build writes it.
const WHOLE_PAGE: &str =
    "<!DOCTYPE html><title>Sésame</title><script defer src=\"/sesame-whole.js\"></script>";

/// A stand-in dist with a script large enough to be worth compressing (`app.js`, returned
/// too) and the whole app's page, without any compressed copy yet.
fn dist_with_script(dir: &Path) -> (PathBuf, Vec<u8>) {
    let dist = fake_dist(dir);
    let script = "console.log('Sésame');\n".repeat(300).into_bytes();
    std::fs::write(dist.join("app.js"), &script).unwrap();
    std::fs::write(dist.join("whole.html"), WHOLE_PAGE).unwrap();
    (dist, script)
}

/// A dist whose script and pages have Brotli and gzip copies beside them, as `cargo xtask`
/// writes them.
fn precompressed_dist(dir: &Path) -> (PathBuf, Vec<u8>) {
    let (dist, script) = dist_with_script(dir);
    for name in ["app.js", "index.html", "whole.html"] {
        let bytes = std::fs::read(dist.join(name)).unwrap();
        let mut br = Vec::new();
        brotli::BrotliCompress(&mut &bytes[..], &mut br, &Default::default()).unwrap();
        std::fs::write(dist.join(format!("{name}.br")), br).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &bytes).unwrap();
        std::fs::write(dist.join(format!("{name}.gz")), gz.finish().unwrap()).unwrap();
    }
    (dist, script)
}

#[tokio::test]
async fn files_go_out_precompressed_with_vary_and_keep_their_type_csp_and_revalidation() {
    let schools = schools().await;
    let (server, script) = serve_built(&schools, schools.dir.path(), precompressed_dist);
    let get = |path, accept| fetch(&server, path, accept);

    let br = get("/app.js", "gzip, deflate, br").await;
    assert_brotli_script(&br);
    assert_eq!(brotli(&br.bytes().await.unwrap()), script);

    let gz = get("/app.js", "gzip").await;
    assert_eq!(header(&gz, CONTENT_ENCODING), "gzip");
    assert_eq!(gunzip(&gz.bytes().await.unwrap()), script);

    let plain = get("/app.js", "").await;
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    assert_eq!(
        header(&plain, VARY),
        "accept-encoding",
        "an uncompressed answer varies too"
    );
    assert_eq!(plain.bytes().await.unwrap(), script);

    // An app route falls back to index.html, precompressed as well.
    let page = brotli_page(&server, "/structures/x/distribution", "an app route").await;
    assert!(page.contains("<title>Sésame</title>"), "{page}");
}

#[tokio::test]
async fn api_answers_are_compressed_when_the_client_accepts_it() {
    let (_schools, server) = served().await;
    let admin = Admin::sign_in(&server.url, "rectorat").await;
    let structures = admin.get("/api/structures", &[(ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(header(&structures, CONTENT_ENCODING), "gzip");
    assert!(header(&structures, VARY).contains("accept-encoding"));
    let list: Value = serde_json::from_slice(&gunzip(&structures.bytes().await.unwrap())).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);

    let session = admin.get("/api/session", &[(ACCEPT_ENCODING, "br")]).await;
    assert_eq!(header(&session, CONTENT_ENCODING), "br");
    assert_eq!(
        header(&session, CACHE_CONTROL),
        "no-store",
        "the CSRF token is never stored"
    );
    let plain = admin.get("/api/structures", &[]).await;
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    // Errors too, still the JSON error body.
    let missing = admin.get("/api/nothing-here", &[(ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let error: Value = serde_json::from_slice(&gunzip(&missing.bytes().await.unwrap())).unwrap();
    assert_eq!(error["error"]["code"], "not_found");
}

#[tokio::test]
async fn the_directory_has_a_strong_etag_no_store_and_the_best_coding_accepted() {
    let (_schools, server) = served().await;
    let admin = Admin::sign_in(&server.url, "rectorat").await;
    let id = structure_id(&admin, UAI).await;
    let path = format!("/api/structures/{id}/users");

    let mut bodies = Vec::new();
    for (accept, coding) in [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", "")] {
        let headers: &[(_, &str)] = if accept.is_empty() {
            &[]
        } else {
            &[(ACCEPT_ENCODING, accept)]
        };
        let response = admin.get(&path, headers).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, CONTENT_ENCODING), coding);
        assert_eq!(header(&response, CACHE_CONTROL), "no-store", "it holds codes");
        assert_eq!(header(&response, VARY), "accept-encoding");
        let etag = header(&response, ETAG);
        assert!(etag.starts_with('"') && !etag.starts_with("W/"), "strong: {etag}");
        let bytes = response.bytes().await.unwrap().to_vec();
        let json = match coding {
            "br" => brotli(&bytes),
            "gzip" => gunzip(&bytes),
            _ => bytes,
        };
        let body: Value = serde_json::from_slice(&json).unwrap();
        bodies.push((etag, body));
    }
    // One representation per coding, the same data.
    assert_ne!(bodies[0].0, bodies[1].0);
    assert_ne!(bodies[1].0, bodies[2].0);
    assert!(bodies.iter().all(|(_, body)| body == &bodies[0].1));
    assert_eq!(bodies[0].1["users"].as_array().unwrap().len(), 4);

    // A 304 keeps no-store and says which version it stands for.
    let not_modified = admin
        .get(&path, &[(ACCEPT_ENCODING, "br"), (IF_NONE_MATCH, &bodies[0].0)])
        .await;
    assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&not_modified, CACHE_CONTROL), "no-store");
    assert_eq!(header(&not_modified, ETAG), bodies[0].0);
    assert!(not_modified.bytes().await.unwrap().is_empty());
    // The same version in another coding is the same data: still current.
    let other_coding = admin
        .get(&path, &[(ACCEPT_ENCODING, "gzip"), (IF_NONE_MATCH, &bodies[0].0)])
        .await;
    assert_eq!(other_coding.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn a_304_and_a_cached_answer_read_nothing_from_the_database() {
    let (_schools, server) = served().await;
    let admin = Admin::sign_in(&server.url, "direction").await;
    let id = structure_id(&admin, UAI).await;
    let (status, etag) = admin.directory(&id, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lines(&server, READ), 1);
    for _ in 0..5 {
        assert_eq!(
            admin.directory(&id, Some(&etag)).await,
            (StatusCode::NOT_MODIFIED, etag.clone())
        );
    }
    // A second full answer comes from the cache.
    assert_eq!(admin.directory(&id, None).await, (StatusCode::OK, etag.clone()));
    assert_eq!(lines(&server, NOT_MODIFIED), 5);
    assert_eq!(lines(&server, READ), 1, "read once, for the first answer only");
}

#[tokio::test]
async fn scope_is_checked_before_any_304_and_each_view_has_its_own_etag() {
    let (_schools, server) = served().await;
    let central = Admin::sign_in(&server.url, "rectorat").await;
    let local = Admin::sign_in(&server.url, "direction").await;
    let stranger = Admin::sign_in(&server.url, "autre").await;
    let id = structure_id(&central, UAI).await;

    let (_, central_tag) = central.directory(&id, None).await;
    let (_, local_tag) = local.directory(&id, None).await;
    assert_ne!(central_tag, local_tag, "a local administrator's body differs");
    assert_eq!(
        local.directory(&id, Some(&local_tag)).await.0,
        StatusCode::NOT_MODIFIED
    );
    // A central administrator's copy is no copy of the local view, and the other way round.
    assert_eq!(local.directory(&id, Some(&central_tag)).await.0, StatusCode::OK);
    assert_eq!(central.directory(&id, Some(&local_tag)).await.0, StatusCode::OK);
    // Out of scope or signed out: refused, whatever the ETag or `*`.
    for tag in [&local_tag, &central_tag, &"*".to_owned()] {
        assert_eq!(stranger.directory(&id, Some(tag)).await.0, StatusCode::FORBIDDEN);
        let anonymous = reqwest::Client::new()
            .get(format!("{}/api/structures/{id}/users", server.url))
            .header(IF_NONE_MATCH, tag.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        central.directory("no-such-structure", Some("*")).await.0,
        StatusCode::NOT_FOUND
    );
    // To a local administrator, a structure that does not exist is as closed as another's:
    // scope leaks nothing.
    assert_eq!(
        stranger.directory("no-such-structure", Some("*")).await.0,
        StatusCode::FORBIDDEN
    );
}

/// Waits until the directory's ETag is no longer `old` (a mailing is sent in the background).
async fn wait_new_etag(admin: &Admin, id: &str, old: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, etag) = admin.directory(id, Some(old)).await;
        if status == StatusCode::OK {
            return etag;
        }
        assert!(Instant::now() < deadline, "the directory's ETag never changed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_write_gives_a_new_etag_an_import_by_another_process_included() {
    let schools = schools().await;
    let inbox = schools.dir.path().join("inbox");
    let sink = Sink::start(free_port(), &inbox, &[]);
    let server = serve(&schools, &["--smtp-url", &sink.url()]);
    let central = Admin::sign_in(&server.url, "rectorat").await;
    let local = Admin::sign_in(&server.url, "direction").await;
    let id = structure_id(&central, UAI).await;
    let mut seen = Vec::new();
    let (_, etag) = local.directory(&id, None).await;
    seen.push(etag.clone());

    // 1. `sesame import` in another process, while the server runs.
    let csv = schools.dir.path().join("more.csv");
    std::fs::write(
        &csv,
        "Type;Nom;Prénom;Login;Code d'activation\nÉlève;Nouveau;Noé;noe.nouveau;NN11NN11\n",
    )
    .unwrap();
    sesame().import(&schools.db, UAI, SCHOOL, &csv);
    let (status, etag) = local.directory(&id, Some(seen.last().unwrap())).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the import by another process is seen at once"
    );
    assert!(local.logins(&id).await.contains(&"noe.nouveau".to_owned()));
    seen.push(etag);

    // 2. The letter settings (they are part of the body).
    let settings: Value = local
        .get(&format!("/api/structures/{id}/letter-settings"), &[])
        .await
        .json()
        .await
        .unwrap();
    let mut changed = settings.clone();
    changed["helpText"] = json!("Aide : secrétariat, poste 12.");
    let saved = local
        .send(
            reqwest::Method::PUT,
            &format!("/api/structures/{id}/letter-settings"),
            changed,
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let (status, etag) = local.directory(&id, Some(seen.last().unwrap())).await;
    assert_eq!(status, StatusCode::OK, "after the settings");
    seen.push(etag);

    // 3. Letters marked as distributed.
    let users: Value = serde_json::from_slice(&brotli(
        &local
            .get(&format!("/api/structures/{id}/users"), &[(ACCEPT_ENCODING, "br")])
            .await
            .bytes()
            .await
            .unwrap(),
    ))
    .unwrap();
    let id_of = |login: &str| account(&users, "login", login)["id"].as_str().unwrap().to_owned();
    let marking = json!({"userIds": [id_of("zoe.dupre")], "channel": "pdf"});
    let recorded = local
        .post(&format!("/api/structures/{id}/distributions"), marking)
        .await;
    assert_eq!(recorded.status(), StatusCode::CREATED);
    let (status, etag) = local.directory(&id, Some(seen.last().unwrap())).await;
    assert_eq!(status, StatusCode::OK, "after a distribution");
    seen.push(etag);

    // 4. A message sent by the outbox (its distribution is logged when it goes).
    let mailing = json!({"userIds": [id_of("marc.dupre")], "idempotencyKey": "etag-test"});
    let mailing = local
        .post(&format!("/api/structures/{id}/mailings"), mailing)
        .await;
    assert_eq!(mailing.status(), StatusCode::ACCEPTED);
    wait_for(&inbox, 1, Duration::from_secs(20));
    seen.push(wait_new_etag(&local, &id, seen.last().unwrap()).await);

    // 5. An administrator change that marks an account as a central administrator's: the local
    // administrator's directory loses it.
    assert!(local.logins(&id).await.contains(&"c.martin".to_owned()));
    sesame().add_admin(&schools.db, "c.martin", "central", &[], PASSWORD);
    let (status, etag) = local.directory(&id, Some(seen.last().unwrap())).await;
    assert_eq!(status, StatusCode::OK, "after the administrator change");
    assert!(!local.logins(&id).await.contains(&"c.martin".to_owned()));
    seen.push(etag);

    let mut distinct = seen.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        seen.len(),
        "every write gave a new ETag: {seen:?}"
    );
    // The last one is current again.
    assert_eq!(
        local.directory(&id, Some(seen.last().unwrap())).await.0,
        StatusCode::NOT_MODIFIED
    );
    // The other school's directory did not change.
    let stranger = Admin::sign_in(&server.url, "autre").await;
    let other = structure_id(&stranger, "0759999Z").await;
    let (_, other_tag) = stranger.directory(&other, None).await;
    sesame().import(&schools.db, UAI, SCHOOL, &fixture("example.csv"));
    assert_eq!(
        stranger.directory(&other, Some(&other_tag)).await.0,
        StatusCode::NOT_MODIFIED,
        "an import into one school leaves the others' ETags alone"
    );
}

/// A `dist/` as a plain `trunk build --release` leaves it: no `.br` nor `.gz` beside the
/// files, and a copy older than its file (left by an earlier packaged build).
fn uncompressed_dist(dir: &Path) -> (PathBuf, Vec<u8>) {
    let (dist, script) = dist_with_script(dir);
    std::fs::write(dist.join("index.html.br"), b"an old page").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(dist.join("index.html.br"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    (dist, script)
}

#[tokio::test]
async fn a_dist_built_without_copies_goes_out_compressed_anyway_and_says_so() {
    let schools = schools().await;
    let (server, script) = serve_built(&schools, schools.dir.path(), uncompressed_dist);
    // Until the background work is done a request gets quicker copies (another ETag): wait for
    // it, so that the revalidation below compares like with like.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !server.log().contains("served from memory, compressed in") {
        assert!(Instant::now() < deadline, "never compressed:\n{}", server.log());
    }
    let get = |path, accept| fetch(&server, path, accept);

    let br = get("/app.js", "gzip, deflate, br").await;
    assert_brotli_script(&br);
    let etag = header(&br, ETAG);
    assert_eq!(brotli(&br.bytes().await.unwrap()), script);

    let gz = get("/app.js", "gzip, br;q=0").await;
    assert_eq!(header(&gz, CONTENT_ENCODING), "gzip");
    assert_ne!(header(&gz, ETAG), etag, "each encoding is its own representation");
    assert_eq!(gunzip(&gz.bytes().await.unwrap()), script);

    let plain = get("/app.js", "identity").await;
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    assert_eq!(header(&plain, VARY), "accept-encoding");
    assert_eq!(plain.bytes().await.unwrap(), script);

    // Revalidation costs a 304, as for the build's own copies.
    let again = reqwest::Client::new()
        .get(format!("{}/app.js", server.url))
        .header(ACCEPT_ENCODING, "br")
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&again, ETAG), etag);

    // The app's routes get today's index.html, never the stale copy beside it.
    let page = brotli_page(&server, "/structures/x/distribution", "an app route").await;
    assert!(page.contains("<title>Sésame</title>"), "{page}");

    // The operator is told which files lacked their copies.
    let log = server.log();
    let warning = log_line(&log, "no up-to-date .br/.gz copies");
    assert!(
        warning.contains("app.js") && warning.contains("index.html"),
        "{warning}"
    );
}

#[tokio::test]
async fn a_dist_with_its_copies_is_served_as_built_without_a_warning() {
    let schools = schools().await;
    let (server, _) = serve_built(&schools, schools.dir.path(), precompressed_dist);
    let response = reqwest::get(format!("{}/app.js", server.url)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(!server.log().contains("no up-to-date .br/.gz copies"));
}

#[tokio::test]
async fn the_whole_apps_pages_load_its_module_and_the_steps_the_index_however_built() {
    let schools = schools().await;
    for (case, build) in [
        ("built", precompressed_dist as BuildDist),
        ("plain", uncompressed_dist),
    ] {
        let (server, _) = serve_built(&schools, &schools.dir.path().join(case), build);
        for path in [
            "/admins",
            "/account",
            "/local",
            "/local/",
            "/structures/x/settings",
            "/structures/x/import?from=menu",
        ] {
            let html = brotli_page(&server, path, &format!("{case} {path}")).await;
            assert_eq!(html, WHOLE_PAGE, "{case} {path}");
        }
        for path in [
            "/",
            "/login",
            "/structures/x/distribution?profiles=Student",
            "/nowhere",
        ] {
            let html = brotli_page(&server, path, &format!("{case} {path}")).await;
            assert!(
                html.contains("<title>Sésame</title>") && html != WHOLE_PAGE,
                "{case} {path}: {html}"
            );
        }
    }
}

#[tokio::test]
async fn the_sign_in_page_is_marked_to_show_its_form_and_no_other_page_is() {
    let schools = schools().await;
    let (dist, _) = precompressed_dist(schools.dir.path());
    let page = "<!DOCTYPE html><title>Sésame</title><body><form class=\"boot-sign-in\"></form></body>";
    std::fs::write(dist.join("index.html"), page).unwrap();
    let server = sesame().serve(&schools.db, &dist, &[], &[]);
    let get = |path, accept| fetch(&server, path, accept);

    let login = get("/login?next=%2Fadmins", "gzip, br").await;
    assert_eq!(login.status(), StatusCode::OK);
    assert_eq!(header(&login, CONTENT_ENCODING), "br");
    assert!(header(&login, CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(header(&login, CACHE_CONTROL), "no-cache");
    assert!(header(&login, CONTENT_SECURITY_POLICY).contains("default-src 'self'"));
    let html = String::from_utf8(brotli(&login.bytes().await.unwrap())).unwrap();
    assert_eq!(html, page.replace("<body>", "<body class=\"at-sign-in\">"));

    for path in ["/", "/structures/x/distribution"] {
        let other = get(path, "identity").await;
        let html = other.text().await.unwrap();
        assert_eq!(html, page, "{path} is not the sign-in page");
    }
    let admins = get("/admins", "identity").await.text().await.unwrap();
    assert_eq!(admins, WHOLE_PAGE, "the whole app's page is not marked either");
}
