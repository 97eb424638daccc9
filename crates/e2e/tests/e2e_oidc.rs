//! End-to-end, signing in with the ENT in a real headless Chromium: the real `sesame` as an
//! OpenID Connect relying party of a real provider — panva's `oidc-provider` (OpenID Certified),
//! started by testkit — whose own login form the browser fills with the ENT id of an account.
//!
//! - A teacher: refused while their school does not let teachers hand out letters, let in once
//!   the school's administrator ticks it in the settings; then the distribution page of their
//!   classes only (« Vos classes : CM2 A, Chorale »), nothing of the administration, their
//!   class's PDF built and read back with qpdf and pdftotext (their pupils' names, no one
//!   else's), marked as distributed; signing out goes through the provider's own sign-out page
//!   back to `/login`, and the provider then asks who is there again.
//! - An administrator linked to an ENT identity (`sesame admin add --oidc-subject`) signs in the
//!   same way, links another administrator to theirs on the administrators' page (« Identité
//!   ENT »), who then signs in with it; an ENT account that is no one to Sésame is told so.
//!
//! Sésame's public address is `http://localhost:PORT` and the provider's `http://127.0.0.1:PORT`:
//! two sites to the browser, as a school's Sésame and its ENT are, so the cookies' `SameSite`
//! rules meet the cross-site return from the provider exactly as they will in a school (with
//! both on 127.0.0.1 the test would prove nothing about them).
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sesame_testkit::browser::{eventually, Browser, Locator};
use sesame_testkit::oidc::{Client, Kind, Provider};
use sesame_testkit::school::{app_dist, seed_csv};
use sesame_testkit::tools::pdf_text;
use sesame_testkit::{free_port, Server, Sesame, PASSWORD};

/// The school: two teachers with their ENT ids, their pupils and others. Marie Curie teaches
/// CM2 A and the choir, where Anaïs Cœur (CE2 A) sings; Jules Moreau (CE2 A) and Léa Petit
/// (CM1 A) are Louis Pasteur's or no one's of hers.
const SCHOOL_CSV: &str = "\
Id;Type;Nom;Prénom;Login;Alias de login;Code d'activation;Courriel;Date de création;Bloqué;Classes;Enfants
ENT-PROF-1;Enseignant;Curie;Marie;marie.curie;;;marie.curie@example.fr;15/08/2024;non;CM2 A, Chorale;
ENT-PROF-2;Enseignant;Pasteur;Louis;louis.pasteur;;PR2OF9;;15/08/2024;non;CE2 A;
ent-el-1;Élève;Dupré;Zoé;zoe.dupre;;ZO12DU34;;01/09/2025;non;CM2 A;
ent-el-2;Élève;Martin;Hugo;hugo.martin;;HU56MA78;;01/09/2025;non;CM2 A;
ent-el-3;Élève;Cœur;Anaïs;anais.coeur;;AN90CO12;;01/09/2025;non;CE2 A, Chorale;
ent-el-4;Élève;Moreau;Jules;jules.moreau;;JU34MO56;;01/09/2025;non;CE2 A;
ent-el-5;Élève;Petit;Léa;lea.petit;;LE78PE90;;01/09/2025;non;CM1 A;
ent-pa-1;Parent;Dupré;Paul;paul.dupre;;PA12DU34;paul.dupre@example.fr;01/09/2025;non;;Zoé Dupré (CM2 A)
ent-pe-1;Personnel;Lefèvre;Nadia;nadia.lefevre;;NA56LE78;;01/09/2025;non;;
";

/// The logins of Marie Curie's pupils, and of everyone else she must never see.
const HER_PUPILS: [&str; 3] = ["zoe.dupre", "hugo.martin", "anais.coeur"];
const NOT_HERS: [&str; 6] = [
    "jules.moreau",
    "lea.petit",
    "paul.dupre",
    "nadia.lefevre",
    "louis.pasteur",
    "marie.curie",
];

/// The central administrator linked to an ENT identity.
const CHIEF_ENT_ID: &str = "ENT-ADM-1";

/// A provider with Sésame registered at `public_url`, and Sésame itself on `port`.
struct Setup {
    _dir: tempfile::TempDir,
    provider: Provider,
    _server: Server,
    /// `http://localhost:PORT`: what the browser opens.
    url: String,
}

