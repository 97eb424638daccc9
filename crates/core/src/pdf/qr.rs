//! QR codes as vector rectangles: the URL a phone opens to activate the account (or sign in),
//! with the login filled in, drawn from the `qrcode` crate's module matrix.
//!
//! The activation code is left out of the URL unless the caller sets
//! [`QrCode::AddressAndCode`](super::QrCode::AddressAndCode): a photo of the letter's
//! corner would otherwise be enough to take over the account.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::EcLevel;

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
    let (width, dark) = qr_modules(data)?;
    // Horizontal runs of dark modules per row, then runs stacked on the rows below with the same
    // span merged into taller rectangles: about a third fewer operators than one per run.
    let mut rects: Vec<(u16, u16, u16, u16)> = Vec::new();
    let mut open: Vec<usize> = Vec::new(); // indices into `rects` ending on the previous row
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut next_open = Vec::new();
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
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

/// The masks in the order the `qrcode` crate tries them (the first of equal scores wins).
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The modules of the QR code of `data` (row by row, `true` = dark) and its width: the same
/// code as `QrCode::with_error_correction_level(data, EcLevel::M)`, built from the crate's
/// encoding steps with the mask penalties scored here on a plain grid, which is about fifty
/// times faster than the crate's own scoring (0.7 ms per code), the difference between
/// 10,000 letters with QR codes in 8 s and well under 1 s.
pub fn qr_modules(data: &str) -> Option<(usize, Vec<bool>)> {
    let bits = qrcode::bits::encode_auto(data.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data_codewords, ec_codewords) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data_codewords, &ec_codewords);
    let width = version.width() as usize;
    let dark_grid = |masked: &Canvas| -> Vec<bool> {
        let w = width as i16;
        (0..w)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| masked.get(x, y).is_dark())
            .collect()
    };
    let mut best: Option<(u32, Canvas)> = None;
    for mask in MASKS {
        let mut masked = canvas.clone();
        masked.apply_mask(mask);
        let score = if width <= 128 {
            {
                let (rows, cols) = bit_grid(&masked, width);
                penalty_bits(&rows, &cols, width)
            }
        } else {
            penalty(&dark_grid(&masked), width)
        };
        if best.as_ref().is_none_or(|(b, _)| score < *b) {
            best = Some((score, masked));
        }
    }
    best.map(|(_, masked)| (width, dark_grid(&masked)))
}

/// The rows and the columns of `canvas` as bit sets (bit k = module k is dark), for `width` ≤ 128.
fn bit_grid(canvas: &Canvas, width: usize) -> (Vec<u128>, Vec<u128>) {
    let (mut rows, mut cols) = (vec![0u128; width], vec![0u128; width]);
    for (y, row) in rows.iter_mut().enumerate() {
        for (x, col) in cols.iter_mut().enumerate() {
            if canvas.get(x as i16, y as i16).is_dark() {
                *row |= 1 << x;
                *col |= 1 << y;
            }
        }
    }
    (rows, cols)
}

/// The ISO 18004 mask penalty of a grid, as the `qrcode` crate scores it (up to a constant):
/// runs of 5 or more alike in a row or column, 2 × 2 blocks alike, finder-like `1011101` runs
/// with a light side, and the imbalance of dark and light.
fn penalty(dark: &[bool], w: usize) -> u32 {
    let at = |horizontal: bool, line: usize, k: usize| {
        if horizontal {
            dark[line * w + k]
        } else {
            dark[k * w + line]
        }
    };
    let mut score = 0u32;
    for horizontal in [true, false] {
        for line in 0..w {
            // Runs.
            let mut run = 1;
            for k in 1..=w {
                if k < w && at(horizontal, line, k) == at(horizontal, line, k - 1) {
                    run += 1;
                } else {
                    if run >= 5 {
                        score += run - 2;
                    }
                    run = 1;
                }
            }
            // Finder-like patterns with four light modules on at least one side.
            const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
            for j in 0..w.saturating_sub(6) {
                if (0..7).all(|k| at(horizontal, line, j + k) == PATTERN[k]) {
                    let dark_in = |range: std::ops::Range<usize>| {
                        range.into_iter().any(|k| k < w && at(horizontal, line, k))
                    };
                    if !dark_in(j.saturating_sub(4)..j) || !dark_in(j + 7..j + 11) {
                        score += 40;
                    }
                }
            }
        }
    }
    for y in 0..w - 1 {
        for x in 0..w - 1 {
            let c = dark[y * w + x];
            if dark[y * w + x + 1] == c && dark[(y + 1) * w + x] == c && dark[(y + 1) * w + x + 1] == c {
                score += 3;
            }
        }
    }
    let ratio = (dark.iter().filter(|&&d| d).count() * 200 / dark.len()) as u32;
    score + ratio.abs_diff(100)
}

