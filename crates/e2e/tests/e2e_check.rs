//! End-to-end, what a school administrator met on a first try, over a generated
//! school of 300 accounts served by the real `sesame` with its real headers, in a real headless
//! Chromium: the whole check table scrolls under the server's Content-Security-Policy, parents
//! belong to their children's classes, accounts can be ticked one by one, a class searched by
//! name finds that class only, account states are said in words, blocked accounts are pointed
//! out, the cards carry the help text, the letters' language is chosen apart from the page's,
//! and the order of the letters is worded as the ENT words it.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::time::Duration;

use sesame_testkit::browser::{Browser, Key, Locator, Start, Started};
use sesame_testkit::school::school_csv;
use sesame_testkit::tools::{page_count, pdf_text};
use sesame_testkit::PASSWORD;

/// 245 pupils, 49 relatives, 4 teachers and 2 guests: 300 accounts.
const PUPILS: usize = 245;
const ACCOUNTS: usize = 300;

/// Signed in over the generated school; these checks name accounts by login, a column the
/// default leaves out.
async fn start() -> Started {
    let (dir, server, browser) = Start::school(PUPILS).signed_in("direction", ACCOUNTS).await;
    browser.show_column("login").await;
    (dir, server, browser)
}

/// The logins the table shows.
async fn logins(browser: &Browser) -> Vec<String> {
    browser.column_named("login").await
}

#[tokio::test]
async fn the_whole_table_scrolls_under_the_servers_content_security_policy() {
    let (_dir, _server, browser) = start().await;
    // The page is served with its real policy: inline styles are refused.
    let csp = browser
        .script_async(
            "const done = arguments[0]; fetch(location.href).then(r => done(r.headers.get('content-security-policy')));",
            &[],
        )
        .await;
    let csp = csp.as_str().unwrap();
    assert!(
        csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );

    // Scroll the table down a screenful at a time, as a person with the scroll bar, to the end.
    browser.assert_table_holds(&school_csv(PUPILS), ACCOUNTS).await;
    browser.audit_and_screenshot("2c-table-scrolled-to-the-end").await;
    // `close` fails the test on any CSP violation the browser logged meanwhile.
    browser.close().await;
}

#[tokio::test]
async fn parents_belong_to_their_childrens_classes_and_a_class_is_searched_as_a_phrase() {
    let (_dir, _server, browser) = start().await;
    // Relatives of CM2 A: those of pupils 0, 20, …, 240 (every fifth pupil, one in four in CM2 A).
    browser.click("[data-testid=filter-profile-Relative]").await;
    browser.tick_class("CM2 A").await;
    browser.wait_selected(13).await;
    // Each row says whose parent it is, as the letter will (« Responsable de : Zoé Martin
    // (CM2 A) »): tests/e2e_families.rs.
    let cells = browser.column_named("classes").await;
    assert!(
        cells
            .iter()
            .all(|c| c.starts_with("Responsable de : ") && c.ends_with("(CM2 A)")),
        "{cells:?}"
    );

    // Sorted by class, relatives come in school order (CE2 A, CM1 A, CM2 A, CM2 B) like pupils.
    browser.tick_class("CM2 A").await;
    browser.wait_selected(49).await;
    browser.select("[data-testid=sort-first]", "class").await;
    browser.wait_for("[data-testid=user-row]").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let classes = browser.column_named("classes").await;
    assert!(
        classes.first().is_some_and(|c| c.ends_with("(CE2 A)")),
        "{classes:?}"
    );

    // « CM2 A » searched: that class only (62 pupils, 13 relatives, its teacher), never CM2 B
    // (word by word, « a » matched nearly every name).
    browser.click("[data-testid=filter-profile-Relative]").await;
    browser.search_expecting("CM2 A", 76).await;
    assert!(browser
        .column_named("classes")
        .await
        .iter()
        .all(|c| c.contains("CM2 A")));
    // « Nom Prénom » as a phrase too: the three pupils Zoé Martin (0, 120, 240) and, through
    // their children's names, their three relatives.
    browser.search_expecting("martin zoe", 6).await;
    browser.close().await;
}

