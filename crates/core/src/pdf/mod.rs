//! Credential letters as PDF (README, « Using the app »): A4 pages of 1 letter, 2 letters (A5 halves) or 8
//! cards, built with lopdf, the same code in the browser (wasm) and in `sesame letters`.
//!
//! # Use
//!
//! ```no_run
//! # use sesame_core::pdf::*;
//! # use sesame_core::{Directory, Selection, Structure};
//! # fn run(structure: &Structure, directory: &Directory, selection: &Selection,
//! #        regular: Vec<u8>, bold: Vec<u8>, mono: Vec<u8>) -> Result<(), Box<dyn std::error::Error>> {
//! // Once per session: DejaVu Sans, Sans Bold and Sans Mono from public/fonts/.
//! let fonts = Fonts::new(regular, bold, mono)?;
//! let indices = directory.select(selection); // the same order as the table
//! let options = PdfOptions::for_selection(selection); // its layout; then QR, sheets…
//! // Before generating: characters no font has (none for Latin, Greek, Cyrillic, Vietnamese),
//! // and those of right-to-left scripts or scripts needing shaping, which would print mangled.
//! let users = indices.iter().map(|&i| &directory.users()[i]);
//! let missing = missing_chars(&fonts, structure, users, options.lang);
//! // If `missing` is not empty, show it and ask; set `MissingGlyphs::Print` to print anyway.
//! let mut builder = LettersBuilder::new(structure, &fonts, options);
//! for chunk in indices.chunks(500) {
//!     builder.add_selected(directory, chunk, selection);
//!     // the app yields to the event loop here and shows builder.letters() / indices.len()
//! }
//! let pdf: LettersPdf = builder.finish()?; // pdf.bytes is the file
//! # Ok(()) }
//! ```
//!
//! Users come in the order given, each with a group label ([`group_label`]: the class or
//! profile of the selection's sort, empty when sorted by name only): consecutive users with the
//! same label form a group, which gets a bookmark, optionally a sign-off sheet and a new page.
//! [`LettersBuilder::add_users`] and [`letters_pdf`] take `(user, label)` pairs directly.
//!
//! # Decisions
//!
//! - **Exact text.** Fonts are embedded as subsets (subsetter) of TrueType faces, written as
//!   CIDFontType2 with Identity-H encoding, a `/ToUnicode` CMap and `/W` widths; every text is
//!   NFC. Each distinct character gets its own code (module `glyphs`), so `pdftotext` gives back every
//!   name, login and code exactly, whatever the script.
//! - **Missing characters** are never dropped or replaced silently: see [`coverage`] and
//!   [`MissingGlyphs`]. By default the document is refused with the list of characters and
//!   accounts; the app shows it (best before generating, with [`missing_chars`]) and lets the
//!   administrator print anyway, in which case the character prints as an empty box and stays
//!   exact in the text layer.
//! - **Never mangled**: text is drawn glyph by glyph, left to right, without shaping, so the
//!   characters of right-to-left scripts (Arabic, Hebrew…) and of scripts that need shaping
//!   (Devanagari, Thai…) count as missing even where DejaVu has them ([`scripts`]): a name in
//!   such a script is reported, with its reason, rather than printed in the wrong order or with
//!   unjoined letters.
//! - **Never overflowing**: every personal text is fitted to its box (shrunk a little, then
//!   wrapped, see [`wrap`]); only absurdly long texts (over ~100 characters for a name) would
//!   end with "…".
//! - **Deterministic**: no date unless given, the `/ID` is a hash of the content, subset tags
//!   are derived from the characters used. The metadata holds the school's name only.
//! - **Fast and small**: the text shared by every letter is a form XObject drawn by each page
//!   (one per activation state); pages inherit fonts, resources and media box from the page
//!   tree, so a letter costs a page dictionary and a short compressed content stream.
//!
//! # Modules
//!
//! Layout maths (plain numbers): [`units`], [`grid`], [`wrap`], `flow` (text down a column);
//! designs (positions and sizes): `letter_design`, `card_design`, `sheet_design`; drawing:
//! [`content`] (operators), `pen` (text), [`qr`]; PDF objects: `write_doc`, `write_font`; the
//! public builder: `builder`.

mod builder;
mod card_design;
mod class_zip;
pub mod content;
mod cover_design;
pub mod coverage;
mod error;
mod file_name;
mod flow;
pub mod fonts;
mod glyphs;
pub mod grid;
mod group;
mod hash;
mod label_design;
mod letter_design;
mod options;
mod pen;
pub mod qr;
pub mod scripts;
mod sheet_design;
pub mod sheets;
mod test_page;
pub mod units;
pub mod wrap;
mod write_doc;
mod write_font;

pub use builder::{letters_pdf, LettersBuilder, LettersPdf};
pub use class_zip::{zip_order, ClassZip, ClassZipBuilder, ZipEntry};
pub use coverage::{missing_chars, MissingChar, MissingReason};
pub use error::PdfError;
pub use file_name::{class_file_name, csv_file_name, file_name, zip_file_name};
pub use fonts::{FontError, Fonts, Typeface};
pub use group::{group_label, zip_grouping};
pub use options::{MissingGlyphs, PdfOptions, QrCode};
pub use test_page::test_page;

#[cfg(test)]
mod layout_tests;
