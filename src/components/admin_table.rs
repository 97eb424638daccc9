//! The administrators' table of `/admins`: login, name, role, schools, ENT identity and state
//! of each, with a central administrator's actions on each row ([`AdminRow`]).

use leptos::prelude::*;
use sesame_core::wire::{AdminInfo, Role, SessionInfo};

use crate::components::admin_row::AdminRow;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn AdminTable(
    /// Who is signed in: a central administrator gets the actions.
    me: SessionInfo,
    list: Vec<AdminInfo>,
) -> impl IntoView {
    let lang = use_lang();
    let t = move || lang.get().admin();
    let central = me.role == Role::Central;
    view! {
        <table class="plain admins" data-testid="admins-list">
            <thead><tr>
                <th scope="col">{move || t().col_login}</th>
                <th scope="col">{move || t().col_name}</th>
                <th scope="col">{move || t().col_role}</th>
                <th scope="col">{move || t().col_schools}</th>
                <th scope="col">{move || lang.get().ent().col_oidc_subject}</th>
                <th scope="col">{move || t().col_state}</th>
                {central.then(|| view! { <th scope="col">{move || t().col_actions}</th> })}
            </tr></thead>
            <tbody>
                {list.into_iter().map(|admin| view! {
                    <AdminRow myself=admin.login == me.login admin=admin central=central
                        schools=me.structures.clone() />
                }).collect_view()}
            </tbody>
        </table>
    }
}
