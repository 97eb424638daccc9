//! Step 3's place in the steps: [`Distribute`](crate::components::distribute::Distribute)'s
//! view comes from a [`DistributeLoader`] each module's entry point provides. The steps module
//! (`src/main.rs`) has it split off into a WebAssembly chunk of its own, fetched when the steps
//! are first drawn: what every school downloads before the sign-in and the table is that much
//! smaller (ARCHITECTURE.md, the app's section). The whole app (`src/bin/whole.rs`) has it
//! at hand. Nothing here names `Distribute`: a reference from the library's steps would keep it
//! in the steps module, whatever the split.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::i18n::{use_lang, LangTexts};

/// Step 3's view once its code is there; `None` when its chunk could not be fetched (the
/// network, or a server upgraded in between): the step says so and offers to try again.
pub type DistributeView = Pin<Box<dyn Future<Output = Option<AnyView>> + Send + Sync>>;

/// Where step 3's view comes from, provided (as context) by the module's entry point.
#[derive(Clone, Copy)]
pub struct DistributeLoader(pub fn() -> DistributeView);

impl DistributeLoader {
    /// For the components under this owner: the app's root, before anything is drawn.
    pub fn provide(self) {
        provide_context(self);
    }
}

/// Step 3: « Chargement… » while its chunk comes, then the step, or what went wrong and
/// « Réessayer ».
#[component]
pub fn DistributeStep() -> impl IntoView {
    let DistributeLoader(load) = use_context::<DistributeLoader>()
        .expect("the module's entry point provides step 3's loader (DistributeLoader::provide)");
    // Taken now: after the chunk's `.await` there is no reactive owner to find it from.
    let lang = use_lang();
    let texts = move || lang.get().texts();
    // Each « Réessayer » asks again: a failed fetch is not remembered, the next call retries.
    let attempt = RwSignal::new(0u32);
    let step = move || {
        attempt.track();
        Suspend::new(async move {
            match load().await {
                Some(view) => view,
                None => view! {
                    <div class="error" role="alert" data-testid="distribute-unavailable">
                        <p>{move || lang.get().distribution().step_unavailable}</p>
                        <button type="button" data-testid="distribute-retry"
                            on:click=move |_| attempt.update(|n| *n += 1)>
                            {move || texts().retry}
                        </button>
                    </div>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Suspense fallback=move || view! {
            <p role="status" data-testid="distribute-loading">
                <span class="spinner" aria-hidden="true"></span>" "{move || texts().loading}
            </p>
        }>
            {step}
        </Suspense>
    }
}
