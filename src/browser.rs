//! The few browser services the app needs beyond the DOM: yielding to the event loop between
//! chunks of work (so the page repaints and the cancel button works), turning bytes into a
//! downloadable `blob:` address, and today's date for file names.

use wasm_bindgen::JsCast;

/// Lets the browser run its event loop (paint, input) before continuing: a `setTimeout(0)`.
pub async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a browser window");
        let _ = window.set_timeout_with_callback(resolve.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A `blob:` address holding `bytes` (revoke it with [`revoke`] when no longer shown).
pub fn blob_url(bytes: &[u8], mime: &str) -> Result<String, String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))
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

/// Milliseconds since an arbitrary origin, for measuring work in the browser.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
