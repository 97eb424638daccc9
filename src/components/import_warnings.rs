//! An opened file's warnings in local mode (ignored columns, children not found…): folded away
//! unless asked for, since they stop nothing.

use leptos::prelude::*;

use crate::i18n::{use_lang, LangTexts};

/// An opened file's warnings, folded away unless asked for (they do not stop anything).
#[component]
pub fn ImportWarnings(warnings: Vec<String>) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    (!warnings.is_empty()).then(|| {
        let count = warnings.len();
        view! {
            <details class="import-warnings" data-testid="import-warnings">
                <summary>{move || format!("{} ({count})", texts().local_warnings)}</summary>
                <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </details>
        }
    })
}
