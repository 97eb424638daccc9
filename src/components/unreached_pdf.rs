//! « PDF de ceux qui n'ont pas été joints », under a finished mailing: the letters of the
//! failed and skipped accounts, built here in the browser with the same machinery as the main
//! PDF ([`crate::pdf_job`], in a Web Worker), then « Marquer … comme distribués »
//! ([`MarkDistributed`]) under the file.
//!
//! Who is in that PDF is [`sesame_core::distribution::mailing::unreached`]'s decision, tested
//! natively. The PDF uses the selection's layout and sort with default options, in the letters'
//! language chosen in step 3; a character no font covers makes it fail with the list (the main
//! "Générer le PDF" offers to print anyway). As for the main PDF, building it records nothing.

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::pdf::{file_name, PdfOptions};
use sesame_core::{Lang, School, Selection};

use crate::browser;
use crate::components::distribution_context::DistributionContext;
use crate::components::mark_distributed::MarkDistributed;
use crate::i18n::{use_lang, LangTexts};
use crate::pdf_job::{self, Built};

/// The PDF of those not reached.
#[derive(Clone, Debug, PartialEq)]
enum Pdf {
    Idle,
    Ready { url: String, file_name: String },
    Failed(String),
}

#[component]
pub fn UnreachedPdf(
    /// The accounts the mailing did not reach, in order.
    not_reached: Arc<Vec<usize>>,
    /// The selection the mailing came from (its layout and sort).
    selection: Selection,
) -> impl IntoView {
    let DistributionContext {
        school, letter_lang, ..
    } = DistributionContext::get();
    let texts = move || use_lang().get().texts();
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
        move |_| {
            if let Pdf::Ready { url, .. } = pdf.get_untracked() {
                browser::revoke(&url);
            }
            pdf.set(Pdf::Idle);
            build_pdf.dispatch((
                school.get_untracked(),
                not_reached.clone(),
                selection.clone(),
                letter_lang.get_untracked(),
            ));
        }
    };

    let building = build_pdf.pending();

    view! {
        {if not_reached.is_empty() {
            view! { <p>{move || texts().mail_everyone_reached}</p> }.into_any()
        } else {
            view! {
                <button type="button" data-testid="mail-unreached-pdf"
                    disabled=building
                    on:click=make_pdf>
                    {move || texts().mail_unreached_pdf}{format!(" ({})", not_reached.len())}
                </button>
            }.into_any()
        }}
        {move || match pdf.get() {
            _ if building.get() => view! { <span aria-busy="true">{texts().loading}</span> }.into_any(),
            Pdf::Idle => ().into_any(),
            Pdf::Ready { url, file_name } => view! {
                <a data-testid="mail-pdf-ready" href=url download=file_name>{texts().mail_unreached_ready}</a>
                <MarkDistributed indices=not_reached_marked.clone() />
            }.into_any(),
            Pdf::Failed(message) => view! {
                <p class="error" role="alert" data-testid="error">{message}</p>
            }.into_any(),
        }}
    }
}
