//! Entry point of the browser app: install the panic hook and mount. Everything else is in the
//! library so in-browser tests can mount the same components.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(sesame_app::App);
}
