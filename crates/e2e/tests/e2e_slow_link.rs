//! End-to-end, in a real headless Chromium against the real `sesame`: what a school's slow link
//! no longer waits for.
//!
//! - **The sign-in form before the module.** `/login`'s HTML draws the form itself: with the
//!   app's WebAssembly held back (DevTools' `Fetch` domain), the form is on screen and takes what
//!   is typed; once the module is let through, the app's own form has it, caret included, and
//!   signs in. Sent before the module, that form signs in on its own — a refusal said in it, the
//!   directory downloaded once signed in — and the module, once let through, opens the table
//!   with that session and that directory, asking for neither again. A sign-in still on its way
//!   when the module comes is awaited, not sent again; an address with a page to go back to
//!   (`?next=`) leaves the directory to the app; signing out forgets what the page's script began.
//! - **The PDF before the click.** Once the table is drawn and the page idle, the page starts its
//!   PDF worker, which fetches its module and the fonts' core cuts while the administrator
//!   chooses; the click then downloads nothing more, and each font is fetched once (the worker's
//!   own start and the first job share the download). On a connection that asks to save data
//!   nothing is fetched ahead: the worker comes with the click, as before. Every request of the
//!   page and of its workers is seen through DevTools ([`Throttled`], here at full speed).
//! - **Step 3 after the table.** Step 3's code is a chunk of its own the page fetches once the
//!   steps are drawn: with it held, the table is there and step 3 says « Chargement… »; a fetch
//!   that fails says so, and « Réessayer » fetches it again and shows the step.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Duration;

use serde_json::{json, Value};
use sesame_testkit::browser::{eventually, Browser, Start};
use sesame_testkit::cdp::{Cdp, Conditions, Event, Throttled};
use sesame_testkit::tools::assert_valid_pdf;
use sesame_testkit::{Server, PASSWORD};
use tokio::sync::mpsc::UnboundedReceiver;

const PUPILS: usize = 60;
const ACCOUNTS: usize = 78;

/// No throttling (DevTools reads a throughput of -1 byte/s as none): requests only recorded.
const FULL_SPEED: Conditions = Conditions {
    latency_ms: 0.0,
    down_bits_per_second: -8.0,
    up_bits_per_second: -8.0,
};

const CORE_FONT: &str = "/fonts/DejaVuSans-core.ttf";
const WORKER_MODULE: &str = "/pdf-worker_bg.wasm";

/// How many requests for a URL ending in `end` were sent so far, by the page or its workers.
fn sent(throttled: &Throttled, end: &str) -> usize {
    throttled
        .requests()
        .iter()
        .filter(|r| r.url.ends_with(end))
        .count()
}

/// Signs in and waits for the table, the page and its workers recorded from the start; with
/// `save_data`, the browser says the connection saves data (as Chromium's data saver does).
async fn table(save_data: bool) -> (tempfile::TempDir, Server, Browser, Throttled) {
    let (dir, server, browser) = Start::school(PUPILS).open().await;
    let throttled = Throttled::start(&browser, FULL_SPEED).await;
    if save_data {
        // Before the page's own scripts, which the page's CSP does not govern.
        let source = "Object.defineProperty(Navigator.prototype, 'connection', \
            {configurable: true, get: () => ({saveData: true, type: 'wifi', effectiveType: '4g'})});";
        let page = Some(throttled.page_session());
        throttled.cdp.call(page, "Page.enable", json!({})).await.unwrap();
        throttled
            .cdp
            .call(
                page,
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": source }),
            )
            .await
            .unwrap();
    }
    browser.sign_in(&server.url, "direction", ACCOUNTS).await;
    (dir, server, browser, throttled)
}

/// Waits until the page has marked `name` (`performance.mark`), at most 20 s.
async fn wait_for_mark(browser: &Browser, name: &str) {
    let script = format!("return performance.getEntriesByName('{name}').length > 0;");
    eventually(20, || async {
        let marked = browser.client.execute(&script, vec![]).await.unwrap();
        if marked.as_bool().unwrap() {
            Ok(())
        } else {
            Err(format!("the page never marked {name}"))
        }
    })
    .await;
}

