//! End-to-end, local mode: the ENT's export opened in the browser at `/local`, with no
//! account and no server data, in a real headless Chromium — served as plain static files by
//! Python's `http.server` (no `sesame` process at all) and by `sesame serve` under its real
//! Content-Security-Policy.
//!
//! The browser records every network request the page makes (DevTools protocol events), and
//! the static server every request it answers — the workers' too —, from opening the page to
//! the last PDF: only GETs of the app's own static files, none to `/api/`, none carrying a body
//! or a query. The PDFs are checked with `qpdf --check` and `pdftotext`
//! (every login and code of the selection), a broken file shows its bad lines as core words
//! them (`ligne N (Prénom Nom) : raison`, in the interface's language), and the letter settings
//! go through a file the administrator keeps. The letters wait for what they need — the
//! school's name and the sign-in address — asked for before the first PDF, never printed as a
//! placeholder.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use sesame_core::Lang;
use sesame_testkit::browser::{Browser, Request, Start};
use sesame_testkit::school::{app_dist, fixture, school_csv};
use sesame_testkit::static_site::StaticSite;
use sesame_testkit::tools::{assert_valid_pdf, pdf_text};

/// 245 pupils, 49 relatives, 4 teachers and 2 guests: 300 accounts.
const PUPILS: usize = 245;
const ACCOUNTS: usize = 300;

/// Local mode's page, served by a plain static server (returned: it serves while kept), opened
/// in `browser`.
async fn open_local(browser: &Browser) -> StaticSite {
    let site = StaticSite::serve(&app_dist());
    browser.goto(&format!("{}/local.html", site.url)).await;
    site
}

/// Opens `csv` (a good file) and returns what the page says it read: the file's name, its
/// accounts, its encoding and separator.
async fn load_file(browser: &Browser, csv: &Path) -> String {
    browser.open_local_file(csv).await;
    browser.text_of("[data-testid=local-loaded]").await
}

/// Builds the PDF of the selection in `layout` (1, 2 or 8 per page), saves it to `dir/name`
/// (checked by `qpdf --check`) and returns its text.
async fn build_pdf(browser: &Browser, layout: usize, dir: &Path, name: &str) -> String {
    browser.click(&format!("[data-testid=layout-{layout}]")).await;
    browser.click("[data-testid=generate-pdf]").await;
    let (path, _) = browser.generated_pdf(dir, name).await;
    assert_valid_pdf(&path);
    pdf_text(&path)
}

/// Chromium's built-in PDF viewer, which the PDF preview's frame opens: part of the browser.
const PDF_VIEWER: &str = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/";

/// Every request is a GET of one of the app's own static files at `origin` — the page, its
/// scripts and modules, the style sheet, the fonts, the site's icon — with no body and nothing in the address
/// beyond the file's path; or the read of a `blob:` of the page itself (a PDF built here), or
/// of a `data:` address or of the browser's PDF viewer (no network at all).
fn assert_only_static_files(requests: &[Request], origin: &str) {
    assert!(!requests.is_empty(), "no request recorded at all");
    for r in requests {
        // A `data:` address is read in the browser, never sent: Chromium's own date-field
        // calendar icon is one. Chromium's PDF viewer (a built-in extension) shows the preview.
        if r.url.starts_with("data:") || r.url.starts_with(PDF_VIEWER) {
            assert_eq!(r.method, "GET", "{r:?}");
            continue;
        }
        if let Some(rest) = r.url.strip_prefix("blob:") {
            assert!(
                rest.starts_with(&format!("{origin}/")),
                "a blob of another origin: {r:?}"
            );
            continue;
        }
        assert_eq!(r.method, "GET", "{r:?}");
        assert_eq!(r.body, None, "a request with a body: {r:?}");
        let path = r
            .url
            .strip_prefix(origin)
            .unwrap_or_else(|| panic!("a request to another origin: {r:?}"));
        assert!(is_static_file(path), "not one of the app's static files: {r:?}");
    }
}

/// `path` (from the origin on) is one of the app's own static files, with nothing in the
/// address beyond it: no query, no fragment, nothing under `/api/`.
fn is_static_file(path: &str) -> bool {
    if path.contains(['?', '#']) || path.starts_with("/api/") {
        return false;
    }
    let file = path.rsplit('/').next().unwrap_or_default();
    // `/favicon.ico`: the browser asks any site for its icon on its own.
    matches!(path, "/local" | "/local.html" | "/favicon.ico")
        || [".js", ".wasm", ".css"].iter().any(|x| file.ends_with(x)) && !path[1..].contains('/')
        || path.starts_with("/fonts/") && file.ends_with(".ttf")
}

