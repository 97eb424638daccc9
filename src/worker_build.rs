//! One build in the PDF worker as a page follows it: idle, running with its progress (and a way
//! to cancel), characters no font prints, ready as a `blob:` address to download, or failed.
//! « Générer le PDF » and « Un PDF par classe » share it: they differ only in the job they send,
//! the file's type and name, and what they keep of a build to compare with the page later.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sesame_core::pdf::{MissingChar, PdfOptions};
use sesame_core::{School, Selection};

use crate::browser;
use crate::pdf_job::{self, Built, JobId, JobKind};

/// Where a build stands.
#[derive(Clone, Debug, PartialEq)]
pub enum BuildState<T> {
    Idle,
    Running {
        done: usize,
        total: usize,
    },
    /// The preflight found characters no font prints; nothing was built.
    Missing(Vec<MissingChar>),
    Ready(Ready<T>),
    Failed(String),
}

/// A finished file, and `kept`: what its page remembers of the build (the single PDF keeps its
/// options, to say when the page no longer shows what the file holds).
#[derive(Clone, Debug, PartialEq)]
pub struct Ready<T> {
    pub url: String,
    pub file_name: String,
    pub letters: usize,
    /// Pages of the PDF, or files of the ZIP.
    pub pages: usize,
    pub millis: u32,
    /// The accounts built, in order: what « Marquer comme distribués » records.
    pub indices: Arc<Vec<usize>>,
    pub kept: T,
}

/// What one build sends the worker, and how its file is offered.
pub struct BuildRequest {
    pub kind: JobKind,
    pub school: Arc<School>,
    pub indices: Vec<usize>,
    pub selection: Selection,
    pub options: PdfOptions,
    /// Answer [`BuildState::Missing`] rather than build when some characters cannot be printed.
    pub preflight: bool,
    pub mime: &'static str,
    pub file_name: String,
}

/// A page's build, its state a signal the view follows.
pub struct WorkerBuild<T: Send + Sync + 'static> {
    pub state: RwSignal<BuildState<T>>,
    /// The build under way, to cancel it.
    job: RwSignal<JobId>,
}

impl<T: Send + Sync + 'static> Clone for WorkerBuild<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for WorkerBuild<T> {}

impl<T: Clone + Send + Sync + 'static> WorkerBuild<T> {
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(BuildState::Idle),
            job: RwSignal::new(0),
        }
    }

    /// Whether a build runs (tracked: a button follows it).
    pub fn running(&self) -> bool {
        matches!(self.state.get(), BuildState::Running { .. })
    }

    /// Stops the build under way; the state goes back to idle.
    pub fn cancel(&self) {
        pdf_job::cancel(self.job.get_untracked());
    }

    /// Starts `job` (the previous file's address given back first), keeping `kept` with its
    /// file.
    pub fn start(&self, job: BuildRequest, kept: T) {
        if let BuildState::Ready(ready) = self.state.get_untracked() {
            browser::revoke(&ready.url);
        }
        let state = self.state;
        state.set(BuildState::Running {
            done: 0,
            total: job.indices.len(),
        });
        let id = pdf_job::next_id();
        self.job.set(id);
        // The worker's messages drive `state` as they come (progress, then the file): no single
        // answer for an action to hold, and `cancel` ends it by its job id.
        spawn_local(async move {
            let start = browser::now_ms();
            let progress = move |done, total| state.set(BuildState::Running { done, total });
            let built = pdf_job::build(
                id,
                job.kind,
                &job.school,
                &job.indices,
                &job.selection,
                job.options,
                job.preflight,
                progress,
            )
            .await;
            state.set(match built {
                Ok(Some(Built::Pdf {
                    bytes,
                    letters,
                    pages,
                })) => match browser::blob_url_of(&bytes, job.mime) {
                    Ok(url) => BuildState::Ready(Ready {
                        url,
                        file_name: job.file_name,
                        letters,
                        pages,
                        millis: (browser::now_ms() - start) as u32,
                        indices: Arc::new(job.indices),
                        kept,
                    }),
                    Err(e) => BuildState::Failed(e),
                },
                Ok(Some(Built::Missing(missing))) => BuildState::Missing(missing),
                Ok(None) => BuildState::Idle,
                Err(e) => BuildState::Failed(e),
            });
        });
    }
}

impl<T: Clone + Send + Sync + 'static> Default for WorkerBuild<T> {
    fn default() -> Self {
        Self::new()
    }
}
