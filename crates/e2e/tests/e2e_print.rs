//! End-to-end, the print products in a real headless Chromium against the real `sesame`:
//! a sticker sheet chosen in step 3 (its address word, « commencer à l’étiquette n° », the PDF
//! valid and exact, its test page), « Un PDF par classe » (a ZIP of valid PDFs, one per class,
//! every account in exactly one), « Exporter en CSV » (a warning first, then a file the import
//! parser reads back, marked in the log as `csv` only when the administrator says so), and the
//! calibration offset saved in the settings.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Read;

use sesame_testkit::browser::{Browser, Start, Started};
use sesame_testkit::tools::{assert_valid_pdf, page_count, pdf_text};

/// 60 pupils, 12 relatives, 4 teachers and 2 guests.
const PUPILS: usize = 60;
const ACCOUNTS: usize = 78;

async fn start() -> Started {
    Start::school(PUPILS).signed_in("direction", ACCOUNTS).await
}

/// The structure's id, from the distribution page's address.
async fn structure_id(browser: &Browser) -> String {
    let path = browser.path().await;
    path.split('/').nth(2).unwrap().to_owned()
}

/// `GET path` through the page (its session cookie), as JSON.
async fn api_get(browser: &Browser, path: &str) -> serde_json::Value {
    let script = "const [path, done] = arguments; fetch(path).then(r => r.json()).then(done).catch(e => done({error: String(e)}));";
    browser.script_async(script, &[path]).await
}

async fn link_bytes(browser: &Browser, css: &str) -> (Vec<u8>, String) {
    let link = browser.wait_for(css).await;
    let url = link.attr("href").await.unwrap().expect("a blob address");
    let name = link.attr("download").await.unwrap().unwrap_or_default();
    (browser.blob_bytes(&url).await, name)
}

#[tokio::test]
async fn a_sticker_sheet_from_a_given_label_and_its_test_page() {
    let (dir, _server, browser) = start().await;
    browser.click("[data-testid=layout-sheets]").await;
    browser.wait_for("[data-testid=layout-sheet]").await;
    browser.select("[data-testid=layout-sheet]", "L7163").await;
    browser.wait_query("layout=L7163").await;
    // Thirteen labels already used: the first sheet holds the last one only.
    browser.replace_text("[data-testid=first-label]", "14\t").await;
    browser.scroll_into_view(".sheet-options").await;
    browser.audit_and_screenshot("3c-sticker-sheet").await;
    browser.click("[data-testid=generate-pdf]").await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "labels.pdf").await;
    // 1 + 77 labels: one sheet with label 14, then 6 sheets of 14 (5.5 rounded up).
    assert_eq!(page_count(&pdf), 7);
    let text = pdf_text(&pdf);
    for login in ["eleve.001", "parent.000", "prof.1", "invite.1"] {
        assert!(text.contains(login), "{login} not on the labels");
    }

    browser.click("[data-testid=test-page]").await;
    let (bytes, name) = link_bytes(&browser, "[data-testid=test-page-ready]").await;
    assert_eq!(name, "page-de-test-L7163.pdf");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    assert_valid_pdf(&path);
    assert_eq!(page_count(&path), 1);
    assert!(pdf_text(&path).contains("Page de test — Avery L7163"));
    browser.close().await;
}

/// Whether the text shown in the closed `<select>` `css` fits its box (measured with the
/// select's own font, less room for its arrow).
async fn select_text_fits(browser: &Browser, css: &str) -> (bool, String) {
    let script = format!(
        "const s = document.querySelector('{css}'); const c = getComputedStyle(s); \
         const span = document.createElement('span'); span.style.font = c.font; span.style.whiteSpace = 'pre'; \
         span.textContent = s.options[s.selectedIndex].text; document.body.appendChild(span); \
         const text = span.getBoundingClientRect().width; span.remove(); \
         const room = s.clientWidth - parseFloat(c.paddingLeft) - parseFloat(c.paddingRight) - 20; \
         return [text <= room, `${{s.options[s.selectedIndex].text}}: ${{text}} px in ${{room}}`];"
    );
    let value = browser.script(&script).await;
    serde_json::from_value(value).unwrap()
}

