//! `cargo xtask proxy-check [--sesame PATH]`: the reverse proxy examples of docs/operations.md,
//! as written — Debian's nginx, then Debian's Caddy — in front of real `sesame serve`
//! instances, checked for what they promise:
//!
//! 1. an instance stopped (SIGTERM, as `systemctl restart` sends) and started again costs no
//!    request — directory reads, import dry runs and distributions recorded (`POST`s, which the
//!    proxy must not retry once sent) keep succeeding while each instance in turn restarts;
//! 2. a database outage reaches the browser as Sésame's own 503 (`database_unavailable`, with
//!    `Retry-After`) within one instance's wait, not as the proxy's 502 page; and a 200 once the
//!    database is back.
//!
//! The blocks are read from docs/operations.md (« Behind a reverse proxy », the fenced `nginx` and
//! `caddyfile` blocks); only their listening addresses, their certificate (a self-signed one
//! made here) and their upstreams' ports are replaced, by loopback ones of their own (and Caddy
//! gets global options that keep it to the check's folder). Clients are `curl` over HTTPS
//! (HTTP/2 as the proxy offers it), one process per request. The database is a throw-away
//! PostgreSQL server (testkit's), which can be stopped and started again.
//!
//! It installs nginx and Caddy (and PostgreSQL's server binaries) when missing, which is one
//! reason it is not part of `cargo xtask test`; `cargo xtask package --check` runs it on the
//! installed `sesame`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sesame_testkit::school::{fake_dist, school_csv, seed_into, PASSWORD};
use sesame_testkit::Sesame;

use crate::postgres::TempPostgres;
use crate::run::{cmd, has, output, root, run, Result};

/// Where the examples are, as an operator reads them: the check runs exactly those.
const OPERATIONS: &str = "docs/operations.md";
/// The server name the documented block answers for.
const HOST: &str = "sesame.ac-exemple.fr";
/// Clients sending requests while instances restart.
const CLIENTS: usize = 6;
/// Pupils of the school (the dry runs send its whole export).
const PUPILS: usize = 300;

pub fn proxy_check(args: &[String]) -> Result {
    let sesame = match args {
        [] => {
            run(&mut cmd(
                "cargo",
                &["build", "-p", "sesame-server", "--bin", "sesame"],
            ))?;
            root().join("target/debug/sesame")
        }
        [flag, path] if flag == "--sesame" => PathBuf::from(path),
        _ => return Err("usage: cargo xtask proxy-check [--sesame PATH]".into()),
    };
    check(&sesame)
}

