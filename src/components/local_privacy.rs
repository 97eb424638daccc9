//! Local mode's promise, said plainly on the page: the file is read here and goes nowhere — and
//! how an administrator who trusts no one can check it (the browser's network panel).

use leptos::prelude::*;

use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn LocalPrivacy() -> impl IntoView {
    let texts = move || use_lang().get().texts();
    view! {
        <section class="privacy" aria-labelledby="privacy-heading" data-testid="local-privacy">
            <h3 id="privacy-heading">{move || texts().local_private_heading}</h3>
            <p>{move || texts().local_private}</p>
            <details>
                <summary>{move || texts().local_verify}</summary>
                <ol>
                    {move || texts().local_verify_steps.iter().map(|step| view! { <li>{*step}</li> }).collect_view()}
                </ol>
            </details>
        </section>
    }
}
