//! `/local` (and `/local.html`, the same app as a plain file for static hosting): local mode.
//! No account and no server data: the administrator opens the ENT's export, which is read in
//! this browser by core's own parser (in the import worker, [`import_job`]), and then works
//! through the same three steps as on the server ([`Steps`], with [`Source::LocalFile`]): every
//! filter, the table, the PDF built in its worker. The letter settings are edited here and kept
//! in memory ([`LocalSettingsForm`]), or in a file the administrator saves and loads.
//!
//! Letters need the school's name and the sign-in address, which only the administrator can give
//! here: until the settings hold them (core's [`local::school`] refuses), the file's accounts wait
//! and the page asks for them — the form open, the fields needed marked, the focus on the first
//! one — rather than print « (adresse non renseignée) ».
//!
//! Nothing leaves: the page asks the server for nothing (not even the session), the file and
//! its accounts stay in this page's memory (a reload forgets them), and no storage holds them.
//! The selection lives in the address as on the server page (`?profile=Student&class=CM2%20A`,
//! a class named by itself), so a bookmark selects the same accounts of the next export.
//!
//! Opened as `/local` — an address only Sésame's server answers (a plain static host serves
//! `local.html`) — the page links back to the signed-in app (`/`). Whether a session exists is
//! not asked: that would be a request.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use sesame_core::letter::settings_check::{Setting, SettingsProblem};
use sesame_core::local::{self, LocalSettings};
use sesame_core::wire::ImportMessage;
use sesame_core::{School, Selection, User};

use crate::browser;
use crate::components::file_drop::FileDrop;
use crate::components::import_errors::ImportErrors;
use crate::components::import_warnings::ImportWarnings;
use crate::components::local_privacy::LocalPrivacy;
use crate::components::local_settings::LocalSettingsForm;
use crate::components::source::Source;
use crate::components::steps::Steps;
use crate::i18n::{use_lang, LangTexts};
use crate::import_job;
use crate::import_protocol::Reply;

/// Where the file stands.
#[derive(Clone, PartialEq)]
enum FileState {
    None,
    Reading(String),
    /// Refused whole: core's messages, one per bad line (or one for the file).
    Refused {
        name: String,
        problems: Vec<ImportMessage>,
    },
    Loaded {
        name: String,
        accounts: usize,
        encoding: String,
        delimiter: char,
        warnings: Vec<ImportMessage>,
    },
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// A message of the page itself, not of core's parser.
fn said(message: String) -> ImportMessage {
    ImportMessage {
        message,
        ..ImportMessage::default()
    }
}

/// The form field of a setting the letters need.
fn field_id(setting: Setting) -> &'static str {
    match setting {
        Setting::SchoolName => "school-name",
        _ => "login-url",
    }
}