/// The check, with the `sesame` binary at `sesame`: nginx's example, then Caddy's.
pub fn check(sesame: &Path) -> Result {
    crate::setup::postgresql()?;
    for (program, package) in [("nginx", "nginx"), ("caddy", "caddy")] {
        if !has(program) {
            crate::setup::apt_install(&[package], &[])?;
        }
    }
    let doc = std::fs::read_to_string(root().join(OPERATIONS)).map_err(|e| format!("{OPERATIONS}: {e}"))?;
    let nginx_block = fenced(&doc, "nginx")?;
    let caddy_block = fenced(&doc, "caddyfile")?;
    let dir = tempfile::Builder::new()
        .prefix("sesame-proxy-check-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    // nginx's workers (user nobody when run as root) read the configuration's folder.
    set_mode(dir.path(), 0o755)?;

    let postgres = TempPostgres::start()?;
    let db = PathBuf::from(postgres.url());
    let binary = Sesame::at(sesame);
    let csv = dir.path().join("school.csv");
    std::fs::write(&csv, school_csv(PUPILS)).map_err(|e| e.to_string())?;
    seed_into(&binary, &db, &csv);
    let dist = fake_dist(dir.path());

    let upstreams = nginx_block.matches("server 127.0.0.1:").count();
    if upstreams == 0 {
        return Err(format!(
            "{OPERATIONS}'s nginx block names no upstream `server 127.0.0.1:PORT`"
        ));
    }
    let mut instances = Vec::new();
    for _ in 0..upstreams {
        instances.push(Instance::start(sesame, free_port()?, &db, &dist)?);
    }
    let ports: Vec<u16> = instances.iter().map(|i| i.port).collect();
    for kind in [Kind::Nginx, Kind::Caddy] {
        let (https, http) = (free_port()?, free_port()?);
        let proxy = match kind {
            Kind::Nginx => Proxy::nginx(dir.path(), &adapt(&nginx_block, https, http, &ports, dir.path())?)?,
            Kind::Caddy => Proxy::caddy(dir.path(), &adapt_caddy(&caddy_block, https, &ports, dir.path())?)?,
        };
        println!(
            "{} in front of {upstreams} instances (ports {ports:?}), on https port {https}",
            proxy.version
        );
        let client = Client::new(dir.path(), https)?;
        let checked = (|| {
            if kind == Kind::Nginx {
                client.redirect(http)?;
            }
            let structure = client.sign_in()?;
            let account = client.an_account(&structure)?;
            let lost_posts_allowed = kind == Kind::Caddy && !caddy_retries_bodies(&proxy.version);
            restarts(
                &proxy.version,
                &client,
                &structure,
                &account,
                &csv,
                &mut instances,
                lost_posts_allowed,
            )?;
            outage(&client, &structure, &postgres)
        })();
        let errors = proxy.errors();
        drop(proxy);
        checked.map_err(|error| {
            format!(
                "{}: {error}\n{}'s own account, from its first error:\n{errors}",
                kind.name(),
                kind.name()
            )
        })?;
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Nginx,
    Caddy,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Nginx => "nginx",
            Kind::Caddy => "Caddy",
        }
    }
}

/// The first fenced block of `language` (```nginx, ```caddyfile) in `doc`, [`OPERATIONS`].
fn fenced(doc: &str, language: &str) -> Result<String> {
    let fence = format!("```{language}\n");
    let start = doc
        .find(&fence)
        .ok_or_else(|| format!("{OPERATIONS} has no {fence:?} block"))?
        + fence.len();
    let end = doc[start..]
        .find("```")
        .ok_or_else(|| format!("{OPERATIONS}'s {language} block is not closed"))?;
    Ok(doc[start..start + end].to_owned())
}

/// The block with its `listen` addresses on loopback ports, the certificate made in `dir`, and
/// the upstream's servers on `ports` (in order); everything else as written, inside the least
/// `nginx.conf` that runs in `dir`.
fn adapt(block: &str, https: u16, http: u16, ports: &[u16], dir: &Path) -> Result<String> {
    let (certificate, key) = self_signed(dir)?;
    let mut ports = ports.iter();
    let mut adapted = String::new();
    for line in block.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let replaced = if trimmed.starts_with("listen 443 ") {
            trimmed.replacen("listen 443", &format!("listen 127.0.0.1:{https}"), 1)
        } else if trimmed.starts_with("listen 80;") {
            format!("listen 127.0.0.1:{http};")
        } else if trimmed.starts_with("ssl_certificate ") {
            format!("ssl_certificate {};", certificate.display())
        } else if trimmed.starts_with("ssl_certificate_key ") {
            format!("ssl_certificate_key {};", key.display())
        } else if let Some(rest) = trimmed.strip_prefix("server 127.0.0.1:") {
            let port = ports.next().expect("one port per upstream server");
            // The port's digits replaced; what follows them (options, `;`) kept.
            let options = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            format!("server 127.0.0.1:{port}{options}")
        } else {
            trimmed.to_owned()
        };
        adapted.push_str(indent);
        adapted.push_str(&replaced);
        adapted.push('\n');
    }
    let d = dir.display();
    Ok(format!(
        "daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log info;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n\
         access_log {d}/access.log;\n\
         client_body_temp_path {d}/body;\nproxy_temp_path {d}/proxy;\nfastcgi_temp_path {d}/fastcgi;\n\
         uwsgi_temp_path {d}/uwsgi;\nscgi_temp_path {d}/scgi;\n\
         # docs/operations.md, « Behind a reverse proxy », adapted as said above:\n{adapted}}}\n"
    ))
}

