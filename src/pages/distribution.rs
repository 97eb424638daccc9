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
//! Accounts ticked in the table ([`sesame_core::picking`]) are a one-off choice kept here, in
//! memory: when any is ticked, step 3 works on them only. Marking letters as distributed
//! updates this page's copy of the school at once (the server's log has it too), so the
//! table's column and the « Déjà distribués » filter follow without a reload.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use sesame_core::directory::ColumnSort;
use sesame_core::{picking, School, Selection};

use crate::api::ApiError;
use crate::browser;
use crate::components::distribute::Distribute;
use crate::components::filters::Filters;
use crate::components::load_error::LoadError;
use crate::components::selection_counts::SelectionCounts;
use crate::components::selection_notes::SelectionNotes;
use crate::components::session_bar::SessionBar;
use crate::components::user_table::UserTable;
use crate::i18n::{use_lang, LangTexts};
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
    let params = use_params_map();
    let structure_id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let location = use_location();
    let navigate = use_navigate();
    let session = use_session();
    let school = LocalResource::new(move || load_school(structure_id.get()));
    let to_login = navigate.clone();
    Effect::new(move |_| {
        if let Some(Err(error)) = school.get() {
            redirect_if_signed_out(&to_login, &error);
        }
    });

    let parsed = Memo::new(move |_| location.search.with(|q| Selection::from_query(q)));
    // A memo, not a derived signal: the dozens of controls that read it then read one value
    // instead of each re-parsing and cloning the result.
    let selection = Memo::new(move |_| parsed.with(|p| p.clone().unwrap_or_default()));
    let go = navigate.clone();
    let on_change = Callback::new(move |(next, replace): (Selection, bool)| {
        let query = next.to_query();
        let path = format!("/structures/{}/distribution", structure_id.get_untracked());
        let target = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        go(
            &target,
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });

    let switch = navigate;
    view! {
        <nav class="toolbar">
            {move || current(session).get().map(|s| {
                let here = structure_id.get();
                let switch = switch.clone();
                view! {
                    <label for="structure">{texts().structure_label}</label>
                    <select id="structure" data-testid="structure-select"
                        on:change=move |ev| switch(&format!("/structures/{}/distribution", event_target_value(&ev)), NavigateOptions::default())>
                        {s.structures.iter().map(|st| view! {
                            <option value=st.id.clone() selected=st.id == here>{format!("{} ({})", st.name, st.uai)}</option>
                        }).collect_view()}
                    </select>
                    <a href=format!("/structures/{here}/settings") data-testid="settings-link">{texts().settings_link}</a>
                    <a href=format!("/structures/{here}/import") data-testid="import-link">{use_lang().get().admin().import_link}</a>
                    <SessionBar session=s />
                }
            })}
        </nav>
        {move || parsed.get().err().map(|e| view! {
            <p class="error" role="alert" data-testid="error">{format!("{} : {e}", texts().bad_address)}</p>
        })}
        <Transition fallback=move || view! { <p aria-busy="true">{texts().loading}</p> }>
            <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors on_retry=Callback::new(move |()| school.refetch()) /> }>
                {move || school.get().map(|loaded| loaded.map(|school| if school.directory.users().is_empty() {
                    view! { <EmptySchool structure_id=structure_id.get_untracked() /> }.into_any()
                } else {
                    view! { <Steps school=school selection=selection on_change=on_change /> }.into_any()
                }))}
            </ErrorBoundary>
        </Transition>
    }
}

/// A school with no accounts yet: its first step is the import of the ENT's export.
#[component]
fn EmptySchool(structure_id: String) -> impl IntoView {
    let t = move || use_lang().get().admin();
    view! {
        <div class="card empty-school">
            <p class="empty" data-testid="empty-school">{move || t().empty_school}</p>
            <p><a class="button primary" href=format!("/structures/{structure_id}/import") data-testid="import-empty">
                {move || t().empty_school_action}
            </a></p>
        </div>
    }
}

/// The three steps over a loaded school.
#[component]
fn Steps(
    school: Arc<School>,
    selection: Memo<Selection>,
    on_change: Callback<(Selection, bool)>,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let session = current(expect_context());
    // This page's copy of the school: marking letters as distributed updates it.
    let school = RwSignal::new(school);
    let selected = Memo::new(move |_| school.with(|s| selection.with(|sel| s.directory.select(sel))));

    // Ticked accounts (directory indices) and how many the last selection change unticked.
    let picked = RwSignal::new(HashSet::<usize>::new());
    let dropped = RwSignal::new(0usize);
    Effect::new(move |_| {
        selected.with(|selected| {
            let mut n = 0;
            picked.update(|p| n = picking::keep_selected(p, selected));
            dropped.set(n);
        })
    });
    // What step 3 prints or sends: the ticked accounts when any is, else the whole selection.
    let to_distribute = Memo::new(move |_| selected.with(|s| picked.with(|p| picking::narrow(s, p))));
    let column_sort = RwSignal::new(None::<ColumnSort>);
    // The administrator said these letters were handed out: the page's school follows.
    let mark = Callback::new(move |indices: Arc<Vec<usize>>| {
        let now = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
        school.update(|s| Arc::make_mut(s).directory.mark_distributed(&indices, now));
    });
    let school = Signal::from(school);

    // Arriving here (after signing in, say), the focus starts at step 1, not nowhere.
    Effect::new(move |_| {
        if let Some(heading) = browser::element_by_id("step-selection") {
            browser::focus_if_lost(&heading);
        }
    });
    // Class ids of the address that this school does not have: they select no one, say so.
    let unknown = Memo::new(move |_| {
        school.with(|s: &Arc<School>| selection.with(|sel| s.directory.unknown_classes(sel).join(", ")))
    });

    view! {
        {move || (!unknown.with(String::is_empty)).then(|| view! {
            <p class="error" role="alert" data-testid="error">{(texts().unknown_classes)(&unknown.get())}</p>
        })}
        <section class="step" aria-labelledby="step-selection">
            <h2 id="step-selection" tabindex="-1">{texts().step_selection}</h2>
            <Filters selection=selection.into() on_change=on_change
                classes=Memo::new(move |_| school.with(|s: &Arc<School>| s.directory.classes().to_vec())).into()
                has_import=Signal::derive(move || school.with(|s: &Arc<School>| s.directory.latest_import().is_some())) />
        </section>
        <section class="step" aria-labelledby="step-check">
            <h2 id="step-check" tabindex="-1">{texts().step_check}</h2>
            <SelectionCounts school=school selected=selected picked=picked dropped=dropped />
            <SelectionNotes school=school selected=selected selection=selection.into() on_change=on_change />
            <UserTable school=school selected=selected picked=picked column_sort=column_sort />
        </section>
        <section class="step" aria-labelledby="step-distribution">
            <h2 id="step-distribution">"3. Distribution"</h2>
            <Distribute school=school selected=selected to_distribute=to_distribute picked=picked
                selection=selection.into() on_change=on_change column_sort=column_sort.into() on_marked=mark
                session=session />
        </section>
    }
}
