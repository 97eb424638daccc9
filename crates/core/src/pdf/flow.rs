//! Text laid out down a column, the way every design fills its page or card: a [`Flow`] knows
//! the column (left edge, width) and where the next text starts; a [`Fit`] says how one text
//! is fitted (style, lines, how small it may get, whether it shrinks or wraps first). Designs
//! declare their fits as constants beside their positions, and draw with one call per text.

use super::content::Content;
use super::pen::{Pen, Style};
use super::units::mm;
use super::wrap::{fit, FitSpec};

/// Leading (baseline to baseline) for a size.
pub(crate) fn leading(size: f32) -> f32 {
    size * 1.3
}

/// How a text is fitted in its box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fit {
    pub style: Style,
    /// Most lines it may take.
    pub max_lines: usize,
    /// Smallest acceptable size, in points.
    pub min_size: f32,
    /// Wrap at the preferred size first (a paragraph), rather than shrink a little to stay on
    /// one line (a name, a title, a label).
    wrap_first: bool,
}

impl Fit {
    /// A name, a title, a label: shrinks a little to stay whole before it wraps.
    pub const fn block(style: Style, max_lines: usize, min_size: f32) -> Fit {
        Fit {
            style,
            max_lines,
            min_size,
            wrap_first: false,
        }
    }

    /// A paragraph: wraps at its preferred size first.
    pub const fn paragraph(style: Style, max_lines: usize, min_size: f32) -> Fit {
        Fit {
            style,
            max_lines,
            min_size,
            wrap_first: true,
        }
    }

    /// The same with at most `n` lines (what room is left, counted by [`Flow::room`]).
    pub fn lines(self, n: usize) -> Fit {
        Fit { max_lines: n, ..self }
    }

    /// The box of this fit, `width` wide.
    pub fn spec(self, width: f32) -> FitSpec {
        let spec = FitSpec::new(width, self.max_lines, self.style.size, self.min_size);
        if self.wrap_first {
            spec.wrap_first()
        } else {
            spec
        }
    }
}

/// A column filled from the top: its left edge and width, and the top of what comes next
/// (points, the page's or card's own coordinates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Flow {
    pub x: f32,
    pub width: f32,
    pub top: f32,
}

impl Flow {
    pub fn new(x: f32, top: f32, width: f32) -> Flow {
        Flow { x, width, top }
    }

    /// Draws `text` fitted by `fit` at the top of what is left and moves below it: the first
    /// baseline one size below the top (room for capitals and accents), the next text below the
    /// last line's descenders. An empty text takes no room.
    pub fn text(&mut self, pen: &mut Pen, out: &mut Content, text: &str, fit: Fit) -> &mut Flow {
        if text.is_empty() {
            return self;
        }
        let fitted = super::wrap::fit(text, fit.spec(self.width), &pen.measure(fit.style.face));
        let lead = leading(fitted.size);
        let first = self.top - fitted.size;
        pen.lines(
            out,
            fit.style.with_size(fitted.size),
            self.x,
            first,
            lead,
            &fitted.lines,
        );
        self.top = first - (fitted.lines.len() - 1) as f32 * lead - (lead - fitted.size);
        self
    }

    /// Leaves `gap` millimetres.
    pub fn gap(&mut self, gap: f32) -> &mut Flow {
        self.top -= mm(gap);
        self
    }

    /// How many lines of `style` fit between the top and `bottom`, at its preferred size (a
    /// smaller size only leaves more room); at least one.
    pub fn room(&self, style: Style, bottom: f32) -> usize {
        ((self.top - bottom) / leading(style.size)).floor().max(1.0) as usize
    }
}

/// `text` fitted by `fit` in `width`, for a caller that draws it itself (a login, a code).
pub(crate) fn fitted(pen: &Pen, text: &str, fit: Fit, width: f32) -> super::wrap::Fitted {
    self::fit(text, fit.spec(width), &pen.measure(fit.style.face))
}
