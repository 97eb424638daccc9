//! Step 3's order of the letters: « Par : Aucun / Profil / Classe — Puis par : … », then by name,
//! kept in the address with the selection; and a note when the table's column sort would
//! otherwise be expected to apply.

use leptos::prelude::*;
use sesame_core::{Sort, SortKey};

use crate::components::distribution_context::DistributionContext;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn SortChoice() -> impl IntoView {
    let context = DistributionContext::get();
    let (selection, column_sort) = (context.selection, context.column_sort);
    let texts = move || use_lang().get().texts();
    let set_sort = move |first: Option<SortKey>, then: Option<SortKey>| {
        context.edit_selection(|s| {
            s.sort = Sort {
                first: first.unwrap_or(s.sort.first),
                then: then.unwrap_or(s.sort.then),
            }
        });
    };
    let sort_options = move || {
        SortKey::ALL
            .into_iter()
            .map(|key| {
                let label = move || match key {
                    SortKey::None => texts().sort_none,
                    SortKey::Profile => texts().sort_profile,
                    SortKey::Class => texts().sort_class,
                };
                view! { <option value=key.query_word()>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <fieldset class="field">
            <legend>{move || texts().sort_heading}</legend>
            <div class="sort-choice">
                <label for="sort-first">{move || texts().sort_by}</label>
                <select id="sort-first" data-testid="sort-first"
                    prop:value=move || selection.get().sort.first.query_word()
                    on:change=move |ev| set_sort(SortKey::from_query(&event_target_value(&ev)), None)>
                    {sort_options()}
                </select>
                <label for="sort-then">{move || texts().then_by}</label>
                <select id="sort-then" data-testid="sort-then"
                    prop:value=move || selection.get().sort.then.query_word()
                    on:change=move |ev| set_sort(None, SortKey::from_query(&event_target_value(&ev)))>
                    {sort_options()}
                </select>
            </div>
            <p class="hint">{move || texts().sort_hint}</p>
            {move || column_sort.get().map(|_| view! {
                <p class="hint" data-testid="column-sort-note">{texts().column_sort_in_step3}</p>
            })}
        </fieldset>
    }
}
