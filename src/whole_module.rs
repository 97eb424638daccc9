//! The whole app's module (`sesame_core::app_module`) from a page that has the steps module.
//!
//! The server answers a page of the whole app with `whole.html`, which loads that module
//! itself; the steps module only meets those pages when a link leads there, when the app
//! navigates there itself (back from the sign-in to the page asked for), or when a server that
//! answers every path with `index.html` (`trunk serve`, a static server's fallback) gave it one.
//! A click on such a link is left to the browser, a plain page load, before the router would
//! draw it in this page ([`hand_over_links`]); the app's own navigation loads the page again
//! from its address ([`open`]); the last case loads the whole app's module into this very page
//! instead of drawing ([`load`]) — never reloading, so a server without `whole.html` cannot make
//! the page reload forever.

use sesame_core::app_module::AppModule;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The whole app's wasm-bindgen glue (`--target no-modules`: it defines `wasm_bindgen`) and the
/// loader that starts its module (`public/sesame-whole_loader.js`), in this order.
const SCRIPTS: [&str; 2] = ["/sesame-whole.js", "/sesame-whole_loader.js"];

/// Whether this page's address is one of the whole app's.
pub fn is_here() -> bool {
    AppModule::for_path(&crate::browser::current_path()) == AppModule::Whole
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

/// Leaves a click on a link to one of the whole app's pages to the browser: a page load, which
/// the server answers with the whole app. Listening in the capture phase, before the router's
/// own listener, which then finds the click handled (`defaultPrevented`) and leaves it.
pub fn hand_over_links() {
    let Some(window) = web_sys::window() else { return };
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|event: web_sys::MouseEvent| {
        // A new tab, a download, a modified click: the browser's own business already.
        if event.default_prevented()
            || event.button() != 0
            || event.meta_key()
            || event.ctrl_key()
            || event.shift_key()
            || event.alt_key()
        {
            return;
        }
        let Some(anchor) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        if !anchor.target().is_empty() || anchor.has_attribute("download") {
            return;
        }
        let here = web_sys::window().and_then(|w| w.location().origin().ok());
        let Ok(url) = web_sys::Url::new(&anchor.href()) else {
            return;
        };
        if Some(url.origin()) == here && AppModule::for_path(&url.pathname()) == AppModule::Whole {
            event.prevent_default();
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&anchor.href());
            }
        }
    });
    let _ =
        window.add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    // Listens as long as the page lives.
    on_click.forget();
}
