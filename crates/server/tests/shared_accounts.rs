//! One ENT account in several schools, over the real router and a real database (SQLite, or
//! PostgreSQL with `SESAME_TEST_POSTGRES`): a teacher of two schools and a parent with children
//! in both are imported into each, listed in each with that school's classes and children,
//! never taken from one school by the other's import, distributed per school, and removed from
//! one school only. A local administrator's imports answer the same whatever other schools and
//! central administrators hold, and two imports of one school at once are refused.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use sesame_server::import_slots::ImportSlots;
use sesame_testkit::school::ent_csv;
use support::{Session, TestApp};

/// School B's export: Anne Leroy (a3) teaches there too, and a parent has a child in each
/// school; one pupil of B's own.
fn school_b_export() -> String {
    ent_csv(
        "a3;Enseignant;Leroy;Anne;anne.leroy;;6e A;anne.leroy@ecole.fr;15/08/2024;non;non;\n\
         b1;Élève;Smirnova;Алёна;alena.smirnova;BC0DE333;6e A;;02/09/2025;non;non;\n\
         p1;Parent;Dupré;Marc;marc.dupre;PC0DE444;;marc@famille.fr;01/09/2025;non;non;Алёна Smirnova (6e A)\n"
    )
}

/// School A's export with the parent too (his child there is Zoé).
fn school_a_export() -> String {
    ent_csv(
        "a1;Élève;Dupré;Zoé;zoe.dupre;ZC0DE111;CM2 A;;01/09/2025;non;non;\n\
         a2;Élève;Nguyễn;Łukasz;lukasz.nguyen;LC0DE222;CM2 A,Chorale;;01/09/2025;non;non;\n\
         a3;Enseignant;Leroy;Anne;anne.leroy;;CM2 A;anne.leroy@ecole.fr;15/08/2024;non;oui;\n\
         a4;Personnel;Central;Chantal;chantal.central;;;chantal@ecole.fr;15/08/2024;non;non;\n\
         p1;Parent;Dupré;Marc;marc.dupre;PC0DE444;;marc@famille.fr;01/09/2025;non;non;Zoé Dupré (CM2 A)\n",
    )
}

async fn upload(app: &TestApp, who: &Session, school: &str, query: &str, csv: &str) -> (StatusCode, Value) {
    let path = format!("/api/structures/{school}/imports{query}");
    let (status, _, body) = app
        .send_raw(
            Method::POST,
            &path,
            Some(who),
            "text/csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    (status, body)
}

/// The counts of an import's answer, in a fixed order.
fn counts(answer: &Value) -> [&Value; 6] {
    [
        &answer["created"],
        &answer["shared"],
        &answer["updated"],
        &answer["unchanged"],
        &answer["absent"],
        &answer["removed"],
    ]
}

/// School `school`'s directory as `who` reads it.
async fn directory(app: &TestApp, who: &Session, school: &str) -> Vec<Value> {
    let (status, _, body) = app.get(&format!("/api/structures/{school}/users"), who).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["users"].as_array().unwrap().clone()
}

fn account<'a>(users: &'a [Value], id: &str) -> Option<&'a Value> {
    users.iter().find(|u| u["id"] == id)
}

