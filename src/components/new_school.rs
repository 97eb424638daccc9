//! « Nouvel établissement » (central administrators): a UAI and a name; the new school's first
//! step, its import, comes next.

use leptos::prelude::*;
use sesame_core::wire::NewStructure;
use sesame_core::Structure;

use crate::api;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn NewSchool(on_created: Callback<Structure>) -> impl IntoView {
    let t = move || use_lang().get().admin();
    let uai = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    // The server's answer to the last « Créer »: its refusal is said under the fields.
    let create = Action::new_local(move |school: &NewStructure| {
        let school = school.clone();
        async move {
            let created = api::create_structure(&school).await;
            if let Ok(created) = &created {
                on_created.run(created.clone());
            }
            created.map(|_| ()).map_err(|error| error.message())
        }
    });
    let busy = create.pending();
    let answer = create.value();
    let problem = move || answer.get().and_then(Result::err);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(NewStructure {
            uai: uai.get_untracked(),
            name: name.get_untracked(),
        });
    };
    view! {
        <form class="admin-form" on:submit=submit data-testid="school-new">
            <label for="school-new-uai">{move || t().uai_label}</label>
            <input id="school-new-uai" data-testid="school-new-uai" required autocomplete="off"
                aria-describedby="school-new-uai-hint" prop:value=uai on:input=move |ev| uai.set(event_target_value(&ev)) />
            <p class="hint" id="school-new-uai-hint">{move || t().uai_hint}</p>
            <label for="school-new-name">{move || t().school_name_label}</label>
            <input id="school-new-name" data-testid="school-new-name" required autocomplete="off"
                prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
            {move || problem().map(|p| view! { <p class="error" role="alert" data-testid="error">{p}</p> })}
            <div class="actions">
                <button type="submit" data-testid="school-new-submit" disabled=move || busy.get()>{move || t().create}</button>
            </div>
        </form>
    }
}
