//! Mail outbox benchmark: 10,000 messages through the real outbox worker and the
//! pooled lettre transport to a local aiosmtpd sink (`crates/testkit/smtp_sink.py`), rate limit off.
//! Reports the time to send them all (target ≤ 30 s) and this process's resident memory as the
//! queue drains (VmRSS samples, then VmHWM): it must stay flat, since rows are claimed and
//! messages built one at a time.
//!
//! Run with `cargo bench -p sesame-server --bench mail`; `SESAME_BENCH_MAIL_WORKERS` (default 32)
//! and `SESAME_BENCH_MAILS` (default 10,000) change the run. With `SESAME_TEST_POSTGRES` set to a
//! PostgreSQL server's URL (`cargo xtask postgres cargo bench -p sesame-server --bench mail`), the
//! outbox lives in a fresh database of that server instead of a SQLite file.
//!
//! Why several workers: one SMTP connection carries about 25 messages a second whatever the
//! machine, because lettre writes a message and its final "." in two writes, and the second waits
//! (Nagle) for the server's delayed ACK, 40 ms on Linux. Throughput therefore scales with the
//! number of workers (each with its own pooled connection and one message in flight).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use sesame_core::import::parse_csv;
use sesame_core::{LetterSettings, SchoolTimeZone};
use sesame_server::db::Db;
use sesame_server::mail::{worker, MailConfig, Mailer};
use sesame_testkit::free_port;
use sesame_testkit::school::ent_csv;
use sesame_testkit::smtp::{count, Sink};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A field of /proc/self/status, in kB (Linux).
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix(field)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// `n` accounts, all with an address, half of them still to activate.
fn export(n: usize) -> String {
    let mut csv = ent_csv("");
    let first = ["Zoé", "Łukasz", "Thảo", "Алёна", "Νικόλαος", "Émile"];
    let last = ["Dupré", "Nguyễn", "Yılmaz", "Œuvray", "Παπαδόπουλος", "Martin"];
    for i in 0..n {
        let code = if i % 2 == 0 {
            format!("C{i:07}")
        } else {
            String::new()
        };
        writeln!(
            csv,
            "u{i};Élève;{};{};login.{i};{code};CM2 A;eleve{i}@famille{}.fr;01/09/2025;non;non;",
            last[i % last.len()],
            first[i % first.len()],
            i % 50
        )
        .unwrap();
    }
    csv
}

#[tokio::main]
async fn main() {
    let n = env_or("SESAME_BENCH_MAILS", 10_000);
    let workers = env_or("SESAME_BENCH_MAIL_WORKERS", 32);
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    let sink = Sink::start(free_port(), &inbox, &[]);

    let location = sesame_server::db::testing::test_db_location(dir.path()).await;
    let db = Db::open(&location).await.unwrap();
    eprintln!("engine: {}", db.engine());
    let settings = LetterSettings {
        ent_name: "ONE".into(),
        login_url: "https://ent.example/login".into(),
        activation_url: "https://ent.example/activer".into(),
        help_text: "Le secrétariat vous aide.".into(),
        sender_address: String::new(),
        ..Default::default()
    };
    let structure = db
        .create_structure("0751234A", "École Jaurès", &settings)
        .await
        .unwrap();
    let report = parse_csv(export(n).as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
    db.import_users(&structure.id, &report.users).await.unwrap();
    let ids: Vec<String> = (0..n).map(|i| format!("u{i}")).collect();

    let mut config = MailConfig::new(&sink.url());
    config.workers = workers;
    let mailer = Mailer::new(config).unwrap();
    let rss_before = status_kb("VmRSS:");
    let start = Instant::now();
    let mailing = db
        .create_mailing(&structure.id, "bench", "bench", &ids, 0)
        .await
        .unwrap();
    worker::start(db.clone(), mailer.clone());
    let mut samples = Vec::new();
    let mut next_sample = n / 5;
    loop {
        let received = count(&inbox);
        if received >= next_sample.min(n) {
            samples.push((received, status_kb("VmRSS:")));
            next_sample += n / 5;
        }
        if received >= n {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "{received} of {n} after 5 minutes"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = start.elapsed();
    // The last rows are marked sent just after the sink has them.
    let status = loop {
        let status = db
            .mailing_status(&mailing.mailing.mailing_id, false)
            .await
            .unwrap();
        if status.pending == 0 {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(
        (status.sent, status.failed),
        (n as u64, 0),
        "every message sent once"
    );
    // The sink counts what it accepted: exactly n, no duplicate.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(count(&inbox), n);
    println!(
        "mail outbox: {n} messages, {workers} worker(s), rate limit off: {:.2} s ({:.0} messages/s)",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64()
    );
    let samples: Vec<String> = samples
        .iter()
        .map(|(r, kb)| format!("{r}: {} MiB", kb / 1024))
        .collect();
    println!(
        "resident memory: {} MiB before; while sending {}; peak (VmHWM) {} MiB",
        rss_before / 1024,
        samples.join(", "),
        status_kb("VmHWM:") / 1024
    );
    sink.stop();
}
