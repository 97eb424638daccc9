//! The `sesame` subcommands other than `serve`: each a thin layer over core and storage.

pub mod admin;
pub mod copy;
pub mod demo;
pub mod import;
pub mod letters;
pub mod migrate;