/// On a sheet the QR code step 3 offers was ticked and silently not printed: it is not offered
/// there, with the reason, and comes back on paper. The sheets' names are read whole, even on
/// a 1024-pixel screen.
#[tokio::test]
async fn a_sheet_says_why_it_prints_no_qr_code_and_its_name_is_read_whole() {
    let (_dir, _server, browser) = start().await;
    browser.client.set_window_size(1024, 768).await.unwrap();
    browser.goto_query("layout=L7163&qr=address").await;
    let qr = browser.wait_for("[data-testid=qr]").await;
    assert!(
        qr.attr("disabled").await.unwrap().is_some(),
        "not offered on a sheet"
    );
    assert_eq!(qr.prop("checked").await.unwrap().as_deref(), Some("false"));
    browser
        .wait_text(
            "[data-testid=qr-none]",
            "Pas de QR code sur une planche : une étiquette ou une carte n’a pas la place d’un code \
             qu’un téléphone lise à coup sûr. Il s’imprime sur papier (1, 2 ou 8 par page).",
        )
        .await;
    browser
        .wait_text(
            "[data-testid=sheet-geometry]",
            "14 étiquettes de 99,1 × 38,1 mm par page",
        )
        .await;
    for sheet in ["L7160", "L7163", "L7159", "Z3474", "card"] {
        browser.select("[data-testid=layout-sheet]", sheet).await;
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let (fits, said) = select_text_fits(&browser, "[data-testid=layout-sheet]").await;
        assert!(fits, "cut at 1024 px: {said}");
    }
    // Back on paper, the QR code the address asked for is there again.
    browser.click("[data-testid=layout-8]").await;
    browser.wait_for("[data-testid=qr]:not([disabled])").await;
    assert!(browser.is_checked("[data-testid=qr]").await);
    assert_eq!(browser.count("[data-testid=qr-none]").await, 0);
    browser.close().await;
}

#[tokio::test]
async fn one_pdf_per_class_in_a_zip_and_each_account_in_one_file() {
    let (dir, _server, browser) = start().await;
    browser.click("[data-testid=generate-zip]").await;
    let (bytes, name) = link_bytes(&browser, "[data-testid=zip-ready]").await;
    assert!(
        name.starts_with("identifiants-ecole-jean-jaures-par-classe-") && name.ends_with(".zip"),
        "{name}"
    );
    browser.scroll_into_view(".class-zip").await;
    browser.audit_and_screenshot("3d-zip-ready").await;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    for class in ["cm2-a", "cm2-b", "cm1-a", "ce2-a"] {
        assert!(
            names.contains(&format!("identifiants-ecole-jean-jaures-{class}.pdf")),
            "{class} missing from {names:?}"
        );
    }
    let mut logins = Vec::new();
    for name in &names {
        let mut bytes = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_valid_pdf(&path);
        let text = pdf_text(&path);
        assert!(
            text.contains("Identifiants à remettre") && text.contains("À remettre par"),
            "{name}"
        );
        // Each letter once (its login is on the letter and on the sign-off sheet).
        logins.extend(
            text.split_whitespace()
                .filter(|w| {
                    w.starts_with("eleve.")
                        || w.starts_with("parent.")
                        || w.starts_with("prof.")
                        || w.starts_with("invite.")
                })
                .map(str::to_owned),
        );
    }
    logins.sort();
    logins.dedup();
    assert_eq!(logins.len(), ACCOUNTS, "every account in a file");
    // Building the ZIP recorded nothing; marking does.
    let id = structure_id(&browser).await;
    let log = api_get(&browser, &format!("/api/structures/{id}/distributions")).await;
    assert_eq!(log.as_array().map(Vec::len), Some(0), "{log}");
    browser.click(".class-zip [data-testid=mark-distributed]").await;
    browser.wait_for(".class-zip [data-testid=marked]").await;
    let log = api_get(&browser, &format!("/api/structures/{id}/distributions")).await;
    assert_eq!(log[0]["channel"], "pdf");
    assert_eq!(log[0]["userIds"].as_array().unwrap().len(), ACCOUNTS);
    browser.close().await;
}

#[tokio::test]
async fn the_csv_export_warns_first_and_reads_back_through_the_import() {
    let (_dir, _server, browser) = start().await;
    browser.click("[data-testid=export-csv]").await;
    let warning = browser.text_of("#csv-warning").await;
    assert!(warning.contains("codes d’activation de 78 comptes"), "{warning}");
    assert_eq!(
        browser.count("[data-testid=csv-ready]").await,
        0,
        "nothing is built before the administrator confirms"
    );
    browser.scroll_into_view("#csv-warning").await;
    browser.audit_and_screenshot("3e-csv-warning").await;
    browser.click("[data-testid=csv-confirm]").await;
    let (bytes, name) = link_bytes(&browser, "[data-testid=csv-ready]").await;
    assert!(
        name.starts_with("identifiants-ecole-jean-jaures-") && name.ends_with(".csv"),
        "{name}"
    );
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFType;Nom;Pr\xC3\xA9nom;Login;Alias de login;Code d'activation\r\n")
    );
    let report = sesame_core::import::parse_csv(&bytes, sesame_core::SchoolTimeZone::EuropeParis).unwrap();
    assert_eq!(report.users.len(), ACCOUNTS);
    assert!(report
        .users
        .iter()
        .any(|u| u.login == "eleve.001" && u.activation_code.is_some()));

    let id = structure_id(&browser).await;
    let log = api_get(&browser, &format!("/api/structures/{id}/distributions")).await;
    assert_eq!(
        log.as_array().map(Vec::len),
        Some(0),
        "exporting recorded nothing: {log}"
    );
    browser.click(".csv-export [data-testid=mark-distributed]").await;
    browser.wait_for(".csv-export [data-testid=marked]").await;
    let log = api_get(&browser, &format!("/api/structures/{id}/distributions")).await;
    assert_eq!(log[0]["channel"], "csv", "{log}");
    browser.close().await;
}

