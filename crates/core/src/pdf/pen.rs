//! Drawing lines of text: characters resolved to glyphs (with fallback between faces), given
//! their codes, and written as `BT … Tf … Td … Tj … ET`; characters no face has are logged.

use super::content::Content;
use super::coverage::{is_layout_whitespace, MissingLog};
use super::fonts::{Fonts, Typeface};
use super::glyphs::UsedGlyphs;
use super::wrap::Measure;

/// The resource name of each face's font in every content stream (`/R 11 Tf`).
pub(crate) fn font_resource(face: Typeface) -> &'static str {
    match face {
        Typeface::Regular => "R",
        Typeface::Bold => "B",
        Typeface::Mono => "M",
    }
}

/// A face at a size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub face: Typeface,
    pub size: f32,
}

impl Style {
    pub const fn new(face: Typeface, size: f32) -> Style {
        Style { face, size }
    }

    pub fn with_size(self, size: f32) -> Style {
        Style { size, ..self }
    }
}

/// The widths of one face, for the layout maths of [`super::wrap`].
pub(crate) struct FaceMeasure<'a> {
    pub fonts: &'a Fonts,
    pub face: Typeface,
}

impl Measure for FaceMeasure<'_> {
    #[inline]
    fn advance(&self, c: char) -> f32 {
        self.fonts.advance_em(self.face, c)
    }
}

/// Everything needed to turn text into glyph codes: the fonts, the codes assigned so far and
/// the log of missing characters.
pub(crate) struct Pen<'a> {
    pub fonts: &'a Fonts,
    pub glyphs: &'a mut UsedGlyphs,
    /// Also knows whose letter is being drawn, for the report.
    pub missing: &'a mut MissingLog,
}

impl Pen<'_> {
    pub fn measure(&self, face: Typeface) -> FaceMeasure<'_> {
        FaceMeasure {
            fonts: self.fonts,
            face,
        }
    }

    /// The width of `text` in `style`, in points.
    pub fn width(&self, style: Style, text: &str) -> f32 {
        self.fonts.width_em(style.face, text) * style.size
    }

    /// Writes `text` as one line starting at (`x`, `y`) (its baseline), in `style`:
    /// `BT /F size Tf x y Td <codes> Tj … ET`, switching font (`Tf`) where a character comes
    /// from a fallback face. `Tj` advances by the `/W` widths, which are the same advances the
    /// layout measured, so what was measured is what prints.
    pub fn line(&mut self, out: &mut Content, style: Style, x: f32, y: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        out.begin_text();
        let mut current = style.face;
        out.font(font_resource(current), style.size).next_line(x, y);
        let mut codes: Vec<u16> = Vec::with_capacity(text.len());
        for c in text.chars() {
            let c = if is_layout_whitespace(c) { ' ' } else { c };
            let (face, code) = match self.fonts.resolve(style.face, c) {
                Some(glyph) => (glyph.face, self.glyphs.cid(c, glyph)),
                None => {
                    self.missing.record_here(c);
                    (style.face, self.glyphs.notdef_cid(c, style.face))
                }
            };
            if face != current {
                if !codes.is_empty() {
                    out.show(codes.drain(..));
                }
                current = face;
                out.font(font_resource(current), style.size);
            }
            codes.push(code);
        }
        out.show(codes);
        out.end_text();
    }

    /// Writes `lines` one under the other, the first baseline at `y`, `leading` apart.
    pub fn lines(&mut self, out: &mut Content, style: Style, x: f32, y: f32, leading: f32, lines: &[String]) {
        for (i, line) in lines.iter().enumerate() {
            self.line(out, style, x, y - i as f32 * leading, line);
        }
    }
}
