//! The root components: the page frame, the language and the session every page shares, and the
//! routes (ARCHITECTURE.md, « Interfaces kept stable »): `/login`,
//! `/structures/{id}/distribution?<selection>`, `/structures/{id}/settings` (the letter
//! settings), `/structures/{id}/import` (the ENT's export), `/admins` (administrators and
//! schools), `/account` (one's own password), `/`, which goes to the administrator's first
//! structure, and local mode, `/local` (no account, no server data) — also as `/local.html`, a
//! file of `dist/`, for a plain static server that knows no app routes.
//!
//! Two roots, one per WebAssembly module (`sesame_core::app_module`): [`StepsApp`], what every
//! school downloads — the sign-in, `/` and the distribution — and [`App`], every page, which
//! the other pages load. The steps module hands a page it lacks over to the whole app
//! ([`crate::whole_module`]).

use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use sesame_core::app_module::AppModule;
use sesame_core::Lang;

use crate::i18n::{provide_lang, use_lang, LangTexts};
use crate::pages::{
    account::AccountPage, admins::AdminsPage, distribution::DistributionPage, home::HomePage,
    import::ImportPage, local::LocalPage, login::LoginPage, settings::SettingsPage,
};
use crate::session::provide_session;

/// The whole app: every page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Frame>
            <Routes fallback=NotFound>
                <StepsRoutes />
                <Route path=path!("/structures/:id/settings") view=SettingsPage />
                <Route path=path!("/structures/:id/import") view=ImportPage />
                <Route path=path!("/admins") view=AdminsPage />
                <Route path=path!("/account") view=AccountPage />
                <Route path=path!("/local") view=LocalPage />
                <Route path=path!("/local.html") view=LocalPage />
            </Routes>
        </Frame>
    }
}

/// The sign-in and the three steps, the page module every school downloads; any other page is
/// handed over to the whole app.
#[component]
pub fn StepsApp() -> impl IntoView {
    view! {
        <Frame>
            <Routes fallback=ElsewhereOrNotFound>
                <StepsRoutes />
            </Routes>
        </Frame>
    }
}

/// The pages of the steps module, which the whole app has too: `/`, the sign-in and the
/// distribution. One list, so that both modules always open these addresses alike.
#[component(transparent)]
fn StepsRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("/") view=HomePage />
        <Route path=path!("/login") view=LoginPage />
        <Route path=path!("/structures/:id/distribution") view=DistributionPage />
    }
    .into_inner()
    // One route as `Routes` sees it: the browser's build erases each component's type, and
    // there `Routes` takes only routes of that one erased type.
    .into_any_nested_route()
}

/// What every page shares: the router, the language and the session, the header.
#[component]
fn Frame(children: Children) -> impl IntoView {
    let lang = provide_lang();
    provide_session();
    let texts = move || lang.get().texts();
    let switch = move |_| lang.update(|l| *l = if *l == Lang::Fr { Lang::En } else { Lang::Fr });
    view! {
        <Router>
            <main class="app" data-testid="app">
                <header class="app-header">
                    <div>
                        <h1>"Sésame"</h1>
                        <p class="tagline">{move || texts().tagline}</p>
                    </div>
                    <button type="button" class="lang-switch" on:click=switch>
                        {move || if lang.get() == Lang::Fr { "English" } else { "Français" }}
                    </button>
                </header>
                {children()}
            </main>
        </Router>
    }
}

/// A path that is no page.
#[component]
fn NotFound() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    view! {
        <div class="card">
            <p class="error" role="alert" data-testid="error">{move || texts().not_found}</p>
            <p><a href="/" data-testid="back-home">{move || texts().back_home}</a></p>
        </div>
    }
}

/// In the steps module, a path it has no page for: a page of the whole app (where the app's
/// own navigation led; links there are page loads already) is loaded again from the server,
/// which answers it with the whole app; anything else is no page at all.
#[component]
fn ElsewhereOrNotFound() -> impl IntoView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    if AppModule::for_path(&path) == AppModule::Steps {
        return view! { <NotFound /> }.into_any();
    }
    let address = format!(
        "{path}{}{}",
        location.search.get_untracked(),
        location.hash.get_untracked()
    );
    crate::whole_module::open(&address);
    let lang = use_lang();
    view! {
        <p role="status"><span class="spinner" aria-hidden="true"></span>" "{move || lang.get().texts().loading}</p>
    }
    .into_any()
}
