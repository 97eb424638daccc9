//! The full letter (1 per page, and scaled into each A5 half for 2 per page), in A4 portrait
//! coordinates: where each piece of text goes and at what size.
//!
//! The parts every letter shares (school, ENT, title, steps, help) are drawn once per activation
//! state into a template (a form XObject painted by every page); only the recipient's lines,
//! login, code and QR code are drawn per letter. The template flows from top to bottom once per
//! document, which fixes where the personal parts go.

use super::content::Content;
use super::fonts::Typeface;
use super::grid::design_size;
use super::pen::{Pen, Style};
use super::qr::{draw_qr, QrShape};
use super::units::mm;
use super::wrap::{fit, FitSpec};
use crate::letter::{Boilerplate, Recipient};
use crate::selection::Layout;

const MARGIN: f32 = 20.0; // mm, left and right
const TOP: f32 = 22.0; // mm, first baseline
const BOTTOM: f32 = 18.0; // mm, lowest baseline
const RECIPIENT_HEIGHT: f32 = 36.0; // mm: up to 2 lines of name, then role and children
const BOX_HEIGHT: f32 = 38.0; // mm: the shaded credentials box
const QR_SIZE: f32 = 28.0; // mm, quiet zone included
const VALUE_X: f32 = 50.0; // mm from the box's left edge: where login and code values start

const NAME: Style = Style::new(Typeface::Bold, 18.0);
const ROLE: Style = Style::new(Typeface::Regular, 12.0);
const LOGIN: Style = Style::new(Typeface::Mono, 16.0);
const CODE: Style = Style::new(Typeface::Mono, 19.0);
const LABEL: Style = Style::new(Typeface::Regular, 12.0);
const BODY: Style = Style::new(Typeface::Regular, 12.0);

/// Where the personal parts of a letter go, for one activation state (points, A4 portrait).
#[derive(Debug, Clone, PartialEq)]
struct Slots {
    /// Top of the recipient block.
    recipient_top: f32,
    login_baseline: f32,
    code_baseline: Option<f32>,
    value_x: f32,
    value_width: f32,
    /// Top-left corner of the QR code.
    qr: Option<(f32, f32)>,
}

/// The letter's layout for a document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LetterDesign {
    /// Indexed by `activated as usize`.
    slots: [Slots; 2],
}

fn x0() -> f32 {
    mm(MARGIN)
}

fn width() -> f32 {
    design_size(Layout::One).w - 2.0 * mm(MARGIN)
}

/// Leading (baseline to baseline) for a size.
fn leading(size: f32) -> f32 {
    size * 1.3
}

impl LetterDesign {
    /// Lays out and draws the two templates (to activate, activated); `qr` reserves room for a
    /// QR code beside the credentials.
    pub fn new(pen: &mut Pen, texts: [&Boilerplate; 2], qr: bool) -> (LetterDesign, [Content; 2]) {
        let (a, ta) = Self::template(pen, texts[0], qr);
        let (b, tb) = Self::template(pen, texts[1], qr);
        (LetterDesign { slots: [a, b] }, [ta, tb])
    }

