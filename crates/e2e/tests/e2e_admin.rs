//! End-to-end, the administrator's side: scope between schools (a local administrator never
//! reaches another school, in the browser as in the API), sorting the table by a column, and
//! editing the letter settings with their live preview, and each page loading its own modules
//! (the steps' with step 3's chunk, or the whole app's). Real `sesame`, real Chromium.
#![cfg(not(target_arch = "wasm32"))]

use sesame_testkit::browser::{eventually, Browser, Request, Start};
use sesame_testkit::school::app_dist;

/// The last name of each visible row (third cell, after the tick and the state).
async fn last_names(browser: &Browser) -> Vec<String> {
    browser.texts("[data-testid=user-row] td:nth-child(3)").await
}

/// What a school out of the administrator's scope shows instead of its page.
const OUT_OF_SCOPE: &str = "Cet établissement ne fait pas partie de votre périmètre.";

#[tokio::test]
async fn a_local_admin_cannot_reach_another_school() {
    let (_dir, server, browser) = Start::two_schools().open().await;

    // The central administrator sees both schools; note the collège's id.
    let voltaire = browser.voltaire_as_central(&server.url).await;

    // The school's local administrator is offered their school only…
    browser.client.delete_all_cookies().await.unwrap();
    browser.sign_in(&server.url, "direction", 4).await;
    let offered = browser.schools_offered().await;
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert!(offered[0].1.contains("Jean-Jaurès"), "{offered:?}");

    // …and typing the collège's address shows the refusal, not its pupils.
    for page in ["distribution", "settings"] {
        let address = format!("{}/structures/{voltaire}/{page}", server.url);
        browser.goto_expecting_error(&address, OUT_OF_SCOPE).await;
        // Trying again would only be refused again: the way out is the administrator's own
        // school, not « Réessayer ».
        assert_eq!(
            browser.count(".error button").await,
            0,
            "{page}: a useless retry button"
        );
        if page == "distribution" {
            browser.click("[data-testid=back-home]").await;
            browser.wait_selected(4).await;
            browser.goto_expecting_error(&address, OUT_OF_SCOPE).await;
        }
        assert_eq!(
            browser.count("[data-testid=user-row]").await,
            0,
            "{page}: another school's accounts are shown"
        );
    }
    browser.audit_and_screenshot("6-out-of-scope").await;
    browser.close().await;
}