/// A certificate for [`HOST`] and its key, made in `dir` (once).
fn self_signed(dir: &Path) -> Result<(PathBuf, PathBuf)> {
    let (certificate, key) = (dir.join("certificate.pem"), dir.join("key.pem"));
    if !certificate.exists() {
        run(Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
            ])
            .arg(format!("/CN={HOST}"))
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&certificate)
            .stderr(Stdio::null()))?;
        set_mode(&key, 0o644)?;
    }
    Ok((certificate, key))
}

/// Caddy's block with its site on a loopback port with the certificate made in `dir` (Caddy
/// would ask Let's Encrypt for one) and the `reverse_proxy` upstreams on `ports` (in order);
/// everything else as written, after global options that keep Caddy to `dir` (no admin
/// endpoint, no redirect from port 80, its files in `dir`).
fn adapt_caddy(block: &str, https: u16, ports: &[u16], dir: &Path) -> Result<String> {
    let (certificate, key) = self_signed(dir)?;
    let mut adapted = format!(
        "{{\n\tadmin off\n\tauto_https disable_redirects\n\tstorage file_system {}\n}}\n",
        dir.join("caddy").display()
    );
    for line in block.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed == format!("{HOST} {{") {
            adapted.push_str(&format!(
                "https://{HOST}:{https} {{\n\ttls {} {}\n",
                certificate.display(),
                key.display()
            ));
            continue;
        }
        let replaced = match trimmed.strip_prefix("reverse_proxy ") {
            Some(rest) => {
                let (upstreams, options) = rest.split_once(" {").unwrap_or((rest, ""));
                let count = upstreams.split_whitespace().count();
                if count != ports.len() {
                    return Err(format!(
                        "Caddy's block has {count} upstreams, nginx's {}",
                        ports.len()
                    ));
                }
                let ours: Vec<String> = ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
                let brace = if rest.contains(" {") { " {" } else { "" };
                format!("reverse_proxy {}{brace}{options}", ours.join(" "))
            }
            None => trimmed.to_owned(),
        };
        adapted.push_str(indent);
        adapted.push_str(&replaced);
        adapted.push('\n');
    }
    Ok(adapted)
}

/// One `sesame serve` on a port of its own, stopped and started again on the same port.
struct Instance {
    child: Child,
    port: u16,
    sesame: PathBuf,
    db: PathBuf,
    dist: PathBuf,
}

impl Instance {
    fn start(sesame: &Path, port: u16, db: &Path, dist: &Path) -> Result<Instance> {
        let child = spawn_serve(sesame, port, db, dist)?;
        Ok(Instance {
            child,
            port,
            sesame: sesame.to_owned(),
            db: db.to_owned(),
            dist: dist.to_owned(),
        })
    }

    /// SIGTERM, as `systemctl stop` sends; the exit must be a clean one (0). How long it took.
    fn terminate(&mut self) -> Result<Duration> {
        let signalled = Instant::now();
        run(Command::new("kill").args(["-TERM", &self.child.id().to_string()]))?;
        let status = self.child.wait().map_err(|e| e.to_string())?;
        if status.code() != Some(0) {
            return Err(format!(
                "sesame on port {} exited with {status} after SIGTERM",
                self.port
            ));
        }
        Ok(signalled.elapsed())
    }