/// Clicks « Générer le PDF » and checks the PDF built (with qpdf).
async fn generate(browser: &Browser, dir: &std::path::Path) {
    browser.click("[data-testid=generate-pdf]").await;
    let link = browser
        .wait_for_at_most("[data-testid=pdf-ready]", Duration::from_secs(60))
        .await;
    let url = link.attr("href").await.unwrap().expect("a blob address");
    let pdf = dir.join("letters.pdf");
    std::fs::write(&pdf, browser.blob_bytes(&url).await).unwrap();
    assert_valid_pdf(&pdf);
}

#[tokio::test]
async fn the_pdf_worker_and_its_fonts_arrive_before_the_click_and_once() {
    let (dir, _server, browser, throttled) = table(false).await;
    wait_for_mark(&browser, "sesame:pdf-warm-up").await;
    // The worker's module and the core cut come without a click.
    eventually(30, || async {
        let requests = throttled.requests();
        let arrived = requests
            .iter()
            .filter(|r| r.url.ends_with(WORKER_MODULE) || r.url.ends_with(CORE_FONT))
            .filter(|r| r.response.as_ref().is_some_and(|r| r.end_ms.is_some()))
            .count();
        if arrived >= 2 {
            Ok(())
        } else {
            Err(format!(
                "the worker and its fonts were not fetched ahead: {:#?}",
                requests.iter().map(|r| &r.url).collect::<Vec<_>>()
            ))
        }
    })
    .await;
    let font = throttled
        .requests()
        .into_iter()
        .find(|r| r.url.ends_with(CORE_FONT))
        .unwrap();
    assert_eq!(font.target, "worker", "the worker fetches its fonts itself");

    generate(&browser, dir.path()).await;
    // The click downloaded nothing again: one worker, each font once.
    assert_eq!(sent(&throttled, WORKER_MODULE), 1);
    assert_eq!(sent(&throttled, CORE_FONT), 1);
    browser.close().await;
}

#[tokio::test]
async fn a_connection_saving_data_fetches_the_worker_only_at_the_click() {
    let (dir, _server, browser, throttled) = table(true).await;
    wait_for_mark(&browser, "sesame:pdf-warm-up-skipped").await;
    assert_eq!(
        sent(&throttled, WORKER_MODULE),
        0,
        "the worker came before the click"
    );
    assert_eq!(sent(&throttled, CORE_FONT), 0, "the fonts came before the click");

    generate(&browser, dir.path()).await;
    assert_eq!(sent(&throttled, WORKER_MODULE), 1);
    assert_eq!(sent(&throttled, CORE_FONT), 1);
    browser.close().await;
}

/// Evaluates `expression` in the page through DevTools (which answers while the page is still
/// loading, where WebDriver would wait for it).
async fn evaluate(cdp: &Cdp, session: &str, expression: &str) -> Value {
    let answer = cdp
        .call(
            Some(session),
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        )
        .await
        .unwrap();
    answer["result"]["value"].clone()
}