/// No storage of the browser holds anything but preferences — the interface's language and the
/// check table's columns (their names only) —: not a code, not a login, not the file.
async fn assert_nothing_stored(browser: &Browser) {
    let stored = browser
        .script_async(
            "const done = arguments[0]; \
             const local = Object.keys(localStorage).filter(k => k !== 'sesame.columns'); \
             const columns = localStorage.getItem('sesame.columns') || ''; \
             const session = Object.keys(sessionStorage); \
             indexedDB.databases().then(dbs => caches.keys().then(c => \
               done([local, /^[a-zA-Z,]*$/.test(columns), session, dbs.map(d => d.name), c])));",
            &[],
        )
        .await;
    assert_eq!(
        stored,
        serde_json::json!([["sesame.lang"], true, [], [], []]),
        "the browser stores more than preferences"
    );
}

#[tokio::test]
async fn from_a_plain_static_server_nothing_leaves_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("export-ent.csv");
    std::fs::write(&csv, school_csv(PUPILS)).unwrap();
    let browser = Browser::start_recording().await;
    let site = open_local(&browser).await;
    browser.wait_for("[data-testid=local-file]").await;
    browser.wait_for("[data-testid=local-privacy]").await;
    browser.audit_and_screenshot("6-local-open").await;

    // A static host knows no signed-in app: no way back to one is offered.
    assert_eq!(browser.count("[data-testid=back-to-sesame]").await, 0);

    let loaded = load_file(&browser, &csv).await;
    assert_eq!(
        loaded,
        "« export-ent.csv » : 300 comptes (UTF-8, séparateur « ; »)."
    );
    // The letters need the school's name and the sign-in address: asked for before anything
    // can be printed — the form open, the two fields marked, the focus on the first — and no
    // letter meanwhile (no table, no « Générer le PDF »).
    let asked = browser.text_of("[data-testid=local-needs-settings]").await;
    assert!(asked.contains("le nom de l’établissement"), "{asked}");
    let missing = browser.text_of("[data-testid=settings-missing]").await;
    assert_eq!(
        missing,
        "Les lettres ne peuvent pas être imprimées sans : « Nom de l’établissement », « Adresse de connexion »."
    );
    browser.focus_comes_to("[data-testid=setting-school-name]").await;
    assert!(browser
        .wait_for("[data-testid=setting-school-name]")
        .await
        .is_displayed()
        .await
        .unwrap());
    assert_eq!(browser.count("[data-testid=generate-pdf]").await, 0);
    assert_eq!(browser.count("[data-testid=user-row]").await, 0);
    browser.audit_and_screenshot("6f-local-needs-settings").await;
    browser
        .type_into("[data-testid=setting-school-name]", "École des Tilleuls")
        .await;
    browser
        .wait_text(
            "[data-testid=settings-missing]",
            "Les lettres ne peuvent pas être imprimées sans : « Adresse de connexion ».",
        )
        .await;
    assert_eq!(browser.count("[data-testid=generate-pdf]").await, 0);
    browser
        .type_into("[data-testid=setting-login-url]", "https://ent.example.fr")
        .await;
    browser.wait_selected(ACCOUNTS).await;
    assert_eq!(browser.count("[data-testid=local-needs-settings]").await, 0);
    // No distribution log here: neither its filter nor its column; e-mail is not offered, and
    // the page says why.
    assert_eq!(browser.count("[data-testid=filter-distributed]").await, 0);
    let mail = browser.text_of("[data-testid=mail-local]").await;
    assert!(mail.contains("rien ne quitte ce navigateur"), "{mail}");
    assert_eq!(browser.count("[data-testid=send-mail]").await, 0);
    browser.audit_and_screenshot("6a-local-loaded").await;
    // The table holds every account of the file, each once (by login: a column to show).
    browser.show_column("login").await;
    browser.assert_table_holds(&school_csv(PUPILS), ACCOUNTS).await;
    browser
        .script("document.querySelector('[data-testid=table-scroll]').scrollIntoView();")
        .await;
    browser.audit_and_screenshot("6e-local-table-scrolled").await;

    // Pupils of CM2 A (one pupil in four), as the address says: the class by its name.
    browser.click("[data-testid=filter-profile-Student]").await;
    browser.wait_selected(245).await;
    browser.tick_class("CM2 A").await;
    browser.wait_selected(62).await;
    browser.wait_query("profile=Student&class=CM2+A").await;
    assert_eq!(browser.path().await, "/local.html");
    // The search and the sort, as on the server page.
    // Martin is every twelfth pupil: 0, 12, … 240 — all in CM2 A (every fourth).
    browser.type_into("[data-testid=filter-search]", "martin").await;
    browser.wait_selected(21).await;
    browser.search_expecting("", 62).await;
    browser.click("[data-testid=sort-column]").await;
    browser.wait_for("[data-testid=column-sort-hint]").await;

    // Cards, 8 per page: every pupil of CM2 A with their code (every third is activated), and
    // what the settings say — never « (adresse non renseignée) » — in a file named after the
    // school.
    let cards = build_pdf(&browser, 8, dir.path(), "cm2a.pdf").await;
    let offered = browser
        .wait_for("[data-testid=pdf-ready]")
        .await
        .attr("download")
        .await
        .unwrap()
        .unwrap();
    assert!(
        offered.starts_with("identifiants-ecole-des-tilleuls-cm2-a-"),
        "{offered}"
    );
    assert!(
        cards.contains("École des Tilleuls"),
        "no school's name on the cards"
    );
    assert!(
        cards.contains("https://ent.example.fr"),
        "no address on the cards"
    );
    assert!(!cards.contains("non renseignée"), "a placeholder was printed");
    for i in (0..PUPILS).step_by(4) {
        assert!(cards.contains(&format!("eleve.{i:03}")), "eleve.{i:03} missing");
        if i % 3 != 0 {
            assert!(
                cards.contains(&format!("EL{i:03}X{:02}", i % 97)),
                "code of eleve.{i:03} missing"
            );
        }
    }
    browser.audit_and_screenshot("6c-local-pdf").await;

    // The relatives, two letters per page, in another PDF.
    browser.click("[data-testid=filter-profile-Student]").await;
    browser.tick_class("CM2 A").await;
    browser.click("[data-testid=filter-profile-Relative]").await;
    browser.wait_selected(49).await;
    let letters = build_pdf(&browser, 2, dir.path(), "parents.pdf").await;
    for i in (0..PUPILS).step_by(5) {
        assert!(
            letters.contains(&format!("parent.{i:03}")),
            "parent.{i:03} missing"
        );
        assert!(
            letters.contains(&format!("PA{i:03}RE")),
            "code of parent.{i:03} missing"
        );
    }

    let requests = browser.requests().await;
    assert_only_static_files(&requests, &site.url);
    // The workers' own requests (their modules, the PDF worker's fonts) are not in the page's
    // DevTools log: the static server's log of every request it answered has them, and they
    // too are GETs of static files, with nothing in the address.
    let served = site.requests();
    for (method, path) in &served {
        assert_eq!(method, "GET", "{method} {path}");
        assert!(
            is_static_file(path),
            "not one of the app's static files: {method} {path}"
        );
    }
    for seen in [
        "/import-worker_loader.js",
        "/import-worker_bg.wasm",
        "/pdf-worker_bg.wasm",
        // The fonts' core cuts: the file's names are all Latin, Greek or Cyrillic.
        "/fonts/DejaVuSans-core.ttf",
    ] {
        assert!(
            served.iter().any(|(_, path)| path == seen),
            "{seen} not served: {served:#?}"
        );
    }
    // And the page's own: the browser's log and the server's agree.
    assert!(
        requests
            .iter()
            .any(|r| r.url.ends_with("/import-worker_loader.js")),
        "{requests:#?}"
    );
    assert_nothing_stored(&browser).await;

    // A reload forgets the file: memory only.
    browser.client.refresh().await.unwrap();
    browser.wait_for("[data-testid=local-file]").await;
    assert_eq!(browser.count("[data-testid=user-row]").await, 0);
    browser.close().await;
}

