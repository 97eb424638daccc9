//! Local mode's letter settings: the school's name and what the server's settings page edits
//! (ENT name, addresses, help text, the profiles that sign in with an outside account), kept in
//! the page's memory only. They can be saved as a small JSON file the administrator keeps, and
//! loaded from it next time — that file holds the settings, never an account (core's
//! [`LocalSettings`] decides what it holds and refuses anything else).
//!
//! Each edit is checked with core's check as it is typed; the letters take the last settings
//! that passed and hold what a letter needs (the school's name and the sign-in address, marked
//! here as needed: core's [`missing_settings`]). Until then the form says what is missing, and
//! the page shows no letter to print.
//!
//! [`missing_settings`]: sesame_core::letter::missing_settings

use leptos::prelude::*;
use sesame_core::letter::settings_check::{Setting, SettingsProblem};
use sesame_core::local::{LocalSettings, SettingsFileError};

use crate::browser;
use crate::components::external_sign_in::{toggle, ExternalSignIn};
use crate::i18n::{use_lang, LangTexts};

/// The file's name when saved.
const FILE_NAME: &str = "reglages-sesame.json";

/// The outcome of the last save or load.
#[derive(Clone, PartialEq)]
enum Status {
    Loaded,
    LoadFailed(SettingsFileError),
    /// The settings typed do not pass the check: not saved.
    NotSaved(SettingsProblem),
    SaveFailed(String),
}

/// A text setting: its `id`, label and how to read and write it; `needed` when the letters
/// cannot be printed without it.
fn text_field(
    settings: RwSignal<LocalSettings>,
    id: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    needed: Option<Memo<bool>>,
    kind: &'static str,
    get: fn(&LocalSettings) -> &String,
    set: fn(&mut LocalSettings, String),
) -> impl IntoView {
    let lang = use_lang();
    let missing = move || needed.is_some_and(|m| m.get());
    view! {
        <label for=id>
            {label}
            {needed.map(|_| view! { <span class="needed">{move || lang.get().texts().local_needed_mark}</span> })}
        </label>
        <input id=id type=kind data-testid=format!("setting-{id}") maxlength="2000"
            aria-required=needed.map(|_| "true") aria-invalid=move || missing().then_some("true")
            class:missing=missing
            prop:value=move || settings.with(|s| get(s).clone())
            on:input=move |ev| settings.update(|s| set(s, event_target_value(&ev))) />
    }
}

#[component]
pub fn LocalSettingsForm(
    settings: RwSignal<LocalSettings>,
    /// What the check says of the settings as typed (`Err`: what to fix).
    check: Memo<Result<LocalSettings, SettingsProblem>>,
    /// The settings the letters need and lack (empty once they can be printed).
    missing: Memo<Vec<Setting>>,
) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let status = RwSignal::new(None::<Status>);
    let save = move |_| match check.get_untracked() {
        Ok(valid) => {
            let outcome = browser::save_as(&valid.to_json(), "application/json", FILE_NAME);
            status.set(outcome.err().map(Status::SaveFailed));
        }
        Err(problem) => status.set(Some(Status::NotSaved(problem))),
    };
    let read = Action::new_local(move |file: &web_sys::File| {
        let file = file.clone();
        async move {
            let loaded = match browser::read_file(&file).await {
                Ok(buffer) => LocalSettings::from_json(&js_sys::Uint8Array::new(&buffer).to_vec())
                    .map_err(Status::LoadFailed),
                Err(e) => Err(Status::SaveFailed(e)),
            };
            match loaded {
                Ok(loaded) => {
                    settings.set(loaded);
                    status.set(Some(Status::Loaded));
                }
                Err(failed) => status.set(Some(failed)),
            }
        }
    });
    let load = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        // A `File` stays in this thread: dispatched as a local task.
        read.dispatch_local(file);
    };
    let needs = move |setting: Setting| Memo::new(move |_| missing.with(|m| m.contains(&setting)));

    view! {
        <form class="settings local-settings" data-testid="settings-form" on:submit=|ev| ev.prevent_default()>
            <p class="hint">{move || texts().local_settings_hint}</p>
            {text_field(settings, "school-name", move || texts().school_name_label, Some(needs(Setting::SchoolName)),
                "text", |s| &s.school_name, |s, v| s.school_name = v)}
            {text_field(settings, "uai", move || texts().uai_label, None, "text", |s| &s.uai, |s, v| s.uai = v)}
            {text_field(settings, "ent-name", move || texts().ent_name_label, None, "text",
                |s| &s.letter_settings.ent_name, |s, v| s.letter_settings.ent_name = v)}
            {text_field(settings, "login-url", move || texts().login_url_label, Some(needs(Setting::LoginUrl)), "url",
                |s| &s.letter_settings.login_url, |s, v| s.letter_settings.login_url = v)}
            {text_field(settings, "activation-url", move || texts().activation_url_label, None, "url",
                |s| &s.letter_settings.activation_url, |s, v| s.letter_settings.activation_url = v)}
            <p class="hint">{move || texts().activation_url_hint}</p>
            <label for="help-text">{move || texts().help_text_label}</label>
            <textarea id="help-text" data-testid="setting-help-text" rows="3" maxlength="2000"
                prop:value=move || settings.with(|s| s.letter_settings.help_text.clone())
                on:input=move |ev| settings.update(|s| s.letter_settings.help_text = event_target_value(&ev))></textarea>
            <ExternalSignIn
                chosen=Callback::new(move |profile| settings.with(|s| s.letter_settings.external_sign_in.contains(&profile)))
                on_toggle=Callback::new(move |(profile, on)| {
                    settings.update(|s| toggle(&mut s.letter_settings.external_sign_in, profile, on))
                }) />
            {move || (!missing.with(Vec::is_empty)).then(|| view! {
                <p class="guidance warning" data-testid="settings-missing">
                    {move || SettingsProblem::Missing(missing.get()).message(lang.get())}
                </p>
            })}
            {move || check.get().err().map(|e| view! {
                <p class="error" role="alert" data-testid="error">
                    {move || format!("{} : {}", texts().settings_not_applied, e.message(lang.get()))}
                </p>
            })}
            <div class="actions">
                <button type="button" data-testid="settings-save-file" on:click=save>{move || texts().settings_save_file}</button>
                <label for="settings-file">{move || texts().settings_load_file}</label>
                <input id="settings-file" type="file" accept=".json,application/json"
                    data-testid="settings-load-file" on:change=load />
                <span role="status" aria-live="polite">
                    {move || status.get().map(|status| match status {
                        Status::Loaded => view! { <span data-testid="settings-loaded">{move || texts().settings_loaded}</span> }.into_any(),
                        Status::LoadFailed(e) => view! { <span class="error" data-testid="error">{move || e.message(lang.get())}</span> }.into_any(),
                        Status::NotSaved(p) => view! { <span class="error" data-testid="error">{move || p.message(lang.get())}</span> }.into_any(),
                        Status::SaveFailed(e) => view! { <span class="error" data-testid="error">{e}</span> }.into_any(),
                    })}
                </span>
            </div>
        </form>
    }
}
