//! One page per file, and what they share: the school a page's address names.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub mod account;
pub mod admins;
pub mod distribution;
pub mod home;
pub mod import;
pub mod local;
pub mod login;
pub mod settings;

/// The school a page of `/structures/:id/…` is about: the `id` of its address, followed as the
/// address changes (a link to another school's page reuses the page).
pub fn use_structure_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()))
}
