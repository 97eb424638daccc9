//! End-to-end, what the distribution page keeps and what it lets go, in headless Chromium against
//! the real `sesame` over a generated school: step 3's options live in the address (a reload
//! keeps them, and the advice once applied is not offered again); « Réinitialiser les filtres »
//! lifts every filter and every tick in one click; a date that is not a date lifts its filter and
//! says so; and the language switch changes the step titles and the counts' punctuation at once.
#![cfg(not(target_arch = "wasm32"))]

use sesame_testkit::browser::{eventually, Browser, Start, Started};

/// 60 pupils, 12 relatives, 4 teachers and 2 guests.
const PUPILS: usize = 60;
const ACCOUNTS: usize = 78;

async fn start() -> Started {
    Start::school(PUPILS).signed_in("direction", ACCOUNTS).await
}

async fn present(browser: &Browser, css: &str) -> bool {
    browser.count(css).await > 0
}

#[tokio::test]
async fn step_3s_options_survive_a_reload_and_the_advice_applied_is_not_offered_again() {
    let (_dir, _server, browser) = start().await;
    browser.click("[data-testid=sign-off-sheets]").await;
    browser.wait_query("signOffSheets=yes").await;
    browser.click("[data-testid=qr]").await;
    browser.click("[data-testid=qr-code]").await;
    browser.select("[data-testid=letter-lang]", "en").await;
    browser.click("[data-testid=new-page-per-group]").await;
    browser
        .wait_query("signOffSheets=yes&qr=address-and-code&newPagePerGroup=no&letterLang=en")
        .await;

    // A reload (or the bookmark) keeps every one.
    browser.goto(browser.url().await.as_str()).await;
    browser.wait_selected(ACCOUNTS).await;
    assert!(browser.is_checked("[data-testid=sign-off-sheets]").await);
    assert!(browser.is_checked("[data-testid=qr]").await);
    assert!(browser.is_checked("[data-testid=qr-code]").await);
    assert!(!browser.is_checked("[data-testid=new-page-per-group]").await);
    let lang = browser.value_of("[data-testid=letter-lang]").await;
    assert_eq!(lang.as_deref(), Some("en"));

    // The advice: applied once, then said to be, also after a reload.
    browser.click("[data-testid=apply-advice]").await;
    browser.wait_for("[data-testid=advice-applied]").await;
    // The address has it a frame after the page.
    let applied = eventually(10, || async {
        let applied = browser.query().await;
        if applied.contains("layout=8")
            && applied.contains("signOffSheets=yes")
            && applied.contains("letterLang=en")
        {
            Ok(applied)
        } else {
            Err(applied)
        }
    })
    .await;
    browser.goto_query(&applied).await;
    browser.wait_for("[data-testid=advice-applied]").await;
    assert!(!present(&browser, "[data-testid=apply-advice]").await);
    // Taking the sign-off sheets away: the advice is offered again.
    browser.click("[data-testid=sign-off-sheets]").await;
    browser.wait_for("[data-testid=apply-advice]").await;

    // A bad value in the address is an error, not a default.
    browser.goto_query("qr=yes").await;
    browser
        .wait_text(
            "[data-testid=error]",
            "Adresse de sélection invalide : valeur « yes » invalide pour « qr » (attendu : none, address ou \
             address-and-code)",
        )
        .await;
    browser.close().await;
}

