//! Choosing a file: a file input (reached with Tab like any control) inside a zone a file can
//! be dropped on. A file dropped anywhere on the page is taken too, rather than the browser
//! leaving the page to show it. The file goes to the page as the browser's `File`.

use leptos::prelude::*;
use web_sys::File;

/// The first file of a drop, if any.
fn dropped(event: &web_sys::DragEvent) -> Option<File> {
    event.data_transfer()?.files()?.get(0)
}

#[component]
pub fn FileDrop(
    /// The input's id (its label points at it) and `data-testid`.
    input_id: &'static str,
    label: Signal<&'static str>,
    hint: Signal<&'static str>,
    /// A file was chosen or dropped.
    on_file: Callback<File>,
    /// A file is being read or sent (the input stays usable: another file replaces it).
    busy: Signal<bool>,
) -> impl IntoView {
    let over = RwSignal::new(false);
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
    let hint_id = format!("{input_id}-hint");
    view! {
        <div class=move || if over.get() { "drop-zone over" } else { "drop-zone" } aria-busy=move || busy.get().to_string()>
            <label for=input_id>{move || label.get()}</label>
            <input id=input_id type="file" data-testid=input_id accept=".csv,text/csv,text/plain"
                aria-describedby=hint_id.clone() on:change=chosen />
            <p class="hint" id=hint_id>{move || hint.get()}</p>
        </div>
    }
}