    /// Draws one template, flowing from the top, and notes where the personal parts go.
    fn template(pen: &mut Pen, t: &Boilerplate, qr: bool) -> (Slots, Content) {
        let mut out = Content::new();
        let (x, w) = (x0(), width());
        let page_h = design_size(Layout::One).h;
        let mut y = page_h - mm(TOP);

        // Who sends it: the school, then the ENT and its address.
        y = block(
            pen,
            &mut out,
            &t.school,
            Style::new(Typeface::Bold, 14.0),
            1,
            9.0,
            x,
            y,
            w,
        );
        y = block(
            pen,
            &mut out,
            &t.ent_line,
            Style::new(Typeface::Regular, 11.0),
            2,
            7.0,
            x,
            y,
            w,
        );
        y -= mm(10.0);
        y = block(
            pen,
            &mut out,
            &t.title,
            Style::new(Typeface::Bold, 20.0),
            2,
            12.0,
            x,
            y,
            w,
        );
        y -= mm(2.0);
        y = paragraph(
            pen,
            &mut out,
            &t.intro,
            Style::new(Typeface::Regular, 11.5),
            4,
            8.0,
            x,
            y,
            w,
        );

        // The recipient's name, role and children are drawn per letter.
        y -= mm(4.0);
        let recipient_top = y;
        y -= mm(RECIPIENT_HEIGHT);

        // The credentials box: labels here, values per letter.
        let box_top = y;
        out.save()
            .fill_gray(0.93)
            .rect(x, box_top - mm(BOX_HEIGHT), w, mm(BOX_HEIGHT))
            .fill()
            .restore();
        let inner = x + mm(5.0);
        let qr_x = x + w - mm(QR_SIZE + 4.0);
        let value_x = x + mm(VALUE_X);
        let value_width = if qr {
            qr_x - value_x - mm(3.0)
        } else {
            x + w - mm(5.0) - value_x
        };
        let login_baseline = box_top - mm(12.0);
        pen.line(&mut out, LABEL, inner, login_baseline, &t.login_label);
        let mut code_baseline = None;
        if let Some(label) = &t.code_label {
            let baseline = box_top - mm(26.0);
            pen.line(&mut out, LABEL, inner, baseline, label);
            code_baseline = Some(baseline);
        }
        if let Some((status, line)) = &t.activated {
            let status_style = Style::new(Typeface::Bold, 12.0);
            pen.line(&mut out, status_style, inner, box_top - mm(21.0), status);
            let text_w = if qr { qr_x - inner - mm(3.0) } else { w - mm(10.0) };
            paragraph(
                pen,
                &mut out,
                line,
                Style::new(Typeface::Regular, 10.5),
                2,
                7.0,
                inner,
                box_top - mm(24.5),
                text_w,
            );
        }
        let qr_slot = qr.then(|| {
            let caption_style = Style::new(Typeface::Regular, 7.5);
            let qr_top = box_top - mm(1.5);
            let caption_y = qr_top - mm(QR_SIZE) - mm(0.5);
            paragraph(
                pen,
                &mut out,
                &t.qr_caption,
                caption_style,
                2,
                5.5,
                qr_x,
                caption_y,
                mm(QR_SIZE + 2.0),
            );
            (qr_x, qr_top)
        });
        y = box_top - mm(BOX_HEIGHT) - mm(10.0);

        // What to do with it: numbered steps, then a note.
        y = block(
            pen,
            &mut out,
            &t.steps_title,
            Style::new(Typeface::Bold, 14.0),
            1,
            9.0,
            x,
            y,
            w,
        );
        y -= mm(1.5);
        let number_w = mm(7.0);
        for (i, step) in t.steps.iter().enumerate() {
            // On the first baseline of the step (see `block`).
            pen.line(
                &mut out,
                Style::new(Typeface::Bold, BODY.size),
                x,
                y - BODY.size,
                &format!("{}.", i + 1),
            );
            y = paragraph(pen, &mut out, step, BODY, 3, 8.0, x + number_w, y, w - number_w);
            y -= mm(1.0);
        }
        y -= mm(2.0);
        y = paragraph(
            pen,
            &mut out,
            &t.note,
            Style::new(Typeface::Regular, 11.0),
            3,
            7.0,
            x,
            y,
            w,
        );

        // The school's help text, in what room is left above the bottom margin.
        if !t.help.is_empty() {
            y -= mm(6.0);
            let style = Style::new(Typeface::Regular, 10.5);
            // Lines counted at the preferred size: a smaller size only leaves more room.
            let room = ((y - mm(BOTTOM)) / leading(style.size)).floor().max(1.0) as usize;
            paragraph(pen, &mut out, &t.help, style, room.min(12), 6.5, x, y, w);
        }

        let slots = Slots {
            recipient_top,
            login_baseline,
            code_baseline,
            value_x,
            value_width,
            qr: qr_slot,
        };
        (slots, out)
    }

