//! « Nouvel administrateur » (central administrators): the creation form, replaced by the
//! password the server generated once it answers, and drawn anew, empty, for the next one.

use leptos::prelude::*;
use sesame_core::Structure;

use crate::components::admin_form::AdminForm;
use crate::components::admin_notice::Notice;
use crate::components::admins_state::AdminsState;
use crate::components::issued_password::IssuedPasswordNotice;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn AdminCreation(
    /// The schools a local administrator may be given.
    schools: Vec<Structure>,
) -> impl IntoView {
    let t = move || use_lang().get().admin();
    let state = AdminsState::get();
    let (notice, created) = (state.notice, state.created);
    let issued_new = Memo::new(move |_| notice.with(Notice::issued_new));
    let (busy, create, close_issued) = (state.busy(), state.create(), state.close_issued());
    view! {
        <section class="card">
            <h3>{move || t().new_admin_heading}</h3>
            {move || match notice.get() {
                Notice::FailedNew(text) => Some(view! { <p class="error" role="alert" data-testid="error">{text}</p> }),
                _ => None,
            }}
            {move || match issued_new.get() {
                Some(issued) => view! {
                    <IssuedPasswordNotice issued=issued on_close=close_issued />
                }.into_any(),
                None => {
                    created.track();
                    view! {
                        <AdminForm initial=None schools=schools.clone() id="admin-new"
                            submit_label=Signal::derive(move || t().create) busy=busy on_submit=create />
                    }.into_any()
                }
            }}
        </section>
    }
}
