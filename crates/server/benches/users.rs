//! Server benchmarks, on a real database (a SQLite file by default):
//! - `sesame import` of a 20,000-line ENT export (parse + one transaction): target ≤ 5 s;
//! - `GET /api/structures/{id}/users` for a 50,000-account structure: target ≤ 300 ms, read each
//!   time (no directory cache), and from the directory cache.
//!
//! Run with `cargo bench -p sesame-server --bench users` (or `cargo xtask bench`). With
//! `SESAME_TEST_POSTGRES` set to a PostgreSQL server's URL, the same on fresh databases of that
//! server instead of SQLite files.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request};
use sesame_core::import::parse_csv;
use sesame_core::{LetterSettings, SchoolTimeZone};
use sesame_server::auth::session::token_hash;
use sesame_server::db::{Admin, Db, Role};
use sesame_server::directory_cache::DirectoryCache;
use sesame_server::routes::app;
use sesame_server::security::content_security_policy;
use sesame_server::state::AppState;
use sesame_testkit::school::ent_csv;
use tower::ServiceExt;

/// An ENT export of `lines` accounts over 40 classes, names with accents.
fn export(lines: usize) -> String {
    let mut csv = ent_csv("");
    let first = ["Zoé", "Émile", "Łukasz", "Thảo", "Inès", "Алёна"];
    let last = ["Dupré", "Nguyễn", "Yılmaz", "Œuvray", "Martin", "Παπαδόπουλος"];
    for i in 0..lines {
        let profile = ["Élève", "Élève", "Élève", "Parent", "Enseignant", "Personnel"][i % 6];
        let code = if i % 3 == 0 {
            String::new()
        } else {
            format!("C{i:07}")
        };
        let email = if i % 2 == 0 {
            format!("u{i}@exemple.fr")
        } else {
            String::new()
        };
        let _ = writeln!(
            csv,
            "id{i};{profile};{}{};{};user.{i};{code};Classe {};{email};{:02}/09/2025;non;non;",
            last[i % 6],
            i / 6,
            first[(i / 7) % 6],
            i % 40,
            1 + i % 28
        );
    }
    csv
}

/// A fresh database in directory `dir` (created), or on the PostgreSQL server of the tests.
async fn open(dir: &std::path::Path) -> Db {
    std::fs::create_dir_all(dir).unwrap();
    let location = sesame_server::db::testing::test_db_location(dir).await;
    Db::open(&location).await.unwrap()
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();

        // Import of 20,000 lines into a fresh file.
        let csv = export(20_000);
        let db = open(&dir.path().join("import")).await;
        println!("engine: {}", db.engine());
        let structure = db
            .create_structure("0750001A", "Import", &LetterSettings::default())
            .await
            .unwrap();
        let start = Instant::now();
        let report = parse_csv(csv.as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
        let parsed = start.elapsed();
        db.import_users(&structure.id, &report.users).await.unwrap();
        println!(
            "import 20,000 lines: {:.2} s (parse {:.0} ms, write {:.2} s)",
            start.elapsed().as_secs_f64(),
            parsed.as_secs_f64() * 1e3,
            (start.elapsed() - parsed).as_secs_f64()
        );
        let start = Instant::now();
        db.import_users(&structure.id, &report.users).await.unwrap();
        println!(
            "re-import of the same 20,000 lines (updates): {:.2} s",
            start.elapsed().as_secs_f64()
        );

        // GET users of a 50,000-account structure.
        let db = open(&dir.path().join("users")).await;
        let structure = db
            .create_structure("0750002B", "Grand", &LetterSettings::default())
            .await
            .unwrap();
        let report = parse_csv(export(50_000).as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
        db.import_users(&structure.id, &report.users).await.unwrap();
        let admin = Admin {
            login: "bench".into(),
            display_name: "bench".into(),
            password_hash: String::new(),
            role: Role::Central,
            disabled: false,
        };
        db.put_admin(&admin, &[]).await.unwrap();
        db.create_session(
            &token_hash("bench-token"),
            "bench",
            "csrf",
            chrono::Duration::hours(1),
        )
        .await
        .unwrap();
        // The read itself (the target), then what the directory cache makes
        // of the next requests for the same version.
        for (case, cache_bytes) in [
            ("read each time (no cache)", 0),
            ("from the directory cache", 64 << 20),
        ] {
            let mut state = AppState::new(db.clone(), content_security_policy(""));
            state.directories = Arc::new(DirectoryCache::new(cache_bytes));
            let router = app(state, dir.path());
            let uri = format!("/api/structures/{}/users", structure.id);
            let mut times: Vec<Duration> = Vec::new();
            let mut bytes = 0;
            for _ in 0..10 {
                let request = Request::get(&uri)
                    .header(header::COOKIE, "sesame_session=bench-token")
                    .body(Body::empty())
                    .unwrap();
                let start = Instant::now();
                let response = router.clone().oneshot(request).await.unwrap();
                let body = axum::body::to_bytes(response.into_body(), 1 << 30).await.unwrap();
                times.push(start.elapsed());
                bytes = body.len();
            }
            times.sort();
            println!(
                "GET users, 50,000 accounts ({:.1} MB of JSON), {case}: median {:.0} ms, worst {:.0} ms",
                bytes as f64 / 1e6,
                times[times.len() / 2].as_secs_f64() * 1e3,
                times[times.len() - 1].as_secs_f64() * 1e3
            );
        }
    });
}