#[tokio::test]
async fn the_sign_in_form_is_drawn_and_filled_before_the_module_and_kept_after() {
    let (_dir, _server, browser, cdp, session, held) = sign_in_page_module_held().await;
    let s = Some(session.as_str());

    // The module is held: the form is the page's own, on screen, and takes what is typed. The
    // module is asked for from the page's head, so the body may still be on its way: waited for.
    let shown = "(() => { const f = document.querySelector('[data-testid=static-login-form]'); \
        return !!f && f.offsetHeight > 0 && !document.querySelector('[data-testid=login-form]'); })()";
    evaluate_until(&cdp, &session, shown, |v| *v == json!(true)).await;
    evaluate(&cdp, &session, "document.getElementById('boot-login').focus()").await;
    cdp.call(s, "Input.insertText", json!({"text": "direction"}))
        .await
        .unwrap();
    evaluate(&cdp, &session, "document.getElementById('boot-password').focus()").await;
    cdp.call(s, "Input.insertText", json!({"text": PASSWORD}))
        .await
        .unwrap();
    // For a person to look at: the form as the HTML draws it, filled, the module not yet there.
    screenshot(&cdp, &session, "sign-in-before-the-module").await;
    let disabled = "document.querySelector('[data-testid=static-login-submit]').disabled";
    assert_eq!(
        evaluate(&cdp, &session, disabled).await,
        json!(false),
        "the page's script lets it be sent"
    );

    // The module comes: the app's form has what was typed, and the caret where it was.
    release(&cdp, &session, &held).await;
    browser.wait_for("[data-testid=login-form]").await;
    let state = "(() => ({ login: document.querySelector('[data-testid=login-input]').value, \
        password: document.querySelector('[data-testid=password-input]').value, \
        focused: document.activeElement && document.activeElement.dataset.testid, \
        copies: document.querySelectorAll('[data-testid=static-login-form]').length }))()";
    let state = evaluate(&cdp, &session, state).await;
    assert_eq!(
        state,
        json!({"login": "direction", "password": PASSWORD, "focused": "password-input", "copies": 0})
    );
    browser.click("[data-testid=login-submit]").await;
    browser.wait_selected(ACCOUNTS).await;
    browser.close().await;
}

/// What the page's own form says, and whether it can be sent.
const STATUS: &str = "(() => { const p = document.querySelector('[data-testid=static-login-status]'); \
    return { role: p.getAttribute('role'), text: p.textContent, hidden: p.hidden, \
        password: document.getElementById('boot-password').value, \
        sendable: !document.querySelector('[data-testid=static-login-submit]').disabled }; })()";

/// How many requests the page sent for a URL ending in `end` (its Resource Timing).
fn sent_by_page(end: &str) -> String {
    format!("performance.getEntriesByType('resource').filter(r => r.name.endsWith({end:?})).length")
}

#[tokio::test]
async fn a_sign_in_sent_before_the_module_opens_the_table_when_it_comes() {
    let (_dir, server, browser, cdp, session, held) = sign_in_page_module_held().await;
    let page = |expression: String, done: fn(&Value) -> bool| {
        let (cdp, session) = (&cdp, &session);
        async move { evaluate_until(cdp, session, &expression, done).await }
    };
    page(STATUS.to_owned(), |v| v["sendable"] == json!(true)).await;

    // A wrong password: refused in the page's own form, in the server's words, and it can be
    // sent again.
    evaluate(&cdp, &session, &send_form("pas le bon")).await;
    let refused = page(STATUS.to_owned(), |v| {
        v["role"] == "alert" && v["sendable"] == json!(true)
    })
    .await;
    assert_eq!(refused["text"], "Identifiant ou mot de passe incorrect.");
    assert_eq!(refused["hidden"], json!(false));

    // The right one: signed in, the password field emptied, the directory asked for.
    evaluate(&cdp, &session, &send_form(PASSWORD)).await;
    let signed_in = page(STATUS.to_owned(), |v| v["text"] == "Connecté : Sésame se charge…").await;
    assert_eq!(signed_in["password"], json!(""));
    assert_eq!(signed_in["role"], "status");
    // Asked for, not yet read (Resource Timing lists a `fetch` once its body is read): the
    // page's script keeps it for the app.
    let asked = "(window.sesameBoot.directory || {}).structureId || null";
    page(asked.to_owned(), Value::is_string).await;
    screenshot(&cdp, &session, "sign-in-sent-before-the-module").await;

    // The module comes: the table, without the app's form and without asking again.
    release(&cdp, &session, &held).await;
    browser.wait_selected(ACCOUNTS).await;
    assert_eq!(
        evaluate(&cdp, &session, &sent_by_page("/users")).await,
        json!(1),
        "the directory asked for once"
    );
    assert_eq!(
        sign_ins(&server),
        (1, 1),
        "the refused sign-in and the one that opened the session, nothing more"
    );
    let address = browser.client.current_url().await.unwrap();
    assert!(address.path().ends_with("/distribution"), "{address}");
    assert_eq!(browser.count("[data-testid=login-form]").await, 0);
    browser.close().await;
}

