//! The document-level PDF objects, each written by one function naming the keys it sets:
//! streams, pages and the page tree, form XObjects, the outline (bookmarks), the document
//! information and catalog, and the trailer's `/ID`.

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::units::Size;

/// A stream with `dict` and `content`, Flate-compressed (`/Filter /FlateDecode`) when `compress`
/// is set and it saves bytes. `/Length` is set by lopdf.
pub(crate) fn stream(mut dict: Dictionary, content: Vec<u8>, compress: bool) -> Stream {
    if compress {
        let packed = deflate(&content);
        if packed.len() < content.len() {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            return Stream::new(dict, packed);
        }
    }
    Stream::new(dict, content)
}

/// Below this many bytes a stream is compressed with Deflate's fixed Huffman codes.
const SMALL_STREAM: usize = 2048;

/// `content` zlib-compressed. Measured on this machine (benches/pdf.rs and a 358-byte letter
/// page): building the optimal Huffman tables of a block costs more than the compression itself
/// for a small stream, so small streams (each letter's page) use the fixed codes: 7 µs instead
/// of 18 µs for 14 % more bytes. Large streams (pages of QR codes, fonts) use level 3: three
/// times faster than level 6 for 10 % more bytes.
pub(crate) fn deflate(content: &[u8]) -> Vec<u8> {
    use miniz_oxide::deflate::core::deflate_flags::TDEFL_FORCE_ALL_STATIC_BLOCKS;
    use miniz_oxide::deflate::core::{
        compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
    };
    let (level, extra) = if content.len() < SMALL_STREAM {
        (6, TDEFL_FORCE_ALL_STATIC_BLOCKS)
    } else {
        (3, 0)
    };
    // 15 window bits: the zlib format, as /FlateDecode expects.
    let flags = create_comp_flags_from_zip_params(level, 15, 0) | extra;
    let mut compressor = CompressorOxide::new(flags);
    let mut out = vec![0u8; content.len() / 2 + 64];
    let (mut input, mut written) = (content, 0);
    loop {
        let (status, read, wrote) = compress(&mut compressor, input, &mut out[written..], TDEFLFlush::Finish);
        written += wrote;
        input = &input[read..];
        match status {
            TDEFLStatus::Done => break,
            TDEFLStatus::Okay => {
                let grown = out.len() * 2;
                out.resize(grown, 0);
            }
            // Only on misuse of the API (a finished compressor): fall back to the plain bytes.
            _ => return content.to_vec(),
        }
    }
    out.truncate(written);
    out
}

/// A PDF text string: PDFDocEncoding when `text` is printable ASCII, else UTF-16BE with a byte
/// order mark, so titles and bookmarks show "Élève" and "Алёна" as typed.
pub(crate) fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `[0 0 w h]`, a rectangle from the origin.
fn rect(size: Size) -> Object {
    Object::Array(vec![
        0.into(),
        0.into(),
        Object::Real(size.w),
        Object::Real(size.h),
    ])
}

/// A page: `/Type /Page`, `/Parent`, `/Contents`, and `/MediaBox` only when it differs from the
/// page tree's (sign-off sheets are portrait in a landscape document). Resources are inherited
/// from the page tree, so each letter costs two small objects.
pub(crate) fn page(parent: ObjectId, contents: ObjectId, media_box: Option<Size>) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Page".to_vec()));
    d.set("Parent", parent);
    d.set("Contents", contents);
    if let Some(size) = media_box {
        d.set("MediaBox", rect(size));
    }
    d
}

/// The page tree's root: `/Type /Pages`, `/Kids`, `/Count`, and the `/MediaBox` and
/// `/Resources` every page inherits.
pub(crate) fn page_tree(kids: &[ObjectId], media_box: Size, resources: ObjectId) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Pages".to_vec()));
    d.set(
        "Kids",
        kids.iter().map(|&id| Object::Reference(id)).collect::<Vec<_>>(),
    );
    d.set("Count", kids.len() as i64);
    d.set("MediaBox", rect(media_box));
    d.set("Resources", resources);
    d
}

/// The shared resources: `/Font` (`/R`, `/B`, `/M`) and `/XObject` (templates, cut lines).
pub(crate) fn resources(fonts: &[(&str, ObjectId)], xobjects: &[(String, ObjectId)]) -> Dictionary {
    let mut font = Dictionary::new();
    for (name, id) in fonts {
        font.set(*name, *id);
    }
    let mut xobject = Dictionary::new();
    for (name, id) in xobjects {
        xobject.set(name.as_str(), *id);
    }
    let mut d = Dictionary::new();
    d.set("Font", font);
    d.set("XObject", xobject);
    d
}

