//! End-to-end, the administration pages as a person uses them: a school's CSV
//! imported from the browser (a broken file refused line by line with nothing written, a good
//! one previewed then imported, its new accounts handed out at once), administrators created by
//! a central administrator with a password shown once, reset, and changed by their owner on
//! « Mon compte ». Real `sesame`, real Chromium; screenshots land in `target/screenshots/`.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use sesame_testkit::browser::{Browser, Cookie, Start};
use sesame_testkit::school::fixture;
use sesame_testkit::Server;

/// `example.csv` again, with one more pupil (Inès Fabre, in a new class) and an address for
/// Łukasz: one account created, one updated, three unchanged.
const REIMPORT: &str = "\
Type;Nom;Prénom;Login;Alias de login;Code d'activation;Courriel;Date de création;Classes;Enfants
Élève;Dupré;Zoé;zoe.dupre;;AB12CD34;;01/09/2025;CM2 A;
Élève;Nguyễn;Łukasz;lukasz.nguyen;;;lukasz@example.fr;01/09/2025;6e B;
Enseignant;Martin;Claire;claire.martin;c.martin;;claire.martin@example.fr;15/08/2023;\"CM2 A, 6e B\";
Parent;Dupré;Marc;marc.dupre;;K9P2X7QL;marc.dupre@example.fr;01/09/2025;;Zoé Dupré (CM2 A)
Élève;Fabre;Inès;ines.fabre;;QW34ER56;;01/09/2026;CE1 B;
";

/// Chooses `path` in the page's file input (as the « Parcourir… » dialog would).
async fn choose_file(browser: &Browser, path: &Path) {
    // ChromeDriver takes canonical paths only (no `..`).
    let path = path.canonicalize().unwrap();
    browser
        .wait_for("[data-testid=import-file]")
        .await
        .send_keys(path.to_str().unwrap())
        .await
        .expect("choose the file");
}

/// The school's directory as the API answers it, fetched by the page itself (its cookie), for
/// the school whose page is open (`/structures/{id}/…`).
async fn directory_text(browser: &Browser) -> String {
    let script = "const done = arguments[0]; const id = location.pathname.split('/')[2]; \
        fetch('/api/structures/' + id + '/users').then(r => r.text()).then(done).catch(e => done('error: ' + e));";
    let text = browser.script_async(script, &[]).await;
    let text = text.as_str().unwrap().to_owned();
    assert!(text.starts_with('{'), "{text}");
    text
}

/// Whether the element matching `css` is wholly within the window, where the eye is.
async fn in_view(browser: &Browser, css: &str) -> bool {
    browser
        .script_with(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
             return r.top >= 0 && r.bottom <= window.innerHeight;",
            &[css],
        )
        .await
        == true
}

/// Whether the focus is on the element matching `css` or inside it.
async fn focus_within(browser: &Browser, css: &str) -> bool {
    browser
        .script_with(
            "const el = document.querySelector(arguments[0]); \
             return !!el && el.contains(document.activeElement);",
            &[css],
        )
        .await
        == true
}

/// A generated password as it must be: six groups of four lower-case letters and digits, none
/// of which can be mistaken for another.
fn assert_readable(password: &str) {
    let groups: Vec<&str> = password.split('-').collect();
    assert_eq!(groups.len(), 6, "six groups: {password:?}");
    assert!(groups.iter().all(|g| g.len() == 4), "of four: {password:?}");
    assert!(
        password
            .chars()
            .all(|c| c == '-' || c.is_ascii_lowercase() || c.is_ascii_digit()),
        "no capitals: {password:?}"
    );
    assert!(
        !password.chars().any(|c| "0o1li".contains(c)),
        "no look-alikes: {password:?}"
    );
}

/// The last names of the accounts the school's table shows.
async fn last_names(browser: &Browser) -> Vec<String> {
    browser.wait_for("[data-testid=user-row]").await;
    browser.column(3).await
}

