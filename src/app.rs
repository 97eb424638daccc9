//! The root component: the page frame with the product name.

use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <main class="app" data-testid="app">
            <header class="app-header">
                <h1>"Sésame"</h1>
                <p class="tagline">"Distribuer les identifiants des comptes de l'ENT"</p>
            </header>
        </main>
    }
}
