//! The few browser services the app needs beyond the DOM: yielding to the event loop between
//! chunks of work (so the page repaints and the cancel button works), waiting between two polls,
//! turning bytes into a downloadable `blob:` address (and saving one as a file), reading a file
//! the administrator chose, today's date for file names, random keys, whether a PDF can be
//! shown inside the page, and the clipboard (a generated password copied); and when to do what
//! can wait (the browser idle, the connection not saving data).

use wasm_bindgen::JsCast;

/// Lets the browser run its event loop (paint, input) before continuing: a `setTimeout(0)`.
pub async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a browser window");
        let _ = window.set_timeout_with_callback(resolve.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits `ms` milliseconds without blocking the page (a `setTimeout`).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a browser window");
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `task` once the browser is idle (`requestIdleCallback`, at most 10 s away), or after
/// 1.5 s where there is no such thing (Safari).
pub fn when_idle(task: fn()) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = wasm_bindgen::closure::Closure::once_into_js(task);
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match idle {
        Some(request) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &10_000.into());
            let _ = request.call2(&window, &callback, &options);
        }
        None => {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 1_500);
        }
    }
}

/// Whether the connection asks the page not to fetch ahead of need: the user's data saver
/// (`navigator.connection.saveData`), a cellular link (likely metered) or a 2G one. Browsers
/// without the Network Information API (Firefox, Safari) say nothing: not saving.
pub fn saves_data() -> bool {
    let Some(window) = web_sys::window() else {
        return true;
    };
    let connection = js_sys::Reflect::get(&window, &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"connection".into()));
    let Ok(connection) = connection else {
        return false;
    };
    if connection.is_undefined() || connection.is_null() {
        return false;
    }
    let field = |name: &str| js_sys::Reflect::get(&connection, &name.into()).ok();
    let save_data = field("saveData").and_then(|v| v.as_bool()).unwrap_or(false);
    let kind = field("type").and_then(|v| v.as_string()).unwrap_or_default();
    let effective = field("effectiveType")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    save_data || kind == "cellular" || effective.ends_with("2g")
}

/// 128 random bits as 32 hex digits, from the browser's cryptographic generator, for keys that
/// must not collide (a mailing's idempotency key). `getRandomValues` rather than `randomUUID`:
/// the latter exists only in secure contexts, and a school may serve Sésame over plain HTTP on
/// its own network.
pub fn random_key() -> Result<String, String> {
    let crypto = web_sys::window()
        .ok_or("no browser window")?
        .crypto()
        .map_err(|e| format!("{e:?}"))?;
    let mut bytes = [0u8; 16];
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|e| format!("{e:?}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether the browser shows a PDF inside the page (`navigator.pdfViewerEnabled`): false in
/// WebKitGTK, on some iPads and where an administrator turned Firefox's viewer off, where an
/// `<iframe>` of the PDF stays an empty box. A browser too old to say is trusted to show it.
pub fn shows_pdf_inline() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    // Read through `Reflect` rather than web-sys's `Navigator`, for one property.
    js_sys::Reflect::get(&window, &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"pdfViewerEnabled".into()))
        .ok()
        .and_then(|enabled| enabled.as_bool())
        .unwrap_or(true)
}

/// Puts `text` in the clipboard (`navigator.clipboard.writeText`); false where the browser has
/// no clipboard for pages (plain HTTP other than to this machine) or refuses.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    // Read through `Reflect` rather than web-sys's `Clipboard`: one call, and `clipboard` is
    // absent outside secure contexts, which the generated bindings do not expect.
    let clipboard = js_sys::Reflect::get(&window, &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"clipboard".into()))
        .ok()
        .filter(|c| c.is_object());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let Ok(write) =
        js_sys::Reflect::get(&clipboard, &"writeText".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let Ok(promise) = write
        .call1(&clipboard, &text.into())
        .and_then(|p| p.dyn_into::<js_sys::Promise>())
    else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Selects the text of `element`, as a triple click would: Ctrl+C then copies it.
pub fn select_contents(element: &web_sys::Element) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let selection = js_sys::Reflect::get(&window, &"getSelection".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
        .and_then(|f| f.call0(&window));
    if let Ok(selection) = selection {
        if let Ok(select) = js_sys::Reflect::get(&selection, &"selectAllChildren".into())
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = select.call1(&selection, element);
        }
    }
}

