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
use sesame_core::wire::{Channel, UNDO_MINUTES};

use crate::browser;
use crate::components::distribution_context::DistributionContext;
use crate::components::mark_state::{Mark, MarkState};
use crate::components::marking::Marking;
use crate::i18n::{use_lang, LangTexts};

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
    let latest = move || marking.zip(mine).is_none_or(|(m, mine)| m.is_latest(mine));
    // The button goes away once marked: the focus goes to what replaces it.
    let done = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(done) = done.get() {
            browser::focus_if_lost(&done);
        }
    });
    let count = indices.len();
    let marks = MarkState::new(indices.clone(), channel, marking);
    let (state, undo_error, saving, undoing) = (marks.state, marks.undo_error, marks.saving, marks.undoing);
    let mark = move |_| marks.mark(school.get_untracked());
    let undo = move |id: String| marks.undo(school.get_untracked(), id);
    view! {
        <div class="mark" aria-live="polite">
            {move || {
                let (id, undoable) = match state.get() {
                    Mark::Done { id, undoable } => (id, undoable),
                    other => {
                        let undone = other == Mark::Undone;
                        return view! {
                            {undone.then(|| view! {
                                <p class="hint" data-testid="unmarked">{(words().unmarked)(count)}</p>
                            })}
                            // Offered under the last thing built only.
                            {move || latest().then(|| view! {
                                <p>
                                    <button type="button" data-testid="mark-distributed"
                                        disabled=saving on:click=mark>
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
                            <button type="button" data-testid="undo-distributed" disabled=undoing
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
