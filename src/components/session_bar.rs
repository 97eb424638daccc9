//! Who is signed in, the ways to the administration pages (« Administration », « Mon compte »)
//! and « Se déconnecter », at the end of every signed-in page's toolbar.
//!
//! Which links a role is given is core's decision ([`Links::for_role`]): « Administration »
//! (administrators and schools) is a central administrator's, « Mon compte » an administrator's
//! (a teacher's password is the ENT's), and a teacher is given none. Signing out of a session
//! begun at the ENT goes on to the ENT's own sign-out page, which comes back to `/login`.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use sesame_core::access::sign_in_offer::SignOutTo;
use sesame_core::access::Links;
use sesame_core::wire::Role;

use crate::api::{self, SessionInfo};
use crate::browser;
use crate::i18n::{use_lang, LangTexts};
use crate::session::{session_context, signed_out};

#[component]
pub fn SessionBar(session: SessionInfo) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let navigate = use_navigate();
    let handle = session_context();
    let leaving = RwSignal::new(false);
    let logout = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            // Signed out or not (the session may have expired), the way out is the login page —
            // through the ENT's sign-out when the session began there.
            let answer = api::logout().await.ok().flatten();
            match SignOutTo::from_answer(answer.as_deref()) {
                // Leaving the page: its memory (the directory, codes included) goes with it. Not
                // marked signed out first, which would start a navigation to `/login` of its own.
                SignOutTo::Provider(url) => {
                    leaving.set(true);
                    browser::leave_for(&url);
                }
                SignOutTo::SignIn => {
                    signed_out(handle);
                    navigate("/login", NavigateOptions::default());
                }
            }
        }
    });
    let ent = move || use_lang().get().ent();
    let links = Links::for_role(session.role);
    let teacher = session.role == Role::Teacher;
    view! {
        <span class="who" data-testid="who">
            {session.display_name}
            {teacher.then(|| view! { " " <span class="role" data-testid="who-role">{move || format!("({})", ent().teacher)}</span> })}
        </span>
        {links.administration.then(|| view! { <a href="/admins" data-testid="admins-link">{move || texts().admins_link}</a> })}
        {links.account.then(|| view! { <a href="/account" data-testid="account-link">{move || texts().account_link}</a> })}
        <button type="button" data-testid="logout" on:click=move |_| { logout.dispatch(()); } disabled=move || leaving.get()>
            {move || if leaving.get() { ent().leaving_for_ent } else { texts().logout }}
        </button>
    }
}
