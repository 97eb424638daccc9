//! Bytes to text: UTF-8 (with or without BOM) or Windows-1252, and the lines that are neither.
//!
//! The ENT and "CSV UTF-8" spreadsheets write UTF-8, often with a BOM; French Excel's plain "CSV"
//! writes Windows-1252. Valid UTF-8 is read as UTF-8 (a Windows-1252 file of French names is
//! practically never valid UTF-8: "é" alone is an invalid byte). Otherwise each line votes: a line
//! with non-ASCII characters that is valid UTF-8 looks like UTF-8, an invalid one like
//! Windows-1252, and the majority decides. Lines of the minority are mixed-up copies and pastes;
//! they are reported as "bad encoding" with their line number rather than imported as "Ã©".
//! So are lines with bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) and NUL
//! bytes (a UTF-16 file without BOM). A UTF-8 BOM settles the question: the file is UTF-8.

use std::borrow::Cow;
use std::fmt;

use super::error::{EncodingProblem, FileError};

/// The encoding the file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    /// UTF-8 starting with a byte order mark (Excel's "CSV UTF-8", the ENT's export).
    Utf8Bom,
    Windows1252,
}

impl fmt::Display for SourceEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 (BOM)",
            SourceEncoding::Windows1252 => "Windows-1252",
        })
    }
}

/// The decoded file.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: SourceEncoding,
    /// Physical lines (1-based) that could not be read in `encoding`, with why, in order.
    pub bad_lines: Vec<(usize, EncodingProblem)>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// Bytes with no character in Windows-1252 (the WHATWG decoder maps them to C1 controls).
const CP1252_UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, FileError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(FileError::Utf16);
    }
    let (body, has_bom) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let utf8_encoding = if has_bom {
        SourceEncoding::Utf8Bom
    } else {
        SourceEncoding::Utf8
    };
    if let Ok(text) = std::str::from_utf8(body) {
        // The common case: one validation pass, no copy.
        let bad_lines = nul_lines(body);
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: utf8_encoding,
            bad_lines,
        });
    }

    let mut utf8_votes = Vec::new();
    let mut cp1252_votes = Vec::new();
    for (n, line) in physical_lines(body) {
        if line.is_ascii() {
            continue;
        }
        match std::str::from_utf8(line) {
            Ok(_) => utf8_votes.push(n),
            Err(e) => cp1252_votes.push((n, line[e.valid_up_to()])),
        }
    }
    let is_utf8 = has_bom || utf8_votes.len() > cp1252_votes.len();
    let mut bad_lines = nul_lines(body);
    if is_utf8 {
        for (n, byte) in cp1252_votes {
            bad_lines.push((n, EncodingProblem::InvalidUtf8 { byte }));
        }
        bad_lines.sort();
        return Ok(Decoded {
            text: Cow::Owned(String::from_utf8_lossy(body).into_owned()),
            encoding: utf8_encoding,
            bad_lines,
        });
    }
    for n in utf8_votes {
        bad_lines.push((n, EncodingProblem::Utf8Line));
    }
    for (n, line) in physical_lines(body) {
        if let Some(byte) = line.iter().find(|b| CP1252_UNDEFINED.contains(b)) {
            bad_lines.push((n, EncodingProblem::UnknownByte { byte: *byte }));
        }
    }
    bad_lines.sort();
    bad_lines.dedup_by_key(|(n, _)| *n);
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
    Ok(Decoded {
        text: Cow::Owned(text.into_owned()),
        encoding: SourceEncoding::Windows1252,
        bad_lines,
    })
}

/// Lines holding a NUL byte: binary data or UTF-16, never text a spreadsheet exports.
fn nul_lines(body: &[u8]) -> Vec<(usize, EncodingProblem)> {
    if !body.contains(&0) {
        return Vec::new();
    }
    physical_lines(body)
        .filter(|(_, line)| line.contains(&0))
        .map(|(n, _)| (n, EncodingProblem::NulByte))
        .collect()
}

