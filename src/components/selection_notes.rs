//! Next to the counts, what the administrator should know about the selection before printing,
//! each with a button that leaves those accounts out (core's [`guidance`] decides both):
//!
//! - accounts that sign in with an outside account (academic account, EduConnect,
//!   FranceConnect) and so need no letter — which profiles do is the structure's setting;
//! - blocked accounts, whose letters are of no use until the ENT unblocks them.
//!
//! [`guidance`]: sesame_core::distribution::guidance

use leptos::prelude::*;
use sesame_core::distribution::guidance::{external_among, without_blocked, without_external};
use sesame_core::Selection;

use crate::browser;
use crate::components::distribution_context::DistributionContext;
use crate::i18n::{use_lang, LangTexts};

/// One note: its text, and the narrower selection its button leads to (none when leaving those
/// accounts out would select no one).
fn note(
    testid: &'static str,
    warning: bool,
    text: String,
    leave_out: Option<(&'static str, &'static str, Selection)>,
    on_change: Callback<(Selection, bool)>,
) -> impl IntoView {
    view! {
        <p class=if warning { "guidance warning" } else { "guidance" } data-testid=testid>
            {text}
            {leave_out.map(|(button_testid, label, next)| view! {
                " "<button type="button" class="link" data-testid=button_testid
                    on:click=move |_| {
                        // This note goes away with those accounts: the focus goes on to step 2.
                        if let Some(heading) = browser::element_by_id("step-check") {
                            let _ = heading.focus();
                        }
                        on_change.run((next.clone(), false))
                    }>
                    {label}
                </button>
            })}
        </p>
    }
}

#[component]
pub fn SelectionNotes() -> impl IntoView {
    let DistributionContext {
        school,
        selected,
        selection,
        on_change,
        ..
    } = DistributionContext::get();
    let lang = use_lang();
    let external = Memo::new(move |_| {
        school.with(|school| {
            let counts = selected.with(|s| school.directory.profile_counts(s));
            external_among(counts, &school.structure.letter_settings.external_sign_in)
        })
    });
    let blocked =
        Memo::new(move |_| school.with(|school| selected.with(|s| school.directory.counts(s).blocked)));
    view! {
        {move || external.get().map(|found| {
            let lang = lang.get();
            let texts = lang.texts();
            let details = found
                .profiles
                .iter()
                .map(|&(profile, n)| format!("{}{}{n}", lang.profile(profile), lang.distribution().colon))
                .collect::<Vec<_>>()
                .join(" · ");
            let next = school.with(|school| {
                selection.with(|s| without_external(s, &school.structure.letter_settings.external_sign_in))
            });
            note(
                "external-sign-in",
                false,
                format!("{} ({details}).", texts.external_sign_in),
                next.map(|next| ("leave-out-external", texts.leave_them_out, next)),
                on_change,
            )
        })}
        {move || (blocked.get() > 0).then(|| {
            let texts = lang.get().texts();
            note(
                "blocked-note",
                true,
                (texts.blocked_note)(blocked.get()),
                selection.with(without_blocked).map(|next| ("leave-out-blocked", texts.leave_blocked_out, next)),
                on_change,
            )
        })}
    }
}
