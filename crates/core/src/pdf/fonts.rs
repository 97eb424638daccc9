//! The three TrueType faces letters are printed with, parsed once: which glyph draws each
//! character, how wide it is, and the metrics a PDF font descriptor needs.
//!
//! Core does no I/O: the caller reads the font files (the app fetches them from
//! `public/fonts/`, the CLI reads them from disk) and hands the bytes to [`Fonts::new`]. Parsing
//! builds a flat table from every Unicode character of each face's `cmap` to its glyph and
//! advance, so drawing tens of thousands of letters never goes back to the font's tables.
//!
//! Characters of scripts that drawing glyph by glyph would mangle (right to left, or needing
//! shaping: see [`super::scripts`]) are left out of that table, even where a face has their
//! glyphs: to the whole engine (drawing, widths, [`Fonts::covers`], the missing-character
//! report) they are characters no face has.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::scripts;

/// Which face a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Typeface {
    /// Body text (DejaVu Sans).
    Regular,
    /// Names and headings (DejaVu Sans Bold).
    Bold,
    /// Logins and activation codes (DejaVu Sans Mono), where 0/O and 1/l/I must differ.
    Mono,
}

impl Typeface {
    pub const ALL: [Typeface; 3] = [Typeface::Regular, Typeface::Bold, Typeface::Mono];

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The faces tried, in order, for a character of text set in `self`: itself first, then
    /// the others, so a name in bold with a letter only the regular face has still prints.
    pub(crate) fn fallbacks(self) -> [Typeface; 3] {
        match self {
            Typeface::Regular => [Typeface::Regular, Typeface::Bold, Typeface::Mono],
            Typeface::Bold => [Typeface::Bold, Typeface::Regular, Typeface::Mono],
            Typeface::Mono => [Typeface::Mono, Typeface::Regular, Typeface::Bold],
        }
    }

    fn describe_fr(self) -> &'static str {
        match self {
            Typeface::Regular => "normale",
            Typeface::Bold => "grasse",
            Typeface::Mono => "à chasse fixe",
        }
    }
}

/// A font file the engine cannot use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontError {
    pub face: Typeface,
    pub reason: String,
}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "la police {} est inutilisable : {} (attendu : un fichier TrueType tel que DejaVuSans.ttf)",
            self.face.describe_fr(),
            self.reason
        )
    }
}

impl std::error::Error for FontError {}

/// The metrics of a face that its PDF font descriptor repeats, in font units.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FaceMetrics {
    pub units_per_em: u16,
    pub ascent: i16,
    pub descent: i16,
    pub cap_height: i16,
    pub bbox: [i16; 4],
    pub italic_angle: f32,
    pub fixed_pitch: bool,
    pub bold: bool,
    pub notdef_advance: u16,
}

/// One parsed face.
pub(crate) struct FaceData {
    /// The whole font file, subset when the PDF is finished.
    pub data: Vec<u8>,
    /// `name` table entry 6, e.g. "DejaVuSans-Bold".
    pub postscript_name: String,
    pub metrics: FaceMetrics,
    /// Basic Multilingual Plane character → `glyph << 16 | advance`; 0 when the face lacks it.
    bmp: Box<[u32]>,
    /// The same for characters above U+FFFF.
    astral: HashMap<u32, u32>,
}

/// A character resolved to a face's glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Glyph {
    pub face: Typeface,
    pub gid: u16,
    /// In font units.
    pub advance: u16,
}

/// The regular, bold and monospace faces; cheap to clone (shared).
#[derive(Clone)]
pub struct Fonts(Arc<[FaceData; 3]>);

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|face| face.postscript_name.as_str()).collect();
        f.debug_tuple("Fonts").field(&names).finish()
    }
}

impl Fonts {
    /// Parses the three faces (the bytes of `.ttf` files, e.g. DejaVu Sans, DejaVu Sans Bold and
    /// DejaVu Sans Mono from `public/fonts/`).
    pub fn new(regular: Vec<u8>, bold: Vec<u8>, mono: Vec<u8>) -> Result<Fonts, FontError> {
        Ok(Fonts(Arc::new([
            parse(Typeface::Regular, regular)?,
            parse(Typeface::Bold, bold)?,
            parse(Typeface::Mono, mono)?,
        ])))
    }

