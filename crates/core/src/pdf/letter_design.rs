//! The full letter (1 per page, and scaled into each A5 half for 2 per page), in A4 portrait
//! coordinates: where each piece of text goes and at what size.
//!
//! The parts every letter shares (school, ENT, title, steps, help) are drawn once per activation
//! state into a template (a form XObject painted by every page); only the recipient's lines,
//! login, code and QR code are drawn per letter. The template flows from top to bottom once per
//! document, which fixes where the personal parts go.

use super::content::Content;
use super::flow::{fitted, leading, Fit, Flow};
use super::fonts::Typeface;
use super::grid::design_size;
use super::pen::{Pen, Style};
use super::qr::{draw_qr, QrShape};
use super::units::mm;
use crate::letter::{Boilerplate, Recipient};
use crate::selection::Layout;

const MARGIN: f32 = 20.0; // mm, left and right
const TOP: f32 = 22.0; // mm, first baseline
const BOTTOM: f32 = 18.0; // mm, lowest baseline
const RECIPIENT_HEIGHT: f32 = 36.0; // mm: up to 2 lines of name, then role and children
const BOX_HEIGHT: f32 = 38.0; // mm: the shaded credentials box
const QR_SIZE: f32 = 28.0; // mm, quiet zone included
const VALUE_X: f32 = 50.0; // mm from the box's left edge: where login and code values start

const LABEL: Style = Style::new(Typeface::Regular, 12.0);
const BODY: Style = Style::new(Typeface::Regular, 12.0);

// How each text is fitted: style, most lines, smallest size.
const SCHOOL: Fit = Fit::block(Style::new(Typeface::Bold, 14.0), 1, 9.0);
const ENT_LINE: Fit = Fit::block(Style::new(Typeface::Regular, 11.0), 2, 7.0);
const TITLE: Fit = Fit::block(Style::new(Typeface::Bold, 20.0), 2, 12.0);
const INTRO: Fit = Fit::paragraph(Style::new(Typeface::Regular, 11.5), 4, 8.0);
const ACTIVATED_LINE: Fit = Fit::paragraph(Style::new(Typeface::Regular, 10.5), 2, 7.0);
const QR_CAPTION: Fit = Fit::paragraph(Style::new(Typeface::Regular, 7.5), 2, 5.5);
const STEPS_TITLE: Fit = Fit::block(Style::new(Typeface::Bold, 14.0), 1, 9.0);
const STEP: Fit = Fit::paragraph(BODY, 3, 8.0);
const NOTE: Fit = Fit::paragraph(Style::new(Typeface::Regular, 11.0), 3, 7.0);
/// The school's help text: as many lines as are left above the bottom margin, 12 at most.
const HELP: Fit = Fit::paragraph(Style::new(Typeface::Regular, 10.5), 12, 6.5);
const NAME: Fit = Fit::block(Style::new(Typeface::Bold, 18.0), 2, 10.0);
const ROLE: Fit = Fit::block(Style::new(Typeface::Regular, 12.0), 2, 8.0);
/// A relative's children: what the recipient block has left, 4 lines at most.
const CHILDREN: Fit = Fit::block(Style::new(Typeface::Regular, 12.0), 4, 7.0);
const LOGIN: Fit = Fit::block(Style::new(Typeface::Mono, 16.0), 2, 7.0);
const CODE: Fit = Fit::block(Style::new(Typeface::Mono, 19.0), 1, 7.0);

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
        let mut flow = Flow::new(x, page_h - mm(TOP), w);

        // Who sends it: the school, then the ENT and its address; the title and why.
        flow.text(pen, &mut out, &t.school, SCHOOL)
            .text(pen, &mut out, &t.ent_line, ENT_LINE)
            .gap(10.0)
            .text(pen, &mut out, &t.title, TITLE)
            .gap(2.0)
            .text(pen, &mut out, &t.intro, INTRO)
            .gap(4.0);

        // The recipient's name, role and children are drawn per letter.
        let recipient_top = flow.top;
        flow.gap(RECIPIENT_HEIGHT);

        // The credentials box: labels here, values per letter.
        let box_top = flow.top;
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
            Flow::new(inner, box_top - mm(24.5), text_w).text(pen, &mut out, line, ACTIVATED_LINE);
        }
        let qr_slot = qr.then(|| {
            let qr_top = box_top - mm(1.5);
            let caption_y = qr_top - mm(QR_SIZE) - mm(0.5);
            Flow::new(qr_x, caption_y, mm(QR_SIZE + 2.0)).text(pen, &mut out, &t.qr_caption, QR_CAPTION);
            (qr_x, qr_top)
        });
        flow.top = box_top - mm(BOX_HEIGHT);
        flow.gap(10.0);

        // What to do with it: numbered steps, then a note.
        flow.text(pen, &mut out, &t.steps_title, STEPS_TITLE).gap(1.5);
        let number_w = mm(7.0);
        for (i, step) in t.steps.iter().enumerate() {
            // On the first baseline of the step (see `Flow::text`).
            pen.line(
                &mut out,
                Style::new(Typeface::Bold, BODY.size),
                x,
                flow.top - BODY.size,
                &format!("{}.", i + 1),
            );
            let mut indented = Flow::new(x + number_w, flow.top, w - number_w);
            indented.text(pen, &mut out, step, STEP);
            flow.top = indented.top;
            flow.gap(1.0);
        }
        flow.gap(2.0).text(pen, &mut out, &t.note, NOTE);

        // The school's help text, in what room is left above the bottom margin.
        if !t.help.is_empty() {
            flow.gap(6.0);
            let room = flow.room(HELP.style, mm(BOTTOM));
            flow.text(pen, &mut out, &t.help, HELP.lines(room.min(HELP.max_lines)));
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
        let mut flow = Flow::new(x0(), s.recipient_top, width());
        flow.text(pen, out, &r.full_name, NAME)
            .gap(1.0)
            .text(pen, out, &r.role, ROLE);
        if let Some(children) = &r.children {
            // As many lines as the recipient block has left (counted at the preferred size).
            let room = flow.room(CHILDREN.style, s.recipient_top - mm(RECIPIENT_HEIGHT));
            flow.text(pen, out, children, CHILDREN.lines(room.min(CHILDREN.max_lines)));
        }
        let login = fitted(pen, &r.login, LOGIN, s.value_width);
        pen.lines(
            out,
            LOGIN.style.with_size(login.size),
            s.value_x,
            s.login_baseline,
            leading(login.size),
            &login.lines,
        );
        if let (Some(code), Some(baseline)) = (&r.activation_code, s.code_baseline) {
            let code = fitted(pen, code, CODE, s.value_width);
            pen.lines(
                out,
                CODE.style.with_size(code.size),
                s.value_x,
                baseline,
                0.0,
                &code.lines,
            );
        }
        if let (Some(shape), Some((qx, qy))) = (qr, s.qr) {
            draw_qr(out, shape, qx, qy, mm(QR_SIZE));
        }
    }
}
