//! In-browser tests of the app's components (`wasm-bindgen-test` in headless Chromium).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn app_mounts_and_shows_the_product_name() {
    let document = web_sys::window().unwrap().document().unwrap();
    let parent = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&parent).unwrap();
    let handle = leptos::mount::mount_to(parent.clone().unchecked_into(), sesame_app::App);
    let title = parent
        .query_selector("[data-testid=app] h1")
        .unwrap()
        .expect("the app's title");
    assert_eq!(title.text_content().unwrap(), "Sésame");
    drop(handle);
    assert!(
        parent.query_selector("[data-testid=app]").unwrap().is_none(),
        "unmounted"
    );
}
