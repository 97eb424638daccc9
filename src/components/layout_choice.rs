//! Step 3's template: a full letter, an A5 half or a card per account (1, 2 or 8 per A4 page),
//! or a sheet of stickers or cards ([`SheetChoice`]).

use leptos::prelude::*;
use sesame_core::Layout;

use crate::components::distribution_context::DistributionContext;
use crate::components::sheet_choice::SheetChoice;
use crate::i18n::{use_lang, LangTexts, Texts};

#[component]
pub fn LayoutChoice() -> impl IntoView {
    let context = DistributionContext::get();
    let selection = context.selection;
    let texts = move || use_lang().get().texts();
    let set_layout = move |layout: Layout| context.edit_selection(|s| s.layout = layout);
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
            <SheetChoice />
        </fieldset>
    }
}
