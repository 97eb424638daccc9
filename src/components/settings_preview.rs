//! The live preview beside a school's settings: a letter as a new or an already activated
//! account gets it, in one of the templates, following what is typed, saved or not.

use leptos::prelude::*;
use sesame_core::{Layout, Structure};

use crate::components::letter_preview::LetterPreview;
use crate::i18n::{use_lang, LangTexts, Texts};

#[component]
pub fn SettingsPreview(
    /// The structure with its settings as typed.
    structure: Signal<Option<Structure>>,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let activated = RwSignal::new(false);
    let layout = RwSignal::new(Layout::One);
    view! {
        <section class="preview-pane" aria-labelledby="preview-heading">
            <h3 id="preview-heading">{move || texts().preview_heading}</h3>
            <fieldset class="inline">
                <legend class="visually-hidden">{move || texts().preview_heading}</legend>
                <label><input type="radio" name="preview-state" checked=move || !activated.get()
                    on:change=move |_| activated.set(false) />{move || texts().preview_new}</label>
                <label><input type="radio" name="preview-state" checked=move || activated.get()
                    on:change=move |_| activated.set(true) />{move || texts().preview_activated}</label>
            </fieldset>
            <fieldset class="inline">
                <legend>{move || texts().preview_layout}</legend>
                {[
                    (Layout::One, (|t| t.layout_one) as fn(&Texts) -> &'static str),
                    (Layout::Two, |t| t.layout_two),
                    (Layout::Eight, |t| t.layout_eight),
                ]
                    .into_iter()
                    .map(|(choice, label)| view! {
                        <label><input type="radio" name="preview-layout"
                            data-testid=format!("preview-layout-{}", choice.per_page())
                            checked=move || layout.get() == choice
                            on:change=move |_| layout.set(choice) />{move || label(texts())}</label>
                    })
                    .collect_view()}
            </fieldset>
            <LetterPreview structure=structure activated=Signal::from(activated)
                layout=Signal::from(layout) />
        </section>
    }
}
