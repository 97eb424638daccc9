//! A sticker or business-card label (the sheets of [`super::sheets`]): the name, the class,
//! the login and the code in monospace — or, for an activated account, the login and
//! « mot de passe oublié ? » — and where to go, all inside the label's padding whatever the
//! name's length.
//!
//! In the label's own coordinates (origin at its bottom-left corner, size from the preset). The
//! shared parts (captions, the address line, the header of business cards) are one template
//! per activation state, laid out from the bottom once per document; the personal parts are
//! drawn per label: the login and code on their fixed rows, then the name and class flowing
//! down from the top into what room the login leaves. Sizes grow a little on larger labels
//! (never shrink below the smallest sheet's), and the monospace login and code never go below
//! sizes where 0/O and 1/l/I stay apart in DejaVu Sans Mono (dotted zero, serifed one and l).
//! No QR code: a sticker has no room for one that a phone reads.

use super::content::Content;
use super::flow::{Fit, Flow};
use super::fonts::Typeface;
use super::pen::{Pen, Style};
use super::sheets::SheetPreset;
use super::units::{mm, Size};
use super::wrap::{fit, FitSpec};
use crate::letter::{LabelText, Recipient};

/// Below these, a monospace code or login is hard to read (0 vs O, 1 vs l): fitting stops there
/// and wraps (login) or ends with "…" (an absurd code).
const MIN_CODE: f32 = 8.0;
const MIN_LOGIN: f32 = 6.5;
/// Points between the bottom rows.
const GAP: f32 = 1.5;

/// Where the personal parts of a label go, for one activation state (label coordinates).
#[derive(Debug, Clone, PartialEq)]
struct Rows {
    /// Baseline of the login's (last) line, and where its value starts.
    login_baseline: f32,
    login_x: f32,
    /// Baseline of the code, for accounts to activate.
    code_baseline: Option<f32>,
    code_x: f32,
    /// Where the name starts (below the header when there is one).
    name_top: f32,
}

/// The label's layout for a document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LabelDesign {
    /// Left, bottom, right, top of what may be drawn on.
    inner: (f32, f32, f32, f32),
    scale: f32,
    /// Indexed by `activated as usize`.
    rows: [Rows; 2],
}

impl LabelDesign {
    /// Lays out and draws the two templates (to activate, activated) for `preset`'s labels.
    pub fn new(pen: &mut Pen, preset: &SheetPreset, texts: [&LabelText; 2]) -> (LabelDesign, [Content; 2]) {
        let Size { w, h } = preset.label_size();
        let (px, py) = (mm(preset.padding_mm.0), mm(preset.padding_mm.1));
        let inner = (px, py, w - px, h - py);
        // 1 on the smallest sheets (about 160 × 80 pt inside), up to 1.25 on business cards.
        let scale = ((inner.2 - inner.0) / 160.0)
            .min((inner.3 - inner.1) / 80.0)
            .clamp(1.0, 1.25);
        let mut design = LabelDesign {
            inner,
            scale,
            rows: [Rows::default(), Rows::default()],
        };
        let header = h > mm(45.0);
        let templates = [0, 1].map(|i| {
            let (rows, content) = design.template(pen, texts[i], header);
            design.rows[i] = rows;
            content
        });
        (design, templates)
    }

    fn style(&self, face: Typeface, size: f32) -> Style {
        Style::new(face, size * self.scale)
    }

    fn caption(&self) -> Style {
        self.style(Typeface::Regular, 6.5)
    }

    fn login_style(&self) -> Style {
        self.style(Typeface::Mono, 9.0)
    }

    fn code_style(&self) -> Style {
        self.style(Typeface::Mono, 11.0)
    }

