//! What a page shows when its data could not be loaded (the fallback of its `ErrorBoundary`):
//! the server's words, and « Réessayer » only when trying again may help — after a refusal (out
//! of scope, not found) the way out is the start page instead.

use leptos::error::Errors;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{use_lang, LangTexts};

#[component]
pub fn LoadError(errors: ArcRwSignal<Errors>, on_retry: Callback<()>) -> impl IntoView {
    let texts = move || use_lang().get().texts();
    // Every error the page met, each with whether trying again may help.
    let failures = move || {
        errors.with(|errors| {
            errors
                .iter()
                .map(|(_, e)| match e.downcast_ref::<ApiError>() {
                    Some(api) => (api.message(), api.is_retryable()),
                    None => (e.to_string(), true),
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="error" role="alert">
            {move || {
                let failures = failures();
                let retry = failures.iter().any(|(_, retry)| *retry);
                view! {
                    {failures.into_iter().map(|(message, _)| view! { <p data-testid="error">{message}</p> }).collect_view()}
                    {if retry {
                        view! { <button type="button" on:click=move |_| on_retry.run(())>{texts().retry}</button> }.into_any()
                    } else {
                        view! { <p><a href="/" data-testid="back-home">{texts().back_home}</a></p> }.into_any()
                    }}
                }
            }}
        </div>
    }
}