#[tokio::test]
async fn a_column_header_sorts_the_table_and_settings_change_the_letters() {
    let (_dir, _server, browser) = Start::example().signed_in("direction", 4).await;

    // The letters' order first: by last name, then first name.
    assert_eq!(last_names(&browser).await, ["Dupré", "Dupré", "Martin", "Nguyễn"]);
    // "Prénom" ascending: Claire, Łukasz (as L), Marc, Zoé; then descending.
    let first_name = "thead th:nth-child(4) button";
    browser.click(first_name).await;
    browser.wait_for("[data-testid=column-sort-hint]").await;
    assert_eq!(last_names(&browser).await, ["Martin", "Nguyễn", "Dupré", "Dupré"]);
    browser.click(first_name).await;
    browser
        .wait_for("thead th:nth-child(4)[aria-sort=descending]")
        .await;
    assert_eq!(last_names(&browser).await, ["Dupré", "Dupré", "Nguyễn", "Martin"]);
    browser.audit_and_screenshot("2b-sorted-by-first-name").await;
    // A third click goes back to the letters' order.
    browser.click(first_name).await;
    browser.wait_for("thead th:nth-child(4)[aria-sort=none]").await;
    assert_eq!(last_names(&browser).await, ["Dupré", "Dupré", "Martin", "Nguyễn"]);

    // The teacher and the parent sign in with outside accounts (the default setting): said, and
    // one click leaves them out of the selection.
    browser
        .wait_text(
            "[data-testid=external-sign-in]",
            "Ces comptes se connectent avec un compte externe (compte académique, EduConnect ou \
             FranceConnect) : inutile de leur distribuer des identifiants (Enseignant : 1 · Parent : 1). \
             Les retirer de la sélection",
        )
        .await;
    browser.click("[data-testid=leave-out-external]").await;
    browser.wait_selected(2).await;
    browser
        .wait_query("profile=Student&profile=Personnel&profile=Guest")
        .await;
    let url = browser.url().await;
    assert!(url.path().ends_with("/distribution"), "{url}");
    browser.client.back().await.unwrap();
    browser.wait_selected(4).await;

    // The settings page: what is typed shows in the preview at once, and saving keeps it.
    browser.open_settings().await;
    browser
        .replace_text("[data-testid=setting-ent-name]", "Mon ENT Test")
        .await;
    browser
        .replace_text(
            "[data-testid=setting-help-text]",
            "Besoin d'aide ? Secrétariat, bureau 12.",
        )
        .await;
    let preview = "[data-testid=letter-preview]";
    browser.wait_for(preview).await;
    let text = eventually(10, || async {
        let text = browser.text_of(preview).await;
        if text.contains("Mon ENT Test") && text.contains("Secrétariat, bureau 12.") {
            Ok(text)
        } else {
            Err(format!("preview not updated: {text}"))
        }
    })
    .await;
    assert!(text.contains("EXEMPLE1"), "the sample pupil's code: {text}");
    // Relatives of this school get letters after all.
    browser.click("[data-testid=setting-external-Relative]").await;
    browser.audit_and_screenshot("4-settings").await;
    browser.save_settings().await;

    // A reload reads the settings back from the server.
    browser.client.refresh().await.unwrap();
    eventually(10, || async {
        let value = browser
            .value_of("[data-testid=setting-ent-name]")
            .await
            .unwrap_or_default();
        if value == "Mon ENT Test" {
            Ok(())
        } else {
            Err(format!("saved ENT name not read back: {value:?}"))
        }
    })
    .await;
    browser.close().await;
}

/// The visible text of the page's `main` element.
async fn page_text(browser: &Browser) -> String {
    browser.text_of("main").await
}

#[tokio::test]
async fn each_role_finds_its_way_by_its_links() {
    let (_dir, server, browser) = Start::two_schools().signed_in("direction", 4).await;

    // A local administrator: no « Administration », which would offer them nothing; their own
    // account is under « Mon compte ».
    browser.wait_for("[data-testid=account-link]").await;
    assert_eq!(browser.count("[data-testid=admins-link]").await, 0);

    // The central administrator: « Administration », and in its schools table a link to each
    // school's distribution page that says so.
    browser.client.delete_all_cookies().await.unwrap();
    browser.sign_in_as(&server.url, "rectorat").await;
    browser.click("[data-testid=admins-link]").await;
    browser.wait_for("[data-testid=school-row]").await;
    assert_eq!(
        browser.texts("[data-testid=school-distribution]").await,
        ["Distribuer les identifiants", "Distribuer les identifiants"]
    );
    browser.close().await;
}

#[tokio::test]
async fn the_settings_page_speaks_english_throughout() {
    let (_dir, _server, browser) = Start::two_schools().signed_in("direction", 4).await;

    // The letter settings in English: every label, hint and check of the form.
    browser.open_settings().await;
    browser.click(".lang-switch").await;
    browser
        .wait_text("label[for=offset-x]", "Label offset to the right (mm)")
        .await;
    assert_eq!(
        browser.text_of("label[for=offset-y]").await,
        "Label offset downwards (mm)"
    );
    browser
        .replace_text("[data-testid=setting-login-url]", "http://ent.example.fr")
        .await;
    browser.click("[data-testid=settings-save]").await;
    browser
        .wait_text(
            "[data-testid=settings-form] [data-testid=error]",
            "“Sign-in address” must be a web address starting with https:// (received “http://ent.example.fr”).",
        )
        .await;
    let english = page_text(&browser).await;
    for french in [
        "Décalage",
        "Adresse",
        "Réglages",
        "Nom de l’ENT",
        "Texte d’aide",
        "Aperçu",
        "Compte à activer",
        "par page",
        "doit être",
    ] {
        assert!(!english.contains(french), "« {french} » in English:\n{english}");
    }
    browser.audit_and_screenshot("12-settings-english").await;
    // And back, without a reload.
    browser.click(".lang-switch").await;
    browser
        .wait_text(
            "label[for=offset-x]",
            "Décalage des étiquettes vers la droite (mm)",
        )
        .await;
    browser
        .wait_text(
            "[data-testid=settings-form] [data-testid=error]",
            "« Adresse de connexion » doit être une adresse web commençant par https:// (reçu « http://ent.example.fr »).",
        )
        .await;
    // Put right and saved, so that leaving asks nothing.
    browser
        .replace_text("[data-testid=setting-login-url]", "https://ent.example.fr")
        .await;
    browser.save_settings().await;
    browser.close().await;
}

