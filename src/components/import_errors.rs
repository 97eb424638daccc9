//! A file local mode refused: its problems, one per line as `ligne N (Prénom Nom) : raison` (all
//! of them at once, as `sesame import` prints them, so the file is fixed in one go), in the
//! interface's language.

use leptos::prelude::*;
use sesame_core::wire::ImportMessage;

use crate::i18n::{use_lang, LangTexts};

/// A refused file: `problems` are core's, each naming its line and whose it is.
#[component]
pub fn ImportErrors(name: String, problems: Vec<ImportMessage>) -> impl IntoView {
    let lang = use_lang();
    let count = problems.len();
    view! {
        <div class="error import-errors" role="alert" data-testid="error">
            <p>{move || (lang.get().texts().local_refused)(&name, count)}</p>
            <ul>
                {problems.into_iter().map(|p| view! {
                    <li data-testid="import-error-line">{move || p.text(lang.get())}</li>
                }).collect_view()}
            </ul>
        </div>
    }
}
