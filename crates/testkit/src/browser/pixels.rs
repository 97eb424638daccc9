//! What the screen shows of one element, as pixels: for the checks the DOM cannot make — a
//! plug-in's or a viewer's drawing inside a frame (WebKit's PDF preview) is nobody's element.
//!
//! From a screenshot of the window (every driver takes one; not all take an element's), cut to
//! the element's box scaled by the device's pixel ratio.

use super::Browser;

/// An element's pixels, row by row, RGBA.
#[derive(Debug, Clone)]
pub struct Pixels {
    pub width: usize,
    pub height: usize,
    rgba: Vec<u8>,
}

impl Pixels {
    /// The colour at (`x`, `y`), without alpha.
    pub fn at(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 4;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]
    }

    /// How many different colours rows `from..to` (fractions of the height) hold: 1 for a flat
    /// band, nothing drawn there.
    pub fn colours_in_rows(&self, from: f64, to: f64) -> usize {
        let rows = (self.height as f64 * from) as usize..(self.height as f64 * to) as usize;
        let mut seen = std::collections::BTreeSet::new();
        for y in rows {
            for x in 0..self.width {
                seen.insert(self.at(x, y));
            }
        }
        seen.len()
    }
}

impl Browser {
    /// The pixels of the element `css` as the window shows it now (scrolled into view first).
    pub async fn element_pixels(&self, css: &str) -> Pixels {
        let script = format!(
            "const e = document.querySelector('{css}'); e.scrollIntoView({{block: 'center'}}); \
             const r = e.getBoundingClientRect(); \
             return [r.left, r.top, r.width, r.height, window.devicePixelRatio || 1];"
        );
        let rect = self.client.execute(&script, vec![]).await.unwrap();
        let n = |i: usize| rect[i].as_f64().unwrap_or_else(|| panic!("{css}: {rect}"));
        let ratio = n(4);
        let png = self.client.screenshot().await.expect("screenshot");
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().expect("a PNG screenshot");
        let mut buffer = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buffer).expect("its pixels");
        let channels = info.color_type.samples();
        let (left, top) = ((n(0) * ratio).max(0.0) as usize, (n(1) * ratio).max(0.0) as usize);
        let width = ((n(2) * ratio) as usize).min(info.width as usize - left.min(info.width as usize));
        let height = ((n(3) * ratio) as usize).min(info.height as usize - top.min(info.height as usize));
        let mut rgba = Vec::with_capacity(width * height * 4);
        for y in top..top + height {
            for x in left..left + width {
                let i = (y * info.width as usize + x) * channels;
                let px = &buffer[i..i + channels];
                rgba.extend_from_slice(&[px[0], px[1], px[2], if channels == 4 { px[3] } else { 255 }]);
            }
        }
        Pixels { width, height, rgba }
    }
}
