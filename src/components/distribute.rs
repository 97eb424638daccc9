//! The *Distribution* step: the order of the letters ([`SortChoice`]), the template or a sheet
//! ([`LayoutChoice`]), the options and the letters' language ([`PrintOptions`]), then « Générer
//! le PDF » — built in the browser, in the PDF worker ([`WorkerBuild`]), with a progress bar and a
//! cancel button ([`BuildStatus`]), previewed inline and offered for download. Characters no
//! font can print are listed first, with the accounts concerned, and the administrator decides.
//!
//! Building a PDF records nothing: it may be a mere preview. Once the letters are printed the
//! administrator says so with « Marquer ces N comptes comme distribués »
//! ([`MarkDistributed`](crate::components::mark_distributed::MarkDistributed)), and only ids reach
//! the server. Below, « Un PDF par classe » ([`ClassZip`]) and « Exporter en CSV » ([`CsvExport`])
//! hand out the same accounts otherwise, and "Envoyer par courriel"
//! ([`SendMail`](crate::components::mail::SendMail)) sends them, in the same order — for a teacher,
//! only where the school lets teachers e-mail.
//!
//! What is printed or sent is `to_distribute`: the selection, or only its ticked accounts.
//!
//! From a file opened in local mode
//! ([`Source::LocalFile`](crate::components::source::Source::LocalFile)) there is neither log nor
//! e-mail: both go through the server, and nothing there leaves the browser. The PDF is the same,
//! and step 3 says why e-mail is not offered.

use leptos::prelude::*;
use sesame_core::pdf::{file_name, MissingGlyphs, PdfOptions};
use sesame_core::{School, Selection};

use crate::browser;
use crate::components::build_status::BuildStatus;
use crate::components::class_zip::ClassZip;
use crate::components::csv_export::CsvExport;
use crate::components::distribution_context::DistributionContext;
use crate::components::layout_choice::LayoutChoice;
use crate::components::mail_step::MailStep;
use crate::components::pdf_ready::PdfReady;
use crate::components::print_options::PrintOptions;
use crate::components::pupils_advice::PupilsAdvice;
use crate::components::sort_choice::SortChoice;
use crate::i18n::{use_lang, LangTexts};
use crate::pdf_job;
use crate::worker_build::{BuildRequest, BuildState, WorkerBuild};

/// The name of the one class `selection` selects, if it selects exactly one (a teacher's pile:
/// the file is named after it).
fn single_class<'a>(school: &'a School, selection: &Selection) -> Option<&'a str> {
    let mut classes = selection.classes.iter();
    let (Some(id), None) = (classes.next(), classes.next()) else {
        return None;
    };
    school
        .directory
        .classes()
        .iter()
        .find(|c| &c.id == id)
        .map(|c| c.name.as_str())
}

#[component]
pub fn Distribute() -> impl IntoView {
    let context = DistributionContext::get();
    let DistributionContext {
        selected,
        to_distribute,
        picked,
        selection,
        first_label,
        ..
    } = context;
    let lang = use_lang();
    let texts = move || lang.get().texts();
    // The table is drawn with this step: while the administrator chooses, the PDF worker and
    // its fonts can come, so that « Générer le PDF » does not wait for them.
    pdf_job::warm_up_when_idle();
    let build = WorkerBuild::<PdfOptions>::new();
    // « Générer le PDF » is disabled while building, so the focus leaves it: it goes to the
    // progress, then to the result, as they appear.
    let progress_ref = NodeRef::<leptos::html::Div>::new();
    let result_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(progress) = progress_ref.get() {
            browser::focus_if_lost(&progress);
        }
        if let Some(result) = result_ref.get() {
            browser::focus_if_lost(&result);
        }
    });
    // The options as the page shows them now (tracked: the stale-PDF note follows them).
    let chosen_options = move || PdfOptions {
        first_label: first_label.get(),
        ..PdfOptions::for_selection(&selection.get())
    };
    let generate = move |print_missing: bool| {
        let (school, indices) = context.to_distribute_now();
        if indices.is_empty() {
            return;
        }
        let selection = selection.get_untracked();
        let options = PdfOptions {
            missing_glyphs: if print_missing {
                MissingGlyphs::Print
            } else {
                MissingGlyphs::Refuse
            },
            ..untrack(chosen_options)
        };
        let file_name = file_name(
            &school.structure.name,
            single_class(&school, &selection),
            &browser::today(),
        );
        let job = BuildRequest {
            kind: pdf_job::JobKind::Letters,
            school,
            indices,
            selection,
            options: options.clone(),
            preflight: !print_missing,
            mime: "application/pdf",
            file_name,
        };
        build.start(job, options);
    };

    // How many of the selection are ticked, when any is: step 3 says it works on those only.
    let picked_only = move || {
        let (ticked, of) = (to_distribute.with(Vec::len), selected.with(Vec::len));
        picked.with(|p| !p.is_empty()).then_some((ticked, of))
    };

    view! {
        <div class="distribute">
            {move || picked_only().map(|(ticked, of)| view! {
                <p class="guidance" data-testid="picked-only">{(texts().picked_only)(ticked, of)}</p>
            })}
            <SortChoice />
            <LayoutChoice />
            <PrintOptions />
            <PupilsAdvice />
            <div class="actions">
                <button type="button" class="primary" data-testid="generate-pdf"
                    disabled=move || build.running()
                        || to_distribute.with(Vec::is_empty)
                    on:click=move |_| generate(false)>
                    {move || texts().generate_pdf}
                </button>
                {move || to_distribute.with(Vec::is_empty).then(|| view! {
                    " "<span class="hint" data-testid="nothing-selected">{texts().nothing_selected}</span>
                })}
            </div>
            <BuildStatus job=build name="pdf" on_print_anyway=Callback::new(move |()| generate(true))
                progress_ref=progress_ref />
            {move || match build.state.get() {
                BuildState::Ready(ready) => view! {
                    <PdfReady ready=ready chosen_options=Signal::derive(chosen_options) result_ref=result_ref />
                }.into_any(),
                _ => ().into_any(),
            }}
            <ClassZip options=Callback::new(move |_print_missing: bool| untrack(chosen_options)) />
            <CsvExport />
            <MailStep />
        </div>
    }
}
