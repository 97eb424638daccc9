//! End-to-end: the built app, served by the real `sesame` over a seeded SQLite file, in a real
//! headless Chromium. Screenshots of each step land in `target/screenshots/`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{seed, Browser, Server, PASSWORD};

/// Signs in as the seeded local administrator and waits for the distribution page.
async fn sign_in(browser: &Browser, server: &Server) {
    browser
        .client
        .goto(&format!("{}/login", server.url))
        .await
        .unwrap();
    browser.type_into("[data-testid=login-input]", "direction").await;
    browser.type_into("[data-testid=password-input]", PASSWORD).await;
    browser.click("[data-testid=login-submit]").await;
    browser.wait_text("[data-testid=selected-count]", "4").await;
}

#[tokio::test]
async fn the_built_app_mounts_and_an_unknown_visitor_is_sent_to_login() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&seed(dir.path()));
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/", server.url)).await.unwrap();
    let title = browser.wait_for("[data-testid=app] h1").await;
    assert_eq!(title.text().await.unwrap(), "Sésame");
    browser.wait_for("[data-testid=login-form]").await;
    browser.screenshot("0-login").await;
    browser.close().await;
}

#[tokio::test]
async fn a_wrong_password_is_said_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&seed(dir.path()));
    let browser = Browser::start().await;
    browser
        .client
        .goto(&format!("{}/login", server.url))
        .await
        .unwrap();
    browser.type_into("[data-testid=login-input]", "direction").await;
    browser
        .type_into("[data-testid=password-input]", "pas le bon")
        .await;
    browser.click("[data-testid=login-submit]").await;
    browser
        .wait_text("[data-testid=error]", "Identifiant ou mot de passe incorrect.")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn filters_change_the_counts_and_live_in_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&seed(dir.path()));
    let browser = Browser::start().await;
    sign_in(&browser, &server).await;
    browser.wait_text("[data-testid=without-email-count]", "2").await;
    let rows = browser
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=user-row]"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 4);
    browser.screenshot("1-selection").await;

    // Pupils only: Zoé Dupré and Łukasz Nguyễn; the URL says so.
    browser.click("[data-testid=filter-profile-Student]").await;
    browser.wait_text("[data-testid=selected-count]", "2").await;
    let url = browser.client.current_url().await.unwrap();
    assert!(url.as_str().ends_with("/distribution?profile=Student"), "{url}");

    // Search folds accents and case: "lukasz" finds Łukasz.
    browser.type_into("[data-testid=filter-search]", "lukasz").await;
    browser.wait_text("[data-testid=selected-count]", "1").await;
    browser.screenshot("2-check").await;

    // The back button undoes the profile filter (search edits replace their history entry).
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
            "Adresse de sélection invalide : paramètre inconnu « activaton » dans l'adresse",
        )
        .await;
    browser.close().await;
}
