//! End-to-end, what a school administrator met on a first try (issue 17), over a generated
//! school of 300 accounts served by the real `sesame` with its real headers, in a real headless
//! Chromium: the whole check table scrolls under the server's Content-Security-Policy, parents
//! belong to their children's classes, accounts can be ticked one by one, a class searched by
//! name finds that class only, account states are said in words, blocked accounts are pointed
//! out, the cards carry the help text, the letters' language is chosen apart from the page's,
//! and the order of the letters is worded as the ENT words it.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::time::Duration;

use sesame_testkit::browser::{Browser, Key, Locator};
use sesame_testkit::school::seed_school;
use sesame_testkit::tools::{page_count, tool};
use sesame_testkit::{Server, Sesame, PASSWORD};

/// 245 pupils, 49 relatives, 4 teachers and 2 guests: 300 accounts.
const PUPILS: usize = 245;
const ACCOUNTS: usize = 300;

async fn start() -> (tempfile::TempDir, Server, Browser) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::app(&seed_school(&Sesame::from_env(), dir.path(), PUPILS));
    let browser = Browser::start().await;
    browser.submit_login(&server.url, "direction", PASSWORD).await;
    browser
        .wait_text("[data-testid=selected-count]", &ACCOUNTS.to_string())
        .await;
    (dir, server, browser)
}

