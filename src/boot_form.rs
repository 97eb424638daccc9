//! The sign-in form `index.html` draws before the app runs. On `/login` (whose copy of the page
//! the server marks `<body class="at-sign-in">`) it is seen and filled while the module is still
//! downloading; when the app draws its own form, what was typed there — and which field had the
//! focus — is carried over, and the page's copy goes. Anywhere else the copy is never shown, and
//! goes as the app mounts.
//!
//! The page's form can also be *sent* before the app runs (`public/sesame-sign-in.js`, which
//! leaves what it began in `window.sesameBoot`): then the app takes over the sign-in's answer
//! ([`sent_sign_in`]) instead of signing in again, and the directory that script asked for once
//! signed in ([`take_directory`]) instead of asking for it again.

use wasm_bindgen::JsCast;

const BOOT: &str = "boot";

/// What was typed into the page's form before the app took over.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Typed {
    pub login: String,
    pub password: String,
    /// The password field had the focus (else the login field, or neither).
    pub in_password: bool,
    pub in_login: bool,
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Whether the page's own sign-in form is on screen (on `/login`, until the app takes it over).
pub fn shows_sign_in() -> bool {
    document().is_some_and(|d| {
        d.get_element_by_id(BOOT).is_some() && d.body().is_some_and(|b| b.class_list().contains("at-sign-in"))
    })
}

/// Removes the page's placeholder (its « Chargement… » and its form), if still there.
pub fn remove() {
    if let Some(boot) = document().and_then(|d| d.get_element_by_id(BOOT)) {
        boot.remove();
    }
}

/// What was typed into the page's form, then the form removed: `None` when it was not shown.
pub fn take() -> Option<Typed> {
    if !shows_sign_in() {
        remove();
        return None;
    }
    let document = document()?;
    let value = |id: &str| {
        document
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default()
    };
    let focused = document.active_element().map(|e| e.id()).unwrap_or_default();
    let typed = Typed {
        login: value("boot-login"),
        password: value("boot-password"),
        in_password: focused == "boot-password",
        in_login: focused == "boot-login",
    };
    // Emptied first: a form that goes away with a password in it looks to a browser's password
    // manager like one sent, and it would offer to save what was only half typed.
    for id in ["boot-login", "boot-password"] {
        if let Some(input) = document
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.set_value("");
        }
    }
    remove();
    Some(typed)
}

/// `window.sesameBoot`, what the page's script began (`None` when it sent nothing).
fn sent() -> Option<js_sys::Object> {
    let window = web_sys::window()?;
    object(js_sys::Reflect::get(&window, &"sesameBoot".into()).ok()?)
}

/// `value` when it is an object (a record or a promise the page's script made).
fn object(value: wasm_bindgen::JsValue) -> Option<js_sys::Object> {
    value.is_object().then(|| value.unchecked_into())
}

fn field(object: &js_sys::Object, name: &str) -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(object, &name.into()).unwrap_or_default()
}

/// What the page's script began, while the app has not taken its sign-in over.
fn not_taken() -> Option<js_sys::Object> {
    sent().filter(|sent| field(sent, "taken") == wasm_bindgen::JsValue::FALSE)
}

/// Whether the page's form sent a sign-in the app has not taken over yet.
pub fn has_sent_sign_in() -> bool {
    not_taken().is_some()
}

/// The answer to the sign-in the page's form sent (a promise of the `fetch` `Response`), taken
/// once. From then on the page's script no longer asks for the directory itself: the app,
/// signed in by that answer, does.
pub fn sent_sign_in() -> Option<js_sys::Promise> {
    let sent = not_taken()?;
    let _ = js_sys::Reflect::set(&sent, &"taken".into(), &true.into());
    object(field(&sent, "signIn")).map(JsCast::unchecked_into)
}

/// The answer to the directory of `structure_id` the page's script asked for once signed in (a
/// promise of `{status, etag, text}`, the body read as it arrived), taken once; `None` when it
/// asked for no directory, or another school's.
pub fn take_directory(structure_id: &str) -> Option<js_sys::Promise> {
    let sent = sent()?;
    let directory = object(field(&sent, "directory"))?;
    if field(&directory, "structureId").as_string().as_deref() != Some(structure_id) {
        return None;
    }
    let _ = js_sys::Reflect::set(&sent, &"directory".into(), &wasm_bindgen::JsValue::NULL);
    object(field(&directory, "answer")).map(JsCast::unchecked_into)
}

/// The directory the page's script asked for, once it has come — its status, `ETag` and text —
/// or `None` when its request failed.
pub async fn early_directory(answer: js_sys::Promise) -> Option<(u16, Option<String>, String)> {
    let answer = object(wasm_bindgen_futures::JsFuture::from(answer).await.ok()?)?;
    Some((
        field(&answer, "status").as_f64()? as u16,
        field(&answer, "etag").as_string(),
        field(&answer, "text").as_string()?,
    ))
}

/// Forgets what the page's form began (at sign-out): a directory it asked for and the app never
/// took must not serve the next administrator to sign in on this page.
pub fn forget_sent() {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::delete_property(&window, &"sesameBoot".into());
    }
}
