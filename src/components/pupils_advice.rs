//! Step 3's advice for pupils' letters (core's [`pupils_advice`]): said with a button that
//! applies it to the selection, or, once applied, that it is.

use leptos::prelude::*;
use sesame_core::distribution::guidance::{advice_applied, pupils_advice};

use crate::components::distribution_context::DistributionContext;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn PupilsAdvice() -> impl IntoView {
    let DistributionContext {
        selection, on_change, ..
    } = DistributionContext::get();
    let texts = move || use_lang().get().texts();
    let apply_advice = move |_| on_change.run((pupils_advice(&selection.get_untracked()), false));
    let advice_followed = Memo::new(move |_| selection.with(advice_applied));
    view! {
        <p class="guidance">
            {move || texts().pupils_tip}" "
            {move || if advice_followed.get() {
                view! { <span data-testid="advice-applied">{use_lang().get().distribution().advice_applied}</span> }.into_any()
            } else {
                view! {
                    <button type="button" class="link" data-testid="apply-advice" on:click=apply_advice>
                        {move || texts().apply_advice}
                    </button>
                }.into_any()
            }}
        </p>
    }
}
