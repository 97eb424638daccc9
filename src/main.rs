//! Entry point of the page's module, the steps (`sesame_core::app_module`): install the panic
//! hook and mount. Everything else is in the library so in-browser tests can mount the same
//! components; the whole app's entry point is `src/bin/whole.rs`.

fn main() {
    console_error_panic_hook::set_once();
    if sesame_app::whole_module::is_here() {
        // A page of the whole app, answered with this module by a server that knows no app
        // routes: that module draws it.
        sesame_app::whole_module::load();
        return;
    }
    // The "Chargement…" placeholder of index.html, shown while this module downloaded — but on
    // the sign-in page its form stays until the app's own takes over what was typed there.
    if !sesame_app::boot_form::shows_sign_in() {
        sesame_app::boot_form::remove();
    }
    sesame_app::whole_module::hand_over_links();
    leptos::mount::mount_to_body(sesame_app::StepsApp);
    // For the cold-start benchmark: the module is compiled, started and has drawn its frame.
    sesame_app::browser::mark("sesame:mounted");
}
