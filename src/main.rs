//! Entry point of the browser app: install the panic hook and mount. Everything else is in the
//! library so in-browser tests can mount the same components.

fn main() {
    console_error_panic_hook::set_once();
    // The "Chargement…" placeholder of index.html, shown while this module downloaded — but on
    // the sign-in page its form stays until the app's own takes over what was typed there.
    if !sesame_app::boot_form::shows_sign_in() {
        sesame_app::boot_form::remove();
    }
    leptos::mount::mount_to_body(sesame_app::App);
    // For the cold-start benchmark: the module is compiled, started and has drawn its frame.
    sesame_app::browser::mark("sesame:mounted");
}