/// Physical lines with their 1-based numbers, split the way the CSV reader counts them (CRLF, LF
/// or a lone CR), so an encoding error and a parse error name the same line.
fn physical_lines(body: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut rest = body;
    let mut n = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        n += 1;
        let end = rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(rest.len());
        let line = &rest[..end];
        let next = match rest.get(end) {
            Some(b'\r') if rest.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        rest = &rest[next..];
        Some((n, line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(body: &[u8]) -> Vec<(usize, Vec<u8>)> {
        physical_lines(body).map(|(n, l)| (n, l.to_vec())).collect()
    }

    #[test]
    fn physical_lines_follow_crlf_lf_and_cr() {
        assert_eq!(
            lines(b"a\r\nb\nc\rd"),
            [
                (1, b"a".to_vec()),
                (2, b"b".to_vec()),
                (3, b"c".to_vec()),
                (4, b"d".to_vec())
            ]
        );
        assert_eq!(
            lines(b"a\n\nb\n"),
            [(1, b"a".to_vec()), (2, b"".to_vec()), (3, b"b".to_vec())]
        );
        assert_eq!(
            lines(b"a\r\r\nb"),
            [(1, b"a".to_vec()), (2, b"".to_vec()), (3, b"b".to_vec())]
        );
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("Zoé;Łukasz".as_bytes()).unwrap();
        assert_eq!(plain.text, "Zoé;Łukasz");
        assert_eq!(plain.encoding, SourceEncoding::Utf8);
        assert!(matches!(plain.text, Cow::Borrowed(_)));
        let bom = decode("\u{FEFF}Zoé".as_bytes()).unwrap();
        assert_eq!(bom.text, "Zoé");
        assert_eq!(bom.encoding, SourceEncoding::Utf8Bom);
        assert!(bom.bad_lines.is_empty());
    }

    #[test]
    fn windows_1252_letters_come_through() {
        // "Zoé;Œdipe;Ÿvonne;€" in Windows-1252.
        let decoded = decode(b"Zo\xE9;\x8Cdipe;\x9Fvonne;\x80\n").unwrap();
        assert_eq!(decoded.encoding, SourceEncoding::Windows1252);
        assert_eq!(decoded.text, "Zoé;Œdipe;Ÿvonne;€\n");
        assert!(decoded.bad_lines.is_empty());
    }

    #[test]
    fn undefined_windows_1252_bytes_are_bad_lines() {
        let decoded = decode(b"Zo\xE9\nA\x81B\nok\n").unwrap();
        assert_eq!(decoded.encoding, SourceEncoding::Windows1252);
        assert_eq!(
            decoded.bad_lines,
            [(2, EncodingProblem::UnknownByte { byte: 0x81 })]
        );
    }

    #[test]
    fn the_minority_encoding_is_reported_line_by_line() {
        // Two UTF-8 lines and one Windows-1252 line: UTF-8 wins, line 3 is bad.
        let bytes: Vec<u8> = "Zoé\nÉmile\n".bytes().chain(*b"No\xEBl\n").collect();
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, SourceEncoding::Utf8);
        assert_eq!(decoded.bad_lines.len(), 1);
        assert_eq!(decoded.bad_lines[0].0, 3);
        assert_eq!(
            decoded.bad_lines[0].1,
            EncodingProblem::InvalidUtf8 { byte: 0xEB }
        );
        // The other way round.
        let bytes: Vec<u8> = b"Zo\xE9\nNo\xEBl\n"
            .iter()
            .copied()
            .chain("Émile\n".bytes())
            .collect();
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, SourceEncoding::Windows1252);
        assert_eq!(decoded.bad_lines.iter().map(|b| b.0).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn a_bom_forces_utf8() {
        let decoded = decode(b"\xEF\xBB\xBFZo\xE9\n").unwrap();
        assert_eq!(decoded.encoding, SourceEncoding::Utf8Bom);
        assert_eq!(decoded.bad_lines.iter().map(|b| b.0).collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn utf16_and_nul_bytes_are_refused() {
        assert_eq!(decode(b"\xFF\xFET\x00").unwrap_err(), FileError::Utf16);
        let decoded = decode(b"ok\nT\x00y\x00").unwrap();
        assert_eq!(decoded.bad_lines.iter().map(|b| b.0).collect::<Vec<_>>(), [2]);
    }
}
