//! One administrator in `/admins`'s table: their row, a central administrator's actions on it
//! (edit, new password, remove — never on themselves for the last two), the password just
//! generated for them, and their edit form when open.

use leptos::prelude::*;
use sesame_core::wire::{AdminInfo, Role};
use sesame_core::Structure;

use crate::components::admin_form::{AdminDraft, AdminForm};
use crate::components::admins_state::AdminsState;
use crate::components::issued_password::IssuedPasswordNotice;
use crate::i18n::{use_lang, LangTexts};

/// The names of the schools `ids`, as `schools` knows them (the id itself otherwise).
fn school_names(schools: &[Structure], ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            schools
                .iter()
                .find(|s| &s.id == id)
                .map_or(id.clone(), |s| s.name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn AdminRow(
    admin: AdminInfo,
    /// The row of the administrator signed in.
    myself: bool,
    /// Whether the one signed in is a central administrator (the actions are theirs).
    central: bool,
    /// The schools the one signed in sees (names, and the edit form's choices).
    schools: Vec<Structure>,
) -> impl IntoView {
    let t = move || use_lang().get().admin();
    let state = AdminsState::get();
    let (editing, notice) = (state.editing, state.notice);
    let login = admin.login.clone();
    let (edit_login, reset_login, remove_login) = (login.clone(), login.clone(), login.clone());
    let is_editing = {
        let login = login.clone();
        move || editing.get().as_deref() == Some(login.as_str())
    };
    let draft = AdminDraft {
        login: admin.login.clone(),
        display_name: admin.display_name.clone(),
        role: admin.role,
        structures: admin.structures.clone(),
        disabled: admin.disabled,
        oidc_subject: admin.oidc_subject.clone().unwrap_or_default(),
    };
    let schools_text = if admin.role == Role::Central {
        t().all_schools.to_owned()
    } else {
        school_names(&schools, &admin.structures)
    };
    let issued = Memo::new(move |_| notice.with(|n| n.issued_for_row(&login)));
    let (busy, update, close_issued) = (state.busy(), state.update(), state.close_issued());
    view! {
        <tr data-testid="admin-row" data-login=admin.login.clone()>
            <td>{admin.login.clone()}{myself.then(|| format!(" {}", t().you))}</td>
            <td>{admin.display_name.clone()}</td>
            <td>{move || if admin.role == Role::Central { t().role_central } else { t().role_local }}</td>
            <td>{schools_text}</td>
            <td data-testid="admin-oidc-subject">{admin.oidc_subject.clone()}</td>
            <td data-testid="admin-state">{move || if admin.disabled { t().disabled } else { t().active }}</td>
            {central.then(|| view! {
                <td class="actions">
                    <button type="button" class="link" data-testid="admin-edit"
                        on:click=move |_| editing.set(Some(edit_login.clone()))>{move || t().edit}</button>
                    {(!myself).then(|| view! {
                        <button type="button" class="link" data-testid="admin-reset"
                            on:click=move |_| state.reset(reset_login.clone())>{move || t().reset}</button>
                        <button type="button" class="link danger" data-testid="admin-remove"
                            on:click=move |_| state.remove(remove_login.clone())>{move || t().remove}</button>
                    })}
                </td>
            })}
        </tr>
        {move || issued.get().map(|issued| view! {
            <tr class="issued-row"><td colspan="7">
                <IssuedPasswordNotice issued=issued on_close=close_issued />
            </td></tr>
        })}
        {move || is_editing().then(|| view! {
            <tr class="editor"><td colspan="7">
                <AdminForm initial=Some(draft.clone()) schools=schools.clone() id="admin-edit"
                    submit_label=Signal::derive(move || t().save) busy=busy
                    on_submit=update on_cancel=Callback::new(move |()| editing.set(None)) />
            </td></tr>
        })}
    }
}
