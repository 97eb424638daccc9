//! The Sésame app: a Leptos single-page app, rendered in the browser (CSR).
//!
//! `main.rs` only mounts [`StepsApp`] (the page module every school downloads: the sign-in and
//! the three steps), `bin/whole.rs` [`App`] (every page, for the others: [`whole_module`]).
//! Layers point one way — a module never imports one above it:
//!
//! 1. [`app`] (the root: frame, routes) and [`pages`], one page per file;
//! 2. [`components`], the pages' parts, one per file;
//! 3. state and services, no view: [`session`] (who is signed in), [`address_selection`] (the
//!    selection in the address), [`school_memory`] (the last directory, revalidated),
//!    [`mail_run`] (a mailing followed), [`pdf_job`] (the PDF worker, messages in
//!    [`pdf_protocol`]; [`worker_build`] one build followed by a page), [`import_job`] (local
//!    mode's import worker, messages in [`import_protocol`]; both read through
//!    [`worker_message`]), [`api`] (HTTP only),
//!    [`browser`] (timers, blobs, random keys), [`boot_form`] (the page's own sign-in form, taken
//!    over), [`whole_module`] (the whole app's module, from the steps'), [`i18n`] (every text,
//!    and the language chosen);
//! 4. `sesame-core`: every decision — selection, sorting, letter text, PDF layout — shared with
//!    the server and the CLI.
//!
//! The PDF engine runs in a Web Worker of its own (`src/bin/pdf_worker.rs`), and so does local
//! mode's CSV parser (`src/bin/import_worker.rs`), so this module carries neither.

pub mod address_selection;
pub mod api;
pub mod app;
pub mod boot_form;
pub mod browser;
pub mod components;
pub mod i18n;
pub mod import_job;
pub mod import_protocol;
pub mod mail_run;
pub mod pages;
pub mod pdf_job;
pub mod pdf_protocol;
pub mod school_memory;
pub mod session;
pub mod whole_module;
pub mod worker_build;
pub mod worker_message;

pub use app::{App, StepsApp};