#[tokio::test]
async fn accounts_ticked_one_by_one_are_what_step_3_prints() {
    let (dir, _server, browser) = start().await;
    // Ten pupils (eleve.000 to eleve.009), three of them ticked.
    browser.search_expecting("eleve.00", 10).await;
    let boxes = browser
        .client
        .find_all(Locator::Css("[data-testid=row-pick]"))
        .await
        .unwrap();
    assert_eq!(boxes.len(), 10);
    for b in &boxes[..3] {
        b.click().await.unwrap();
    }
    browser.wait_text("[data-testid=picked-count]", "3").await;
    let ticked: Vec<String> = logins(&browser).await[..3].to_vec();
    browser
        .wait_text(
            "[data-testid=picked-only]",
            "Seuls les 3 comptes cochés sur 10 seront imprimés ou envoyés.",
        )
        .await;
    browser.audit_and_screenshot("2d-ticked-accounts").await;
    browser.click("[data-testid=generate-pdf]").await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "ticked.pdf").await;
    assert_eq!(page_count(&pdf), 3);
    let text = pdf_text(&pdf);
    for login in &ticked {
        assert!(text.contains(login.as_str()), "{login} missing");
    }
    let others = logins(&browser).await;
    assert!(
        !text.contains(others[3].as_str()),
        "an unticked account was printed"
    );
    browser
        .wait_text(
            "[data-testid=mark-distributed]",
            "Marquer ces 3 comptes comme distribués",
        )
        .await;

    // A narrower selection keeps the ticks it still holds and says how many it dropped.
    browser.search_expecting(&ticked[0], 1).await;
    browser.wait_text("[data-testid=picked-count]", "1").await;
    browser
        .wait_text(
            "[data-testid=picked-dropped]",
            "2 comptes cochés ne font plus partie de la sélection : ils ont été décochés.",
        )
        .await;
    // One letter: said in the singular.
    browser.generate_pdf().await;
    let summary = browser
        .text_of("[role=status]:has([data-testid=pdf-ready])")
        .await;
    assert!(summary.contains(" — 1 lettre, 1 page, "), "{summary}");
    // « Tout décocher »: step 3 works on the whole selection again.
    browser.click("[data-testid=unpick-all]").await;
    assert_eq!(browser.count("[data-testid=picked-count]").await, 0);
    browser.close().await;
}

#[tokio::test]
async fn states_are_said_in_words_and_blocked_accounts_can_be_left_out() {
    let (_dir, _server, browser) = start().await;
    for (login, state) in [
        ("eleve.000", "Activé"),
        ("eleve.001", "À activer"),
        ("eleve.007", "Bloqué"),
        ("prof.0", "Compte externe"),
    ] {
        browser.search_expecting(login, 1).await;
        assert_eq!(browser.column(2).await, [state], "{login}");
    }
    browser.search_expecting("", ACCOUNTS).await;
    browser
        .wait_text(
            "[data-testid=blocked-note]",
            "2 comptes bloqués : ils ne pourront pas se connecter tant que l’ENT ne les aura pas \
             débloqués. Les retirer de la sélection",
        )
        .await;
    browser.audit_and_screenshot("2e-states-and-blocked").await;
    browser.click("[data-testid=leave-out-blocked]").await;
    browser.wait_selected(298).await;
    browser.wait_query("blocked=unblocked").await;
    browser.close().await;
}

#[tokio::test]
async fn step_3_words_the_order_applies_the_advice_and_prints_in_the_letters_language() {
    let (dir, server, browser) = start().await;
    // « Par : Aucun / Profil / Classe — Puis par : … », by name within.
    assert_eq!(
        browser.texts("[data-testid=sort-first] option").await,
        ["Aucun", "Profil", "Classe"]
    );
    // A column sort in the table: step 3 says the letters keep their own order.
    browser.click("thead th:nth-child(4) button").await;
    browser.wait_for("[data-testid=column-sort-note]").await;

    // « Appliquer ce conseil »: pupils to activate and not blocked, by class, 8 per page,
    // sign-off sheets: 163 pupils to activate, of whom 2 blocked.
    browser.click("[data-testid=apply-advice]").await;
    browser.wait_selected(161).await;
    browser
        .wait_query("profile=Student&activation=not-activated&blocked=unblocked&sort=class&layout=8&signOffSheets=yes")
        .await;
    assert!(browser.is_checked("[data-testid=sign-off-sheets]").await);

    // One class: the file is named after it.
    // The 41 pupils of CM2 A still to activate.
    browser.tick_class("CM2 A").await;
    browser.wait_selected(41).await;
    browser.click("[data-testid=generate-pdf]").await;
    let (_, download) = browser.generated_pdf(dir.path(), "cm2a.pdf").await;
    assert!(
        download.starts_with("identifiants-ecole-jean-jaures-cm2-a-"),
        "{download}"
    );

    // The interface in English; the letters stay French unless chosen otherwise.
    let path = browser.path().await;
    browser.goto(&format!("{}{path}?q=eleve.001", server.url)).await;
    browser.wait_selected(1).await;
    browser.click(".lang-switch").await;
    browser
        .wait_text("[data-testid=generate-pdf]", "Generate the PDF")
        .await;
    browser.click("[data-testid=generate-pdf]").await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "french.pdf").await;
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Code d’activation") && !text.contains("Activation code"),
        "{text}"
    );
    browser.select("[data-testid=letter-lang]", "en").await;
    browser.click("[data-testid=generate-pdf]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "english.pdf").await;
    let text = pdf_text(&pdf);
    assert!(text.contains("Activation code"), "{text}");
    browser.close().await;
}

