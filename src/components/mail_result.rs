//! The result of a finished mailing: counts, one row per account sent (name, address, state, and
//! for a failure why, in the page's language — [`sesame_core::distribution::mail_failure`] — with the mail
//! server's own reply beside), "Relancer les échecs", and "PDF de ceux qui n'ont pas
//! été joints" — the letters of the failed and skipped accounts, built here in the browser with
//! the same machinery as the main PDF ([`crate::pdf_job`], in a Web Worker).
//!
//! Who is in that PDF is [`sesame_core::distribution::mailing::unreached`]'s decision, tested natively. The PDF
//! uses the selection's layout and sort with default options, in the letters' language chosen in
//! step 3; a character no font covers makes it fail with the list (the main "Générer le PDF"
//! offers to print anyway). As for the main PDF, building it records nothing: « Marquer … comme
//! distribués » does.

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::distribution::mail_failure::{explain, Explained};
use sesame_core::distribution::mailing::{outcomes, tally, unreached, MailingStatus, Outcome};
use sesame_core::pdf::{file_name, PdfOptions};
use sesame_core::{Lang, School, Selection};

use crate::browser;
use crate::components::distribution_context::DistributionContext;
use crate::components::mark_distributed::MarkDistributed;
use crate::i18n::{use_lang, LangTexts, Texts};
use crate::mail_run::MailRun;
use crate::pdf_job::{self, Built};

/// The PDF of those not reached.
#[derive(Clone, Debug, PartialEq)]
enum Pdf {
    Idle,
    Building,
    Ready { url: String, file_name: String },
    Failed(String),
}

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
pub fn MailResult(
    run: MailRun,
    /// The final answer of the server for `run`.
    status: MailingStatus,
    busy: Signal<bool>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let DistributionContext {
        school, letter_lang, ..
    } = DistributionContext::get();
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let shown = school.get_untracked();
    let rows = outcomes(shown.directory.users(), &run.indices, &status);
    let counts = tally(&rows);
    let not_reached = Arc::new(unreached(&rows));
    let not_reached_marked = not_reached.clone();
    let pdf = RwSignal::new(Pdf::Idle);
    on_cleanup(move || {
        if let Some(Pdf::Ready { url, .. }) = pdf.try_get_untracked() {
            browser::revoke(&url);
        }
    });

    // The letters of those not reached, in `lang`, built in the PDF worker.
    let build_pdf = Action::new_local(
        move |(school, indices, selection, lang): &(Arc<School>, Arc<Vec<usize>>, Selection, Lang)| {
            let (school, indices, selection, lang) =
                (school.clone(), indices.clone(), selection.clone(), *lang);
            async move {
                let built = async {
                    let options = PdfOptions {
                        lang,
                        ..PdfOptions::for_selection(&selection)
                    };
                    let id = pdf_job::next_id();
                    match pdf_job::build(
                        id,
                        pdf_job::JobKind::Letters,
                        &school,
                        &indices,
                        &selection,
                        options,
                        false,
                        |_, _| {},
                    )
                    .await?
                    {
                        Some(Built::Pdf { bytes, .. }) => browser::blob_url_of(&bytes, "application/pdf"),
                        // Not asked for (no preflight), and never cancelled.
                        Some(Built::Missing(_)) | None => Err("annulé".to_owned()),
                    }
                }
                .await;
                match built {
                    Ok(url) => {
                        pdf.try_set(Pdf::Ready {
                            url,
                            file_name: file_name(&school.structure.name, None, &browser::today()),
                        });
                    }
                    Err(e) => {
                        pdf.try_set(Pdf::Failed(e.to_string()));
                    }
                }
            }
        },
    );
    let make_pdf = {
        let not_reached = not_reached.clone();
        let selection = run.selection.clone();
        move |_| {
            if let Pdf::Ready { url, .. } = pdf.get_untracked() {
                browser::revoke(&url);
            }
            pdf.set(Pdf::Building);
            build_pdf.dispatch((
                school.get_untracked(),
                not_reached.clone(),
                selection.clone(),
                letter_lang.get_untracked(),
            ));
        }
    };

    let users = shown.directory.users();
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
        <div class="mail-result" data-testid="mail-result">
            <h3>{move || texts().mail_result_heading}</h3>
            <p class="counts" role="status">
                {move || texts().mail_sent}{move || lang.get().distribution().colon}<strong data-testid="mail-sent-count">{counts.sent}</strong>
                " · "{move || texts().mail_failed}{move || lang.get().distribution().colon}<strong data-testid="mail-failed-count">{counts.failed}</strong>
                " · "{move || texts().mail_no_email}{move || lang.get().distribution().colon}<strong data-testid="mail-skipped-count">{counts.no_email}</strong>
            </p>
            <div class="actions">
                {(counts.failed > 0).then(|| view! {
                    <button type="button" data-testid="mail-retry" disabled=move || busy.get()
                        on:click=move |_| on_retry.run(())>
                        {move || texts().mail_retry}
                    </button>
                })}
                {if not_reached.is_empty() {
                    view! { <p>{move || texts().mail_everyone_reached}</p> }.into_any()
                } else {
                    view! {
                        <button type="button" data-testid="mail-unreached-pdf"
                            disabled=move || pdf.get() == Pdf::Building
                            on:click=make_pdf>
                            {move || texts().mail_unreached_pdf}{format!(" ({})", not_reached.len())}
                        </button>
                    }.into_any()
                }}
                {move || match pdf.get() {
                    Pdf::Idle => ().into_any(),
                    Pdf::Building => view! { <span aria-busy="true">{texts().loading}</span> }.into_any(),
                    Pdf::Ready { url, file_name } => view! {
                        <a data-testid="mail-pdf-ready" href=url download=file_name>{texts().mail_unreached_ready}</a>
                        <MarkDistributed indices=not_reached_marked.clone() />
                    }.into_any(),
                    Pdf::Failed(message) => view! {
                        <p class="error" role="alert" data-testid="error">{message}</p>
                    }.into_any(),
                }}
            </div>
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
        </div>
    }
}
