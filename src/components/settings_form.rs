//! The letter settings of one structure, as a form (ENT name, addresses, help text, e-mail
//! sender, the profiles that sign in with an outside account) beside a live preview of each
//! template, which follows what is typed, saved or not.
//!
//! Nothing here is hard-coded to one ENT: these settings are what letters and e-mails say. They
//! are checked here with core's check before anything is sent (its problem said in the
//! interface's language, as every label here); the server checks them again (with the sender
//! domains its operator allows) and its message is shown as it is.

use leptos::prelude::*;
use sesame_core::letter::settings_check::{Setting, SettingsProblem};
use sesame_core::{Layout, LetterSettings, Millimetres, Profile, Structure};

use crate::api::{self, ApiError};
use crate::components::letter_preview::LetterPreview;
use crate::i18n::{use_lang, LangTexts, Texts};
use crate::session::sign_in_again;

/// Where saving stands.
#[derive(Clone, PartialEq)]
enum Save {
    Clean,
    Dirty,
    Saving,
    Saved,
    /// Core's check refused the settings before sending (said in the interface's language).
    Invalid(SettingsProblem),
    /// An offset that is not a number of millimetres.
    BadOffset,
    /// The server's answer, as it is.
    Failed(String),
}

#[component]
pub fn SettingsForm(
    structure: Structure,
    /// Whether edits are waiting to be saved (the page asks before leaving them).
    unsaved: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let save = RwSignal::new(Save::Clean);
    Effect::new(move |_| {
        unsaved.set(matches!(
            save.get(),
            Save::Dirty | Save::Invalid(_) | Save::BadOffset | Save::Failed(_)
        ))
    });
    let saved = structure.letter_settings.clone();
    let (ent_name, login_url, activation_url, help_text, sender) = (
        RwSignal::new(saved.ent_name),
        RwSignal::new(saved.login_url),
        RwSignal::new(saved.activation_url),
        RwSignal::new(saved.help_text),
        RwSignal::new(saved.sender_address),
    );
    let external = RwSignal::new(saved.external_sign_in);
    let (teachers, teachers_mail) = (
        RwSignal::new(saved.teachers_may_distribute),
        RwSignal::new(saved.teachers_may_mail),
    );
    // The calibration offset as typed ("1,5"): read when saved, so a typo is said, not zeroed.
    let (offset_x, offset_y) = (
        RwSignal::new(saved.label_offset_x_mm.to_string().replace('.', ",")),
        RwSignal::new(saved.label_offset_y_mm.to_string().replace('.', ",")),
    );
    let fill = move |s: LetterSettings| {
        offset_x.set(s.label_offset_x_mm.to_string().replace('.', ","));
        offset_y.set(s.label_offset_y_mm.to_string().replace('.', ","));
        ent_name.set(s.ent_name);
        login_url.set(s.login_url);
        activation_url.set(s.activation_url);
        help_text.set(s.help_text);
        sender.set(s.sender_address);
        external.set(s.external_sign_in);
        teachers.set(s.teachers_may_distribute);
        teachers_mail.set(s.teachers_may_mail);
    };
    let edited = move || LetterSettings {
        ent_name: ent_name.get(),
        login_url: login_url.get(),
        activation_url: activation_url.get(),
        help_text: help_text.get(),
        sender_address: sender.get(),
        external_sign_in: external.get(),
        label_offset_x_mm: Millimetres::parse(&offset_x.get()).unwrap_or_default(),
        label_offset_y_mm: Millimetres::parse(&offset_y.get()).unwrap_or_default(),
        teachers_may_distribute: teachers.get(),
        teachers_may_mail: teachers_mail.get(),
    };

    // The preview follows the form as it is typed, saved or not.
    let shown = structure.clone();
    let preview = Signal::derive(move || {
        let mut s = shown.clone();
        s.letter_settings = edited();
        Some(s)
    });
    let preview_activated = RwSignal::new(false);
    let preview_layout = RwSignal::new(Layout::One);

    let store = Action::new_local(move |(id, settings): &(String, LetterSettings)| {
        let (id, settings) = (id.clone(), settings.clone());
        async move {
            match api::save_letter_settings(&id, &settings).await {
                Ok(stored) => {
                    fill(stored);
                    save.set(Save::Saved);
                }
                Err(ApiError::Unauthorized) => sign_in_again(),
                Err(e) => save.set(Save::Failed(e.message())),
            }
        }
    });
    let id = structure.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.get_untracked() == Save::Saving {
            return;
        }
        if Millimetres::parse(&offset_x.get_untracked()).is_none()
            || Millimetres::parse(&offset_y.get_untracked()).is_none()
        {
            return save.set(Save::BadOffset);
        }
        // Core's own check first, the one the server runs: what to fix is said at once.
        let settings = match edited().check() {
            Ok(settings) => settings,
            Err(problem) => return save.set(Save::Invalid(problem)),
        };
        save.set(Save::Saving);
        store.dispatch((id.clone(), settings));
    };
    let dirty = move |_| {
        if save.get_untracked() != Save::Saving {
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
                <fieldset class="external">
                    <legend>{move || texts().external_sign_in_label}</legend>
                    {Profile::ALL.into_iter().map(|profile| view! {
                        <label class="check">
                            <input type="checkbox" data-testid=format!("setting-external-{}", profile.as_str())
                                prop:checked=move || external.with(|e| e.contains(&profile))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    external.update(|e| {
                                        e.retain(|p| *p != profile);
                                        if on {
                                            e.push(profile);
                                            e.sort_unstable();
                                        }
                                    });
                                } />
                            {move || lang.get().profile(profile)}
                        </label>
                    }).collect_view()}
                </fieldset>
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
                <div class="actions">
                    // Never disabled (the focus would leave it): a click while saving does nothing.
                    <button type="submit" data-testid="settings-save" aria-disabled=move || (save.get() == Save::Saving).to_string()>
                        {move || if save.get() == Save::Saving { texts().saving } else { texts().save }}
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
            </form>
            <section class="preview-pane" aria-labelledby="preview-heading">
                <h3 id="preview-heading">{move || texts().preview_heading}</h3>
                <fieldset class="inline">
                    <legend class="visually-hidden">{move || texts().preview_heading}</legend>
                    <label><input type="radio" name="preview-state" checked=move || !preview_activated.get()
                        on:change=move |_| preview_activated.set(false) />{move || texts().preview_new}</label>
                    <label><input type="radio" name="preview-state" checked=move || preview_activated.get()
                        on:change=move |_| preview_activated.set(true) />{move || texts().preview_activated}</label>
                </fieldset>
                <fieldset class="inline">
                    <legend>{move || texts().preview_layout}</legend>
                    {[
                        (Layout::One, (|t| t.layout_one) as fn(&Texts) -> &'static str),
                        (Layout::Two, |t| t.layout_two),
                        (Layout::Eight, |t| t.layout_eight),
                    ]
                        .into_iter()
                        .map(|(layout, label)| view! {
                            <label><input type="radio" name="preview-layout"
                                data-testid=format!("preview-layout-{}", layout.per_page())
                                checked=move || preview_layout.get() == layout
                                on:change=move |_| preview_layout.set(layout) />{move || label(texts())}</label>
                        })
                        .collect_view()}
                </fieldset>
                <LetterPreview structure=preview activated=Signal::from(preview_activated)
                    layout=Signal::from(preview_layout) />
            </section>
        </div>
    }
}