#[tokio::test]
async fn cards_print_the_help_text_and_the_settings_preview_each_template() {
    let (dir, server, browser) = start().await;
    browser.open_settings().await;
    // Who is signed in, and the way out, on the settings page too.
    browser.wait_text("[data-testid=who]", "direction").await;
    browser.wait_for("[data-testid=logout]").await;
    browser
        .replace_text(
            "[data-testid=setting-help-text]",
            "Une question ? Secrétariat, bureau 12.",
        )
        .await;
    browser.click("[data-testid=preview-layout-8]").await;
    browser
        .wait_text(
            "[data-testid=card-help]",
            "Une question ? Secrétariat, bureau 12.",
        )
        .await;
    let card = browser.text_of("[data-testid=card-preview]").await;
    assert!(
        card.contains("Saisissez votre identifiant et votre code d’activation"),
        "{card}"
    );
    browser.audit_and_screenshot("4b-settings-card-preview").await;
    // A plain-HTTP address is refused by the page itself, with the field's name, before sending.
    let url = "[data-testid=setting-login-url]";
    browser.type_into(url, "http://ent.exemple.fr").await;
    browser.click("[data-testid=settings-save]").await;
    browser
        .wait_text(
            "form [data-testid=error]",
            "« Adresse de connexion » doit être une adresse web commençant par https:// (reçu \
             « http://ent.exemple.fr »).",
        )
        .await;
    browser.replace_text(url, "https://ent.exemple.fr").await;
    browser.save_settings().await;

    browser.goto(&format!("{}/", server.url)).await;
    browser.wait_selected(ACCOUNTS).await;
    browser.search_expecting("eleve.00", 10).await;
    browser.click("[data-testid=layout-8]").await;
    browser.click("[data-testid=generate-pdf]").await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "cards.pdf").await;
    let text = pdf_text(&pdf);
    assert_eq!(
        text.matches("Une question ? Secrétariat, bureau 12.").count(),
        10,
        "{text}"
    );
    assert!(text.contains("Saisissez votre identifiant et votre code d’activation"));
    browser.close().await;
}

