//! "Envoyer par courriel": the selection (in its sort order) is sent as account ids only, after a
//! confirmation; the page then polls the mailing until every message is sent or failed, and shows
//! the result ([`MailResult`]).
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
//! - The progress, then the result, are scrolled into view as they appear: the button is far
//!   above on a long page, and a result nobody sees looks like nothing happened.
//! - Once over, the accounts reached are marked as distributed in the page's directory (the
//!   outbox logged each as it sent it): « Dernière distribution » follows without a reload.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use sesame_core::selection::directory::MailCounts;
use sesame_core::distribution::mailing::{outcomes, sent, MailingStatus};
use sesame_core::Selection;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::distribution_context::DistributionContext;
use crate::components::mail_confirm::MailConfirm;
use crate::components::mail_result::MailResult;
use crate::components::mark_distributed::Marking;
use crate::i18n::{use_lang, LangTexts};
use crate::mail_run::{follow, MailRun};
use crate::session::sign_in_again;

/// A confirmation being asked: what goes if the administrator says yes.
#[derive(Clone)]
struct Asking {
    key: String,
    indices: Arc<Vec<usize>>,
    selection: Selection,
    counts: MailCounts,
}

#[component]
pub fn SendMail() -> impl IntoView {
    let DistributionContext {
        school,
        to_distribute,
        selection,
        source,
        ..
    } = DistributionContext::get();
    // The accounts to send to, in order (the selection, or its ticked accounts).
    let selected = to_distribute;
    let mail_enabled = Signal::derive(move || source.mail_enabled());
    let texts = move || use_lang().get().texts();
    let asking = RwSignal::new(None::<Asking>);
    let run = RwSignal::new(None::<MailRun>);
    let error = RwSignal::new(None::<String>);
    let button = NodeRef::<html::Button>::new();
    let panel = NodeRef::<html::Div>::new();

    let marking = Marking::get();
    // The accounts `status` says were reached, less those already marked: into the page's log.
    let mark_sent = move |current: &MailRun, already: &[usize]| {
        let Some(status) = current.status.as_ref().filter(|s| s.is_final()) else {
            return;
        };
        let reached =
            school.with_untracked(|s| sent(&outcomes(s.directory.users(), &current.indices, status)));
        let new: Vec<usize> = reached.into_iter().filter(|i| !already.contains(i)).collect();
        if let (Some(marking), false) = (marking, new.is_empty()) {
            marking.marked(Arc::new(new));
        }
    };
    // Scrolled into view when the progress first shows, and again when the result replaces it.
    Effect::new(move |shown: Option<(bool, bool)>| {
        let now = run.with(|r| {
            r.as_ref()
                .map(|r| (true, r.status.as_ref().is_some_and(MailingStatus::is_final)))
                .unwrap_or((false, false))
        });
        if now.0 && shown != Some(now) {
            if let Some(panel) = panel.get_untracked() {
                panel.scroll_into_view_with_bool(now.1);
            }
        }
        now
    });

    // The mailing confirmed: created on the server, then followed to its end.
    let send = Action::new_local(
        move |(structure_id, ids, asked): &(String, Vec<String>, Asking)| {
            let (structure_id, ids, asked) = (structure_id.clone(), ids.clone(), asked.clone());
            async move {
                match api::create_mailing(&structure_id, &ids, &asked.key).await {
                    Ok(created) => {
                        run.try_set(Some(MailRun {
                            mailing_id: created.mailing_id.clone(),
                            indices: asked.indices,
                            selection: asked.selection,
                            status: None,
                        }));
                        follow(created.mailing_id, run, error).await;
                        if let Some(Some(done)) = run.try_get_untracked() {
                            mark_sent(&done, &[]);
                        }
                    }
                    Err(ApiError::Unauthorized) => sign_in_again(),
                    Err(e) => {
                        error.try_set(Some(e.message()));
                    }
                }
            }
        },
    );
    // The failures of mailing `id` sent again; `before`: the accounts reached (and marked) already.
    let resend = Action::new_local(move |(id, before): &(String, Vec<usize>)| {
        let (id, before) = (id.clone(), before.clone());
        async move {
            match api::retry_mailing(&id).await {
                Ok(()) => {
                    follow(id, run, error).await;
                    if let Some(Some(done)) = run.try_get_untracked() {
                        mark_sent(&done, &before);
                    }
                }
                Err(ApiError::Unauthorized) => sign_in_again(),
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        }
    });
    let busy = Signal::derive({
        let (sending, resending) = (send.pending(), resend.pending());
        move || sending.get() || resending.get()
    });

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
        let school = school.get_untracked();
        run.set(None);
        error.set(None);
        if let Some(panel) = panel.get_untracked() {
            let _ = panel.focus();
        }
        let ids: Vec<String> = asked
            .indices
            .iter()
            .map(|&i| school.directory.users()[i].id.clone())
            .collect();
        send.dispatch((school.structure.id.clone(), ids, asked));
    });
    let retry = Callback::new(move |()| {
        let Some(current) = run.get_untracked() else {
            return;
        };
        error.set(None);
        // The retry button goes away with the failures it retries: keep the focus nearby.
        if let Some(panel) = panel.get_untracked() {
            let _ = panel.focus();
        }
        // Those the first round reached are marked already.
        let before: Vec<usize> = current
            .status
            .as_ref()
            .map(|status| {
                school.with_untracked(|s| sent(&outcomes(s.directory.users(), &current.indices, status)))
            })
            .unwrap_or_default();
        resend.dispatch((current.mailing_id, before));
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
            // Focus lands here after confirming, so keyboard and screen-reader users follow along.
            <div node_ref=panel tabindex="-1">
                {move || {
                    let current = run.get()?;
                    Some(match &current.status {
                        Some(status) if status.is_final() => view! {
                            <MailResult run=current.clone() status=status.clone() busy=busy on_retry=retry />
                        }.into_any(),
                        status => {
                            let (done, total) = status.as_ref().map(MailingStatus::progress).unwrap_or((0, 0));
                            view! {
                                <div class="progress">
                                    <progress data-testid="mail-progress" max=total.max(1) value=done></progress>
                                    <span role="status">{move || (texts().mail_progress)(done, total)}</span>
                                </div>
                            }.into_any()
                        }
                    })
                }}
            </div>
        </div>
    }
}
