//! Step 3's PDF once built: the link to download it with what it holds, a note when the page
//! no longer shows what the file holds, « Marquer … comme distribués » where a distribution
//! log exists ([`MarkDistributed`]), and the PDF itself ([`PdfPreview`]).

use leptos::html;
use leptos::prelude::*;
use sesame_core::pdf::PdfOptions;

use crate::components::distribution_context::DistributionContext;
use crate::components::mark_distributed::MarkDistributed;
use crate::components::pdf_preview::PdfPreview;
use crate::i18n::{use_lang, LangTexts};
use crate::worker_build::Ready;

#[component]
pub fn PdfReady(
    /// The file, with the options it was built with.
    ready: Ready<PdfOptions>,
    /// The options as the page shows them now.
    chosen_options: Signal<PdfOptions>,
    /// The result: « Générer le PDF » is disabled while building, so the focus comes here.
    result_ref: NodeRef<html::Div>,
) -> impl IntoView {
    let DistributionContext {
        to_distribute,
        source,
        ..
    } = DistributionContext::get();
    let texts = move || use_lang().get().texts();
    let Ready {
        url,
        file_name,
        letters,
        pages,
        millis,
        indices,
        kept: options,
    } = ready;
    // The selection or the options changed since: this file is not what the page now shows,
    // and says so (it stays, with its own accounts).
    let built = indices.clone();
    let stale = move || {
        let same = to_distribute.with(|now| now[..] == built[..])
            && PdfOptions {
                missing_glyphs: options.missing_glyphs,
                ..chosen_options.get()
            } == options;
        !same
    };
    view! {
        <div class="ready" tabindex="-1" node_ref=result_ref>
            // Announced to screen readers: the build ran in the background.
            <p role="status" aria-live="polite">
                <strong>{move || texts().pdf_ready}</strong>" — "
                <a data-testid="pdf-ready" href=url.clone() download=file_name.clone()>
                    {move || texts().download}{file_name.clone()}
                </a>
                {move || (texts().pdf_summary)(letters, pages, millis)}
            </p>
            {move || stale().then(|| view! {
                <p class="guidance warning" data-testid="pdf-stale">{texts().pdf_stale}</p>
            })}
            {source.has_log().then(|| view! {
                <MarkDistributed indices=indices />
            })}
            <PdfPreview url=url file_name=file_name />
        </div>
    }
}
