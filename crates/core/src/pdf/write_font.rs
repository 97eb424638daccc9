//! The PDF objects of one embedded font: a subset of the TrueType face holding only the glyphs
//! the document uses, as a composite (Type0) font with 2-byte character IDs.
//!
//! ```text
//! Type0 font ── /DescendantFonts ─▶ CIDFontType2 ── /FontDescriptor ─▶ descriptor ── /FontFile2 ─▶ subset
//!     └─ /ToUnicode ─▶ CMap              └─ /CIDToGIDMap ─▶ stream
//! ```

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::FaceData;
use super::glyphs::FaceCids;
use super::hash::ContentHash;
use super::write_doc::stream;

/// What writing a font produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WrittenFont {
    /// Bytes of the subset font program, before compression.
    pub subset_bytes: usize,
}

/// Writes the font of `face` with the codes of `cids` at `font_id` (the `/Type0` dictionary the
/// page resources already point to) and its descendant objects.
pub(crate) fn write_font(
    doc: &mut Document,
    font_id: ObjectId,
    face: &FaceData,
    cids: &FaceCids,
    compress: bool,
) -> Result<WrittenFont, String> {
    // Keep .notdef first, then each used glyph once, in order of first use; the subset
    // renumbers glyphs in that order and `/CIDToGIDMap` says which glyph each code draws.
    let mut remapper = subsetter::GlyphRemapper::new();
    let cid_to_gid: Vec<u16> = cids.entries.iter().map(|e| remapper.remap(e.gid)).collect();
    let program = subsetter::subset(&face.data, 0, &remapper).map_err(|e| {
        format!(
            "sous-ensemble de la police {} impossible : {e}",
            face.postscript_name
        )
    })?;
    let base_font = format!("{}+{}", subset_tag(cids), face.postscript_name);
    let m = &face.metrics;
    let scale = |v: i16| i64::from(v) * 1000 / i64::from(m.units_per_em);

    let mut file = stream(Dictionary::new(), program.clone(), compress);
    file.dict.set("Length1", program.len() as i64);
    let file_id = doc.add_object(file);

    let descriptor = font_descriptor(&base_font, face, file_id, scale);
    let descriptor_id = doc.add_object(descriptor);

    let map: Vec<u8> = cid_to_gid.iter().flat_map(|g| g.to_be_bytes()).collect();
    let map_id = doc.add_object(stream(Dictionary::new(), map, compress));

    let widths: Vec<Object> = cids
        .entries
        .iter()
        .map(|e| Object::Integer(i64::from(e.advance) * 1000 / i64::from(m.units_per_em)))
        .collect();
    let mut cid_font = Dictionary::new();
    cid_font.set("Type", Object::Name(b"Font".to_vec()));
    cid_font.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
    cid_font.set("BaseFont", Object::Name(base_font.clone().into_bytes()));
    let mut system = Dictionary::new();
    system.set("Registry", Object::string_literal("Adobe"));
    system.set("Ordering", Object::string_literal("Identity"));
    system.set("Supplement", 0);
    cid_font.set("CIDSystemInfo", system);
    cid_font.set("FontDescriptor", descriptor_id);
    cid_font.set("W", vec![Object::Integer(0), Object::Array(widths)]);
    cid_font.set("CIDToGIDMap", map_id);
    let cid_font_id = doc.add_object(cid_font);

    let chars: Vec<(u16, char)> = cids
        .entries
        .iter()
        .enumerate()
        .skip(1)
        .map(|(cid, e)| (cid as u16, e.ch))
        .collect();
    let to_unicode_id = doc.add_object(stream(Dictionary::new(), to_unicode_cmap(&chars), compress));

    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type0".to_vec()));
    font.set("BaseFont", Object::Name(base_font.into_bytes()));
    font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    font.set("DescendantFonts", vec![Object::Reference(cid_font_id)]);
    font.set("ToUnicode", to_unicode_id);
    doc.objects.insert(font_id, Object::Dictionary(font));
    Ok(WrittenFont {
        subset_bytes: program.len(),
    })
}

/// The `/FontDescriptor`: `/FontName`, `/Flags` (symbolic, as for any CID-keyed font, plus
/// fixed-pitch for the monospace face), `/FontBBox`, `/ItalicAngle`, `/Ascent`, `/Descent`,
/// `/CapHeight`, `/StemV` and `/FontFile2`, in thousandths of an em.
fn font_descriptor(
    base_font: &str,
    face: &FaceData,
    file_id: ObjectId,
    scale: impl Fn(i16) -> i64,
) -> Dictionary {
    let m = &face.metrics;
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    d.set("FontName", Object::Name(base_font.as_bytes().to_vec()));
    d.set("Flags", 4 | i64::from(m.fixed_pitch));
    d.set(
        "FontBBox",
        m.bbox
            .iter()
            .map(|&v| Object::Integer(scale(v)))
            .collect::<Vec<_>>(),
    );
    d.set("ItalicAngle", Object::Real(m.italic_angle));
    d.set("Ascent", scale(m.ascent));
    d.set("Descent", scale(m.descent));
    d.set("CapHeight", scale(m.cap_height));
    // No TrueType table gives the stem width; these are the usual estimates.
    d.set("StemV", if m.bold { 120 } else { 80 });
    d.set("FontFile2", file_id);
    d
}

/// The six capital letters before a subset's name (`ABCDEF+DejaVuSans`), from the characters it
/// holds: PDF asks that different subsets of a font get different tags.
fn subset_tag(cids: &FaceCids) -> String {
    let mut h = ContentHash::default();
    for e in &cids.entries {
        h.update(&(e.ch as u32).to_le_bytes());
    }
    let n = u64::from_be_bytes(h.finish()[..8].try_into().expect("8 bytes"));
    (0..6)
        .map(|i| char::from(b'A' + ((n >> (i * 5)) % 26) as u8))
        .collect()
}

/// A `/ToUnicode` CMap mapping each 2-byte code to its character (UTF-16BE), so text extraction,
/// search and copy give back the exact characters drawn.
pub(crate) fn to_unicode_cmap(chars: &[(u16, char)]) -> Vec<u8> {
    use std::fmt::Write;
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // At most 100 entries per block, as the CMap format requires.
    for block in chars.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", block.len());
        for &(cid, ch) in block {
            let _ = write!(s, "<{cid:04X}> <");
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                let _ = write!(s, "{unit:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_maps_codes_to_utf16_including_surrogate_pairs() {
        let cmap = String::from_utf8(to_unicode_cmap(&[(1, 'Z'), (2, 'ễ'), (3, '𝔸')])).unwrap();
        assert!(cmap.contains("3 beginbfchar\n<0001> <005A>\n<0002> <1EC5>\n<0003> <D835DD38>\nendbfchar"));
        assert!(cmap.contains("<0000> <FFFF>"));
    }

    #[test]
    fn to_unicode_blocks_hold_at_most_100_entries() {
        let chars: Vec<(u16, char)> = (1..=250u16)
            .map(|i| (i, char::from_u32(0x100 + u32::from(i)).unwrap()))
            .collect();
        let cmap = String::from_utf8(to_unicode_cmap(&chars)).unwrap();
        assert_eq!(cmap.matches("100 beginbfchar").count(), 2);
        assert_eq!(cmap.matches("50 beginbfchar").count(), 1);
    }
}