#[tokio::test]
async fn a_broken_file_shows_its_bad_lines_and_a_good_one_replaces_it() {
    let browser = Browser::start().await;
    let _site = open_local(&browser).await;
    browser.open_local_file(&fixture("broken.csv")).await;
    // Exactly what core says of the file, line by line (`ligne N (Prénom Nom) : raison`); in
    // English, core's English words for the same lines; and back.
    let bytes = std::fs::read(fixture("broken.csv")).unwrap();
    let lines = match sesame_core::import::parse_csv(&bytes, sesame_core::SchoolTimeZone::EuropeParis) {
        Err(sesame_core::import::ImportError::Lines(lines)) => lines,
        other => panic!("broken.csv read as {other:?}"),
    };
    for (lang, line_3) in [
        (Lang::Fr, "ligne 3 (Léo Martin) : profil inconnu « Pupil »"),
        (Lang::En, "line 3 (Léo Martin): unknown profile “Pupil”"),
    ] {
        let expected: Vec<String> = lines.iter().map(|l| l.message(lang)).collect();
        browser
            .wait_text("[data-testid=import-error-line]", &expected[0])
            .await;
        let shown = browser.texts("[data-testid=import-error-line]").await;
        assert_eq!(shown, expected, "{lang:?}");
        assert!(shown.iter().any(|l| l.starts_with(line_3)), "{lang:?}: {shown:?}");
        browser.click(".lang-switch").await;
    }
    assert_eq!(browser.count("[data-testid=user-row]").await, 0);
    browser.audit_and_screenshot("6b-local-broken-file").await;

    // The corrected file (here, another one) replaces the errors with its accounts.
    browser.open_local_file(&fixture("example.csv")).await;
    browser.wait_for("[data-testid=local-needs-settings]").await;
    browser.give_the_letters_what_they_need("École Jean-Jaurès").await;
    browser.wait_selected(4).await;
    assert_eq!(browser.count("[data-testid=import-error-line]").await, 0);
    browser.close().await;
}