/// A `blob:` address holding `bytes` (revoke it with [`revoke`] when no longer shown).
pub fn blob_url(bytes: &[u8], mime: &str) -> Result<String, String> {
    blob_url_of(&js_sys::Uint8Array::from(bytes), mime)
}

/// A `blob:` address holding `array`, bytes already outside the module (a PDF from the worker).
pub fn blob_url_of(array: &js_sys::Uint8Array, mime: &str) -> Result<String, String> {
    let parts = js_sys::Array::of1(array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))
}

/// Offers `text` as a file named `name` to save, as a download of a `blob:` address made and
/// revoked here: nothing leaves the browser.
pub fn save_as(text: &str, mime: &str, name: &str) -> Result<(), String> {
    let url = blob_url(text.as_bytes(), mime)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    revoke(&url);
    Ok(())
}

/// The bytes of a file the administrator chose or dropped, read in the browser (`File`'s
/// `arrayBuffer()`), never sent anywhere.
pub async fn read_file(file: &web_sys::File) -> Result<js_sys::ArrayBuffer, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("lecture du fichier impossible : {e:?}"))?;
    buffer
        .dyn_into::<js_sys::ArrayBuffer>()
        .map_err(|_| "lecture du fichier impossible".to_owned())
}

pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Today's local date as `YYYY-MM-DD`.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// An instant as this browser's local date and time, `DD/MM/YYYY HH:MM` (when an import was
/// made is the administrator's own time).
pub fn local_date_time(at: chrono::DateTime<chrono::Utc>) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64));
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}",
        date.get_date(),
        date.get_month() + 1,
        date.get_full_year(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// The value this browser remembers under `key` (`localStorage`: preferences only, never data).
pub fn remembered(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok()??.get_item(key).ok()?
}

/// Remembers `value` under `key` on this browser (a preference; failures are harmless).
pub fn remember(key: &str, value: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(key, value);
    }
}

/// The page's language (`<html lang>`), which screen readers pronounce by.
pub fn set_page_lang(lang: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang);
    }
}

/// The page's path (`/structures/…/distribution`).
pub fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The page's path and query (`/structures/…/distribution?profile=Student`).
pub fn current_address() -> String {
    web_sys::window()
        .map(|w| {
            let location = w.location();
            location.pathname().unwrap_or_default() + &location.search().unwrap_or_default()
        })
        .unwrap_or_default()
}

/// Loads `address` of this site anew (the app starts over: nothing of the page is kept).
pub fn reload_at(address: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(address);
    }
}

/// Leaves the app for `url` on another site (the ENT's sign-out page): a navigation, which the
/// page's CSP does not restrict as it does the page's own requests.
pub fn leave_for(url: &str) {
    reload_at(url);
}

/// Asks `question` in the browser's own dialog; `true` for OK.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(true)
}

/// The element of the page with id `id`, as an HTML element.
pub fn element_by_id(id: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// Moves the focus to `element` when the focus was lost — the control that had it went away or
/// was disabled — so a keyboard or screen-reader user carries on from there, not from the top
/// of the page.
pub fn focus_if_lost(element: &web_sys::HtmlElement) {
    let lost = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_none_or(|active| active.tag_name().eq_ignore_ascii_case("body"));
    if lost {
        let _ = element.focus();
    }
}

/// Milliseconds since an arbitrary origin, for measuring work in the browser.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A named instant on the page's performance timeline (`performance.mark`), which the cold-start
/// benchmark reads to tell where the time goes (JSON, first render); free when nobody reads it.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
