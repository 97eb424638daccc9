//! The *Vérification* table: one row per selected account, in the order the letters will have,
//! or sorted by a column the administrator clicks (a view only: letters keep their order).
//!
//! Virtualised: rows have a fixed height and only those in view (plus a margin) are in the
//! page, between two spacer rows that keep the scrollbar true to the whole list — so 50,000
//! accounts scroll smoothly and a filter change redraws a few dozen rows, not thousands.

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::directory::{Column, ColumnSort};
use sesame_core::User;

use crate::app::use_lang;
use crate::pages::distribution::Loaded;

/// Height of one row in CSS pixels (`table.users tbody tr` in style.css says the same).
const ROW_PX: f64 = 32.0;
/// Height of the scrolling area in rows (`.table-scroll` in style.css).
const VIEW_ROWS: usize = 15;
/// Rows drawn above and below the visible ones, so fast scrolling shows no gap.
const OVERSCAN: usize = 10;

/// The rows to draw for a scroll position: `(first, end)` indices into the selection.
pub fn window(scroll_top: f64, total: usize) -> (usize, usize) {
    let first_visible = (scroll_top.max(0.0) / ROW_PX) as usize;
    let end = (first_visible + VIEW_ROWS + OVERSCAN).min(total);
    // Past the end (the selection just shrank), draw the tail rather than nothing.
    let first = first_visible
        .saturating_sub(OVERSCAN)
        .min(end.saturating_sub(VIEW_ROWS + OVERSCAN));
    (first, end)
}

