//! `/`: sends the administrator to their first structure, or to the login page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{self, ApiError};
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn HomePage() -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    spawn_local(async move {
        let replace = NavigateOptions {
            replace: true,
            ..Default::default()
        };
        match api::session().await {
            Ok(session) => match session.structures.first() {
                Some(structure) => navigate(&format!("/structures/{}/distribution", structure.id), replace),
                None => error.set(Some(texts().no_structure.to_owned())),
            },
            Err(ApiError::Unauthorized) => navigate("/login", replace),
            Err(e) => error.set(Some(e.message())),
        }
    });
    view! {
        {move || match error.get() {
            Some(message) => view! { <p class="error" role="alert" data-testid="error">{message}</p> }.into_any(),
            None => view! { <p aria-busy="true">{texts().loading}</p> }.into_any(),
        }}
    }
}