#[tokio::test]
async fn one_click_resets_every_filter_and_every_tick_and_keeps_the_options() {
    let (_dir, _server, browser) = start().await;
    browser
        .goto_query(
            "profile=Student&activation=not-activated&q=eleve.0&sort=class&layout=8&signOffSheets=yes",
        )
        .await;
    browser.wait_for("[data-testid=user-row]").await;
    assert_ne!(
        browser.text_of("[data-testid=selected-count]").await,
        ACCOUNTS.to_string()
    );
    browser.click("[data-testid=row-pick]").await;
    browser.wait_text("[data-testid=picked-count]", "1").await;

    browser.click("[data-testid=reset-filters]").await;
    browser.wait_selected(ACCOUNTS).await;
    browser.wait_query("sort=class&layout=8&signOffSheets=yes").await;
    assert!(
        !present(&browser, "[data-testid=picked-count]").await,
        "the ticks went too"
    );
    assert_eq!(
        browser.value_of("[data-testid=filter-search]").await.as_deref(),
        Some("")
    );
    assert!(!browser.is_checked("[data-testid=filter-profile-Student]").await);
    assert!(
        browser
            .wait_for("[data-testid=reset-filters]")
            .await
            .attr("disabled")
            .await
            .unwrap()
            .is_some(),
        "nothing left to reset"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_date_that_is_not_a_date_lifts_its_filter_and_says_so() {
    let (_dir, _server, browser) = start().await;
    // Every account of the generated school was created on 01/09/2025, its teachers earlier:
    // « créés depuis le 01/09/2025 » leaves the teachers out.
    browser.goto_query("createdSince=2025-09-01").await;
    let narrowed = ACCOUNTS - 4;
    browser.wait_selected(narrowed).await;
    let since = "[data-testid=filter-created-since]";
    assert_eq!(browser.value_of(since).await.as_deref(), Some("01/09/2025"));
    browser.replace_text(since, "31/02/2026\t").await;
    browser
        .wait_text(
            "[data-testid=error]",
            "« 31/02/2026 » n’est pas une date : écrivez-la JJ/MM/AAAA, par exemple 01/09/2025. Le filtre « Créés \
             depuis le » est retiré : aucune date n’est appliquée.",
        )
        .await;
    // Not the previous date behind the field's back: no date at all, in the field, the address
    // and the count.
    browser.wait_selected(ACCOUNTS).await;
    browser.wait_query("").await;
    assert_eq!(browser.value_of(since).await.as_deref(), Some(""));
    browser.close().await;
}

#[tokio::test]
async fn the_language_switch_changes_the_step_titles_and_the_counts_at_once() {
    let (_dir, _server, browser) = start().await;
    browser.goto_query("profile=Teacher").await;
    browser.wait_selected(4).await;
    browser.wait_text("#step-selection", "1. Sélection").await;
    browser.click(".lang-switch").await;
    browser.wait_text("#step-selection", "1. Selection").await;
    browser.wait_text("#step-check", "2. Check").await;
    let note = browser.text_of("[data-testid=external-sign-in]").await;
    assert!(note.contains("(Teacher: 4)"), "{note}");
    assert!(
        !note.contains(" : "),
        "no French spacing on the English page: {note}"
    );
    // A bad address, said in English.
    browser.goto_query("layout=4").await;
    browser
        .wait_text(
            "[data-testid=error]",
            "Invalid selection address: invalid value “4” for “layout” (expected: 1, 2, 8, L7160, L7163, L7159, \
             Z3474 or card)",
        )
        .await;
    // And back: French again without a reload.
    browser.click(".lang-switch").await;
    browser.wait_text("#step-check", "2. Vérification").await;
    browser.close().await;
}

/// The check table's headers once the login and the address are shown and the creation date
/// hidden.
const CHOSEN_HEADERS: [&str; 8] = [
    "État",
    "Nom",
    "Prénom",
    "Profil",
    "Identifiant",
    "Courriel",
    "Classes",
    "Distribué le",
];

/// The check table's headers, after the tick's column.
async fn headers(browser: &Browser) -> Vec<String> {
    let value = browser
        .script(
            "return [...document.querySelectorAll('thead th')].slice(1).map(th => th.textContent.trim());",
        )
        .await;
    serde_json::from_value(value).unwrap()
}

/// The columns shown are the administrator's choice, kept on this browser (a preference:
/// `localStorage` holds no data — only the language and the columns' names).
#[tokio::test]
async fn the_columns_chosen_stay_on_this_browser_and_hold_no_data() {
    let (_dir, _server, browser) = start().await;
    // The default: no login, no code, no address.
    assert_eq!(
        headers(&browser).await,
        [
            "État",
            "Nom",
            "Prénom",
            "Profil",
            "Classes",
            "Création",
            "Distribué le"
        ]
    );
    browser.click("[data-testid=columns-choice] summary").await;
    for column in ["login", "email", "created"] {
        browser.click(&format!("[data-testid=column-{column}]")).await;
    }
    browser
        .wait_for("[data-testid=user-row] td[data-col=email]")
        .await;
    assert_eq!(headers(&browser).await, CHOSEN_HEADERS);
    // The names cannot be hidden: a row must say whose it is.
    assert!(!present(&browser, "[data-testid=column-lastName]").await);

    // A reload keeps the choice.
    browser.goto(browser.url().await.as_str()).await;
    browser.wait_selected(ACCOUNTS).await;
    assert_eq!(headers(&browser).await, CHOSEN_HEADERS);
    let cells = browser.column_named("email").await;
    assert!(cells.iter().any(|c| c.ends_with("@example.fr")), "{cells:?}");
    let stored = browser
        .script("return Object.keys(localStorage).sort().map(k => k + '=' + localStorage.getItem(k));")
        .await;
    assert_eq!(
        stored,
        serde_json::json!([
            "sesame.columns=state,lastName,firstName,profile,login,email,classes,lastDistributed",
            "sesame.lang=fr"
        ])
    );
    browser.close().await;
}
