//! « Marquer ces N comptes comme distribués », under a PDF, a ZIP of class files or a CSV file
//! that was built (channel `pdf` or `csv`): the one place the
//! distribution log learns that letters were handed out. Building a PDF alone records nothing
//! (it may be a preview, never printed), so the « Déjà distribués : Non » filter never hides a
//! pupil who has not had their letter.
//!
//! Only account ids go to the server. Once it has recorded them, the page's directory is
//! updated at once ([`Directory::mark_distributed`](sesame_core::Directory::mark_distributed)):
//! the table's column and the filter follow without a reload.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sesame_core::wire::Channel;
use sesame_core::School;

use crate::api::{self, ApiError};
use crate::browser;
use crate::i18n::{use_lang, LangTexts};
use crate::session::sign_in_again;

#[derive(Clone, PartialEq)]
enum Mark {
    Offered,
    Saving,
    Done,
    Failed(String),
}

#[component]
pub fn MarkDistributed(
    school: Signal<Arc<School>>,
    /// The accounts whose letters were built (directory indices).
    indices: Arc<Vec<usize>>,
    on_marked: Callback<Arc<Vec<usize>>>,
    csrf: Signal<Option<String>>,
    /// How they were handed out: printed (the PDF, the labels, the class files) or a CSV file.
    #[prop(default = Channel::Pdf)]
    channel: Channel,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let state = RwSignal::new(Mark::Offered);
    // The button goes away once marked: the focus goes to what replaces it.
    let done = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(done) = done.get() {
            browser::focus_if_lost(&done);
        }
    });
    let count = indices.len();
    let mark = move |_| {
        let Some(csrf) = csrf.get_untracked() else {
            return;
        };
        let school = school.get_untracked();
        if state.get_untracked() == Mark::Saving {
            return;
        }
        state.set(Mark::Saving);
        let indices = indices.clone();
        spawn_local(async move {
            let ids: Vec<String> = indices
                .iter()
                .map(|&i| school.directory.users()[i].id.clone())
                .collect();
            match api::record_distribution(&school.structure.id, &csrf, &ids, channel).await {
                Ok(()) => {
                    state.try_set(Mark::Done);
                    on_marked.run(indices);
                }
                Err(ApiError::Unauthorized) => sign_in_again(),
                Err(e) => {
                    state.try_set(Mark::Failed(e.message()));
                }
            }
        });
    };
    view! {
        <div class="mark" aria-live="polite">
            {move || match state.get() {
                Mark::Done => view! {
                    <p class="done" data-testid="marked" tabindex="-1" node_ref=done>{(texts().marked)(count)}</p>
                }.into_any(),
                other => view! {
                    <p>
                        <button type="button" data-testid="mark-distributed"
                            disabled=other == Mark::Saving on:click=mark.clone()>
                            {(texts().mark_distributed)(count)}
                        </button>
                        " "<span class="hint">{texts().mark_hint}</span>
                    </p>
                    {match other {
                        Mark::Failed(message) => Some(view! { <p class="error" role="alert" data-testid="error">{message}</p> }),
                        _ => None,
                    }}
                }.into_any(),
            }}
        </div>
    }
}
