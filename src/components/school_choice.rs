//! The schools of a local administrator, in the administrator form: one checkbox per school
//! the one signed in sees, disabled for a central administrator (who has them all).

use leptos::prelude::*;
use sesame_core::Structure;

use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn SchoolChoice(
    /// The form's prefix of test ids (`admin-new`, `admin-edit`).
    id: &'static str,
    schools: Vec<Structure>,
    /// The ids of the schools ticked.
    structures: RwSignal<Vec<String>>,
    /// Whether the role chosen is central (the choice then does not apply).
    central: Signal<bool>,
) -> impl IntoView {
    let t = move || use_lang().get().admin();
    view! {
    <fieldset class="schools" prop:disabled=move || central.get()>
        <legend>{move || t().schools_label}</legend>
        {schools.into_iter().map(|school| {
            let (id_on, id_change) = (school.id.clone(), school.id.clone());
            view! {
                <label class="check">
                    <input type="checkbox" data-testid=format!("{id}-school")
                        prop:checked=move || structures.with(|s| s.contains(&id_on))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let school = id_change.clone();
                            structures.update(|s| {
                                s.retain(|x| *x != school);
                                if on { s.push(school); }
                            });
                        } />
                    {format!("{} ({})", school.name, school.uai)}
                </label>
            }
        }).collect_view()}
    </fieldset>
    }
}
