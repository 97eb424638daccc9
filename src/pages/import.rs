//! `/structures/{id}/import`: the ENT's export brought in from the browser. The page first says
//! which columns it expects and offers an example file ([`ImportFormat`]); the administrator
//! chooses or drops the file; the server's dry run says what would change (nothing is written);
//! « Importer » then imports exactly that, all or nothing; the page ends on a link to distribute
//! the new accounts' credentials (`import=latest`). Below, the school's past imports.
//!
//! The file is read in memory and sent as is: the server parses it with the same code as
//! `sesame import`, so the preview, the import and the command line agree.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use sesame_core::wire::{ImportSummary, SessionInfo};

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::file_drop::FileDrop;
use crate::components::import_format::ImportFormat;
use crate::components::import_history::ImportHistory;
use crate::components::import_preview::ImportPreview;
use crate::components::load_error::LoadError;
use crate::components::session_bar::SessionBar;
use crate::i18n::{use_lang, LangTexts};
use crate::session::{current, sign_in_again, use_session};

/// The server's limit on the file (`MAX_FILE_BYTES`), checked here first so a wrong file is
/// told at once rather than after uploading it.
const MAX_FILE_MIB: u64 = 20;

/// Where the import stands.
#[derive(Clone)]
enum Stage {
    Waiting,
    Reading(String),
    /// The dry run's answer, with the file to import if the administrator confirms.
    Previewed {
        name: String,
        bytes: Arc<Vec<u8>>,
        summary: ImportSummary,
    },
    Importing {
        name: String,
        summary: ImportSummary,
    },
    Done(ImportSummary),
    Failed(String),
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let lang = use_lang();
    let t = move || lang.get().admin();
    let params = use_params_map();
    let structure_id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let session = use_session();
    let info = current(session);
    let history = LocalResource::new(move || {
        let id = structure_id.get();
        async move { api::imports(&id).await }
    });
    let stage = RwSignal::new(Stage::Waiting);
    // Whether the accounts absent from the file leave the school: asked beside the preview, sent
    // with the import (the dry run's counts do not depend on it).
    let remove_absent = RwSignal::new(false);

    let fail = move |error: ApiError| {
        if error == ApiError::Unauthorized {
            sign_in_again();
        }
        stage.set(Stage::Failed(error.message()));
    };
    // The dry run of a file: its counts and problems, nothing written yet.
    let preview = Action::new_local(move |(id, file): &(String, web_sys::File)| {
        let (id, file, name) = (id.clone(), file.clone(), file.name());
        async move {
            let bytes = match browser::read_file(&file).await {
                Ok(buffer) => Arc::new(js_sys::Uint8Array::new(&buffer).to_vec()),
                Err(message) => return stage.set(Stage::Failed(message)),
            };
            match api::import_file(&id, &bytes, &name, true, false).await {
                Ok(summary) => stage.set(Stage::Previewed { name, bytes, summary }),
                Err(error) => fail(error),
            }
        }
    });
    // The import itself, of the file previewed: `remove_absent` as asked beside the preview.
    let import = Action::new_local(
        move |(id, name, bytes, remove): &(String, String, Arc<Vec<u8>>, bool)| {
            let (id, name, bytes, remove) = (id.clone(), name.clone(), bytes.clone(), *remove);
            async move {
                match api::import_file(&id, &bytes, &name, false, remove).await {
                    // Refused after all (another import changed the school meanwhile): its lines.
                    Ok(summary) if summary.import_id.is_none() => {
                        stage.set(Stage::Previewed { name, bytes, summary })
                    }
                    Ok(summary) => {
                        stage.set(Stage::Done(summary));
                        history.refetch();
                    }
                    Err(error) => fail(error),
                }
            }
        },
    );
    let on_file = Callback::new(move |file: web_sys::File| {
        let name = file.name();
        if file.size() > (MAX_FILE_MIB << 20) as f64 {
            stage.set(Stage::Failed((lang.get_untracked().admin().import_too_large)(
                &name,
                MAX_FILE_MIB,
            )));
            return;
        }
        stage.set(Stage::Reading(name));
        // A `File` stays in this thread: dispatched as a local task.
        preview.dispatch_local((structure_id.get_untracked(), file));
    });
    let commit = move |_| {
        let Stage::Previewed { name, bytes, summary } = stage.get_untracked() else {
            return;
        };
        stage.set(Stage::Importing {
            name: name.clone(),
            summary,
        });
        import.dispatch((
            structure_id.get_untracked(),
            name,
            bytes,
            remove_absent.get_untracked(),
        ));
    };
    let busy = Signal::derive({
        let (reading, importing) = (preview.pending(), import.pending());
        move || reading.get() || importing.get()
    });
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
    let structure_name = move || {
        info.get().and_then(|s: SessionInfo| {
            let id = structure_id.get();
            s.structures
                .into_iter()
                .find(|st| st.id == id)
                .map(|st| format!("{} ({})", st.name, st.uai))
        })
    };
    let back = move || format!("/structures/{}/distribution", structure_id.get());

    view! {
        <nav class="toolbar">
            <a href=back data-testid="back-to-distribution">{move || t().back_to_distribution}</a>
            {move || info.get().map(|s| view! { <SessionBar session=s /> })}
        </nav>
        <h2>{move || t().import_heading}</h2>
        <p class="school-name">{structure_name}</p>
        <section class="card">
            <p>{move || t().import_intro}</p>
            <ImportFormat />
            <FileDrop input_id="import-file" label=Signal::derive(move || t().import_file_label)
                hint=Signal::derive(move || t().import_file_hint) on_file=on_file busy=busy />
            <div id="import-result" tabindex="-1" aria-live="polite">
                {move || match stage.get() {
                    Stage::Waiting => ().into_any(),
                    Stage::Reading(name) => view! {
                        <div class="progress" aria-busy="true">
                            <progress></progress><span>{(t().import_reading)(&name)}</span>
                        </div>
                    }.into_any(),
                    Stage::Failed(message) => view! { <p class="error" role="alert" data-testid="error">{message}</p> }.into_any(),
                    Stage::Previewed { name, summary, .. } => {
                        let changes = summary.created + summary.shared + summary.updated;
                        let absent = summary.absent > 0 && summary.errors.is_empty();
                        let importable = Signal::derive(move || {
                            summary_ok(changes, absent && remove_absent.get())
                        });
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
                                    <button type="button" class="primary" data-testid="import-commit" on:click=commit>{label.clone()}</button>
                                })}
                                <button type="button" data-testid="import-cancel" on:click=move |_| stage.set(Stage::Waiting)>{t().cancel}</button>
                            </div>
                        }.into_any()
                    }
                    Stage::Importing { name, summary } => view! {
                        <ImportPreview summary=summary file_name=name remove_absent=remove_absent />
                        <div class="progress" aria-busy="true">
                            <progress></progress><span>{t().committing}</span>
                        </div>
                    }.into_any(),
                    Stage::Done(summary) => {
                        let new = format!("/structures/{}/distribution?import=latest", structure_id.get_untracked());
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
                        }.into_any()
                    }
                }}
            </div>
        </section>
        <section class="card">
            <h3>{move || t().history_heading}</h3>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.get().texts().loading}</p> }>
                <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors on_retry=Callback::new(move |()| history.refetch()) /> }>
                    {move || history.get().map(|loaded| loaded.map(|records| view! { <ImportHistory records=records /> }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// Whether an import would change something: accounts created, shared or updated, or absent
/// ones taken out of the school.
fn summary_ok(changes: usize, removing: bool) -> bool {
    changes > 0 || removing
}