#[tokio::test]
async fn a_server_out_of_reach_is_said_in_french_with_a_way_to_try_again() {
    let (_dir, server, browser) = start().await;
    // A page drawn in the page itself, its data fetched: from the settings (which the whole
    // app's module draws), back to the distribution, then to the settings again — while the
    // server is gone. (From the steps' module the settings are a page load, which the browser
    // itself would say has failed.)
    browser.open_settings().await;
    browser.click("[data-testid=back-to-distribution]").await;
    browser.wait_selected(ACCOUNTS).await;
    drop(server);
    browser.click("[data-testid=settings-link]").await;
    browser
        .wait_text(
            "[data-testid=error]",
            "Le serveur ne répond pas : vérifiez votre connexion à Internet, puis réessayez.",
        )
        .await;
    // Not « TypeError: Failed to fetch »; and trying again may help, so it is offered.
    browser.wait_text(".error button", "Réessayer").await;
    // The refused connections the browser logged were this test's doing.
    let logged = browser.console().await;
    assert!(
        logged
            .iter()
            .any(|(_, _, m)| m.contains("ERR_CONNECTION_REFUSED")),
        "{logged:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn the_keyboard_reaches_every_row_of_the_table_in_order() {
    let (_dir, _server, browser) = start().await;
    // From the first row's box, Tab walks down the rows' boxes: all 300, in order, each once,
    // though only a few dozen rows are drawn at a time. The page notes where each press of Tab
    // lands (a listener added here: the row's label, or null off the rows), so that the 300
    // presses go to the browser at once rather than with a round trip each.
    let first = "const a = document.querySelector('[data-testid=row-pick]'); a.focus(); \
                 window.reached = []; \
                 document.addEventListener('focusin', (e) => window.reached.push( \
                     e.target.dataset.testid === 'row-pick' ? e.target.getAttribute('aria-label') : null)); \
                 return a.getAttribute('aria-label');";
    let first = browser.script(first).await;
    let shown = browser.column_named("login").await;
    browser
        .press_repeatedly(Key::Tab, ACCOUNTS, Duration::from_millis(20))
        .await;
    let reached = browser.script("return window.reached").await;
    let mut visited: Vec<String> = vec![first.as_str().unwrap().to_owned()];
    // The rows reached one after the other, up to the first press that left them.
    visited.extend(
        reached
            .as_array()
            .unwrap()
            .iter()
            .map_while(|label| label.as_str().map(str::to_owned)),
    );
    assert_eq!(
        visited.len(),
        ACCOUNTS,
        "Tab reached {} rows of {ACCOUNTS}",
        visited.len()
    );
    let unique: BTreeSet<&String> = visited.iter().collect();
    assert_eq!(unique.len(), ACCOUNTS, "a row was visited twice");
    // Each label names the account and its login (two pupils may share a name).
    assert!(visited[0].ends_with(&format!("({})", shown[0])), "{}", visited[0]);
    browser.close().await;
}

#[tokio::test]
async fn second_round_what_a_new_user_met_next() {
    let (_dir, server, browser) = Start::school(PUPILS).open().await;

    // A bookmarked selection opened signed out survives the sign-in.
    let home = format!("{}/structures/", server.url);
    browser.goto(&format!("{}/", server.url)).await;
    browser.wait_for("[data-testid=login-form]").await;
    browser.sign_in(&server.url, "direction", ACCOUNTS).await;
    let path = browser.path().await;
    assert!(path.starts_with("/structures/"), "{path} {home}");
    browser.click("[data-testid=logout]").await;
    browser.wait_for("[data-testid=login-form]").await;
    browser
        .goto(&format!("{}{path}?q=eleve.00&layout=8", server.url))
        .await;
    browser.wait_for("[data-testid=login-form]").await;
    browser.type_into("[data-testid=login-input]", "direction").await;
    browser.type_into("[data-testid=password-input]", PASSWORD).await;
    browser.click("[data-testid=login-submit]").await;
    browser.wait_selected(10).await;
    assert_eq!(browser.query().await, "q=eleve.00&layout=8");
    // The page speaks French, says so, and remembers English once chosen.
    let lang = || browser.script("return document.documentElement.lang;");
    assert_eq!(lang().await, "fr");
    browser.click(".lang-switch").await;
    assert_eq!(lang().await, "en");
    browser.client.refresh().await.unwrap();
    browser
        .wait_text("[data-testid=generate-pdf]", "Generate the PDF")
        .await;
    assert_eq!(lang().await, "en");
    browser.click(".lang-switch").await;
    browser
        .wait_text("[data-testid=generate-pdf]", "Générer le PDF")
        .await;

    // The code goes in the QR code only when there is one.
    let qr_code = browser.wait_for("[data-testid=qr-code]").await;
    assert!(!qr_code.is_enabled().await.unwrap());
    browser.click("[data-testid=qr]").await;
    assert!(qr_code.is_enabled().await.unwrap());
    browser.click("[data-testid=qr]").await;

    // A PDF built, then the selection changed: the page says the file is of the old one; once
    // marked, the focus is on what says so.
    browser.generate_pdf().await;
    browser.search_expecting("eleve.001", 1).await;
    browser.wait_for("[data-testid=pdf-stale]").await;
    browser.click("[data-testid=mark-distributed]").await;
    browser
        .wait_text("[data-testid=marked]", "10 comptes marqués comme distribués.")
        .await;
    assert_eq!(browser.focused().await, "marked");

    // An address naming a class this school does not have, dates the wrong way round: said.
    browser
        .goto_expecting_error(
            &format!("{}{path}?class=ailleurs", server.url),
            "Adresse de sélection invalide : classe inconnue dans cet établissement (ailleurs) ; elle ne \
             sélectionne personne.",
        )
        .await;
    browser.wait_for("[data-testid=nothing-selected]").await;
    browser
        .goto(&format!(
            "{}{path}?createdSince=2025-10-02&createdBefore=2025-10-01",
            server.url
        ))
        .await;
    browser.wait_for("[data-testid=dates-reversed]").await;

    // Settings typed and not saved are not left without asking.
    browser.open_settings().await;
    browser.type_into("[data-testid=setting-ent-name]", " bis").await;
    browser.click("[data-testid=back-to-distribution]").await;
    let question = browser.client.get_alert_text().await.unwrap();
    assert_eq!(
        question,
        "Vos modifications ne sont pas enregistrées. Quitter quand même ?"
    );
    browser.client.dismiss_alert().await.unwrap();
    browser.wait_for("[data-testid=settings-form]").await;
    browser.click("[data-testid=back-to-distribution]").await;
    browser.client.accept_alert().await.unwrap();
    browser.wait_for("[data-testid=selected-count]").await;
    browser.close().await;
}
