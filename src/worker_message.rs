//! What the messages between the page and its workers ([`crate::pdf_protocol`],
//! [`crate::import_protocol`]) have in common: a JS array whose first element is the JSON of a
//! request or a reply. Reading one back fails in French words, for the administrator.

use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// The message's first element, read as the JSON of a `T`. `unreadable` is what to say when
/// that element is no text (it names the worker's side of the conversation); `what` names what
/// the JSON should be (« demande », « réponse »…).
pub fn read_json<T: DeserializeOwned>(data: &JsValue, unreadable: &str, what: &str) -> Result<T, String> {
    let json = js_sys::Array::from(data)
        .get(0)
        .as_string()
        .ok_or_else(|| unreadable.to_owned())?;
    serde_json::from_str(&json).map_err(|e| format!("{what} illisible : {e}"))
}
