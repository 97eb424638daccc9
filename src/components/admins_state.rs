//! The state of `/admins` its parts share: the last notice, the row being edited, and the four
//! writes (create, update, reset a password, remove), each a Leptos action whose answer lands
//! in the notice. Made once by the page and read by the table, its rows and the creation form.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sesame_core::wire::{AdminInfo, AdminUpdate, NewAdmin};
use sesame_core::Lang;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::admin_form::AdminDraft;
use crate::components::admin_notice::Notice;
use crate::i18n::{use_lang, LangTexts};
use crate::session::sign_in_again;

/// The administrators' list, as the page loaded it.
pub type AdminList = LocalResource<Result<Vec<AdminInfo>, ApiError>>;

/// What `/admins`'s parts share.
#[derive(Clone, Copy)]
pub struct AdminsState {
    pub notice: RwSignal<Notice>,
    /// The login whose row is open for editing.
    pub editing: RwSignal<Option<String>>,
    /// Bumped by each administrator created: the form is drawn anew, empty, for the next one.
    pub created: RwSignal<u32>,
    /// The page's language, for the confirmations asked at a click.
    lang: RwSignal<Lang>,
    create: Action<NewAdmin, ()>,
    update: Action<(String, AdminUpdate), ()>,
    reset: Action<String, ()>,
    remove: Action<String, ()>,
}

impl AdminsState {
    /// The state of a page showing `admins`, which each write reloads; provided to its parts.
    pub fn provide(admins: AdminList) -> Self {
        let lang = use_lang();
        let notice = RwSignal::new(Notice::None);
        let editing = RwSignal::new(None::<String>);
        let created = RwSignal::new(0u32);
        // A refusal is said in the notice (`said`: where it goes, the creation form's or the
        // list's); an expired session also sends the administrator to sign in again.
        let failed_as = move |said: fn(String) -> Notice, error: ApiError| {
            if error == ApiError::Unauthorized {
                sign_in_again();
            }
            notice.set(said(error.message()));
        };
        let failed = move |error: ApiError| failed_as(Notice::Failed, error);
        let create = Action::new_local(move |body: &NewAdmin| {
            let body = body.clone();
            async move {
                match api::create_admin(&body).await {
                    Ok(issued) => {
                        notice.set(Notice::Issued { issued, row: None });
                        created.update(|n| *n += 1);
                        admins.refetch();
                    }
                    Err(error) => failed_as(Notice::FailedNew, error),
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
        let state = AdminsState {
            notice,
            editing,
            created,
            lang,
            create,
            update,
            reset,
            remove,
        };
        provide_context(state);
        state
    }

    /// The page's state; only its parts ask for it.
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Whether a creation or an edit waits for the server: both forms wait.
    pub fn busy(self) -> Signal<bool> {
        let (creating, updating) = (self.create.pending(), self.update.pending());
        Signal::derive(move || creating.get() || updating.get())
    }

    /// Sends a new administrator.
    pub fn create(self) -> Callback<AdminDraft> {
        Callback::new(move |draft: AdminDraft| {
            self.create.dispatch(NewAdmin {
                oidc_subject: draft.oidc_subject(),
                login: draft.login,
                display_name: draft.display_name,
                role: draft.role,
                structures: draft.structures,
            });
        })
    }

    /// Sends an administrator's edited fields.
    pub fn update(self) -> Callback<AdminDraft> {
        Callback::new(move |draft: AdminDraft| {
            let body = AdminUpdate {
                oidc_subject: draft.oidc_subject(),
                display_name: draft.display_name,
                role: draft.role,
                structures: draft.structures,
                disabled: draft.disabled,
            };
            self.update.dispatch((draft.login, body));
        })
    }

    /// Gives `login` a new password, once the administrator confirms.
    pub fn reset(self, login: String) {
        if browser::confirm(&(self.lang.get_untracked().admin().confirm_reset)(&login)) {
            self.reset.dispatch(login);
        }
    }

    /// Removes `login`, once the administrator confirms.
    pub fn remove(self, login: String) {
        if browser::confirm(&(self.lang.get_untracked().admin().confirm_remove)(&login)) {
            self.remove.dispatch(login);
        }
    }

    /// « Je l’ai noté »: the password goes; the focus goes back where it was asked for.
    pub fn close_issued(self) -> Callback<()> {
        let notice = self.notice;
        Callback::new(move |()| {
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
        })
    }
}
