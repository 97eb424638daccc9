//! End-to-end: the built app, served by the real `sesame` over a seeded SQLite file, in a real
//! headless Chromium. Screenshots of each step land in `target/screenshots/`.
#![cfg(not(target_arch = "wasm32"))]

use sesame_testkit::browser::{Browser, Key, Locator};
use sesame_testkit::school::seed_example;
use sesame_testkit::tools::{page_count, tool};
use sesame_testkit::{Server, Sesame, PASSWORD};

/// A seeded database (kept alive by the returned directory), the server over it, a browser.
async fn start() -> (tempfile::TempDir, Server, Browser) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::app(&seed_example(&Sesame::from_env(), dir.path()));
    (dir, server, Browser::start().await)
}

/// Signs in and waits for the distribution page.
async fn sign_in(browser: &Browser, server: &Server) {
    browser.submit_login(&server.url, "direction", PASSWORD).await;
    browser.wait_text("[data-testid=selected-count]", "4").await;
}

#[tokio::test]
async fn the_built_app_mounts_and_an_unknown_visitor_is_sent_to_login() {
    let (_dir, server, browser) = start().await;
    browser.client.goto(&format!("{}/", server.url)).await.unwrap();
    let title = browser.wait_for("[data-testid=app] h1").await;
    assert_eq!(title.text().await.unwrap(), "Sésame");
    browser.wait_for("[data-testid=login-form]").await;
    // The login field has the focus: the administrator types at once.
    let focused = browser
        .client
        .execute("return document.activeElement.dataset.testid;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "login-input");
    browser.audit_accessibility("0-login").await;
    browser.screenshot("0-login").await;

    // While the app downloads, the page says so (a blank page on a slow network otherwise);
    // the app takes the placeholder away once mounted.
    let html = browser
        .client
        .execute_async(
            "const done = arguments[0]; fetch('/').then(r => r.text()).then(done);",
            vec![],
        )
        .await
        .unwrap();
    assert!(html.as_str().unwrap().contains("Chargement de Sésame…"));
    let boot = browser.client.find_all(Locator::Id("boot")).await.unwrap();
    assert!(
        boot.is_empty(),
        "the loading placeholder stays after the app mounted"
    );

    // An unknown address says so and offers the way back.
    browser
        .client
        .goto(&format!("{}/nulle-part", server.url))
        .await
        .unwrap();
    browser
        .wait_text("[data-testid=error]", "Page introuvable.")
        .await;
    browser.click("[data-testid=back-home]").await;
    browser.wait_for("[data-testid=login-form]").await;
    browser.close().await;
}

#[tokio::test]
async fn a_wrong_password_is_said_in_french() {
    let (_dir, server, browser) = start().await;
    browser.submit_login(&server.url, "direction", "pas le bon").await;
    browser
        .wait_text("[data-testid=error]", "Identifiant ou mot de passe incorrect.")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn filters_change_the_counts_and_live_in_the_url() {
    let (_dir, server, browser) = start().await;
    sign_in(&browser, &server).await;
    browser.wait_text("[data-testid=without-email-count]", "2").await;
    let rows = browser
        .client
        .find_all(Locator::Css("[data-testid=user-row]"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 4);
    browser.audit_accessibility("1-selection").await;
    browser.screenshot("1-selection").await;

    // Pupils only: Zoé Dupré and Łukasz Nguyễn; the URL says so.
    browser.click("[data-testid=filter-profile-Student]").await;
    browser.wait_text("[data-testid=selected-count]", "2").await;
    let url = browser.client.current_url().await.unwrap();
    assert!(url.as_str().ends_with("/distribution?profile=Student"), "{url}");

    // Search folds accents and case: "lukasz" finds Łukasz.
    browser.type_into("[data-testid=filter-search]", "lukasz").await;
    browser.wait_text("[data-testid=selected-count]", "1").await;
    browser.audit_accessibility("2-check").await;
    browser.screenshot("2-check").await;

    // The back button undoes the profile filter (search edits replace their history entry).
    browser.client.back().await.unwrap();
    browser.wait_text("[data-testid=selected-count]", "4").await;

    // Dates are typed and shown day first (JJ/MM/AAAA) whatever the browser's language, where
    // `<input type="date">` followed the browser's locale; the address keeps ISO dates. Text
    // that is no date is said, and applies no date (tests/e2e_page_state.rs: not even the one
    // before).
    let since = "[data-testid=filter-created-since]";
    browser.type_into(since, &format!("31/02/2026{}", Key::Tab)).await;
    browser
        .wait_text(
            "[data-testid=error]",
            "« 31/02/2026 » n’est pas une date : écrivez-la JJ/MM/AAAA, par exemple 01/09/2025. Le filtre \
             « Créés depuis le » est retiré : aucune date n’est appliquée.",
        )
        .await;
    browser.wait_text("[data-testid=selected-count]", "4").await;
    browser.wait_for(since).await.clear().await.unwrap();
    // Claire Martin's account dates from 2023: the three others from 1 September 2025.
    browser.type_into(since, &format!("1/9/2025{}", Key::Tab)).await;
    browser.wait_text("[data-testid=selected-count]", "3").await;
    let dated = browser.client.current_url().await.unwrap();
    assert_eq!(dated.query(), Some("createdSince=2025-09-01"), "{dated}");
    let shown = browser.wait_for(since).await.prop("value").await.unwrap();
    assert_eq!(shown.as_deref(), Some("01/09/2025"));
    assert!(browser
        .client
        .find_all(Locator::Css("[data-testid=error]"))
        .await
        .unwrap()
        .is_empty());
    browser.client.back().await.unwrap();
    browser.wait_text("[data-testid=selected-count]", "4").await;

    // A bookmarked selection loads as it was.
    let structure_path = url.path().to_owned();
    browser
        .client
        .goto(&format!(
            "{}{structure_path}?activation=not-activated",
            server.url
        ))
        .await
        .unwrap();
    browser.wait_text("[data-testid=selected-count]", "2").await;
    browser
        .client
        .goto(&format!(
            "{}{structure_path}?email=without&profile=Relative",
            server.url
        ))
        .await
        .unwrap();
    browser.wait_text("[data-testid=selected-count]", "0").await;
    browser.wait_for("[data-testid=empty]").await;

    // A mistyped address is an error, not "everyone".
    browser
        .client
        .goto(&format!("{}{structure_path}?activaton=yes", server.url))
        .await
        .unwrap();
    browser
        .wait_text(
            "[data-testid=error]",
            "Adresse de sélection invalide : paramètre inconnu « activaton » dans l’adresse",
        )
        .await;
    browser.close().await;
}

/// Whether the page fetched any of the PDF worker's files before the school was ready to show
/// (the PDF engine is fetched once the table is drawn and the page idle, never with the page).
async fn worker_fetched_before_the_table(browser: &Browser) -> bool {
    let script = "const ready = performance.getEntriesByName('sesame:school-ready')[0]; \
        return performance.getEntriesByType('resource') \
            .some(e => e.name.includes('/pdf-worker') && (!ready || e.startTime < ready.startTime));";
    browser
        .client
        .execute(script, vec![])
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

#[tokio::test]
async fn pdfs_are_built_in_the_browser_for_each_template_and_recorded_only_when_marked() {
    let (dir, server, browser) = start().await;
    sign_in(&browser, &server).await;
    assert!(
        !worker_fetched_before_the_table(&browser).await,
        "the PDF worker is fetched with the page"
    );
    for (layout, pages) in [("1", 4), ("2", 2), ("8", 1)] {
        browser.click(&format!("[data-testid=layout-{layout}]")).await;
        browser.click("[data-testid=generate-pdf]").await;
        let (pdf, download) = browser
            .generated_pdf(dir.path(), &format!("letters-{layout}.pdf"))
            .await;
        assert!(
            download.starts_with("identifiants-ecole-jean-jaures-") && download.ends_with(".pdf"),
            "{download}"
        );
        assert_eq!(page_count(&pdf), pages, "layout {layout}");
        let text = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
        for expected in [
            "Łukasz",
            "Nguyễn",
            "Zoé",
            "Dupré",
            "zoe.dupre",
            "AB12CD34",
            "K9P2X7QL",
        ] {
            assert!(
                text.contains(expected),
                "layout {layout}: {expected} missing from\n{text}"
            );
        }
        // Screen readers hear that the PDF is ready: the build ran in the background.
        browser
            .wait_text("[data-testid=pdf-ready]", &format!("Télécharger {download}"))
            .await;
        let status = browser
            .wait_for("[role=status][aria-live=polite]:has([data-testid=pdf-ready])")
            .await;
        assert!(status.text().await.unwrap().starts_with("PDF prêt"));
    }
    browser.audit_accessibility("3-distribution").await;
    browser.screenshot("3-distribution").await;

    // Building PDFs recorded nothing: they may have been previews.
    assert_eq!(
        browser.column_named("lastDistributed").await,
        ["", "", "", ""],
        "no « Dernière distribution » yet"
    );
    // Saying so records the four accounts, and the table shows it at once.
    browser
        .wait_text(
            "[data-testid=mark-distributed]",
            "Marquer ces 4 comptes comme distribués",
        )
        .await;
    browser.click("[data-testid=mark-distributed]").await;
    browser
        .wait_text("[data-testid=marked]", "4 comptes marqués comme distribués.")
        .await;
    // The table shows dates in the school's time zone (Paris for the fixture), not the
    // browser's: near midnight UTC the two are different days.
    let today = browser
        .client
        .execute(
            "return new Date().toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        browser.column_named("lastDistributed").await,
        vec![today.as_str().unwrap(); 4]
    );
    browser.audit_accessibility("3b-marked-distributed").await;
    browser.screenshot("3b-marked-distributed").await;
    // The server has it too (ids only): the « already distributed » filter, after a reload.
    let url = browser.client.current_url().await.unwrap();
    browser
        .client
        .goto(&format!("{}{}?distributed=no", server.url, url.path()))
        .await
        .unwrap();
    browser.wait_text("[data-testid=selected-count]", "0").await;
    browser.close().await;
}

#[tokio::test]
async fn characters_no_font_prints_are_reported_before_the_pdf_and_can_be_printed_anyway() {
    let (dir, server, browser) = start().await;
    sign_in(&browser, &server).await;
    // The ENT's name, on every letter, in a script DejaVu does not cover (李), and in one only
    // the full DejaVu files have (Գ, Armenian: not in the core cuts the worker fetches first).
    browser.click("[data-testid=settings-link]").await;
    let ent_name = browser.wait_for("[data-testid=setting-ent-name]").await;
    ent_name.clear().await.unwrap();
    ent_name.send_keys("ENT 李 Գ").await.unwrap();
    browser.click("[data-testid=settings-save]").await;
    browser.wait_for("[data-testid=settings-saved]").await;
    browser.client.goto(&format!("{}/", server.url)).await.unwrap();
    browser.wait_text("[data-testid=selected-count]", "4").await;

    browser.click("[data-testid=generate-pdf]").await;
    let report = browser
        .wait_for("[data-testid=error]")
        .await
        .text()
        .await
        .unwrap();
    assert!(report.contains("« 李 » (U+674E)"), "{report}");
    // The worker went on to the full files for the Armenian letter: it prints, so it is not
    // reported.
    assert!(!report.contains("U+0533"), "{report}");
    assert!(report.contains("dans les réglages des courriers"), "{report}");
    browser.click("[data-testid=pdf-print-anyway]").await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "anyway.pdf").await;
    // The text layer keeps the character the font could not draw.
    assert!(tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]).contains("ENT 李 Գ"));
    browser.close().await;
}
