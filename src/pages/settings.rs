//! `/structures/{id}/settings`: the letter settings of one structure (ENT name, addresses, help
//! text, e-mail sender), with a live preview of a letter beside the form.
//!
//! Nothing here is hard-coded to one ENT: these settings are what letters and e-mails say. The
//! server checks them again (lengths, web addresses) and its message is shown as it is.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use sesame_core::{Layout, LetterSettings, Profile, Structure};

use crate::api::{self, ApiError, SessionInfo};
use crate::components::letter_preview::LetterPreview;
use crate::components::session_bar::SessionBar;
use crate::i18n::{use_lang, LangTexts};

/// Where saving stands.
#[derive(Clone, PartialEq)]
enum Save {
    Clean,
    Dirty,
    Saving,
    Saved,
    Failed(String),
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let params = use_params_map();
    let structure_id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let navigate = use_navigate();

    let structure = RwSignal::new(None::<Structure>);
    let session = RwSignal::new(None::<SessionInfo>);
    let csrf = RwSignal::new(None::<String>);
    // The message, and whether trying again may help (not after a refusal: out of scope, …).
    let load_error = RwSignal::new(None::<(String, bool)>);
    let attempt = RwSignal::new(0u32);
    let save = RwSignal::new(Save::Clean);
    let (ent_name, login_url, activation_url, help_text, sender) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let external = RwSignal::new(Vec::<Profile>::new());
    let fill = move |s: &LetterSettings| {
        ent_name.set(s.ent_name.clone());
        login_url.set(s.login_url.clone());
        activation_url.set(s.activation_url.clone());
        help_text.set(s.help_text.clone());
        sender.set(s.sender_address.clone());
        external.set(s.external_sign_in.clone());
    };
    let edited = move || LetterSettings {
        ent_name: ent_name.get(),
        login_url: login_url.get(),
        activation_url: activation_url.get(),
        help_text: help_text.get(),
        sender_address: sender.get(),
        external_sign_in: external.get(),
    };

