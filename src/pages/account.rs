//! `/account`: one's own password. The current one is required (the server checks it as a
//! sign-in, rate limit included); the new one follows core's rules, said as it is typed; once
//! changed, every other session of this administrator is over and this page carries on in the
//! new session the server answered with (new CSRF token).

use leptos::prelude::*;
use sesame_core::access::admin_rules::{check_new_password, known_words};
use sesame_core::wire::PasswordChange;

use crate::api::{self, ApiError};
use crate::components::session_bar::SessionBar;
use crate::i18n::{use_lang, LangTexts};
use crate::session::{current, sign_in_again, signed_in, use_session};

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let t = move || lang.get().admin();
    let session = use_session();
    let info = current(session);
    let (now, new, again) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let done = RwSignal::new(false);
    let refused = RwSignal::new(None::<String>);
    let change = Action::new_local(move |change: &PasswordChange| {
        let change = change.clone();
        async move {
            match api::change_password(&change).await {
                Ok(renewed) => {
                    signed_in(session, renewed);
                    for field in [now, new, again] {
                        field.set(String::new());
                    }
                    refused.set(None);
                    done.set(true);
                }
                Err(ApiError::Unauthorized) => sign_in_again(),
                Err(error) => refused.set(Some(error.message())),
            }
        }
    });
    let busy = change.pending();
    let login = move || info.get().map(|s| s.login).unwrap_or_default();
    // Said as the administrator types, once there is something to judge.
    let problem = Memo::new(move |_| {
        let (new, again) = (new.get(), again.get());
        if new.is_empty() {
            return None;
        }
        // The server's very check: the login, the name and the schools' names a guesser knows.
        let checked = match info.get() {
            Some(me) => check_new_password(&me.login, &new, &known_words(&me)),
            None => check_new_password(&login(), &new, &[]),
        };
        if let Err(p) = checked {
            return Some(p.message(lang.get()));
        }
        (!again.is_empty() && again != new).then(|| lang.get().admin().passwords_differ.to_owned())
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if info.with_untracked(Option::is_none) {
            return;
        }
        if problem.get_untracked().is_some() || new.get_untracked() != again.get_untracked() {
            refused.set(Some(problem.get_untracked().unwrap_or_else(|| {
                lang.get_untracked().admin().passwords_differ.to_owned()
            })));
            return;
        }
        done.set(false);
        change.dispatch(PasswordChange {
            current: now.get_untracked(),
            new: new.get_untracked(),
        });
    };
    let field = move |id: &'static str,
                      label: fn(&crate::i18n::AdminTexts) -> &'static str,
                      value: RwSignal<String>,
                      autocomplete: &'static str| {
        view! {
            <label for=id>{move || label(t())}</label>
            <input id=id data-testid=id type="password" required autocomplete=autocomplete
                prop:value=value on:input=move |ev| { done.set(false); value.set(event_target_value(&ev)) } />
        }
    };
    view! {
        <nav class="toolbar">
            <a href="/" data-testid="back-to-distribution">{move || t().back_to_distribution}</a>
            {move || info.get().map(|s| view! { <SessionBar session=s /> })}
        </nav>
        <h2>{move || t().account_heading}</h2>
        <section class="card">
            <p>{move || (t().account_intro)(&login())}</p>
            <form class="admin-form" on:submit=submit data-testid="account-form">
                {field("account-current", |t| t.current_password, now, "current-password")}
                {field("account-new", |t| t.new_password, new, "new-password")}
                <p class="hint" id="account-new-hint">{move || t().password_hint}</p>
                {field("account-confirm", |t| t.confirm_password, again, "new-password")}
                {move || problem.get().map(|p| view! { <p class="hint warning" data-testid="account-problem">{p}</p> })}
                {move || refused.get().map(|p| view! { <p class="error" role="alert" data-testid="error">{p}</p> })}
                {move || done.get().then(|| view! { <p class="done" role="status" data-testid="account-done">{t().password_changed}</p> })}
                <div class="actions">
                    <button type="submit" data-testid="account-submit" disabled=move || busy.get()>
                        {move || if busy.get() { t().working } else { t().change_password }}
                    </button>
                </div>
            </form>
        </section>
    }
}