    fn start_again(&mut self) -> Result {
        self.child = spawn_serve(&self.sesame, self.port, &self.db, &self.dist)?;
        Ok(())
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `sesame serve` on `port`, once it says it listens; its log goes to ours.
fn spawn_serve(sesame: &Path, port: u16, db: &Path, dist: &Path) -> Result<Child> {
    let mut child = Command::new(sesame)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--trusted-proxies",
            "127.0.0.1",
        ])
        .arg("--db")
        .arg(db)
        .arg("--dist")
        .arg(dist)
        .env("SESAME_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", sesame.display()))?;
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut first)
        .map_err(|e| e.to_string())?;
    if !first.starts_with("listening on ") {
        let _ = child.kill();
        return Err(format!("sesame serve on port {port} did not start: {first:?}"));
    }
    Ok(child)
}

/// nginx or Caddy running an adapted configuration, its errors logged in `dir`; stopped on drop.
struct Proxy {
    child: Child,
    version: String,
    log: PathBuf,
}

impl Proxy {
    fn nginx(dir: &Path, config: &str) -> Result<Proxy> {
        let path = dir.join("nginx.conf");
        std::fs::write(&path, config).map_err(|e| e.to_string())?;
        let nginx = |extra: &[&str]| {
            let mut c = Command::new("nginx");
            c.arg("-p")
                .arg(dir)
                .arg("-c")
                .arg(&path)
                .args(["-e", "stderr"])
                .args(extra);
            c
        };
        run(&mut nginx(&["-t", "-q"]))?;
        let version = Command::new("nginx")
            .arg("-v")
            .output()
            .map(|o| {
                String::from_utf8_lossy(&o.stderr)
                    .trim()
                    .replace("nginx version: ", "")
            })
            .unwrap_or_default();
        let child = nginx(&[]).spawn().map_err(|e| format!("nginx: {e}"))?;
        Proxy::started(child, version, dir.join("error.log"))
    }

    fn caddy(dir: &Path, config: &str) -> Result<Proxy> {
        let path = dir.join("Caddyfile");
        std::fs::write(&path, config).map_err(|e| e.to_string())?;
        let caddy = |command: &str| {
            let mut c = Command::new("caddy");
            c.args([command, "--adapter", "caddyfile", "--config"])
                .arg(&path)
                .env("XDG_DATA_HOME", dir.join("caddy"))
                .env("XDG_CONFIG_HOME", dir.join("caddy"));
            c
        };
        run(caddy("validate").stdout(Stdio::null()).stderr(Stdio::null()))?;
        let version = output(Command::new("caddy").arg("version"))
            .map(|v| format!("Caddy {}", v.trim()))
            .unwrap_or_default();
        let log = dir.join("caddy.log");
        let file = std::fs::File::create(&log).map_err(|e| e.to_string())?;
        let child = caddy("run")
            .stderr(file)
            .spawn()
            .map_err(|e| format!("caddy: {e}"))?;
        Proxy::started(child, version, log)
    }

    fn started(child: Child, version: String, log: PathBuf) -> Result<Proxy> {
        std::thread::sleep(Duration::from_millis(800));
        Ok(Proxy { child, version, log })
    }

    /// The first errors it logged.
    fn errors(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let errors: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("[error]") || l.contains("\"level\":\"error\""))
            .take(12)
            .collect();
        errors.join("\n")
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// `curl` to the proxy, as `https://sesame.ac-exemple.fr:PORT` resolved to loopback, with a session
/// kept in a cookie file.
struct Client {
    https: u16,
    cookies: PathBuf,
    csrf: Mutex<String>,
}

/// One answer: status, headers (lower-case names), body, how long it took.
struct Answer {
    status: u16,
    headers: String,
    body: String,
    took: Duration,
}

impl Client {
    fn new(dir: &Path, https: u16) -> Result<Client> {
        Ok(Client {
            https,
            cookies: dir.join("cookies.txt"),
            csrf: Mutex::new(String::new()),
        })
    }

