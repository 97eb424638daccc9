//! A credentials mailing as the app follows it: from the bodies of `POST
//! /api/structures/{id}/mailings` and `GET /api/mailings/{id}` ([`crate::wire`]), what the app
//! decides — how far it has
//! gone, whether it is over, each selected account's outcome, and who was not reached (they get a
//! PDF instead). Plain functions, so they are tested natively; the app only renders them.
//!
//! The server lists only the accounts it queued: an account of the selection with no row was
//! skipped for having no address. Outcomes are keyed on that answer, not on the app's own copy of
//! the directory, so the result table says what the server did.

use std::collections::HashMap;

use crate::model::User;
pub use crate::wire::{MailingStatus, NewMailing, RecipientStatus};

impl MailingStatus {
    /// True once every message is sent or failed for good: the app stops polling.
    pub fn is_final(&self) -> bool {
        self.pending == 0 && self.state != "sending"
    }

    /// `(done, total)` for the progress bar, where a failure counts as done: the bar measures
    /// what is left to wait for, not what succeeded.
    pub fn progress(&self) -> (u64, u64) {
        ((self.sent + self.failed).min(self.total), self.total)
    }
}

/// What happened to one selected account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Refused for good, with the SMTP server's reply (or the server's reason).
    Failed(String),
    /// Queued or being sent; the last temporary error if an attempt already failed.
    Pending(Option<String>),
    /// No address: the server skipped it.
    NoEmail,
}

impl Outcome {
    /// Not reached by e-mail once the mailing is over: they need a printed letter.
    pub fn unreached(&self) -> bool {
        matches!(self, Outcome::Failed(_) | Outcome::NoEmail)
    }
}

/// Each account of `indices` (the selection as it was sent, in its order) with its outcome.
pub fn outcomes(users: &[User], indices: &[usize], status: &MailingStatus) -> Vec<(usize, Outcome)> {
    let by_id: HashMap<&str, &RecipientStatus> = status
        .recipients
        .iter()
        .map(|r| (r.user_id.as_str(), r))
        .collect();
    indices
        .iter()
        .map(|&i| {
            let outcome = match by_id.get(users[i].id.as_str()) {
                None => Outcome::NoEmail,
                Some(r) => match r.state.as_str() {
                    "sent" => Outcome::Sent,
                    // A failure always has a reason on the server; say so if one ever lacks it.
                    "failed" => Outcome::Failed(r.error.clone().unwrap_or_default()),
                    _ => Outcome::Pending(r.error.clone()),
                },
            };
            (i, outcome)
        })
        .collect()
}

/// The accounts to print letters for after a mailing: failed or without an address, in
/// selection order (so the PDF groups them as the selection's sort does).
pub fn unreached(outcomes: &[(usize, Outcome)]) -> Vec<usize> {
    outcomes
        .iter()
        .filter(|(_, o)| o.unreached())
        .map(|&(i, _)| i)
        .collect()
}

/// The accounts of `outcomes` their message reached, in selection order: the page marks them as
/// distributed at once (the server's outbox logged each as it sent it).
pub fn sent(outcomes: &[(usize, Outcome)]) -> Vec<usize> {
    outcomes
        .iter()
        .filter(|(_, o)| *o == Outcome::Sent)
        .map(|&(i, _)| i)
        .collect()
}

/// Counts of a result table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub sent: usize,
    pub failed: usize,
    pub pending: usize,
    pub no_email: usize,
}