fn start() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let url = format!("http://localhost:{port}");
    let provider = Provider::start(
        Kind::Certified,
        &[Client::for_sesame("sesame", "s3cret-s3cret", &url)],
        json!({
            "ENT-PROF-1": {"login": "marie.curie", "name": "Marie Curie"},
            CHIEF_ENT_ID: {"login": "chef.etablissements", "name": "Claire Chef"},
        }),
        &["key-1"],
    );
    let sesame = Sesame::from_env();
    let csv = dir.path().join("school.csv");
    std::fs::write(&csv, SCHOOL_CSV).unwrap();
    let db = seed_csv(&sesame, dir.path(), &csv);
    add_linked_admin(&sesame, &db);
    let server = sesame.serve_at(
        &format!("127.0.0.1:{port}"),
        &db,
        &app_dist(),
        &[],
        &[
            ("SESAME_PUBLIC_URL", url.as_str()),
            ("SESAME_OIDC_ISSUER", provider.issuer().as_str()),
            ("SESAME_OIDC_CLIENT_ID", "sesame"),
            ("SESAME_OIDC_CLIENT_SECRET", "s3cret-s3cret"),
            ("SESAME_OIDC_LABEL", "Se connecter avec ONE"),
            ("SESAME_SIGN_IN", "password,oidc"),
        ],
    );
    Setup {
        _dir: dir,
        provider,
        _server: server,
        url,
    }
}

/// `sesame admin add --oidc-subject`: a central administrator who signs in with the ENT.
fn add_linked_admin(sesame: &Sesame, db: &Path) {
    let options = ["--name", "Claire Chef", "--oidc-subject", CHIEF_ENT_ID];
    sesame.add_admin_with(db, "chef", "central", PASSWORD, &options);
}

/// Where the browser is.
async fn here(browser: &Browser) -> String {
    browser.url().await.to_string()
}

/// The path and query of `address` at Sésame (`/login?error=…`), `None` elsewhere.
fn at_sesame<'a>(setup: &Setup, address: &'a str) -> Option<&'a str> {
    address
        .strip_prefix(&setup.url)
        .filter(|rest| rest.starts_with('/'))
}

