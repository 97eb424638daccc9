//! Components of the distribution page, one per file.

pub mod counts;
pub mod distribute;
pub mod filters;
pub mod guidance;
pub mod letter_preview;
pub mod mail;
pub mod mail_confirm;
pub mod mail_result;
pub mod user_table;
