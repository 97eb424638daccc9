//! What an import of the ENT's export would change (the server's dry run), or did: counts, then
//! the accounts behind each (folded), the classes created, the warnings; or, for a file that
//! cannot be imported, every bad line as « ligne N : raison ».

use leptos::prelude::*;
use sesame_core::wire::{ImportMessage, ImportSummary, ImportedAccount};

use crate::i18n::{use_lang, LangTexts};

/// A list of accounts, folded under its count (hundreds of new pupils at the start of a year).
fn accounts(testid: &'static str, heading: String, list: Vec<ImportedAccount>) -> impl IntoView {
    let changed =
        move |fields: &[String]| (use_lang().get_untracked().admin().changed_fields)(&fields.join(", "));
    view! {
        <li data-testid=testid>
            {if list.is_empty() {
                view! { <span>{heading}</span> }.into_any()
            } else {
                view! {
                    <details>
                        <summary>{heading}</summary>
                        <ul class="import-accounts">
                            {list.into_iter().map(|a| {
                                let fields = (!a.fields.is_empty()).then(|| format!(" — {}", changed(&a.fields)));
                                view! { <li>{format!("{} ({})", a.name, a.login)}{fields}</li> }
                            }).collect_view()}
                        </ul>
                    </details>
                }.into_any()
            }}
        </li>
    }
}

fn message_line(message: &ImportMessage) -> String {
    let texts = use_lang().get_untracked().admin();
    match message.line {
        Some(line) => (texts.line)(line, &message.message),
        None => message.message.clone(),
    }
}

/// The preview of `summary`, for the file `file_name`.
#[component]
pub fn ImportPreview(summary: ImportSummary, file_name: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.get_untracked().admin();
    if !summary.errors.is_empty() {
        let n = summary.errors.len();
        return view! {
            <div class="error import-errors" role="alert" data-testid="import-preview">
                <p data-testid="error">{(t.refused)(n)}</p>
                <ul>
                    {summary.errors.iter().map(|e| view! { <li data-testid="import-error-line">{message_line(e)}</li> }).collect_view()}
                </ul>
            </div>
        }
        .into_any();
    }
    let warnings = summary.warnings.clone();
    let classes = (summary.classes_created > 0)
        .then(|| view! { <li data-testid="import-classes">{(t.classes_created)(summary.classes_created, &summary.new_classes.join(", "))}</li> });
    view! {
        <div class="import-preview" data-testid="import-preview">
            <h3>{(t.preview_heading)(&file_name)}</h3>
            <ul class="import-counts">
                {accounts("import-created", (t.created)(summary.created), summary.created_accounts)}
                {accounts("import-updated", (t.updated)(summary.updated), summary.updated_accounts)}
                <li data-testid="import-unchanged">{(t.unchanged)(summary.unchanged)}</li>
                {accounts("import-absent", (t.absent)(summary.absent), summary.absent_accounts)}
                {classes}
            </ul>
            {(!warnings.is_empty()).then(|| view! {
                <details class="import-warnings" data-testid="import-warnings">
                    <summary>{format!("{} ({})", t.warnings, warnings.len())}</summary>
                    <ul>{warnings.iter().map(|w| view! { <li>{message_line(w)}</li> }).collect_view()}</ul>
                </details>
            })}
        </div>
    }
    .into_any()
}
