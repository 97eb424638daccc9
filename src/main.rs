//! Entry point of the page's module, the steps (`sesame_core::app_module`): install the panic
//! hook and mount, with step 3 split off into a WebAssembly chunk of its own
//! ([`distribute_step`]). Everything else is in the library so in-browser tests can mount the
//! same components; the whole app's entry point is `src/bin/whole.rs`.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use send_wrapper::SendWrapper;
use sesame_app::components::distribute::Distribute;
use sesame_app::components::distribute_step::{DistributeLoader, DistributeView};

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
    leptos::mount::mount_to_body(|| {
        DistributeLoader(load_distribute).provide();
        view! { <sesame_app::StepsApp /> }
    });
    // For the cold-start benchmark: the module is compiled, started and has drawn its frame.
    sesame_app::browser::mark("sesame:mounted");
}

/// Step 3, split off: `scripts/split_steps.sh` (a Trunk hook) cuts what only this function
/// reaches out of the page's module into `<module>_distribute.wasm`, fetched on the first call.
/// The sign-in and the table, what every cold start waits for, do not need it; it comes while
/// the administrator reads the table. `fallible`: a fetch that fails is an `Err` the step shows
/// (a panic would stop the whole module), and the next call fetches again.
#[wasm_split(distribute, wasm_split_path = ::leptos::wasm_split, fallible)]
fn distribute_step() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <Distribute /> }.into_any())
}

fn load_distribute() -> DistributeView {
    // The chunk's promise is the page's own: never sent across threads (there are none).
    Box::pin(SendWrapper::new(async { distribute_step().await.ok() }))
}
