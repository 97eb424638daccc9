//! The cover sheet of a class's file (« Un PDF par classe », or any document with cover sheets):
//! what the pile is, for whom, how many, prepared when, and a line for who hands it out. A4
//! portrait, printed before the group's sign-off sheet. It shows no code and no name but the
//! class's: it is the outside of the pile.

use super::content::Content;
use super::flow::{Fit, Flow};
use super::fonts::Typeface;
use super::pen::{Pen, Style};
use super::units::{mm, A4_PORTRAIT};
use crate::letter::CoverText;

const MARGIN: f32 = 25.0; // mm

fn from_top(v: f32) -> f32 {
    A4_PORTRAIT.h - mm(v)
}

const SCHOOL: Fit = Fit::block(Style::new(Typeface::Regular, 13.0), 2, 9.0);
const TITLE: Fit = Fit::block(Style::new(Typeface::Bold, 20.0), 2, 12.0);
const GROUP: Fit = Fit::block(Style::new(Typeface::Bold, 34.0), 2, 14.0);
const COUNT: Fit = Fit::block(Style::new(Typeface::Bold, 18.0), 1, 12.0);
const DATE: Fit = Fit::block(Style::new(Typeface::Regular, 13.0), 1, 9.0);
const HAND_OUT: Style = Style::new(Typeface::Bold, 14.0);
const CONTENTS: Fit = Fit::paragraph(Style::new(Typeface::Regular, 11.0), 2, 8.0);
const NOTE: Fit = Fit::paragraph(Style::new(Typeface::Regular, 10.0), 3, 7.0);

/// Draws the cover page of `t`.
pub(crate) fn cover_page(pen: &mut Pen, t: &CoverText) -> Content {
    let mut out = Content::new();
    let (x, w) = (mm(MARGIN), A4_PORTRAIT.w - 2.0 * mm(MARGIN));
    let mut flow = Flow::new(x, from_top(30.0), w);
    flow.text(pen, &mut out, &t.school, SCHOOL)
        .gap(4.0)
        .text(pen, &mut out, &t.title, TITLE)
        .gap(12.0)
        .text(pen, &mut out, &t.group, GROUP)
        .gap(4.0)
        .text(pen, &mut out, &t.count, COUNT);
    if let Some(date) = &t.date {
        flow.gap(2.0).text(pen, &mut out, date, DATE);
    }

    // « À remettre par : ____ », a line long enough for a name in handwriting.
    flow.gap(18.0);
    let baseline = flow.top - HAND_OUT.size;
    pen.line(&mut out, HAND_OUT, x, baseline, &t.hand_out);
    let start = x + pen.width(HAND_OUT, &t.hand_out) + mm(3.0);
    out.save().stroke_gray(0.2).line_width(0.8);
    out.move_to(start, baseline - 2.0)
        .line_to(x + w, baseline - 2.0)
        .stroke()
        .restore();
    flow.top = baseline - mm(16.0);

    for line in &t.contents {
        flow.text(pen, &mut out, line, CONTENTS).gap(1.5);
    }
    Flow::new(x, from_top(250.0), w).text(pen, &mut out, &t.note, NOTE);
    out
}