#[tokio::test]
async fn a_local_admin_imports_a_file_from_the_browser() {
    let (dir, _server, browser) = Start::example().signed_in("direction", 4).await;

    // From the distribution page, the toolbar's link.
    browser.click("[data-testid=import-link]").await;
    browser.wait_for("[data-testid=import-history]").await;

    // Before any file: the columns expected, the required ones marked, and an example file.
    let columns = browser.texts("[data-testid=import-column]").await;
    assert_eq!(columns.len(), 13, "{columns:?}");
    assert!(columns[0].starts_with("Id"), "{columns:?}");
    assert!(
        columns.iter().any(|c| c.starts_with("Login obligatoire")),
        "{columns:?}"
    );
    browser.screenshot("11-import-columns").await;
    browser.click("[data-testid=import-sample]").await;
    let sample = browser.downloaded("exemple-export-ent.csv").await;
    assert_eq!(sample, sesame_core::import::sample_csv().into_bytes());
    // It reads back as it is: a preview of what it would change, without a bad line.
    choose_file(&browser, &browser.downloads().join("exemple-export-ent.csv")).await;
    browser.wait_for("[data-testid=import-created]").await;
    assert!(browser.texts("[data-testid=import-error-line]").await.is_empty());
    browser.click("[data-testid=import-cancel]").await;

    // A broken file: every bad line named, with whose line it is, no way to import it.
    choose_file(&browser, &fixture("broken.csv")).await;
    browser.wait_for("[data-testid=import-error-line]").await;
    let lines = browser.texts("[data-testid=import-error-line]").await;
    assert!(lines.len() >= 5, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("ligne 3 (Léo Martin) : profil inconnu « Pupil »")),
        "the unknown profile's line: {lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("ligne 4 (Jade Petit) : identifiant manquant")),
        "« identifiant », not « login »: {lines:?}"
    );
    assert!(
        lines.iter().all(|l| l.starts_with("ligne ")),
        "each error names its line: {lines:?}"
    );
    // The interface in English: the same lines, in English, at once.
    browser.click(".lang-switch").await;
    browser
        .wait_text("[data-testid=import-preview] [data-testid=error]", "This file cannot be imported: 12 problems to fix. Nothing was saved; fix the file, then choose it again.")
        .await;
    let english = browser.texts("[data-testid=import-error-line]").await;
    assert_eq!(english.len(), lines.len());
    assert!(
        english
            .iter()
            .any(|l| l.starts_with("line 3 (Léo Martin): unknown profile “Pupil”")),
        "{english:?}"
    );
    assert!(english.iter().all(|l| l.starts_with("line ")), "{english:?}");
    browser.screenshot("11-import-refused-en").await;
    browser.click(".lang-switch").await;
    browser
        .wait_text("[data-testid=import-error-line]", &lines[0])
        .await;
    assert_eq!(
        browser.count("[data-testid=import-commit]").await,
        0,
        "a broken file must not be importable"
    );
    browser.audit_and_screenshot("11-import-refused").await;

    // A good one: the dry run says what would change, and nothing changed yet.
    browser.click("[data-testid=import-cancel]").await;
    let good = dir.path().join("rentree.csv");
    std::fs::write(&good, REIMPORT).unwrap();
    choose_file(&browser, &good).await;
    browser.wait_for("[data-testid=import-created]").await;
    assert_eq!(
        browser.text_of("[data-testid=import-created]").await,
        "1 compte créé"
    );
    assert_eq!(
        browser.text_of("[data-testid=import-updated]").await,
        "1 compte mis à jour"
    );
    assert_eq!(
        browser.text_of("[data-testid=import-unchanged]").await,
        "3 comptes inchangés"
    );
    let classes = browser.text_of("[data-testid=import-classes]").await;
    assert!(classes.contains("CE1 B"), "{classes}");
    browser.audit_and_screenshot("11-import-preview").await;
    let directory = directory_text(&browser).await;
    assert!(directory.contains("lukasz.nguyen"), "{directory}");
    assert!(
        !directory.contains("ines.fabre"),
        "the dry run wrote to the directory"
    );

    // Imported: the new pupil is handed out from the page that says it is done.
    browser.click("[data-testid=import-commit]").await;
    browser.wait_for("[data-testid=import-done]").await;
    browser.audit_and_screenshot("11-import-done").await;
    browser.click("[data-testid=distribute-new]").await;
    browser.wait_selected(1).await;
    assert_eq!(last_names(&browser).await, ["Fabre"]);

    // The history names the file and who imported it.
    browser.click("[data-testid=import-link]").await;
    browser.wait_for("[data-testid=import-record]").await;
    let records = browser.texts("[data-testid=import-record]").await;
    // Newest first: the browser's import, then the seed's `sesame import` (no one signed in).
    assert_eq!(records.len(), 2, "{records:?}");
    assert!(records[0].contains("direction rentree.csv 1 1 3"), "{records:?}");
    assert!(records[1].contains("example.csv 4 0 0"), "{records:?}");
    browser.audit_and_screenshot("11-import-history").await;

    // The same file again changes nothing, and says so.
    choose_file(&browser, &good).await;
    browser.wait_for("[data-testid=import-nothing]").await;
    browser.close().await;
}

