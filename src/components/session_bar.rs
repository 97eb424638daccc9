//! Who is signed in, the ways to the administration pages (« Administration », « Mon compte »)
//! and « Se déconnecter », at the end of every signed-in page's toolbar.
//!
//! « Administration » (administrators and schools) is a central administrator's: a local one
//! may change neither, and finds their own account under « Mon compte ».

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use sesame_core::wire::Role;

use crate::api::{self, SessionInfo};
use crate::i18n::{use_lang, LangTexts};
use crate::session::{session_context, signed_out};

#[component]
pub fn SessionBar(session: SessionInfo) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let navigate = use_navigate();
    let handle = session_context();
    let csrf = session.csrf_token.clone();
    let logout = move |_| {
        let csrf = csrf.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            // Signed out or not (the session may have expired), the way out is the login page.
            let _ = api::logout(&csrf).await;
            signed_out(handle);
            navigate("/login", NavigateOptions::default());
        });
    };
    let admin = move || use_lang().get().admin();
    let central = session.role == Role::Central;
    view! {
        <span class="who" data-testid="who">{session.display_name}</span>
        {central.then(|| view! { <a href="/admins" data-testid="admins-link">{move || admin().admins_link}</a> })}
        <a href="/account" data-testid="account-link">{move || admin().account_link}</a>
        <button type="button" data-testid="logout" on:click=logout>{move || texts().logout}</button>
    }
}
