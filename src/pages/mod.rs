//! One page per file.

pub mod account;
pub mod admins;
pub mod distribution;
pub mod home;
pub mod import;
pub mod local;
pub mod login;
pub mod settings;