#[tokio::test]
async fn under_sesame_serve_a_windows_1252_export_prints_with_settings_kept_in_a_file() {
    let (dir, server, browser) = Start::example().recording().open().await;
    browser.goto(&format!("{}/local", server.url)).await;

    // Served by Sésame: a plain link back to the signed-in app (whether there is a session is
    // not asked: that would be a request).
    let back = browser.wait_for("[data-testid=back-to-sesame]").await;
    assert_eq!(back.text().await.unwrap(), "Retour à Sésame");
    assert_eq!(back.attr("href").await.unwrap().as_deref(), Some("/"));

    // French Excel's CSV: Windows-1252, accents read right.
    let loaded = load_file(&browser, &fixture("ent-export-cp1252.csv")).await;
    assert!(loaded.contains("(Windows-1252, séparateur « ; »)"), "{loaded}");

    // The letter settings, typed on the page, saved as a file, forgotten by a reload, loaded back.
    browser
        .type_into("[data-testid=setting-school-name]", "École des Tilleuls")
        .await;
    browser
        .type_into("[data-testid=setting-ent-name]", "Mon ENT local")
        .await;
    browser
        .type_into("[data-testid=setting-login-url]", "http://ent.example.fr")
        .await;
    browser
        .wait_for("[data-testid=settings-form] [data-testid=error]")
        .await;
    browser
        .replace_text("[data-testid=setting-login-url]", "https://ent.example.fr")
        .await;
    browser.wait_for("[data-testid=user-row]").await;
    assert!(browser.column(3).await.iter().any(|n| n == "Lefèvre"));
    browser.audit_and_screenshot("6d-local-settings").await;
    browser.click("[data-testid=settings-save-file]").await;
    let saved = browser.downloaded("reglages-sesame.json").await;
    let saved_text = String::from_utf8(saved).unwrap();
    assert!(
        saved_text.contains("\"entName\": \"Mon ENT local\""),
        "{saved_text}"
    );
    assert!(
        !saved_text.contains("zoe.dupre") && !saved_text.contains("AB12CD34"),
        "{saved_text}"
    );

    browser.client.refresh().await.unwrap();
    let settings_file = browser.downloads().join("reglages-sesame.json");
    browser
        .type_into(
            "[data-testid=settings-load-file]",
            settings_file.to_str().unwrap(),
        )
        .await;
    browser.wait_for("[data-testid=settings-loaded]").await;
    let school = browser.wait_for("[data-testid=setting-school-name]").await;
    assert_eq!(
        school.prop("value").await.unwrap().as_deref(),
        Some("École des Tilleuls")
    );

    browser.open_local_file(&fixture("ent-export-cp1252.csv")).await;
    browser.wait_for("[data-testid=user-row]").await;
    let text = build_pdf(&browser, 1, dir.path(), "lettres.pdf").await;
    for expected in [
        "École des Tilleuls",
        "Mon ENT local",
        "https://ent.example.fr",
        "Lefèvre",
        "zoe.dupre",
        "AB12CD34",
    ] {
        assert!(text.contains(expected), "{expected} missing from the letters");
    }

    // Not even the session was asked of the server.
    let requests = browser.requests().await;
    assert_only_static_files(&requests, &server.url);
    // `close` fails on any Content-Security-Policy violation under the server's real policy.
    browser.close().await;
}
