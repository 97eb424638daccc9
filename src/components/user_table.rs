//! The *Vérification* table: one row per selected account, in the order the letters will have.
//!
//! Virtualised: rows have a fixed height and only those in view (plus a margin) are in the
//! page, between two spacer rows that keep the scrollbar true to the whole list — so 50,000
//! accounts scroll smoothly and a filter change redraws a few dozen rows, not thousands.

use std::sync::Arc;

use leptos::prelude::*;
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
    let rows = move || {
        let loaded = loaded.get()?;
        let selected = selected.get()?;
        let (first, end) = window(scroll_top.get(), selected.len());
        let shown: Vec<User> = selected[first..end]
            .iter()
            .map(|&i| loaded.directory.users()[i].clone())
            .collect();
        Some((
            shown,
            first,
            selected.len() - end,
            loaded.directory.time_zone(),
            lang.get(),
            selected.is_empty(),
        ))
    };
    view! {
        {move || match rows() {
            None => ().into_any(),
            Some((_, _, _, _, _, true)) => view! {
                <p class="empty" data-testid="empty">{texts().empty}</p>
            }.into_any(),
            Some((shown, above, below, zone, lang, false)) => view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=texts().step_check
                    on:scroll=move |ev| scroll_top.set(f64::from(event_target::<web_sys::Element>(&ev).scroll_top()))>
                    <table class="users">
                        <thead><tr>
                            <th scope="col">{texts().col_last_name}</th>
                            <th scope="col">{texts().col_first_name}</th>
                            <th scope="col">{texts().col_profile}</th>
                            <th scope="col">{texts().col_login}</th>
                            <th scope="col">{texts().col_code}</th>
                            <th scope="col">{texts().col_email}</th>
                            <th scope="col">{texts().col_classes}</th>
                            <th scope="col">{texts().col_created}</th>
                        </tr></thead>
                        <tbody>
                            <tr class="spacer" aria-hidden="true" style=format!("height: {}px", above as f64 * ROW_PX)></tr>
                            {shown.into_iter().map(|u| row(u, zone, lang)).collect_view()}
                            <tr class="spacer" aria-hidden="true" style=format!("height: {}px", below as f64 * ROW_PX)></tr>
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
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
