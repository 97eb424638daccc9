//! `/api/structures/{id}/imports` and `POST /api/structures` over the real router and a real
//! SQLite file: the dry run writes nothing, a bad line stops everything, an import is recorded
//! without codes and selects its new accounts, scope holds.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use sesame_core::made_up::HEADER;
use sesame_testkit::school::ent_csv;
use support::TestApp;

/// School A's file, one pupil's code changed, a new pupil in a new class, and an unknown column.
fn next_year() -> String {
    format!(
        "{HEADER};Remarque\n\
         a1;Élève;Dupré;Zoé;zoe.dupre;ZNEW0111;CM2 A;;01/09/2025;non;non;;x\n\
         a2;Élève;Nguyễn;Łukasz;lukasz.nguyen;LC0DE222;CM2 A,Chorale;;01/09/2025;non;non;;x\n\
         a3;Enseignant;Leroy;Anne;anne.leroy;;CM2 A;anne.leroy@ecole.fr;15/08/2024;non;oui;;x\n\
         a5;Élève;Neuf;Nina;nina.neuf;NN11NN11;CP;;01/09/2026;non;non;;x\n"
    )
}

async fn upload(
    app: &TestApp,
    who: &support::Session,
    school: &str,
    query: &str,
    csv: &[u8],
) -> (StatusCode, Value) {
    let path = format!("/api/structures/{school}/imports{query}");
    let (status, _, body) = app
        .send_raw(Method::POST, &path, Some(who), "text/csv", csv.to_vec())
        .await;
    (status, body)
}

/// [`next_year`]'s file uploaded by `who` to `school` with `query`.
async fn upload_next_year(
    app: &TestApp,
    who: &support::Session,
    school: &str,
    query: &str,
) -> (StatusCode, Value) {
    upload(app, who, school, query, next_year().as_bytes()).await
}

async fn user_count(app: &TestApp, school: &str) -> usize {
    app.db.users_of_structure(school, false).await.unwrap().len()
}

#[tokio::test]
async fn a_dry_run_says_what_would_change_and_writes_nothing() {
    let app = TestApp::new().await;
    let local = app.login("local.a").await;
    let imports_before = app.db.imports(&app.school_a, false).await.unwrap().len();

    let (status, preview) = upload_next_year(&app, &local, &app.school_a, "?dryRun=true").await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["dryRun"], true);
    assert_eq!(
        (
            &preview["created"],
            &preview["updated"],
            &preview["unchanged"],
            &preview["absent"],
            &preview["classesCreated"]
        ),
        (&json!(1), &json!(1), &json!(2), &json!(0), &json!(1)),
        "{preview}"
    );
    assert_eq!(preview["createdAccounts"][0]["login"], "nina.neuf");
    assert_eq!(
        preview["updatedAccounts"][0]["fields"],
        json!(["Code d’activation"])
    );
    assert_eq!(preview["newClasses"], json!(["CP"]));
    assert!(
        preview["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Remarque"),
        "{preview}"
    );
    // The central administrator's own account (a4) is not a local administrator's to see: not
    // listed as absent.
    assert!(!preview.to_string().contains("chantal"), "{preview}");
    assert!(!preview.to_string().contains("ZNEW0111") && !preview.to_string().contains("NN11NN11"));

    assert_eq!(user_count(&app, &app.school_a).await, 4, "nothing written");
    assert_eq!(
        app.db.imports(&app.school_a, false).await.unwrap().len(),
        imports_before
    );
}

#[tokio::test]
async fn an_import_is_all_or_nothing_recorded_and_selects_its_new_accounts() {
    let app = TestApp::new().await;
    let local = app.login("local.a").await;
    let broken = ent_csv(
        "a5;Élève;Neuf;Nina;nina.neuf;NN11NN11;CP;;01/09/2026;non;non;\nx;Pupil;;B;;;;;31/02/2026;non;non;\n",
    );

    // Every bad line named, in the preview and in the refusal, and nothing written.
    let (status, preview) = upload(&app, &local, &app.school_a, "?dryRun=true", broken.as_bytes()).await;
    assert_eq!(status, StatusCode::OK);
    let errors = preview["errors"].as_array().unwrap();
    assert!(
        !errors.is_empty() && errors.iter().all(|e| e["line"] == 3),
        "{preview}"
    );
    let (status, refused) = upload(&app, &local, &app.school_a, "", broken.as_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["errors"], preview["errors"]);
    assert_eq!(user_count(&app, &app.school_a).await, 4);

    // The good file, then: 201, recorded with who, when and the file's name.
    let (status, done) = upload_next_year(&app, &local, &app.school_a, "?fileName=export%20ENT.csv").await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(
        (&done["dryRun"], &done["created"], &done["updated"]),
        (&json!(false), &json!(1), &json!(1))
    );
    let id = done["importId"].as_str().unwrap().to_owned();
    assert_eq!(user_count(&app, &app.school_a).await, 5);

    let (_, _, list) = app
        .get(&format!("/api/structures/{}/imports", app.school_a), &local)
        .await;
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["adminLogin"], "local.a");
    assert_eq!(list[0]["fileName"], "export ENT.csv");
    assert_eq!(
        (
            &list[0]["created"],
            &list[0]["updated"],
            &list[0]["classesCreated"]
        ),
        (&json!(1), &json!(1), &json!(1))
    );
    assert!(!list.to_string().contains("NN11NN11"));

    // The directory names it as the latest import, and its new account carries it.
    let (_, _, users) = app
        .get(&format!("/api/structures/{}/users", app.school_a), &local)
        .await;
    assert_eq!(users["latestImportId"], id.as_str());
    let new: Vec<&str> = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["importId"] == id.as_str())
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    assert_eq!(new, ["nina.neuf"]);

    // The same file again changes nothing.
    let (_, again) = upload_next_year(&app, &local, &app.school_a, "?dryRun=true").await;
    assert_eq!(
        (&again["created"], &again["updated"], &again["unchanged"]),
        (&json!(0), &json!(0), &json!(4))
    );
}

