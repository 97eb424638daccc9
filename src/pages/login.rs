//! `/login`: the sign-in page. When the server offers signing in through the ENT
//! (`GET /api/oidc`), the ENT's button comes first — a plain link to `/api/oidc/login`, not a
//! form: the CSP's `form-action 'self'` would also govern the redirects to the ENT after a form
//! is sent — and the password form below it, or closed under « Connexion de secours » when
//! passwords are off but for central administrators (what to show is core's
//! [`SignInOffer`]). A sign-in through the ENT that did not succeed comes back here with
//! `?error=CODE`, said in words ([`SignInFailure`]). Password errors (wrong password, too many
//! attempts) are shown as the server words them, in French.
//!
//! The page's HTML drew a sign-in form of its own before the module arrived
//! ([`crate::boot_form`]), only where passwords are the one way in — so then the offer is not
//! asked for; the app's form takes what was typed there, and the answer to what was sent from
//! there when it was (the page's form can sign in before the module has arrived).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use sesame_core::access::sign_in_offer::{PasswordForm, SignInFailure, SignInOffer};
use sesame_core::access::Home;

use crate::api;
use crate::boot_form;
use crate::i18n::{use_lang, LangTexts};
use crate::session::{after_sign_in, session_context, signed_in};

#[component]
pub fn LoginPage() -> impl IntoView {
    let texts = move || use_lang().get().texts();
    let ent = move || use_lang().get().ent();
    // What the server offers: asked once, the answer (or its absence) decides the page — unless
    // the page drew its own form, which the server shows only where passwords are the one way
    // in: then the offer is known, and the app's form replaces it a round trip sooner.
    let offer: Signal<Option<SignInOffer>> = if boot_form::shows_sign_in() {
        Signal::stored(Some(SignInOffer::from_info(None)))
    } else {
        let asked =
            LocalResource::new(|| async { SignInOffer::from_info(api::oidc_info().await.ok().as_ref()) });
        Signal::derive(move || asked.get())
    };
    // The page's own form, if still there, must not outlive this page.
    on_cleanup(boot_form::remove);
    let query = use_query_map();
    let failure = Memo::new(move |_| {
        query
            .with(|q| q.get("error"))
            .map(|code| SignInFailure::from_code(&code))
    });
    view! {
        <section class="card login">
            <h2>{move || texts().login_heading}</h2>
            {move || failure.get().map(|f| view! {
                <p class="error" role="alert" data-testid="error">{move || (ent().failure)(f)}</p>
            })}
            {move || match offer.get() {
                None => view! { <p aria-busy="true">{texts().loading}</p> }.into_any(),
                Some(offer) => {
                    let button = offer.provider.map(|button| view! {
                        <ProviderLink label=button.label />
                    });
                    let form = match (offer.password, button.is_some()) {
                        (PasswordForm::Open, false) => view! { <PasswordSignIn focus=true /> }.into_any(),
                        (PasswordForm::Open, true) => view! {
                            <p class="or-password">{move || ent().or_password}</p>
                            <PasswordSignIn focus=false />
                        }.into_any(),
                        (PasswordForm::BreakGlass, _) => view! {
                            <details class="break-glass" data-testid="break-glass">
                                <summary>{move || ent().break_glass}</summary>
                                <p class="hint">{move || ent().break_glass_hint}</p>
                                <PasswordSignIn focus=false />
                            </details>
                        }.into_any(),
                    };
                    view! { {button} {form} }.into_any()
                }
            }}
            <p class="hint"><a href="/local" data-testid="local-link">{move || texts().local_link}</a></p>
        </section>
    }
}

/// The ENT's button: a link the server answers with a redirect to the ENT. It has the focus: it
/// is the first way in.
#[component]
fn ProviderLink(label: Option<String>) -> impl IntoView {
    let ent = move || use_lang().get().ent();
    let link = NodeRef::<leptos::html::A>::new();
    Effect::new(move |_| {
        if let Some(link) = link.get() {
            let _ = link.focus();
        }
    });
    view! {
        <p class="oidc">
            // `rel="external"`: the router leaves the click to the browser (a page load the
            // server answers with the redirect), instead of looking for an app page there.
            <a class="button primary oidc-sign-in" href="/api/oidc/login" rel="external" data-testid="oidc-sign-in" node_ref=link>
                {move || label.clone().unwrap_or_else(|| ent().default_label.to_owned())}
            </a>
        </p>
    }
}

/// Sésame's own login and password; with `focus`, the login field has the focus as soon as it
/// is shown (the first thing to do on a page where this is the only way in).
#[component]
fn PasswordSignIn(focus: bool) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    // What was typed into the page's own form before the app ran, and where the caret was.
    let typed = boot_form::take().unwrap_or_default();
    let login = RwSignal::new(typed.login);
    let password = RwSignal::new(typed.password);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let session = session_context();
    // The page the visitor was sent here from (a bookmark, an expired session): back there after.
    let query = use_query_map();
    let login_field = NodeRef::<leptos::html::Input>::new();
    let password_field = NodeRef::<leptos::html::Input>::new();
    let (in_login, in_password) = (typed.in_login || (focus && !typed.in_password), typed.in_password);
    Effect::new(move |_| {
        if let Some(field) = login_field.get().filter(|_| in_login) {
            let _ = field.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(field) = password_field.get().filter(|_| in_password) {
            let _ = field.focus();
        }
    });
    // Its input: the page the visitor was sent here from, where they go back once signed in,
    // and whether the page's own form already sent the sign-in (its answer is then awaited).
    let sign_in = Action::new_local(move |(next, sent_by_page): &(Option<String>, bool)| {
        let (navigate, next) = (navigate.clone(), next.clone());
        let sent = sent_by_page.then(boot_form::sent_sign_in).flatten();
        async move {
            let answer = match sent {
                Some(answer) => api::login_sent_by_page(answer).await,
                None => api::login(&login.get_untracked(), &password.get_untracked()).await,
            };
            match answer {
                Ok(info) => {
                    password.set(String::new());
                    let first = Home::of(info.role, &info.structures)
                        .address()
                        .unwrap_or_else(|| "/".to_owned());
                    let target = after_sign_in(next, first);
                    signed_in(session, info);
                    navigate(&target, NavigateOptions::default());
                }
                Err(e) => error.set(Some(e.message())),
            }
        }
    });
    let busy = sign_in.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        sign_in.dispatch((query.with_untracked(|q| q.get("next")), false));
    };
    // Sent before the app ran: its answer decides, as if this form had sent it.
    if boot_form::has_sent_sign_in() {
        sign_in.dispatch((query.with_untracked(|q| q.get("next")), true));
    }
    view! {
        <form data-testid="login-form" on:submit=submit>
            <label for="login">{move || texts().login_label}</label>
            <input id="login" data-testid="login-input" autocomplete="username" required
                node_ref=login_field bind:value=login />
            <label for="password">{move || texts().password_label}</label>
            <input id="password" type="password" data-testid="password-input" autocomplete="current-password"
                required node_ref=password_field bind:value=password />
            {move || error.get().map(|m| view! { <p class="error" role="alert" data-testid="error">{m}</p> })}
            <button type="submit" data-testid="login-submit" disabled=move || busy.get()>
                {move || texts().login_submit}
            </button>
        </form>
    }
}
