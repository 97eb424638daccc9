//! `/`: sends the administrator to their first structure (a central administrator without any
//! yet to the administration page, where schools are created; the signed-out to the login page,
//! by [`use_session`]).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use sesame_core::wire::Role;

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
            Some(Ok(info)) => match info.structures.first() {
                Some(structure) => {
                    let target = format!("/structures/{}/distribution", structure.id);
                    navigate(&target, NavigateOptions { replace: true, ..Default::default() });
                    view! { <p aria-busy="true">{texts().loading}</p> }.into_any()
                }
                // A central administrator's first school is created on the administration page.
                None if info.role == Role::Central => {
                    navigate("/admins", NavigateOptions { replace: true, ..Default::default() });
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
