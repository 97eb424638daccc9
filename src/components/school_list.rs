//! The schools of `/admins` (central administrators): UAI, name, the ways to each one's
//! distribution and import, and « Nouvel établissement » ([`NewSchool`]) below.

use leptos::prelude::*;
use sesame_core::Structure;

use crate::components::new_school::NewSchool;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn SchoolList(schools: Vec<Structure>, on_created: Callback<Structure>) -> impl IntoView {
    let t = move || use_lang().get().admin();
    view! {
        <section class="card">
            <h3>{move || t().schools_heading}</h3>
            <table class="plain" data-testid="schools-list">
                <thead><tr>
                    <th scope="col">{move || t().col_uai}</th>
                    <th scope="col">{move || t().school_name_label}</th>
                    <th scope="col">{move || t().col_actions}</th>
                </tr></thead>
                <tbody>
                    {schools.iter().map(|s| view! {
                        <tr data-testid="school-row">
                            <td>{s.uai.clone()}</td>
                            <td>{s.name.clone()}</td>
                            <td class="actions">
                                <a href=format!("/structures/{}/distribution", s.id) data-testid="school-distribution">{move || t().school_distribution}</a>
                                <a href=format!("/structures/{}/import", s.id)>{move || use_lang().get().texts().import_link}</a>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h4>{move || t().new_school_heading}</h4>
            <NewSchool on_created=on_created />
        </section>
    }
}