    fn curl(&self, path: &str) -> Command {
        let mut c = Command::new("curl");
        c.args([
            "--silent",
            "--show-error",
            "--insecure",
            "--http2",
            "--max-time",
            "60",
        ])
        .arg("--resolve")
        .arg(format!("{HOST}:{}:127.0.0.1", self.https))
        .arg("--cookie")
        .arg(&self.cookies)
        .arg(format!("https://{HOST}:{}{path}", self.https));
        c
    }

    /// Runs `command` (a [`Client::curl`]) and reads its answer.
    fn answer(&self, mut command: Command) -> Result<Answer> {
        let started = Instant::now();
        let out = command
            .args(["--include", "--write-out", "\n%{http_code}"])
            .output()
            .map_err(|e| format!("curl: {e}"))?;
        let took = started.elapsed();
        if !out.status.success() {
            return Err(format!("curl failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (response, status) = text.rsplit_once('\n').ok_or("curl said nothing")?;
        let (headers, body) = response.split_once("\r\n\r\n").unwrap_or((response, ""));
        Ok(Answer {
            status: status
                .trim()
                .parse()
                .map_err(|_| format!("curl's status {status:?}"))?,
            headers: headers.to_lowercase(),
            body: body.to_owned(),
            took,
        })
    }

    /// Port 80's block sends HTTPS's address.
    fn redirect(&self, http: u16) -> Result {
        let out = output(
            Command::new("curl")
                .args([
                    "--silent",
                    "--output",
                    "/dev/null",
                    "--write-out",
                    "%{http_code} %{redirect_url}",
                ])
                .arg("--resolve")
                .arg(format!("{HOST}:{http}:127.0.0.1"))
                .arg(format!("http://{HOST}:{http}/structures")),
        )
        .unwrap_or_default();
        if !out.starts_with("301 https://") {
            return Err(format!("port 80's block answered {out:?}"));
        }
        Ok(())
    }

    /// Signs `direction` in; its first school's id.
    fn sign_in(&self) -> Result<String> {
        let mut command = self.curl("/api/session");
        // Written once, here: the clients running at once only read it.
        command.arg("--cookie-jar").arg(&self.cookies);
        command.args(["--header", "Content-Type: application/json", "--data-binary"]);
        command.arg(format!(r#"{{"login": "direction", "password": "{PASSWORD}"}}"#));
        let answer = self.answer(command)?;
        let session: serde_json::Value = serde_json::from_str(&answer.body)
            .map_err(|e| format!("sign-in answered {} {}: {e}", answer.status, answer.body))?;
        *self.csrf.lock().unwrap() = session["csrfToken"].as_str().unwrap_or_default().to_owned();
        session["structures"][0]["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("sign-in answered {} {}", answer.status, answer.body))
    }

    fn directory(&self, structure: &str) -> Result<Answer> {
        self.answer(self.curl(&format!("/api/structures/{structure}/users")))
    }

    /// An account of the school, from its directory.
    fn an_account(&self, structure: &str) -> Result<String> {
        let answer = self.directory(structure)?;
        let directory: serde_json::Value = serde_json::from_str(&answer.body).unwrap_or_default();
        directory["users"][0]["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("the directory answered {} {:.200}", answer.status, answer.body))
    }

    /// `POST …/distributions`: letters printed for `account`.
    fn distributed(&self, structure: &str, account: &str) -> Result<Answer> {
        let mut command = self.curl(&format!("/api/structures/{structure}/distributions"));
        command
            .args(["--header", "Content-Type: application/json", "--header"])
            .arg(format!("X-Sesame-Csrf: {}", self.csrf.lock().unwrap()))
            .arg("--data-binary")
            .arg(format!(r#"{{"userIds": ["{account}"], "channel": "pdf"}}"#));
        self.answer(command)
    }

    fn dry_run(&self, structure: &str, csv: &Path) -> Result<Answer> {
        let mut command = self.curl(&format!(
            "/api/structures/{structure}/imports?dryRun=true&fileName=school.csv"
        ));
        command
            .args(["--header", "Content-Type: text/csv", "--header"])
            .arg(format!("X-Sesame-Csrf: {}", self.csrf.lock().unwrap()))
            .arg("--data-binary")
            .arg(format!("@{}", csv.display()));
        self.answer(command)
    }
}

/// Scenario 1: clients busy while each instance in turn gets SIGTERM and starts again; every
/// answer must be a success — except, with `lost_posts_allowed`, `POST`s answered 502 (Caddy before
/// 2.11, see [`caddy_retries_bodies`]), which are counted and shown.
fn restarts(
    proxy: &str,
    client: &Client,
    structure: &str,
    account: &str,
    csv: &Path,
    instances: &mut [Instance],
    lost_posts_allowed: bool,
) -> Result {
    let stop = AtomicBool::new(false);
    // GETs then POSTs: answered 200, and the failures.
    let answered = Mutex::new([0usize; 2]);
    let failed = Mutex::new([Vec::<String>::new(), Vec::new()]);
    let mut drains = Vec::new();
    let restarted: Result = std::thread::scope(|scope| {
        for i in 0..CLIENTS {
            let (stop, answered, failed) = (&stop, &answered, &failed);
            scope.spawn(move || {
                // One client imports (a school imports one file at a time, a second at once is
                // refused), two record distributions, the others read the directory.
                let post = usize::from(i < 3);
                while !stop.load(Ordering::Relaxed) {
                    let answer = match i {
                        0 => client.dry_run(structure, csv),
                        1 | 2 => client.distributed(structure, account),
                        _ => client.directory(structure),
                    };
                    match answer {
                        Ok(a) if a.status == 200 || a.status == 201 => answered.lock().unwrap()[post] += 1,
                        Ok(a) => failed.lock().unwrap()[post].push(format!("{} {:.200}", a.status, a.body)),
                        Err(e) => failed.lock().unwrap()[post].push(e),
                    }
                }
            });
        }
        let mut cycle = || -> Result {
            std::thread::sleep(Duration::from_secs(2));
            for round in 0..2 {
                for instance in instances.iter_mut() {
                    drains.push(instance.terminate()?);
                    std::thread::sleep(Duration::from_millis(300 * (round + 1)));
                    instance.start_again()?;
                    std::thread::sleep(Duration::from_secs(2));
                }
            }
            Ok(())
        };
        let result = cycle();
        stop.store(true, Ordering::Relaxed);
        result
    });
    restarted?;
    let [gets, posts] = answered.into_inner().unwrap();
    let [failed_gets, failed_posts] = failed.into_inner().unwrap();
    let slowest = drains.iter().max().copied().unwrap_or_default();
    println!(
        "restarts: {} SIGTERMs (each instance twice; exit 0 within {slowest:.2?}); through {proxy} \
         meanwhile {gets} directory reads answered, {} failed; {posts} POSTs (import dry runs, \
         distributions recorded) answered, {} failed",
        drains.len(),
        failed_gets.len(),
        failed_posts.len()
    );
    let lost_posts = lost_posts_allowed && failed_posts.iter().all(|f| f.starts_with("502"));
    if lost_posts && !failed_posts.is_empty() {
        println!(
            "  {proxy} does not retry a request with a body after a refused connection (fixed in \
             Caddy 2.11): the {} failed POSTs are that, as {OPERATIONS} says",
            failed_posts.len()
        );
    }
    let failures: Vec<String> = failed_gets
        .iter()
        .map(|f| format!("GET directory: {f}"))
        .chain(
            failed_posts
                .iter()
                .filter(|_| !lost_posts)
                .map(|f| format!("POST: {f}")),
        )
        .collect();
    if !failures.is_empty() || posts == 0 || gets == 0 {
        let first: Vec<&str> = failures.iter().take(5).map(String::as_str).collect();
        return Err(format!(
            "{} requests failed while instances restarted; the first ones:\n{}",
            failures.len(),
            first.join("\n")
        ));
    }
    Ok(())
}

/// Whether this Caddy retries a request with a body on another instance after a refused
/// connection: from 2.11 (caddyserver/caddy#7360, #7547, #7719); before, the failed dial closed
/// the body and the retry sent nothing (a 502).
fn caddy_retries_bodies(version: &str) -> bool {
    let numbers: Vec<u32> = version
        .trim_start_matches("Caddy ")
        .trim_start_matches('v')
        .split(|c: char| !c.is_ascii_digit())
        .take(2)
        .filter_map(|n| n.parse().ok())
        .collect();
    numbers.as_slice() >= [2, 11].as_slice()
}

/// Scenario 2: PostgreSQL stopped: Sésame's 503 JSON, quickly, each time; a 200 once it is back.
fn outage(client: &Client, structure: &str, postgres: &TempPostgres) -> Result {
    postgres.stop()?;
    let result = (|| {
        for attempt in 1..=3 {
            let answer = client.directory(structure)?;
            let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap_or_default();
            let sesames = answer.status == 503
                && json["error"]["code"] == "database_unavailable"
                && answer.headers.contains("\nretry-after: 5");
            println!(
                "database stopped, directory read {attempt}: {} {} in {:.2?}",
                answer.status, json["error"]["code"], answer.took
            );
            if !sesames {
                return Err(format!(
                    "expected Sésame's 503 database_unavailable with Retry-After, got {}:\n{}\n\n{:.300}",
                    answer.status, answer.headers, answer.body
                ));
            }
            // Sésame waits 5 s for a connection, once: not once per instance, nor nginx's page.
            if answer.took > Duration::from_secs(9) {
                return Err(format!("Sésame's 503 took {:.2?}", answer.took));
            }
        }
        Ok(())
    })();
    postgres.start_again()?;
    result?;
    let back = Instant::now();
    loop {
        let answer = client.directory(structure)?;
        if answer.status == 200 {
            println!("database back: directory read 200 after {:.2?}", back.elapsed());
            return Ok(());
        }
        if back.elapsed() > Duration::from_secs(30) {
            return Err(format!(
                "still {} 30 s after the database came back",
                answer.status
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn set_mode(path: &Path, mode: u32) -> Result {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caddy_retries_bodies_from_2_11() {
        assert!(!caddy_retries_bodies("Caddy 2.6.2"));
        assert!(!caddy_retries_bodies("Caddy v2.10.2 h1:abc"));
        assert!(caddy_retries_bodies("Caddy v2.11.0 h1:abc"));
        assert!(caddy_retries_bodies("Caddy 3.0.1"));
    }

    #[test]
    fn the_documented_block_is_adapted_only_where_said() {
        let doc = std::fs::read_to_string(root().join(OPERATIONS)).unwrap();
        let block = fenced(&doc, "nginx").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let config = adapt(&block, 4443, 4080, &[5001, 5002, 5003], dir.path()).unwrap();
        let bare = adapt("server 127.0.0.1:8080;\n", 1, 2, &[5001], dir.path()).unwrap();
        assert!(bare.contains("server 127.0.0.1:5001;\n"), "{bare}");
        assert!(config.contains("listen 127.0.0.1:4443 ssl http2;"), "{config}");
        assert!(config.contains("listen 127.0.0.1:4080;"));
        assert!(config.contains("server 127.0.0.1:5002 max_fails=0;"), "{config}");
        assert!(!config.contains("letsencrypt") && !config.contains(":8080"));
        // The rest as written.
        for line in block.lines().map(str::trim).filter(|l| {
            !l.starts_with("listen ")
                && !l.starts_with("ssl_certificate")
                && !l.starts_with("server 127.0.0.1:")
        }) {
            assert!(config.contains(line), "{line:?} kept");
        }
    }
}
