//! The live counts next to the table: selected, without e-mail, not activated; and, when
//! accounts are ticked one by one, how many of the selection and « Tout décocher ».

use std::collections::HashSet;

use leptos::prelude::*;

use crate::components::distribution_context::DistributionContext;
use crate::i18n::{agreeing, use_lang, LangTexts};

#[component]
pub fn SelectionCounts(
    /// Ticks the last selection change took away (said once, until the next change).
    dropped: RwSignal<usize>,
) -> impl IntoView {
    let DistributionContext {
        school,
        selected,
        picked,
        ..
    } = DistributionContext::get();
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let counts = Memo::new(move |_| school.with(|school| selected.with(|s| school.directory.counts(s))));
    let n = move |f: fn(&sesame_core::selection::directory::Counts) -> usize| move || f(&counts.get());
    let word = move |n: usize, one: &'static str, many: &'static str| agreeing(lang.get(), n, one, many);
    let ticked = Memo::new(move |_| picked.with(HashSet::len));
    view! {
        <p class="counts" aria-live="polite">
            <strong data-testid="selected-count">{n(|c| c.selected)}</strong>" "
            {move || word(n(|c| c.selected)(), texts().selected_one, texts().selected)}
            " · "<span data-testid="without-email-count">{n(|c| c.without_email)}</span>" "{move || texts().without_email_count}
            " · "<span data-testid="not-activated-count">{n(|c| c.not_activated)}</span>" "
            {move || word(n(|c| c.not_activated)(), texts().not_activated_one, texts().not_activated_count)}
        </p>
        <div class="picks" aria-live="polite">
            {move || (ticked.get() > 0).then(|| view! {
                <p class="picked">
                    <strong data-testid="picked-count">{ticked.get()}</strong>
                    {(texts().picked_of)(ticked.get(), n(|c| c.selected)())}" "
                    <button type="button" class="link" data-testid="unpick-all"
                        on:click=move |_| picked.set(HashSet::new())>{texts().unpick_all}</button>
                </p>
            })}
            {move || (dropped.get() > 0).then(|| view! {
                <p class="hint" data-testid="picked-dropped">{(texts().picked_dropped)(dropped.get())}</p>
            })}
        </div>
    }
}
