//! Next to the counts: the selected accounts that sign in with an outside account (academic
//! account, EduConnect, FranceConnect) and so need no letter, with a button to leave them out.
//! Which profiles those are is the structure's setting; the counting is core's [`guidance`].
//!
//! [`guidance`]: sesame_core::guidance

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::guidance::{external_sign_in, without_external};
use sesame_core::Selection;

use crate::app::use_lang;
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
        let loaded = loaded.get()?;
        let external = &loaded.structure.letter_settings.external_sign_in;
        selected.with(|s| external_sign_in(loaded.directory.users(), s.as_ref()?, external))
    });
    let narrower = move || {
        let loaded = loaded.get()?;
        without_external(
            &selection.get(),
            &loaded.structure.letter_settings.external_sign_in,
        )
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
