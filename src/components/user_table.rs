//! The *Vérification* table: one row per selected account, in the order the letters will have,
//! or sorted by a column the administrator clicks (a view only: letters keep their order).
//!
//! Virtualised: rows have a fixed height and only those in view (plus a margin) are in the
//! page, between two spacer rows that keep the scrollbar true to the whole list — so 50,000
//! accounts scroll smoothly and a filter change redraws a few dozen rows, not thousands. The
//! spacers are sized through the CSSOM (`style:height`, `element.style.setProperty`), never a
//! `style` attribute: the server's Content-Security-Policy (`style-src 'self'`, no
//! `unsafe-inline`) blocks those, which once left the spacers at 0 px and the table stuck at
//! its first 35 rows.
//!
//! Without a distribution log (local mode) the « Dernière distribution » column is left out.
//!
//! « Colonnes » chooses which columns show (core's [`VisibleColumns`]), remembered on this
//! browser (`localStorage`: a preference, never data). The default leaves out the login, the
//! activation code and the e-mail address, so a 1024-pixel screen shows the classes and the
//! dates without scrolling sideways.
//!
//! A relative's row says, in the « Classes » column, what their letter will say of their
//! children (« Responsable de : Zoé Dupré (CM2 A) », core's
//! [`sesame_core::letter::responsible_for`]): a relative's own name tells
//! nothing of whose parent they are, and a letter reprinted for a lost one must go to the right
//! family.
//!
//! Each row has a checkbox: ticked accounts are what step 3 then prints or sends
//! ([`sesame_core::selection::picking`]); the header's box ticks or unticks the whole selection.

use std::collections::HashSet;

use leptos::prelude::*;
use sesame_core::letter::responsible_for;
use sesame_core::selection::directory::{Column, ColumnSort, VisibleColumns};
use sesame_core::{AccountState, Lang, School, User};

use crate::components::column_choice::{remembered_columns, ColumnChoice};
use crate::components::distribution_context::DistributionContext;
use crate::i18n::{column_label, use_lang, LangTexts};

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

/// The rows of `ordered` in view when the table is scrolled to `scroll_top`, and how many rows
/// the spacers stand for above and below them.
fn visible_rows(
    school: &School,
    ordered: &[usize],
    scroll_top: f64,
    columns: VisibleColumns,
    distribution_log: bool,
    lang: Lang,
) -> (Vec<Shown>, usize, usize) {
    let (first, end) = window(scroll_top, ordered.len());
    let shown: Vec<Shown> = ordered[first..end]
        .iter()
        .map(|&i| Shown {
            index: i,
            user: school.directory.users()[i].clone(),
            state: school.directory.state(i),
            classes: school
                .directory
                .member_classes(i)
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            children: responsible_for(&school.directory.users()[i], lang),
            zone: school.directory.time_zone(),
            lang,
            // Without a log, never its column.
            columns: columns.with(
                Column::LastDistributed,
                distribution_log && columns.shows(Column::LastDistributed),
            ),
        })
        .collect();
    (shown, first, ordered.len() - end)
}

