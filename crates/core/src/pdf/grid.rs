//! Where each letter goes on a page, for each [`Layout`]: page sizes, slot positions and cut lines.
//!
//! A letter or card is designed once in its own coordinate space (its *design size*, origin at its
//! bottom-left corner); a [`Slot`] places that space on the page with a uniform scale and a
//! translation. Sticker and card sheets put one label per slot where [`super::sheets`] says,
//! shifted by the structure's calibration offset. The 2-per-page layout is the 1-per-page letter
//! scaled by 1/√2 into each A5 half (A4 and A5 have the same proportions), so both read the same.

use super::sheets::{preset, Placement};
use super::units::{mm, Line, Point, Size, A4_LANDSCAPE, A4_PORTRAIT};
use crate::selection::Layout;

/// Card size in the 8-per-page layout: a quarter of A4's height by half its width.
pub const CARD_MM: (f32, f32) = (105.0, 74.25);

/// One place for a letter on a page: the design's origin goes to (`x`, `y`), scaled by `scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    pub x: f32,
    pub y: f32,
    pub scale: f32,
}

/// The page size of `layout`.
pub fn page_size(layout: Layout) -> Size {
    match layout {
        Layout::Two => A4_LANDSCAPE,
        _ => A4_PORTRAIT,
    }
}

/// The coordinate space one letter is designed in: a full A4 letter, a card, or a label.
pub fn design_size(layout: Layout) -> Size {
    match layout {
        Layout::One | Layout::Two => A4_PORTRAIT,
        Layout::Eight => Size {
            w: mm(CARD_MM.0),
            h: mm(CARD_MM.1),
        },
        sheet => preset(sheet).expect("every other layout is a sheet").label_size(),
    }
}

/// The slots of a page of `layout`, in reading order (left to right, then top to bottom);
/// labels of a sheet are shifted by `offset_mm` (right, down), plain paper never is.
pub fn slots(layout: Layout, offset_mm: (f32, f32)) -> Vec<Slot> {
    let page = page_size(layout);
    let design = design_size(layout);
    match layout {
        Layout::One => vec![Slot {
            x: 0.0,
            y: 0.0,
            scale: 1.0,
        }],
        Layout::Two => {
            let half = page.w / 2.0;
            let scale = (half / design.w).min(page.h / design.h);
            // Centre the scaled letter in each half (the ratio is 1/√2 up to rounding).
            let dx = (half - design.w * scale) / 2.0;
            let dy = (page.h - design.h * scale) / 2.0;
            (0..2)
                .map(|i| Slot {
                    x: i as f32 * half + dx,
                    y: dy,
                    scale,
                })
                .collect()
        }
        Layout::Eight => (0..8)
            .map(|i| {
                let (col, row) = ((i % 2) as f32, (i / 2) as f32);
                Slot {
                    x: col * design.w,
                    y: page.h - (row + 1.0) * design.h,
                    scale: 1.0,
                }
            })
            .collect(),
        sheet => {
            let placement = Placement::new(preset(sheet).expect("a sheet"), offset_mm);
            placement
                .labels()
                .into_iter()
                .map(|b| Slot {
                    x: b.x,
                    y: b.y,
                    scale: 1.0,
                })
                .collect()
        }
    }
}

/// The dashed lines to cut a page of `layout` along (none for a full letter, nor for pre-cut
/// sheets).
pub fn cut_lines(layout: Layout) -> Vec<Line> {
    let page = page_size(layout);
    let vertical = |x: f32| Line {
        a: Point { x, y: 0.0 },
        b: Point { x, y: page.h },
    };
    let horizontal = |y: f32| Line {
        a: Point { x: 0.0, y },
        b: Point { x: page.w, y },
    };
    match layout {
        Layout::Two => vec![vertical(page.w / 2.0)],
        Layout::Eight => {
            let card = design_size(layout);
            let mut lines = vec![vertical(card.w)];
            lines.extend((1..4).map(|row| horizontal(page.h - row as f32 * card.h)));
            lines
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_per_page_fills_the_page() {
        assert_eq!(
            slots(Layout::One, (0.0, 0.0)),
            vec![Slot {
                x: 0.0,
                y: 0.0,
                scale: 1.0
            }]
        );
        assert!(cut_lines(Layout::One).is_empty());
    }

    #[test]
    fn two_per_page_are_a5_halves_of_landscape_a4() {
        let s = slots(Layout::Two, (3.0, 3.0));
        assert_eq!(s.len(), 2);
        assert!((s[0].scale - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-3);
        // Each scaled letter stays inside its half.
        let half = A4_LANDSCAPE.w / 2.0;
        for (i, slot) in s.iter().enumerate() {
            assert!(slot.x >= i as f32 * half - 1e-3);
            assert!(slot.x + A4_PORTRAIT.w * slot.scale <= (i + 1) as f32 * half + 1e-3);
            assert!(slot.y >= -1e-3 && slot.y + A4_PORTRAIT.h * slot.scale <= A4_LANDSCAPE.h + 1e-3);
        }
        assert_eq!(cut_lines(Layout::Two)[0].a.x, half);
    }

    #[test]
    fn eight_per_page_is_a_two_by_four_grid_of_cards_tiling_a4() {
        let s = slots(Layout::Eight, (3.0, 3.0));
        assert_eq!(s.len(), 8);
        let card = design_size(Layout::Eight);
        assert!((card.w * 2.0 - A4_PORTRAIT.w).abs() < 1e-3);
        assert!((card.h * 4.0 - A4_PORTRAIT.h).abs() < 1e-3);
        // Reading order: first row left then right, last card at the bottom right.
        assert_eq!(s[0].x, 0.0);
        assert!((s[0].y - (A4_PORTRAIT.h - card.h)).abs() < 1e-3);
        assert!((s[1].x - card.w).abs() < 1e-3 && s[1].y == s[0].y);
        assert!((s[7].x - card.w).abs() < 1e-3 && s[7].y.abs() < 1e-3);
        assert_eq!(cut_lines(Layout::Eight).len(), 4);
    }
}
