//! `/structures/{id}/settings`: the letter settings of one structure ([`SettingsForm`]), loaded
//! through a resource shown by `Transition` and `ErrorBoundary` like every page's data. The
//! settings call checks scope: a structure outside the administrator's is refused there, and
//! the refusal is shown without « Réessayer ».

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use sesame_core::Structure;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::load_error::LoadError;
use crate::components::session_bar::SessionBar;
use crate::components::settings_form::SettingsForm;
use crate::i18n::{use_lang, LangTexts};
use crate::pages::use_structure_id;
use crate::session::{current, redirect_if_signed_out, use_session, Session};

/// The structure `id` with its settings as stored; `no_structure` is what to say when the
/// session does not list it.
async fn load(id: String, session: Session, no_structure: &'static str) -> Result<Structure, ApiError> {
    let settings = api::letter_settings(&id).await?;
    let info = session.await?;
    let no_structure = ApiError::Server {
        status: 404,
        code: "not-found".into(),
        message: no_structure.to_owned(),
    };
    let mut structure = info
        .structures
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(no_structure)?;
    structure.letter_settings = settings;
    Ok(structure)
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let structure_id = use_structure_id();
    let session = use_session();
    let page = LocalResource::new(move || {
        load(
            structure_id.get(),
            session,
            lang.get_untracked().texts().no_structure,
        )
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Err(error)) = page.get() {
            redirect_if_signed_out(&navigate, &error);
        }
    });
    let back = move || format!("/structures/{}/distribution", structure_id.get());
    // Edits not saved yet are not thrown away without asking (the back link, a reload).
    let unsaved = RwSignal::new(false);
    let leave = move |ev: leptos::ev::MouseEvent| {
        if unsaved.get_untracked() && !browser::confirm(lang.get_untracked().texts().leave_unsaved) {
            ev.prevent_default();
        }
    };
    let guard = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if unsaved.get_untracked() {
            ev.prevent_default();
        }
    });
    on_cleanup(move || guard.remove());

    view! {
        <nav class="toolbar">
            <a href=back on:click=leave data-testid="back-to-distribution">{move || texts().back_to_distribution}</a>
            {move || current(session).get().map(|s| view! { <SessionBar session=s /> })}
        </nav>
        <h2>{move || texts().settings_heading}</h2>
        <Transition fallback=move || view! { <p aria-busy="true">{texts().loading}</p> }>
            <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors on_retry=Callback::new(move |()| page.refetch()) /> }>
                {move || page.get().map(|loaded| loaded.map(|structure| view! {
                    <SettingsForm structure=structure unsaved=unsaved />
                }))}
            </ErrorBoundary>
        </Transition>
    }
}