/// [`penalty`] computed with each row and column as a 128-bit set, for codes up to version 27
/// (any URL a letter holds): a few bit operations per line instead of a loop per module.
fn penalty_bits(rows: &[u128], cols: &[u128], w: usize) -> u32 {
    let ones = |n: usize| if n >= 128 { u128::MAX } else { (1u128 << n) - 1 };
    let line = |b: u128| {
        let mut score = 0u32;
        // Runs of 5 or more alike: 3 points, plus 1 per module beyond 5. A run of length L has
        // L - 4 positions starting five alike and one first such position: L - 2 points.
        for bits in [b, !b & ones(w)] {
            let five = bits & (bits >> 1) & (bits >> 2) & (bits >> 3) & (bits >> 4);
            score += five.count_ones() + 2 * (five & !(five << 1)).count_ones();
        }
        // `1011101` at j (bit j = module j), with four light modules before or after it.
        if w >= 7 {
            let s = |i: u32| b >> i;
            let mut found = s(0) & !s(1) & s(2) & s(3) & s(4) & !s(5) & s(6) & ones(w - 6);
            while found != 0 {
                let j = found.trailing_zeros() as usize;
                found &= found - 1;
                let before = (b >> j.saturating_sub(4)) & ones(j.min(4)) != 0;
                let after = j + 7 < w && (b >> (j + 7)) & ones((w - j - 7).min(4)) != 0;
                if !before || !after {
                    score += 40;
                }
            }
        }
        score
    };
    let mut score: u32 = rows.iter().chain(cols).map(|&b| line(b)).sum();
    // 2 × 2 blocks alike: 3 points each.
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let vertical = !(a ^ b);
        let blocks = vertical & (vertical >> 1) & !(a ^ (a >> 1)) & ones(w - 1);
        score += 3 * blocks.count_ones();
    }
    let dark_count: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let ratio = (dark_count as usize * 200 / (w * w)) as u32;
    score + ratio.abs_diff(100)
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
    use qrcode::{Color, QrCode};

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
    fn modules_are_the_crates_own_qr_code() {
        for data in [
            "https://ent.example.fr/activation?login=zoe.dupre",
            "https://ent.monlycee.example.fr/auth/activation?login=%C5%82ukasz.nguy%E1%BB%85n1234",
            "https://ent.fr/a?login=a",
            "https://ent.example.fr/activation?login=marie-charlotte.dupont-aignan&code=0O1lI8B9",
        ] {
            let code = QrCode::with_error_correction_level(data, EcLevel::M).unwrap();
            let dark: Vec<bool> = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
            assert_eq!(qr_modules(data).unwrap(), (code.width(), dark), "{data}");
        }
    }

    #[test]
    fn bit_set_penalty_matches_the_plain_one() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for w in [7, 21, 25, 57, 101, 128] {
            for _ in 0..20 {
                let dark: Vec<bool> = (0..w * w)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        !seed.is_multiple_of(3)
                    })
                    .collect();
                let (mut rows, mut cols) = (vec![0u128; w], vec![0u128; w]);
                for (i, _) in dark.iter().enumerate().filter(|(_, &d)| d) {
                    rows[i / w] |= 1 << (i % w);
                    cols[i % w] |= 1 << (i / w);
                }
                assert_eq!(penalty_bits(&rows, &cols, w), penalty(&dark, w), "width {w}");
            }
        }
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
