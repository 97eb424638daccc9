//! A mailing the page follows, from its confirmation to its last recipient: what was sent, and
//! the polling of `GET /api/mailings/{id}` until every message is sent or failed. State and
//! service, no view: « Envoyer par courriel » starts and shows it
//! ([`crate::components::mail`]), its result table reads it ([`crate::components::mail_result`]).

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::distribution::mailing::MailingStatus;
use sesame_core::Selection;

use crate::api::{self, ApiError};
use crate::browser;
use crate::session::sign_in_again;

/// Between two status requests: fast enough to see the bar move, light on the server.
const POLL_MS: i32 = 500;

/// A mailing the page follows.
#[derive(Clone, Debug, PartialEq)]
pub struct MailRun {
    pub mailing_id: String,
    /// The accounts sent, in selection order.
    pub indices: Arc<Vec<usize>>,
    /// The selection they came from (its sort groups the PDF of those not reached).
    pub selection: Selection,
    /// The last answer of `GET /api/mailings/{id}`; `None` before the first.
    pub status: Option<MailingStatus>,
}

/// Polls `mailing_id` into `run` until it is over, an error is shown, or the page is gone (its
/// signals disposed).
pub async fn follow(mailing_id: String, run: RwSignal<Option<MailRun>>, error: RwSignal<Option<String>>) {
    loop {
        match api::mailing(&mailing_id).await {
            Ok(status) => {
                let over = status.is_final();
                let alive = run.try_update(|run| {
                    if let Some(run) = run.as_mut().filter(|r| r.mailing_id == mailing_id) {
                        run.status = Some(status);
                    }
                });
                if alive.is_none() || over {
                    return;
                }
            }
            Err(ApiError::Unauthorized) => return sign_in_again(),
            Err(e) => {
                error.try_set(Some(e.message()));
                return;
            }
        }
        browser::sleep(POLL_MS).await;
    }
}
