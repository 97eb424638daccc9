//! The preview of a built PDF under its download link: the PDF itself in an `<iframe>` where the
//! browser shows PDFs inside a page, else a sentence saying so with the download link again —
//! never an empty box (WebKitGTK, some iPads and locked-down Firefox set-ups have no inline
//! viewer, and an `<iframe>` of the PDF stays blank there).

use leptos::prelude::*;

use crate::browser;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn PdfPreview(url: String, file_name: String) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    if browser::shows_pdf_inline() {
        view! {
            <iframe class="preview" data-testid="pdf-preview" src=url title=move || texts().pdf_preview_title></iframe>
        }
        .into_any()
    } else {
        view! {
            <p class="hint" data-testid="pdf-preview">
                {move || texts().pdf_preview_unavailable}
                <a href=url download=file_name.clone()>{file_name.clone()}</a>
            </p>
        }
        .into_any()
    }
}
