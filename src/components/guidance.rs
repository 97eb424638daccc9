//! Next to the counts: the selected accounts that sign in with an outside account (academic
//! account, EduConnect, FranceConnect) and so need no letter, with a button to leave them out.
//! Which profiles those are is the structure's setting; the counting is core's [`guidance`], from
//! the directory's per-profile count of the selection.
//!
//! [`guidance`]: sesame_core::guidance

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::guidance::{external_among, without_external};
use sesame_core::Selection;

use crate::i18n::{use_lang, LangTexts};
use crate::pages::distribution::Loaded;

#[component]
pub fn ExternalGuidance(
    loaded: Signal<Option<Arc<Loaded>>>,
    selected: Memo<Option<Vec<usize>>>,
    selection: Signal<Selection>,
    on_change: Callback<(Selection, bool)>,
) -> impl IntoView {
    let lang = use_lang();
    let found = Memo::new(move |_| {
        loaded.with(|loaded| {
            let loaded = loaded.as_ref()?;
            let external = &loaded.structure.letter_settings.external_sign_in;
            let counts = selected.with(|s| s.as_ref().map(|s| loaded.directory.profile_counts(s)))?;
            external_among(counts, external)
        })
    });
    let narrower = move || {
        loaded.with(|loaded| {
            let loaded = loaded.as_ref()?;
            selection.with(|s| without_external(s, &loaded.structure.letter_settings.external_sign_in))
        })
    };
    move || {
        found.get().map(|found| {
            let lang = lang.get();
            let texts = lang.texts();
            let details = found
                .profiles
                .iter()
                .map(|&(profile, n)| format!("{} : {n}", lang.profile(profile)))
                .collect::<Vec<_>>()
                .join(" · ");
            view! {
                <p class="guidance" data-testid="external-sign-in">
                    {texts.external_sign_in}" ("{details}")."
                    {narrower().map(|next| view! {
                        " "<button type="button" class="link" data-testid="leave-out-external"
                            on:click=move |_| on_change.run((next.clone(), false))>
                            {texts.leave_them_out}
                        </button>
                    })}
                </p>
            }
        })
    }
}
