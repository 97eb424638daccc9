//! End-to-end: "Envoyer par courriel" in the built app, served by the real `sesame` sending to a
//! real SMTP server (aiosmtpd) that refuses one address, in a real headless Chromium.
//!
//! `example.csv` has four accounts: two pupils without an address, Claire Martin and Marc Dupré
//! with one. Marc's mailbox is refused first, then "fixed" (the sink restarts without the
//! refusal) before "Relancer les échecs". Screenshots land in `target/screenshots/`.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use sesame_testkit::browser::{eventually, Browser, Key, Start};
use sesame_testkit::smtp::{recipients, Sink};
use sesame_testkit::tools::pdf_text;
use sesame_testkit::{free_port, Sesame};

const ACCEPTED: &str = "claire.martin@example.fr";
const REFUSED: &str = "marc.dupre@example.fr";

/// Scrolls the mailing result into view for a screenshot (the page is taller than the window).
async fn show_result(browser: &Browser) {
    browser
        .script("document.querySelector('[data-testid=mail-result]').scrollIntoView()")
        .await;
}

/// Whether `css` is at least partly inside the window (not scrolled away above or below).
async fn in_view(browser: &Browser, css: &str) -> bool {
    let script = format!(
        "const r = document.querySelector('{css}').getBoundingClientRect(); \
         return r.bottom > 0 && r.top < window.innerHeight;"
    );
    browser.script(&script).await.as_bool().unwrap()
}

/// The « Dernière distribution » cell of the row whose first name is `first`.
async fn last_distributed(browser: &Browser, first: &str) -> String {
    let script = format!(
        "const row = [...document.querySelectorAll('[data-testid=user-row]')] \
           .find(tr => tr.querySelector('[data-col=firstName]').textContent.trim() === '{first}'); \
         return row.querySelector('[data-col=lastDistributed]').textContent.trim();"
    );
    let value = browser.script(&script).await;
    value.as_str().unwrap().to_owned()
}

/// Waits until `first`'s « Dernière distribution » is filled in.
async fn wait_distributed(browser: &Browser, first: &str) {
    eventually(15, || async {
        if last_distributed(browser, first).await.is_empty() {
            Err(format!("{first}: no last distribution shown"))
        } else {
            Ok(())
        }
    })
    .await;
}

/// The text of the PDF behind the `mail-pdf-ready` link, read through the page (the PDF is
/// built in the browser and never touches the server).
async fn unreached_pdf_text(browser: &Browser, dir: &Path) -> String {
    let link = browser.wait_for("[data-testid=mail-pdf-ready]").await;
    let url = link.attr("href").await.unwrap().expect("a blob address");
    let path = dir.join("unreached.pdf");
    std::fs::write(&path, browser.blob_bytes(&url).await).unwrap();
    pdf_text(&path)
}

#[tokio::test]
async fn mail_is_confirmed_sent_followed_and_its_failure_retried() {
    let inbox = tempfile::tempdir().unwrap();
    let sink = Sink::start(free_port(), inbox.path(), &[REFUSED]);
    // One message a second, so the progress bar is on screen long enough to be seen.
    let (dir, _server, browser) = Start::example()
        .serve_args(&["--smtp-url", &sink.url()])
        .serve_env(&[("SESAME_MAIL_RATE", "1"), ("SESAME_MAIL_RETRY_BASE_MS", "100")])
        .signed_in("direction", 4)
        .await;

    // A real modal dialog, focus inside, and Escape cancels without sending anything.
    let dialog = browser.open_mail_dialog().await;
    assert_eq!(dialog.attr("role").await.unwrap().as_deref(), Some("dialog"));
    assert_eq!(dialog.attr("aria-modal").await.unwrap().as_deref(), Some("true"));
    browser
        .wait_text(
            "#mail-confirm-text",
            "Envoyer leurs identifiants à 2 comptes ? 2 sans courriel seront ignorés.",
        )
        .await;
    // Both recipients sign in with an outside account (the default settings: teachers and
    // relatives): said before anything leaves.
    browser
        .wait_text(
            "[data-testid=mail-confirm-details]",
            "Parmi eux, 2 se connectent avec un compte externe (compte académique, EduConnect ou \
             FranceConnect) et n’ont pas besoin de ces identifiants.",
        )
        .await;
    assert_eq!(browser.focused().await, "mail-cancel");
    browser.press(Key::Escape).await;
    browser.wait_gone("[data-testid=mail-confirm]").await;
    assert_eq!(browser.focused().await, "send-mail", "the focus goes back");

    // Confirmed with a double click: one mailing only.
    browser.open_mail_dialog().await;
    browser.audit_and_screenshot("4-mail-confirm").await;
    browser
        .script("const b = document.querySelector('[data-testid=mail-confirm-ok]'); b.click(); b.click();")
        .await;
    browser.wait_for("[data-testid=mail-progress]").await;
    assert!(
        in_view(&browser, "[data-testid=mail-progress]").await,
        "the progress comes into view as it starts"
    );

    browser.wait_for("[data-testid=mail-result]").await;
    assert!(in_view(&browser, "[data-testid=mail-result]").await);
    // « Dernière distribution » follows without a reload: Claire's is filled, Marc's is not.
    wait_distributed(&browser, "Claire").await;
    assert_eq!(last_distributed(&browser, "Marc").await, "");
    browser.wait_text("[data-testid=mail-sent-count]", "1").await;
    browser.wait_text("[data-testid=mail-failed-count]", "1").await;
    browser.wait_text("[data-testid=mail-skipped-count]", "2").await;
    assert_eq!(
        browser.count("[data-testid=mail-row]").await,
        4,
        "one row per selected account"
    );
    let failed = browser.text_of("[data-testid=mail-row][data-state=failed]").await;
    assert!(
        failed.contains("Dupré Marc") && failed.contains(REFUSED) && failed.contains("550"),
        "{failed}"
    );
    // Why, in French, with the mail server's own reply beside it.
    assert!(
        failed.contains("Cette adresse n’existe pas chez le fournisseur du destinataire"),
        "{failed}"
    );
    browser
        .wait_text(
            "[data-testid=mail-row][data-state=failed] [data-testid=mail-server-text]",
            "550 5.1.1 mailbox unavailable",
        )
        .await;
    let sent = browser.text_of("[data-testid=mail-row][data-state=sent]").await;
    assert!(sent.contains("Martin Claire"), "{sent}");
    assert_eq!(recipients(&sink), [ACCEPTED]);
    show_result(&browser).await;
    browser.audit_and_screenshot("5-mail-result").await;

    // The letters of those not reached: Marc (refused) and both pupils (no address), not Claire.
    browser.click("[data-testid=mail-unreached-pdf]").await;
    let text = unreached_pdf_text(&browser, dir.path()).await;
    for expected in ["Dupré", "Marc", "Zoé", "Łukasz", "K9P2X7QL", "AB12CD34"] {
        assert!(text.contains(expected), "{expected} missing from\n{text}");
    }
    assert!(!text.contains("Claire"), "Claire got her e-mail:\n{text}");
    // Built, not yet handed out: « Marquer … » records it, for those three only.
    browser
        .wait_text(
            "[data-testid=mark-distributed]",
            "Marquer ces 3 comptes comme distribués",
        )
        .await;

    // Marc's mailbox is fixed; "Relancer les échecs" sends his message, and only his.
    let sink = sink.restart(&[]);
    browser.click("[data-testid=mail-retry]").await;
    browser.wait_text("[data-testid=mail-sent-count]", "2").await;
    browser.wait_text("[data-testid=mail-failed-count]", "0").await;
    browser
        .wait_gone("[data-testid=mail-row][data-state=failed]")
        .await;
    assert_eq!(recipients(&sink), [ACCEPTED, REFUSED], "each exactly once");
    wait_distributed(&browser, "Marc").await;
    show_result(&browser).await;
    browser.audit_and_screenshot("6-mail-retried").await;
    browser.close().await;
}

