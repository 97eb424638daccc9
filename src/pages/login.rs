//! `/login`: the sign-in form. Errors (wrong password, too many attempts) are shown as the
//! server words them, in French.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api;
use crate::i18n::{use_lang, LangTexts};
use crate::session::{after_sign_in, session_context, signed_in};

#[component]
pub fn LoginPage() -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let session = session_context();
    // The page the visitor was sent here from (a bookmark, an expired session): back there after.
    let query = use_query_map();
    // The first thing to do here is type a login: the field has the focus as soon as it is shown.
    let login_field = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(field) = login_field.get() {
            let _ = field.focus();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let next = query.with_untracked(|q| q.get("next"));
        spawn_local(async move {
            match api::login(&login.get_untracked(), &password.get_untracked()).await {
                Ok(info) => {
                    password.set(String::new());
                    let first = match info.structures.first() {
                        Some(s) => format!("/structures/{}/distribution", s.id),
                        None => "/".to_owned(),
                    };
                    let target = after_sign_in(next, first);
                    signed_in(session, info);
                    navigate(&target, NavigateOptions::default());
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card login">
            <h2>{move || texts().login_heading}</h2>
            <form data-testid="login-form" on:submit=submit>
                <label for="login">{move || texts().login_label}</label>
                <input id="login" data-testid="login-input" autocomplete="username" required
                    node_ref=login_field bind:value=login />
                <label for="password">{move || texts().password_label}</label>
                <input id="password" type="password" data-testid="password-input" autocomplete="current-password"
                    required bind:value=password />
                {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="error">{m}</p> })}
                <button type="submit" data-testid="login-submit" disabled=move || busy.get()>
                    {move || texts().login_submit}
                </button>
            </form>
            <p class="hint"><a href="/local" data-testid="local-link">{move || texts().local_link}</a></p>
        </section>
    }
}