fn class_names(user: &Value) -> Vec<&str> {
    user["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn one_account_in_two_schools_is_listed_in_each_with_that_schools_classes() {
    let app = TestApp::new().await;
    let central = app.login("chantal.central").await;
    let (status, a) = upload(&app, &central, &app.school_a, "", &school_a_export()).await;
    assert_eq!(status, StatusCode::CREATED, "{a}");

    // B's dry run: Anne and Marc are A's already, so B shares them; the commit agrees.
    let (status, preview) = upload(&app, &central, &app.school_b, "?dryRun=true", &school_b_export()).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["errors"], json!([]), "{preview}");
    assert_eq!(
        counts(&preview),
        [&json!(0), &json!(2), &json!(0), &json!(1), &json!(0), &json!(0)],
        "{preview}"
    );
    assert_eq!(preview["sharedAccounts"][0]["login"], "anne.leroy");
    let (status, done) = upload(&app, &central, &app.school_b, "", &school_b_export()).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(
        counts(&done),
        counts(&preview),
        "the dry run and the import agree"
    );

    // One account, listed by each school with its own classes and children.
    let in_a = directory(&app, &central, &app.school_a).await;
    let in_b = directory(&app, &central, &app.school_b).await;
    let anne_a = account(&in_a, "a3").unwrap();
    let anne_b = account(&in_b, "a3").unwrap();
    assert_eq!(
        (class_names(anne_a), class_names(anne_b)),
        (vec!["CM2 A"], vec!["6e A"])
    );
    assert_eq!(
        (&anne_a["localAdmin"], &anne_b["localAdmin"]),
        (&json!(true), &json!(false))
    );
    let children = |user: &Value| user["children"][0]["firstName"].as_str().unwrap().to_owned();
    assert_eq!(children(account(&in_a, "p1").unwrap()), "Zoé");
    assert_eq!(children(account(&in_b, "p1").unwrap()), "Алёна");
    assert_eq!(in_b.len(), 3);

    // Re-importing either school takes nothing from the other.
    for (school, export) in [
        (&app.school_a, school_a_export()),
        (&app.school_b, school_b_export()),
    ] {
        let (status, again) = upload(&app, &central, school, "", &export).await;
        assert_eq!(status, StatusCode::CREATED, "{again}");
        assert_eq!(again["created"], 0);
    }
    assert_eq!(
        class_names(account(&directory(&app, &central, &app.school_a).await, "a3").unwrap()),
        ["CM2 A"]
    );

    // The account's own fields are one: B's export changing Marc's address changes it for A too,
    // and A's cached directory is not served stale.
    let (_, before, _) = app
        .get(&format!("/api/structures/{}/users", app.school_a), &central)
        .await;
    let moved = school_b_export().replace("marc@famille.fr", "marc.dupre@nouveau.fr");
    let (status, changed) = upload(&app, &central, &app.school_b, "", &moved).await;
    assert_eq!(status, StatusCode::CREATED, "{changed}");
    assert_eq!(changed["updatedAccounts"][0]["fields"], json!(["Courriel"]));
    let (_, after, users) = app
        .get(&format!("/api/structures/{}/users", app.school_a), &central)
        .await;
    assert_ne!(before["etag"], after["etag"]);
    let marc = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "p1")
        .unwrap()
        .clone();
    assert_eq!(marc["email"], "marc.dupre@nouveau.fr");
}

