//! The cover sheet of a class's file (« Un PDF par classe », or any document with cover sheets):
//! what the pile is, for whom, how many, prepared when, and a line for who hands it out. A4
//! portrait, printed before the group's sign-off sheet. It shows no code and no name but the
//! class's: it is the outside of the pile.

use super::content::Content;
use super::fonts::Typeface;
use super::letter_design::{block, paragraph};
use super::pen::{Pen, Style};
use super::units::{mm, A4_PORTRAIT};
use crate::letter::CoverText;

const MARGIN: f32 = 25.0; // mm

fn from_top(v: f32) -> f32 {
    A4_PORTRAIT.h - mm(v)
}

/// Draws the cover page of `t`.
pub(crate) fn cover_page(pen: &mut Pen, t: &CoverText) -> Content {
    let mut out = Content::new();
    let (x, w) = (mm(MARGIN), A4_PORTRAIT.w - 2.0 * mm(MARGIN));
    let regular = |size| Style::new(Typeface::Regular, size);
    let bold = |size| Style::new(Typeface::Bold, size);
    let mut y = block(
        pen,
        &mut out,
        &t.school,
        regular(13.0),
        2,
        9.0,
        x,
        from_top(30.0),
        w,
    );
    y = block(pen, &mut out, &t.title, bold(20.0), 2, 12.0, x, y - mm(4.0), w);
    y -= mm(12.0);
    y = block(pen, &mut out, &t.group, bold(34.0), 2, 14.0, x, y, w);
    y -= mm(4.0);
    y = block(pen, &mut out, &t.count, bold(18.0), 1, 12.0, x, y, w);
    if let Some(date) = &t.date {
        y = block(pen, &mut out, date, regular(13.0), 1, 9.0, x, y - mm(2.0), w);
    }

    // « À remettre par : ____ », a line long enough for a name in handwriting.
    y -= mm(18.0);
    let style = bold(14.0);
    let baseline = y - style.size;
    pen.line(&mut out, style, x, baseline, &t.hand_out);
    let start = x + pen.width(style, &t.hand_out) + mm(3.0);
    out.save().stroke_gray(0.2).line_width(0.8);
    out.move_to(start, baseline - 2.0)
        .line_to(x + w, baseline - 2.0)
        .stroke()
        .restore();
    y = baseline - mm(16.0);

    for line in &t.contents {
        y = paragraph(pen, &mut out, line, regular(11.0), 2, 8.0, x, y, w) - mm(1.5);
    }
    paragraph(
        pen,
        &mut out,
        &t.note,
        regular(10.0),
        3,
        7.0,
        x,
        from_top(250.0),
        w,
    );
    out
}
