//! The root component: the page frame, the language and the session every page shares, and the
//! routes (ARCHITECTURE.md, « Interfaces kept stable »): `/login`,
//! `/structures/{id}/distribution?<selection>`, `/structures/{id}/settings` (the letter
//! settings), `/structures/{id}/import` (the ENT's export), `/admins` (administrators and
//! schools), `/account` (one's own password), `/`, which goes to the administrator's first
//! structure, and local mode, `/local` (no account, no server data) — also as `/local.html`, a
//! file of `dist/`, for a plain static server that knows no app routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use sesame_core::Lang;

use crate::i18n::{provide_lang, LangTexts};
use crate::pages::{
    account::AccountPage, admins::AdminsPage, distribution::DistributionPage, home::HomePage,
    import::ImportPage, local::LocalPage, login::LoginPage, settings::SettingsPage,
};
use crate::session::provide_session;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
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
                <Routes fallback=move || view! {
                    <div class="card">
                        <p class="error" role="alert" data-testid="error">{move || texts().not_found}</p>
                        <p><a href="/" data-testid="back-home">{move || texts().back_home}</a></p>
                    </div>
                }>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/structures/:id/distribution") view=DistributionPage />
                    <Route path=path!("/structures/:id/settings") view=SettingsPage />
                    <Route path=path!("/structures/:id/import") view=ImportPage />
                    <Route path=path!("/admins") view=AdminsPage />
                    <Route path=path!("/account") view=AccountPage />
                    <Route path=path!("/local") view=LocalPage />
                    <Route path=path!("/local.html") view=LocalPage />
                </Routes>
            </main>
        </Router>
    }
}
