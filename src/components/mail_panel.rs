//! Where a mailing shows under « Envoyer par courriel »: its progress while it runs, then its
//! result ([`MailResult`]), each scrolled into view as it appears — the button is far above on
//! a long page, and a result nobody sees looks like nothing happened.

use leptos::html;
use leptos::prelude::*;
use sesame_core::distribution::mailing::MailingStatus;

use crate::components::mail_result::MailResult;
use crate::i18n::{use_lang, LangTexts};
use crate::mail_run::MailRun;

#[component]
pub fn MailPanel(
    run: RwSignal<Option<MailRun>>,
    /// The panel itself: the focus lands here after confirming, so keyboard and screen-reader
    /// users follow along.
    panel: NodeRef<html::Div>,
    busy: Signal<bool>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
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
    view! {
        <div node_ref=panel tabindex="-1">
            {move || {
                let current = run.get()?;
                Some(match &current.status {
                    Some(status) if status.is_final() => view! {
                        <MailResult run=current.clone() status=status.clone() busy=busy on_retry=on_retry />
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
    }
}
