//! The mailing « Envoyer par courriel » started: its two writes — create it, send its failures
//! again — as Leptos actions, each following the mailing to its end ([`follow`]) and then
//! marking the accounts reached as distributed in the page's directory ([`Marking`]).

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::distribution::mailing::{outcomes, sent};
use sesame_core::selection::directory::MailCounts;
use sesame_core::{School, Selection};

use crate::api::{self, ApiError};
use crate::components::marking::Marking;
use crate::mail_run::{follow, MailRun};
use crate::session::sign_in_again;

/// A confirmation being asked: what goes if the administrator says yes.
#[derive(Clone)]
pub struct Asking {
    /// The idempotency key, drawn when the confirmation opened.
    pub key: String,
    pub indices: Arc<Vec<usize>>,
    pub selection: Selection,
    pub counts: MailCounts,
}

/// The accounts `run`'s final status says were reached.
fn reached(school: &School, run: &MailRun) -> Vec<usize> {
    run.status
        .as_ref()
        .map(|status| sent(&outcomes(school.directory.users(), &run.indices, status)))
        .unwrap_or_default()
}

/// The mailing followed, and the writes that start one.
#[derive(Clone, Copy)]
pub struct Mailing {
    /// The mailing followed, from its creation.
    pub run: RwSignal<Option<MailRun>>,
    /// Why the last request failed (the server's words).
    pub error: RwSignal<Option<String>>,
    send: Action<(Arc<School>, Asking), ()>,
    resend: Action<(String, Vec<usize>), ()>,
}

impl Mailing {
    /// Mailings of `school`'s accounts; those reached go to the page's [`Marking`], if any.
    pub fn new(school: Signal<Arc<School>>) -> Self {
        let run = RwSignal::new(None::<MailRun>);
        let error = RwSignal::new(None::<String>);
        let marking = Marking::get();
        // The accounts reached, less those already marked: into the page's log.
        let mark_sent = move |already: &[usize]| {
            let Some(Some(done)) = run.try_get_untracked() else {
                return;
            };
            if !done.status.as_ref().is_some_and(|s| s.is_final()) {
                return;
            }
            let reached = school.with_untracked(|s| reached(s, &done));
            let new: Vec<usize> = reached.into_iter().filter(|i| !already.contains(i)).collect();
            if let (Some(marking), false) = (marking, new.is_empty()) {
                marking.marked(Arc::new(new));
            }
        };
        let send = Action::new_local(move |(school, asked): &(Arc<School>, Asking)| {
            let ids: Vec<String> = asked
                .indices
                .iter()
                .map(|&i| school.directory.users()[i].id.clone())
                .collect();
            let (structure_id, asked) = (school.structure.id.clone(), asked.clone());
            async move {
                match api::create_mailing(&structure_id, &ids, &asked.key).await {
                    Ok(created) => {
                        run.try_set(Some(MailRun {
                            mailing_id: created.mailing_id.clone(),
                            indices: asked.indices,
                            selection: asked.selection,
                            status: None,
                        }));
                        follow(created.mailing_id, run, error).await;
                        mark_sent(&[]);
                    }
                    Err(ApiError::Unauthorized) => sign_in_again(),
                    Err(e) => {
                        error.try_set(Some(e.message()));
                    }
                }
            }
        });
        // `before`: the accounts the earlier rounds reached, marked already.
        let resend = Action::new_local(move |(id, before): &(String, Vec<usize>)| {
            let (id, before) = (id.clone(), before.clone());
            async move {
                match api::retry_mailing(&id).await {
                    Ok(()) => {
                        follow(id, run, error).await;
                        mark_sent(&before);
                    }
                    Err(ApiError::Unauthorized) => sign_in_again(),
                    Err(e) => {
                        error.try_set(Some(e.message()));
                    }
                }
            }
        });
        Mailing {
            run,
            error,
            send,
            resend,
        }
    }

    /// Whether a request is under way (a mailing being created or retried).
    pub fn busy(self) -> Signal<bool> {
        let (sending, resending) = (self.send.pending(), self.resend.pending());
        Signal::derive(move || sending.get() || resending.get())
    }

    /// Sends what `asked` holds, to `school`'s accounts: the mailing shown so far goes.
    pub fn send(self, school: Arc<School>, asked: Asking) {
        self.run.set(None);
        self.error.set(None);
        self.send.dispatch((school, asked));
    }

    /// Sends the failures of the mailing shown again.
    pub fn retry(self, school: &School) {
        let Some(current) = self.run.get_untracked() else {
            return;
        };
        self.error.set(None);
        self.resend
            .dispatch((current.mailing_id.clone(), reached(school, &current)));
    }
}