/// A script that fills the page's own form as `direction` with `password` and sends it.
fn send_form(password: &str) -> String {
    format!(
        "document.getElementById('boot-login').value = 'direction'; \
         document.getElementById('boot-password').value = {password:?}; \
         document.querySelector('[data-testid=static-login-submit]').click();"
    )
}

/// The server's log: how many sign-ins it refused, and how many opened a session.
fn sign_ins(server: &Server) -> (usize, usize) {
    let log = server.log();
    let lines = |text: &str| log.lines().filter(|l| l.contains(text)).count();
    (lines("failed sign-in"), lines("signed in"))
}

#[tokio::test]
async fn a_sign_in_still_on_its_way_when_the_module_comes_is_awaited_and_sign_out_forgets_it() {
    let (_dir, server, browser) = Start::school(PUPILS).open().await;
    let (cdp, mut events, session) = hold(&browser, &["*.wasm", "*/api/session"]).await;
    let s = Some(session.as_str());
    let login = format!("{}/login", server.url);
    let module = open_held(&cdp, &session, &mut events, &login).await;
    evaluate_until(&cdp, &session, STATUS, |v| v["sendable"] == json!(true)).await;

    // Sent, and held on its way: the page's form says it is signing in, and cannot be sent twice.
    evaluate(&cdp, &session, &send_form(PASSWORD)).await;
    let (sign_in, request) = next_paused(&mut events).await;
    assert_eq!(request["method"], "POST", "{request}");
    assert!(
        request["url"].as_str().unwrap().ends_with("/api/session"),
        "{request}"
    );
    let status = evaluate(&cdp, &session, STATUS).await;
    assert_eq!(
        (&status["text"], &status["sendable"]),
        (&json!("Connexion…"), &json!(false))
    );

    // The module comes before the answer; whatever else the page asks for goes through.
    let others = tokio::spawn(let_through(cdp.clone(), session.clone(), events));
    cdp.call(s, "Fetch.continueRequest", json!({ "requestId": module }))
        .await
        .unwrap();
    // The app's form takes the page's over and waits for that answer rather than sending another.
    let waiting = "(() => { const b = document.querySelector('[data-testid=login-submit]'); \
        return !!b && b.disabled && !document.getElementById('boot') \
            && document.querySelector('[data-testid=login-input]').value; })()";
    evaluate_until(&cdp, &session, waiting, |v| *v == json!("direction")).await;

    // The answer comes: the table, signed in once.
    cdp.call(s, "Fetch.continueRequest", json!({ "requestId": sign_in }))
        .await
        .unwrap();
    browser.wait_selected(ACCOUNTS).await;
    cdp.call(s, "Fetch.disable", json!({})).await.unwrap();
    others.abort();
    // Had the app sent a sign-in of its own, let through, the server would have logged two.
    assert_eq!(sign_ins(&server), (0, 1), "one sign-in, the page's");
    assert_eq!(
        evaluate(&cdp, &session, &sent_by_page("/users")).await,
        json!(1),
        "the directory asked for once"
    );

    // Signing out forgets what the page's script began — in the same document (marked before:
    // a reload would forget it too, and prove nothing).
    let boot = "({ boot: typeof window.sesameBoot, same: window.__sameDocument === true })";
    evaluate(&cdp, &session, "window.__sameDocument = true").await;
    assert_eq!(
        evaluate(&cdp, &session, boot).await,
        json!({"boot": "object", "same": true})
    );
    browser.click("[data-testid=logout]").await;
    browser.wait_for("[data-testid=login-form]").await;
    assert_eq!(
        evaluate(&cdp, &session, boot).await,
        json!({"boot": "undefined", "same": true})
    );
    browser.close().await;
}

