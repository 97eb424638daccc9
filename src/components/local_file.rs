//! Choosing the ENT's export in local mode: a file input (`local-file`, reached with Tab like
//! any control) inside a zone a file can be dropped on. A file dropped anywhere on the page is
//! taken too, rather than the browser leaving the page to show it.
//!
//! The file is handed to the page as the browser's `File`: reading it happens there, in memory.

use leptos::prelude::*;
use web_sys::File;

use crate::i18n::{use_lang, LangTexts};

/// The first file of a drop, if any.
fn dropped(event: &web_sys::DragEvent) -> Option<File> {
    event.data_transfer()?.files()?.get(0)
}

#[component]
pub fn LocalFile(
    /// A file was chosen or dropped.
    on_file: Callback<File>,
    /// A file is being read (the input stays usable: another file replaces it).
    busy: Signal<bool>,
) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let over = RwSignal::new(false);
    // Anywhere on the page: a drop opens the file here instead of navigating away to it.
    let drag = window_event_listener(leptos::ev::dragover, move |ev| {
        ev.prevent_default();
        over.set(true);
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |_| over.set(false));
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        over.set(false);
        if let Some(file) = dropped(&ev) {
            on_file.run(file);
        }
    });
    on_cleanup(move || {
        drag.remove();
        leave.remove();
        drop.remove();
    });
    let chosen = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            on_file.run(file);
        }
        // The same file chosen again (corrected meanwhile) must fire `change` again.
        input.set_value("");
    };
    view! {
        <div class=move || if over.get() { "drop-zone over" } else { "drop-zone" } aria-busy=move || busy.get().to_string()>
            <label for="local-file">{move || texts().local_file_label}</label>
            <input id="local-file" type="file" data-testid="local-file" accept=".csv,text/csv,text/plain"
                aria-describedby="local-file-hint" on:change=chosen />
            <p class="hint" id="local-file-hint">{move || texts().local_file_hint}</p>
        </div>
    }
}