    /// Where the QR code goes, `(x, top, size)`, for tests.
    #[cfg(test)]
    pub fn qr_box(&self, activated: bool) -> Option<(f32, f32, f32)> {
        self.slots[usize::from(activated)]
            .qr
            .map(|(x, top)| (x, top, mm(QR_SIZE)))
    }

    /// Draws the personal parts of `r`'s letter (in A4 coordinates; the caller places them).
    pub fn personal(&self, pen: &mut Pen, out: &mut Content, r: &Recipient, qr: Option<&QrShape>) {
        let s = &self.slots[usize::from(r.activation_code.is_none())];
        let (x, w) = (x0(), width());
        let mut y = s.recipient_top;
        y = block(pen, out, &r.full_name, NAME, 2, 10.0, x, y, w);
        y -= mm(1.0);
        y = block(pen, out, &r.role, ROLE, 2, 8.0, x, y, w);
        if let Some(children) = &r.children {
            // As many lines as the recipient block has left (counted at the preferred size).
            let bottom = s.recipient_top - mm(RECIPIENT_HEIGHT);
            let room = ((y - bottom) / leading(ROLE.size)).floor().max(1.0) as usize;
            block(pen, out, children, ROLE, room.min(4), 7.0, x, y, w);
        }
        let login = fit(
            &r.login,
            spec(LOGIN, s.value_width, 2, 7.0),
            &pen.measure(LOGIN.face),
        );
        let login_style = LOGIN.with_size(login.size);
        pen.lines(
            out,
            login_style,
            s.value_x,
            s.login_baseline,
            leading(login.size),
            &login.lines,
        );
        if let (Some(code), Some(baseline)) = (&r.activation_code, s.code_baseline) {
            let fitted = fit(code, spec(CODE, s.value_width, 1, 7.0), &pen.measure(CODE.face));
            pen.lines(
                out,
                CODE.with_size(fitted.size),
                s.value_x,
                baseline,
                0.0,
                &fitted.lines,
            );
        }
        if let (Some(shape), Some((qx, qy))) = (qr, s.qr) {
            draw_qr(out, shape, qx, qy, mm(QR_SIZE));
        }
    }
}

fn spec(style: Style, max_width: f32, max_lines: usize, min_size: f32) -> FitSpec {
    FitSpec::new(max_width, max_lines, style.size, min_size)
}

/// Fits `text` (up to `max_lines` lines, down to `min_size`) in width `w` below `top`, draws it
/// and returns the top of what follows. For names and labels: shrinks a little before
/// wrapping. Shared by the template and the personal parts of every design.
#[allow(clippy::too_many_arguments)]
pub(crate) fn block(
    pen: &mut Pen,
    out: &mut Content,
    text: &str,
    style: Style,
    max_lines: usize,
    min_size: f32,
    x: f32,
    top: f32,
    w: f32,
) -> f32 {
    flow(pen, out, text, style, spec(style, w, max_lines, min_size), x, top)
}

/// Like [`block`], for a paragraph: wraps at the preferred size first.
#[allow(clippy::too_many_arguments)]
pub(crate) fn paragraph(
    pen: &mut Pen,
    out: &mut Content,
    text: &str,
    style: Style,
    max_lines: usize,
    min_size: f32,
    x: f32,
    top: f32,
    w: f32,
) -> f32 {
    flow(
        pen,
        out,
        text,
        style,
        spec(style, w, max_lines, min_size).wrap_first(),
        x,
        top,
    )
}

fn flow(pen: &mut Pen, out: &mut Content, text: &str, style: Style, spec: FitSpec, x: f32, top: f32) -> f32 {
    if text.is_empty() {
        return top;
    }
    let fitted = fit(text, spec, &pen.measure(style.face));
    let lead = leading(fitted.size);
    // The first baseline sits one size below the top: room for capitals and accents.
    let first = top - fitted.size;
    pen.lines(out, style.with_size(fitted.size), x, first, lead, &fitted.lines);
    first - (fitted.lines.len() - 1) as f32 * lead - (lead - fitted.size)
}
