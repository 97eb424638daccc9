//! What local mode says of the file opened: being read, refused (core's messages, one per bad
//! line), or read — its accounts, encoding and delimiter, its warnings, and whether the
//! settings still lack what a letter needs.

use leptos::prelude::*;

use crate::components::import_errors::ImportErrors;
use crate::components::import_warnings::ImportWarnings;
use crate::components::local_file::FileState;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn LocalFileStatus(
    state: RwSignal<FileState>,
    /// Whether the settings hold what a letter needs.
    has_settings: Memo<bool>,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    view! {
        <div aria-live="polite">
            {move || match state.get() {
                FileState::None => ().into_any(),
                FileState::Reading(name) => view! {
                    <p role="status" data-testid="local-reading">
                        <span class="spinner" aria-hidden="true"></span>" "{(texts().local_reading)(&name)}
                    </p>
                }.into_any(),
                FileState::Refused { name, problems } => view! { <ImportErrors name=name problems=problems /> }.into_any(),
                FileState::Loaded { name, accounts, encoding, delimiter, warnings } => view! {
                    <p class="done" data-testid="local-loaded">{(texts().local_loaded)(&name, accounts, &encoding, delimiter)}</p>
                    <ImportWarnings warnings=warnings />
                    {move || (!has_settings.get()).then(|| view! {
                        <p class="guidance warning" data-testid="local-needs-settings">
                            {move || texts().local_needs_settings}
                        </p>
                    })}
                }.into_any(),
            }}
        </div>
    }
}
