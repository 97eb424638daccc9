//! What an import of the ENT's export would change (the server's dry run), or did: counts, then
//! the accounts behind each (folded), the classes created, the warnings; or, for a file that
//! cannot be imported, every bad line as « ligne N (Prénom Nom) : raison » — in the interface's
//! language, which follows a switch while the preview is shown.

use leptos::prelude::*;
use sesame_core::wire::{ImportMessage, ImportSummary, ImportedAccount};

use crate::i18n::{use_lang, AdminTexts, LangTexts};

/// A list of accounts, folded under its count (hundreds of new pupils at the start of a year);
/// the server lists the first ones of `count`, the rest is said as a number.
fn accounts(
    testid: &'static str,
    heading: impl Fn(&AdminTexts) -> String + Send + Sync + 'static,
    list: Vec<ImportedAccount>,
    count: usize,
) -> impl IntoView {
    let more = count.saturating_sub(list.len());
    let t = move || use_lang().get().admin();
    let heading = move || heading(t());
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
                                let fields = (!a.fields.is_empty()).then(|| {
                                    let fields = a.fields.join(", ");
                                    move || format!(" — {}", (t().changed_fields)(&fields))
                                });
                                view! { <li>{format!("{} ({})", a.name, a.login)}{fields}</li> }
                            }).collect_view()}
                            {(more > 0).then(|| view! { <li class="hint">{move || (t().more_accounts)(more)}</li> })}
                        </ul>
                    </details>
                }.into_any()
            }}
        </li>
    }
}

/// One message, with its line and whose it is.
fn message_line(message: ImportMessage, testid: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! { <li data-testid=testid>{move || message.text(lang.get())}</li> }
}

/// The preview of `summary`, for the file `file_name`; `remove_absent`: whether the accounts
/// absent from the file are to leave the school.
#[component]
pub fn ImportPreview(
    summary: ImportSummary,
    file_name: String,
    #[prop(into)] remove_absent: Signal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let t = move || lang.get().admin();
    if !summary.errors.is_empty() {
        let n = summary.error_count();
        return view! {
            <div class="error import-errors" role="alert" data-testid="import-preview">
                <p data-testid="error">{move || (t().refused)(n)}</p>
                <ul>
                    {summary.errors.into_iter().map(|e| message_line(e, "import-error-line")).collect_view()}
                </ul>
            </div>
        }
        .into_any();
    }
    let warnings = summary.warnings;
    let count = warnings.len();
    let classes = (summary.classes_created > 0).then(|| {
        let (n, names) = (summary.classes_created, summary.new_classes.join(", "));
        view! { <li data-testid="import-classes">{move || (t().classes_created)(n, &names)}</li> }
    });
    let (created, shared, updated, unchanged, absent) = (
        summary.created,
        summary.shared,
        summary.updated,
        summary.unchanged,
        summary.absent,
    );
    view! {
        <div class="import-preview" data-testid="import-preview">
            <h3>{move || (t().preview_heading)(&file_name)}</h3>
            <ul class="import-counts">
                {accounts("import-created", move |t| (t.created)(created), summary.created_accounts, created)}
                {(shared > 0).then(|| accounts("import-shared", move |t| (t.shared)(shared), summary.shared_accounts, shared))}
                {accounts("import-updated", move |t| (t.updated)(updated), summary.updated_accounts, updated)}
                <li data-testid="import-unchanged">{move || (t().unchanged)(unchanged)}</li>
                {accounts(
                    "import-absent",
                    move |t| if remove_absent.get() { (t.absent_removed)(absent) } else { (t.absent)(absent) },
                    summary.absent_accounts,
                    absent,
                )}
                {classes}
            </ul>
            {(count > 0).then(|| view! {
                <details class="import-warnings" data-testid="import-warnings">
                    <summary>{move || format!("{} ({count})", t().warnings)}</summary>
                    <ul>{warnings.into_iter().map(|w| message_line(w, "import-warning-line")).collect_view()}</ul>
                </details>
            })}
        </div>
    }
    .into_any()
}
