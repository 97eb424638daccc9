//! A « Marquer … comme distribués » button's state and its two writes — record the marking,
//! take it back within [`UNDO_MINUTES`] — as Leptos actions. Only account ids go to the
//! server; once it answers, the page's directory follows ([`Marking`]).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sesame_core::wire::{Channel, UNDO_MINUTES};
use sesame_core::School;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::marking::Marking;
use crate::session::sign_in_again;

#[derive(Clone, PartialEq)]
pub enum Mark {
    Offered,
    /// Recorded as log entry `id`; « Annuler » offered while `undoable`.
    Done {
        id: String,
        undoable: bool,
    },
    /// Taken back: offered again.
    Undone,
    Failed(String),
}

/// The state of one « Marquer … » button, and its writes.
#[derive(Clone, Copy)]
pub struct MarkState {
    pub state: RwSignal<Mark>,
    /// Why « Annuler » failed (too late, the network): said beside the marking, which stands.
    pub undo_error: RwSignal<Option<String>>,
    /// The marking is being recorded.
    pub saving: Memo<bool>,
    /// « Annuler » was clicked and the server has not answered yet.
    pub undoing: Memo<bool>,
    /// Records the marking of the accounts.
    record: Action<Arc<School>, ()>,
    /// Takes back log entry `id`.
    take_back: Action<(Arc<School>, String), ()>,
}

impl MarkState {
    /// Nothing marked yet of `indices` (directory indices); `channel`: how the accounts were
    /// handed out.
    pub fn new(indices: Arc<Vec<usize>>, channel: Channel, marking: Option<Marking>) -> Self {
        let state = RwSignal::new(Mark::Offered);
        let undo_error = RwSignal::new(None::<String>);
        let marked = indices.clone();
        let record = Action::new_local(move |school: &Arc<School>| {
            let (school, indices) = (school.clone(), marked.clone());
            async move {
                let ids: Vec<String> = indices
                    .iter()
                    .map(|&i| school.directory.users()[i].id.clone())
                    .collect();
                match api::record_distribution(&school.structure.id, &ids, channel).await {
                    Ok(recorded) => {
                        let done = Mark::Done {
                            id: recorded.id.clone(),
                            undoable: true,
                        };
                        state.try_set(done.clone());
                        if let Some(marking) = marking {
                            marking.marked(indices);
                        }
                        // A timer, not a write: the server takes it back for UNDO_MINUTES, and the
                        // button goes a little before, so a click in time never meets a refusal.
                        spawn_local(async move {
                            browser::sleep((UNDO_MINUTES * 60_000 - 5_000) as i32).await;
                            if state.try_get_untracked() == Some(done) {
                                state.try_set(Mark::Done {
                                    id: recorded.id,
                                    undoable: false,
                                });
                            }
                        });
                    }
                    Err(ApiError::Unauthorized) => sign_in_again(),
                    Err(e) => {
                        state.try_set(Mark::Failed(e.message()));
                    }
                }
            }
        });
        let take_back = Action::new_local(move |(school, id): &(Arc<School>, String)| {
            let (school, id, indices) = (school.clone(), id.clone(), indices.clone());
            async move {
                match api::undo_distribution(&school.structure.id, &id).await {
                    Ok(undone) => {
                        state.try_set(Mark::Undone);
                        if let Some(marking) = marking {
                            marking.undone((indices, Arc::new(undone.last_distributed)));
                        }
                    }
                    Err(ApiError::Unauthorized) => sign_in_again(),
                    Err(e) => {
                        state.try_set(Mark::Done { id, undoable: false });
                        undo_error.try_set(Some(e.message()));
                    }
                }
            }
        });
        MarkState {
            state,
            undo_error,
            saving: record.pending(),
            undoing: take_back.pending(),
            record,
            take_back,
        }
    }

    /// Records that the accounts were distributed (once: a click while saving does nothing).
    pub fn mark(self, school: Arc<School>) {
        if self.saving.get_untracked() {
            return;
        }
        self.undo_error.set(None);
        self.record.dispatch(school);
    }

    /// Takes back marking `id` (once: a click while the server answers does nothing).
    pub fn undo(self, school: Arc<School>, id: String) {
        if self.undoing.get_untracked() {
            return;
        }
        self.undo_error.set(None);
        self.take_back.dispatch((school, id));
    }
}