#[tokio::test]
async fn a_sign_in_sent_from_an_address_to_go_back_to_leaves_the_directory_to_the_app() {
    let (_dir, server, browser) = Start::school(PUPILS).open().await;
    let (cdp, mut events, session) = hold(&browser, &["*.wasm"]).await;
    // A page to go back to once signed in (`next`, here the administrator's account, as after a
    // session that expired there): where the app goes is its to decide, so the page's script
    // downloads no directory ahead.
    let bookmark = format!("{}/login?next=%2Faccount", server.url);
    let module = open_held(&cdp, &session, &mut events, &bookmark).await;
    evaluate_until(&cdp, &session, STATUS, |v| v["sendable"] == json!(true)).await;
    evaluate(&cdp, &session, &send_form(PASSWORD)).await;
    evaluate_until(&cdp, &session, STATUS, |v| {
        v["text"] == "Connecté : Sésame se charge…"
    })
    .await;
    // Decided in the same step as the words above: no directory asked for, none on its way.
    assert_eq!(
        evaluate(&cdp, &session, "window.sesameBoot.directory").await,
        Value::Null
    );
    assert_eq!(evaluate(&cdp, &session, &sent_by_page("/users")).await, json!(0));

    // The module comes: the app goes where `next` says, signed in by the page's form.
    release(&cdp, &session, &module).await;
    browser.wait_for("[data-testid=account-form]").await;
    assert_eq!(browser.path().await, "/account");
    assert_eq!(sign_ins(&server), (0, 1));
    browser.close().await;
}

/// Lets every request DevTools pauses through, for as long as it runs: what a test does not hold
/// once it holds the one it wanted.
async fn let_through(cdp: Cdp, session: String, mut events: UnboundedReceiver<Event>) {
    while let Some(event) = events.recv().await {
        if event.method == "Fetch.requestPaused" {
            let id = event.params["requestId"].clone();
            let _ = cdp
                .call(
                    Some(&session),
                    "Fetch.continueRequest",
                    json!({ "requestId": id }),
                )
                .await;
        }
    }
}

/// Evaluates `expression` in the page until `done` holds of its value (10 s at most), and
/// returns that value.
async fn evaluate_until(cdp: &Cdp, session: &str, expression: &str, done: fn(&Value) -> bool) -> Value {
    eventually(10, || async {
        let value = evaluate(cdp, session, expression).await;
        if done(&value) {
            Ok(value)
        } else {
            Err(format!("{expression}: still {value}"))
        }
    })
    .await
}

/// A screenshot of the page through DevTools (which takes it while the page is still loading,
/// where WebDriver would wait), `target/screenshots/NAME.png`, for a person to look at.
async fn screenshot(cdp: &Cdp, session: &str, name: &str) {
    let shot = cdp
        .call(Some(session), "Page.captureScreenshot", json!({"format": "png"}))
        .await
        .unwrap();
    let png = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        shot["data"].as_str().unwrap(),
    )
    .unwrap();
    let shots = sesame_testkit::workspace().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join(format!("{name}.png")), png).unwrap();
}

/// A school, and its sign-in page opening in Chromium with every WebAssembly module held back
/// until the test lets it through ([`release`]): DevTools' connection, the page's session there
/// and the held request.
async fn sign_in_page_module_held() -> (tempfile::TempDir, Server, Browser, Cdp, String, String) {
    let (dir, server, browser) = Start::school(PUPILS).open().await;
    let (cdp, mut events, session) = hold(&browser, &["*.wasm"]).await;
    let held = open_held(&cdp, &session, &mut events, &format!("{}/login", server.url)).await;
    (dir, server, browser, cdp, session, held)
}

