//! A password the server just generated, shown once: to be handed to its administrator now. It
//! lives in this component only, gone when « Je l’ai noté » closes it or the page is left.
//!
//! It appears where the administrator's eye already is — in place of the form they submitted, or
//! under the row whose password they reset — and takes the focus, so neither a sighted reader
//! nor a screen reader can miss it; « Copier » puts it in the clipboard (or, where the browser
//! refuses, selects it for Ctrl+C). Closing the tab or reloading before « Je l’ai noté » asks
//! first: the password cannot be shown again.

use leptos::prelude::*;
use sesame_core::wire::IssuedPassword;

use crate::browser;
use crate::i18n::{use_lang, LangTexts};

/// What « Copier » did.
#[derive(Clone, Copy, PartialEq)]
enum Copy {
    Not,
    /// In the clipboard.
    Copied,
    /// The browser refused the clipboard (plain HTTP on a school's network): selected instead.
    Selected,
}

#[component]
pub fn IssuedPasswordNotice(issued: IssuedPassword, on_close: Callback<()>) -> impl IntoView {
    let t = move || use_lang().get().admin();
    let region = NodeRef::<leptos::html::Section>::new();
    let secret = NodeRef::<leptos::html::Code>::new();
    // Moving the focus also scrolls it into view.
    Effect::new(move |_| {
        if let Some(region) = region.get() {
            let _ = region.focus();
        }
    });
    let guard = window_event_listener(leptos::ev::beforeunload, |ev| ev.prevent_default());
    on_cleanup(move || guard.remove());

    let copied = RwSignal::new(Copy::Not);
    let password = issued.password.clone();
    let copy = Action::new_local(move |_: &()| {
        let password = password.clone();
        async move {
            if browser::copy_text(&password).await {
                copied.set(Copy::Copied);
            } else {
                if let Some(code) = secret.get_untracked() {
                    browser::select_contents(&code);
                }
                copied.set(Copy::Selected);
            }
        }
    });
    let login = issued.login.clone();
    view! {
        <section class="issued" tabindex="-1" node_ref=region aria-labelledby="issued-heading" data-testid="issued">
            <h4 id="issued-heading">{move || (t().issued_for)(&login)}</h4>
            <p class="issued-secret">
                <code class="secret" node_ref=secret data-testid="issued-password">{issued.password}</code>
                " "
                <button type="button" data-testid="issued-copy" on:click=move |_| { copy.dispatch(()); }>{move || t().issued_copy}</button>
                " "
                <span role="status" data-testid="issued-copied">
                    {move || match copied.get() {
                        Copy::Not => "",
                        Copy::Copied => t().issued_copied,
                        Copy::Selected => t().issued_selected,
                    }}
                </span>
            </p>
            <p class="hint">{move || t().issued_note}</p>
            <button type="button" class="primary" data-testid="issued-close" on:click=move |_| on_close.run(())>
                {move || t().issued_close}
            </button>
        </section>
    }
}
