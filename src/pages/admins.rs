//! `/admins`: the administrators and the schools. A central administrator lists the
//! administrators, creates one (central, or local with their schools), edits, gives a new
//! password (shown once), links one to their ENT identity (« Identité ENT », to sign in with the
//! ENT's button), disables or removes one, and creates a school; a local administrator
//! sees only themselves. The server decides all of it again (scope, CSRF, the last central
//! administrator kept); this page only says what it answered.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use sesame_core::wire::{AdminInfo, AdminUpdate, IssuedPassword, NewAdmin, Role, SessionInfo};
use sesame_core::Structure;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::admin_form::{AdminDraft, AdminForm};
use crate::components::issued_password::IssuedPasswordNotice;
use crate::components::load_error::LoadError;
use crate::components::new_school::NewSchool;
use crate::components::session_bar::SessionBar;
use crate::i18n::{use_lang, LangTexts};
use crate::session::{current, sign_in_again, use_session};

/// What the last action left to say.
#[derive(Clone, PartialEq)]
enum Notice {
    None,
    /// A generated password, shown where it was asked for: in place of the creation form
    /// (`None`), or under the row of the administrator whose password was reset.
    Issued {
        issued: IssuedPassword,
        row: Option<String>,
    },
    Said(String),
    Failed(String),
    /// A creation the server refused: said in the creation form's card, where the eye is.
    FailedNew(String),
}

impl Notice {
    /// The password to show in place of the creation form.
    fn issued_new(&self) -> Option<IssuedPassword> {
        match self {
            Notice::Issued { issued, row: None } => Some(issued.clone()),
            _ => None,
        }
    }

    /// The password to show under `login`'s row.
    fn issued_for_row(&self, login: &str) -> Option<IssuedPassword> {
        match self {
            Notice::Issued {
                issued,
                row: Some(row),
            } if row == login => Some(issued.clone()),
            _ => None,
        }
    }
}

