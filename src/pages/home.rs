//! `/`: sends whoever is signed in to their first structure's distribution page — a teacher's
//! first school that lets teachers hand out letters too; a central administrator without any
//! school yet to the administration page, where schools are created; the signed-out to the
//! login page, by [`use_session`]. Where is core's [`Home`].

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use sesame_core::access::Home;

use crate::api::ApiError;
use crate::i18n::{use_lang, LangTexts};
use crate::session::use_session;

#[component]
pub fn HomePage() -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let session = use_session();
    let navigate = use_navigate();
    view! {
        {move || match session.get() {
            None => view! { <p aria-busy="true">{texts().loading}</p> }.into_any(),
            Some(Ok(info)) => match Home::of(info.role, &info.structures).address() {
                Some(target) => {
                    navigate(&target, NavigateOptions { replace: true, ..Default::default() });
                    view! { <p aria-busy="true">{texts().loading}</p> }.into_any()
                }
                None => view! { <p class="error" role="alert" data-testid="error">{texts().no_structure}</p> }.into_any(),
            },
            // `use_session` is already on its way to the login page.
            Some(Err(ApiError::Unauthorized)) => ().into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert" data-testid="error">{e.message()}</p> }.into_any(),
        }}
    }
}
