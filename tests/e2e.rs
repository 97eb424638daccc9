//! End-to-end: the built app, served by the real `sesame`, in a real headless Chromium.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Server};

#[tokio::test]
async fn the_built_app_mounts_in_chromium() {
    let server = Server::start();
    let browser = Browser::start().await;
    browser.client.goto(&format!("{}/", server.url)).await.unwrap();
    let title = browser.wait_for("[data-testid=app] h1").await;
    assert_eq!(title.text().await.unwrap(), "Sésame");
    browser.screenshot("shell").await;
    browser.close().await;
}

#[tokio::test]
async fn an_app_route_loads_the_app_too() {
    let server = Server::start();
    let browser = Browser::start().await;
    browser
        .client
        .goto(&format!(
            "{}/structures/demo/distribution?profile=Student",
            server.url
        ))
        .await
        .unwrap();
    browser.wait_for("[data-testid=app]").await;
    browser.close().await;
}
