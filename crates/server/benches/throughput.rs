//! Throughput benchmark: the start-of-year rush, many administrators asking for the
//! same school's directory at once.
//!
//! A real `sesame serve` (`SESAME_BIN`, else this build's own `sesame`; `cargo xtask bench`
//! builds it with the `release` profile) over a 2,000-account school seeded through
//! `sesame import`, one signed-in central administrator, and `wrk` (Debian's, installed by
//! `cargo xtask setup`) on loopback: 100 connections for 10 seconds per case, two wrk threads.
//! Cases: full answers as a browser asks (`Accept-Encoding: gzip, deflate, br`), full answers
//! uncompressed, and revalidations (`If-None-Match` with the ETag: `304`). Targets: ≥ 1,500
//! requests/s with p99 ≤ 150 ms for full answers, ≥ 10,000 requests/s for 304s. Prints figures;
//! never fails on them. `SESAME_BENCH_SECONDS` and `SESAME_BENCH_CONNECTIONS` change the load.
//!
//! wrk runs on the same two cores as the server, so the figures are the server's share of a
//! busy machine, not its ceiling.

use std::process::Command;

use sesame_testkit::school::{fake_dist, seed_school};
use sesame_testkit::signed_in::sign_in;
use sesame_testkit::{Sesame, PASSWORD};

/// Pupils for a 2,000-account school: `school_csv` adds a relative per five pupils, four
/// teachers and two guests.
const PUPILS: usize = 1_661;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What wrk measured.
struct Load {
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: String,
}

/// wrk's duration (`12.3ms`, `1.2s`, `850.00us`) in milliseconds.
fn millis(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 1e-3)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60e3)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1e3)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

fn wrk(url: &str, headers: &[String], seconds: u64, connections: u64) -> Load {
    let mut command = Command::new("wrk");
    command.args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
        "--timeout",
        "10s",
    ]);
    for header in headers {
        command.args(["-H", header]);
    }
    let out = command
        .arg(url)
        .output()
        .expect("run wrk (`cargo xtask setup` installs it)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "wrk failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let field = |line_start: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(line_start))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(str::to_owned)
    };
    let errors: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("Socket errors") || l.starts_with("Non-2xx"))
        .collect();
    Load {
        requests_per_second: field("Requests/sec:").and_then(|v| v.parse().ok()).unwrap_or(0.0),
        p50_ms: field("50%").and_then(|v| millis(&v)).unwrap_or(f64::NAN),
        p99_ms: field("99%").and_then(|v| millis(&v)).unwrap_or(f64::NAN),
        errors: errors.join("; "),
    }
}

fn main() {
    let seconds = env_number("SESAME_BENCH_SECONDS", 10);
    let connections = env_number("SESAME_BENCH_CONNECTIONS", 100);
    let sesame = match std::env::var("SESAME_BIN") {
        Ok(bin) if !bin.is_empty() => Sesame::at(bin),
        _ => Sesame::at(env!("CARGO_BIN_EXE_sesame")),
    }
    // Every full answer is logged (who received codes); a log per request is part of the cost.
    .env("SESAME_LOG", "info");
    let dir = tempfile::tempdir().unwrap();
    let db = seed_school(&sesame, dir.path(), PUPILS);
    sesame.add_admin(&db, "rectorat", "central", &[], PASSWORD);
    let server = sesame.serve(&db, &fake_dist(dir.path()), &[], &[]);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (cookie, users_url, etag, sizes) = runtime.block_on(async {
        let client = reqwest::Client::new();
        let (session, answer) = sign_in(&client, &server.url, "rectorat", PASSWORD).await;
        let cookie = session.cookie;
        let id = answer["structures"][0]["id"].as_str().unwrap().to_owned();
        let users_url = format!("{}/api/structures/{id}/users", server.url);
        let mut sizes = Vec::new();
        let mut etag = None;
        for coding in ["identity", "gzip", "br"] {
            let answer = client
                .get(&users_url)
                .header("Cookie", &cookie)
                .header("Accept-Encoding", coding)
                .send()
                .await
                .unwrap();
            assert!(answer.status().is_success(), "directory: {}", answer.status());
            etag = answer
                .headers()
                .get("etag")
                .map(|v| v.to_str().unwrap().to_owned());
            let encoding = answer
                .headers()
                .get("content-encoding")
                .map_or("identity".to_owned(), |v| v.to_str().unwrap().to_owned());
            sizes.push(format!("{} B {encoding}", answer.bytes().await.unwrap().len()));
        }
        (cookie, users_url, etag, sizes)
    });

    println!(
        "directory of a 2,000-account school ({}), {connections} connections, {seconds} s each, loopback, wrk -t2",
        sizes.join(", ")
    );
    let cookie = format!("Cookie: {cookie}");
    let mut cases = vec![
        (
            "full, Brotli as browsers ask",
            vec![cookie.clone(), "Accept-Encoding: gzip, deflate, br".to_owned()],
        ),
        ("full, uncompressed", vec![cookie.clone()]),
    ];
    match &etag {
        Some(etag) => cases.push((
            "304 Not Modified",
            vec![
                cookie.clone(),
                "Accept-Encoding: gzip, deflate, br".to_owned(),
                format!("If-None-Match: {etag}"),
            ],
        )),
        None => println!("  (no ETag: this server cannot answer 304)"),
    }
    for (name, headers) in cases {
        let load = wrk(&users_url, &headers, seconds, connections);
        println!(
            "  {name:<30} {:>8.0} requests/s   p50 {:>7.1} ms   p99 {:>7.1} ms{}",
            load.requests_per_second,
            load.p50_ms,
            load.p99_ms,
            if load.errors.is_empty() {
                String::new()
            } else {
                format!("   ({})", load.errors)
            }
        );
    }
    println!("  targets: full ≥ 1,500 requests/s with p99 ≤ 150 ms; 304 ≥ 10,000 requests/s");
    drop(server);
}
