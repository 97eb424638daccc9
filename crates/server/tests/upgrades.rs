//! An older release on a database a newer one has migrated — every instance but the first
//! during a rolling upgrade, or all of them after a rollback (docs/operations.md « Upgrading »): it serves,
//! reads and writes, and says in its log which newer migrations it runs on; `sesame migrate`
//! says so too. On the engine the suite runs on: SQLite, or PostgreSQL with
//! `SESAME_TEST_POSTGRES`.

use serde_json::Value;
use sesame_server::db::testing::add_newer_migration;
use sesame_testkit::Sesame;

mod served;
use served::{pupils_csv, seeded_school, sign_in};

fn address(i: usize) -> String {
    format!("eleve{i}@famille-exemple.fr")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_with_a_migration_this_binary_does_not_know_still_serves() {
    let dir = tempfile::tempdir().unwrap();
    let (db, dist) = seeded_school(dir.path(), &pupils_csv(20, address, |_| false)).await;
    // What the next release's migration would do: add to the schema, record itself.
    let (version, description) = add_newer_migration(&db).await;
    let newer = format!("{version} ({description})");

    let sesame = Sesame::at(env!("CARGO_BIN_EXE_sesame"));
    let server = sesame.serve(&db, &dist, &[], &[]);
    let (client, session) = sign_in(&server.url).await;
    let structure = session["structures"][0]["id"].as_str().unwrap();
    let users = |client: reqwest::Client| {
        let url = format!("{}/api/structures/{structure}/users", server.url);
        async move {
            let response = client.get(url).send().await.unwrap();
            assert_eq!(response.status(), 200);
            let body: Value = response.json().await.unwrap();
            body["users"].as_array().unwrap().len()
        }
    };
    assert_eq!(users(client.clone()).await, 20);
    // A write into the table the newer release changed.
    let imported = client
        .post(format!(
            "{}/api/structures/{structure}/imports?dryRun=false&fileName=export.csv",
            server.url
        ))
        .header("x-sesame-csrf", session["csrfToken"].as_str().unwrap())
        .header("content-type", "text/csv")
        .body(pupils_csv(25, address, |_| false))
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), 201);
    assert_eq!(users(client).await, 25);
    let log = server.log();
    assert!(
        log.contains("WARN") && log.contains("newer release") && log.contains(&newer),
        "{log}"
    );

    let migrate = sesame.run(&["migrate", "--db", db.to_str().unwrap()], None);
    let said = String::from_utf8_lossy(&migrate.stdout);
    assert!(
        said.contains("schema up to date")
            && said.contains(&format!(
                "and 1 of a newer release, which this binary does not know and runs on: {newer}"
            )),
        "{said}"
    );
}
