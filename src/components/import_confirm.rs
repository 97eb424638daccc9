//! The dry run's answer on `/structures/{id}/import`: what the file would change
//! ([`ImportPreview`]), whether the accounts absent from it leave the school, and « Importer »
//! — offered only when the import would change something — or « Annuler ».

use leptos::prelude::*;
use sesame_core::wire::ImportSummary;

use crate::components::import_preview::ImportPreview;
use crate::i18n::{use_lang, LangTexts};

/// Whether an import would change something: accounts created, shared or updated, or absent
/// ones taken out of the school.
fn summary_ok(changes: usize, removing: bool) -> bool {
    changes > 0 || removing
}

#[component]
pub fn ImportConfirm(
    /// The file's name.
    name: String,
    summary: ImportSummary,
    remove_absent: RwSignal<bool>,
    on_commit: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let t = move || use_lang().get().admin();
    let changes = summary.created + summary.shared + summary.updated;
    let absent = summary.absent > 0 && summary.errors.is_empty();
    let importable = Signal::derive(move || summary_ok(changes, absent && remove_absent.get()));
    let refused = !summary.errors.is_empty();
    let label = (t().commit)(summary.created + summary.shared, summary.updated);
    let nothing = move || !refused && !importable.get();
    view! {
        <ImportPreview summary=summary file_name=name remove_absent=remove_absent />
        {absent.then(|| view! {
            <p class="check">
                <label>
                    <input type="checkbox" data-testid="import-remove-absent"
                        aria-describedby="remove-absent-hint"
                        prop:checked=move || remove_absent.get()
                        on:change=move |ev| remove_absent.set(event_target_checked(&ev)) />
                    {move || t().remove_absent}
                </label>
            </p>
            <p class="hint" id="remove-absent-hint">{move || t().remove_absent_hint}</p>
        })}
        {move || nothing().then(|| view! { <p class="guidance" data-testid="import-nothing">{t().nothing_changes}</p> })}
        <div class="actions">
            {move || importable.get().then(|| view! {
                <button type="button" class="primary" data-testid="import-commit" on:click=move |_| on_commit.run(())>{label.clone()}</button>
            })}
            <button type="button" data-testid="import-cancel" on:click=move |_| on_cancel.run(())>{t().cancel}</button>
        </div>
    }
}