    Effect::new(move |_| {
        let id = structure_id.get();
        attempt.track();
        load_error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let info = match api::session().await {
                Ok(info) => info,
                Err(ApiError::Unauthorized) => return navigate("/login", NavigateOptions::default()),
                Err(e) => return load_error.set(Some((e.message(), e.is_retryable()))),
            };
            session.set(Some(info.clone()));
            let session = info;
            // The settings call checks scope: a structure outside the admin's is refused there.
            match api::letter_settings(&id).await {
                Ok(settings) => {
                    let Some(mut found) = session.structures.into_iter().find(|s| s.id == id) else {
                        return load_error.set(Some((texts().no_structure.to_owned(), false)));
                    };
                    fill(&settings);
                    found.letter_settings = settings;
                    csrf.set(Some(session.csrf_token));
                    structure.set(Some(found));
                    save.set(Save::Clean);
                }
                Err(ApiError::Unauthorized) => navigate("/login", NavigateOptions::default()),
                Err(e) => load_error.set(Some((e.message(), e.is_retryable()))),
            }
        });
    });

    // The preview follows the form as it is typed, saved or not.
    let preview = Signal::derive(move || {
        structure.get().map(|mut s| {
            s.letter_settings = edited();
            s
        })
    });
    let preview_activated = RwSignal::new(false);
    let preview_layout = RwSignal::new(Layout::One);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.get_untracked() == Save::Saving {
            return;
        }
        let Some(token) = csrf.get_untracked() else { return };
        let settings = edited();
        let id = structure_id.get_untracked();
        save.set(Save::Saving);
        spawn_local(async move {
            match api::save_letter_settings(&id, &token, &settings).await {
                Ok(stored) => {
                    fill(&stored);
                    structure.update(|s| {
                        if let Some(s) = s {
                            s.letter_settings = stored;
                        }
                    });
                    save.set(Save::Saved);
                }
                Err(e) => save.set(Save::Failed(e.message())),
            }
        });
    };
    let dirty = move |_| {
        if save.get_untracked() != Save::Saving {
            save.set(Save::Dirty);
        }
    };
    let back = move || format!("/structures/{}/distribution", structure_id.get());

    view! {
        <nav class="toolbar">
            <a href=back>{move || texts().back_to_distribution}</a>
            {move || session.get().map(|s| view! { <SessionBar session=s /> })}
        </nav>
        <h2>{move || texts().settings_heading}</h2>
        {move || load_error.get().map(|(message, retry)| view! {
            <div class="error" role="alert">
                <p data-testid="error">{message}</p>
                {retry.then(|| view! {
                    <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>{texts().retry}</button>
                })}
            </div>
        })}
        {move || structure.get().map(|s| view! {
            <div class="settings-layout">
                <form class="card settings" data-testid="settings-form" on:submit=submit on:input=dirty>
                    <p class="school-name">{format!("{} ({})", s.name, s.uai)}</p>
                    <label for="ent-name">{texts().ent_name_label}</label>
                    <input id="ent-name" data-testid="setting-ent-name" maxlength="2000" bind:value=ent_name />
                    <label for="login-url">{texts().login_url_label}</label>
                    <input id="login-url" type="url" data-testid="setting-login-url" placeholder="https://"
                        maxlength="2000" bind:value=login_url />
                    <label for="activation-url">{texts().activation_url_label}</label>
                    <input id="activation-url" type="url" data-testid="setting-activation-url" placeholder="https://"
                        maxlength="2000" aria-describedby="activation-url-hint" bind:value=activation_url />
                    <p class="hint" id="activation-url-hint">{texts().activation_url_hint}</p>
                    <label for="help-text">{texts().help_text_label}</label>
                    <textarea id="help-text" data-testid="setting-help-text" rows="4" maxlength="2000"
                        prop:value=move || help_text.get()
                        on:input=move |ev| help_text.set(event_target_value(&ev))></textarea>
                    <label for="sender">{texts().sender_label}</label>
                    <input id="sender" type="email" data-testid="setting-sender" maxlength="2000"
                        aria-describedby="sender-hint" bind:value=sender />
                    <p class="hint" id="sender-hint">{texts().sender_hint}</p>
                    <fieldset class="external">
                        <legend>{texts().external_sign_in_label}</legend>
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
                    <div class="actions">
                        <button type="submit" data-testid="settings-save" disabled=move || save.get() == Save::Saving>
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
                    {move || match save.get() {
                        Save::Failed(message) => Some(view! { <p class="error" role="alert" data-testid="error">{message}</p> }),
                        _ => None,
                    }}
                </form>
                <section class="preview-pane" aria-labelledby="preview-heading">
                    <h3 id="preview-heading">{texts().preview_heading}</h3>
                    <fieldset class="inline">
                        <legend class="visually-hidden">{texts().preview_heading}</legend>
                        <label><input type="radio" name="preview-state" checked=move || !preview_activated.get()
                            on:change=move |_| preview_activated.set(false) />{texts().preview_new}</label>
                        <label><input type="radio" name="preview-state" checked=move || preview_activated.get()
                            on:change=move |_| preview_activated.set(true) />{texts().preview_activated}</label>
                    </fieldset>
                    <fieldset class="inline">
                        <legend>{texts().preview_layout}</legend>
                        {[(Layout::One, texts().layout_one), (Layout::Two, texts().layout_two), (Layout::Eight, texts().layout_eight)]
                            .into_iter()
                            .map(|(layout, label)| view! {
                                <label><input type="radio" name="preview-layout"
                                    data-testid=format!("preview-layout-{}", layout.per_page())
                                    checked=move || preview_layout.get() == layout
                                    on:change=move |_| preview_layout.set(layout) />{label}</label>
                            })
                            .collect_view()}
                    </fieldset>
                    <LetterPreview structure=preview activated=Signal::from(preview_activated)
                        layout=Signal::from(preview_layout) />
                </section>
            </div>
        })}
    }
}
