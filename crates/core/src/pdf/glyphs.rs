//! The characters a document uses, per face, each given its own character ID (CID) as it is
//! first drawn; the font subset and its `/W`, `/CIDToGIDMap` and `/ToUnicode` are built from
//! this once, when the document is finished.
//!
//! Why a CID per *character* rather than per glyph: two characters may share a glyph (a font
//! may draw U+2126 OHM SIGN and U+03A9 OMEGA alike), and a character no face has is drawn with
//! the `.notdef` glyph. Giving each character its own code keeps the `/ToUnicode` map exact in
//! both cases, so copying or extracting the text gives back exactly the characters of the
//! directory, even where the print shows a box.

use std::collections::HashMap;

use super::fonts::{Glyph, Typeface};

/// One character code of a face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CidEntry {
    pub ch: char,
    /// Glyph in the full font (0 = `.notdef`, for a character no face has).
    pub gid: u16,
    /// In font units.
    pub advance: u16,
}

/// The codes of one face. CID 0 is `.notdef` itself, as PDF expects.
pub(crate) struct FaceCids {
    /// BMP character → CID (0 = none yet).
    bmp: Vec<u16>,
    astral: HashMap<char, u16>,
    /// Indexed by CID.
    pub entries: Vec<CidEntry>,
}

impl FaceCids {
    fn new(notdef_advance: u16) -> FaceCids {
        FaceCids {
            bmp: vec![0; 0x1_0000],
            astral: HashMap::new(),
            entries: vec![CidEntry {
                ch: '\0',
                gid: 0,
                advance: notdef_advance,
            }],
        }
    }

    /// The CID of `ch` drawn with glyph `gid`, assigned on first use. Past 65,535 distinct
    /// characters in one face (far beyond any font) a character falls back to CID 0.
    #[inline]
    pub fn cid(&mut self, ch: char, gid: u16, advance: u16) -> u16 {
        let next = self.entries.len();
        let slot = match self.bmp.get_mut(ch as usize) {
            Some(slot) => slot,
            None => self.astral.entry(ch).or_insert(0),
        };
        if *slot == 0 {
            let Ok(cid) = u16::try_from(next) else { return 0 };
            *slot = cid;
            self.entries.push(CidEntry { ch, gid, advance });
        }
        *slot
    }
}

/// The codes of the three faces.
pub(crate) struct UsedGlyphs {
    faces: [FaceCids; 3],
}

impl UsedGlyphs {
    pub fn new(notdef_advances: [u16; 3]) -> UsedGlyphs {
        UsedGlyphs {
            faces: notdef_advances.map(FaceCids::new),
        }
    }

    /// The code of a resolved character.
    #[inline]
    pub fn cid(&mut self, ch: char, glyph: Glyph) -> u16 {
        self.faces[glyph.face.index()].cid(ch, glyph.gid, glyph.advance)
    }

    /// The code of a character no face has, drawn as `face`'s `.notdef`.
    pub fn notdef_cid(&mut self, ch: char, face: Typeface) -> u16 {
        let advance = self.faces[face.index()].entries[0].advance;
        self.faces[face.index()].cid(ch, 0, advance)
    }

    pub fn face(&self, face: Typeface) -> &FaceCids {
        &self.faces[face.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_character_gets_one_code_in_order_of_first_use() {
        let mut cids = FaceCids::new(500);
        assert_eq!(cids.cid('Z', 61, 600), 1);
        assert_eq!(cids.cid('o', 82, 550), 2);
        assert_eq!(cids.cid('Z', 61, 600), 1);
        // Two characters sharing a glyph still get two codes.
        assert_eq!(cids.cid('\u{2126}', 300, 700), 3); // OHM SIGN
        assert_eq!(cids.cid('\u{3a9}', 300, 700), 4); // GREEK CAPITAL LETTER OMEGA
        assert_eq!(cids.cid('𝔸', 0, 500), 5);
        assert_eq!(cids.entries.len(), 6);
        assert_eq!(
            cids.entries[5],
            CidEntry {
                ch: '𝔸',
                gid: 0,
                advance: 500
            }
        );
    }
}
