//! `/admins`: the administrators and the schools. A central administrator lists the
//! administrators, creates one (central, or local with their schools), edits, gives a new
//! password (shown once), links one to their ENT identity (« Identité ENT », to sign in with the
//! ENT's button), disables or removes one, and creates a school; a local administrator
//! sees only themselves. The server decides all of it again (scope, CSRF, the last central
//! administrator kept); this page only says what it answered.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use sesame_core::wire::Role;
use sesame_core::Structure;

use crate::api;
use crate::components::admin_creation::AdminCreation;
use crate::components::admin_notice::PageNotice;
use crate::components::admin_table::AdminTable;
use crate::components::admins_state::AdminsState;
use crate::components::load_error::LoadError;
use crate::components::school_list::SchoolList;
use crate::components::session_bar::SessionBar;
use crate::i18n::{use_lang, LangTexts};
use crate::session::{current, use_session};

#[component]
pub fn AdminsPage() -> impl IntoView {
    let lang = use_lang();
    let t = move || lang.get().admin();
    let session = use_session();
    let info = current(session);
    let admins = LocalResource::new(api::admins);
    let state = AdminsState::provide(admins);
    let navigate = use_navigate();
    let school_created = Callback::new(move |school: Structure| {
        // The session lists the schools: it learns of the new one, whose first step is its import.
        session.refetch();
        navigate(
            &format!("/structures/{}/import", school.id),
            NavigateOptions::default(),
        );
    });

    view! {
        <nav class="toolbar">
            <a href="/" data-testid="back-to-distribution">{move || t().back_to_distribution}</a>
            {move || info.get().map(|s| view! { <SessionBar session=s /> })}
        </nav>
        <h2>{move || lang.get().texts().admins_link}</h2>
        <PageNotice notice=state.notice />
        <section class="card">
            <h3>{move || t().admins_heading}</h3>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.get().texts().loading}</p> }>
                <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors on_retry=Callback::new(move |()| admins.refetch()) /> }>
                    {move || admins.get().map(|loaded| loaded.map(|list| info.get().map(|me| {
                        let local = me.role == Role::Local;
                        view! {
                            {local.then(|| view! {
                                <p class="hint" data-testid="local-sees-self">
                                    {move || t().local_sees_self}" "
                                    <a href="/account" data-testid="local-own-account">{move || t().local_own_account}</a>
                                </p>
                            })}
                            <AdminTable me=me list=list />
                        }
                    })))}
                </ErrorBoundary>
            </Transition>
        </section>
        {move || info.get().filter(|me| me.role == Role::Central).map(|me| view! {
            <AdminCreation schools=me.structures.clone() />
            <SchoolList schools=me.structures on_created=school_created />
        })}
    }
}
