//! The fonts' core cuts (`public/fonts/*-core.ttf`, written by `cargo xtask core-fonts`): the
//! PDF worker fetches them instead of the full DejaVu files whenever they draw a job's every
//! character, so they must draw each character they have exactly as the full files do — same
//! glyph id, same advance, same outline, in each face — and hold the same characters in the
//! three faces' terms (a character one cut has, the others have if their full file has it).
//! Otherwise a name would print differently, or fall back to another face, for having been cut.

#[path = "pdf_support.rs"]
mod support;

use support::fonts_dir;
use ttf_parser::{Face, GlyphId, OutlineBuilder};

const FACES: [&str; 3] = ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"];

/// A glyph's outline as a list of drawing commands.
#[derive(Default, PartialEq, Debug)]
struct Outline(Vec<(char, [i32; 6])>);

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(('M', [x as i32, y as i32, 0, 0, 0, 0]));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(('L', [x as i32, y as i32, 0, 0, 0, 0]));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0
            .push(('Q', [x1 as i32, y1 as i32, x as i32, y as i32, 0, 0]));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push((
            'C',
            [x1 as i32, y1 as i32, x2 as i32, y2 as i32, x as i32, y as i32],
        ));
    }
    fn close(&mut self) {
        self.0.push(('Z', [0; 6]));
    }
}

fn outline(face: &Face, id: GlyphId) -> Outline {
    let mut outline = Outline::default();
    face.outline_glyph(id, &mut outline);
    outline
}

#[test]
fn every_character_of_a_cut_is_drawn_as_the_full_file_draws_it() {
    let read =
        |name: String| std::fs::read(fonts_dir().join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let full: Vec<Vec<u8>> = FACES.iter().map(|f| read(format!("{f}.ttf"))).collect();
    let cut: Vec<Vec<u8>> = FACES.iter().map(|f| read(format!("{f}-core.ttf"))).collect();
    let full: Vec<Face> = full.iter().map(|d| Face::parse(d, 0).unwrap()).collect();
    let cut: Vec<Face> = cut.iter().map(|d| Face::parse(d, 0).unwrap()).collect();

    let mut kept = 0;
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        if !cut.iter().any(|face| face.glyph_index(c).is_some()) {
            continue;
        }
        kept += 1;
        for (n, (full, cut)) in full.iter().zip(&cut).enumerate() {
            let (f, k) = (full.glyph_index(c), cut.glyph_index(c));
            assert_eq!(f, k, "{} U+{:04X}: glyph id", FACES[n], c as u32);
            let Some(id) = f else { continue };
            assert_eq!(
                full.glyph_hor_advance(id),
                cut.glyph_hor_advance(id),
                "{} U+{:04X}: advance",
                FACES[n],
                c as u32
            );
            assert_eq!(
                outline(full, id),
                outline(cut, id),
                "{} U+{:04X}: outline",
                FACES[n],
                c as u32
            );
        }
    }
    // Latin, Greek, Cyrillic and the letters' signs: hundreds of characters, not a stray few.
    assert!(kept > 1_500, "the cuts keep only {kept} characters");
    for c in "Zoé Œdipe Łukasz Nguyễn Ελένη Светлана « … » – € → ─ ▶".chars()
    {
        assert!(cut[0].glyph_index(c).is_some(), "the regular cut lacks {c:?}");
    }
    for c in ['Ա', 'ა', 'א', 'ع'] {
        assert!(
            cut[0].glyph_index(c).is_none(),
            "the cut keeps {c:?}: it was meant to stay out"
        );
    }
    // Metrics the layout reads from the faces, the same in both.
    for (full, cut) in full.iter().zip(&cut) {
        assert_eq!(full.units_per_em(), cut.units_per_em());
        assert_eq!(full.ascender(), cut.ascender());
        assert_eq!(full.descender(), cut.descender());
        assert_eq!(
            full.glyph_hor_advance(GlyphId(0)),
            cut.glyph_hor_advance(GlyphId(0))
        );
    }
}