#[tokio::test]
async fn without_a_mail_server_the_admin_is_told_at_once() {
    let (_dir, _server, browser) = Start::example().signed_in("direction", 4).await;
    // Said from the start, in words, next to a button that cannot be pressed: no dialog asks to
    // confirm something that cannot happen.
    browser
        .wait_text(
            "[data-testid=mail-off]",
            "L’envoi par courriel n’est pas activé sur ce serveur : utilisez le PDF ou contactez \
             l’administrateur.",
        )
        .await;
    let button = browser.wait_for("[data-testid=send-mail]").await;
    assert!(!button.is_enabled().await.unwrap());
    assert_eq!(
        button.attr("aria-describedby").await.unwrap().as_deref(),
        Some("mail-off")
    );
    browser.close().await;
}

/// The demo's e-mail works with no mail server to set up. `sesame demo` without
/// `--smtp-url` writes each message as an `.eml` file; « Envoyer par courriel » in the page
/// sends to every selected teacher with an address, and each one's file is there to open.
#[tokio::test]
async fn the_demo_sends_to_a_folder_a_person_can_open() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Sesame::from_env().demo(dir.path(), &sesame_testkit::school::app_dist(), &[], &[]);
    assert!(demo.mail_line().contains(".eml"), "{}", demo.mail_line());
    let folder = dir.path().join("demo-mail");
    let browser = Browser::start().await;
    browser
        .submit_login(&demo.url, "demo", &demo.password("demo"))
        .await;
    browser.wait_for("[data-testid=selected-count]").await;

    // The teachers with an address, by the page's own address (the filters are its query).
    browser.goto_query("profile=Teacher&email=with").await;
    browser.wait_for("[data-testid=user-row]").await;
    let selected: usize = browser
        .text_of("[data-testid=selected-count]")
        .await
        .parse()
        .unwrap();
    assert!(selected > 0, "the demo has teachers with an address");
    // The e-mail column of the rows shown (a column to show: the default leaves it out); the
    // table shows every selected row.
    browser.show_column("email").await;
    let addresses: Vec<String> = browser
        .column_named("email")
        .await
        .into_iter()
        .filter(|text| text.contains('@'))
        .collect();
    assert_eq!(addresses.len(), selected, "{addresses:?}");

    browser.open_mail_dialog().await;
    browser.click("[data-testid=mail-confirm-ok]").await;
    browser
        .wait_text("[data-testid=mail-sent-count]", &selected.to_string())
        .await;
    browser.wait_text("[data-testid=mail-failed-count]", "0").await;
    show_result(&browser).await;
    browser.audit_and_screenshot("11-demo-mail-folder").await;

    // One file per recipient, each a message a mail client opens, to that teacher.
    let mut received: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .inspect(|path| assert_eq!(path.extension().unwrap(), "eml", "{path:?}"))
        .map(|path| sesame_testkit::smtp::parse(&std::fs::read(path).unwrap()))
        .inspect(|message| {
            assert!(
                message.text.to_lowercase().contains("identifiant"),
                "{}",
                message.text
            );
        })
        .map(|message| message.to_address)
        .collect();
    received.sort();
    let mut expected = addresses;
    expected.sort();
    assert_eq!(received, expected);
    browser.close().await;
}
