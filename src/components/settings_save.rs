//! Where saving a school's settings stands, and what the form says of it: its submit button
//! (which says so while saving), saved or edits waiting, and what refused the settings — core's
//! check, an offset, or the server.

use leptos::prelude::*;
use sesame_core::letter::settings_check::SettingsProblem;

use crate::i18n::{use_lang, LangTexts};

/// Where saving stands.
#[derive(Clone, PartialEq)]
pub enum Save {
    /// As loaded, or being saved (the form's action says which).
    Clean,
    Dirty,
    Saved,
    /// Core's check refused the settings before sending (said in the interface's language).
    Invalid(SettingsProblem),
    /// An offset that is not a number of millimetres.
    BadOffset,
    /// The server's answer, as it is.
    Failed(String),
}

impl Save {
    /// Whether edits wait to be saved (the page asks before leaving them).
    pub fn unsaved(&self) -> bool {
        matches!(
            self,
            Save::Dirty | Save::Invalid(_) | Save::BadOffset | Save::Failed(_)
        )
    }
}

/// The form's submit button, what saving did, and why it was refused.
#[component]
pub fn SaveStatus(
    save: RwSignal<Save>,
    /// The form's save action is waiting for the server.
    saving: Memo<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    view! {
        <div class="actions">
            // Never disabled (the focus would leave it): a click while saving does nothing.
            <button type="submit" data-testid="settings-save" aria-disabled=move || saving.get().to_string()>
                {move || if saving.get() { texts().saving } else { texts().save }}
            </button>
            <span role="status" aria-live="polite">
                {move || match save.get() {
                    Save::Saved => view! { <span data-testid="settings-saved">{texts().saved}</span> }.into_any(),
                    Save::Dirty => view! { <span class="hint">{texts().unsaved}</span> }.into_any(),
                    _ => ().into_any(),
                }}
            </span>
        </div>
        {move || {
            let message = match save.get() {
                Save::Invalid(problem) => problem.message(lang.get()),
                Save::BadOffset => texts().label_offset_invalid.to_owned(),
                Save::Failed(message) => message,
                _ => return None,
            };
            Some(view! { <p class="error" role="alert" data-testid="error">{message}</p> })
        }}
    }
}
