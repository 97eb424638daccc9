//! End-to-end: the built app, served by the real `sesame` over a seeded SQLite file, in a real
//! headless Chromium. Screenshots of each step land in `target/screenshots/`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{seed, Browser, Server, PASSWORD};

/// A seeded database (kept alive by the returned directory), the server over it, a browser.
async fn start() -> (tempfile::TempDir, Server, Browser) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&seed(dir.path()));
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
    browser.screenshot("0-login").await;
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

/// The bytes behind the `pdf-ready` link, read through the page (the PDF never touches the
/// server), written to `dir`.
async fn generated_pdf(browser: &Browser, dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let link = browser.wait_for("[data-testid=pdf-ready]").await;
    let url = link.attr("href").await.unwrap().expect("a blob address");
    let download = link.attr("download").await.unwrap().unwrap();
    assert!(
        download.starts_with("identifiants-ecole-jean-jaures-") && download.ends_with(".pdf"),
        "{download}"
    );
    let bytes = browser.blob_bytes(&url).await;
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn tool(program: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whether the page has fetched any of the PDF worker's files (issue 6: the PDF engine is
/// downloaded on the first PDF only, so not with the page).
async fn worker_loaded(browser: &Browser) -> bool {
    let script = "return performance.getEntriesByType('resource').some(e => e.name.includes('/pdf-worker'));";
    browser
        .client
        .execute(script, vec![])
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

#[tokio::test]
async fn pdfs_are_built_in_the_browser_for_each_template() {
    let (dir, server, browser) = start().await;
    sign_in(&browser, &server).await;
    assert!(
        !worker_loaded(&browser).await,
        "the PDF worker is fetched before it is needed"
    );
    for (layout, pages) in [("1", 4), ("2", 2), ("8", 1)] {
        browser.click(&format!("[data-testid=layout-{layout}]")).await;
        browser.click("[data-testid=generate-pdf]").await;
        let pdf = generated_pdf(&browser, dir.path(), &format!("letters-{layout}.pdf")).await;
        let path = pdf.to_str().unwrap();
        assert!(tool("qpdf", &["--check", path]).contains("No syntax or stream encoding errors"));
        let info = tool("pdfinfo", &[path]);
        let counted: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert_eq!(counted, pages, "layout {layout}");
        let text = tool("pdftotext", &["-raw", path, "-"]);
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
    }
    browser.screenshot("3-distribution").await;
    // The server logged the distribution (ids only): every account is now "already distributed".
    let url = browser.client.current_url().await.unwrap();
    browser
        .client
        .goto(&format!("{}{}?distributed=yes", server.url, url.path()))
        .await
        .unwrap();
    browser.wait_text("[data-testid=selected-count]", "4").await;
    browser.close().await;
}

#[tokio::test]
async fn characters_no_font_prints_are_reported_before_the_pdf_and_can_be_printed_anyway() {
    let (dir, server, browser) = start().await;
    sign_in(&browser, &server).await;
    // The ENT's name, on every letter, in a script DejaVu does not cover.
    browser.click("[data-testid=settings-link]").await;
    let ent_name = browser.wait_for("[data-testid=setting-ent-name]").await;
    ent_name.clear().await.unwrap();
    ent_name.send_keys("ENT 李").await.unwrap();
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
    assert!(report.contains("dans les réglages des courriers"), "{report}");
    browser.click("[data-testid=pdf-print-anyway]").await;
    let pdf = generated_pdf(&browser, dir.path(), "anyway.pdf").await;
    let path = pdf.to_str().unwrap();
    assert!(tool("qpdf", &["--check", path]).contains("No syntax or stream encoding errors"));
    // The text layer keeps the character the font could not draw.
    assert!(tool("pdftotext", &["-raw", path, "-"]).contains("ENT 李"));
    browser.close().await;
}