/// How many « Marquer … comme distribués » buttons the page shows, and the section of each.
async fn mark_buttons(browser: &Browser) -> Vec<String> {
    let value = browser
        .script(
            "return [...document.querySelectorAll('[data-testid=mark-distributed]')].map(b => \
             b.closest('.class-zip') ? 'zip' : b.closest('.csv-export') ? 'csv' : 'pdf');",
        )
        .await;
    serde_json::from_value(value).unwrap()
}

/// Builds `product` (`pdf`, `zip` or `csv`) from step 3 and waits until it is ready and its
/// « Marquer comme distribués » button is there.
async fn build(browser: &Browser, product: &str) {
    let (clicks, ready, button): (&[&str], &str, &str) = match product {
        "pdf" => (
            &["[data-testid=generate-pdf]"],
            "[data-testid=pdf-ready]",
            ".distribute > .ready [data-testid=mark-distributed]",
        ),
        "zip" => (
            &["[data-testid=generate-zip]"],
            "[data-testid=zip-ready]",
            ".class-zip [data-testid=mark-distributed]",
        ),
        "csv" => (
            &["[data-testid=export-csv]", "[data-testid=csv-confirm]"],
            ".csv-export",
            ".csv-export [data-testid=mark-distributed]",
        ),
        other => panic!("no product {other}"),
    };
    for css in clicks {
        browser.click(css).await;
    }
    browser.wait_for(ready).await;
    browser.wait_for(button).await;
}

/// Whether the school's accounts are marked distributed: one entry in the log of school `id`
/// and every row's « Distribué le » filled in — or no entry and none, the table following at
/// once.
async fn assert_marked(browser: &Browser, id: &str, marked: bool) {
    let log = api_get(browser, &format!("/api/structures/{id}/distributions")).await;
    assert_eq!(log.as_array().map(Vec::len), Some(usize::from(marked)), "{log}");
    let dates = browser.column_named("lastDistributed").await;
    assert!(
        dates.iter().all(|d| d.is_empty() != marked),
        "the table follows at once: {dates:?}"
    );
}

/// Marks what was built last as distributed (`marked`), or undoes that marking, as the
/// administrator does — the button, then what the page says —, then checks that the log of
/// school `id` and the table follow ([`assert_marked`]).
async fn set_marked(browser: &Browser, id: &str, marked: bool) {
    let (button, notice, said) = if marked {
        (
            "[data-testid=mark-distributed]",
            "[data-testid=marked]",
            format!("{ACCOUNTS} comptes marqués comme distribués."),
        )
    } else {
        (
            "[data-testid=undo-distributed]",
            "[data-testid=unmarked]",
            format!("Marquage annulé : {ACCOUNTS} comptes ne sont plus notés comme distribués."),
        )
    };
    browser.click(button).await;
    browser.wait_text(notice, &said).await;
    assert_marked(browser, id, marked).await;
}

/// A PDF, a ZIP and a CSV file built one after the other offered three buttons to mark the same
/// accounts: only the last thing built offers one. Marking the wrong pile is taken back for a
/// few minutes, in the log and in the table at once.
#[tokio::test]
async fn only_the_last_thing_built_is_offered_for_marking_and_a_marking_can_be_undone() {
    let (_dir, _server, browser) = start().await;
    let id = structure_id(&browser).await;
    // Each thing built takes the button over; the PDF built again has it back.
    for product in ["pdf", "zip", "csv", "pdf"] {
        build(&browser, product).await;
        assert_eq!(mark_buttons(&browser).await, [product]);
    }

    set_marked(&browser, &id, true).await;
    // A marked product's undo stays while another is built; no second button appears.
    build(&browser, "zip").await;
    assert_eq!(mark_buttons(&browser).await, ["zip"]);
    set_marked(&browser, &id, false).await;
    browser.close().await;
}

#[tokio::test]
async fn the_calibration_offset_is_saved_with_the_settings() {
    let (_dir, server, browser) = start().await;
    let id = structure_id(&browser).await;
    browser
        .goto(&format!("{}/structures/{id}/settings", server.url))
        .await;
    let (x, y) = ("[data-testid=setting-offset-x]", "[data-testid=setting-offset-y]");
    browser.replace_text(x, "1,5").await;
    browser.replace_text(y, "-0,5").await;
    browser.scroll_into_view("fieldset.calibration").await;
    browser.audit_and_screenshot("4c-settings-calibration").await;
    browser.save_settings().await;
    let settings = api_get(&browser, &format!("/api/structures/{id}/letter-settings")).await;
    assert_eq!(
        (
            settings["labelOffsetXMm"].as_f64(),
            settings["labelOffsetYMm"].as_f64()
        ),
        (Some(1.5), Some(-0.5))
    );
    // A typo is said, not saved as zero.
    browser.replace_text(y, "un demi").await;
    browser.click("[data-testid=settings-save]").await;
    let error = browser.text_of("[data-testid=error]").await;
    assert!(error.contains("millimètres"), "{error}");
    browser.close().await;
}
