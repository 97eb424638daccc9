//! « Comptes se connectant avec un compte extérieur »: the profiles whose letters say to sign
//! in with an outside account, one checkbox each — in a school's settings and in local mode's.

use leptos::prelude::*;
use sesame_core::Profile;

use crate::i18n::{use_lang, LangTexts};

/// Adds `profile` to `external` (kept in order) or takes it out.
pub fn toggle(external: &mut Vec<Profile>, profile: Profile, on: bool) {
    external.retain(|p| *p != profile);
    if on {
        external.push(profile);
        external.sort_unstable();
    }
}

#[component]
pub fn ExternalSignIn(
    /// Whether `profile` is ticked.
    chosen: Callback<Profile, bool>,
    /// A checkbox changed: the profile, and whether it is now ticked.
    on_toggle: Callback<(Profile, bool)>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <fieldset class="external">
            <legend>{move || lang.get().texts().external_sign_in_label}</legend>
            {Profile::ALL.into_iter().map(|profile| view! {
                <label class="check">
                    <input type="checkbox" data-testid=format!("setting-external-{}", profile.as_str())
                        prop:checked=move || chosen.run(profile)
                        on:change=move |ev| on_toggle.run((profile, event_target_checked(&ev))) />
                    {move || lang.get().profile(profile)}
                </label>
            }).collect_view()}
        </fieldset>
    }
}
