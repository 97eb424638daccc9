//! Units and paper sizes: everything the layouts compute is in PDF points (1/72 inch), converted
//! from the millimetres a French administrator measures paper in.

/// Points per millimetre (72 pt per inch, 25.4 mm per inch).
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// `v` millimetres in points.
pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// A width and a height, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub w: f32,
    pub h: f32,
}

/// A4 portrait, 210 × 297 mm.
pub const A4_PORTRAIT: Size = Size {
    w: 210.0 * PT_PER_MM,
    h: 297.0 * PT_PER_MM,
};

/// A4 landscape, 297 × 210 mm: two A5 halves side by side.
pub const A4_LANDSCAPE: Size = Size {
    w: A4_PORTRAIT.h,
    h: A4_PORTRAIT.w,
};

/// A point or a vector, in points, PDF axes (y up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// A straight line from `a` to `b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub a: Point,
    pub b: Point,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_to_points() {
        assert!((mm(25.4) - 72.0).abs() < 1e-4);
        assert!((A4_PORTRAIT.w - 595.2756).abs() < 1e-3);
        assert!((A4_PORTRAIT.h - 841.8898).abs() < 1e-3);
        assert_eq!(A4_LANDSCAPE.w, A4_PORTRAIT.h);
    }
}