#[tokio::test]
async fn distributions_are_per_school_and_leaving_one_school_keeps_the_other() {
    let app = TestApp::new().await;
    let central = app.login("chantal.central").await;
    upload(&app, &central, &app.school_a, "", &school_a_export()).await;
    upload(&app, &central, &app.school_b, "", &school_b_export()).await;

    // Printed from A: A's listing says so, B's does not.
    let (status, _, body) = app
        .post(
            &format!("/api/structures/{}/distributions", app.school_a),
            &central,
            json!({"userIds": ["a3"], "channel": "pdf"}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let distributed = |users: &[Value]| account(users, "a3").unwrap().get("lastDistributedAt").cloned();
    assert!(distributed(&directory(&app, &central, &app.school_a).await).is_some());
    assert_eq!(distributed(&directory(&app, &central, &app.school_b).await), None);

    // A's next export without Anne: kept unless asked; asked, she leaves A and stays in B.
    let without_anne: String = school_a_export()
        .lines()
        .filter(|l| !l.starts_with("a3;"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_, kept) = upload(&app, &central, &app.school_a, "?dryRun=true", &without_anne).await;
    assert_eq!(
        (&kept["absent"], &kept["removed"]),
        (&json!(1), &json!(0)),
        "{kept}"
    );
    let (_, asked) = upload(
        &app,
        &central,
        &app.school_a,
        "?dryRun=true&removeAbsent=true",
        &without_anne,
    )
    .await;
    assert_eq!(
        (&asked["absent"], &asked["removed"]),
        (&json!(1), &json!(1)),
        "{asked}"
    );
    let (status, done) = upload(&app, &central, &app.school_a, "?removeAbsent=true", &without_anne).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(done["removed"], 1);
    assert!(account(&directory(&app, &central, &app.school_a).await, "a3").is_none());
    let anne_b = directory(&app, &central, &app.school_b).await;
    assert_eq!(class_names(account(&anne_b, "a3").unwrap()), ["6e A"]);

    // B's pupil alone, absent from B's next export and asked to leave: in no school, deleted.
    let without_alena: String = school_b_export()
        .lines()
        .filter(|l| !l.starts_with("b1;"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (status, _) = upload(
        &app,
        &central,
        &app.school_b,
        "?removeAbsent=true",
        &without_alena,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let ids = app
        .db
        .user_ids_in_structure(&app.school_b, &["b1".into()], false)
        .await
        .unwrap();
    assert!(ids.is_empty());
    // The history keeps what was recorded.
    let (_, _, history) = app
        .get(&format!("/api/structures/{}/imports", app.school_b), &central)
        .await;
    assert_eq!(history[0]["removed"], 1, "{history}");
}

/// Found by attacking as a local administrator: an `Id` of another school's account was
/// answered 500 (an unknown one 201), and a central administrator's login was named as such.
/// Now every one of these lines is answered as an account new to the school is.
#[tokio::test]
async fn a_local_administrators_import_answers_the_same_whatever_others_hold() {
    let app = TestApp::new().await;
    let local_b = app.login("local.b").await;
    let probes = [
        // An account of school A (outside local.b's schools), by its Id.
        "a1;Élève;Dupré;Zoé;zoe.dupre;ZC0DE111;6e B;;01/09/2025;non;non;",
        // An Id nobody has.
        "zz9;Élève;Inconnu;Ivo;ivo.inconnu;IC0DE999;6e B;;01/09/2025;non;non;",
        // A central administrator's login, and an ordinary one.
        "x1;Invité;Central;Chantal;chantal.central;GC0DE555;;;01/09/2025;non;non;",
        "x2;Invité;Quelconque;Quentin;quentin.q;GC0DE666;;;01/09/2025;non;non;",
    ];
    let mut answers = Vec::new();
    for probe in probes {
        let csv = ent_csv(&format!("{probe}\n"));
        let (status, dry) = upload(&app, &local_b, &app.school_b, "?dryRun=true", &csv).await;
        assert_eq!(status, StatusCode::OK);
        answers.push((counts(&dry).map(Value::clone), dry["errors"].clone()));
    }
    assert!(answers.windows(2).all(|pair| pair[0] == pair[1]), "{answers:?}");
    assert_eq!(answers[0].0[0], json!(1));

    // Committed, each is created and listed to the one who imported it.
    let csv = ent_csv(&format!("{}\n", probes.join("\n")));
    let (status, done) = upload(&app, &local_b, &app.school_b, "", &csv).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(done["created"], 4);
    let logins: Vec<String> = directory(&app, &local_b, &app.school_b)
        .await
        .iter()
        .map(|u| u["login"].as_str().unwrap().to_owned())
        .collect();
    for login in ["zoe.dupre", "ivo.inconnu", "chantal.central", "quentin.q"] {
        assert!(logins.iter().any(|l| l == login), "{login} in {logins:?}");
    }
    // School A keeps Zoé with A's class; chantal's own account is untouched.
    let central = app.login("chantal.central").await;
    let in_a = directory(&app, &central, &app.school_a).await;
    assert_eq!(class_names(account(&in_a, "a1").unwrap()), ["CM2 A"]);
    assert_eq!(account(&in_a, "a4").unwrap()["email"], "chantal@ecole.fr");
}

#[tokio::test]
async fn a_login_another_account_keeps_is_a_line_error_never_a_500() {
    let app = TestApp::new().await;
    let central = app.login("chantal.central").await;
    // Zoé's line gives her Łukasz's login.
    let csv = ent_csv("a1;Élève;Dupré;Zoé;lukasz.nguyen;ZC0DE111;CM2 A;;01/09/2025;non;non;\n");
    let (status, dry) = upload(&app, &central, &app.school_a, "?dryRun=true", &csv).await;
    assert_eq!(status, StatusCode::OK);
    let (status, refused) = upload(&app, &central, &app.school_a, "", &csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["errors"], dry["errors"]);
    assert_eq!(refused["errors"][0]["line"], 2);
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("lukasz.nguyen") && message.contains("Łukasz Nguyễn"),
        "{message}"
    );
}

#[tokio::test]
async fn a_second_import_of_a_school_or_one_too_many_is_refused_at_once() {
    let mut slots = None;
    let app = TestApp::with(None, |state| {
        state.imports = ImportSlots::new(1);
        slots = Some(state.imports.clone());
    })
    .await;
    let slots = slots.unwrap();
    let central = app.login("chantal.central").await;
    let running = slots.take(&app.school_a).unwrap();
    for school in [&app.school_a, &app.school_b] {
        let (status, _, body) = app
            .send_raw(
                Method::POST,
                &format!("/api/structures/{school}/imports?dryRun=true"),
                Some(&central),
                "text/csv",
                school_b_export().into_bytes(),
            )
            .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert_eq!(body["error"]["code"], "already_running");
    }
    drop(running);
    let (status, body) = upload(&app, &central, &app.school_b, "?dryRun=true", &school_b_export()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
