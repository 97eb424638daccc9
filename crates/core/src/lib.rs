//! `sesame-core`: everything Sésame decides, with no I/O, shared by the browser app and the server.
//!
//! The same code filters and sorts the table the admin checks, the PDF they print and the list of
//! people they e-mail, so what was checked is exactly what is distributed (ARCHITECTURE.md, « Invariants »).
//!
//! - [`model`]: the directory as the API serves it (users, structures, letter settings).
//! - [`wire`]: every request and response body of the HTTP API, shared by the server and the app.
//! - [`lang`]: the language of the interface and of the letters (French first).
//! - [`timezone`]: the school's calendar, so "created before 1 September" means Paris midnight.
//! - [`school`]: a structure and its directory, read from the API's body (the one place that
//!   decides its time zone).
//! - [`selection`]: steps 1 and 2 — the filters and how a user matches them, their URL query
//!   syntax, the directory prepared once and selected on every change, sorting, school order
//!   of classes, accounts ticked one by one, case- and accent-folding.
//! - [`access`]: who may sign in and what each role is offered — the sign-in decisions and the
//!   sign-in page's offer, a teacher's scope, administrators' rules and passwords' strength, the
//!   rate limiter's policy, invisible characters refused in names.
//! - [`letter`]: what a credential letter says, per profile and activation state, and its
//!   settings checked before they are saved.
//! - [`pdf`]: the letters laid out on A4 pages (1, 2 or 8 per page) or sticker and card sheets,
//!   written with lopdf; one PDF per class in a ZIP.
//! - [`distribution`]: step 3 beside the PDF — which accounts need no letter, the codes as the
//!   ENT's CSV export, a mailing as the app follows it and why an e-mail did not go.
//! - [`import`]: the ENT's CSV export read into accounts (encodings, separators, every bad line).
//! - [`made_up`]: the seeded generator of made-up schools — the demo's, the tests' and the
//!   benchmarks' data.
//! - [`app_module`]: which of the app's two WebAssembly modules draws a page.
//! - [`local`]: local mode — an export's accounts as a school in the browser, and the letter
//!   settings file the administrator keeps.

pub mod access;
pub mod app_module;
pub mod distribution;
pub mod import;
pub mod lang;
pub mod letter;
pub mod local;
pub mod made_up;
pub mod model;
pub mod pdf;
pub mod school;
pub mod selection;
pub mod timezone;
pub mod wire;

pub use lang::Lang;
pub use model::{ChildRef, ClassRef, LetterSettings, Millimetres, Profile, Structure, User};
pub use school::{School, UnknownZone};
pub use selection::account_state::AccountState;
pub use selection::directory::Directory;
pub use selection::query::{Choice, QueryError};
pub use selection::sort::{Sort, SortKey};
pub use selection::{Activation, Blocked, Distributed, EmailFilter, Layout, LocalAdmins, Selection};
pub use timezone::SchoolTimeZone;
pub use wire::UsersResponse;
