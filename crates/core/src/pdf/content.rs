//! A content-stream writer: PDF graphics and text operators appended as bytes to a buffer.
//!
//! Written by hand rather than through lopdf's `Operation` objects because a 10,000-letter
//! document writes about a million operands: formatting them straight into one buffer, numbers
//! with at most two decimals (1/7200 inch, far below what a printer shows), is what keeps the
//! whole document under half a second. Each method names the operator it writes.

/// A content stream being written.
#[derive(Debug, Default, Clone)]
pub struct Content {
    buf: Vec<u8>,
}

impl Content {
    pub fn new() -> Content {
        Content {
            buf: Vec::with_capacity(2048),
        }
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn clear(&mut self) {
        self.buf.clear();
    }

    /// Appends the digits of `n`.
    fn digits(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[i..]);
    }

    /// Appends an integer operand and a space.
    pub fn int(&mut self, v: i64) -> &mut Self {
        if v < 0 {
            self.buf.push(b'-');
        }
        self.digits(v.unsigned_abs());
        self.buf.push(b' ');
        self
    }

    /// Appends a number operand rounded to two decimals ("12.5 ", "-3 ", "0.71 ") and a space.
    pub fn num(&mut self, v: f32) -> &mut Self {
        let hundredths = (f64::from(v) * 100.0).round() as i64;
        if hundredths % 100 == 0 {
            return self.int(hundredths / 100);
        }
        if hundredths < 0 {
            self.buf.push(b'-');
        }
        let abs = hundredths.unsigned_abs();
        self.digits(abs / 100);
        let frac = (abs % 100) as u8;
        self.buf.push(b'.');
        self.buf.push(b'0' + frac / 10);
        if !frac.is_multiple_of(10) {
            self.buf.push(b'0' + frac % 10);
        }
        self.buf.push(b' ');
        self
    }

    /// Appends an operator and a newline.
    pub fn op(&mut self, op: &str) -> &mut Self {
        self.buf.extend_from_slice(op.as_bytes());
        self.buf.push(b'\n');
        self
    }

    /// Appends a name operand (`/R `).
    pub fn name(&mut self, name: &str) -> &mut Self {
        self.buf.push(b'/');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.push(b' ');
        self
    }

    /// Appends 2-byte codes as a hex string operand (`<0012003a> `): the character codes of a
    /// font with the Identity-H encoding.
    pub fn hex_codes(&mut self, codes: impl IntoIterator<Item = u16>) -> &mut Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.buf.push(b'<');
        for code in codes {
            let [hi, lo] = code.to_be_bytes();
            self.buf.extend_from_slice(&[
                HEX[usize::from(hi >> 4)],
                HEX[usize::from(hi & 15)],
                HEX[usize::from(lo >> 4)],
                HEX[usize::from(lo & 15)],
            ]);
        }
        self.buf.extend_from_slice(b"> ");
        self
    }

    /// `q`: saves the graphics state.
    pub fn save(&mut self) -> &mut Self {
        self.op("q")
    }

    /// `Q`: restores the graphics state.
    pub fn restore(&mut self) -> &mut Self {
        self.op("Q")
    }

    /// `s 0 0 s x y cm`: moves the origin to (`x`, `y`) and scales by `s`.
    pub fn place(&mut self, x: f32, y: f32, s: f32) -> &mut Self {
        self.num(s).int(0).int(0).num(s).num(x).num(y).op("cm")
    }

    /// `x y w h re`: a rectangle path.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) -> &mut Self {
        self.num(x).num(y).num(w).num(h).op("re")
    }

    /// `x y m`: starts a path.
    pub fn move_to(&mut self, x: f32, y: f32) -> &mut Self {
        self.num(x).num(y).op("m")
    }

    /// `x y l`: a straight segment.
    pub fn line_to(&mut self, x: f32, y: f32) -> &mut Self {
        self.num(x).num(y).op("l")
    }

    /// `f`: fills the path (non-zero rule).
    pub fn fill(&mut self) -> &mut Self {
        self.op("f")
    }

    /// `S`: strokes the path.
    pub fn stroke(&mut self) -> &mut Self {
        self.op("S")
    }

    /// `w`: line width.
    pub fn line_width(&mut self, w: f32) -> &mut Self {
        self.num(w).op("w")
    }

    /// `[on off] 0 d`: a dash pattern (`None` for solid lines).
    pub fn dash(&mut self, pattern: Option<(f32, f32)>) -> &mut Self {
        match pattern {
            Some((on, off)) => {
                self.buf.push(b'[');
                self.num(on).num(off);
                self.buf.extend_from_slice(b"] ");
            }
            None => self.buf.extend_from_slice(b"[] "),
        }
        self.int(0).op("d")
    }

    /// `g`: gray fill colour (0 black, 1 white).
    pub fn fill_gray(&mut self, gray: f32) -> &mut Self {
        self.num(gray).op("g")
    }

    /// `G`: gray stroke colour.
    pub fn stroke_gray(&mut self, gray: f32) -> &mut Self {
        self.num(gray).op("G")
    }

    /// `BT`: begins a text object.
    pub fn begin_text(&mut self) -> &mut Self {
        self.op("BT")
    }

    /// `ET`: ends a text object.
    pub fn end_text(&mut self) -> &mut Self {
        self.op("ET")
    }

    /// `/name size Tf`: selects a font resource and size.
    pub fn font(&mut self, name: &str, size: f32) -> &mut Self {
        self.name(name).num(size).op("Tf")
    }

    /// `x y Td`: moves to the start of the next line, relative to the current line's start.
    pub fn next_line(&mut self, x: f32, y: f32) -> &mut Self {
        self.num(x).num(y).op("Td")
    }

    /// `<codes> Tj`: shows glyphs.
    pub fn show(&mut self, codes: impl IntoIterator<Item = u16>) -> &mut Self {
        self.hex_codes(codes).op("Tj")
    }

    /// `/name Do`: paints a form XObject.
    pub fn draw_xobject(&mut self, name: &str) -> &mut Self {
        self.name(name).op("Do")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut Content)) -> String {
        let mut c = Content::new();
        f(&mut c);
        String::from_utf8(c.into_bytes()).unwrap()
    }

    #[test]
    fn numbers_have_at_most_two_decimals_and_no_trailing_zeros() {
        let num = |v: f32| {
            text(|c| {
                c.num(v);
            })
        };
        assert_eq!(num(12.0), "12 ");
        assert_eq!(num(12.5), "12.5 ");
        assert_eq!(num(0.3333), "0.33 ");
        assert_eq!(num(-0.25), "-0.25 ");
        assert_eq!(num(-3.0), "-3 ");
        assert_eq!(num(595.2756), "595.28 ");
        assert_eq!(num(0.004), "0 ");
        assert_eq!(num(-1.05), "-1.05 ");
        assert_eq!(
            text(|c| {
                c.int(-120).int(0);
            }),
            "-120 0 "
        );
    }

    #[test]
    fn operators_are_written_as_named() {
        let s = text(|c| {
            c.save().place(10.0, 20.5, 0.5).draw_xobject("T0").restore();
            c.begin_text()
                .font("R", 11.0)
                .next_line(56.7, 700.0)
                .show([1, 0x2a, 0xffff])
                .end_text();
            c.dash(Some((3.0, 2.0))).dash(None);
        });
        assert_eq!(
            s,
            "q\n0.5 0 0 0.5 10 20.5 cm\n/T0 Do\nQ\nBT\n/R 11 Tf\n56.7 700 Td\n<0001002affff> Tj\nET\n\
             [3 2 ] 0 d\n[] 0 d\n"
        );
    }
}
