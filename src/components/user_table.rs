//! The *Vérification* table: one row per selected account, in the order the letters will have.
//!
//! Rows are capped at [`MAX_ROWS`] for now, with the count of the others; the counts above are
//! always exact. (Virtualised scrolling over every row comes with the rest of the app issue.)

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::User;

use crate::app::use_lang;
use crate::pages::distribution::Loaded;

/// Rows rendered at once.
pub const MAX_ROWS: usize = 200;

#[component]
pub fn UserTable(loaded: Signal<Option<Arc<Loaded>>>, selected: Memo<Option<Vec<usize>>>) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let rows = move || {
        let loaded = loaded.get()?;
        let selected = selected.get()?;
        let zone = loaded.directory.time_zone();
        let lang = lang.get();
        let shown: Vec<User> = selected
            .iter()
            .take(MAX_ROWS)
            .map(|&i| loaded.directory.users()[i].clone())
            .collect();
        let hidden = selected.len().saturating_sub(MAX_ROWS);
        Some((shown, hidden, zone, lang))
    };
    view! {
        {move || match rows() {
            None => ().into_any(),
            Some((shown, _, _, _)) if shown.is_empty() => view! {
                <p class="empty" data-testid="empty">{texts().empty}</p>
            }.into_any(),
            Some((shown, hidden, zone, lang)) => view! {
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
                        {shown.into_iter().map(|u| {
                            let lock = (!u.is_activated()).then(|| view! {
                                <span class="lock" role="img" aria-label=lang.texts().not_activated title=lang.texts().not_activated>
                                    <svg viewBox="0 0 16 20" aria-hidden="true"><path d="M3 8V5a5 5 0 0 1 10 0v3h1a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2zm2 0h6V5a3 3 0 0 0-6 0z"/></svg>
                                </span>
                            });
                            let classes = u.classes.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
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
                        }).collect_view()}
                    </tbody>
                </table>
                {(hidden > 0).then(|| view! { <p class="more">{format!("{hidden} {}", texts().more_rows)}</p> })}
            }.into_any(),
        }}
    }
}
