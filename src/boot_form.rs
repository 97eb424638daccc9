//! The sign-in form `index.html` draws before the app runs. On `/login` (whose copy of the page
//! the server marks `<body class="at-sign-in">`) it is seen and filled while the module is still
//! downloading; when the app draws its own form, what was typed there — and which field had the
//! focus — is carried over, and the page's copy goes. Anywhere else the copy is never shown, and
//! goes as the app mounts.

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
