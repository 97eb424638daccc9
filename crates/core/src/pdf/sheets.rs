//! The sticker and card sheets Sésame prints on, with their makers' published geometry: page,
//! margins, label size, pitch, columns and rows, in millimetres; and where each label lies on
//! the page, in points, once the structure's calibration offset and the labels to skip on a
//! partly used sheet are taken into account.
//!
//! Plain numbers only: what is drawn in a label is `label_design`, the PDF objects are
//! `write_doc`. Every sheet here is A4 portrait with its grid centred on the page (the makers'
//! own side margins are those of a centred grid to within their 0.1 mm rounding).

use super::units::{mm, Size, A4_PORTRAIT};
use crate::selection::Layout;

/// A sheet of identical rectangular labels in a grid, as its maker specifies it (mm).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetPreset {
    pub layout: Layout,
    /// The maker's references, for the administrator ("Avery L7160 / J8160").
    pub reference: &'static str,
    pub columns: usize,
    pub rows: usize,
    /// Width and height of one label.
    pub label_mm: (f32, f32),
    /// From a label's left (top) edge to the next one's: the label plus the gap.
    pub pitch_mm: (f32, f32),
    /// From the page's left edge to the first column, and from its top edge to the first row.
    pub margin_mm: (f32, f32),
    /// What is drawn stays this far inside each label's edges (left/right, top/bottom): die
    /// cutting is only exact to about a millimetre, and on an edge-to-edge sheet (3474) this
    /// also keeps text out of a printer's unprintable border.
    pub padding_mm: (f32, f32),
    /// Corner radius, for the test page's outlines.
    pub corner_mm: f32,
}

impl SheetPreset {
    pub fn per_page(&self) -> usize {
        self.columns * self.rows
    }

    /// Label `index` (0 = top left, reading order) as a rectangle in millimetres from the
    /// page's top-left corner: `(left, top, width, height)`, before any calibration offset.
    pub fn label_mm(&self, index: usize) -> (f32, f32, f32, f32) {
        let (col, row) = (index % self.columns, index / self.columns);
        (
            self.margin_mm.0 + col as f32 * self.pitch_mm.0,
            self.margin_mm.1 + row as f32 * self.pitch_mm.1,
            self.label_mm.0,
            self.label_mm.1,
        )
    }

    /// The label's size in points (the coordinate space a label is designed in).
    pub fn label_size(&self) -> Size {
        Size {
            w: mm(self.label_mm.0),
            h: mm(self.label_mm.1),
        }
    }
}

/// Avery L7160 / J8160: 3 × 7 labels of 63.5 × 38.1 mm; 15.15 mm top margin, 66.04 mm
/// horizontal pitch (2.54 mm gaps), rows touching.
pub const L7160: SheetPreset = SheetPreset {
    layout: Layout::L7160,
    reference: "Avery L7160 / J8160",
    columns: 3,
    rows: 7,
    label_mm: (63.5, 38.1),
    pitch_mm: (66.04, 38.1),
    margin_mm: (7.21, 15.15),
    padding_mm: (3.0, 2.5),
    corner_mm: 1.5,
};

/// Avery L7163 / J8163: 2 × 7 labels of 99.1 × 38.1 mm; 15.15 mm top margin, 101.6 mm
/// horizontal pitch (2.5 mm gap).
pub const L7163: SheetPreset = SheetPreset {
    layout: Layout::L7163,
    reference: "Avery L7163 / J8163",
    columns: 2,
    rows: 7,
    label_mm: (99.1, 38.1),
    pitch_mm: (101.6, 38.1),
    margin_mm: (4.65, 15.15),
    padding_mm: (3.5, 2.5),
    corner_mm: 1.5,
};

/// Avery L7159 / J8159: 3 × 8 labels of 63.5 × 33.9 mm; 12.9 mm top margin, 66.04 mm
/// horizontal pitch.
pub const L7159: SheetPreset = SheetPreset {
    layout: Layout::L7159,
    reference: "Avery L7159 / J8159",
    columns: 3,
    rows: 8,
    label_mm: (63.5, 33.9),
    pitch_mm: (66.04, 33.9),
    margin_mm: (7.21, 12.9),
    padding_mm: (3.0, 2.2),
    corner_mm: 1.5,
};

