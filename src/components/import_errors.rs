//! A file local mode refused: its problems, one per line as `ligne N : raison` (all of them at
//! once, as `sesame import` prints them, so the file is fixed in one go).

use leptos::prelude::*;

use crate::i18n::{use_lang, LangTexts};

/// A refused file: `problems` are core's messages, each naming its line.
#[component]
pub fn ImportErrors(name: String, problems: Vec<String>) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let count = problems.len();
    view! {
        <div class="error import-errors" role="alert" data-testid="error">
            <p>{move || (texts().local_refused)(&name, count)}</p>
            <ul>
                {problems.into_iter().map(|p| view! { <li data-testid="import-error-line">{p}</li> }).collect_view()}
            </ul>
        </div>
    }
}
