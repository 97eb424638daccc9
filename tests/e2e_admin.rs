//! End-to-end, the administrator's side: scope between schools (a local administrator never
//! reaches another school, in the browser as in the API), sorting the table by a column, and
//! editing the letter settings with their live preview. Real `sesame`, real Chromium.
#![cfg(not(target_arch = "wasm32"))]

use sesame_testkit::browser::{Browser, Locator};
use sesame_testkit::school::{fixture, seed_example};
use sesame_testkit::{Server, Sesame, PASSWORD};

/// The seeded school plus a second one (Collège Voltaire) and a central administrator.
fn two_schools(dir: &std::path::Path) -> std::path::PathBuf {
    let sesame = Sesame::from_env();
    let db = seed_example(&sesame, dir);
    sesame.import(&db, "0930001B", "Collège Voltaire", &fixture("college.csv"));
    sesame.add_admin(&db, "rectorat", "central", &[], PASSWORD);
    db
}

/// `(value, label)` of each school the structure picker offers.
async fn schools_offered(browser: &Browser) -> Vec<(String, String)> {
    browser.wait_for("[data-testid=structure-select] option").await;
    let options = browser
        .client
        .find_all(Locator::Css("[data-testid=structure-select] option"))
        .await
        .unwrap();
    let mut offered = Vec::new();
    for option in options {
        let value = option.attr("value").await.unwrap().unwrap_or_default();
        offered.push((value, option.text().await.unwrap()));
    }
    offered
}

/// The last name of each visible row (third cell, after the tick and the state).
async fn last_names(browser: &Browser) -> Vec<String> {
    let cells = browser
        .client
        .find_all(Locator::Css("[data-testid=user-row] td:nth-child(3)"))
        .await
        .unwrap();
    let mut names = Vec::new();
    for cell in cells {
        names.push(cell.text().await.unwrap());
    }
    names
}

#[tokio::test]
async fn a_local_admin_cannot_reach_another_school() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::app(&two_schools(dir.path()));
    let browser = Browser::start().await;

    // The central administrator sees both schools; note the collège's id.
    browser.submit_login(&server.url, "rectorat", PASSWORD).await;
    browser.wait_for("[data-testid=selected-count]").await;
    let offered = schools_offered(&browser).await;
    assert_eq!(offered.len(), 2, "{offered:?}");
    let (voltaire, _) = offered
        .iter()
        .find(|(_, label)| label.contains("Voltaire"))
        .expect("the collège is offered")
        .clone();

    // The school's local administrator is offered their school only…
    browser.client.delete_all_cookies().await.unwrap();
    browser.submit_login(&server.url, "direction", PASSWORD).await;
    browser.wait_text("[data-testid=selected-count]", "4").await;
    let offered = schools_offered(&browser).await;
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert!(offered[0].1.contains("Jean-Jaurès"), "{offered:?}");

    // …and typing the collège's address shows the refusal, not its pupils.
    let refusal = "Cet établissement ne fait pas partie de votre périmètre.";
    for page in ["distribution", "settings"] {
        browser
            .client
            .goto(&format!("{}/structures/{voltaire}/{page}", server.url))
            .await
            .unwrap();
        browser.wait_text("[data-testid=error]", refusal).await;
        // Trying again would only be refused again: the way out is the administrator's own
        // school, not « Réessayer ».
        let buttons = browser
            .client
            .find_all(Locator::Css(".error button"))
            .await
            .unwrap();
        assert!(buttons.is_empty(), "{page}: a useless retry button");
        if page == "distribution" {
            browser.click("[data-testid=back-home]").await;
            browser.wait_text("[data-testid=selected-count]", "4").await;
            browser
                .client
                .goto(&format!("{}/structures/{voltaire}/{page}", server.url))
                .await
                .unwrap();
            browser.wait_text("[data-testid=error]", refusal).await;
        }
        let rows = browser
            .client
            .find_all(Locator::Css("[data-testid=user-row]"))
            .await
            .unwrap();
        assert!(rows.is_empty(), "{page}: another school's accounts are shown");
    }
    browser.audit_accessibility("6-out-of-scope").await;
    browser.screenshot("6-out-of-scope").await;
    browser.close().await;
}

