//! The *Distribution* step: the order of the letters (« Par : Aucun / Profil / Classe — Puis
//! par : … », then by name), the template (1, 2 or 8 per page), options, the letters' language,
//! or a sheet of stickers or cards ([`SheetChoice`]), then "Générer le PDF" — built here in the browser (in a Web Worker, [`pdf_job`]), with a
//! progress bar and a cancel button, previewed inline and offered for download. Characters no
//! font can print are listed first, with the accounts concerned, and the administrator decides.
//!
//! Building a PDF records nothing: it may be a mere preview. Once the letters are printed the
//! administrator says so with « Marquer ces N comptes comme distribués » ([`MarkDistributed`]),
//! and only ids reach the server. Below, « Un PDF par classe » ([`ClassZip`]) and « Exporter en
//! CSV » ([`CsvExport`]) hand out the same accounts otherwise, and "Envoyer par courriel"
//! ([`SendMail`]) sends them, in the same order — for a teacher, only where the school lets
//! teachers e-mail.
//!
//! What is printed or sent is `to_distribute`: the selection, or only its ticked accounts.
//!
//! From a file opened in local mode ([`Source::LocalFile`]) there is neither log nor e-mail:
//! both go through the server, and nothing there leaves the browser. The PDF is the same, and
//! step 3 says why e-mail is not offered.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::access::{mail_offer, MailOffer};
use sesame_core::directory::ColumnSort;
use sesame_core::guidance::{advice_applied, pupils_advice};
use sesame_core::pdf::{file_name, MissingGlyphs, PdfOptions, QrCode};
use sesame_core::selection::PrintChoices;
use sesame_core::{Lang, Layout, School, Selection, Sort, SortKey};

