//! Entry point of the whole app's module (`sesame_core::app_module`): every page, loaded by
//! `whole.html` for the pages other than the sign-in and the three steps — the administrators,
//! the import, the letter settings, one's own account and local mode. Built by Trunk as a
//! « worker » (wasm-bindgen's `no-modules` glue and no script of Trunk's in the page), started
//! by `public/sesame-whole_loader.js`.

use leptos::prelude::*;
use sesame_app::components::distribute::Distribute;
use sesame_app::components::distribute_step::DistributeLoader;

fn main() {
    console_error_panic_hook::set_once();
    // The "Chargement…" placeholder (whole.html never shows the sign-in form).
    sesame_app::boot_form::remove();
    leptos::mount::mount_to_body(|| {
        // Step 3 at hand: this module is not split (only the page every school downloads is).
        DistributeLoader(|| Box::pin(async { Some(view! { <Distribute /> }.into_any()) })).provide();
        view! { <sesame_app::App /> }
    });
    sesame_app::browser::mark("sesame:mounted");
}
