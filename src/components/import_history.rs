//! The past imports of a school, newest first: when, who, which file, what changed (never a
//! code: the server records counts only).

use leptos::prelude::*;
use sesame_core::wire::ImportRecord;

use crate::browser;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn ImportHistory(records: Vec<ImportRecord>) -> impl IntoView {
    let t = move || use_lang().get().admin();
    if records.is_empty() {
        return view! { <p class="hint" data-testid="import-history">{move || t().history_empty}</p> }
            .into_any();
    }
    view! {
        <table class="plain" data-testid="import-history">
            <thead><tr>
                <th scope="col">{move || t().col_date}</th>
                <th scope="col">{move || t().col_by}</th>
                <th scope="col">{move || t().col_file}</th>
                <th scope="col" class="number">{move || t().col_created}</th>
                <th scope="col" class="number">{move || t().col_updated}</th>
                <th scope="col" class="number">{move || t().col_unchanged}</th>
            </tr></thead>
            <tbody>
                {records.into_iter().map(|r| {
                    let at = browser::local_date_time(r.at);
                    let by = r.admin_login.clone();
                    view! {
                        <tr data-testid="import-record">
                            <td>{at}</td>
                            <td>{move || by.clone().unwrap_or_else(|| t().by_unknown.to_owned())}</td>
                            <td>{r.file_name}</td>
                            <td class="number">{r.created}</td>
                            <td class="number">{r.updated}</td>
                            <td class="number">{r.unchanged}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
