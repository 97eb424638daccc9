//! An import of `/structures/{id}/import`: where it stands, from the file chosen to the
//! server's last answer ([`Stage`], which the result region shows), and its two writes — the
//! dry run, then the import itself — as Leptos actions that move it on.

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::wire::ImportSummary;

use crate::api::{self, ApiError};
use crate::browser;
use crate::session::sign_in_again;

/// Where the import stands.
#[derive(Clone)]
pub enum Stage {
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

/// What the import sends: the structure's id, the file's name and bytes, and whether the
/// accounts absent from it leave the school.
type Upload = (String, String, Arc<Vec<u8>>, bool);

/// An import, from the file chosen to the server's answer.
#[derive(Clone, Copy)]
pub struct ImportRun {
    pub stage: RwSignal<Stage>,
    /// Whether the accounts absent from the file leave the school: asked beside the preview,
    /// sent with the import (the dry run's counts do not depend on it).
    pub remove_absent: RwSignal<bool>,
    preview: Action<(String, web_sys::File), ()>,
    import: Action<Upload, ()>,
}

impl ImportRun {
    /// An import not started; `on_imported` runs once one is written.
    pub fn new(on_imported: Callback<()>) -> Self {
        let stage = RwSignal::new(Stage::Waiting);
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
        // The import itself, of the file previewed.
        let import = Action::new_local(move |(id, name, bytes, remove): &Upload| {
            let (id, name, bytes, remove) = (id.clone(), name.clone(), bytes.clone(), *remove);
            async move {
                match api::import_file(&id, &bytes, &name, false, remove).await {
                    // Refused after all (another import changed the school meanwhile): its lines.
                    Ok(summary) if summary.import_id.is_none() => {
                        stage.set(Stage::Previewed { name, bytes, summary })
                    }
                    Ok(summary) => {
                        stage.set(Stage::Done(summary));
                        on_imported.run(());
                    }
                    Err(error) => fail(error),
                }
            }
        });
        ImportRun {
            stage,
            remove_absent: RwSignal::new(false),
            preview,
            import,
        }
    }

    /// Whether a file is being read and previewed, or imported.
    pub fn busy(self) -> Signal<bool> {
        let (reading, importing) = (self.preview.pending(), self.import.pending());
        Signal::derive(move || reading.get() || importing.get())
    }

    /// Reads `file` and asks the server's dry run for it.
    pub fn preview(self, structure_id: String, file: web_sys::File) {
        self.stage.set(Stage::Reading(file.name()));
        // A `File` stays in this thread: dispatched as a local task.
        self.preview.dispatch_local((structure_id, file));
    }

    /// Imports the file previewed, as previewed.
    pub fn commit(self, structure_id: String) {
        let Stage::Previewed { name, bytes, summary } = self.stage.get_untracked() else {
            return;
        };
        self.stage.set(Stage::Importing {
            name: name.clone(),
            summary,
        });
        self.import
            .dispatch((structure_id, name, bytes, self.remove_absent.get_untracked()));
    }
}
