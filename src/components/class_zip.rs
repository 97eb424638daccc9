//! « Un PDF par classe »: one PDF per class (or per group of the chosen sort), each with its
//! cover sheet and sign-off sheet, in a ZIP built in the PDF worker with progress and cancel,
//! offered for download. As for the single PDF, building records nothing: the administrator
//! marks the accounts as distributed once the piles are handed out ([`MarkDistributed`],
//! channel `pdf`), and only ids reach the server.

use leptos::prelude::*;
use sesame_core::pdf::{zip_file_name, MissingGlyphs, PdfOptions};

use crate::browser;
use crate::components::build_status::BuildStatus;
use crate::components::distribution_context::DistributionContext;
use crate::components::mark_distributed::MarkDistributed;
use crate::i18n::{use_lang, LangTexts};
use crate::pdf_job::JobKind;
use crate::worker_build::{BuildRequest, BuildState, Ready, WorkerBuild};

#[component]
pub fn ClassZip(
    /// The single PDF's options (layout, QR code, language…), `true` to print missing characters.
    options: Callback<bool, PdfOptions>,
) -> impl IntoView {
    let context = DistributionContext::get();
    let (to_distribute, selection) = (context.to_distribute, context.selection);
    let has_log = context.source.has_log();
    let texts = move || use_lang().get().texts();
    let build = WorkerBuild::<()>::new();
    let generate = move |print_missing: bool| {
        let (school, indices) = context.to_distribute_now();
        if indices.is_empty() {
            return;
        }
        let mut options = options.run(print_missing);
        options.missing_glyphs = if print_missing {
            MissingGlyphs::Print
        } else {
            MissingGlyphs::Refuse
        };
        options.cover_date = chrono::NaiveDate::parse_from_str(&browser::today(), "%Y-%m-%d").ok();
        let file_name = zip_file_name(&school.structure.name, &browser::today());
        let job = BuildRequest {
            kind: JobKind::ClassZip,
            school,
            indices,
            selection: selection.get_untracked(),
            options,
            preflight: !print_missing,
            mime: "application/zip",
            file_name,
        };
        build.start(job, ());
    };

    view! {
        <div class="class-zip">
            <p>
                <button type="button" data-testid="generate-zip"
                    disabled=move || build.running() || to_distribute.with(Vec::is_empty)
                    on:click=move |_| generate(false)>
                    {move || texts().generate_zip}
                </button>
                " "<span class="hint">{move || texts().zip_hint}</span>
            </p>
            <BuildStatus job=build name="zip" on_print_anyway=Callback::new(move |()| generate(true)) />
            {move || match build.state.get() {
                BuildState::Ready(Ready { url, file_name, letters, pages: files, millis, indices, .. }) => view! {
                    <div class="ready">
                        <p role="status" aria-live="polite">
                            <strong>{move || texts().zip_ready}</strong>" — "
                            <a data-testid="zip-ready" href=url download=file_name.clone()>
                                {move || texts().download}{file_name.clone()}
                            </a>
                            {move || (texts().zip_summary)(letters, files, millis)}
                        </p>
                        {has_log.then(|| view! { <MarkDistributed indices=indices /> })}
                    </div>
                }.into_any(),
                _ => ().into_any(),
            }}
        </div>
    }
}
