//! `/structures/{id}/import`: the ENT's export brought in from the browser. The page first says
//! which columns it expects and offers an example file ([`ImportFormat`]); the administrator
//! chooses or drops the file; the server's dry run says what would change (nothing is written);
//! « Importer » then imports exactly that, all or nothing; the page ends on a link to distribute
//! the new accounts' credentials (`import=latest`). Below, the school's past imports.
//!
//! The file is read in memory and sent as is: the server parses it with the same code as
//! `sesame import`, so the preview, the import and the command line agree.

use leptos::prelude::*;
use sesame_core::wire::SessionInfo;

use crate::api::{self};
use crate::components::file_drop::FileDrop;
use crate::components::import_format::ImportFormat;
use crate::components::import_history::ImportHistory;
use crate::components::import_result::ImportResult;
use crate::components::import_stage::{ImportRun, Stage};
use crate::components::load_error::LoadError;
use crate::components::session_bar::SessionBar;
use crate::i18n::{use_lang, LangTexts};
use crate::pages::use_structure_id;
use crate::session::{current, use_session};

/// The server's limit on the file (`MAX_FILE_BYTES`), checked here first so a wrong file is
/// told at once rather than after uploading it.
const MAX_FILE_MIB: u64 = 20;

#[component]
pub fn ImportPage() -> impl IntoView {
    let lang = use_lang();
    let t = move || lang.get().admin();
    let structure_id = use_structure_id();
    let info = current(use_session());
    let history = LocalResource::new(move || {
        let id = structure_id.get();
        async move { api::imports(&id).await }
    });
    let run = ImportRun::new(Callback::new(move |()| history.refetch()));
    let (stage, remove_absent, busy) = (run.stage, run.remove_absent, run.busy());
    let on_file = Callback::new(move |file: web_sys::File| {
        let name = file.name();
        if file.size() > (MAX_FILE_MIB << 20) as f64 {
            stage.set(Stage::Failed((lang.get_untracked().admin().import_too_large)(
                &name,
                MAX_FILE_MIB,
            )));
            return;
        }
        run.preview(structure_id.get_untracked(), file);
    });
    let commit = Callback::new(move |()| run.commit(structure_id.get_untracked()));
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
            <ImportResult stage=stage remove_absent=remove_absent on_commit=commit structure_id=structure_id />
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