/// A form XObject: `/Type /XObject`, `/Subtype /Form`, `/BBox` and `/Resources`, drawn by
/// `/Name Do` in each page that shows it.
pub(crate) fn form_xobject(content: Vec<u8>, bbox: Size, resources: ObjectId, compress: bool) -> Stream {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"XObject".to_vec()));
    d.set("Subtype", Object::Name(b"Form".to_vec()));
    d.set("BBox", rect(bbox));
    d.set("Resources", resources);
    stream(d, content, compress)
}

/// The outline: one bookmark per group (`/Title`, `/Parent`, `/Prev`, `/Next`, `/Dest [page
/// /Fit]`) under an `/Outlines` dictionary (`/First`, `/Last`, `/Count`). `None` when there
/// is nothing to list.
pub(crate) fn outline(doc: &mut Document, entries: &[(String, ObjectId)]) -> Option<ObjectId> {
    if entries.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    for (i, (title, page)) in entries.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(title));
        d.set("Parent", root);
        if i > 0 {
            d.set("Prev", ids[i - 1]);
        }
        if let Some(&next) = ids.get(i + 1) {
            d.set("Next", next);
        }
        d.set(
            "Dest",
            vec![Object::Reference(*page), Object::Name(b"Fit".to_vec())],
        );
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Outlines".to_vec()));
    d.set("First", ids[0]);
    d.set("Last", *ids.last().expect("not empty"));
    d.set("Count", ids.len() as i64);
    doc.objects.insert(root, Object::Dictionary(d));
    Some(root)
}

/// The document information: `/Title`, `/Producer`, and `/CreationDate` only when the caller
/// gives one, so the same input gives the same bytes. No `/Author`: the file names nobody.
pub(crate) fn info(title: &str, created: Option<DateTime<Utc>>) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Title", text_string(title));
    d.set("Producer", text_string("Sésame"));
    if let Some(date) = created {
        d.set(
            "CreationDate",
            text_string(&date.format("D:%Y%m%d%H%M%SZ").to_string()),
        );
    }
    d
}

/// The catalog: `/Type /Catalog`, `/Pages`, `/Lang`, `/ViewerPreferences <</DisplayDocTitle
/// true>>` (viewers show the title, not the file name), and `/Outlines` with `/PageMode
/// /UseOutlines` when there are bookmarks.
pub(crate) fn catalog(pages: ObjectId, outlines: Option<ObjectId>, lang: &str) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Catalog".to_vec()));
    d.set("Pages", pages);
    d.set("Lang", text_string(lang));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    d.set("ViewerPreferences", prefs);
    if let Some(outlines) = outlines {
        d.set("Outlines", outlines);
        d.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    d
}

/// Sets the trailer's `/Root`, `/Info` and `/ID` (twice the same content hash: a new document).
pub(crate) fn trailer(doc: &mut Document, root: ObjectId, info: ObjectId, id: [u8; 16]) {
    doc.trailer.set("Root", root);
    doc.trailer.set("Info", info);
    let id = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_ascii_or_utf16_with_bom() {
        assert_eq!(
            text_string("CM2 A"),
            Object::String(b"CM2 A".to_vec(), StringFormat::Literal)
        );
        match text_string("Élève") {
            Object::String(bytes, StringFormat::Hexadecimal) => {
                assert_eq!(
                    bytes,
                    [0xFE, 0xFF, 0x00, 0xC9, 0x00, 0x6C, 0x00, 0xE8, 0x00, 0x76, 0x00, 0x65]
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn deflate_round_trips_small_and_large_streams() {
        for content in [
            b"BT /R 12 Tf <0001> Tj ET\n".repeat(3),
            b"0 0 m 1 1 l S\n".repeat(5000),
        ] {
            let packed = deflate(&content);
            assert!(packed.len() < content.len());
            assert_eq!(
                miniz_oxide::inflate::decompress_to_vec_zlib(&packed).unwrap(),
                content
            );
        }
    }

    #[test]
    fn compression_is_skipped_when_it_does_not_help() {
        let s = stream(Dictionary::new(), b"q Q".to_vec(), true);
        assert!(s.dict.get(b"Filter").is_err());
        let s = stream(Dictionary::new(), b"0 0 m 1 1 l S\n".repeat(50), true);
        assert!(s.dict.get(b"Filter").is_ok());
        assert!(s.content.len() < 100);
    }
}