#[tokio::test]
async fn a_windows_1252_export_imports_as_the_command_line_does() {
    let app = TestApp::new().await;
    let central = app.login("chantal.central").await;
    let csv =
        "Type;Nom;Prénom;Login;Code d'activation;Classes\nÉlève;Hébert;Noël;noel.hebert;HB12HB12;6e B\n";
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(csv);
    let (status, done) = upload(&app, &central, &app.school_b, "", &latin1).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(done["createdAccounts"][0]["name"], "Noël Hébert");
}

#[tokio::test]
async fn scope_holds_and_a_local_admin_cannot_change_a_central_admins_account() {
    let app = TestApp::new().await;
    let local = app.login("local.a").await;
    let (status, _) = upload_next_year(&app, &local, &app.school_b, "?dryRun=true").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = app
        .get(&format!("/api/structures/{}/imports", app.school_b), &local)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // chantal.central (a4) is a central administrator: a local administrator's line naming her
    // account is answered as a new account is, and changes nothing of hers…
    let csv =
        ent_csv("a4;Personnel;Central;Chantal;chantal.central;;;pirate@example.com;15/08/2024;non;non;\n");
    let (status, done) = upload(&app, &local, &app.school_a, "", csv.as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(
        (&done["created"], &done["errors"]),
        (&json!(1), &json!([])),
        "{done}"
    );
    let chantal = |users: Vec<sesame_core::User>| {
        users
            .into_iter()
            .find(|u| u.login == "chantal.central")
            .map(|u| u.email)
    };
    assert_eq!(
        chantal(app.db.users_of_structure(&app.school_a, false).await.unwrap()),
        Some(Some("chantal@ecole.fr".into()))
    );
    assert_eq!(
        chantal(app.db.users_of_structure(&app.school_a, true).await.unwrap()),
        None
    );

    // …while a central administrator's import does change it.
    let central = app.login("chantal.central").await;
    let (status, _) = upload(&app, &central, &app.school_a, "", csv.as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        chantal(app.db.users_of_structure(&app.school_a, false).await.unwrap()),
        Some(Some("pirate@example.com".into()))
    );
    // The local administrator then sees that an import happened, not who made it.
    let (_, _, list) = app
        .get(&format!("/api/structures/{}/imports", app.school_a), &local)
        .await;
    assert_eq!(list[0]["adminLogin"], Value::Null, "{list}");
}

#[tokio::test]
async fn an_upload_needs_the_csrf_header_and_a_file_under_the_limit() {
    let app = TestApp::new().await;
    let local = app.login("local.a").await;
    let (status, _) = upload_next_year(&app, &local.without_csrf(), &app.school_a, "?dryRun=true").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let mut huge = HEADER.as_bytes().to_vec();
    huge.resize(21 << 20, b'x');
    let (status, body) = upload(&app, &local, &app.school_a, "?dryRun=true", &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("20 Mio"),
        "{body}"
    );
    // The JSON routes keep their 1 MiB limit.
    let (status, _, body) = app
        .send_raw(
            Method::PUT,
            &format!("/api/structures/{}/letter-settings", app.school_a),
            Some(&local),
            "application/json",
            vec![b' '; 2 << 20],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("1 Mio"),
        "{body}"
    );
}

#[tokio::test]
async fn a_central_admin_creates_a_school_once() {
    let app = TestApp::new().await;
    let central = app.login("chantal.central").await;
    let create = |who, body: Value| {
        let app = &app;
        async move {
            app.send(Method::POST, "/api/structures", Some(who), Some(body))
                .await
        }
    };
    let (status, _, school) = create(&central, json!({"uai": " 0759999z ", "name": "École Neuve"})).await;
    assert_eq!(status, StatusCode::CREATED, "{school}");
    assert_eq!(
        (&school["uai"], &school["name"]),
        (&json!("0759999Z"), &json!("École Neuve"))
    );
    let (status, _, body) = create(&central, json!({"uai": "0759999Z", "name": "Encore"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, _, body) = create(&central, json!({"uai": "75-AB", "name": "X"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("code UAI"),
        "{body}"
    );
    let (status, _, _) = create(&central, json!({"uai": "0758888A", "name": "  "})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let local = app.login("local.a").await;
    let (status, _, _) = create(&local, json!({"uai": "0757777A", "name": "Pas à moi"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The new school has no accounts yet: its import is its first step.
    let id = school["id"].as_str().unwrap();
    let (_, _, users) = app.get(&format!("/api/structures/{id}/users"), &central).await;
    assert_eq!(users["users"], json!([]));
}
