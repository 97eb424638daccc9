//! The signed-in administrator, asked of the server once per visit and shared by every page:
//! who they are, their schools, the CSRF token of their session, whether e-mail is on.
//!
//! The root component provides it ([`provide_session`]), and it is asked of the server only
//! when a page first wants it: local mode (`/local`) never does, so it sends no request at all.
//! A page reads it with [`use_session`],
//! which also sends a visitor whose session is missing or expired to `/login` — the one place
//! that decides so. Signing in and out update it ([`signed_in`], [`signed_out`]) rather than
//! asking the server again; the login form and the sign-out button take it with
//! [`session_context`] when they are created (a task that resumes after a request has no
//! context to ask).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{self, ApiError, SessionInfo};
use crate::browser;
use crate::school_memory;

/// `GET /api/session`, once per visit.
pub type Session = LocalResource<Result<SessionInfo, ApiError>>;

/// Where the visit's session is kept once asked for: created under the root's owner, so every
/// page shares it and it outlives the page that first asked.
#[derive(Clone)]
struct SessionSlot {
    owner: Owner,
    session: StoredValue<Option<Session>>,
}

/// Makes the visit's session available to every page; nothing is asked of the server until a
/// page wants it.
pub fn provide_session() {
    let owner = Owner::current().expect("the root component has an owner");
    provide_context(SessionSlot {
        owner,
        session: StoredValue::new(None),
    });
}

/// The visit's session, for a page that needs a signed-in administrator: a missing or expired
/// session sends the visitor to `/login`.
pub fn use_session() -> Session {
    let session = session_context();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Err(error)) = session.get() {
            redirect_if_signed_out(&navigate, &error);
        }
    });
    session
}

/// Sends the visitor to `/login` when `error` says the session is missing or expired (a page's
/// own request can learn it before the session's does), to come back here once signed in: a
/// bookmarked selection survives the sign-in.
pub fn redirect_if_signed_out(navigate: &impl Fn(&str, NavigateOptions), error: &ApiError) {
    if *error == ApiError::Unauthorized {
        navigate(&login_address(), NavigateOptions::default());
    }
}

/// `/login`, with the page to come back to (`?next=…`).
pub fn login_address() -> String {
    let here = browser::current_address();
    if here.is_empty() || here == "/" || here.starts_with("/login") {
        return "/login".to_owned();
    }
    let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
    format!("/login?next={next}")
}

/// Where the login form goes once signed in: the page the visitor came from, when it is one of
/// this site's own (`/…`, never `//host`), else `fallback`.
pub fn after_sign_in(next: Option<String>, fallback: String) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/login"))
        .unwrap_or(fallback)
}

/// For a request that met an expired session in the middle of a page (saving, marking,
/// sending): back to the login form, and to this page afterwards. A full reload, so nothing of
/// the old session's page — its directory, codes included — is kept.
pub fn sign_in_again() {
    browser::reload_at(&login_address());
}

/// The visit's session, without sending anyone anywhere (the login form, the sign-out button).
pub fn session_context() -> Session {
    let slot = expect_context::<SessionSlot>();
    if let Some(session) = slot.session.get_value() {
        return session;
    }
    let session: Session = slot.owner.with(|| LocalResource::new(api::session));
    slot.session.set_value(Some(session));
    session
}

/// The session just opened by the login form (a directory kept from before is forgotten: it
/// may be another administrator's view).
pub fn signed_in(session: Session, info: SessionInfo) {
    school_memory::forget();
    session.set(Some(Ok(info)));
}

/// The session just closed (or found expired): the directory kept in memory goes with it, and
/// what the page's own form began, were any of it still there.
pub fn signed_out(session: Session) {
    school_memory::forget();
    crate::boot_form::forget_sent();
    session.set(Some(Err(ApiError::Unauthorized)));
}

/// The signed-in administrator once known (`None` while asking, or when signed out).
pub fn current(session: Session) -> Signal<Option<SessionInfo>> {
    Signal::derive(move || session.get().and_then(Result::ok))
}