use crate::browser;
use crate::components::class_zip::ClassZip;
use crate::components::csv_export::CsvExport;
use crate::components::mail::SendMail;
use crate::components::mark_distributed::MarkDistributed;
use crate::components::pdf_preview::PdfPreview;
use crate::components::sheet_choice::SheetChoice;
use crate::components::source::Source;
use crate::i18n::{use_lang, LangTexts, Texts};
use crate::pdf_job;
use crate::worker_build::{BuildRequest, BuildState, Ready, WorkerBuild};

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
pub fn Distribute(
    school: Signal<Arc<School>>,
    /// The whole selection, in order.
    selected: Memo<Vec<usize>>,
    /// What is printed or sent: the selection, or its ticked accounts only.
    to_distribute: Memo<Vec<usize>>,
    picked: RwSignal<HashSet<usize>>,
    selection: Signal<Selection>,
    on_change: Callback<(Selection, bool)>,
    /// The table's column sort, when the administrator clicked one (letters keep this order).
    column_sort: Signal<Option<ColumnSort>>,
    /// The server (its log and e-mail), or a file opened in this browser.
    source: Source,
) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    // The table is drawn with this step: while the administrator chooses, the PDF worker and
    // its fonts can come, so that « Générer le PDF » does not wait for them.
    pdf_job::warm_up_when_idle();
    // Step 3's options live in the address with the selection (a reload or a bookmark keeps
    // them); the letters are French unless the administrator chooses otherwise, whatever the
    // interface's language.
    let print = Memo::new(move |_| selection.with(|s| s.print));
    let set_print = move |f: &dyn Fn(&mut PrintChoices)| {
        let mut next = selection.get_untracked();
        f(&mut next.print);
        on_change.run((next, false));
    };
    let letter_lang = Signal::derive(move || print.get().letter_lang);
    let first_label = RwSignal::new(1usize);
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
    let session = match source {
        Source::Server(session) => Some(session),
        Source::LocalFile => None,
    };
    let mail_enabled = Signal::derive(move || {
        session.is_some_and(|session| session.with(|s| s.as_ref().is_some_and(|s| s.mail_enabled)))
    });
    // Whether « Envoyer par courriel » is shown at all: a teacher sees it only where the school
    // lets teachers e-mail (core's `mail_offer`).
    let mail_shown = Memo::new(move |_| {
        session.is_some_and(|session| {
            session.with(|s| {
                s.as_ref().is_some_and(|s| {
                    school.with(|school| {
                        mail_offer(s.role, s.mail_enabled, &school.structure.letter_settings)
                            != MailOffer::Hidden
                    })
                })
            })
        })
    });

    let set_sort = move |first: Option<SortKey>, then: Option<SortKey>| {
        let mut next = selection.get_untracked();
        next.sort = Sort {
            first: first.unwrap_or(next.sort.first),
            then: then.unwrap_or(next.sort.then),
        };
        on_change.run((next, false));
    };
    let set_layout = move |layout: Layout| {
        let mut next = selection.get_untracked();
        next.layout = layout;
        on_change.run((next, false));
    };
    let apply_advice = move |_| on_change.run((pupils_advice(&selection.get_untracked()), false));
    let advice_followed = Memo::new(move |_| selection.with(advice_applied));

    // The options as the page shows them now (tracked: the stale-PDF note follows them).
    let chosen_options = move || PdfOptions {
        first_label: first_label.get(),
        ..PdfOptions::for_selection(&selection.get())
    };
    let generate = move |print_missing: bool| {
        let (school, indices) = (school.get_untracked(), to_distribute.get_untracked());
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

    let layout_radio = move |layout: Layout, label: fn(&Texts) -> &'static str| {
        view! {
            <label class="check">
                <input type="radio" name="layout" data-testid=format!("layout-{}", layout.per_page())
                    prop:checked=move || selection.get().layout == layout
                    on:change=move |_| set_layout(layout) />
                {move || label(texts())}
            </label>
        }
    };
    let sort_options = move || {
        SortKey::ALL
            .into_iter()
            .map(|key| {
                let label = move || match key {
                    SortKey::None => texts().sort_none,
                    SortKey::Profile => texts().sort_profile,
                    SortKey::Class => texts().sort_class,
                };
                view! { <option value=key.query_word()>{label}</option> }
            })
            .collect_view()
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
            <fieldset class="field">
                <legend>{move || texts().sort_heading}</legend>
                <div class="sort-choice">
                    <label for="sort-first">{move || texts().sort_by}</label>
                    <select id="sort-first" data-testid="sort-first"
                        prop:value=move || selection.get().sort.first.query_word()
                        on:change=move |ev| set_sort(SortKey::from_query(&event_target_value(&ev)), None)>
                        {sort_options()}
                    </select>
                    <label for="sort-then">{move || texts().then_by}</label>
                    <select id="sort-then" data-testid="sort-then"
                        prop:value=move || selection.get().sort.then.query_word()
                        on:change=move |ev| set_sort(None, SortKey::from_query(&event_target_value(&ev)))>
                        {sort_options()}
                    </select>
                </div>
                <p class="hint">{move || texts().sort_hint}</p>
                {move || column_sort.get().map(|_| view! {
                    <p class="hint" data-testid="column-sort-note">{texts().column_sort_in_step3}</p>
                })}
            </fieldset>
            <fieldset class="field">
                <legend>{move || texts().template}</legend>
                {layout_radio(Layout::One, |t| t.layout_one)}
                {layout_radio(Layout::Two, |t| t.layout_two)}
                {layout_radio(Layout::Eight, |t| t.layout_eight)}
                <SheetChoice school=school selection=selection on_change=on_change first_label=first_label
                    letter_lang=letter_lang />
            </fieldset>
            <fieldset class="field">
                <legend>"Options"</legend>
                <label class="check"><input type="checkbox" data-testid="new-page-per-group"
                    prop:checked=move || print.get().new_page_per_group
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set_print(&|p| p.new_page_per_group = on);
                    } />
                    {move || texts().new_page_per_group}</label>
                <label class="check"><input type="checkbox" data-testid="sign-off-sheets"
                    prop:checked=move || print.get().sign_off_sheets
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set_print(&|p| p.sign_off_sheets = on);
                    } />
                    {move || texts().sign_off_sheets}</label>
                <label class="check"><input type="checkbox" data-testid="qr"
                    // A sheet's labels print no QR code: not offered there, and said why.
                    disabled=move || !selection.with(|s| s.layout.prints_qr())
                    aria-describedby=move || (!selection.with(|s| s.layout.prints_qr())).then_some("qr-none")
                    prop:checked=move || print.get().qr.is_printed() && selection.with(|s| s.layout.prints_qr())
                    // Unticked, the code goes too: it goes only in a QR code that is printed.
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set_print(&|p| p.qr = QrCode::from_choices(on, false));
                    } />
                    {move || texts().qr_activation}</label>
                <label class="check nested"><input type="checkbox" data-testid="qr-code"
                    disabled=move || !print.get().qr.is_printed() || !selection.with(|s| s.layout.prints_qr())
                    prop:checked=move || print.get().qr == QrCode::AddressAndCode && selection.with(|s| s.layout.prints_qr())
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        set_print(&|p| p.qr = QrCode::from_choices(true, on));
                    } />
                    {move || texts().qr_includes_code}</label>
                {move || (!selection.with(|s| s.layout.prints_qr())).then(|| view! {
                    <p class="hint" id="qr-none" data-testid="qr-none">{use_lang().get().distribution().qr_not_on_sheets}</p>
                })}
                <label for="letter-lang">{move || texts().letter_lang_label}</label>
                <select id="letter-lang" data-testid="letter-lang"
                    on:change=move |ev| {
                        let lang = if event_target_value(&ev) == "en" { Lang::En } else { Lang::Fr };
                        set_print(&|p| p.letter_lang = lang);
                    }>
                    <option value="fr" prop:selected=move || print.get().letter_lang == Lang::Fr>"Français"</option>
                    <option value="en" prop:selected=move || print.get().letter_lang == Lang::En>"English"</option>
                </select>
            </fieldset>
            <p class="guidance">
                {move || texts().pupils_tip}" "
                {move || if advice_followed.get() {
                    view! { <span data-testid="advice-applied">{use_lang().get().distribution().advice_applied}</span> }.into_any()
                } else {
                    view! {
                        <button type="button" class="link" data-testid="apply-advice" on:click=apply_advice>
                            {move || texts().apply_advice}
                        </button>
                    }.into_any()
                }}
            </p>
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
            {move || match build.state.get() {
                BuildState::Idle => ().into_any(),
                BuildState::Running { done, total } => view! {
                    <div class="progress" role="status" tabindex="-1" node_ref=progress_ref>
                        <progress data-testid="pdf-progress" max=total.max(1) value=done></progress>
                        <span>{format!("{done} / {total}")}</span>
                        <button type="button" on:click=move |_| build.cancel()>
                            {move || texts().cancel}
                        </button>
                    </div>
                }.into_any(),
                BuildState::Missing(missing) => view! {
                    <div class="error" role="alert" data-testid="error">
                        <p>{move || texts().cannot_print}</p>
                        <ul>{missing.iter().map(|m| view! { <li>{m.to_string()}</li> }).collect_view()}</ul>
                        <button type="button" data-testid="pdf-print-anyway" on:click=move |_| generate(true)>
                            {move || texts().print_anyway}
                        </button>
                    </div>
                }.into_any(),
                BuildState::Failed(message) => view! {
                    <p class="error" role="alert" data-testid="error">{message}</p>
                }.into_any(),
                BuildState::Ready(Ready { url, file_name, letters, pages, millis, indices, kept: options }) => view! {
                    <div class="ready" tabindex="-1" node_ref=result_ref>
                        // Announced to screen readers: the build ran in the background.
                        <p role="status" aria-live="polite">
                            <strong>{move || texts().pdf_ready}</strong>" — "
                            <a data-testid="pdf-ready" href=url.clone() download=file_name.clone()>
                                {move || texts().download}{file_name.clone()}
                            </a>
                            {move || (texts().pdf_summary)(letters, pages, millis)}
                        </p>
                        {
                            // The selection or the options changed since: this file is not what
                            // the page now shows, and says so (it stays, with its own accounts).
                            let built = indices.clone();
                            move || {
                                let same = to_distribute.with(|now| now[..] == built[..])
                                    && PdfOptions { missing_glyphs: options.missing_glyphs, ..chosen_options() } == options;
                                (!same).then(|| view! {
                                    <p class="guidance warning" data-testid="pdf-stale">{texts().pdf_stale}</p>
                                })
                            }
                        }
                        {source.has_log().then(|| view! {
                            <MarkDistributed school=school indices=indices />
                        })}
                        <PdfPreview url=url file_name=file_name />
                    </div>
                }.into_any(),
            }}
            <ClassZip school=school to_distribute=to_distribute selection=selection
                options=Callback::new(move |_print_missing: bool| untrack(chosen_options))
                has_log=source.has_log() />
            <CsvExport school=school to_distribute=to_distribute has_log=source.has_log() />
            {match source {
                Source::Server(_) => (move || mail_shown.get().then(|| view! {
                    <SendMail school=school selected=to_distribute selection=selection
                        mail_enabled=mail_enabled letter_lang=letter_lang />
                })).into_any(),
                Source::LocalFile => view! {
                    <p class="hint" data-testid="mail-local">{move || texts().mail_local}</p>
                }.into_any(),
            }}
        </div>
    }
}
