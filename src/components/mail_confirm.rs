//! The question asked before any credential e-mail leaves: "Envoyer leurs identifiants à N
//! comptes ? M sans courriel seront ignorés.", then, among them, how many sign in with an outside
//! account (they need no credentials) and how many are already activated (their message has no
//! code) — core's [`MailCounts`] — with *Annuler* and *Envoyer*.
//!
//! A native modal `<dialog>` opened with `showModal()`, because the browser then does what an
//! accessible modal needs and a hand-made one gets wrong: the page behind becomes inert, Tab
//! stays inside, Escape closes it, and screen readers announce it as a modal dialog (the
//! explicit `role`/`aria-modal` say the same to older readers). Focus starts on *Annuler*:
//! sending is the one step that cannot be undone, so Enter alone must not do it.

use leptos::html;
use leptos::prelude::*;

use sesame_core::selection::directory::MailCounts;

use crate::i18n::{use_lang, LangTexts};

/// The confirmation dialog; the parent shows it while a confirmation is pending and removes it
/// when either callback runs.
#[component]
pub fn MailConfirm(
    /// Who would get a message, who would not, and what of them the administrator should know
    /// first (outside sign-ins, accounts already activated).
    counts: MailCounts,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let MailCounts {
        reachable,
        without_email: without,
        external,
        activated,
    } = counts;
    let dialog = NodeRef::<html::Dialog>::new();
    let cancel = NodeRef::<html::Button>::new();
    // Once mounted: make it modal and move the focus in.
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            if let Some(cancel) = cancel.get() {
                let _ = cancel.focus();
            }
        }
    });
    view! {
        // Escape closes a modal dialog natively and fires `close`: that is a cancel.
        <dialog node_ref=dialog class="confirm" data-testid="mail-confirm" role="dialog" aria-modal="true"
            aria-labelledby="mail-confirm-title" aria-describedby="mail-confirm-text"
            on:close=move |_| on_cancel.run(())>
            <h3 id="mail-confirm-title">{move || texts().mail_confirm_title}</h3>
            <p id="mail-confirm-text">
                {move || if reachable == 0 {
                    texts().mail_nobody.to_owned()
                } else {
                    (texts().mail_confirm)(reachable, without)
                }}
            </p>
            {move || (reachable > 0)
                .then(|| (use_lang().get().distribution().mail_among)(external, activated))
                .flatten()
                .map(|text| view! { <p data-testid="mail-confirm-details">{text}</p> })}
            <div class="actions">
                <button type="button" node_ref=cancel data-testid="mail-cancel"
                    on:click=move |_| on_cancel.run(())>
                    {move || texts().cancel}
                </button>
                <button type="button" class="primary" data-testid="mail-confirm-ok" disabled=reachable == 0
                    on:click=move |_| on_confirm.run(())>
                    {move || texts().mail_confirm_ok}
                </button>
            </div>
        </dialog>
    }
}
