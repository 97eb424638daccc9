//! The « page de test » of a sticker or card sheet: the outline of every label where the
//! document would print it (the structure's calibration offset included), a dotted line where
//! the text may go, and each label's number. Printed on plain paper and held against a sheet
//! of labels to the light, it shows whether the printer shifts, and by how much.

use super::builder::label_offset;
use super::content::Content;
use super::error::PdfError;
use super::fonts::{Fonts, Typeface};
use super::pen::{Pen, Style};
use super::sheets::{preset, Placement, SheetPreset};
use super::units::mm;
use super::LettersBuilder;
use crate::lang::Lang;
use crate::letter;
use crate::model::Structure;
use crate::selection::Layout;

/// The one-page test PDF of `layout`'s sheet for `structure`; `None` for plain-paper layouts,
/// which have no labels to find.
pub fn test_page(
    structure: &Structure,
    fonts: &Fonts,
    layout: Layout,
    lang: Lang,
) -> Option<Result<Vec<u8>, PdfError>> {
    let preset = preset(layout)?;
    let options = super::PdfOptions {
        lang,
        ..super::PdfOptions::with_layout(layout)
    };
    let mut builder = LettersBuilder::new(structure, fonts, options);
    let offset = (
        structure.letter_settings.label_offset_x_mm,
        structure.letter_settings.label_offset_y_mm,
    );
    let texts = letter::test_page_text(preset.reference, offset, lang);
    builder.add_page(|pen| outlines(pen, preset, label_offset(structure), &texts));
    Some(builder.finish_pages().map(|pdf| pdf.bytes))
}

/// Draws the outlines (`re`, `S`), the padding (dashed), the numbers and, in the first label,
/// the title and the offset.
fn outlines(
    pen: &mut Pen,
    preset: &'static SheetPreset,
    offset: (f32, f32),
    texts: &(String, String),
) -> Content {
    let placement = Placement::new(preset, offset);
    let (px, py) = (mm(preset.padding_mm.0), mm(preset.padding_mm.1));
    let mut out = Content::new();
    out.save().stroke_gray(0.0).line_width(0.5);
    for b in placement.labels() {
        out.rect(b.x, b.y, b.w, b.h);
    }
    out.stroke().restore();
    out.save().stroke_gray(0.6).line_width(0.4).dash(Some((1.0, 2.0)));
    for b in placement.labels() {
        out.rect(b.x + px, b.y + py, b.w - 2.0 * px, b.h - 2.0 * py);
    }
    out.stroke().restore();
    let number = Style::new(Typeface::Bold, 14.0);
    for (i, b) in placement.labels().iter().enumerate() {
        let n = (i + 1).to_string();
        let w = pen.width(number, &n);
        pen.line(&mut out, number, b.x + (b.w - w) / 2.0, b.y + b.h / 2.0 - 5.0, &n);
    }
    let first = placement.label(0);
    let small = Style::new(Typeface::Regular, 6.5);
    let inner_w = first.w - 2.0 * px;
    let top = first.y + first.h - py;
    let fitted = |pen: &Pen, text: &str| {
        super::wrap::fit(
            text,
            super::wrap::FitSpec::new(inner_w, 1, small.size, 4.0),
            &pen.measure(small.face),
        )
    };
    for (k, text) in [&texts.0, &texts.1].into_iter().enumerate() {
        let f = fitted(pen, text);
        let y = top - small.size - k as f32 * small.size * 1.3;
        pen.lines(&mut out, small.with_size(f.size), first.x + px, y, 0.0, &f.lines);
    }
    out
}
