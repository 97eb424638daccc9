//! `/structures/{id}/distribution?<selection>`: the three-step page — *Sélection* (every filter
//! of DESIGN §3), *Vérification* (counts and table) and *Distribution* (PDF or e-mail).
//!
//! The selection lives in the URL query (bookmarkable, the back button works) and is parsed by
//! core's one parser; a bad address is shown, never silently replaced by "everyone". The
//! directory, codes included, stays in memory only.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use sesame_core::{Directory, SchoolTimeZone, Selection, Structure};

use crate::api::{self, ApiError, SessionInfo};
use crate::app::use_lang;
use crate::components::counts::Counts;
use crate::components::distribute::Distribute;
use crate::components::filters::Filters;
use crate::components::guidance::ExternalGuidance;
use crate::components::user_table::UserTable;

/// The structure's directory, prepared once for fast selection.
pub struct Loaded {
    pub structure: Structure,
    pub directory: Directory,
}

#[derive(Clone)]
enum Load {
    Loading,
    Failed(String),
    Ready(Arc<Loaded>),
}

#[component]
pub fn DistributionPage() -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let params = use_params_map();
    let structure_id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let location = use_location();
    let navigate = use_navigate();

    let session = RwSignal::new(None::<SessionInfo>);
    let load = RwSignal::new(Load::Loading);
    let attempt = RwSignal::new(0u32);
    let to_login = navigate.clone();
    Effect::new(move |_| {
        let id = structure_id.get();
        attempt.track();
        load.set(Load::Loading);
        let to_login = to_login.clone();
        spawn_local(async move {
            match api::session().await {
                Ok(info) => session.set(Some(info)),
                Err(ApiError::Unauthorized) => return to_login("/login", NavigateOptions::default()),
                Err(e) => return load.set(Load::Failed(e.message())),
            }
            match api::users(&id).await {
                Ok(response) => {
                    let time_zone =
                        SchoolTimeZone::from_iana(&response.structure.time_zone).unwrap_or_default();
                    let directory = Directory::new(response.users, time_zone);
                    load.set(Load::Ready(Arc::new(Loaded {
                        structure: response.structure,
                        directory,
                    })));
                }
                Err(ApiError::Unauthorized) => to_login("/login", NavigateOptions::default()),
                Err(e) => load.set(Load::Failed(e.message())),
            }
        });
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
    let selected = Memo::new(move |_| {
        load.with(|load| match load {
            Load::Ready(loaded) => Some(selection.with(|s| loaded.directory.select(s))),
            _ => None,
        })
    });
    let loaded = Signal::derive(move || match load.get() {
        Load::Ready(loaded) => Some(loaded),
        _ => None,
    });

    let switch = navigate.clone();
    let logout = navigate;
    view! {
        <nav class="toolbar">
            {move || session.get().map(|s| {
                let current = structure_id.get();
                let switch = switch.clone();
                let logout = logout.clone();
                let csrf = s.csrf_token.clone();
                view! {
                    <label for="structure">{texts().structure_label}</label>
                    <select id="structure" data-testid="structure-select"
                        on:change=move |ev| switch(&format!("/structures/{}/distribution", event_target_value(&ev)), NavigateOptions::default())>
                        {s.structures.iter().map(|st| view! {
                            <option value=st.id.clone() selected=st.id == current>{format!("{} ({})", st.name, st.uai)}</option>
                        }).collect_view()}
                    </select>
                    <a href=format!("/structures/{current}/settings") data-testid="settings-link">{texts().settings_link}</a>
                    <span class="who">{s.display_name.clone()}</span>
                    <button type="button" on:click=move |_| {
                        let csrf = csrf.clone();
                        let logout = logout.clone();
                        spawn_local(async move {
                            let _ = api::logout(&csrf).await;
                            logout("/login", NavigateOptions::default());
                        });
                    }>{texts().logout}</button>
                }
            })}
        </nav>
        {move || parsed.get().err().map(|e| view! {
            <p class="error" role="alert" data-testid="error">{format!("{} : {e}", texts().bad_address)}</p>
        })}
        {move || match load.get() {
            Load::Loading => view! { <p aria-busy="true">{texts().loading}</p> }.into_any(),
            Load::Failed(message) => view! {
                <div class="error" role="alert">
                    <p data-testid="error">{message}</p>
                    <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>{texts().retry}</button>
                </div>
            }.into_any(),
            Load::Ready(_) => view! {
                <section class="step" aria-labelledby="step-selection">
                    <h2 id="step-selection">{texts().step_selection}</h2>
                    <Filters selection=selection.into() on_change=on_change
                        classes=Signal::derive(move || loaded.get().map(|l| l.directory.classes().to_vec()).unwrap_or_default()) />
                </section>
                <section class="step" aria-labelledby="step-check">
                    <h2 id="step-check">{texts().step_check}</h2>
                    <Counts loaded=loaded selected=selected />
                    <ExternalGuidance loaded=loaded selected=selected selection=selection.into() on_change=on_change />
                    <UserTable loaded=loaded selected=selected />
                </section>
                <section class="step" aria-labelledby="step-distribution">
                    <h2 id="step-distribution">"3. Distribution"</h2>
                    <Distribute loaded=loaded selected=selected selection=selection.into() on_change=on_change
                        csrf=Signal::derive(move || session.get().map(|s| s.csrf_token)) />
                </section>
            }.into_any(),
        }}
    }
}
