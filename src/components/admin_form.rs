//! The fields of an administrator — login (when creating), display name, role, schools of a
//! local administrator, their « Identité ENT » (the ENT's id for them, to sign in with the ENT's
//! button; optional), disabled (when editing) — checked with core's rules before anything is
//! sent; the server checks again and its message is shown as it is.

use leptos::prelude::*;
use sesame_core::access::admin_rules::{check_display_name, check_login};
use sesame_core::wire::Role;
use sesame_core::Structure;

use crate::components::school_choice::SchoolChoice;
use crate::i18n::{use_lang, LangTexts};

/// What the form holds.
#[derive(Debug, Clone, PartialEq)]
pub struct AdminDraft {
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub structures: Vec<String>,
    pub disabled: bool,
    /// The ENT identity (the ID token's `sub`, the export's `Id`); empty for none.
    pub oidc_subject: String,
}

impl AdminDraft {
    /// The ENT identity as the API takes it: `None` for an empty field.
    pub fn oidc_subject(&self) -> Option<String> {
        Some(self.oidc_subject.clone()).filter(|s| !s.is_empty())
    }
}

#[component]
pub fn AdminForm(
    /// The values to start from; `None` for a new administrator (then the login is asked).
    initial: Option<AdminDraft>,
    schools: Vec<Structure>,
    submit_label: Signal<&'static str>,
    /// Prefix of the fields' ids and test ids (`admin-new`, `admin-edit`).
    id: &'static str,
    /// Sending: the submit button waits.
    busy: Signal<bool>,
    on_submit: Callback<AdminDraft>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    let t = move || lang.get().admin();
    let ent = move || lang.get().ent();
    let creating = initial.is_none();
    let start = initial.unwrap_or(AdminDraft {
        login: String::new(),
        display_name: String::new(),
        role: Role::Local,
        structures: Vec::new(),
        disabled: false,
        oidc_subject: String::new(),
    });
    let login = RwSignal::new(start.login.clone());
    let name = RwSignal::new(start.display_name.clone());
    let role = RwSignal::new(start.role);
    let structures = RwSignal::new(start.structures.clone());
    let disabled = RwSignal::new(start.disabled);
    let subject = RwSignal::new(start.oidc_subject.clone());
    let problem = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = AdminDraft {
            login: login.get_untracked().trim().to_owned(),
            display_name: name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            structures: if role.get_untracked() == Role::Local {
                structures.get_untracked()
            } else {
                Vec::new()
            },
            disabled: disabled.get_untracked(),
            oidc_subject: subject.get_untracked().trim().to_owned(),
        };
        let lang = lang.get_untracked();
        let checked = check_login(&draft.login).and_then(|()| check_display_name(&draft.display_name));
        if let Err(p) = checked {
            return problem.set(Some(p.message(lang)));
        }
        if draft.role == Role::Local && draft.structures.is_empty() {
            return problem.set(Some(lang.admin().pick_a_school.to_owned()));
        }
        problem.set(None);
        on_submit.run(draft);
    };
    let field = move |suffix: &str| format!("{id}-{suffix}");
    view! {
        <form class="admin-form" on:submit=submit data-testid=id>
            {creating.then(|| view! {
                <label for=field("login")>{move || t().login_label}</label>
                <input id=field("login") data-testid=field("login") autocomplete="off" required
                    prop:value=login on:input=move |ev| login.set(event_target_value(&ev)) />
            })}
            <label for=field("name")>{move || t().name_label}</label>
            <input id=field("name") data-testid=field("name") autocomplete="off" aria-describedby=field("name-hint")
                prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
            <p class="hint" id=field("name-hint")>{move || t().name_hint}</p>
            <fieldset class="inline">
                <legend>{move || t().role_label}</legend>
                {[(Role::Local, "local"), (Role::Central, "central")].into_iter().map(|(r, word)| view! {
                    <label class="check">
                        <input type="radio" name=field("role") data-testid=format!("{id}-role-{word}")
                            prop:checked=move || role.get() == r on:change=move |_| role.set(r) />
                        {move || if r == Role::Central { t().role_central } else { t().role_local }}
                    </label>
                }).collect_view()}
            </fieldset>
            <SchoolChoice id=id schools=schools structures=structures central=Signal::derive(move || role.get() == Role::Central) />
            <label for=field("oidc-subject")>{move || ent().oidc_subject_label}</label>
            <input id=field("oidc-subject") data-testid=field("oidc-subject") autocomplete="off"
                aria-describedby=field("oidc-subject-hint")
                prop:value=subject on:input=move |ev| subject.set(event_target_value(&ev)) />
            <p class="hint" id=field("oidc-subject-hint")>{move || ent().oidc_subject_hint}</p>
            {(!creating).then(|| view! {
                <label class="check">
                    <input type="checkbox" data-testid=field("disabled")
                        prop:checked=disabled on:change=move |ev| disabled.set(event_target_checked(&ev)) />
                    {move || t().disabled_label}
                </label>
            })}
            {move || problem.get().map(|p| view! { <p class="error" role="alert" data-testid="error">{p}</p> })}
            <div class="actions">
                <button type="submit" data-testid=field("submit") disabled=move || busy.get()>{move || submit_label.get()}</button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" on:click=move |_| cancel.run(())>{move || t().cancel}</button>
                })}
            </div>
        </form>
    }
}
