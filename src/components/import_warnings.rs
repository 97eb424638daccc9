//! An opened file's warnings in local mode (ignored columns, children not found…): folded away
//! unless asked for, since they stop nothing; in the interface's language.

use leptos::prelude::*;
use sesame_core::wire::ImportMessage;

use crate::i18n::{use_lang, LangTexts};

/// An opened file's warnings, folded away unless asked for (they do not stop anything).
#[component]
pub fn ImportWarnings(warnings: Vec<ImportMessage>) -> impl IntoView {
    let lang = use_lang();
    (!warnings.is_empty()).then(|| {
        let count = warnings.len();
        view! {
            <details class="import-warnings" data-testid="import-warnings">
                <summary>{move || format!("{} ({count})", lang.get().texts().local_warnings)}</summary>
                <ul>{warnings.into_iter().map(|w| view! { <li>{move || w.text(lang.get())}</li> }).collect_view()}</ul>
            </details>
        }
    })
}
