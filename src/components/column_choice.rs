//! « Colonnes »: which columns the *Vérification* table shows (core's [`VisibleColumns`]),
//! remembered on this browser (`localStorage`: a preference, never data). A column hidden while
//! the table is sorted by it takes the sort away: an order nobody can see is no order.

use leptos::prelude::*;
use sesame_core::selection::directory::{Column, VisibleColumns};

use crate::browser;
use crate::components::distribution_context::DistributionContext;
use crate::i18n::{column_label, use_lang, LangTexts};

/// Where this browser remembers the columns shown.
const COLUMNS_KEY: &str = "sesame.columns";

/// The columns this browser last showed (core's default the first time).
pub fn remembered_columns() -> VisibleColumns {
    VisibleColumns::from_stored(&browser::remembered(COLUMNS_KEY).unwrap_or_default())
}

#[component]
pub fn ColumnChoice(
    columns: RwSignal<VisibleColumns>,
    /// Whether a distribution log exists (its column is offered).
    distribution_log: bool,
) -> impl IntoView {
    let DistributionContext { column_sort, .. } = DistributionContext::get();
    let lang = use_lang();
    let show_column = move |column: Column, on: bool| {
        let next = columns.get_untracked().with(column, on);
        columns.set(next);
        browser::remember(COLUMNS_KEY, &next.to_stored());
        // A table sorted by a column no longer shown would be in an order nobody can see.
        if !on && column_sort.get_untracked().is_some_and(|s| s.column == column) {
            column_sort.set(None);
        }
    };
    view! {
    <details class="columns" data-testid="columns-choice">
        <summary>{move || lang.get().distribution().columns}</summary>
        <div class="column-list">
            {Column::ALL.into_iter()
                .filter(|&c| !VisibleColumns::always_shown(c) && (distribution_log || c != Column::LastDistributed))
                .map(|column| view! {
                    <label class="check">
                        <input type="checkbox" data-testid=format!("column-{}", column.key())
                            prop:checked=move || columns.get().shows(column)
                            on:change=move |ev| show_column(column, event_target_checked(&ev)) />
                        {move || column_label(lang.get(), column)}
                    </label>
                }).collect_view()}
        </div>
    </details>
    }
}