#[component]
pub fn LocalPage() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let location = use_location();
    let navigate = use_navigate();

    let settings = RwSignal::new(LocalSettings::default());
    let check = Memo::new(move |_| settings.with(LocalSettings::check));
    let ready = Memo::new(move |_| settings.with(LocalSettings::for_letters));
    let missing = Memo::new(move |_| match ready.get() {
        Err(SettingsProblem::Missing(missing)) => missing,
        _ => Vec::new(),
    });
    // The letters take the last settings that passed the check and hold what a letter needs.
    let applied = RwSignal::new(None::<LocalSettings>);
    Effect::new(move |_| {
        if let Ok(valid) = ready.get() {
            applied.set(Some(valid));
        }
    });
    let has_settings = Memo::new(move |_| applied.with(Option::is_some));

    let state = RwSignal::new(FileState::None);
    // The file's accounts, waiting for the steps to take them (they then own the only copy)
    // once the settings can print their letters, and a count that makes the steps start over.
    let pending = StoredValue::new(None::<Vec<User>>);
    let shown = RwSignal::new(0u32);
    // Which file is being read: an older one finishing later is ignored.
    let ticket = StoredValue::new(0u32);
    // A file read in the import worker; the answer for an older file than the last is dropped.
    let read = Action::new_local(move |(file, mine): &(web_sys::File, u32)| {
        let (file, mine, name) = (file.clone(), *mine, file.name());
        async move {
            let reply = match browser::read_file(&file).await {
                Ok(bytes) => import_job::parse(&name, bytes).await,
                Err(e) => Err(e),
            };
            if ticket.get_value() != mine {
                return;
            }
            let next = match reply {
                Ok(Reply::Parsed {
                    users,
                    warnings,
                    encoding,
                    delimiter,
                }) => {
                    let accounts = users.len();
                    pending.set_value(Some(users));
                    FileState::Loaded {
                        name,
                        accounts,
                        encoding,
                        delimiter,
                        warnings,
                    }
                }
                Ok(Reply::Refused(problems)) => FileState::Refused { name, problems },
                Ok(other) => FileState::Refused {
                    name,
                    problems: vec![said(format!(
                        "réponse inattendue du lecteur de fichier : {other:?}"
                    ))],
                },
                Err(e) => FileState::Refused {
                    name,
                    problems: vec![said(e)],
                },
            };
            let loaded = matches!(next, FileState::Loaded { .. });
            state.set(next);
            shown.update(|n| *n += 1);
            // Its letters cannot be printed yet: the focus goes to what they need.
            if loaded && !has_settings.get_untracked() {
                if let Some(first) = missing.get_untracked().first() {
                    browser::yield_now().await;
                    if let Some(field) = browser::element_by_id(field_id(*first)) {
                        let _ = field.focus();
                    }
                }
            }
        }
    });
    let open = Callback::new(move |file: web_sys::File| {
        ticket.update_value(|t| *t += 1);
        let mine = ticket.get_value();
        // The previous file's accounts go now, not when the new one is read.
        pending.set_value(None);
        shown.update(|n| *n += 1);
        state.set(FileState::Reading(file.name()));
        // A `File` stays in this thread: dispatched as a local task.
        read.dispatch_local((file, mine));
    });

    let parsed = Memo::new(move |_| location.search.with(|q| Selection::from_query(q)));
    let selection = Memo::new(move |_| parsed.with(|p| p.clone().unwrap_or_default()));
    let on_change = Callback::new(move |(next, replace): (Selection, bool)| {
        let query = next.to_query();
        // `/local` or `/local.html`, whichever this page was opened as (a static server knows
        // only the latter).
        let path = location.pathname.get_untracked();
        let target = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        navigate(
            &target,
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let reading = Signal::derive(move || matches!(state.get(), FileState::Reading(_)));
    // Served by Sésame itself (see the module's doc): the way back to the signed-in app.
    let on_server = location.pathname.get_untracked() == "/local";

    view! {
        {on_server.then(|| view! {
            <nav class="toolbar">
                <a href="/" data-testid="back-to-sesame">{move || texts().local_back}</a>
            </nav>
        })}
        <section class="card local" aria-labelledby="local-heading">
            <h2 id="local-heading">{move || texts().local_heading}</h2>
            <p>{move || texts().local_intro}</p>
            <LocalPrivacy />
            <FileDrop input_id="local-file" label=Signal::derive(move || use_lang().get().texts().local_file_label)
                hint=Signal::derive(move || use_lang().get().texts().local_file_hint) on_file=open busy=reading />
            <div aria-live="polite">
                {move || match state.get() {
                    FileState::None => ().into_any(),
                    FileState::Reading(name) => view! {
                        <p role="status" data-testid="local-reading">
                            <span class="spinner" aria-hidden="true"></span>" "{(texts().local_reading)(&name)}
                        </p>
                    }.into_any(),
                    FileState::Refused { name, problems } => view! { <ImportErrors name=name problems=problems /> }.into_any(),
                    FileState::Loaded { name, accounts, encoding, delimiter, warnings } => view! {
                        <p class="done" data-testid="local-loaded">{(texts().local_loaded)(&name, accounts, &encoding, delimiter)}</p>
                        <ImportWarnings warnings=warnings />
                        {move || (!has_settings.get()).then(|| view! {
                            <p class="guidance warning" data-testid="local-needs-settings">
                                {move || texts().local_needs_settings}
                            </p>
                        })}
                    }.into_any(),
                }}
            </div>
        </section>
        <section class="card" aria-labelledby="local-settings-heading">
            <h2 id="local-settings-heading">{move || texts().local_settings_heading}</h2>
            <LocalSettingsForm settings=settings check=check missing=missing />
        </section>
        {move || parsed.get().err().map(|e| view! {
            <p class="error" role="alert" data-testid="error">{format!("{} : {e}", texts().bad_address)}</p>
        })}
        {move || {
            shown.track();
            if !has_settings.get() {
                return None;
            }
            let settings = applied.get_untracked()?;
            let users = pending.try_update_value(Option::take).flatten()?;
            // Refused only without what a letter needs, which `applied` always holds.
            let school = local::school(&settings, users, now()).ok()?;
            let school = RwSignal::new(Arc::new(school));
            // Settings edited after the file was opened reach its letters and notes.
            Effect::new(move |_| {
                let Some(settings) = applied.get() else { return };
                let structure = settings.structure();
                if school.with_untracked(|s: &Arc<School>| s.structure != structure) {
                    school.update(|s| {
                        let s = Arc::make_mut(s);
                        s.directory.set_external_sign_in(&structure.letter_settings.external_sign_in);
                        s.structure = structure;
                    });
                }
            });
            Some(view! { <Steps school=school selection=selection on_change=on_change source=Source::LocalFile /> })
        }}
    }
}
