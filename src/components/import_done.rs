//! An import's end on `/structures/{id}/import`: what it created and updated, and the way to
//! distribute the new accounts' credentials (`import=latest`) or back to the distribution.

use leptos::prelude::*;
use sesame_core::wire::ImportSummary;

use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn ImportDone(summary: ImportSummary, structure_id: String) -> impl IntoView {
    let t = move || use_lang().get().admin();
    let back = format!("/structures/{structure_id}/distribution");
    let new = format!("/structures/{structure_id}/distribution?import=latest");
    view! {
        <div class="done" role="status" data-testid="import-done">
            <p>{(t().done)(summary.created, summary.updated)}</p>
            <p class="actions">
                {(summary.created > 0).then(|| view! {
                    <a class="button primary" href=new data-testid="distribute-new">{(t().distribute_new)(summary.created)}</a>
                })}
                <a href=back>{t().back_to_distribution}</a>
            </p>
        </div>
    }
}