    /// Draws one template from the bottom up: the address, then the code row (or the
    /// forgotten-password line), then the login's caption; and the header at the top.
    fn template(&self, pen: &mut Pen, t: &LabelText, header: bool) -> (Rows, Content) {
        let mut out = Content::new();
        let (left, bottom, right, top) = self.inner;
        let w = right - left;
        let url = self.style(Typeface::Regular, 6.0);
        let mut y = bottom_paragraph(pen, &mut out, &t.url_line, url, 2, 5.0, left, bottom, w) + GAP;

        let caption = self.caption();
        let captions = [Some(t.login_label.as_str()), t.code_label.as_deref()];
        let caption_w = captions
            .iter()
            .flatten()
            .map(|c| pen.width(caption, c))
            .fold(0.0, f32::max)
            + mm(1.5);
        let mut code_baseline = None;
        if let Some(label) = &t.code_label {
            let code = self.code_style();
            let baseline = y + 0.25 * code.size;
            pen.line(&mut out, caption, left, baseline, label);
            code_baseline = Some(baseline);
            y = baseline + 0.8 * code.size + GAP;
        }
        if let Some(line) = &t.activated {
            let style = self.style(Typeface::Bold, 6.5);
            y = bottom_paragraph(pen, &mut out, line, style, 2, 5.0, left, y, w) + GAP;
        }
        let login_baseline = y + 0.25 * self.login_style().size;
        pen.line(&mut out, caption, left, login_baseline, &t.login_label);

        let mut name_top = top;
        if header && !t.header.is_empty() {
            let style = self.style(Typeface::Bold, 6.5);
            let below = Flow::new(left, top, w)
                .text(pen, &mut out, &t.header, Fit::block(style, 1, 5.0))
                .top;
            let rule = below - 1.0;
            out.save().stroke_gray(0.6).line_width(0.5);
            out.move_to(left, rule).line_to(right, rule).stroke().restore();
            name_top = rule - 2.5;
        }
        let rows = Rows {
            login_baseline,
            login_x: left + caption_w,
            code_baseline,
            code_x: left + caption_w,
            name_top,
        };
        (rows, out)
    }

    /// Draws the personal parts of `r`'s label (in label coordinates; the caller places them).
    pub fn personal(&self, pen: &mut Pen, out: &mut Content, r: &Recipient) {
        let rows = &self.rows[usize::from(r.activation_code.is_none())];
        let (left, _, right, _) = self.inner;

        // The login on its row, on two lines (the first above) when one would be too small.
        let login_style = self.login_style();
        let login = fit(
            &r.login,
            FitSpec::new(right - rows.login_x, 2, login_style.size, MIN_LOGIN),
            &pen.measure(login_style.face),
        );
        let lead = login.size * 1.2;
        let first = rows.login_baseline + (login.lines.len() - 1) as f32 * lead;
        pen.lines(
            out,
            login_style.with_size(login.size),
            rows.login_x,
            first,
            lead,
            &login.lines,
        );
        let limit = first + 0.9 * login.size + GAP;

        if let (Some(code), Some(baseline)) = (&r.activation_code, rows.code_baseline) {
            let style = self.code_style();
            let fitted = fit(
                code,
                FitSpec::new(right - rows.code_x, 1, style.size, MIN_CODE),
                &pen.measure(style.face),
            );
            pen.lines(
                out,
                style.with_size(fitted.size),
                rows.code_x,
                baseline,
                0.0,
                &fitted.lines,
            );
        }

        // The name, then the class (and a relative's children), down to the login.
        let w = right - left;
        let name = self.style(Typeface::Bold, 10.5);
        let role = self.style(Typeface::Regular, 7.0);
        let room = rows.name_top - limit;
        // Two lines of name when a line of role still fits below them, else one.
        let name_lines = if room >= 2.6 * name.size + 1.3 * role.size {
            2
        } else {
            1
        };
        let mut flow = Flow::new(left, rows.name_top, w);
        flow.text(pen, out, &r.full_name, Fit::block(name, name_lines, 5.5));
        let role_text = match &r.children {
            Some(children) => format!("{} · {children}", r.role),
            None => r.role.clone(),
        };
        let room = flow.room(role, limit).min(2);
        flow.text(pen, out, &role_text, Fit::block(role, room, 5.0));
    }
}

impl Default for Rows {
    fn default() -> Rows {
        Rows {
            login_baseline: 0.0,
            login_x: 0.0,
            code_baseline: None,
            code_x: 0.0,
            name_top: 0.0,
        }
    }
}

/// Fits a paragraph whose last line rests on `bottom` (its descenders above it), draws it,
/// and returns the top of its first line.
#[allow(clippy::too_many_arguments)]
fn bottom_paragraph(
    pen: &mut Pen,
    out: &mut Content,
    text: &str,
    style: Style,
    max_lines: usize,
    min_size: f32,
    x: f32,
    bottom: f32,
    w: f32,
) -> f32 {
    if text.is_empty() {
        return bottom;
    }
    let fitted = fit(
        text,
        FitSpec::new(w, max_lines, style.size, min_size).wrap_first(),
        &pen.measure(style.face),
    );
    let lead = fitted.size * 1.2;
    let last = bottom + 0.25 * fitted.size;
    let first = last + (fitted.lines.len() - 1) as f32 * lead;
    pen.lines(out, style.with_size(fitted.size), x, first, lead, &fitted.lines);
    first + 0.95 * fitted.size
}