/// Counts `outcomes` by kind.
pub fn tally(outcomes: &[(usize, Outcome)]) -> Tally {
    let mut tally = Tally::default();
    for (_, outcome) in outcomes {
        match outcome {
            Outcome::Sent => tally.sent += 1,
            Outcome::Failed(_) => tally.failed += 1,
            Outcome::Pending(_) => tally.pending += 1,
            Outcome::NoEmail => tally.no_email += 1,
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, email: Option<&str>) -> User {
        serde_json::from_value(serde_json::json!({
            "id": id, "profile": "Student", "firstName": "A", "lastName": id, "login": id,
            "email": email, "createdAt": "2025-09-01T00:00:00Z",
        }))
        .unwrap()
    }

    fn recipient(id: &str, state: &str, error: Option<&str>) -> RecipientStatus {
        RecipientStatus {
            user_id: id.into(),
            state: state.into(),
            error: error.map(Into::into),
        }
    }

    /// The server's answer for a mailing of u1..u4 where u2 had no address.
    fn status(recipients: Vec<RecipientStatus>) -> MailingStatus {
        let count = |s: &str| recipients.iter().filter(|r| r.state == s).count() as u64;
        let (sent, failed) = (count("sent"), count("failed"));
        let pending = recipients.len() as u64 - sent - failed;
        MailingStatus {
            state: if pending > 0 { "sending" } else { "partial" }.into(),
            total: recipients.len() as u64,
            sent,
            failed,
            pending,
            recipients,
        }
    }

    #[test]
    fn the_server_answer_is_read_as_it_is_sent() {
        let body = r#"{"state":"partial","total":2,"sent":1,"failed":1,"pending":0,
            "recipients":[{"userId":"a","state":"sent"},{"userId":"b","state":"failed","error":"550 5.1.1 mailbox unavailable"}]}"#;
        let status: MailingStatus = serde_json::from_str(body).unwrap();
        assert!(status.is_final());
        assert_eq!(
            status.recipients[1].error.as_deref(),
            Some("550 5.1.1 mailbox unavailable")
        );
        let created: NewMailing =
            serde_json::from_str(r#"{"mailingId":"m1","queued":2,"skippedNoEmail":3}"#).unwrap();
        assert_eq!(created.skipped_no_email, 3);
    }

    #[test]
    fn failures_count_as_done_in_the_progress_and_pending_keeps_polling() {
        let running = status(vec![
            recipient("u1", "sent", None),
            recipient("u3", "failed", Some("550")),
            recipient("u4", "queued", Some("421 try later")),
        ]);
        assert_eq!(running.progress(), (2, 3));
        assert!(!running.is_final());
        let over = status(vec![
            recipient("u1", "sent", None),
            recipient("u3", "failed", Some("550")),
        ]);
        assert_eq!(over.progress(), (2, 2));
        assert!(over.is_final());
        // Nothing queued at all (every selected account lacked an address) is over at once.
        assert!(status(vec![]).is_final());
        assert_eq!(status(vec![]).progress(), (0, 0));
    }

    #[test]
    fn outcomes_follow_the_selection_order_and_accounts_without_a_row_were_skipped() {
        let users = vec![
            user("u1", Some("a@x.fr")),
            user("u2", None),
            user("u3", Some("c@x.fr")),
            user("u4", Some("d@x.fr")),
        ];
        let answer = status(vec![
            recipient("u1", "sent", None),
            recipient("u3", "failed", Some("550 5.1.1 mailbox unavailable")),
            recipient("u4", "sending", None),
        ]);
        // Selection order differs from the server's (which is by id).
        let rows = outcomes(&users, &[3, 2, 1, 0], &answer);
        assert_eq!(
            rows,
            vec![
                (3, Outcome::Pending(None)),
                (2, Outcome::Failed("550 5.1.1 mailbox unavailable".into())),
                (1, Outcome::NoEmail),
                (0, Outcome::Sent),
            ]
        );
        assert_eq!(
            tally(&rows),
            Tally {
                sent: 1,
                failed: 1,
                pending: 1,
                no_email: 1
            }
        );
        assert_eq!(
            unreached(&rows),
            vec![2, 1],
            "failed and skipped, in selection order"
        );
    }

    #[test]
    fn the_skip_is_the_servers_word_not_the_apps_copy() {
        // The app's copy says u1 has an address, but the server (fresher) skipped it.
        let users = vec![user("u1", Some("a@x.fr"))];
        let rows = outcomes(&users, &[0], &status(vec![]));
        assert_eq!(rows, vec![(0, Outcome::NoEmail)]);
        assert_eq!(unreached(&rows), vec![0]);
    }
}
