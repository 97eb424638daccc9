//! The answer region of `/structures/{id}/import`: the file being read, the dry run's preview
//! with « Importer » ([`ImportConfirm`]), the import under way, its end ([`ImportDone`]), or why
//! it failed. Each answer replaces the control that asked for it, so the focus goes to it.

use leptos::prelude::*;

use crate::browser;
use crate::components::import_confirm::ImportConfirm;
use crate::components::import_done::ImportDone;
use crate::components::import_preview::ImportPreview;
use crate::components::import_stage::Stage;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn ImportResult(
    stage: RwSignal<Stage>,
    /// Whether the accounts absent from the file leave the school (asked beside the preview).
    remove_absent: RwSignal<bool>,
    /// « Importer »: the file previewed is imported.
    on_commit: Callback<()>,
    structure_id: Memo<String>,
) -> impl IntoView {
    let t = move || use_lang().get().admin();
    // The answer replaces the control that asked for it: the focus goes to the answer.
    Effect::new(move |_| {
        if matches!(
            stage.get(),
            Stage::Previewed { .. } | Stage::Done(_) | Stage::Failed(_)
        ) {
            if let Some(region) = browser::element_by_id("import-result") {
                let _ = region.focus();
            }
        }
    });
    view! {
    <div id="import-result" tabindex="-1" aria-live="polite">
        {move || match stage.get() {
            Stage::Waiting => ().into_any(),
            Stage::Reading(name) => view! {
                <div class="progress" aria-busy="true">
                    <progress></progress><span>{(t().import_reading)(&name)}</span>
                </div>
            }.into_any(),
            Stage::Failed(message) => view! { <p class="error" role="alert" data-testid="error">{message}</p> }.into_any(),
            Stage::Previewed { name, summary, .. } => view! {
                <ImportConfirm name=name summary=summary remove_absent=remove_absent on_commit=on_commit
                    on_cancel=Callback::new(move |()| stage.set(Stage::Waiting)) />
            }.into_any(),
            Stage::Importing { name, summary } => view! {
                <ImportPreview summary=summary file_name=name remove_absent=remove_absent />
                <div class="progress" aria-busy="true">
                    <progress></progress><span>{t().committing}</span>
                </div>
            }.into_any(),
            Stage::Done(summary) => view! {
                <ImportDone summary=summary structure_id=structure_id.get_untracked() />
            }.into_any(),
        }}
    </div>
    }
}