/// Ticks the class filter's box labelled `name`.
async fn tick_class(browser: &Browser, name: &str) {
    let labels = browser
        .client
        .find_all(Locator::Css(".class-list label"))
        .await
        .unwrap();
    for label in labels {
        if label.text().await.unwrap().trim() == name {
            label
                .find(Locator::Css("input"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            return;
        }
    }
    panic!("no class {name} in the filter");
}

/// Sets the search box to `text` (as typed; WebDriver's `clear` alone sends no input event).
async fn search(browser: &Browser, text: &str) {
    let field = browser.wait_for("[data-testid=filter-search]").await;
    field.clear().await.unwrap();
    if text.is_empty() {
        field.send_keys(" ").await.unwrap();
        field.send_keys(&Key::Backspace.to_string()).await.unwrap();
    } else {
        field.send_keys(text).await.unwrap();
    }
}

/// The logins (sixth column) the table shows.
async fn logins(browser: &Browser) -> Vec<String> {
    browser.column(6).await
}

/// The current address's query.
async fn query(browser: &Browser) -> String {
    let url = browser.client.current_url().await.unwrap();
    url.query().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_whole_table_scrolls_under_the_servers_content_security_policy() {
    let (_dir, _server, browser) = start().await;
    // The page is served with its real policy: inline styles are refused.
    let csp = browser
        .client
        .execute_async(
            "const done = arguments[0]; fetch(location.href).then(r => done(r.headers.get('content-security-policy')));",
            vec![],
        )
        .await
        .unwrap();
    let csp = csp.as_str().unwrap();
    assert!(
        csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );

    // Scroll the table down a screenful at a time, as a person with the scroll bar, to the end.
    let mut seen: Vec<String> = Vec::new();
    let mut last_top = -1.0;
    for _ in 0..200 {
        let shown = logins(&browser).await;
        let unique: BTreeSet<&String> = shown.iter().collect();
        assert_eq!(unique.len(), shown.len(), "a row drawn twice: {shown:?}");
        for login in shown {
            if !seen.contains(&login) {
                seen.push(login);
            }
        }
        let top = browser
            .client
            .execute(
                "const el = document.querySelector('[data-testid=table-scroll]'); \
                 el.scrollTop += el.clientHeight - 40; return el.scrollTop;",
                vec![],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        if top == last_top {
            break;
        }
        last_top = top;
        tokio::time::sleep(Duration::from_millis(60)).await;
    }
    assert_eq!(
        seen.len(),
        ACCOUNTS,
        "scrolling reached {} accounts of {ACCOUNTS}",
        seen.len()
    );
    let every: BTreeSet<String> = (0..PUPILS)
        .map(|i| format!("eleve.{i:03}"))
        .chain((0..PUPILS).step_by(5).map(|i| format!("parent.{i:03}")))
        .chain((0..4).map(|i| format!("prof.{i}")))
        .chain((0..2).map(|i| format!("invite.{i}")))
        .collect();
    assert_eq!(seen.iter().cloned().collect::<BTreeSet<_>>(), every);
    browser.screenshot("2c-table-scrolled-to-the-end").await;
    // `close` fails the test on any CSP violation the browser logged meanwhile.
    browser.close().await;
}

#[tokio::test]
async fn parents_belong_to_their_childrens_classes_and_a_class_is_searched_as_a_phrase() {
    let (_dir, _server, browser) = start().await;
    // Relatives of CM2 A: those of pupils 0, 20, …, 240 (every fifth pupil, one in four in CM2 A).
    browser.click("[data-testid=filter-profile-Relative]").await;
    tick_class(&browser, "CM2 A").await;
    browser.wait_text("[data-testid=selected-count]", "13").await;
    assert!(browser.column(9).await.iter().all(|c| c == "CM2 A"));

    // Sorted by class, relatives come in school order (CE2 A, CM1 A, CM2 A, CM2 B) like pupils.
    tick_class(&browser, "CM2 A").await;
    browser.wait_text("[data-testid=selected-count]", "49").await;
    browser
        .wait_for("[data-testid=sort-first]")
        .await
        .select_by_value("class")
        .await
        .unwrap();
    browser.wait_for("[data-testid=user-row]").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let classes = browser.column(9).await;
    assert_eq!(classes.first().map(String::as_str), Some("CE2 A"), "{classes:?}");

    // « CM2 A » searched: that class only (62 pupils, 13 relatives, its teacher), never CM2 B
    // (word by word, « a » matched nearly every name).
    browser.click("[data-testid=filter-profile-Relative]").await;
    search(&browser, "CM2 A").await;
    browser.wait_text("[data-testid=selected-count]", "76").await;
    assert!(browser.column(9).await.iter().all(|c| c.contains("CM2 A")));
    // « Nom Prénom » as a phrase too.
    search(&browser, "martin zoe").await;
    browser.wait_text("[data-testid=selected-count]", "3").await;
    browser.close().await;
}

#[tokio::test]
async fn accounts_ticked_one_by_one_are_what_step_3_prints() {
    let (dir, _server, browser) = start().await;
    // Ten pupils (eleve.000 to eleve.009), three of them ticked.
    search(&browser, "eleve.00").await;
    browser.wait_text("[data-testid=selected-count]", "10").await;
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
    browser.screenshot("2d-ticked-accounts").await;
    browser.click("[data-testid=generate-pdf]").await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "ticked.pdf").await;
    assert_eq!(page_count(&pdf), 3);
    let text = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
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
    search(&browser, &ticked[0]).await;
    browser.wait_text("[data-testid=selected-count]", "1").await;
    browser.wait_text("[data-testid=picked-count]", "1").await;
    browser
        .wait_text(
            "[data-testid=picked-dropped]",
            "2 comptes cochés ne font plus partie de la sélection : ils ont été décochés.",
        )
        .await;
    // One letter: said in the singular.
    browser.click("[data-testid=generate-pdf]").await;
    browser.wait_for("[data-testid=pdf-ready]").await;
    let summary = browser
        .wait_for("[role=status]:has([data-testid=pdf-ready])")
        .await
        .text()
        .await
        .unwrap();
    assert!(summary.contains(" — 1 lettre, 1 page, "), "{summary}");
    // « Tout décocher »: step 3 works on the whole selection again.
    browser.click("[data-testid=unpick-all]").await;
    let gone = browser
        .client
        .find_all(Locator::Css("[data-testid=picked-count]"))
        .await
        .unwrap();
    assert!(gone.is_empty());
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
        search(&browser, login).await;
        browser.wait_text("[data-testid=selected-count]", "1").await;
        assert_eq!(browser.column(2).await, [state], "{login}");
    }
    search(&browser, "").await;
    browser
        .wait_text("[data-testid=selected-count]", &ACCOUNTS.to_string())
        .await;
    browser
        .wait_text(
            "[data-testid=blocked-note]",
            "2 comptes bloqués : ils ne pourront pas se connecter tant que l’ENT ne les aura pas \
             débloqués. Les retirer de la sélection",
        )
        .await;
    browser.screenshot("2e-states-and-blocked").await;
    browser.click("[data-testid=leave-out-blocked]").await;
    browser.wait_text("[data-testid=selected-count]", "298").await;
    assert_eq!(query(&browser).await, "blocked=unblocked");
    browser.close().await;
}

#[tokio::test]
async fn step_3_words_the_order_applies_the_advice_and_prints_in_the_letters_language() {
    let (dir, server, browser) = start().await;
    // « Par : Aucun / Profil / Classe — Puis par : … », by name within.
    let options = browser
        .client
        .find_all(Locator::Css("[data-testid=sort-first] option"))
        .await
        .unwrap();
    let mut labels = Vec::new();
    for o in options {
        labels.push(o.text().await.unwrap());
    }
    assert_eq!(labels, ["Aucun", "Profil", "Classe"]);
    // A column sort in the table: step 3 says the letters keep their own order.
    browser.click("thead th:nth-child(4) button").await;
    browser.wait_for("[data-testid=column-sort-note]").await;

    // « Appliquer ce conseil »: not activated, by class, 8 per page, sign-off sheets.
    browser.click("[data-testid=apply-advice]").await;
    // 163 pupils, 49 relatives, 4 teachers and 2 guests still to activate.
    browser.wait_text("[data-testid=selected-count]", "218").await;
    assert_eq!(
        query(&browser).await,
        "activation=not-activated&sort=class&layout=8"
    );
    let sheets = browser.wait_for("[data-testid=sign-off-sheets]").await;
    assert_eq!(sheets.prop("checked").await.unwrap().as_deref(), Some("true"));

    // One class: the file is named after it.
    // 41 pupils, 13 relatives and the teacher of CM2 A.
    tick_class(&browser, "CM2 A").await;
    browser.wait_text("[data-testid=selected-count]", "55").await;
    browser.click("[data-testid=generate-pdf]").await;
    let (_, download) = browser.generated_pdf(dir.path(), "cm2a.pdf").await;
    assert!(
        download.starts_with("identifiants-ecole-jean-jaures-cm2-a-"),
        "{download}"
    );

    // The interface in English; the letters stay French unless chosen otherwise.
    let url = browser.client.current_url().await.unwrap();
    browser
        .client
        .goto(&format!("{}{}?q=eleve.001", server.url, url.path()))
        .await
        .unwrap();
    browser.wait_text("[data-testid=selected-count]", "1").await;
    browser.click(".lang-switch").await;
    browser
        .wait_text("[data-testid=generate-pdf]", "Generate the PDF")
        .await;
    browser.click("[data-testid=generate-pdf]").await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "french.pdf").await;
    let text = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    assert!(
        text.contains("Code d’activation") && !text.contains("Activation code"),
        "{text}"
    );
    browser
        .wait_for("[data-testid=letter-lang]")
        .await
        .select_by_value("en")
        .await
        .unwrap();
    browser.click("[data-testid=generate-pdf]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "english.pdf").await;
    let text = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("Activation code"), "{text}");
    browser.close().await;
}

#[tokio::test]
async fn cards_print_the_help_text_and_the_settings_preview_each_template() {
    let (dir, server, browser) = start().await;
    browser.click("[data-testid=settings-link]").await;
    // Who is signed in, and the way out, on the settings page too.
    browser.wait_text("[data-testid=who]", "direction").await;
    browser.wait_for("[data-testid=logout]").await;
    let help = browser.wait_for("[data-testid=setting-help-text]").await;
    help.clear().await.unwrap();
    help.send_keys("Une question ? Secrétariat, bureau 12.")
        .await
        .unwrap();
    browser.click("[data-testid=preview-layout-8]").await;
    browser
        .wait_text(
            "[data-testid=card-help]",
            "Une question ? Secrétariat, bureau 12.",
        )
        .await;
    let card = browser
        .wait_for("[data-testid=card-preview]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        card.contains("Saisissez votre identifiant et votre code d’activation"),
        "{card}"
    );
    browser.screenshot("4b-settings-card-preview").await;
    // A plain-HTTP address is refused by the page itself, with the field's name, before sending.
    let url = browser.wait_for("[data-testid=setting-login-url]").await;
    url.send_keys("http://ent.exemple.fr").await.unwrap();
    browser.click("[data-testid=settings-save]").await;
    browser
        .wait_text(
            "form [data-testid=error]",
            "« Adresse de connexion » doit être une adresse web commençant par https:// (reçu \
             « http://ent.exemple.fr »).",
        )
        .await;
    url.clear().await.unwrap();
    url.send_keys("https://ent.exemple.fr").await.unwrap();
    browser.click("[data-testid=settings-save]").await;
    browser.wait_for("[data-testid=settings-saved]").await;

    browser.client.goto(&format!("{}/", server.url)).await.unwrap();
    browser
        .wait_text("[data-testid=selected-count]", &ACCOUNTS.to_string())
        .await;
    search(&browser, "eleve.00").await;
    browser.wait_text("[data-testid=selected-count]", "10").await;
    browser.click("[data-testid=layout-8]").await;
    browser.click("[data-testid=generate-pdf]").await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "cards.pdf").await;
    let text = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
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
