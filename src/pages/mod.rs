//! One page per file.

pub mod distribution;
pub mod home;
pub mod local;
pub mod login;
pub mod settings;
