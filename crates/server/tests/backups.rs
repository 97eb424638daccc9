//! docs/operations.md « Backups », as written: each backup and restore block there is run by `sh`,
//! with the test's own folders and database in place of `/var/lib/sesame`, `/var/backups/sesame`
//! and the `postgresql://…` URL, and without what concerns the service (`systemctl`, the
//! `sesame` owner: nothing is running, and the test is not root everywhere). Then what was
//! restored must be what was saved: the accounts imported after the backup are gone again, the
//! administrator removed after it is back.
//!
//! SQLite always; PostgreSQL in the suite's PostgreSQL pass (`SESAME_TEST_POSTGRES`), with
//! Debian's `pg_dump` and `pg_restore`.

use std::path::Path;
use std::process::Command;

use sesame_testkit::school::{fake_dist, seed_into};
use sesame_testkit::Sesame;

mod served;
use served::pupils_csv;

fn sesame() -> Sesame {
    Sesame::at(env!("CARGO_BIN_EXE_sesame"))
}

fn address(i: usize) -> String {
    format!("eleve{i}@famille-exemple.fr")
}

/// The ```sh block of docs/operations.md that holds `needle`: what an operator runs.
fn documented_block(needle: &str) -> String {
    let doc = std::fs::read_to_string(sesame_testkit::workspace().join("docs/operations.md")).unwrap();
    doc.split("```sh\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .find(|block| block.contains(needle))
        .unwrap_or_else(|| panic!("no block of docs/operations.md with {needle:?}"))
        .to_owned()
}

/// Runs `block` with `sh -e`, each `(from, to)` replaced and the `systemctl` lines left out;
/// whether it succeeded, and what it said.
fn run_block(block: &str, replace: &[(&str, &str)]) -> (bool, String) {
    let mut script: String = block
        .lines()
        .filter(|l| !l.trim_start().starts_with("systemctl "))
        .map(|l| format!("{l}\n"))
        .collect();
    for (from, to) in replace {
        script = script.replace(from, to);
    }
    let out = Command::new("sh").args(["-e", "-c", &script]).output().unwrap();
    let said = format!(
        "{script}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

fn today() -> String {
    let out = Command::new("date").arg("+%F").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// `sesame import` of `count` pupils into school `0751234A`.
fn import(db: &Path, dir: &Path, count: usize) {
    let csv = dir.join(format!("export-{count}.csv"));
    std::fs::write(&csv, pupils_csv(count, address, |_| false)).unwrap();
    sesame().import(db, "0751234A", "École", &csv);
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// What the checks compare: the accounts, and whether `direction` is an administrator.
fn state(query: impl Fn(&str) -> String) -> (String, String) {
    (
        query("SELECT COUNT(*) FROM users"),
        query("SELECT COUNT(*) FROM admins WHERE login = 'direction'"),
    )
}

#[test]
fn the_documented_sqlite_backup_while_serving_and_its_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, backups) = (dir.path().join("lib"), dir.path().join("backups"));
    std::fs::create_dir(&lib).unwrap();
    let db = lib.join("sesame.db");
    let csv = dir.path().join("export.csv");
    std::fs::write(&csv, pupils_csv(20, address, |_| false)).unwrap();
    seed_into(&sesame(), &db, &csv);
    let query = |sql: &str| {
        let out = Command::new("sqlite3").arg(&db).arg(sql).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    let saved = state(query);
    assert_eq!(saved, ("20".to_owned(), "1".to_owned()));

    let paths = [
        ("/var/lib/sesame", lib.to_str().unwrap()),
        ("/var/backups/sesame", backups.to_str().unwrap()),
    ];
    // Online: an instance serves the file meanwhile.
    let server = sesame().serve(&db, &fake_dist(dir.path()), &[], &[]);
    let (ok, said) = run_block(
        &documented_block("sqlite3 /var/lib/sesame/sesame.db \".backup"),
        &paths,
    );
    assert!(ok, "{said}");
    drop(server);
    assert_eq!(mode(&backups), 0o700);
    let backup = format!("sesame-{}.db", today());
    assert!(backups.join(&backup).is_file(), "{said}");

    import(&db, dir.path(), 25);
    sesame().run(
        &[
            "admin",
            "remove",
            "--db",
            db.to_str().unwrap(),
            "--login",
            "direction",
        ],
        None,
    );
    assert_ne!(state(query), saved);

    let mut restore = paths.to_vec();
    restore.push(("sesame-2026-12-04.db", &backup));
    restore.push(("-o sesame -g sesame ", ""));
    let (ok, said) = run_block(
        &documented_block("install -o sesame -g sesame -m 0600 \"$backup\""),
        &restore,
    );
    assert!(ok, "{said}");
    assert_eq!(state(query), saved, "{said}");
    assert_eq!(mode(&db), 0o600);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: run by the PostgreSQL pass of `cargo xtask test` (`-- --include-ignored`)"]
async fn the_documented_pg_dump_while_serving_and_its_restore() {
    assert!(
        sesame_server::db::testing::postgres_server().is_some(),
        "SESAME_TEST_POSTGRES names no PostgreSQL server"
    );
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let db = sesame_server::db::testing::test_db_location(dir.path()).await;
    let url = db.to_str().unwrap().to_owned();
    let csv = dir.path().join("export.csv");
    std::fs::write(&csv, pupils_csv(20, address, |_| false)).unwrap();
    seed_into(&sesame(), &db, &csv);
    let query = |sql: &str| {
        let out = Command::new("psql").args([&url, "-tAc", sql]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    let saved = state(query);
    assert_eq!(saved, ("20".to_owned(), "1".to_owned()));

    let dump = documented_block("pg_dump --format=custom");
    let target = "postgresql://sesame@db.ac-exemple.fr:5432/sesame";
    let backup = backups.join(format!("sesame-{}.dump", today()));

    // A dump that cannot reach the database leaves no file that looks like a backup.
    let closed = format!(
        "postgresql://sesame@127.0.0.1:{}/sesame",
        sesame_testkit::free_port()
    );
    let (ok, said) = run_block(
        &dump,
        &[
            (target, &closed),
            ("/var/backups/sesame", backups.to_str().unwrap()),
        ],
    );
    assert!(!ok && !backup.exists(), "{said}");

    let paths = [
        (target, url.as_str()),
        ("/var/backups/sesame", backups.to_str().unwrap()),
    ];
    let server = sesame().serve(&db, &fake_dist(dir.path()), &[], &[]);
    let (ok, said) = run_block(&dump, &paths);
    assert!(ok, "{said}");
    drop(server);
    assert_eq!(mode(&backups), 0o700);
    assert!(backup.is_file(), "{said}");

    import(&db, dir.path(), 25);
    sesame().run(&["admin", "remove", "--db", &url, "--login", "direction"], None);
    assert_ne!(state(query), saved);

    let mut restore = paths.to_vec();
    let name = backup.file_name().unwrap().to_str().unwrap().to_owned();
    restore.push(("sesame-2026-12-04.dump", &name));
    let (ok, said) = run_block(&documented_block("pg_restore --clean"), &restore);
    assert!(ok, "{said}");
    assert_eq!(state(query), saved, "{said}");
    // And Sésame serves what was restored.
    sesame().run(&["migrate", "--db", &url], None);
}
