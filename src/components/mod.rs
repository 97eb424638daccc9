//! Components of the distribution page, one per file.

pub mod blocked_note;
pub mod counts;
pub mod distribute;
pub mod filters;
pub mod guidance;
pub mod letter_preview;
pub mod mail;
pub mod mail_confirm;
pub mod mail_result;
pub mod mark_distributed;
pub mod session_bar;
pub mod user_table;