#[component]
pub fn UserTable(loaded: Signal<Option<Arc<Loaded>>>, selected: Memo<Option<Vec<usize>>>) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let scroll_top = RwSignal::new(0.0);
    let column_sort = RwSignal::new(None::<ColumnSort>);
    // The selection re-sorted by the column clicked; `None` when no column is (the table then
    // reads the selection itself: no copy of 50,000 indices at each filter change).
    let resorted = Memo::new(move |_| {
        let sort = column_sort.get()?;
        loaded.with(|loaded| {
            let loaded = loaded.as_ref()?;
            let mut indices = selected.with(|s| s.clone())?;
            loaded.directory.sort_by_column(&mut indices, sort);
            Some(indices)
        })
    });
    // The selection in the table's order: the letters' order unless a column was clicked.
    let with_ordered = move |f: &mut dyn FnMut(&[usize])| {
        if column_sort.with(Option::is_some) {
            resorted.with(|r| r.as_deref().map(&mut *f))
        } else {
            selected.with(|s| s.as_deref().map(&mut *f))
        }
    };
    let rows = move || {
        let loaded = loaded.get()?;
        let mut out = None;
        with_ordered(&mut |selected| {
            let (first, end) = window(scroll_top.get(), selected.len());
            let shown: Vec<User> = selected[first..end]
                .iter()
                .map(|&i| loaded.directory.users()[i].clone())
                .collect();
            out = Some((shown, first, selected.len() - end));
        })?;
        let (shown, above, below) = out?;
        Some((shown, above, below, loaded.directory.time_zone(), lang.get()))
    };
    /// What the table area shows; a memo so that a filter change redraws the rows only, not
    /// the scrolling area and its headers.
    #[derive(Clone, Copy, PartialEq)]
    enum Shown {
        Nothing,
        Empty,
        Table,
    }
    let shown = Memo::new(move |_| match selected.with(|s| s.as_ref().map(Vec::is_empty)) {
        _ if loaded.with(Option::is_none) => Shown::Nothing,
        None => Shown::Nothing,
        Some(true) => Shown::Empty,
        Some(false) => Shown::Table,
    });
    view! {
        {move || column_sort.get().map(|_| view! {
            <p class="hint" data-testid="column-sort-hint">
                {texts().sort_by_column_hint}" "
                <button type="button" class="link" on:click=move |_| column_sort.set(None)>{texts().sort_reset}</button>
            </p>
        })}
        {move || match shown.get() {
            Shown::Nothing => ().into_any(),
            Shown::Empty => view! {
                <p class="empty" data-testid="empty">{move || texts().empty}</p>
            }.into_any(),
            Shown::Table => view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=move || texts().step_check
                    on:scroll=move |ev| scroll_top.set(f64::from(event_target::<web_sys::Element>(&ev).scroll_top()))>
                    <table class="users">
                        <thead><tr>
                            {Column::ALL.into_iter().map(|column| view! { <Header column=column sort=column_sort /> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {move || rows().map(|(shown, above, below, zone, lang)| view! {
                                <tr class="spacer" aria-hidden="true" style=format!("height: {}px", above as f64 * ROW_PX)></tr>
                                {shown.into_iter().map(|u| row(u, zone, lang)).collect_view()}
                                <tr class="spacer" aria-hidden="true" style=format!("height: {}px", below as f64 * ROW_PX)></tr>
                            })}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
    }
}

/// A column header: a button that sorts by this column, with `aria-sort` telling screen readers
/// the current order.
#[component]
fn Header(column: Column, sort: RwSignal<Option<ColumnSort>>) -> impl IntoView {
    let lang = use_lang();
    let current = move || sort.get().filter(|s| s.column == column);
    let aria_sort = move || match current() {
        None => "none",
        Some(s) if s.descending => "descending",
        Some(_) => "ascending",
    };
    let arrow = move || match current() {
        None => "",
        Some(s) if s.descending => " ▼",
        Some(_) => " ▲",
    };
    let state = move || {
        let texts = lang.get().texts();
        match current() {
            None => String::new(),
            Some(s) if s.descending => format!(", {}", texts.sort_descending),
            Some(_) => format!(", {}", texts.sort_ascending),
        }
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <button type="button" class="sort" data-testid="sort-column"
                on:click=move |_| sort.update(|s| *s = ColumnSort::after_click(*s, column))>
                {move || column_label(lang.get(), column)}
                <span aria-hidden="true">{arrow}</span>
                <span class="visually-hidden">{state}</span>
            </button>
        </th>
    }
}

fn column_label(lang: crate::i18n::Lang, column: Column) -> &'static str {
    let t = lang.texts();
    match column {
        Column::LastName => t.col_last_name,
        Column::FirstName => t.col_first_name,
        Column::Profile => t.col_profile,
        Column::Login => t.col_login,
        Column::ActivationCode => t.col_code,
        Column::Email => t.col_email,
        Column::Classes => t.col_classes,
        Column::Created => t.col_created,
        Column::LastDistributed => t.col_last_distributed,
    }
}

fn row(u: User, zone: sesame_core::SchoolTimeZone, lang: crate::i18n::Lang) -> impl IntoView {
    let not_activated = lang.texts().not_activated;
    let lock = (!u.is_activated()).then(|| {
        view! {
            <span class="lock" role="img" aria-label=not_activated title=not_activated>
                <svg viewBox="0 0 16 20" aria-hidden="true">
                    <path d="M3 8V5a5 5 0 0 1 10 0v3h1a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2zm2 0h6V5a3 3 0 0 0-6 0z" />
                </svg>
            </span>
        }
    });
    let classes = u
        .classes
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let created = zone.local_date(u.created_at).format("%d/%m/%Y").to_string();
    let distributed = u
        .last_distributed_at
        .map(|t| zone.local_date(t).format("%d/%m/%Y").to_string())
        .unwrap_or_default();
    view! {
        <tr data-testid="user-row">
            <td>{lock}{u.last_name}</td>
            <td>{u.first_name}</td>
            <td>{lang.profile(u.profile)}</td>
            <td>{u.login}</td>
            <td class="code">{u.activation_code.unwrap_or_default()}</td>
            <td>{u.email.unwrap_or_default()}</td>
            <td>{classes}</td>
            <td>{created}</td>
            <td>{distributed}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn the_window_covers_the_visible_rows_and_a_margin() {
        assert_eq!(window(0.0, 4), (0, 4));
        assert_eq!(window(0.0, 50_000), (0, 25));
        // Scrolled to row 1,000: rows 990 to 1,025 are drawn.
        assert_eq!(window(32_000.0, 50_000), (990, 1025));
        // At the end, never past the last row.
        assert_eq!(window(32.0 * 49_990.0, 50_000), (49_975, 50_000));
        // A selection shorter than the old scroll position draws its tail, not nothing.
        assert_eq!(window(32_000.0, 3), (0, 3));
        assert_eq!(window(-5.0, 10), (0, 10));
    }
}
