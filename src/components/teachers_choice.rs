//! What a school lets its teachers do (its settings): distribute their classes' letters, and
//! e-mail them — the second only with the first.

use leptos::prelude::*;

use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn TeachersChoice(
    /// Teachers may distribute their classes' letters.
    teachers: RwSignal<bool>,
    /// Teachers may also send them by e-mail.
    teachers_mail: RwSignal<bool>,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    view! {
        <fieldset class="teachers">
            <legend>{move || texts().teachers_legend}</legend>
            <label class="check">
                <input type="checkbox" data-testid="setting-teachers-distribute"
                    aria-describedby="teachers-hint"
                    prop:checked=move || teachers.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        teachers.set(on);
                        if !on {
                            teachers_mail.set(false);
                        }
                    } />
                {move || texts().teachers_may_distribute}
            </label>
            <label class="check">
                <input type="checkbox" data-testid="setting-teachers-mail"
                    prop:disabled=move || !teachers.get()
                    prop:checked=move || teachers_mail.get()
                    on:change=move |ev| teachers_mail.set(event_target_checked(&ev)) />
                {move || texts().teachers_may_mail}
            </label>
            <p class="hint" id="teachers-hint">{move || texts().teachers_hint}</p>
        </fieldset>
    }
}
