//! Printing on a sheet of stickers or business cards (step 3's template): which sheet (its
//! choice is the address's `layout=`), « commencer à l’étiquette n° » for a partly used sheet,
//! and the sheet's « page de test » — the labels' outlines, the structure's calibration offset
//! applied — built in the PDF worker and offered to print on plain paper.

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::pdf::PdfOptions;
use sesame_core::{Layout, School, Selection};

use crate::browser;
use crate::components::distribution_context::DistributionContext;
use crate::i18n::{use_lang, LangTexts};
use crate::pdf_job::{self, Built, JobKind};

#[derive(Clone, PartialEq)]
enum TestPage {
    Idle,
    Ready(String),
    Failed(String),
}

#[component]
pub fn SheetChoice() -> impl IntoView {
    let context = DistributionContext::get();
    let (selection, first_label) = (context.selection, context.first_label);
    let texts = move || use_lang().get().texts();
    let layout = move || selection.get().layout;
    let set_layout = move |layout: Layout| {
        first_label.set(1);
        context.edit_selection(|s| s.layout = layout);
    };
    let test_page = RwSignal::new(TestPage::Idle);
    let build_page = Action::new_local(move |(school, options): &(Arc<School>, PdfOptions)| {
        let (school, options) = (school.clone(), options.clone());
        async move {
            let id = pdf_job::next_id();
            let built = pdf_job::build(
                id,
                JobKind::TestPage,
                &school,
                &[],
                &Selection::default(),
                options,
                false,
                |_, _| {},
            )
            .await;
            // The page may be gone by now (another template chosen): nothing to show.
            test_page.try_set(match built {
                Ok(Some(Built::Pdf { bytes, .. })) => match browser::blob_url_of(&bytes, "application/pdf") {
                    Ok(url) => TestPage::Ready(url),
                    Err(e) => TestPage::Failed(e),
                },
                Ok(_) => TestPage::Idle,
                Err(e) => TestPage::Failed(e),
            });
        }
    });
    let build_test_page = move |_| {
        let (school, layout) = (context.school.get_untracked(), selection.get_untracked().layout);
        if let TestPage::Ready(url) = test_page.get_untracked() {
            browser::revoke(&url);
        }
        test_page.set(TestPage::Idle);
        let options = PdfOptions {
            lang: context.letter_lang.get_untracked(),
            ..PdfOptions::with_layout(layout)
        };
        build_page.dispatch((school, options));
    };
    let per_page = move || layout().per_page();

    view! {
        <label class="check">
            <input type="radio" name="layout" data-testid="layout-sheets"
                prop:checked=move || layout().is_sheet()
                on:change=move |_| set_layout(Layout::L7160) />
            {move || texts().layout_sheet}
        </label>
        {move || layout().is_sheet().then(|| view! {
            <div class="sheet-options">
                <select data-testid="layout-sheet" aria-label=move || texts().layout_sheet
                    prop:value=move || layout().query_word()
                    on:change=move |ev| {
                        if let Some(l) = Layout::from_query(&event_target_value(&ev)) {
                            set_layout(l);
                        }
                    }>
                    // The reference only, so the closed list shows it whole; what the sheet is, below.
                    {Layout::SHEETS.into_iter().map(|l| view! {
                        <option value=l.query_word()>{move || (use_lang().get().distribution().sheet_name)(l)}</option>
                    }).collect_view()}
                </select>
                <span class="hint" data-testid="sheet-geometry">
                    {move || (use_lang().get().distribution().sheet_geometry)(layout())}
                </span>
                <label for="first-label">{move || texts().first_label}</label>
                <input id="first-label" type="number" min="1" max=per_page data-testid="first-label"
                    prop:value=move || first_label.get().to_string()
                    on:change=move |ev| {
                        let n = event_target_value(&ev).trim().parse::<usize>().unwrap_or(1);
                        first_label.set(n.clamp(1, per_page()));
                    } />
                <p>
                    <button type="button" data-testid="test-page"
                        disabled=build_page.pending()
                        on:click=build_test_page>{move || texts().test_page}</button>
                    " "
                    {move || match test_page.get() {
                        TestPage::Ready(url) => view! {
                            <span role="status">{texts().test_page_ready}
                                <a data-testid="test-page-ready" href=url
                                    download=format!("page-de-test-{}.pdf", layout().query_word())>
                                    {texts().download}{format!("page-de-test-{}.pdf", layout().query_word())}
                                </a>
                            </span>
                        }.into_any(),
                        TestPage::Failed(message) => view! {
                            <span class="error" role="alert" data-testid="error">{message}</span>
                        }.into_any(),
                        _ => ().into_any(),
                    }}
                </p>
                <p class="hint">{move || texts().test_page_hint}</p>
            </div>
        })}
    }
}