/// Clicks the ENT's button, then on the provider's own pages types `ent_id` in its login form
/// and accepts its consent form, until the browser is back at Sésame (`sesame`): signed in, or
/// on `/login?error=…`. A provider that still has a session for this browser asks nothing.
async fn through_the_ent(browser: &Browser, setup: &Setup, ent_id: &str) {
    browser.click("[data-testid=oidc-sign-in]").await;
    let provider = setup.provider.issuer();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if Instant::now() > deadline {
            let page = browser.client.source().await.unwrap_or_default();
            panic!("still at {}: {page}", here(browser).await);
        }
        let at = here(browser).await;
        if at.starts_with(&provider) {
            if let Ok(login) = browser.client.find(Locator::Css("input[name=login]")).await {
                login.send_keys(ent_id).await.unwrap();
                // The development form wants one; the provider checks none.
                browser.type_into("input[name=password]", "x").await;
                submit(browser).await;
            } else if browser
                .client
                .find(Locator::Css("input[name=prompt][value=consent]"))
                .await
                .is_ok()
            {
                submit(browser).await;
            }
        } else if let Some(page) = at_sesame(setup, &at) {
            // Back at Sésame: signed in (any page but the sign-in page), or refused (the sign-in
            // page saying why). A provider that asks nothing may send the browser back at once.
            let arrived =
                !page.starts_with("/api/") && (!page.starts_with("/login") || page.contains("error="));
            if arrived {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    excuse_the_providers_fonts(browser).await;
}

/// Sends the provider's form in view.
async fn submit(browser: &Browser) {
    let button = browser
        .client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap();
    // The page may be replaced under the click: the next round looks again.
    let _ = button.click().await;
}

/// The provider's development pages import a web font from Google, which this machine cannot
/// reach: the browser logs that failure. It is the provider's page, not Sésame's, so that entry
/// alone is taken out of the console; any other problem still fails the test.
async fn excuse_the_providers_fonts(browser: &Browser) {
    let problems = browser.take_problems().await;
    let ours: Vec<&String> = problems
        .iter()
        .filter(|p| {
            !(p.starts_with("SEVERE network: https://fonts.googleapis.com/") && p.contains("net::ERR_"))
        })
        .collect();
    assert!(ours.is_empty(), "problems besides the provider's font: {ours:#?}");
}

/// `GET path` through the page (its cookies): the status and the JSON body.
async fn api_get(browser: &Browser, path: &str) -> (u64, Value) {
    let script = "const [path, done] = arguments; \
        fetch(path).then(async r => done([r.status, await r.json().catch(() => null)])).catch(e => done([0, String(e)]));";
    let answer = browser.script_async(script, &[path]).await;
    (answer[0].as_u64().unwrap(), answer[1].clone())
}

/// Signs out with « Se déconnecter »: a session begun at the ENT goes through the provider's
/// sign-out page (confirmed there), back to Sésame's `/login`.
async fn sign_out_through_the_ent(browser: &Browser, setup: &Setup) {
    browser.click("[data-testid=logout]").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        assert!(Instant::now() < deadline, "still at {}", here(browser).await);
        let at = here(browser).await;
        if at.starts_with(&setup.provider.issuer()) {
            if let Ok(yes) = browser
                .client
                .find(Locator::Css("button[name=logout][value=yes]"))
                .await
            {
                let _ = yes.click().await;
            }
        } else if at_sesame(setup, &at) == Some("/login") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.wait_for("[data-testid=oidc-sign-in]").await;
    excuse_the_providers_fonts(browser).await;
    let (status, _) = api_get(browser, "/api/session").await;
    assert_eq!(status, 401, "signed out of Sésame");
}

/// Goes through the ENT as `ent_id`, whom Sésame refuses: back on its sign-in page with
/// `error` in the address, `said` on the page, and no session.
async fn assert_refused(browser: &Browser, setup: &Setup, ent_id: &str, error: &str, said: &str) {
    through_the_ent(browser, setup, ent_id).await;
    let expected = format!("/login?error={error}");
    assert_eq!(at_sesame(setup, &here(browser).await), Some(expected.as_str()));
    browser.wait_text("[data-testid=error]", said).await;
    let (status, _) = api_get(browser, "/api/session").await;
    assert_eq!(status, 401, "no session for {ent_id}, refused");
}

/// The text of every row of the check table.
async fn rows_text(browser: &Browser) -> String {
    let script = "return [...document.querySelectorAll('[data-testid=user-row]')].map(r => r.textContent).join('\\n');";
    browser.script(script).await.as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_teacher_signs_in_with_the_ent_and_hands_out_their_classes_letters_only() {
    let setup = start();
    let browser = Browser::start().await;
    browser.goto(&format!("{}/login", setup.url)).await;
    browser
        .wait_text("[data-testid=oidc-sign-in]", "Se connecter avec ONE")
        .await;
    // The ENT's button first, the password form still below it.
    assert!(browser.focus_is("[data-testid=oidc-sign-in]").await);
    browser.wait_for("[data-testid=login-form]").await;
    browser.audit_and_screenshot("12-login-ent-button").await;

    // Teachers are not let in until the school says so.
    assert_refused(
        &browser,
        &setup,
        "ENT-PROF-1",
        "oidc_teachers_off",
        "Votre établissement ne permet pas aux enseignants de distribuer les identifiants — demandez à la direction.",
    )
    .await;

    // The school's administrator lets teachers hand out their classes' letters.
    browser.type_into("[data-testid=login-input]", "direction").await;
    browser.type_into("[data-testid=password-input]", PASSWORD).await;
    browser.click("[data-testid=login-submit]").await;
    browser.open_settings().await;
    browser.click("[data-testid=setting-teachers-distribute]").await;
    browser.save_settings().await;
    browser.click("[data-testid=logout]").await;
    browser.wait_for("[data-testid=oidc-sign-in]").await;

    // Now she gets in (the provider remembers her: it asks nothing this time), to her classes.
    through_the_ent(&browser, &setup, "ENT-PROF-1").await;
    browser.wait_selected(3).await;
    let at = here(&browser).await;
    let page = at_sesame(&setup, &at).unwrap_or_default();
    assert!(
        page.starts_with("/structures/") && page.ends_with("/distribution"),
        "{at}"
    );
    browser
        .wait_text("[data-testid=teacher-classes]", "Vos classes : CM2 A, Chorale")
        .await;
    browser
        .wait_text("[data-testid=who]", "Marie Curie (enseignant)")
        .await;
    for absent in [
        "settings-link",
        "import-link",
        "admins-link",
        "account-link",
        "send-mail",
    ] {
        assert_eq!(
            browser.count(&format!("[data-testid={absent}]")).await,
            0,
            "{absent} shown to a teacher"
        );
    }
    let rows = rows_text(&browser).await;
    for name in ["Dupré", "Martin", "Cœur"] {
        assert!(rows.contains(name), "{name} not in {rows}");
    }
    for name in ["Moreau", "Petit", "Lefèvre", "Pasteur", "Paul"] {
        assert!(!rows.contains(name), "{name} shown to Marie Curie: {rows}");
    }
    // What the browser was given is the server's filtering, not the page's.
    let structure = page.split('/').nth(2).unwrap().to_owned();
    let (status, body) = api_get(&browser, &format!("/api/structures/{structure}/users")).await;
    assert_eq!(status, 200);
    let mut logins: Vec<&str> = body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    logins.sort_unstable();
    let mut hers = HER_PUPILS.to_vec();
    hers.sort_unstable();
    assert_eq!(logins, hers);
    assert_eq!(api_get(&browser, "/api/admins").await.0, 403);
    browser.audit_and_screenshot("12-teacher-page").await;

    // Her class's letters, built in her browser, hold her pupils and no one else.
    browser.click("[data-testid=generate-pdf]").await;
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = browser.generated_pdf(dir.path(), "classe.pdf").await;
    let text = pdf_text(&pdf);
    for login in HER_PUPILS {
        assert!(text.contains(login), "{login} not in her letters");
    }
    for login in NOT_HERS {
        assert!(!text.contains(login), "{login} in her letters");
    }
    for name in ["Zoé", "Hugo", "Anaïs", "Cœur"] {
        assert!(text.contains(name), "{name} not in her letters");
    }
    browser.click("[data-testid=mark-distributed]").await;
    browser.wait_for("[data-testid=marked]").await;

    // Signing out ends the ENT's session too: the provider asks who is there again.
    sign_out_through_the_ent(&browser, &setup).await;
    browser.click("[data-testid=oidc-sign-in]").await;
    eventually(10, || async {
        match browser.count("input[name=login]").await {
            0 => Err(format!("the provider still knows her: {}", here(&browser).await)),
            _ => Ok(()),
        }
    })
    .await;
    excuse_the_providers_fonts(&browser).await;
    browser.close().await;
}

#[tokio::test]
async fn an_administrator_linked_to_an_ent_identity_signs_in_with_it() {
    let setup = start();
    let browser = Browser::start().await;
    browser.goto(&format!("{}/login", setup.url)).await;

    // An ENT account that is no one to Sésame is told so, and gets no session.
    assert_refused(
        &browser,
        &setup,
        "ENT-NOBODY",
        "oidc_no_access",
        "Votre compte ENT n’a pas accès à Sésame — demandez à la direction.",
    )
    .await;
    sign_out_of_the_provider(&browser, &setup).await;

    // The central administrator linked by `--oidc-subject`.
    through_the_ent(&browser, &setup, CHIEF_ENT_ID).await;
    browser.wait_text("[data-testid=who]", "Claire Chef").await;
    browser.wait_for("[data-testid=admins-link]").await;
    let (_, session) = api_get(&browser, "/api/session").await;
    assert_eq!(session["login"], "chef");
    assert_eq!(session["role"], "central");

    // The administrators' page shows the link, and makes another.
    browser.click("[data-testid=admins-link]").await;
    browser
        .wait_text("[data-login=chef] [data-testid=admin-oidc-subject]", CHIEF_ENT_ID)
        .await;
    browser.edit_admin("direction").await;
    browser
        .type_into("[data-testid=admin-edit-oidc-subject]", "ENT-DIR-1")
        .await;
    browser.save_admin_edit().await;
    browser
        .wait_text(
            "[data-login=direction] [data-testid=admin-oidc-subject]",
            "ENT-DIR-1",
        )
        .await;
    sign_out_through_the_ent(&browser, &setup).await;

    // …with which the school's own administrator now signs in.
    through_the_ent(&browser, &setup, "ENT-DIR-1").await;
    browser.wait_for("[data-testid=settings-link]").await;
    assert_eq!(api_get(&browser, "/api/session").await.1["login"], "direction");
    assert_eq!(browser.count("[data-testid=admins-link]").await, 0);
    sign_out_through_the_ent(&browser, &setup).await;
    browser.close().await;
}

/// Ends the provider's own session (no Sésame session was opened): its sign-out page, asked
/// directly, so the next sign-in asks who is there.
async fn sign_out_of_the_provider(browser: &Browser, setup: &Setup) {
    browser
        .goto(&format!("{}/session/end", setup.provider.issuer()))
        .await;
    browser.click("button[name=logout][value=yes]").await;
    eventually(10, || async {
        let at = here(browser).await;
        if at.contains("/session/end/success") {
            Ok(())
        } else {
            Err(format!("still at {at}"))
        }
    })
    .await;
    browser.goto(&format!("{}/login", setup.url)).await;
    browser.wait_for("[data-testid=oidc-sign-in]").await;
    excuse_the_providers_fonts(browser).await;
}
