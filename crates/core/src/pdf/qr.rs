//! QR codes as vector rectangles: the URL a phone opens to activate the account (or sign in),
//! with the login filled in, drawn from the `qrcode` crate's module matrix.
//!
//! The activation code is left out of the URL unless the caller sets
//! [`PdfOptions::qr_includes_code`](super::PdfOptions::qr_includes_code): a photo of the letter's
//! corner would otherwise be enough to take over the account.

use qrcode::{Color, EcLevel, QrCode};

use super::content::Content;
use crate::letter::Recipient;

/// Modules of blank margin a reader needs around the code ("quiet zone").
pub const QUIET_ZONE: u16 = 4;

/// A QR code as rectangles of dark modules, in module units, y down from the top-left module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrShape {
    /// Modules per side, without quiet zone.
    pub width: u16,
    /// `(x, y, w, h)` of each dark rectangle.
    pub rects: Vec<(u16, u16, u16, u16)>,
}

/// The URL of a letter's QR code: `url?login=…` (or `&login=…` when `url` already has a query),
/// plus `&code=…` only when `include_code` is set; `None` when the settings give no URL.
pub fn qr_url(url: &str, r: &Recipient, include_code: bool) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("login", &r.login);
    if include_code {
        if let Some(code) = &r.activation_code {
            query.append_pair("code", code);
        }
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    Some(format!("{url}{separator}{}", query.finish()))
}

/// The rectangles of the QR code of `data` (error correction M: readable with a crease or a
/// smudge), or `None` when `data` is too long for any QR version.
pub fn qr_shape(data: &str) -> Option<QrShape> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    // Horizontal runs of dark modules per row, then runs stacked on the rows below with the same
    // span merged into taller rectangles: about a third fewer operators than one per run.
    let mut rects: Vec<(u16, u16, u16, u16)> = Vec::new();
    let mut open: Vec<usize> = Vec::new(); // indices into `rects` ending on the previous row
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut next_open = Vec::new();
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            let (sx, w) = (start as u16, (x - start) as u16);
            match open.iter().find(|&&i| rects[i].0 == sx && rects[i].2 == w) {
                Some(&i) => {
                    rects[i].3 += 1;
                    next_open.push(i);
                }
                None => {
                    next_open.push(rects.len());
                    rects.push((sx, y as u16, w, 1));
                }
            }
        }
        open = next_open;
    }
    Some(QrShape {
        width: width as u16,
        rects,
    })
}

/// Draws `shape` in the square of side `size` whose top-left corner is (`x`, `top`), quiet zone
/// included: a white square (so the code reads on a tinted background), then the dark modules
/// as `re` paths filled once. The module grid is set by one `cm`, so each rectangle is written
/// in small integers.
pub fn draw_qr(out: &mut Content, shape: &QrShape, x: f32, top: f32, size: f32) {
    let modules = f32::from(shape.width + 2 * QUIET_ZONE);
    let unit = size / modules;
    out.save().fill_gray(1.0).rect(x, top - size, size, size).fill();
    out.fill_gray(0.0);
    // Origin at the first module's top-left corner, y pointing down.
    let q = f32::from(QUIET_ZONE) * unit;
    out.num(unit)
        .int(0)
        .int(0)
        .num(-unit)
        .num(x + q)
        .num(top - q)
        .op("cm");
    for &(rx, ry, w, h) in &shape.rects {
        out.int(rx.into())
            .int(ry.into())
            .int(w.into())
            .int(h.into())
            .op("re");
    }
    out.fill().restore();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipient(login: &str) -> Recipient {
        Recipient {
            full_name: "Zoé Dupré".into(),
            role: "Élève".into(),
            children: None,
            login: login.into(),
            activation_code: Some("AB12CD".into()),
        }
    }

    #[test]
    fn url_prefills_the_login_and_leaves_the_code_out() {
        let r = recipient("zoé.dupré+1");
        assert_eq!(
            qr_url("https://ent.fr/activation", &r, false).unwrap(),
            "https://ent.fr/activation?login=zo%C3%A9.dupr%C3%A9%2B1"
        );
        assert_eq!(
            qr_url("https://ent.fr/a?x=1", &r, false).unwrap(),
            "https://ent.fr/a?x=1&login=zo%C3%A9.dupr%C3%A9%2B1"
        );
        assert_eq!(
            qr_url("https://ent.fr/activation", &r, true).unwrap(),
            "https://ent.fr/activation?login=zo%C3%A9.dupr%C3%A9%2B1&code=AB12CD"
        );
        assert_eq!(qr_url(" ", &r, false), None);
    }

    #[test]
    fn rectangles_cover_exactly_the_dark_modules() {
        let data = "https://ent.example.fr/activation?login=zoe.dupre";
        let shape = qr_shape(data).unwrap();
        let code = QrCode::with_error_correction_level(data, EcLevel::M).unwrap();
        let w = code.width();
        let mut painted = vec![0u8; w * w];
        for &(x, y, rw, rh) in &shape.rects {
            for yy in y..y + rh {
                for xx in x..x + rw {
                    painted[yy as usize * w + xx as usize] += 1;
                }
            }
        }
        let dark: Vec<u8> = code
            .to_colors()
            .iter()
            .map(|c| u8::from(*c == Color::Dark))
            .collect();
        assert_eq!(painted, dark, "every dark module painted once, no light one");
        assert_eq!(usize::from(shape.width), w);
    }
}
