//! What file the import expects, said before any is chosen: every column Sésame reads (in the
//! ENT's order, the required ones marked) with what it holds, and an example file, built here
//! in the browser from core's own example and saved — nothing is asked of the server.

use leptos::prelude::*;
use sesame_core::import::{is_required, sample_csv, COLUMNS, SAMPLE_FILE_NAME};

use crate::browser;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn ImportFormat() -> impl IntoView {
    let lang = use_lang();
    let t = move || lang.get().admin();
    let required = COLUMNS.iter().filter(|&&f| is_required(f)).count();
    let optional = COLUMNS.len() - required;
    let problem = RwSignal::new(None::<String>);
    let save_sample = move |_| {
        // A spreadsheet opens it right: UTF-8 with its byte order mark, `;` separated.
        if let Err(e) = browser::save_as(&sample_csv(), "text/csv;charset=utf-8", SAMPLE_FILE_NAME) {
            problem.set(Some(e));
        }
    };
    view! {
        <details class="import-format" open data-testid="import-format">
            <summary>{move || (t().columns_heading)(required, optional)}</summary>
            <table class="plain columns">
                <thead><tr>
                    <th scope="col">{move || t().col_column}</th>
                    <th scope="col">{move || t().col_content}</th>
                </tr></thead>
                <tbody>
                    {COLUMNS.into_iter().map(|field| view! {
                        <tr data-testid="import-column">
                            <td>
                                <code>{field.label()}</code>
                                {is_required(field).then(|| view! { " "<strong class="required">{move || t().required}</strong> })}
                            </td>
                            <td>{move || (t().column_hint)(field)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>
                {move || t().sample_intro}" "
                <button type="button" class="link" data-testid="import-sample" on:click=save_sample>
                    {move || t().sample_download}
                </button>
            </p>
            {move || problem.get().map(|p| view! { <p class="error" role="alert" data-testid="error">{p}</p> })}
        </details>
    }
}