#[component]
pub fn AdminsPage() -> impl IntoView {
    let lang = use_lang();
    let t = move || lang.get().admin();
    let session = use_session();
    let info = current(session);
    let admins = LocalResource::new(api::admins);
    let notice = RwSignal::new(Notice::None);
    let editing = RwSignal::new(None::<String>);
    // Bumped by each administrator created: the form is drawn anew, empty, for the next one.
    let created = RwSignal::new(0u32);

    let failed = move |error: ApiError| {
        if error == ApiError::Unauthorized {
            sign_in_again();
        }
        notice.set(Notice::Failed(error.message()));
    };
    let create = Action::new_local(move |body: &NewAdmin| {
        let body = body.clone();
        async move {
            match api::create_admin(&body).await {
                Ok(issued) => {
                    notice.set(Notice::Issued { issued, row: None });
                    created.update(|n| *n += 1);
                    admins.refetch();
                }
                Err(error) => {
                    if error == ApiError::Unauthorized {
                        sign_in_again();
                    }
                    notice.set(Notice::FailedNew(error.message()));
                }
            }
        }
    });
    let update = Action::new_local(move |(login, body): &(String, AdminUpdate)| {
        let (login, body) = (login.clone(), body.clone());
        async move {
            match api::update_admin(&login, &body).await {
                Ok(_) => {
                    editing.set(None);
                    notice.set(Notice::Said(lang.get_untracked().admin().saved.to_owned()));
                    admins.refetch();
                }
                Err(error) => failed(error),
            }
        }
    });
    let reset = Action::new_local(move |login: &String| {
        let login = login.clone();
        async move {
            match api::reset_password(&login).await {
                Ok(issued) => notice.set(Notice::Issued {
                    issued,
                    row: Some(login),
                }),
                Err(error) => failed(error),
            }
        }
    });
    let remove = Action::new_local(move |login: &String| {
        let login = login.clone();
        async move {
            match api::remove_admin(&login).await {
                Ok(()) => {
                    notice.set(Notice::Said((lang.get_untracked().admin().removed)(&login)));
                    admins.refetch();
                }
                Err(error) => failed(error),
            }
        }
    });
    // Both forms wait while either one's answer is awaited.
    let busy = Signal::derive({
        let (creating, updating) = (create.pending(), update.pending());
        move || creating.get() || updating.get()
    });
    let submit_new = Callback::new(move |draft: AdminDraft| {
        create.dispatch(NewAdmin {
            oidc_subject: draft.oidc_subject(),
            login: draft.login,
            display_name: draft.display_name,
            role: draft.role,
            structures: draft.structures,
        });
    });
    let submit_edit = Callback::new(move |draft: AdminDraft| {
        let body = AdminUpdate {
            oidc_subject: draft.oidc_subject(),
            display_name: draft.display_name,
            role: draft.role,
            structures: draft.structures,
            disabled: draft.disabled,
        };
        update.dispatch((draft.login, body));
    });
    let ask_reset = move |login: String| {
        if browser::confirm(&(lang.get_untracked().admin().confirm_reset)(&login)) {
            reset.dispatch(login);
        }
    };
    let ask_remove = move |login: String| {
        if browser::confirm(&(lang.get_untracked().admin().confirm_remove)(&login)) {
            remove.dispatch(login);
        }
    };
    // « Je l’ai noté »: the password goes; the focus goes back where it was asked for.
    let issued_new = Memo::new(move |_| notice.with(Notice::issued_new));
    let close_issued = Callback::new(move |()| {
        let was_new = notice.with_untracked(|n| n.issued_new().is_some());
        notice.set(Notice::None);
        if was_new {
            // Not a write: a focus move once the next frame is drawn, nothing to wait for.
            spawn_local(async move {
                // Once the emptied form is drawn again.
                browser::yield_now().await;
                if let Some(field) = browser::element_by_id("admin-new-login") {
                    let _ = field.focus();
                }
            });
        }
    });
    let navigate = use_navigate();
    let school_created = Callback::new(move |school: Structure| {
        // The session lists the schools: it learns of the new one, whose first step is its import.
        session.refetch();
        navigate(
            &format!("/structures/{}/import", school.id),
            NavigateOptions::default(),
        );
    });

    let admin_table = move |me: SessionInfo, list: Vec<AdminInfo>| {
        let central = me.role == Role::Central;
        let schools = me.structures.clone();
        let school_names = move |ids: &[String]| {
            ids.iter()
                .map(|id| {
                    schools
                        .iter()
                        .find(|s| &s.id == id)
                        .map_or(id.clone(), |s| s.name.clone())
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let all_schools = me.structures.clone();
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
                    {list.into_iter().map(|admin| {
                        let myself = admin.login == me.login;
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
                        let schools_text = if admin.role == Role::Central { t().all_schools.to_owned() } else { school_names(&admin.structures) };
                        let editor_schools = all_schools.clone();
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
                                                on:click=move |_| ask_reset(reset_login.clone())>{move || t().reset}</button>
                                            <button type="button" class="link danger" data-testid="admin-remove"
                                                on:click=move |_| ask_remove(remove_login.clone())>{move || t().remove}</button>
                                        })}
                                    </td>
                                })}
                            </tr>
                            {
                                let login = login.clone();
                                let issued = Memo::new(move |_| notice.with(|n| n.issued_for_row(&login)));
                                move || issued.get().map(|issued| view! {
                                    <tr class="issued-row"><td colspan="7">
                                        <IssuedPasswordNotice issued=issued on_close=close_issued />
                                    </td></tr>
                                })
                            }
                            {move || is_editing().then(|| view! {
                                <tr class="editor"><td colspan="7">
                                    <AdminForm initial=Some(draft.clone()) schools=editor_schools.clone() id="admin-edit"
                                        submit_label=Signal::derive(move || t().save) busy=busy
                                        on_submit=submit_edit on_cancel=Callback::new(move |()| editing.set(None)) />
                                </td></tr>
                            })}
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
    };

    view! {
        <nav class="toolbar">
            <a href="/" data-testid="back-to-distribution">{move || t().back_to_distribution}</a>
            {move || info.get().map(|s| view! { <SessionBar session=s /> })}
        </nav>
        <h2>{move || t().admins_link}</h2>
        {move || match notice.get() {
            // Shown where it was asked for, below.
            Notice::None | Notice::Issued { .. } | Notice::FailedNew(_) => ().into_any(),
            Notice::Said(text) => view! { <p class="done" role="status" data-testid="admin-notice">{text}</p> }.into_any(),
            Notice::Failed(text) => view! { <p class="error" role="alert" data-testid="error">{text}</p> }.into_any(),
        }}
        <section class="card">
            <h3>{move || t().admins_heading}</h3>
            <Transition fallback=move || view! { <p aria-busy="true">{lang.get().texts().loading}</p> }>
                <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors on_retry=Callback::new(move |()| admins.refetch()) /> }>
                    {move || admins.get().map(|loaded| loaded.map(|list| info.get().map(|me| {
                        let local = me.role == Role::Local;
                        view! {
                            {local.then(|| view! {
                                <p class="hint" data-testid="local-sees-self">
                                    {move || t().local_sees_self}" "
                                    <a href="/account" data-testid="local-own-account">{move || t().local_own_account}</a>
                                </p>
                            })}
                            {admin_table(me, list)}
                        }
                    })))}
                </ErrorBoundary>
            </Transition>
        </section>
        {move || info.get().filter(|me| me.role == Role::Central).map(|me| {
            let schools = me.structures.clone();
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
                                    submit_label=Signal::derive(move || t().create) busy=busy on_submit=submit_new />
                            }.into_any()
                        }
                    }}
                </section>
                <section class="card">
                    <h3>{move || t().schools_heading}</h3>
                    <table class="plain" data-testid="schools-list">
                        <thead><tr>
                            <th scope="col">{move || t().col_uai}</th>
                            <th scope="col">{move || t().school_name_label}</th>
                            <th scope="col">{move || t().col_actions}</th>
                        </tr></thead>
                        <tbody>
                            {me.structures.iter().map(|s| view! {
                                <tr data-testid="school-row">
                                    <td>{s.uai.clone()}</td>
                                    <td>{s.name.clone()}</td>
                                    <td class="actions">
                                        <a href=format!("/structures/{}/distribution", s.id) data-testid="school-distribution">{move || t().school_distribution}</a>
                                        <a href=format!("/structures/{}/import", s.id)>{move || t().import_link}</a>
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <h4>{move || t().new_school_heading}</h4>
                    <NewSchool on_created=school_created />
                </section>
            }
        })}
    }
}
