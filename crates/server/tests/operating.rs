//! What an operator relies on when running `sesame` by hand beside the service: the settings
//! file read by the command itself (`--env-file`, `SESAME_ENV_FILE`) as systemd reads it, quoted
//! values with spaces included; and a log that names the client's address plainly, on a failed
//! sign-in as on a successful one.

use std::path::Path;

use serde_json::json;
use sesame_testkit::school::{ent_csv, fake_dist};
use sesame_testkit::sesame::log_line;
use sesame_testkit::{Sesame, PASSWORD};

fn sesame() -> Sesame {
    Sesame::at(env!("CARGO_BIN_EXE_sesame"))
}

const LINES: &str = "\
u1;Élève;Dupré;Zoé;zoe.dupre;QX7CODE1;CM2 A;;01/09/2025;non;non;
";

/// A settings file as the package ships it, with a database in a folder whose name has a space
/// and the quoted `SESAME_MAIL_FROM` of docs/operations.md.
fn settings_file(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("données de Sésame");
    std::fs::create_dir(&data).unwrap();
    let file = dir.join("sesame.env");
    std::fs::write(
        &file,
        format!(
            "# Sésame's settings\n\
             SESAME_DB=\"{}/sesame.db\"\n\
             SESAME_MAIL_FROM=\"Sésame <ne-pas-repondre@ecole.fr>\"\n\
             ; a comment systemd also skips\n\
             SESAME_SMPT_URL=smtp://typo.example\n",
            data.display()
        ),
    )
    .unwrap();
    file
}

#[test]
fn commands_read_the_settings_file_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let file = settings_file(dir.path());
    let csv = dir.path().join("export.csv");
    std::fs::write(&csv, ent_csv(LINES)).unwrap();
    let env_file = file.to_str().unwrap();

    // No --db: it comes from the file, its spaces kept.
    let added = sesame().run(
        &[
            "--env-file",
            env_file,
            "admin",
            "add",
            "--login",
            "rectorat",
            "--role",
            "central",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    let log = String::from_utf8_lossy(&added.stderr);
    assert!(
        log.contains("SESAME_SMPT_URL is not a setting") && log.contains(env_file),
        "a misspelt name is pointed at: {log}"
    );
    // The option after the subcommand, and the variable, name the file as well.
    let imported = sesame().run(
        &[
            "import",
            "--env-file",
            env_file,
            "--structure",
            "0751234A",
            "--name",
            "École",
            csv.to_str().unwrap(),
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&imported.stdout).contains("1 accounts created"));
    let migrated = sesame().env("SESAME_ENV_FILE", env_file).run(&["migrate"], None);
    assert!(
        String::from_utf8_lossy(&migrated.stdout).contains("données de Sésame/sesame.db"),
        "{}",
        String::from_utf8_lossy(&migrated.stdout)
    );
    assert!(dir.path().join("données de Sésame/sesame.db").is_file());

    // An option wins over the file.
    let elsewhere = dir.path().join("other.db");
    sesame().run(
        &[
            "--env-file",
            env_file,
            "migrate",
            "--db",
            elsewhere.to_str().unwrap(),
        ],
        None,
    );
    assert!(elsewhere.is_file());

    // A file that cannot be read stops the command, named.
    let missing = sesame().output(&["--env-file", "/nonexistent/sesame.env", "migrate"], None);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr)
        .contains("cannot read the settings file /nonexistent/sesame.env"));
}

/// `serve` with its settings from the file: the quoted sender (spaces, angle brackets) is
/// accepted — unquoted by hand with `xargs`, it was not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_takes_its_settings_from_the_file_and_logs_addresses_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let file = settings_file(dir.path());
    let env_file = file.to_str().unwrap();
    let csv = dir.path().join("export.csv");
    std::fs::write(&csv, ent_csv(LINES)).unwrap();
    sesame().run(
        &[
            "--env-file",
            env_file,
            "admin",
            "add",
            "--login",
            "direction",
            "--role",
            "central",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    // `Sesame::serve` gives --db itself: the file's one is the same database.
    let db = dir.path().join("données de Sésame/sesame.db");
    let server = sesame()
        .env("SESAME_ENV_FILE", env_file)
        .serve(&db, &fake_dist(dir.path()), &[], &[]);
    let client = reqwest::Client::new();
    let sign_in = |password: &str| {
        client
            .post(format!("{}/api/session", server.url))
            .json(&json!({"login": "direction", "password": password}))
            .send()
    };
    assert_eq!(sign_in("pas le bon").await.unwrap().status(), 401);
    assert_eq!(sign_in(PASSWORD).await.unwrap().status(), 200);
    let log = server.log();
    assert!(
        log_line(&log, "failed sign-in").contains("address=127.0.0.1"),
        "{log}"
    );
    assert!(log_line(&log, "signed in").contains("address=127.0.0.1"), "{log}");
    assert!(!log.contains("Some("), "{log}");
}