#[tokio::test]
async fn a_column_header_sorts_the_table_and_settings_change_the_letters() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::app(&seed_example(&Sesame::from_env(), dir.path()));
    let browser = Browser::start().await;
    browser.submit_login(&server.url, "direction", PASSWORD).await;
    browser.wait_text("[data-testid=selected-count]", "4").await;

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
    browser.audit_accessibility("2b-sorted-by-first-name").await;
    browser.screenshot("2b-sorted-by-first-name").await;
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
    browser.wait_text("[data-testid=selected-count]", "2").await;
    let url = browser.client.current_url().await.unwrap();
    assert!(
        url.as_str()
            .ends_with("/distribution?profile=Student&profile=Personnel&profile=Guest"),
        "{url}"
    );
    browser.client.back().await.unwrap();
    browser.wait_text("[data-testid=selected-count]", "4").await;

    // The settings page: what is typed shows in the preview at once, and saving keeps it.
    browser.click("[data-testid=settings-link]").await;
    let ent_name = browser.wait_for("[data-testid=setting-ent-name]").await;
    ent_name.clear().await.unwrap();
    ent_name.send_keys("Mon ENT Test").await.unwrap();
    let help = browser.wait_for("[data-testid=setting-help-text]").await;
    help.clear().await.unwrap();
    help.send_keys("Besoin d'aide ? Secrétariat, bureau 12.")
        .await
        .unwrap();
    let preview = "[data-testid=letter-preview]";
    browser.wait_for(preview).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let text = browser.wait_for(preview).await.text().await.unwrap();
        if text.contains("Mon ENT Test") && text.contains("Secrétariat, bureau 12.") {
            assert!(text.contains("EXEMPLE1"), "the sample pupil's code: {text}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "preview not updated: {text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Relatives of this school get letters after all.
    browser.click("[data-testid=setting-external-Relative]").await;
    browser.audit_accessibility("4-settings").await;
    browser.screenshot("4-settings").await;
    browser.click("[data-testid=settings-save]").await;
    browser.wait_for("[data-testid=settings-saved]").await;

    // A reload reads the settings back from the server.
    browser.client.refresh().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let value = browser
            .wait_for("[data-testid=setting-ent-name]")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        if value == "Mon ENT Test" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "saved ENT name not read back: {value:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    browser.close().await;
}

/// The visible text of the page's `main` element.
async fn page_text(browser: &Browser) -> String {
    browser.wait_for("main").await.text().await.unwrap()
}

#[tokio::test]
async fn each_role_finds_its_way_by_its_links() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::app(&two_schools(dir.path()));
    let browser = Browser::start().await;

    // A local administrator: no « Administration », which would offer them nothing; their own
    // account is under « Mon compte ».
    browser.submit_login(&server.url, "direction", PASSWORD).await;
    browser.wait_for("[data-testid=selected-count]").await;
    browser.wait_for("[data-testid=account-link]").await;
    assert!(browser
        .client
        .find_all(Locator::Css("[data-testid=admins-link]"))
        .await
        .unwrap()
        .is_empty());

    // The central administrator: « Administration », and in its schools table a link to each
    // school's distribution page that says so.
    browser.client.delete_all_cookies().await.unwrap();
    browser.submit_login(&server.url, "rectorat", PASSWORD).await;
    browser.wait_for("[data-testid=selected-count]").await;
    browser.click("[data-testid=admins-link]").await;
    browser.wait_for("[data-testid=school-row]").await;
    let mut links = Vec::new();
    for link in browser
        .client
        .find_all(Locator::Css("[data-testid=school-distribution]"))
        .await
        .unwrap()
    {
        links.push(link.text().await.unwrap());
    }
    assert_eq!(
        links,
        ["Distribuer les identifiants", "Distribuer les identifiants"]
    );
    browser.close().await;
}

#[tokio::test]
async fn the_settings_page_speaks_english_throughout() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::app(&two_schools(dir.path()));
    let browser = Browser::start().await;
    browser.submit_login(&server.url, "direction", PASSWORD).await;
    browser.wait_for("[data-testid=selected-count]").await;

    // The letter settings in English: every label, hint and check of the form.
    browser.click("[data-testid=settings-link]").await;
    browser.wait_for("[data-testid=settings-form]").await;
    browser.click(".lang-switch").await;
    browser
        .wait_text("label[for=offset-x]", "Label offset to the right (mm)")
        .await;
    assert_eq!(
        browser
            .wait_for("label[for=offset-y]")
            .await
            .text()
            .await
            .unwrap(),
        "Label offset downwards (mm)"
    );
    let url = browser.wait_for("[data-testid=setting-login-url]").await;
    url.clear().await.unwrap();
    url.send_keys("http://ent.example.fr").await.unwrap();
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
    browser.audit_accessibility("12-settings-english").await;
    browser.screenshot("12-settings-english").await;
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
    let url = browser.wait_for("[data-testid=setting-login-url]").await;
    url.clear().await.unwrap();
    url.send_keys("https://ent.example.fr").await.unwrap();
    browser.click("[data-testid=settings-save]").await;
    browser.wait_for("[data-testid=settings-saved]").await;
    browser.close().await;
}
