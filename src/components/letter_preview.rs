//! A live preview of one letter, in HTML, while the administrator edits the letter settings,
//! for each template: the full letter (1 per page, or an A5 half for 2 per page) and the card
//! of 8 per page, which prints the help text too, shortened when it is long.
//!
//! It shows the same words the PDF prints — both come from core's [`letter`](sesame_core::letter)
//! module — for a fictional pupil, so the administrator sees their ENT name, addresses and help
//! text in place before saving. The exact page layout is the PDF's; this is about the wording (the
//! card's help text is cut after two lines, as the card cuts it with « … »).

use chrono::{TimeZone, Utc};
use leptos::prelude::*;
use sesame_core::letter::{boilerplate_as_typed, card_text_as_typed, recipient_as_typed, Recipient};
use sesame_core::{ClassRef, Lang, Layout, Profile, Structure, User};

use crate::i18n::use_lang;

/// The fictional pupil of the preview: clearly not a real account.
fn sample_pupil(activated: bool) -> User {
    User {
        id: "exemple".into(),
        profile: Profile::Student,
        first_name: "Zoé".into(),
        last_name: "Exemple".into(),
        login: "zoe.exemple".into(),
        activation_code: (!activated).then(|| "EXEMPLE1".into()),
        email: None,
        created_at: Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap(),
        blocked: false,
        local_admin: false,
        classes: vec![ClassRef {
            id: "exemple".into(),
            name: "CM2 A".into(),
        }],
        children: vec![],
        last_distributed_at: None,
        import_id: None,
    }
}

/// What a template says (`words`: core's text of that template) and the fictional pupil it
/// is addressed to, following the settings as typed; `None` while there are none. Both
/// templates' previews read it, so they always show the same pupil.
fn sample_content<T>(
    structure: Signal<Option<Structure>>,
    activated: Signal<bool>,
    lang: RwSignal<Lang>,
    words: fn(&Structure, Lang, bool) -> T,
) -> impl Fn() -> Option<(T, Recipient)> + Copy {
    move || {
        let lang = lang.get();
        let structure = structure.get()?;
        let activated = activated.get();
        // As typed, not NFC: the browser types NFC, and `nfc` would put Unicode's composition
        // tables in the page's download (the PDF worker normalises).
        let text = words(&structure, lang, activated);
        let person = recipient_as_typed(&sample_pupil(activated), lang);
        Some((text, person))
    }
}

#[component]
pub fn LetterPreview(
    structure: Signal<Option<Structure>>,
    activated: Signal<bool>,
    layout: Signal<Layout>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        {move || match layout.get() {
            Layout::Eight => view! { <CardPreview structure=structure activated=activated /> }.into_any(),
            other => view! {
                <div class=if other == Layout::Two { "half" } else { "full" }>
                    <FullLetter structure=structure activated=activated lang=lang />
                </div>
            }.into_any(),
        }}
    }
}

/// The card of 8 per page: its header, the person, login and code, where to go, what to do and
/// the help text.
#[component]
fn CardPreview(structure: Signal<Option<Structure>>, activated: Signal<bool>) -> impl IntoView {
    let content = sample_content(structure, activated, use_lang(), card_text_as_typed);
    view! {
        <article class="letter-preview card-preview" data-testid="card-preview" aria-live="polite">
            {move || content().map(|(text, person)| view! {
                <p class="card-header">{text.header}</p>
                <p class="who"><strong>{person.full_name}</strong><br />{person.role}</p>
                <p class="label">{text.login_label}</p>
                <p class="code">{person.login}</p>
                <p class=if text.activated { "label status" } else { "label" }>{text.code_label}</p>
                {person.activation_code.map(|code| view! { <p class="code">{code}</p> })}
                <p class="small">{text.url_line}</p>
                <p class="small">{text.hint}</p>
                {(!text.help.is_empty()).then(|| view! { <p class="small help clamp" data-testid="card-help">{text.help}</p> })}
            })}
        </article>
    }
}

/// The full letter (1 per page; 2 per page prints the same, on an A5 half).
#[component]
fn FullLetter(
    structure: Signal<Option<Structure>>,
    activated: Signal<bool>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let content = sample_content(structure, activated, lang, boilerplate_as_typed);
    view! {
        <article class="letter-preview" data-testid="letter-preview" aria-live="polite">
            {move || content().map(|(text, person)| {
                view! {
                    <header>
                        <p class="school">{text.school}</p>
                        <p class="ent-line">{text.ent_line}</p>
                    </header>
                    <h3>{text.title}</h3>
                    <p>{text.intro}</p>
                    <p class="who"><strong>{person.full_name}</strong><br />{person.role}</p>
                    <dl class="credentials">
                        <dt>{text.login_label}</dt>
                        <dd class="code">{person.login}</dd>
                        {text.code_label.map(|label| view! {
                            <dt>{label}</dt>
                            <dd class="code">{person.activation_code.unwrap_or_default()}</dd>
                        })}
                    </dl>
                    {text.activated.map(|(status, line)| view! { <p><strong>{status}</strong>" "{line}</p> })}
                    <h4>{text.steps_title}</h4>
                    <ol>{text.steps.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}</ol>
                    <p>{text.note}</p>
                    {(!text.help.is_empty()).then(|| view! { <p class="help">{text.help}</p> })}
                }
            })}
        </article>
    }
}
