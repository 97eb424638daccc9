//! Stopping `sesame serve` as systemd does (SIGTERM) or as Ctrl-C does (SIGINT): requests in flight
//! (an import dry run, letter settings saved) finish with their answer, new connections are refused
//! from the moment the stop begins, the outbox finishes the messages it is sending (none lost, none
//! sent twice, nothing left to a lease), the process exits 0 — and within its bound when a request
//! never ends.
//!
//! "In flight" is made certain rather than hoped for: each request is sent with `Expect:
//! 100-continue` and its body held back; the server answers `100 Continue` only once the
//! request's handler asks for the body, so the signal comes while every one of them is inside
//! the server, and their bodies are sent only after it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sesame_server::db::Db;
use sesame_testkit::smtp::{wait_for, Sink};
use sesame_testkit::{free_port, Server, Sesame, PASSWORD};

mod served;
use served::{assert_each_once, ids, pupils_csv, queue_mailing, seeded_school, settled, sign_in};

fn sesame() -> Sesame {
    Sesame::at(env!("CARGO_BIN_EXE_sesame"))
}

fn address(i: usize) -> String {
    format!("eleve{i}@famille-exemple.fr")
}

/// A session made over plain HTTP: its cookie (`name=value`), CSRF token and first school.
struct Raw {
    cookie: String,
    csrf: String,
    structure: String,
    /// The school's letter settings.
    settings: Value,
}

/// Signs `direction` in through `server` with a hand-written request.
fn raw_sign_in(server: &Server) -> Raw {
    let body = json!({"login": "direction", "password": PASSWORD}).to_string();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    write!(
        stream,
        "POST /api/session HTTP/1.1\r\nHost: sesame\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_owned();
    let session: Value = serde_json::from_str(body).unwrap();
    Raw {
        cookie,
        csrf: session["csrfToken"].as_str().unwrap().to_owned(),
        structure: session["structures"][0]["id"].as_str().unwrap().to_owned(),
        settings: session["structures"][0]["letterSettings"].clone(),
    }
}

/// A request sent up to its body: the connection once the server has answered `100 Continue`,
/// i.e. once the request is in its handler.
fn in_flight(
    server: &Server,
    session: &Raw,
    method: &str,
    path: &str,
    content_type: &str,
    body: &str,
) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: sesame\r\nCookie: {}\r\nX-Sesame-Csrf: {}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\
         Connection: close\r\n\r\n",
        session.cookie,
        session.csrf,
        body.len()
    )
    .unwrap();
    let mut interim = [0u8; 25];
    stream.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream
}

/// An import dry run of `body` in flight ([`in_flight`]).
fn dry_run_in_flight(server: &Server, session: &Raw, body: &str) -> TcpStream {
    let path = format!(
        "/api/structures/{}/imports?dryRun=true&fileName=export.csv",
        session.structure
    );
    in_flight(server, session, "POST", &path, "text/csv", body)
}

/// The school's letter settings as the session gave them, with `ent_name` and the addresses
/// letters print (every field is sent: a missing one is refused).
fn settings(session: &Raw, ent_name: &str) -> String {
    let mut settings = session.settings.clone();
    settings["entName"] = json!(ent_name);
    settings["loginUrl"] = json!("https://ent.exemple.fr");
    settings["activationUrl"] = json!("https://ent.exemple.fr/activation");
    settings.to_string()
}

