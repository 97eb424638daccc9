//! `/structures/{id}/distribution?<selection>`: the three-step page — *Sélection* (every filter
//! of DESIGN §3), *Vérification* (counts and table) and *Distribution* (PDF or e-mail).
//!
//! The selection lives in the URL query (bookmarkable, the back button works) and is parsed by
//! core's one parser; a bad address is shown, never silently replaced by "everyone". The
//! directory, codes included, stays in memory only.
//!
//! Accounts ticked in the table ([`sesame_core::picking`]) are a one-off choice kept here, in
//! memory: when any is ticked, step 3 works on them only. Marking letters as distributed
//! updates the directory in memory at once (the server's log has it too), so the table's
//! column and the « Déjà distribués » filter follow without a reload.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use sesame_core::directory::ColumnSort;
use sesame_core::picking;
use sesame_core::{Directory, SchoolTimeZone, Selection, Structure};

use crate::api::{self, ApiError, SessionInfo};
use crate::components::blocked_note::BlockedNote;
use crate::components::counts::Counts;
use crate::components::distribute::Distribute;
use crate::components::filters::Filters;
use crate::components::guidance::ExternalGuidance;
use crate::components::session_bar::SessionBar;
use crate::components::user_table::UserTable;
use crate::i18n::{use_lang, LangTexts};

/// The structure's directory, prepared once for fast selection.
#[derive(Clone)]
pub struct Loaded {
    pub structure: Structure,
    pub directory: Directory,
}

#[derive(Clone)]
enum Load {
    Loading,
    /// The message, and whether trying again may help (not after a refusal: out of scope, …).
    Failed(String, bool),
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
                Err(e) => return load.set(Load::Failed(e.message(), e.is_retryable())),
            }
            match api::users(&id).await {
                Ok(response) => {
                    let time_zone =
                        SchoolTimeZone::from_iana(&response.structure.time_zone).unwrap_or_default();
                    let directory = Directory::new(response.users, time_zone)
                        .with_external_sign_in(&response.structure.letter_settings.external_sign_in);
                    load.set(Load::Ready(Arc::new(Loaded {
                        structure: response.structure,
                        directory,
                    })));
                }
                Err(ApiError::Unauthorized) => to_login("/login", NavigateOptions::default()),
                Err(e) => load.set(Load::Failed(e.message(), e.is_retryable())),
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
    /// What the page shows, apart from the directory itself: marking letters as distributed
    /// changes the directory, and must not redraw the steps (and lose step 3's PDF).
    #[derive(Clone, PartialEq)]
    enum Phase {
        Loading,
        Failed(String, bool),
        Ready,
    }
    let phase = Memo::new(move |_| {
        load.with(|load| match load {
            Load::Loading => Phase::Loading,
            Load::Failed(message, retry) => Phase::Failed(message.clone(), *retry),
            Load::Ready(_) => Phase::Ready,
        })
    });

    // Ticked accounts (directory indices) and how many the last selection change unticked.
    let picked = RwSignal::new(HashSet::<usize>::new());
    let dropped = RwSignal::new(0usize);
    Effect::new(move |_| {
        selected.with(|selected| {
            if let Some(selected) = selected {
                let mut n = 0;
                picked.update(|p| n = picking::keep_selected(p, selected));
                dropped.set(n);
            }
        })
    });
    // What step 3 prints or sends: the ticked accounts when any is, else the whole selection.
    let to_distribute =
        Memo::new(move |_| selected.with(|s| s.as_ref().map(|s| picked.with(|p| picking::narrow(s, p)))));
    let column_sort = RwSignal::new(None::<ColumnSort>);
    // The administrator said these letters were handed out: the directory in memory follows.
    let mark = Callback::new(move |indices: Arc<Vec<usize>>| {
        let now = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
        load.update(|load| {
            if let Load::Ready(loaded) = load {
                Arc::make_mut(loaded).directory.mark_distributed(&indices, now);
            }
        });
    });

    let switch = navigate;
    view! {
        <nav class="toolbar">
            {move || session.get().map(|s| {
                let current = structure_id.get();
                let switch = switch.clone();
                view! {
                    <label for="structure">{texts().structure_label}</label>
                    <select id="structure" data-testid="structure-select"
                        on:change=move |ev| switch(&format!("/structures/{}/distribution", event_target_value(&ev)), NavigateOptions::default())>
                        {s.structures.iter().map(|st| view! {
                            <option value=st.id.clone() selected=st.id == current>{format!("{} ({})", st.name, st.uai)}</option>
                        }).collect_view()}
                    </select>
                    <a href=format!("/structures/{current}/settings") data-testid="settings-link">{texts().settings_link}</a>
                    <SessionBar session=s />
                }
            })}
        </nav>
        {move || parsed.get().err().map(|e| view! {
            <p class="error" role="alert" data-testid="error">{format!("{} : {e}", texts().bad_address)}</p>
        })}
        {move || match phase.get() {
            Phase::Loading => view! { <p aria-busy="true">{texts().loading}</p> }.into_any(),
            Phase::Failed(message, retry) => view! {
                <div class="error" role="alert">
                    <p data-testid="error">{message}</p>
                    {if retry {
                        view! { <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>{texts().retry}</button> }.into_any()
                    } else {
                        view! { <p><a href="/" data-testid="back-home">{texts().back_home}</a></p> }.into_any()
                    }}
                </div>
            }.into_any(),
            Phase::Ready => view! {
                <section class="step" aria-labelledby="step-selection">
                    <h2 id="step-selection">{texts().step_selection}</h2>
                    <Filters selection=selection.into() on_change=on_change
                        classes=Signal::derive(move || loaded.get().map(|l| l.directory.classes().to_vec()).unwrap_or_default()) />
                </section>
                <section class="step" aria-labelledby="step-check">
                    <h2 id="step-check">{texts().step_check}</h2>
                    <Counts loaded=loaded selected=selected picked=picked dropped=dropped />
                    <ExternalGuidance loaded=loaded selected=selected selection=selection.into() on_change=on_change />
                    <BlockedNote loaded=loaded selected=selected selection=selection.into() on_change=on_change />
                    <UserTable loaded=loaded selected=selected picked=picked column_sort=column_sort />
                </section>
                <section class="step" aria-labelledby="step-distribution">
                    <h2 id="step-distribution">"3. Distribution"</h2>
                    <Distribute loaded=loaded selected=selected to_distribute=to_distribute picked=picked
                        selection=selection.into() on_change=on_change column_sort=column_sort.into() on_marked=mark
                        session=session.into() />
                </section>
            }.into_any(),
        }}
    }
}
