//! End-to-end: the built app, served by the real `sesame` over a seeded SQLite file, in a real
//! headless Chromium. Screenshots of each step land in `target/screenshots/`.
#![cfg(not(target_arch = "wasm32"))]

use sesame_testkit::browser::{Browser, Key, Start, Started};
use sesame_testkit::tools::pdf_text;

/// The example school's server and a browser, signed out.
async fn start() -> Started {
    Start::example().open().await
}

/// Signed in: the distribution page, every account of the example school selected.
async fn signed_in() -> Started {
    Start::example().signed_in("direction", 4).await
}

#[tokio::test]
async fn the_built_app_mounts_and_an_unknown_visitor_is_sent_to_login() {
    let (_dir, server, browser) = start().await;
    browser.goto(&format!("{}/", server.url)).await;
    let title = browser.wait_for("[data-testid=app] h1").await;
    assert_eq!(title.text().await.unwrap(), "Sésame");
    browser.wait_for("[data-testid=login-form]").await;
    // The login field has the focus: the administrator types at once.
    assert_eq!(browser.focused().await, "login-input");
    browser.audit_and_screenshot("0-login").await;

    // While the app downloads, the page says so (a blank page on a slow network otherwise);
    // the app takes the placeholder away once mounted.
    let html = browser
        .script_async(
            "const done = arguments[0]; fetch('/').then(r => r.text()).then(done);",
            &[],
        )
        .await;
    assert!(html.as_str().unwrap().contains("Chargement de Sésame…"));
    assert_eq!(
        browser.count("#boot").await,
        0,
        "the loading placeholder stays after the app mounted"
    );

    // An unknown address says so and offers the way back.
    browser
        .goto_expecting_error(&format!("{}/nulle-part", server.url), "Page introuvable.")
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
    let (_dir, _server, browser) = signed_in().await;
    browser.wait_text("[data-testid=without-email-count]", "2").await;
    assert_eq!(browser.count("[data-testid=user-row]").await, 4);
    browser.audit_and_screenshot("1-selection").await;

    // Pupils only: Zoé Dupré and Łukasz Nguyễn; the URL says so.
    browser.click("[data-testid=filter-profile-Student]").await;
    browser.wait_selected(2).await;
    browser.wait_query("profile=Student").await;
    let url = browser.url().await;
    assert!(url.path().ends_with("/distribution"), "{url}");

    // Search folds accents and case: "lukasz" finds Łukasz.
    browser.type_into("[data-testid=filter-search]", "lukasz").await;
    browser.wait_selected(1).await;
    browser.wait_query("profile=Student&q=lukasz").await;
    browser.audit_and_screenshot("2-check").await;

    // The back button undoes the profile filter (search edits replace their history entry).
    browser.client.back().await.unwrap();
    browser.wait_selected(4).await;

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
    browser.wait_selected(4).await;
    browser.wait_for(since).await.clear().await.unwrap();
    // Claire Martin's account dates from 2023: the three others from 1 September 2025.
    browser.type_into(since, &format!("1/9/2025{}", Key::Tab)).await;
    browser.wait_selected(3).await;
    browser.wait_query("createdSince=2025-09-01").await;
    let shown = browser.value_of(since).await;
    assert_eq!(shown.as_deref(), Some("01/09/2025"));
    assert_eq!(browser.count("[data-testid=error]").await, 0);
    browser.client.back().await.unwrap();
    browser.wait_selected(4).await;

    // Bookmarked selections load as they were; a mistyped address is an error, not "everyone".
    browser.example_bookmarks().await;
    browser.close().await;
}

/// Whether the page fetched any of the PDF worker's files before the school was ready to show
/// (the PDF engine is fetched once the table is drawn and the page idle, never with the page).
async fn worker_fetched_before_the_table(browser: &Browser) -> bool {
    let script = "const ready = performance.getEntriesByName('sesame:school-ready')[0]; \
        return performance.getEntriesByType('resource') \
            .some(e => e.name.includes('/pdf-worker') && (!ready || e.startTime < ready.startTime));";
    browser.script(script).await.as_bool().unwrap()
}

#[tokio::test]
async fn pdfs_are_built_in_the_browser_for_each_template_and_recorded_only_when_marked() {
    let (dir, _server, browser) = signed_in().await;
    assert!(
        !worker_fetched_before_the_table(&browser).await,
        "the PDF worker is fetched with the page"
    );
    for (layout, pages) in [("1", 4), ("2", 2), ("8", 1)] {
        browser
            .example_letters(dir.path(), &format!("letters-{layout}.pdf"), layout, pages)
            .await;
        // Screen readers hear that the PDF is ready: the build ran in the background.
        let status = browser
            .wait_for("[role=status][aria-live=polite]:has([data-testid=pdf-ready])")
            .await;
        assert!(status.text().await.unwrap().starts_with("PDF prêt"));
    }
    browser.audit_and_screenshot("3-distribution").await;

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
        .script("return new Date().toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });")
        .await;
    assert_eq!(
        browser.column_named("lastDistributed").await,
        vec![today.as_str().unwrap(); 4]
    );
    browser.audit_and_screenshot("3b-marked-distributed").await;
    // The server has it too (ids only): the « already distributed » filter, after a reload.
    browser.goto_query("distributed=no").await;
    browser.wait_selected(0).await;
    browser.close().await;
}

#[tokio::test]
async fn characters_no_font_prints_are_reported_before_the_pdf_and_can_be_printed_anyway() {
    let (dir, server, browser) = signed_in().await;
    // The ENT's name, on every letter, in a script DejaVu does not cover (李), and in one only
    // the full DejaVu files have (Գ, Armenian: not in the core cuts the worker fetches first).
    browser.open_settings().await;
    browser
        .replace_text("[data-testid=setting-ent-name]", "ENT 李 Գ")
        .await;
    browser.save_settings().await;
    browser.goto(&format!("{}/", server.url)).await;
    browser.wait_selected(4).await;

    browser.click("[data-testid=generate-pdf]").await;
    let report = browser.text_of("[data-testid=error]").await;
    assert!(report.contains("« 李 » (U+674E)"), "{report}");
    // The worker went on to the full files for the Armenian letter: it prints, so it is not
    // reported.
    assert!(!report.contains("U+0533"), "{report}");
    assert!(report.contains("dans les réglages des courriers"), "{report}");
    browser.click("[data-testid=pdf-print-anyway]").await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "anyway.pdf").await;
    // The text layer keeps the character the font could not draw.
    assert!(pdf_text(&pdf).contains("ENT 李 Գ"));
    browser.close().await;
}