/// Which of the app's modules (`sesame_core::app_module`) the page fetched since the last look:
/// the steps' (`sesame-app-…_bg.wasm`, Trunk names it by its hash), step 3's chunk of it
/// (`sesame-app-…_distribute.wasm`) and the whole app's.
async fn modules_fetched(browser: &Browser) -> (bool, bool, bool) {
    let requests: Vec<Request> = browser.requests().await;
    let fetched = |part: &str, end: &str| {
        requests
            .iter()
            .any(|r| r.url.contains(part) && r.url.ends_with(end))
    };
    (
        fetched("/sesame-app-", "_bg.wasm"),
        fetched("/sesame-app-", "_distribute.wasm"),
        fetched("/sesame-whole_bg", ".wasm"),
    )
}

/// Opens `/account` by its address, and waits for its form.
async fn open_account(browser: &Browser, url: &str) {
    browser.goto(&format!("{url}/account")).await;
    browser.wait_for("[data-testid=account-form]").await;
}

#[tokio::test]
async fn the_steps_and_the_other_pages_each_load_their_own_module() {
    let (_dir, server, browser) = Start::example().recording().signed_in("direction", 4).await;
    browser.wait_for("[data-testid=generate-pdf]").await;
    assert_eq!(
        modules_fetched(&browser).await,
        (true, true, false),
        "the sign-in and the steps, step 3 in its chunk, carry no other page"
    );

    // A link to another page: the page is loaded again, with the whole app.
    browser.open_settings().await;
    assert_eq!(
        modules_fetched(&browser).await,
        (false, false, true),
        "the settings"
    );
    // From there the steps are the same page, no module fetched.
    browser.click("[data-testid=back-to-distribution]").await;
    browser.wait_selected(4).await;
    browser.wait_for("[data-testid=generate-pdf]").await;
    assert_eq!(
        modules_fetched(&browser).await,
        (false, false, false),
        "back in the whole app, step 3 within it"
    );
    // An address typed or bookmarked.
    open_account(&browser, &server.url).await;
    assert_eq!(modules_fetched(&browser).await, (false, false, true), "/account");
    browser.close().await;
}

#[tokio::test]
async fn a_server_without_the_whole_apps_page_still_shows_every_page() {
    // A server that answers every path with index.html (`trunk serve`, or a build older than
    // whole.html): the steps module hands the page over to the whole app's, without reloading.
    let copy = tempfile::tempdir().unwrap();
    let dist = copy.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    for entry in std::fs::read_dir(app_dist()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if entry.file_type().unwrap().is_file() && !name.to_string_lossy().starts_with("whole.html") {
            std::fs::copy(entry.path(), dist.join(&name)).unwrap();
        }
    }
    std::os::unix::fs::symlink(app_dist().join("fonts"), dist.join("fonts")).unwrap();
    let (_dir, server, browser) = Start::example()
        .recording()
        .dist(dist)
        .signed_in("direction", 4)
        .await;
    browser.wait_for("[data-testid=generate-pdf]").await;
    modules_fetched(&browser).await;

    browser.open_settings().await;
    assert_eq!(
        modules_fetched(&browser).await,
        (true, false, true),
        "handed over before the steps are drawn"
    );
    open_account(&browser, &server.url).await;
    browser.close().await;
}
