//! Step 3's template: a full letter, an A5 half or a card per account (1, 2 or 8 per A4 page),
//! or a sheet of stickers or cards ([`SheetChoice`]).

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::{Lang, Layout, School, Selection};

use crate::components::sheet_choice::SheetChoice;
use crate::i18n::{use_lang, LangTexts, Texts};

#[component]
pub fn LayoutChoice(
    school: Signal<Arc<School>>,
    selection: Signal<Selection>,
    on_change: Callback<(Selection, bool)>,
    /// The sheet's first label to print on (a sheet partly used already).
    first_label: RwSignal<usize>,
    letter_lang: Signal<Lang>,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let set_layout = move |layout: Layout| {
        let mut next = selection.get_untracked();
        next.layout = layout;
        on_change.run((next, false));
    };
    let layout_radio = move |layout: Layout, label: fn(&Texts) -> &'static str| {
        view! {
            <label class="check">
                <input type="radio" name="layout" data-testid=format!("layout-{}", layout.per_page())
                    prop:checked=move || selection.get().layout == layout
                    on:change=move |_| set_layout(layout) />
                {move || label(texts())}
            </label>
        }
    };
    view! {
        <fieldset class="field">
            <legend>{move || texts().template}</legend>
            {layout_radio(Layout::One, |t| t.layout_one)}
            {layout_radio(Layout::Two, |t| t.layout_two)}
            {layout_radio(Layout::Eight, |t| t.layout_eight)}
            <SheetChoice school=school selection=selection on_change=on_change first_label=first_label
                letter_lang=letter_lang />
        </fieldset>
    }
}
