//! Building the letters PDF in the browser, in chunks: the core engine does the work
//! ([`sesame_core::pdf`]); this module fetches the fonts (once, and only when a PDF is made),
//! feeds the builder a chunk of accounts at a time and yields to the browser between chunks, so
//! the progress bar moves and "Annuler" is heard.

use std::cell::RefCell;

use sesame_core::fold::fold;
use sesame_core::pdf::{missing_chars, Fonts, LettersBuilder, LettersPdf, MissingChar, PdfOptions};
use sesame_core::Selection;

use crate::api;
use crate::browser::yield_now;
use crate::pages::distribution::Loaded;

/// Accounts per chunk: a few milliseconds of work, so the page stays responsive.
const CHUNK: usize = 250;

thread_local! {
    /// The parsed fonts, kept for the visit once fetched.
    static FONTS: RefCell<Option<Fonts>> = const { RefCell::new(None) };
}

/// The fonts, fetched from the app's own `fonts/` folder the first time.
pub async fn fonts() -> Result<Fonts, String> {
    if let Some(fonts) = FONTS.with(|f| f.borrow().clone()) {
        return Ok(fonts);
    }
    let fetch = |name: &'static str| async move {
        api::asset(&format!("/fonts/{name}"))
            .await
            .map_err(|e| e.message())
    };
    let fonts = Fonts::new(
        fetch("DejaVuSans.ttf").await?,
        fetch("DejaVuSans-Bold.ttf").await?,
        fetch("DejaVuSansMono.ttf").await?,
    )
    .map_err(|e| e.to_string())?;
    FONTS.with(|f| *f.borrow_mut() = Some(fonts.clone()));
    Ok(fonts)
}

/// Characters of the selected accounts' letters that no font can print.
pub fn preflight(
    fonts: &Fonts,
    loaded: &Loaded,
    indices: &[usize],
    options: &PdfOptions,
) -> Vec<MissingChar> {
    let users = indices.iter().map(|&i| &loaded.directory.users()[i]);
    missing_chars(fonts, &loaded.structure, users, options.lang)
}

/// Builds the PDF of `indices` (already in selection order), reporting progress as
/// `(done, total)`; `None` when cancelled.
pub async fn build(
    fonts: &Fonts,
    loaded: &Loaded,
    indices: &[usize],
    selection: &Selection,
    options: PdfOptions,
    progress: impl Fn(usize, usize),
    cancelled: impl Fn() -> bool,
) -> Result<Option<LettersPdf>, String> {
    let mut builder = LettersBuilder::new(&loaded.structure, fonts, options);
    let total = indices.len();
    progress(0, total);
    for (n, chunk) in indices.chunks(CHUNK).enumerate() {
        yield_now().await;
        if cancelled() {
            return Ok(None);
        }
        builder.add_selected(&loaded.directory, chunk, selection);
        progress((n * CHUNK + chunk.len()).min(total), total);
    }
    yield_now().await;
    builder.finish().map(Some).map_err(|e| e.to_string())
}

/// `identifiants-<school>-<date>.pdf`, the school's name in plain ASCII.
pub fn file_name(school: &str, date: &str) -> String {
    let mut slug = String::new();
    for c in fold(school).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    format!("identifiants-{}-{date}.pdf", slug.trim_end_matches('-'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(
            super::file_name("École élémentaire Jean-Jaurès", "2026-09-01"),
            "identifiants-ecole-elementaire-jean-jaures-2026-09-01.pdf"
        );
        assert_eq!(
            super::file_name("Collège « Œuvre »", "2026-09-01"),
            "identifiants-college-oeuvre-2026-09-01.pdf"
        );
    }
}
