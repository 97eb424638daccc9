//! The result of a finished mailing: counts, "Relancer les échecs", the PDF of those not
//! reached ([`UnreachedPdf`]) and one row per account sent ([`MailTable`]).

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::distribution::mailing::{outcomes, tally, unreached, MailingStatus};

use crate::components::distribution_context::DistributionContext;
use crate::components::mail_table::MailTable;
use crate::components::unreached_pdf::UnreachedPdf;
use crate::i18n::{use_lang, LangTexts};
use crate::mail_run::MailRun;

#[component]
pub fn MailResult(
    run: MailRun,
    /// The final answer of the server for `run`.
    status: MailingStatus,
    busy: Signal<bool>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let DistributionContext { school, .. } = DistributionContext::get();
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let shown = school.get_untracked();
    let rows = outcomes(shown.directory.users(), &run.indices, &status);
    let counts = tally(&rows);
    let not_reached = Arc::new(unreached(&rows));
    view! {
        <div class="mail-result" data-testid="mail-result">
            <h3>{move || texts().mail_result_heading}</h3>
            <p class="counts" role="status">
                {move || texts().mail_sent}{move || lang.get().distribution().colon}<strong data-testid="mail-sent-count">{counts.sent}</strong>
                " · "{move || texts().mail_failed}{move || lang.get().distribution().colon}<strong data-testid="mail-failed-count">{counts.failed}</strong>
                " · "{move || texts().mail_no_email}{move || lang.get().distribution().colon}<strong data-testid="mail-skipped-count">{counts.no_email}</strong>
            </p>
            <div class="actions">
                {(counts.failed > 0).then(|| view! {
                    <button type="button" data-testid="mail-retry" disabled=move || busy.get()
                        on:click=move |_| on_retry.run(())>
                        {move || texts().mail_retry}
                    </button>
                })}
                <UnreachedPdf not_reached=not_reached selection=run.selection.clone() />
            </div>
            <MailTable school=shown rows=rows />
        </div>
    }
}
