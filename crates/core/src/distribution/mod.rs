//! Step 3 beside the PDF: what the distribution needs to decide that is neither a letter's text
//! nor its layout.
//!
//! - [`guidance`]: which selected accounts sign in elsewhere and need no letter, and the advice
//!   shown for them.
//! - [`codes_csv`]: the selection's codes as the ENT's own CSV export, read back by
//!   [`crate::import`].
//! - [`mailing`]: a credentials mailing as the app follows it (progress, outcomes, who was not
//!   reached).
//! - [`mail_failure`]: why an e-mail did not go, in the interface's language beside the mail
//!   server's own words.

pub mod codes_csv;
pub mod guidance;
pub mod mail_failure;
pub mod mailing;