/// Signs in as the central administrator and opens the administrators' page.
async fn to_the_administrators(browser: &Browser, server: &Server) {
    browser.sign_in_as(&server.url, "rectorat").await;
    browser.click("[data-testid=admins-link]").await;
}

/// Opens the app with `session`'s cookies alone (from [`Browser::cookies`]) and waits for the
/// sign-in page: that session is over.
async fn assert_session_over(browser: &Browser, server: &Server, session: Vec<Cookie<'static>>) {
    browser.restore_cookies(session).await;
    browser.goto(&server.url).await;
    browser.wait_for("[data-testid=login-form]").await;
}

#[tokio::test]
async fn a_central_admin_creates_an_admin_who_signs_in_and_changes_their_password() {
    let (_dir, server, browser) = Start::example().central_admin().open().await;

    to_the_administrators(&browser, &server).await;
    browser.wait_for("[data-testid=admins-list]").await;

    // A local administrator for the school, without a school first: refused and said.
    browser
        .type_into("[data-testid=admin-new-login]", "adjoint.ecole")
        .await;
    browser
        .type_into("[data-testid=admin-new-name]", "Adjointe de l’école")
        .await;
    browser.click("[data-testid=admin-new-submit]").await;
    browser
        .wait_for("form[data-testid=admin-new] [data-testid=error]")
        .await;
    browser.click("[data-testid=admin-new-school]").await;
    browser.click("[data-testid=admin-new-submit]").await;
    let issued = browser.text_of("[data-testid=issued-password]").await;
    assert_readable(&issued);
    // Where the eye is: in place of the form just submitted, in view, and focused.
    assert_eq!(
        browser.count("[data-testid=admin-new]").await,
        0,
        "the form is replaced by the password"
    );
    assert!(
        focus_within(&browser, "[data-testid=issued]").await,
        "the focus is not on the password"
    );
    assert!(
        in_view(&browser, "[data-testid=issued]").await,
        "the password is off-screen"
    );
    // « Copier »: in the clipboard, or (where the browser refuses it) selected for Ctrl+C.
    browser.click("[data-testid=issued-copy]").await;
    browser.wait_for("[data-testid=issued-copied]:not(:empty)").await;
    let copied = browser.text_of("[data-testid=issued-copied]").await;
    if copied.starts_with("Sélectionné") {
        let selected = browser.script("return window.getSelection().toString();").await;
        assert_eq!(selected.as_str(), Some(issued.as_str()));
    } else {
        assert_eq!(copied, "Copié dans le presse-papiers.");
    }
    browser.audit_and_screenshot("11-admin-created").await;
    browser.click("[data-testid=issued-close]").await;
    // The form is back, empty, for the next one, and the focus with it.
    let login_field = browser.wait_for("[data-testid=admin-new-login]").await;
    assert_eq!(login_field.prop("value").await.unwrap().as_deref(), Some(""));
    browser.focus_comes_to("[data-testid=admin-new-login]").await;
    browser
        .wait_for("[data-testid=admin-row][data-login='adjoint.ecole']")
        .await;
    assert!(
        !server.log().contains(&issued),
        "the generated password was logged"
    );

    // They sign in with it and see their school.
    browser.client.delete_all_cookies().await.unwrap();
    browser.submit_login(&server.url, "adjoint.ecole", &issued).await;
    browser.wait_selected(4).await;

    // « Mon compte »: a confirmation that differs is said before anything is sent; then changed.
    browser.click("[data-testid=account-link]").await;
    let chosen = "une phrase de passe assez longue";
    browser.type_into("[data-testid=account-current]", &issued).await;
    // A guessable password is said as it is typed, in the server's own words.
    browser
        .type_into("[data-testid=account-new]", "aaaaaaaaaaaa")
        .await;
    let problem = browser.wait_for("[data-testid=account-problem]").await;
    let said = problem.text().await.unwrap();
    assert!(said.contains("répète les mêmes caractères"), "{said}");
    browser.screenshot("11-account-guessable").await;
    browser.replace_text("[data-testid=account-new]", chosen).await;
    browser
        .type_into("[data-testid=account-confirm]", "autre chose encore")
        .await;
    browser.click("[data-testid=account-submit]").await;
    browser.wait_for("[data-testid=account-problem]").await;
    browser
        .replace_text("[data-testid=account-confirm]", chosen)
        .await;
    browser.click("[data-testid=account-submit]").await;
    browser.wait_for("[data-testid=account-done]").await;
    browser.audit_and_screenshot("11-account-changed").await;

    // The session goes on (the page's own was renewed) and the old password is refused.
    browser.click("[data-testid=back-to-distribution]").await;
    browser.wait_selected(4).await;
    browser.client.delete_all_cookies().await.unwrap();
    browser.submit_login(&server.url, "adjoint.ecole", &issued).await;
    browser
        .wait_for("[data-testid=login-form] [data-testid=error]")
        .await;
    browser.submit_login(&server.url, "adjoint.ecole", chosen).await;
    browser.wait_selected(4).await;
    let old_session = browser.cookies().await;

    // The central administrator resets it: a new password, shown once, that works.
    browser.client.delete_all_cookies().await.unwrap();
    to_the_administrators(&browser, &server).await;
    browser
        .click("[data-testid=admin-row][data-login='adjoint.ecole'] [data-testid=admin-reset]")
        .await;
    // « Réinitialiser le mot de passe de adjoint.ecole ? » is the browser's own confirmation.
    browser.client.accept_alert().await.expect("a confirmation");
    // Under the row whose password was reset, in view and focused.
    let under_row =
        "[data-testid=admin-row][data-login='adjoint.ecole'] + tr.issued-row [data-testid=issued]";
    let reset = browser
        .text_of(&format!("{under_row} [data-testid=issued-password]"))
        .await;
    assert_ne!(reset, issued);
    assert_readable(&reset);
    assert!(
        focus_within(&browser, under_row).await,
        "the focus is not on the new password"
    );
    assert!(
        in_view(&browser, under_row).await,
        "the new password is off-screen"
    );
    browser.audit_and_screenshot("11-admin-reset").await;
    browser
        .click(&format!("{under_row} [data-testid=issued-close]"))
        .await;
    // Their session from before the reset is over: its cookie brings back the sign-in page.
    assert_session_over(&browser, &server, old_session).await;
    browser.client.delete_all_cookies().await.unwrap();
    browser.submit_login(&server.url, "adjoint.ecole", &reset).await;
    browser.wait_selected(4).await;
    let adjoint_session = browser.cookies().await;

    // Disabled from the edit form: said in the list, and their session is over at once.
    browser.client.delete_all_cookies().await.unwrap();
    to_the_administrators(&browser, &server).await;
    let row = "[data-testid=admin-row][data-login='adjoint.ecole']";
    browser.edit_admin("adjoint.ecole").await;
    browser.click("[data-testid=admin-edit-disabled]").await;
    browser.save_admin_edit().await;
    browser
        .wait_text("[data-testid=admin-notice]", "Enregistré.")
        .await;
    browser
        .wait_text(&format!("{row} [data-testid=admin-state]"), "Désactivé")
        .await;
    browser.audit_and_screenshot("11-admin-disabled").await;
    assert_session_over(&browser, &server, adjoint_session).await;
    browser.close().await;
}
