//! The letter settings of one structure, as a form (ENT name, addresses, help text, e-mail
//! sender, the profiles that sign in with an outside account) beside a live preview of each
//! template, which follows what is typed, saved or not.
//!
//! Nothing here is hard-coded to one ENT: these settings are what letters and e-mails say. They
//! are checked here with core's check before anything is sent (its problem said in the
//! interface's language, as every label here); the server checks them again (with the sender
//! domains its operator allows) and its message is shown as it is.

use leptos::prelude::*;
use sesame_core::{LetterSettings, Structure};

use crate::api::{self, ApiError};
use crate::components::external_sign_in::{toggle, ExternalSignIn};
use crate::components::label_calibration::LabelCalibration;
use crate::components::settings_fields::SettingsFields;
use crate::components::settings_preview::SettingsPreview;
use crate::components::settings_save::{Save, SaveStatus};
use crate::components::teachers_choice::TeachersChoice;
use crate::i18n::{use_lang, LangTexts};
use crate::session::sign_in_again;

#[component]
pub fn SettingsForm(
    structure: Structure,
    /// Whether edits are waiting to be saved (the page asks before leaving them).
    unsaved: RwSignal<bool>,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let save = RwSignal::new(Save::Clean);
    Effect::new(move |_| unsaved.set(save.with(Save::unsaved)));
    let fields = SettingsFields::new(structure.letter_settings.clone());
    let SettingsFields {
        ent_name,
        login_url,
        activation_url,
        help_text,
        sender,
        external,
        teachers,
        teachers_mail,
        offset_x,
        offset_y,
    } = fields;
    let edited = move || fields.edited();

    // The preview follows the form as it is typed, saved or not.
    let shown = structure.clone();
    let preview = Signal::derive(move || {
        let mut s = shown.clone();
        s.letter_settings = edited();
        Some(s)
    });

    // The form is one structure's: its id goes with every save, the settings are what changes.
    let id = structure.id.clone();
    let store = Action::new_local(move |settings: &LetterSettings| {
        let (id, settings) = (id.clone(), settings.clone());
        async move {
            match api::save_letter_settings(&id, &settings).await {
                Ok(stored) => {
                    fields.fill(stored);
                    save.set(Save::Saved);
                }
                Err(ApiError::Unauthorized) => sign_in_again(),
                Err(e) => save.set(Save::Failed(e.message())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if store.pending().get_untracked() {
            return;
        }
        if !fields.offsets_valid() {
            return save.set(Save::BadOffset);
        }
        // Core's own check first, the one the server runs: what to fix is said at once.
        let settings = match edited().check() {
            Ok(settings) => settings,
            Err(problem) => return save.set(Save::Invalid(problem)),
        };
        save.set(Save::Clean);
        store.dispatch(settings);
    };
    let dirty = move |_| {
        if !store.pending().get_untracked() {
            save.set(Save::Dirty);
        }
    };

    view! {
        <div class="settings-layout">
            <form class="card settings" data-testid="settings-form" on:submit=submit on:input=dirty>
                <p class="school-name">{format!("{} ({})", structure.name, structure.uai)}</p>
                <label for="ent-name">{move || texts().ent_name_label}</label>
                <input id="ent-name" data-testid="setting-ent-name" maxlength="2000" bind:value=ent_name />
                <label for="login-url">{move || texts().login_url_label}</label>
                <input id="login-url" type="url" data-testid="setting-login-url" placeholder="https://"
                    maxlength="2000" bind:value=login_url />
                <label for="activation-url">{move || texts().activation_url_label}</label>
                <input id="activation-url" type="url" data-testid="setting-activation-url" placeholder="https://"
                    maxlength="2000" aria-describedby="activation-url-hint" bind:value=activation_url />
                <p class="hint" id="activation-url-hint">{move || texts().activation_url_hint}</p>
                <label for="help-text">{move || texts().help_text_label}</label>
                <textarea id="help-text" data-testid="setting-help-text" rows="4" maxlength="2000"
                    aria-describedby="help-text-hint"
                    prop:value=move || help_text.get()
                    on:input=move |ev| help_text.set(event_target_value(&ev))></textarea>
                <p class="hint" id="help-text-hint">{move || texts().help_text_hint}</p>
                <label for="sender">{move || texts().sender_label}</label>
                <input id="sender" type="email" data-testid="setting-sender" maxlength="2000"
                    aria-describedby="sender-hint" bind:value=sender />
                <p class="hint" id="sender-hint">{move || texts().sender_hint}</p>
                <LabelCalibration offset_x=offset_x offset_y=offset_y />
                <ExternalSignIn chosen=Callback::new(move |profile| external.with(|e| e.contains(&profile)))
                    on_toggle=Callback::new(move |(profile, on)| external.update(|e| toggle(e, profile, on))) />
                <TeachersChoice teachers=teachers teachers_mail=teachers_mail />
                <SaveStatus save=save saving=store.pending() />
            </form>
            <SettingsPreview structure=preview />
        </div>
    }
}
