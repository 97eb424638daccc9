//! The 8-per-page card (105 × 74.25 mm): a self-contained piece of paper with the ENT, the name,
//! class, login, code, the address to go to, what to do there and the school's help text, so it
//! still says everything once cut out.
//!
//! As for letters, the shared parts are one template per activation state and only the personal
//! parts are drawn per card. Positions are in millimetres from the card's top edge, turned into
//! card coordinates (origin at the bottom-left corner) by [`from_top`].

use super::content::Content;
use super::flow::{fitted, Fit, Flow};
use super::fonts::Typeface;
use super::grid::design_size;
use super::pen::{Pen, Style};
use super::qr::{draw_qr, QrShape};
use super::units::mm;
use crate::letter::{CardText, Recipient};
use crate::selection::Layout;

const PAD: f32 = 6.0; // mm, inside each cut line
/// The QR code's side, quiet zone included: 18 mm keeps a module over 0.4 mm for an address
/// with its login, which phone cameras read at arm's length.
pub(crate) const QR_SIZE: f32 = 18.0; // mm
pub(crate) const QR_TOP: f32 = 12.5;
const NAME_TOP: f32 = 13.5;
const ROLE_LIMIT: f32 = 29.0; // the role's last line stays above the login label
const LOGIN_LABEL: f32 = 30.5;
const LOGIN_TOP: f32 = 31.5; // below the QR code: the login may use the card's whole width
const CODE_LABEL: f32 = 39.0;
const CODE_TOP: f32 = 40.0;
/// Where to go, what to do there, then the school's help text, flowing down to [`BOTTOM`].
const URL_TOP: f32 = 47.5;
const BOTTOM: f32 = 68.25; // mm from the top: the card's height less the padding
const GAP: f32 = 1.2; // mm between two paragraphs of the lower part

const LABEL: Style = Style::new(Typeface::Regular, 7.0);

// How each text is fitted: style, most lines, smallest size.
const HEADER: Fit = Fit::block(Style::new(Typeface::Bold, 8.5), 1, 6.0);
const SMALL: Fit = Fit::paragraph(Style::new(Typeface::Regular, 7.0), 2, 5.5);
/// The school's help text: what room is left above [`BOTTOM`], 3 lines at most.
const HELP: Fit = Fit::paragraph(Style::new(Typeface::Regular, 6.5), 3, 5.5);
const NAME: Fit = Fit::block(Style::new(Typeface::Bold, 12.0), 2, 7.0);
/// The role (and a relative's children): what is left above [`ROLE_LIMIT`], 3 lines at most.
const ROLE: Fit = Fit::block(Style::new(Typeface::Regular, 8.0), 3, 6.0);
const LOGIN: Fit = Fit::block(Style::new(Typeface::Mono, 11.0), 1, 5.0);
const CODE: Fit = Fit::block(Style::new(Typeface::Mono, 13.0), 1, 5.0);

/// The y coordinate of a point `v` mm below the card's top edge.
fn from_top(v: f32) -> f32 {
    design_size(Layout::Eight).h - mm(v)
}

fn inner_width() -> f32 {
    design_size(Layout::Eight).w - 2.0 * mm(PAD)
}

/// The card's layout for a document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CardDesign {
    qr: bool,
}

impl CardDesign {
    /// Draws the two templates (to activate, activated).
    pub fn new(pen: &mut Pen, texts: [&CardText; 2], qr: bool) -> (CardDesign, [Content; 2]) {
        (CardDesign { qr }, texts.map(|t| Self::template(pen, t)))
    }

    fn template(pen: &mut Pen, t: &CardText) -> Content {
        let mut out = Content::new();
        let (x, w) = (mm(PAD), inner_width());
        Flow::new(x, from_top(PAD), w).text(pen, &mut out, &t.header, HEADER);
        out.save().stroke_gray(0.6).line_width(0.5);
        out.move_to(x, from_top(11.5))
            .line_to(x + w, from_top(11.5))
            .stroke()
            .restore();
        pen.line(&mut out, LABEL, x, from_top(LOGIN_LABEL), &t.login_label);
        let code_label = if t.activated {
            Style::new(Typeface::Bold, 9.5)
        } else {
            LABEL
        };
        pen.line(&mut out, code_label, x, from_top(CODE_LABEL), &t.code_label);
        let mut flow = Flow::new(x, from_top(URL_TOP), w);
        flow.text(pen, &mut out, &t.url_line, SMALL)
            .gap(GAP)
            .text(pen, &mut out, &t.hint, SMALL);
        if !t.help.is_empty() {
            // A long help text is shortened with an ellipsis, never drawn past the card.
            flow.gap(GAP);
            let room = flow.room(HELP.style, from_top(BOTTOM));
            flow.text(pen, &mut out, &t.help, HELP.lines(room.min(HELP.max_lines)));
        }
        out
    }

    /// Draws the personal parts of `r`'s card (in card coordinates; the caller places them).
    pub fn personal(&self, pen: &mut Pen, out: &mut Content, r: &Recipient, qr: Option<&QrShape>) {
        let x = mm(PAD);
        let full = inner_width();
        // Beside the QR code, names and roles leave it room.
        let w = if self.qr { full - mm(QR_SIZE + 1.0) } else { full };
        let mut flow = Flow::new(x, from_top(NAME_TOP), w);
        flow.text(pen, out, &r.full_name, NAME);
        let role = match &r.children {
            Some(children) => format!("{} · {children}", r.role),
            None => r.role.clone(),
        };
        let room = flow.room(ROLE.style, from_top(ROLE_LIMIT));
        flow.gap(0.5)
            .text(pen, out, &role, ROLE.lines(room.min(ROLE.max_lines)));

        let login = fitted(pen, &r.login, LOGIN, full);
        let size = LOGIN.style.size;
        pen.lines(
            out,
            LOGIN.style.with_size(login.size),
            x,
            from_top(LOGIN_TOP) - size,
            0.0,
            &login.lines,
        );
        if let Some(code) = &r.activation_code {
            let code = fitted(pen, code, CODE, full);
            pen.lines(
                out,
                CODE.style.with_size(code.size),
                x,
                from_top(CODE_TOP) - CODE.style.size,
                0.0,
                &code.lines,
            );
        }
        if let Some(shape) = qr.filter(|_| self.qr) {
            let qx = design_size(Layout::Eight).w - mm(PAD) - mm(QR_SIZE);
            draw_qr(out, shape, qx, from_top(QR_TOP), mm(QR_SIZE));
        }
    }
}
