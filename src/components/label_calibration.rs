//! « Calibrage des étiquettes »: the offset, in millimetres, that a school's printer needs on
//! sheets of labels — kept as typed ("1,5"), read when saved so that a typo is said.

use leptos::prelude::*;
use sesame_core::letter::settings_check::Setting;

use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn LabelCalibration(offset_x: RwSignal<String>, offset_y: RwSignal<String>) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    view! {
        <fieldset class="calibration">
            <legend>{move || texts().label_calibration}</legend>
            <label for="offset-x">{move || Setting::LabelOffsetX.label(lang.get())}</label>
            <input id="offset-x" inputmode="decimal" data-testid="setting-offset-x" size="6"
                aria-describedby="offset-hint" bind:value=offset_x />
            <label for="offset-y">{move || Setting::LabelOffsetY.label(lang.get())}</label>
            <input id="offset-y" inputmode="decimal" data-testid="setting-offset-y" size="6"
                aria-describedby="offset-hint" bind:value=offset_y />
            <p class="hint" id="offset-hint">{move || texts().label_offset_hint}</p>
        </fieldset>
    }
}
