//! One row per account a finished mailing was sent to: name, address, state, and for a failure
//! why, in the page's language ([`sesame_core::distribution::mail_failure`]), with the mail server's own reply
//! beside.

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::distribution::mail_failure::{explain, Explained};
use sesame_core::distribution::mailing::Outcome;
use sesame_core::School;

use crate::i18n::{use_lang, LangTexts, Texts};

fn state_label(texts: &Texts, outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Sent => texts.mail_sent,
        Outcome::Failed(_) => texts.mail_failed,
        Outcome::Pending(_) => texts.mail_pending,
        Outcome::NoEmail => texts.mail_no_email,
    }
}

/// A stable word for tests and styles (`data-state`).
fn state_key(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Sent => "sent",
        Outcome::Failed(_) => "failed",
        Outcome::Pending(_) => "pending",
        Outcome::NoEmail => "no-email",
    }
}

#[component]
pub fn MailTable(
    /// The school the mailing's accounts are in.
    school: Arc<School>,
    /// Each account sent to (directory index), and what became of its message.
    rows: Vec<(usize, Outcome)>,
) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let users = school.directory.users();
    let table_rows = rows
        .iter()
        .map(|(i, outcome)| {
            let user = &users[*i];
            let name = format!("{} {}", user.last_name, user.first_name);
            let email = user.email.clone().unwrap_or_default();
            // Why it did not go, in the page's language, with the mail server's own words beside.
            let reason = match outcome {
                Outcome::Failed(reason) | Outcome::Pending(Some(reason)) => Some(explain(reason)),
                _ => None,
            };
            let reason = reason.map(|Explained { cause, server_text }| {
                view! {
                    <span class="cause">{move || cause.sentence(lang.get()).to_owned()}</span>
                    {server_text.map(|text| view! {
                        " "<span class="server-text" data-testid="mail-server-text">{text}</span>
                    })}
                }
            });
            let outcome = outcome.clone();
            let key = state_key(&outcome);
            view! {
                <tr data-testid="mail-row" data-state=key>
                    <td>{name}</td>
                    <td>{email}</td>
                    <td class=key>{move || state_label(texts(), &outcome)}</td>
                    <td class="reason">{reason}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
    <table class="mail-table">
        <thead>
            <tr>
                <th scope="col">{move || texts().col_name}</th>
                <th scope="col">{move || texts().col_email}</th>
                <th scope="col">{move || texts().col_state}</th>
                <th scope="col">{move || texts().col_reason}</th>
            </tr>
        </thead>
        <tbody>{table_rows}</tbody>
    </table>
    }
}
