//! "Envoyer par courriel": the selection (in its sort order) is sent as account ids only, after a
//! confirmation; the page then polls the mailing until every message is sent or failed, and shows
//! the result ([`MailResult`](crate::components::mail_result::MailResult)). The writes are
//! [`Mailing`]'s.
//!
//! Decisions:
//! - A server without e-mail (no `--smtp-url`) says so at sign-in (`mailEnabled`): the button is
//!   disabled from the start with the reason beside it, rather than failing after a
//!   confirmation.
//! - The idempotency key is drawn when the confirmation opens and travels with it, and the
//!   confirmation is consumed by the first click: a double click, or the browser resending the
//!   request, finds either nothing to confirm or a key the server already knows.
//! - What is sent and shown is a snapshot of the selection at confirmation: changing a filter
//!   afterwards does not change whose names the result table lists.
//! - Polling every 500 ms stops at the final state, on an error (shown, with the server's
//!   words), or when the page is left (the signals are gone).
//! - The progress, then the result, are scrolled into view as they appear ([`MailPanel`]).
//! - Once over, the accounts reached are marked as distributed in the page's directory (the
//!   outbox logged each as it sent it): « Dernière distribution » follows without a reload.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use crate::browser;
use crate::components::distribution_context::DistributionContext;
use crate::components::mail_confirm::MailConfirm;
use crate::components::mail_panel::MailPanel;
use crate::components::mailing::{Asking, Mailing};
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn SendMail() -> impl IntoView {
    let context = DistributionContext::get();
    let (school, selection, source) = (context.school, context.selection, context.source);
    // The accounts to send to, in order (the selection, or its ticked accounts).
    let selected = context.to_distribute;
    let mail_enabled = Signal::derive(move || source.mail_enabled());
    let texts = move || use_lang().get().texts();
    let asking = RwSignal::new(None::<Asking>);
    let mailing = Mailing::new(school);
    let (error, busy) = (mailing.error, mailing.busy());
    let button = NodeRef::<html::Button>::new();
    let panel = NodeRef::<html::Div>::new();
    let focus_panel = move || {
        if let Some(panel) = panel.get_untracked() {
            let _ = panel.focus();
        }
    };

    let ask = move |_| {
        let indices = selected.get_untracked();
        if indices.is_empty() {
            return;
        }
        let key = match browser::random_key() {
            Ok(key) => key,
            Err(e) => return error.set(Some(e)),
        };
        let counts = school.with_untracked(|s| s.directory.mail_counts(&indices));
        error.set(None);
        asking.set(Some(Asking {
            key,
            counts,
            indices: Arc::new(indices),
            selection: selection.get_untracked(),
        }));
    };
    let cancel = Callback::new(move |()| {
        if asking.with_untracked(Option::is_some) {
            asking.set(None);
            // Back where the administrator was (the dialog that held the focus is gone).
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    });
    let confirm = Callback::new(move |()| {
        // Taken, not read: a second click on the same dialog finds nothing to send.
        let Some(asked) = asking.get_untracked() else {
            return;
        };
        asking.set(None);
        focus_panel();
        mailing.send(school.get_untracked(), asked);
    });
    let retry = Callback::new(move |()| {
        if mailing.run.with_untracked(Option::is_none) {
            return;
        }
        // The retry button goes away with the failures it retries: keep the focus nearby.
        focus_panel();
        mailing.retry(&school.get_untracked());
    });

    view! {
        <div class="mail">
            <div class="actions">
                <button type="button" node_ref=button data-testid="send-mail"
                    disabled=move || busy.get()
                        || !mail_enabled.get()
                        || selected.with(Vec::is_empty)
                    aria-describedby=move || (!mail_enabled.get()).then_some("mail-off")
                    on:click=ask>
                    {move || texts().send_mail}
                </button>
                {move || (!mail_enabled.get()).then(|| view! {
                    <span class="hint" id="mail-off" data-testid="mail-off">{texts().mail_off}</span>
                })}
            </div>
            {move || asking.get().map(|a| view! {
                <MailConfirm counts=a.counts on_confirm=confirm on_cancel=cancel />
            })}
            {move || error.get().map(|message| view! {
                <p class="error" role="alert" data-testid="error">{message}</p>
            })}
            <MailPanel run=mailing.run panel=panel busy=busy on_retry=retry />
        </div>
    }
}
