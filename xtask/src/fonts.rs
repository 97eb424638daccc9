//! `cargo xtask core-fonts`: writes the « core » cuts of the three PDF fonts beside them in
//! `public/fonts/` (`DejaVuSans-core.ttf`, …), from the full DejaVu files, with `pyftsubset`
//! (fontTools, `pip install fonttools`; only needed to regenerate them, never by CI: the cuts are
//! committed).
//!
//! Why: the PDF worker downloads its fonts on the first PDF, and the three full files are about
//! 760 KB even with Brotli — most of the first PDF's time on a school's link. Nearly
//! every school prints only Latin, Greek and Cyrillic names: the worker fetches these cuts
//! (about a third of the bytes) and fetches the full files only when a job holds a character
//! the cuts lack (`sesame_core::pdf::core_fonts_suffice`), so no name prints differently.
//!
//! The three cuts keep the same set of characters (each face's own glyphs among them, hinting
//! and metrics untouched): a character any cut has is drawn by the same face, the same glyph, as
//! with the full files. `sesame-core`'s tests check that property on the committed files.

use crate::run::{root, run, Result};

/// The characters kept: Latin (with Vietnamese), spacing modifiers and combining marks, Greek,
/// Cyrillic, punctuation, currency, letterlike symbols, arrows, a few maths signs, box drawing
/// and geometric shapes (the letters' own marks), and the Latin ligatures.
const UNICODES: &str = "U+0000-024F,U+02B0-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,\
                        U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+221A,U+2260,\
                        U+2264-2265,U+2500-257F,U+25A0-25FF,U+2605,U+FB00-FB06";

/// The faces, as named in `public/fonts/`.
const FACES: [&str; 3] = ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"];

pub fn core_fonts() -> Result {
    let dir = root().join("public").join("fonts");
    for face in FACES {
        let full = dir.join(format!("{face}.ttf"));
        let cut = dir.join(format!("{face}-core.ttf"));
        run(std::process::Command::new("pyftsubset")
            .arg(&full)
            .arg(format!("--unicodes={UNICODES}"))
            .arg(format!("--output-file={}", cut.display()))
            // Everything but the characters stays as in the full file: OpenType features,
            // hinting, names (the licence), the legacy kerning table, the .notdef box.
            .args([
                "--layout-features=*",
                "--name-IDs=*",
                "--name-languages=*",
                "--legacy-kern",
                "--notdef-outline",
                // Glyph ids as in the full file: a PDF drawn with the cuts is the same document.
                "--retain-gids",
            ]))?;
    }
    Ok(())
}
