//! `sesame-core`: everything Sésame decides, with no I/O, shared by the browser app and the server.
//!
//! The same code filters and sorts the table the admin checks, the PDF they print and the list of
//! people they e-mail, so what was checked is exactly what is distributed (ARCHITECTURE.md, « Invariants »).
//!
//! - [`model`]: the directory as the API serves it (users, structures, letter settings).
//! - [`access`]: what the app offers whoever is signed in, by role (a teacher: their classes'
//!   distribution page, nothing of the administration).
//! - [`sign_in_offer`]: what the sign-in page offers (the ENT's button, the password form) and
//!   why a sign-in through the ENT came back to it.
//! - [`account_state`]: an account's state in one word (to activate, activated, outside sign-in,
//!   blocked).
//! - [`fold`]: case- and accent-folding shared by search and sorting ("Émile" ≈ "emile").
//! - [`timezone`]: the school's calendar, so "created before 1 September" means Paris midnight.
//! - [`selection`]: the filters of the "Sélection" step and how a user matches them.
//! - [`query`]: the selection's URL query syntax (ARCHITECTURE.md, « Interfaces kept stable »), parsed and written by one parser.
//! - [`class_order`]: school order of class names (PS … CM2, 6e … Tle).
//! - [`membership`]: the classes an account belongs to (a relative: their children's) and the
//!   text a search looks in.
//! - [`sort`]: the sort choices (by profile or class, then name).
//! - [`school`]: a structure and its directory, read from the API's body (the one place that
//!   decides its time zone).
//! - [`directory`]: users prepared once, then selected (filtered + sorted) fast on every change.
//! - [`settings_check`]: letter settings checked before they are saved (app and server alike).
//! - [`guidance`]: which selected accounts sign in elsewhere and need no letter.
//! - [`lang`]: the language of the interface and of the letters (French first).
//! - [`letter`]: what a credential letter says, per profile and activation state.
//! - [`mail_failure`]: why an e-mail did not go, explained in the interface's language beside
//!   the mail server's own words.
//! - [`mailing`]: a credentials mailing as the app follows it (progress, outcomes, who was not reached).
//! - [`picking`]: accounts ticked one by one in the table, and what step 3 then works on.
//! - [`pdf`]: the letters laid out on A4 pages (1, 2 or 8 per page) or sticker and card sheets,
//!   written with lopdf; one PDF per class in a ZIP.
//! - [`wire`]: every request and response body of the HTTP API, shared by the server and the app.
//! - [`import`]: the ENT's CSV export read into accounts (encodings, separators, every bad line).
//! - [`password_strength`]: how guessable a password is (repetitions, runs, common passwords,
//!   what the guesser knows), for [`admin_rules`].
//! - [`invisible`]: characters that make a text display as another (bidirectional overrides,
//!   zero-width characters), refused in names, logins and display names.
//! - [`codes_csv`]: the selection's codes as the ENT's own CSV export, read back by [`import`].
//! - [`local`]: local mode — an export's accounts as a school in the browser, and the letter
//!   settings file the administrator keeps.

pub mod access;
pub mod account_state;
pub mod admin_rules;
pub mod class_order;
pub mod codes_csv;
pub mod directory;
pub mod fold;
pub mod guidance;
pub mod import;
pub mod invisible;
pub mod lang;
pub mod letter;
pub mod local;
pub mod login_limits;
pub mod mail_failure;
pub mod mailing;
mod matcher;
pub mod membership;
pub mod model;
pub mod password_strength;
pub mod pdf;
pub mod picking;
pub mod query;
pub mod school;
pub mod selection;
pub mod settings_check;
pub mod sign_in;
pub mod sign_in_offer;
pub mod sort;
pub mod teacher_scope;
pub mod timezone;
pub mod typed_date;
pub mod wire;

pub use account_state::AccountState;
pub use directory::Directory;
pub use lang::Lang;
pub use model::{ChildRef, ClassRef, LetterSettings, Millimetres, Profile, Structure, User};
pub use query::{Choice, QueryError};
pub use school::{School, UnknownZone};
pub use selection::{Activation, Blocked, Distributed, EmailFilter, Layout, LocalAdmins, Selection};
pub use sort::{Sort, SortKey};
pub use timezone::SchoolTimeZone;
pub use wire::UsersResponse;
