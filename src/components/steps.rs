//! The three steps over a school in memory — *Sélection* (every filter of
//! `sesame_core::selection`), *Vérification* (counts, notes and table) and *Distribution* (the
//! PDF, and what else the directory's [`Source`] allows) — shared by the server's distribution
//! page and local mode (`/local`), which differ only in what [`Source`] says.
//!
//! Accounts ticked in the table ([`sesame_core::selection::picking`]) are a one-off choice kept here, in
//! memory: when any is ticked, step 3 works on them only. Marking letters as distributed
//! updates the page's copy of the school at once (the server's log has it too), so the table's
//! column and the « Déjà distribués » filter follow without a reload.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::selection::directory::ColumnSort;
use sesame_core::wire::LastDistributed;
use sesame_core::{selection::picking, Distributed, School, Selection};

use crate::browser;
use crate::components::distribute_step::DistributeStep;
use crate::components::distribution_context::DistributionContext;
use crate::components::filters::Filters;
use crate::components::marking::Marking;
use crate::components::selection_counts::SelectionCounts;
use crate::components::selection_notes::SelectionNotes;
use crate::components::source::Source;
use crate::components::user_table::UserTable;
use crate::i18n::{use_lang, LangTexts};

/// The three steps over `school` (the page's copy: marking letters as distributed, or local
/// mode's settings, update it).
#[component]
pub fn Steps(
    school: RwSignal<Arc<School>>,
    selection: Memo<Selection>,
    on_change: Callback<(Selection, bool)>,
    source: Source,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
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
    // The administrator said these letters were handed out (or took it back): the page's
    // school follows.
    if source.has_log() {
        Marking::provide(
            Callback::new(move |indices: Arc<Vec<usize>>| {
                let now =
                    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
                school.update(|s| Arc::make_mut(s).directory.mark_distributed(&indices, now));
            }),
            Callback::new(
                move |(indices, restored): (Arc<Vec<usize>>, Arc<Vec<LastDistributed>>)| {
                    school.update(|s| {
                        Arc::make_mut(s)
                            .directory
                            .restore_distributed(&indices, &restored)
                    });
                },
            ),
        );
    }
    let school = Signal::from(school);
    // Step 3's options live in the address with the selection (a reload or a bookmark keeps
    // them); the letters are French unless the administrator chooses otherwise, whatever the
    // interface's language.
    let letter_lang = Memo::new(move |_| selection.with(|s| s.print.letter_lang));
    DistributionContext {
        school,
        selection: selection.into(),
        on_change,
        selected,
        picked,
        to_distribute,
        column_sort,
        letter_lang: letter_lang.into(),
        first_label: RwSignal::new(1),
        source,
    }
    .provide();

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
    // « Déjà distribués » in the address of a page with no distribution log: said, not hidden.
    let no_log = move || !source.has_log() && selection.with(|s| s.distributed != Distributed::All);

    view! {
        {move || (!unknown.with(String::is_empty)).then(|| view! {
            <p class="error" role="alert" data-testid="error">{(texts().unknown_classes)(&unknown.get())}</p>
        })}
        {move || no_log().then(|| view! {
            <p class="error" role="alert" data-testid="error">{texts().distributed_without_log}</p>
        })}
        <section class="step" aria-labelledby="step-selection">
            <h2 id="step-selection" tabindex="-1">{move || texts().step_selection}</h2>
            <Filters selection=selection.into() on_change=on_change distribution_log=source.has_log()
                classes=Memo::new(move |_| school.with(|s: &Arc<School>| s.directory.classes().to_vec())).into()
                has_import=Signal::derive(move || school.with(|s: &Arc<School>| s.directory.latest_import().is_some())) />
            // Every filter and every tick at once (the order of the letters and the options stay).
            <p class="reset-filters">
                <button type="button" data-testid="reset-filters"
                    disabled=move || !selection.with(Selection::has_filters) && picked.with(HashSet::is_empty)
                    title=move || use_lang().get().distribution().reset_filters_hint
                    on:click=move |_| {
                        picked.set(HashSet::new());
                        dropped.set(0);
                        on_change.run((selection.with_untracked(Selection::without_filters), false));
                    }>
                    {move || use_lang().get().distribution().reset_filters}
                </button>
            </p>
        </section>
        <section class="step" aria-labelledby="step-check">
            <h2 id="step-check" tabindex="-1">{move || texts().step_check}</h2>
            <SelectionCounts dropped=dropped />
            <SelectionNotes />
            <UserTable />
        </section>
        <section class="step" aria-labelledby="step-distribution">
            <h2 id="step-distribution">{move || use_lang().get().distribution().step_distribution}</h2>
            <DistributeStep />
        </section>
    }
}