#[component]
pub fn UserTable() -> impl IntoView {
    let DistributionContext {
        school,
        selected,
        picked,
        column_sort,
        source,
        ..
    } = DistributionContext::get();
    // The « Dernière distribution » column, where a distribution log exists (not in local mode).
    let distribution_log = source.has_log();
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let scroll_top = RwSignal::new(0.0);
    let columns = RwSignal::new(remembered_columns());
    let shown_columns = Memo::new(move |_| columns.get().shown(distribution_log));
    // The selection re-sorted by the column clicked; `None` when no column is (the table then
    // reads the selection itself: no copy of 50,000 indices at each filter change).
    let resorted = Memo::new(move |_| {
        let sort = column_sort.get()?;
        school.with(|school| {
            let mut indices = selected.get();
            school.directory.sort_by_column(&mut indices, sort);
            Some(indices)
        })
    });
    // The rows in view, in the table's order (the letters' order unless a column was clicked),
    // and how many rows the spacers stand for above and below them.
    let rows = Memo::new(move |_| {
        let (school, lang) = (school.get(), lang.get());
        let (top, shown) = (scroll_top.get(), columns.get());
        let draw = |ordered: &[usize]| visible_rows(&school, ordered, top, shown, distribution_log, lang);
        if column_sort.with(Option::is_some) {
            resorted.with(|r| draw(r.as_deref().unwrap_or_default()))
        } else {
            selected.with(|s| draw(s))
        }
    });
    // The header's box: ticked when the whole selection is, mixed when part of it is.
    let all_picked = Memo::new(move |_| {
        selected.with(|s| {
            let ticked = picked.with(|p| s.iter().filter(|i| p.contains(i)).count());
            (ticked > 0 && ticked == s.len(), ticked > 0 && ticked < s.len())
        })
    });
    let pick_all = move |on: bool| {
        let all: HashSet<usize> = if on {
            selected.with(|s| s.iter().copied().collect())
        } else {
            HashSet::new()
        };
        picked.set(all);
    };
    // Whether there is a table to show; a memo so that a filter change redraws the rows only,
    // not the scrolling area and its headers.
    let empty = Memo::new(move |_| selected.with(Vec::is_empty));
    view! {
        <ColumnChoice columns=columns distribution_log=distribution_log />
        {move || column_sort.get().map(|_| view! {
            <p class="hint" data-testid="column-sort-hint">
                {texts().sort_by_column_hint}" "
                <button type="button" class="link" on:click=move |_| column_sort.set(None)>{texts().sort_reset}</button>
            </p>
        })}
        {move || if empty.get() {
            view! {
                <p class="empty" data-testid="empty">{move || texts().empty}</p>
            }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=move || texts().step_check
                    data-testid="table-scroll"
                    on:scroll=move |ev| scroll_top.set(f64::from(event_target::<web_sys::Element>(&ev).scroll_top()))>
                    <table class="users">
                        <thead><tr>
                            <th scope="col" class="pick">
                                <input type="checkbox" data-testid="pick-all" aria-label=move || texts().pick_all
                                    prop:checked=move || all_picked.get().0
                                    prop:indeterminate=move || all_picked.get().1
                                    on:change=move |ev| pick_all(event_target_checked(&ev)) />
                            </th>
                            {move || shown_columns.get().into_iter()
                                .map(|column| view! { <Header column=column sort=column_sort /> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            // Sized through the CSSOM, which the CSP allows (see the module doc).
                            <tr class="spacer" aria-hidden="true"
                                style:height=move || format!("{}px", rows.with(|r| r.1) as f64 * ROW_PX)></tr>
                            // Keyed: a row still in view keeps its element as the window moves, so the
                            // focus stays on it and Tab walks on to the next row, all the way down.
                            <For each=move || rows.with(|r| r.0.clone()) key=Shown::key
                                children=move |shown| row(shown, picked) />
                            <tr class="spacer" aria-hidden="true"
                                style:height=move || format!("{}px", rows.with(|r| r.2) as f64 * ROW_PX)></tr>
                        </tbody>
                    </table>
                </div>
            }.into_any()
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

/// One row of the table: an account and what the table shows of it.
#[derive(Clone, PartialEq)]
struct Shown {
    /// Its index in the directory (what a tick records).
    index: usize,
    user: User,
    state: AccountState,
    /// The classes it belongs to (a relative: their children's), in school order.
    classes: String,
    /// A relative's letter's « Responsable de : … » line, in the page's language.
    children: Option<String>,
    zone: sesame_core::SchoolTimeZone,
    lang: Lang,
    /// The columns shown (their order is the table's).
    columns: VisibleColumns,
}

impl Shown {
    /// What identifies a drawn row: the account, and what of it may change while it is shown
    /// (marked as distributed, the page's language, the columns chosen).
    fn key(&self) -> (usize, Option<chrono::DateTime<chrono::Utc>>, Lang, VisibleColumns) {
        (self.index, self.user.last_distributed_at, self.lang, self.columns)
    }
}

fn state_label(lang: Lang, state: AccountState) -> &'static str {
    let t = lang.texts();
    match state {
        AccountState::ToActivate => t.state_to_activate,
        AccountState::Activated => t.state_activated,
        AccountState::External => t.state_external,
        AccountState::Blocked => t.state_blocked,
    }
}

fn row(shown: Shown, picked: RwSignal<HashSet<usize>>) -> impl IntoView {
    let Shown {
        index,
        user: u,
        state,
        classes,
        children,
        zone,
        lang,
        columns,
    } = shown;
    // With the login: two pupils may share a name, a screen reader must tell them apart.
    let pick_label = format!(
        "{} {} {} ({})",
        lang.texts().pick_row,
        u.last_name,
        u.first_name,
        u.login
    );
    let cells = columns
        .shown(true)
        .into_iter()
        .map(|column| cell(column, &u, state, &classes, children.as_deref(), zone, lang))
        .collect_view();
    view! {
        <tr data-testid="user-row">
            <td class="pick">
                <input type="checkbox" data-testid="row-pick" aria-label=pick_label
                    prop:checked=move || picked.with(|p| p.contains(&index))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        picked.update(|p| {
                            if on {
                                p.insert(index);
                            } else {
                                p.remove(&index);
                            }
                        });
                    } />
            </td>
            {cells}
        </tr>
    }
}

/// The cell of `column` for account `u`.
fn cell(
    column: Column,
    u: &User,
    state: AccountState,
    classes: &str,
    children: Option<&str>,
    zone: sesame_core::SchoolTimeZone,
    lang: Lang,
) -> AnyView {
    let key = column.key();
    let date = |at: chrono::DateTime<chrono::Utc>| zone.local_date(at).format("%d/%m/%Y").to_string();
    let text = match column {
        Column::State => {
            return view! {
                <td data-col=key><span class=format!("state {}", state.as_str()) data-testid="account-state" data-state=state.as_str()>
                    {state_label(lang, state)}
                </span></td>
            }
            .into_any()
        }
        Column::ActivationCode => {
            let code = u.activation_code.clone().unwrap_or_default();
            return view! { <td data-col=key class="code">{code}</td> }.into_any();
        }
        // The letter's own words: whose parent this is, with each child's class.
        Column::Classes if children.is_some() => {
            let line = children.unwrap_or_default().to_owned();
            let title = line.clone();
            return view! {
                <td data-col=key class="children" data-testid="row-children" title=title>{line}</td>
            }
            .into_any();
        }
        Column::LastName => u.last_name.clone(),
        Column::FirstName => u.first_name.clone(),
        Column::Profile => lang.profile(u.profile).to_owned(),
        Column::Login => u.login.clone(),
        Column::Email => u.email.clone().unwrap_or_default(),
        Column::Classes => classes.to_owned(),
        Column::Created => date(u.created_at),
        Column::LastDistributed => u.last_distributed_at.map(date).unwrap_or_default(),
    };
    view! { <td data-col=key>{text}</td> }.into_any()
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
