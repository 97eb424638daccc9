//! « Marquer ces N comptes comme distribués », under a PDF, a ZIP of class files, a CSV file or
//! the PDF of those an e-mail did not reach, once built (channel `pdf` or `csv`): the one place
//! the distribution log learns that letters were handed out. Building a PDF alone records
//! nothing (it may be a preview, never printed), so the « Déjà distribués : Non » filter never
//! hides a pupil who has not had their letter.
//!
//! Only the last thing built offers it: with a PDF, a ZIP and a CSV file on the page, three
//! buttons for the same accounts invited marking them three times, or the wrong pile. Each
//! product's button registers with the page's [`Marking`] when it appears; an older one goes
//! away (one already used stays, with its undo).
//!
//! Only account ids go to the server. Once it has recorded them, the page's directory is
//! updated at once ([`Directory::mark_distributed`](sesame_core::Directory::mark_distributed)):
//! the table's column and the filter follow without a reload. For
//! [`UNDO_MINUTES`] after, « Annuler » takes the marking back (the server allows its author
//! that long), and the page's directory gets each account's earlier distribution back.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sesame_core::wire::{Channel, LastDistributed, UNDO_MINUTES};
use sesame_core::School;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::distribution_context::DistributionContext;
use crate::i18n::{use_lang, LangTexts};
use crate::session::sign_in_again;

/// A marking taken back: the accounts it named, and each one's last distribution now.
pub type Undone = (Arc<Vec<usize>>, Arc<Vec<LastDistributed>>);

/// What the page does when the log changes, and which product's button is offered: made by the
/// steps and provided to every « Marquer … » under them.
#[derive(Clone, Copy)]
pub struct Marking {
    /// Letters of these accounts were handed out: the page's directory follows.
    on_marked: Callback<Arc<Vec<usize>>>,
    /// A marking of these accounts was taken back; their last distributions are these again.
    on_undone: Callback<Undone>,
    /// The number of the last product built; each button has its own.
    latest: RwSignal<u64>,
}

impl Marking {
    /// Provides the marking to the components below.
    pub fn provide(on_marked: Callback<Arc<Vec<usize>>>, on_undone: Callback<Undone>) {
        provide_context(Marking {
            on_marked,
            on_undone,
            latest: RwSignal::new(0),
        });
    }

    /// The page's marking, when there is a distribution log. Taken before any `.await` (the
    /// context is not reachable from inside an async task).
    pub fn get() -> Option<Marking> {
        use_context::<Marking>()
    }

    /// Records in the page's directory that these accounts were just distributed (an e-mail
    /// sent, say), as a button's marking does.
    pub fn marked(self, indices: Arc<Vec<usize>>) {
        self.on_marked.run(indices);
    }

    /// A new product was built: its number, now the latest.
    fn register(self) -> u64 {
        let mine = self.latest.get_untracked() + 1;
        self.latest.set(mine);
        mine
    }
}

#[derive(Clone, PartialEq)]
enum Mark {
    Offered,
    Saving,
    /// Recorded as log entry `id`; « Annuler » offered while `undoable`.
    Done {
        id: String,
        undoable: bool,
    },
    /// « Annuler » clicked, the server not answered yet.
    Undoing {
        id: String,
    },
    /// Taken back: offered again.
    Undone,
    Failed(String),
}

#[component]
pub fn MarkDistributed(
    /// The accounts whose letters were built (directory indices).
    indices: Arc<Vec<usize>>,
    /// How they were handed out: printed (the PDF, the labels, the class files) or a CSV file.
    #[prop(default = Channel::Pdf)]
    channel: Channel,
) -> impl IntoView {
    let DistributionContext { school, .. } = DistributionContext::get();
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let words = move || lang.get().distribution();
    let marking = Marking::get();
    let mine = marking.map(Marking::register);
    // Whether this is the last thing built (always, without a page's marking to share).
    let latest = move || marking.zip(mine).is_none_or(|(m, mine)| m.latest.get() == mine);
    let state = RwSignal::new(Mark::Offered);
    // Why « Annuler » failed (too late, the network): said beside the marking, which stands.
    let undo_error = RwSignal::new(None::<String>);
    // The button goes away once marked: the focus goes to what replaces it.
    let done = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(done) = done.get() {
            browser::focus_if_lost(&done);
        }
    });
    let count = indices.len();
    let undo_indices = indices.clone();
    let record = Action::new_local(move |(school, indices): &(Arc<School>, Arc<Vec<usize>>)| {
        let (school, indices) = (school.clone(), indices.clone());
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
                        marking.on_marked.run(indices);
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
        let (school, id, indices) = (school.clone(), id.clone(), undo_indices.clone());
        async move {
            match api::undo_distribution(&school.structure.id, &id).await {
                Ok(undone) => {
                    state.try_set(Mark::Undone);
                    if let Some(marking) = marking {
                        marking
                            .on_undone
                            .run((indices, Arc::new(undone.last_distributed)));
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
    let mark = move |_| {
        if state.get_untracked() == Mark::Saving {
            return;
        }
        state.set(Mark::Saving);
        undo_error.set(None);
        record.dispatch((school.get_untracked(), indices.clone()));
    };
    let undo = move |id: String| {
        state.set(Mark::Undoing { id: id.clone() });
        undo_error.set(None);
        take_back.dispatch((school.get_untracked(), id));
    };
    view! {
        <div class="mark" aria-live="polite">
            {move || {
                let (id, undoable, busy) = match state.get() {
                    Mark::Done { id, undoable } => (id, undoable, false),
                    Mark::Undoing { id } => (id, true, true),
                    other => {
                        let mark = mark.clone();
                        let (saving, undone) = (other == Mark::Saving, other == Mark::Undone);
                        return view! {
                            {undone.then(|| view! {
                                <p class="hint" data-testid="unmarked">{(words().unmarked)(count)}</p>
                            })}
                            // Offered under the last thing built only.
                            {move || latest().then(|| view! {
                                <p>
                                    <button type="button" data-testid="mark-distributed"
                                        disabled=saving on:click=mark.clone()>
                                        {(texts().mark_distributed)(count)}
                                    </button>
                                    " "<span class="hint">{texts().mark_hint}</span>
                                </p>
                            })}
                            {match other {
                                Mark::Failed(message) => Some(view! { <p class="error" role="alert" data-testid="error">{message}</p> }),
                                _ => None,
                            }}
                        }.into_any();
                    }
                };
                view! {
                    <p class="done" data-testid="marked" tabindex="-1" node_ref=done>{(texts().marked)(count)}</p>
                    {undoable.then(|| view! {
                        <p>
                            <button type="button" data-testid="undo-distributed" disabled=busy
                                on:click=move |_| undo(id.clone())>
                                {words().undo_marked}
                            </button>
                            " "<span class="hint">{(words().undo_hint)(UNDO_MINUTES)}</span>
                        </p>
                    })}
                    {move || undo_error.get().map(|message| view! {
                        <p class="error" role="alert" data-testid="error">{message}</p>
                    })}
                }.into_any()
            }}
        </div>
    }
}
