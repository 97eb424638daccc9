//! `/structures/{id}/distribution?<selection>`: the three-step page — *Sélection* (every filter
//! of `sesame_core::selection`), *Vérification* (counts and table) and *Distribution* (PDF or
//! e-mail).
//!
//! The school's directory is a [`LocalResource`] shown through `Transition` and
//! `ErrorBoundary`: while it loads the page says so, a failure shows the server's words (with
//! « Réessayer » only when trying again may help). The selection lives in the URL query
//! (bookmarkable, the back button works) and is parsed by core's one parser; a bad address is
//! shown, never silently replaced by "everyone". The directory, codes included, stays in memory
//! only; coming back to the page revalidates the copy this tab holds (a `304` reuses it).
//!
//! The steps themselves are [`Steps`], shared with local mode; here their [`Source`] is the
//! server, with its distribution log and e-mail.
//!
//! A teacher has the same page over the accounts the server gives them (their classes' pupils,
//! and those pupils' relatives where the school hands relatives letters), headed by « Vos
//! classes : … » ([`TeacherClasses`]), without the settings and import links.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use sesame_core::access::Links;
use sesame_core::wire::Role;
use sesame_core::School;

use crate::address_selection::AddressSelection;
use crate::api::ApiError;
use crate::components::load_error::LoadError;
use crate::components::session_bar::SessionBar;
use crate::components::source::Source;
use crate::components::steps::Steps;
use crate::components::teacher_classes::TeacherClasses;
use crate::i18n::{use_lang, LangTexts};
use crate::pages::use_structure_id;
use crate::school_memory;
use crate::session::{current, redirect_if_signed_out, use_session};

/// The school of `structure_id`: revalidated when this tab already holds it
/// ([`crate::school_memory`]).
async fn load_school(structure_id: String) -> Result<Arc<School>, ApiError> {
    school_memory::load(&structure_id).await
}

#[component]
pub fn DistributionPage() -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let structure_id = use_structure_id();
    let navigate = use_navigate();
    let session = use_session();
    let school = LocalResource::new(move || load_school(structure_id.get()));
    let to_login = navigate.clone();
    Effect::new(move |_| {
        if let Some(Err(error)) = school.get() {
            redirect_if_signed_out(&to_login, &error);
        }
    });

    let AddressSelection {
        parsed,
        selection,
        on_change,
    } = AddressSelection::new(move || format!("/structures/{}/distribution", structure_id.get_untracked()));

    let switch = navigate;
    let teacher = Signal::derive(move || {
        current(session).with(|s| s.as_ref().is_some_and(|s| s.role == Role::Teacher))
    });
    view! {
        <nav class="toolbar">
            {move || current(session).get().map(|s| {
                let here = structure_id.get();
                let links = Links::for_role(s.role);
                let switch = switch.clone();
                view! {
                    <label for="structure">{texts().structure_label}</label>
                    <select id="structure" data-testid="structure-select"
                        on:change=move |ev| switch(&format!("/structures/{}/distribution", event_target_value(&ev)), NavigateOptions::default())>
                        {s.structures.iter().map(|st| view! {
                            <option value=st.id.clone() selected=st.id == here>{format!("{} ({})", st.name, st.uai)}</option>
                        }).collect_view()}
                    </select>
                    {links.settings.then(|| view! {
                        <a href=format!("/structures/{here}/settings") data-testid="settings-link">{texts().settings_link}</a>
                    })}
                    {links.import.then(|| view! {
                        <a href=format!("/structures/{here}/import") data-testid="import-link">{use_lang().get().texts().import_link}</a>
                    })}
                    <SessionBar session=s />
                }
            })}
        </nav>
        {move || parsed.get().err().map(|e| view! {
            <p class="error" role="alert" data-testid="error">{move || {
                let lang = use_lang().get();
                format!("{}{}{}", lang.texts().bad_address, lang.distribution().colon, e.message(lang))
            }}</p>
        })}
        <Transition fallback=move || view! { <p aria-busy="true">{texts().loading}</p> }>
            <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors on_retry=Callback::new(move |()| school.refetch()) /> }>
                {move || school.get().map(|loaded| loaded.map(|school| if school.directory.users().is_empty() {
                    view! { <EmptySchool structure_id=structure_id.get_untracked() teacher=teacher.get_untracked() /> }.into_any()
                } else {
                    view! {
                        <TeacherClasses session=current(session) school_classes=school.directory.classes().to_vec() />
                        <Steps school=RwSignal::new(school) selection=selection on_change=on_change
                            source=Source::Server(current(session)) />
                    }.into_any()
                }))}
            </ErrorBoundary>
        </Transition>
    }
}

/// A school with no accounts yet: its first step is the import of the ENT's export — which a
/// teacher does not do, so they are told to wait for it.
#[component]
fn EmptySchool(structure_id: String, teacher: bool) -> impl IntoView {
    let t = move || use_lang().get().distribution();
    if teacher {
        return view! {
            <div class="card empty-school">
                <p class="empty" data-testid="empty-school">{move || use_lang().get().ent().no_pupils_yet}</p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="card empty-school">
            <p class="empty" data-testid="empty-school">{move || t().empty_school}</p>
            <p><a class="button primary" href=format!("/structures/{structure_id}/import") data-testid="import-empty">
                {move || t().empty_school_action}
            </a></p>
        </div>
    }
    .into_any()
}