/// Avery Zweckform 3474: 3 × 8 labels of 70 × 37 mm, edge to edge (no side margin, 0.5 mm at
/// the top). Most printers cannot print the outer 4–5 mm of a page, hence the wide padding.
pub const Z3474: SheetPreset = SheetPreset {
    layout: Layout::Z3474,
    reference: "Avery Zweckform 3474",
    columns: 3,
    rows: 8,
    label_mm: (70.0, 37.0),
    pitch_mm: (70.0, 37.0),
    margin_mm: (0.0, 0.5),
    padding_mm: (5.0, 4.5),
    corner_mm: 0.0,
};

/// Business cards of 85 × 54 mm, 2 × 5 per A4 (Avery C32011, Zweckform C32011): 15 mm side and
/// 13.5 mm top margins, 95 mm horizontal pitch (10 mm gap), rows touching.
pub const CARD: SheetPreset = SheetPreset {
    layout: Layout::Card,
    reference: "Avery C32011 (cartes de visite)",
    columns: 2,
    rows: 5,
    label_mm: (85.0, 54.0),
    pitch_mm: (95.0, 54.0),
    margin_mm: (15.0, 13.5),
    padding_mm: (5.0, 4.0),
    corner_mm: 0.0,
};

/// Every preset, in the order of [`Layout::SHEETS`].
pub static PRESETS: [SheetPreset; 5] = [L7160, L7163, L7159, Z3474, CARD];

/// The preset of `layout`; `None` for plain paper.
pub fn preset(layout: Layout) -> Option<&'static SheetPreset> {
    PRESETS.iter().find(|p| p.layout == layout)
}

/// Where the labels of a document go: a preset, shifted by the structure's calibration offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub preset: &'static SheetPreset,
    /// Millimetres to the right and down.
    pub offset_mm: (f32, f32),
}

/// A label's rectangle on the page, in points (PDF axes: origin bottom left, y up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelBox {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Placement {
    pub fn new(preset: &'static SheetPreset, offset_mm: (f32, f32)) -> Placement {
        Placement { preset, offset_mm }
    }

    /// Label `index` of a page, offset included.
    pub fn label(&self, index: usize) -> LabelBox {
        let (left, top, w, h) = self.preset.label_mm(index);
        let (dx, dy) = self.offset_mm;
        LabelBox {
            x: mm(left + dx),
            y: A4_PORTRAIT.h - mm(top + dy + h),
            w: mm(w),
            h: mm(h),
        }
    }

    /// Every label of a page, in reading order.
    pub fn labels(&self) -> Vec<LabelBox> {
        (0..self.preset.per_page()).map(|i| self.label(i)).collect()
    }
}

/// The labels to leave blank on the first sheet when « commencer à l’étiquette n° » is
/// `start` (1 = the first label): `start - 1`, at most a sheet less one.
pub fn skipped(start: usize, per_page: usize) -> usize {
    start.saturating_sub(1).min(per_page.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_but_plain_paper_has_a_preset() {
        for layout in Layout::ALL {
            assert_eq!(preset(layout).is_some(), layout.is_sheet(), "{layout:?}");
            if let Some(p) = preset(layout) {
                assert_eq!(p.per_page(), layout.per_page(), "{layout:?}");
            }
        }
    }

    #[test]
    fn offsets_move_every_label_right_and_down() {
        let plain = Placement::new(&L7160, (0.0, 0.0));
        let shifted = Placement::new(&L7160, (1.5, -2.0));
        for i in 0..21 {
            let (a, b) = (plain.label(i), shifted.label(i));
            assert!((b.x - a.x - mm(1.5)).abs() < 1e-3);
            assert!((b.y - a.y - mm(2.0)).abs() < 1e-3, "a negative offset moves up");
        }
    }

    #[test]
    fn skipping_leaves_at_least_one_label_of_the_first_sheet() {
        assert_eq!(skipped(0, 21), 0);
        assert_eq!(skipped(1, 21), 0);
        assert_eq!(skipped(5, 21), 4);
        assert_eq!(skipped(21, 21), 20);
        assert_eq!(skipped(99, 21), 20);
    }
}
