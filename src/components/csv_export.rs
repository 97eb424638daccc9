//! « Exporter en CSV »: the accounts step 3 works on, as the ENT's own codes export
//! (`Type;Nom;Prénom;Login;Alias de login;Code d'activation`, UTF-8 with BOM, built by
//! [`sesame_core::distribution::codes_csv`] in the page), after a confirmation that says the file holds
//! credentials. Nothing is sent to the server; the administrator marks the accounts as
//! distributed afterwards if they hand the file on ([`MarkDistributed`], channel `csv`).

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::distribution::codes_csv::codes_csv;
use sesame_core::pdf::csv_file_name;
use sesame_core::wire::Channel;

use crate::browser;
use crate::components::distribution_context::DistributionContext;
use crate::components::mark_distributed::MarkDistributed;
use crate::i18n::{use_lang, LangTexts};

#[derive(Clone, PartialEq)]
enum CsvState {
    Idle,
    Confirming(usize),
    Ready {
        url: String,
        file_name: String,
        indices: Arc<Vec<usize>>,
    },
    Failed(String),
}

#[component]
pub fn CsvExport() -> impl IntoView {
    let context = DistributionContext::get();
    let to_distribute = context.to_distribute;
    let has_log = context.source.has_log();
    let texts = move || use_lang().get().texts();
    let state = RwSignal::new(CsvState::Idle);
    let ask = move |_| {
        if let CsvState::Ready { url, .. } = state.get_untracked() {
            browser::revoke(&url);
        }
        state.set(CsvState::Confirming(to_distribute.with_untracked(Vec::len)));
    };
    let export = move |_| {
        let (school, indices) = context.to_distribute_now();
        let users = school.directory.users();
        let bytes = codes_csv(indices.iter().map(|&i| &users[i]));
        state.set(match browser::blob_url(&bytes, "text/csv;charset=utf-8") {
            Ok(url) => CsvState::Ready {
                url,
                file_name: csv_file_name(&school.structure.name, &browser::today()),
                indices: Arc::new(indices),
            },
            Err(e) => CsvState::Failed(e),
        });
    };

    view! {
        <div class="csv-export">
            <p>
                <button type="button" data-testid="export-csv"
                    disabled=move || to_distribute.with(Vec::is_empty)
                    on:click=ask>{move || texts().export_csv}</button>
            </p>
            {move || match state.get() {
                CsvState::Idle => ().into_any(),
                CsvState::Confirming(n) => view! {
                    <div class="warning" role="alertdialog" aria-labelledby="csv-warning">
                        <p id="csv-warning">{(texts().csv_warning)(n)}</p>
                        <button type="button" class="primary" data-testid="csv-confirm" on:click=export>
                            {texts().csv_confirm}
                        </button>
                        " "
                        <button type="button" on:click=move |_| state.set(CsvState::Idle)>{texts().cancel}</button>
                    </div>
                }.into_any(),
                CsvState::Failed(message) => view! {
                    <p class="error" role="alert" data-testid="error">{message}</p>
                }.into_any(),
                CsvState::Ready { url, file_name, indices } => view! {
                    <div class="ready">
                        <p role="status" aria-live="polite">
                            <strong>{texts().csv_ready}</strong>" — "
                            <a data-testid="csv-ready" href=url download=file_name.clone()>
                                {texts().download}{file_name.clone()}
                            </a>
                        </p>
                        {has_log.then(|| view! { <MarkDistributed indices=indices channel=Channel::Csv /> })}
                    </div>
                }.into_any(),
            }}
        </div>
    }
}
