//! Next to the counts: the selected accounts that are blocked in the ENT — they cannot sign in
//! until unblocked, so their letters are of no use yet — with a button that leaves them out
//! (core's [`without_blocked`]).
//!
//! [`without_blocked`]: sesame_core::guidance::without_blocked

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::guidance::without_blocked;
use sesame_core::Selection;

use crate::i18n::{use_lang, LangTexts};
use crate::pages::distribution::Loaded;

#[component]
pub fn BlockedNote(
    loaded: Signal<Option<Arc<Loaded>>>,
    selected: Memo<Option<Vec<usize>>>,
    selection: Signal<Selection>,
    on_change: Callback<(Selection, bool)>,
) -> impl IntoView {
    let lang = use_lang();
    let blocked = Memo::new(move |_| {
        loaded.with(|loaded| {
            let loaded = loaded.as_ref()?;
            selected.with(|s| s.as_ref().map(|s| loaded.directory.counts(s).blocked))
        })
    });
    move || {
        let n = blocked.get().filter(|&n| n > 0)?;
        let texts = lang.get().texts();
        Some(view! {
            <p class="guidance warning" data-testid="blocked-note">
                {(texts.blocked_note)(n)}
                {selection.with(without_blocked).map(|next| view! {
                    " "<button type="button" class="link" data-testid="leave-out-blocked"
                        on:click=move |_| on_change.run((next.clone(), false))>
                        {texts.leave_blocked_out}
                    </button>
                })}
            </p>
        })
    }
}