/// Sends the held-back `body` and reads the whole answer.
fn finish(mut stream: TcpStream, body: &str) -> String {
    stream.write_all(body.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

/// Whether a new connection to `server` is refused, tried for up to `timeout` (a connection
/// made before the socket closes is served and closed, so it is tried again).
fn refused_within(server: &Server, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        match TcpStream::connect(server.addr()) {
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => return true,
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    false
}

/// Requests in flight at the signal: one import dry run (a school imports one file at a time)
/// and letter settings saved, each a write.
const IN_FLIGHT: usize = 24;
const LINES: usize = 2_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sigterm_requests_in_flight_finish_new_connections_are_refused_and_it_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let (db, dist) = seeded_school(dir.path(), &pupils_csv(10, address, |_| false)).await;
    let server = sesame().serve(&db, &dist, &[], &[]);
    let export = pupils_csv(LINES, address, |_| false);

    let (server, answers, drain) = tokio::task::spawn_blocking(move || {
        let session = raw_sign_in(&server);
        let settings_path = format!("/api/structures/{}/letter-settings", session.structure);
        let mut held: Vec<(TcpStream, String)> =
            vec![(dry_run_in_flight(&server, &session, &export), export)];
        for i in 1..IN_FLIGHT {
            let body = settings(&session, &format!("ENT {i}"));
            let stream = in_flight(
                &server,
                &session,
                "PUT",
                &settings_path,
                "application/json",
                &body,
            );
            held.push((stream, body));
        }
        let signalled = Instant::now();
        server.signal("TERM");
        assert!(
            refused_within(&server, Duration::from_secs(5)),
            "new connections refused while {IN_FLIGHT} requests are still in flight"
        );
        let answers: Vec<String> = std::thread::scope(|scope| {
            let finishing: Vec<_> = held
                .iter()
                .map(|(stream, body)| scope.spawn(move || finish(stream.try_clone().unwrap(), body)))
                .collect();
            finishing.into_iter().map(|t| t.join().unwrap()).collect()
        });
        let mut server = server;
        let status = server.wait_exit(Duration::from_secs(30));
        assert_eq!(status.and_then(|s| s.code()), Some(0), "{}", server.log());
        (server, answers, signalled.elapsed())
    })
    .await
    .unwrap();

    let bodies: Vec<Value> = answers
        .iter()
        .map(|answer| {
            let (head, body) = answer.split_once("\r\n\r\n").unwrap();
            assert!(head.starts_with("HTTP/1.1 200"), "{head}\n{body}");
            serde_json::from_str(body).unwrap()
        })
        .collect();
    assert_eq!(
        (bodies[0]["dryRun"].as_bool(), bodies[0]["created"].as_u64()),
        (Some(true), Some((LINES - 10) as u64)),
        "{}",
        bodies[0]
    );
    for (i, saved) in bodies.iter().enumerate().skip(1) {
        assert_eq!(saved["entName"], format!("ENT {i}"), "{saved}");
    }
    let log = server.log();
    assert!(
        log.contains("stopping")
            && log.contains("signal=\"SIGTERM\"")
            && log.contains(&format!("requests_in_flight={IN_FLIGHT}")),
        "{log}"
    );
    assert!(log.contains("stopped") && !log.contains("cut off"), "{log}");
    println!(
        "{IN_FLIGHT} requests in flight at SIGTERM (a dry run of {LINES} lines, settings saved): \
         all answered 200, exit 0 after {drain:.2?}"
    );
    drop(server);
}

/// SIGINT stops it the same way; a request that never ends (its body never comes) is cut off
/// at `--shutdown-timeout-secs`, and the process still exits 0. Under systemd (`Type=notify`)
/// it says when it is ready and when it stops.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sigint_a_request_that_never_ends_is_cut_off_at_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let (db, dist) = seeded_school(dir.path(), &pupils_csv(10, address, |_| false)).await;
    let systemd_socket = dir.path().join("notify");
    let systemd = std::os::unix::net::UnixDatagram::bind(&systemd_socket).unwrap();
    systemd.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let said = || {
        let mut buffer = [0u8; 64];
        let n = systemd.recv(&mut buffer).expect("a notification to systemd");
        String::from_utf8_lossy(&buffer[..n]).into_owned()
    };
    let mut server = sesame().serve(
        &db,
        &dist,
        &["--shutdown-timeout-secs", "1"],
        &[("NOTIFY_SOCKET", systemd_socket.to_str().unwrap())],
    );
    assert_eq!(said(), "READY=1");
    let session = raw_sign_in(&server);
    let _held = dry_run_in_flight(&server, &session, &pupils_csv(5, address, |_| false));
    let signalled = Instant::now();
    server.signal("INT");
    let status = server.wait_exit(Duration::from_secs(20));
    let took = signalled.elapsed();
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{}", server.log());
    assert_eq!(said(), "STOPPING=1");
    // Loosely: the bound and the time to close, not the 30 s default nor a hang.
    assert!(took < Duration::from_secs(10), "{took:?}");
    let log = server.log();
    assert!(
        log.contains("signal=\"SIGINT\"") && log.contains("cut off"),
        "{log}"
    );
}

const RECIPIENTS: usize = 40;

/// A mailing in progress when SIGTERM comes: the messages being sent are finished and recorded,
/// nothing is left `sending` (so nothing waits for a lease), and once an instance runs again the
/// mailing completes with each recipient served exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mailing_in_progress_at_sigterm_is_neither_lost_nor_sent_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (db, dist) = seeded_school(dir.path(), &pupils_csv(RECIPIENTS, address, |_| false)).await;
    let inbox = dir.path().join("inbox");
    // Each message answered 300 ms after it arrived: the workers always have one in flight.
    let sink = Sink::start_with(free_port(), &inbox, &[], Duration::from_millis(300));
    // The default lease (120 s): a message left `sending` would hold the mailing up that long.
    let serve = || {
        sesame()
            .env("SESAME_LOG", "info,sesame_server::mail=debug")
            .serve(
                &db,
                &dist,
                &["--smtp-url", &sink.url()],
                &[("SESAME_MAIL_WORKERS", "2")],
            )
    };
    let mut first = serve();
    let (client, session) = sign_in(&first.url).await;
    let mailing = queue_mailing(&client, &first.url, &session, &ids(RECIPIENTS)).await;
    wait_for(&inbox, 4, Duration::from_secs(30));
    first.signal("TERM");
    let status = first.wait_exit(Duration::from_secs(30));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{}", first.log());
    let at_stop = sink.messages().len();
    assert!(at_stop < RECIPIENTS, "stopped mid-mailing ({at_stop} sent)");

    let backlog = Db::open(&db)
        .await
        .unwrap()
        .outbox_backlog(chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(backlog.sending, 0, "nothing left to a lease: {backlog:?}");
    assert_eq!(backlog.queued as usize, RECIPIENTS - at_stop, "{backlog:?}");

    let second = serve();
    let status = settled(&client, &second.url, &mailing, Duration::from_secs(60)).await;
    assert_eq!(status["sent"], RECIPIENTS, "{status}");
    assert_each_once(
        &sink,
        (0..RECIPIENTS).map(address),
        "SIGTERM mid-mailing, then a restart",
    );
    let log = first.log();
    assert!(
        !log.contains("left to its lease") && log.contains("stopped"),
        "{log}"
    );
}
