//! A build in the PDF worker as it goes: its progress with « Annuler », the characters no font
//! prints with « Imprimer quand même », or why it failed — the same for the single PDF and the ZIP
//! per class. The finished file is each one's own to show.

use leptos::prelude::*;

use crate::i18n::{use_lang, LangTexts};
use crate::worker_build::{BuildState, WorkerBuild};

#[component]
pub fn BuildStatus<T: Clone + Send + Sync + 'static>(
    job: WorkerBuild<T>,
    /// The first word of the test ids: `pdf` or `zip` (`pdf-progress`, `zip-cancel`…).
    name: &'static str,
    /// « Imprimer quand même »: the same build, the missing characters drawn as best it can.
    on_print_anyway: Callback<()>,
    /// Where the focus goes while the build runs (the button that started it is disabled).
    #[prop(optional)]
    progress_ref: Option<NodeRef<leptos::html::Div>>,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let progress_ref = progress_ref.unwrap_or_default();
    move || {
        match job.state.get() {
        BuildState::Running { done, total } => view! {
            <div class="progress" role="status" tabindex="-1" node_ref=progress_ref>
                <progress data-testid=format!("{name}-progress") max=total.max(1) value=done></progress>
                <span>{format!("{done} / {total}")}</span>
                <button type="button" data-testid=format!("{name}-cancel") on:click=move |_| job.cancel()>
                    {move || texts().cancel}
                </button>
            </div>
        }
        .into_any(),
        BuildState::Missing(missing) => view! {
            <div class="error" role="alert" data-testid="error">
                <p>{move || texts().cannot_print}</p>
                <ul>{missing.iter().map(|m| view! { <li>{m.to_string()}</li> }).collect_view()}</ul>
                <button type="button" data-testid=format!("{name}-print-anyway") on:click=move |_| on_print_anyway.run(())>
                    {move || texts().print_anyway}
                </button>
            </div>
        }
        .into_any(),
        BuildState::Failed(message) => view! {
            <p class="error" role="alert" data-testid="error">{message}</p>
        }
        .into_any(),
        BuildState::Idle | BuildState::Ready(_) => ().into_any(),
    }
    }
}