    pub(crate) fn face(&self, face: Typeface) -> &FaceData {
        &self.0[face.index()]
    }

    /// The glyph drawing `c` in `face` or, failing that, in the first fallback face that has
    /// it; `None` when no face has it.
    #[inline]
    pub(crate) fn resolve(&self, face: Typeface, c: char) -> Option<Glyph> {
        face.fallbacks().into_iter().find_map(|f| {
            let packed = self.face(f).lookup(c);
            (packed != 0).then_some(Glyph {
                face: f,
                gid: (packed >> 16) as u16,
                advance: packed as u16,
            })
        })
    }

    /// Whether some face can draw `c`, and the engine can print it as it should read: false
    /// for a character no face has, and for every character of a script listed in
    /// [`super::scripts`] (right to left, or needing shaping), whatever the faces hold.
    pub fn covers(&self, c: char) -> bool {
        self.resolve(Typeface::Regular, c).is_some()
    }

    /// The advance of `c` set in `face`, in ems (the width at a size of 1 pt, in points). A
    /// character no face has is as wide as the face's `.notdef` box, which is what prints.
    #[inline]
    pub(crate) fn advance_em(&self, face: Typeface, c: char) -> f32 {
        match self.resolve(face, c) {
            Some(g) => f32::from(g.advance) / f32::from(self.face(g.face).metrics.units_per_em),
            None => {
                let m = &self.face(face).metrics;
                f32::from(m.notdef_advance) / f32::from(m.units_per_em)
            }
        }
    }

    /// The width of `text` set in `face` at 1 pt.
    pub fn width_em(&self, face: Typeface, text: &str) -> f32 {
        text.chars().map(|c| self.advance_em(face, c)).sum()
    }
}

impl FaceData {
    #[inline]
    fn lookup(&self, c: char) -> u32 {
        let cp = c as u32;
        match self.bmp.get(cp as usize) {
            Some(&packed) => packed,
            None => self.astral.get(&cp).copied().unwrap_or(0),
        }
    }
}

fn parse(which: Typeface, data: Vec<u8>) -> Result<FaceData, FontError> {
    let error = |reason: &str| FontError {
        face: which,
        reason: reason.to_owned(),
    };
    let face = ttf_parser::Face::parse(&data, 0).map_err(|e| error(&e.to_string()))?;
    if face.tables().glyf.is_none() {
        // subsetter handles CFF too, but the PDF objects written here are CIDFontType2 (TrueType).
        return Err(error("pas de contours TrueType (table glyf)"));
    }
    let cmap = face.tables().cmap.ok_or_else(|| error("pas de table cmap"))?;

    let mut bmp = vec![0u32; 0x1_0000].into_boxed_slice();
    let mut astral = HashMap::new();
    for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
        subtable.codepoints(|cp| {
            let Some(c) = char::from_u32(cp) else { return };
            if scripts::unsupported(c).is_some() {
                // It would print mangled: treated as absent (see the module's doc).
                return;
            }
            let Some(gid) = face.glyph_index(c) else { return };
            if gid.0 == 0 {
                return;
            }
            let advance = face.glyph_hor_advance(gid).unwrap_or(0);
            let packed = (u32::from(gid.0) << 16) | u32::from(advance);
            match bmp.get_mut(cp as usize) {
                Some(slot) => *slot = packed,
                None => {
                    astral.insert(cp, packed);
                }
            }
        });
    }
    if bmp['A' as usize] == 0 {
        return Err(error("la lettre A n’y figure pas"));
    }

    let postscript_name = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_else(|| format!("Sesame{which:?}"));
    // A PDF name must stay plain ASCII without delimiters.
    let postscript_name: String = postscript_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();

    let bbox = face.global_bounding_box();
    let metrics = FaceMetrics {
        units_per_em: face.units_per_em(),
        ascent: face.ascender(),
        descent: face.descender(),
        cap_height: face.capital_height().unwrap_or(face.ascender()),
        bbox: [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max],
        italic_angle: face.italic_angle(),
        fixed_pitch: face.is_monospaced(),
        bold: face.is_bold(),
        notdef_advance: face.glyph_hor_advance(ttf_parser::GlyphId(0)).unwrap_or(0),
    };
    Ok(FaceData {
        data,
        postscript_name,
        metrics,
        bmp,
        astral,
    })
}
