//! The whole app's module (`sesame_core::app_module`) from a page that has the steps module.
//!
//! The server answers a page of the whole app with `whole.html`, which loads that module
//! itself; the steps module only meets those pages when a link leads there, or when a server
//! that answers every path with `index.html` (`trunk serve`, a static server's fallback) gave it
//! one. In the first case the page is loaded again from its address; in the second it loads the
//! whole app's module into this very page instead of drawing — never reloading, so a server
//! without `whole.html` cannot make the page reload forever.

use sesame_core::app_module::AppModule;
use wasm_bindgen::JsCast;

/// The whole app's wasm-bindgen glue (`--target no-modules`: it defines `wasm_bindgen`) and the
/// loader that starts its module (`public/sesame-whole_loader.js`), in this order.
const SCRIPTS: [&str; 2] = ["/sesame-whole.js", "/sesame-whole_loader.js"];

/// Whether this page's address is one of the whole app's.
pub fn is_here() -> bool {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .is_some_and(|path| AppModule::for_path(&path) == AppModule::Whole)
}

/// Loads the page at `address` (a path with its query), replacing the current entry of the
/// history: the router has already pushed it, and the server's answer replaces this page.
pub fn open(address: &str) {
    if let Some(window) = web_sys::window() {
        // A failed navigation leaves the status shown; there is nothing better to say.
        let _ = window.location().replace(address);
    }
}

/// Starts the whole app's module in this page, the steps module drawing nothing.
pub fn load() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(head) = document.head() else { return };
    for src in SCRIPTS {
        let Ok(script) = document.create_element("script") else {
            return;
        };
        let script: web_sys::HtmlScriptElement = script.unchecked_into();
        script.set_src(src);
        // Scripts added by a script run as soon as they arrive unless told otherwise: the
        // loader needs the glue first.
        script.set_async(false);
        let _ = head.append_child(&script);
    }
}