/// Opens `url` through DevTools, and waits for the page to ask for its module, which is held:
/// the held request's id.
async fn open_held(cdp: &Cdp, session: &str, events: &mut UnboundedReceiver<Event>, url: &str) -> String {
    cdp.call(Some(session), "Page.navigate", json!({ "url": url }))
        .await
        .unwrap();
    let (held, module) = next_paused(events).await;
    assert!(
        module["url"].as_str().unwrap().ends_with(".wasm"),
        "the module first: {module}"
    );
    held
}

/// Lets the request `held` through, and holds nothing more.
async fn release(cdp: &Cdp, session: &str, held: &str) {
    let s = Some(session);
    cdp.call(s, "Fetch.continueRequest", json!({"requestId": held}))
        .await
        .unwrap();
    cdp.call(s, "Fetch.disable", json!({})).await.unwrap();
}

/// The next request DevTools paused (`Fetch.requestPaused`): its id, and the request itself
/// (`url`, `method`…).
async fn next_paused(events: &mut UnboundedReceiver<Event>) -> (String, Value) {
    loop {
        let event = tokio::time::timeout(Duration::from_secs(20), events.recv())
            .await
            .expect("the page asks for what is held")
            .expect("DevTools events");
        if event.method == "Fetch.requestPaused" {
            return (
                event.params["requestId"].as_str().unwrap().to_owned(),
                event.params["request"].clone(),
            );
        }
    }
}

/// DevTools on the page, holding every request whose URL matches one of `patterns` until the
/// test lets it through or fails it (`Fetch`): the connection, its events and the page's session.
async fn hold(browser: &Browser, patterns: &[&str]) -> (Cdp, UnboundedReceiver<Event>, String) {
    let (cdp, events) = Cdp::connect(&browser.devtools_url()).await;
    let session = cdp.attach_to_page().await;
    let patterns: Vec<Value> = patterns
        .iter()
        .map(|pattern| json!({"urlPattern": pattern, "requestStage": "Request"}))
        .collect();
    cdp.call(Some(&session), "Fetch.enable", json!({ "patterns": patterns }))
        .await
        .unwrap();
    (cdp, events, session)
}

#[tokio::test]
async fn step_three_comes_after_the_table_and_a_failed_fetch_can_be_retried() {
    let (_dir, server, browser) = Start::school(PUPILS).open().await;
    let (cdp, mut events, session) = hold(&browser, &["*_distribute.wasm"]).await;
    let s = Some(session.as_str());
    browser.submit_login(&server.url, "direction", PASSWORD).await;

    // Held: the table is drawn all the same, and step 3 says it is coming.
    let (held, chunk) = next_paused(&mut events).await;
    assert!(
        chunk["url"].as_str().unwrap().contains("/sesame-app-"),
        "the page's module's own chunk: {chunk}"
    );
    browser.wait_selected(ACCOUNTS).await;
    browser.wait_for("[data-testid=distribute-loading]").await;
    browser
        .screenshot_of("[data-testid=distribute-loading]", "step-three-coming")
        .await;
    assert_eq!(browser.count("[data-testid=generate-pdf]").await, 0);

    // The fetch fails (the network, a server restarting): the step says so.
    cdp.call(
        s,
        "Fetch.failRequest",
        json!({"requestId": held, "errorReason": "ConnectionFailed"}),
    )
    .await
    .unwrap();
    browser.wait_for("[data-testid=distribute-unavailable]").await;
    browser
        .screenshot_of("[data-testid=distribute-unavailable]", "step-three-unavailable")
        .await;
    let problems = browser.take_problems().await;
    assert!(!problems.is_empty(), "a failed fetch is a console error");
    assert!(
        problems
            .iter()
            .all(|p| p.contains("_distribute.wasm") || p.contains("Failed to fetch")),
        "only the chunk's failure: {problems:?}"
    );

    // « Réessayer » asks again; let through, the step is there and works.
    browser.click("[data-testid=distribute-retry]").await;
    let (again, _) = next_paused(&mut events).await;
    release(&cdp, &session, &again).await;
    browser.generate_pdf().await;
    browser.close().await;
}
