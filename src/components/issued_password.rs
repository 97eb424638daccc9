//! A password the server just generated, shown once: to be handed to its administrator now. It
//! lives in this component only, gone when « C'est noté » closes it or the page is left.

use leptos::prelude::*;
use sesame_core::wire::IssuedPassword;

use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn IssuedPasswordNotice(issued: IssuedPassword, on_close: Callback<()>) -> impl IntoView {
    let t = move || use_lang().get().admin();
    let login = issued.login.clone();
    view! {
        <div class="issued" role="status" data-testid="issued">
            <p>{move || (t().issued_for)(&login)}</p>
            <p><code class="secret" data-testid="issued-password">{issued.password}</code></p>
            <p class="hint">{move || t().issued_note}</p>
            <button type="button" data-testid="issued-close" on:click=move |_| on_close.run(())>{move || t().issued_close}</button>
        </div>
    }
}
