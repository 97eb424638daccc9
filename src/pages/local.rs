//! `/local` (and `/local.html`, the same app as a plain file for static hosting): local mode.
//! No account and no server data: the administrator opens the ENT's export, which is read in
//! this browser by core's own parser (in the import worker, [`import_job`](crate::import_job)), and then works
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
use leptos_router::hooks::use_location;
use sesame_core::letter::settings_check::SettingsProblem;
use sesame_core::local::{self, LocalSettings};
use sesame_core::School;

use crate::address_selection::AddressSelection;
use crate::components::file_drop::FileDrop;
use crate::components::local_file::LocalFile;
use crate::components::local_file_status::LocalFileStatus;
use crate::components::local_privacy::LocalPrivacy;
use crate::components::local_settings::LocalSettingsForm;
use crate::components::source::Source;
use crate::components::steps::Steps;
use crate::i18n::{use_lang, LangTexts};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

#[component]
pub fn LocalPage() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let location = use_location();

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

    let file = LocalFile::new(has_settings, missing);
    let (state, pending, shown) = (file.state, file.pending, file.shown);
    let open = Callback::new(move |opened: web_sys::File| file.open(opened));

    // `/local` or `/local.html`, whichever this page was opened as (a static server knows only
    // the latter).
    let AddressSelection {
        parsed,
        selection,
        on_change,
    } = AddressSelection::new(move || location.pathname.get_untracked());
    let reading = file.reading();
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
            <LocalFileStatus state=state has_settings=has_settings />
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
