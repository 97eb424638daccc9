//! The CSV import on what no one should send and someone will: arbitrary bytes, CSV-shaped
//! noise built from the export's own words, the real fixture exports mutated (bytes flipped,
//! quotes and line breaks inserted, lines repeated or swapped, re-encoded, fields blown up to a
//! mebibyte), and one-mebibyte fields on purpose. Never a panic; an accepted file always gives
//! sane accounts (the same checks the import promises), and a refused one names lines that exist.

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use sesame_core::import::{parse_csv, ImportError, ImportReport};
use sesame_core::SchoolTimeZone;

use crate::budget;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The real exports the mutations start from.
fn seeds() -> Vec<Vec<u8>> {
    [
        "ent-export.csv",
        "ent-export-cp1252.csv",
        "example.csv",
        "college.csv",
        "broken.csv",
    ]
    .iter()
    .map(|name| fixture(name))
    .collect()
}

/// Lines a file can have, whatever ends them.
fn physical_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n' || **b == b'\r').count() + 1
}

/// Garbage a school's directory must never receive from an accepted file.
fn has_garbage(text: &str) -> bool {
    text.chars().any(char::is_control) || text.trim() != text
}

/// What every accepted file must give.
fn check_accepted(report: &ImportReport, bytes: &[u8]) -> Result<(), TestCaseError> {
    prop_assert!(!report.users.is_empty(), "accepted with no account");
    let lines = physical_lines(bytes);
    let mut logins = std::collections::HashSet::new();
    for user in &report.users {
        prop_assert!(
            user.line >= 2 && user.line <= lines,
            "line {} of {lines}",
            user.line
        );
        prop_assert!(
            !user.login.is_empty() && !user.login.contains(char::is_whitespace),
            "{user:?}"
        );
        prop_assert!(logins.insert(user.login.to_lowercase()), "login twice: {user:?}");
        for name in [&user.first_name, &user.last_name] {
            prop_assert!(!name.is_empty() && !has_garbage(name), "name {name:?}");
        }
        for value in [&user.id, &user.ent_login, &user.activation_code, &user.email]
            .into_iter()
            .flatten()
        {
            prop_assert!(!value.is_empty() && !has_garbage(value), "value {value:?}");
        }
        prop_assert!(!has_garbage(&user.login), "login {:?}", user.login);
        for class in &user.classes {
            prop_assert!(!class.is_empty() && !has_garbage(class), "class {class:?}");
        }
        let unique: std::collections::HashSet<&String> = user.classes.iter().collect();
        prop_assert_eq!(unique.len(), user.classes.len());
        for child in &user.children {
            prop_assert!(
                !has_garbage(&child.first_name) && !has_garbage(&child.last_name),
                "{child:?}"
            );
        }
    }
    Ok(())
}

/// What every refused file must say: at least one reason, each at a line of the file.
fn check_refused(error: &ImportError, bytes: &[u8]) -> Result<(), TestCaseError> {
    prop_assert!(!error.to_string().is_empty());
    if let ImportError::Lines(lines) = error {
        prop_assert!(!lines.is_empty());
        let count = physical_lines(bytes);
        for line in lines {
            prop_assert!(
                line.line >= 1 && line.line <= count,
                "line {} of {count}: {line}",
                line.line
            );
        }
    }
    Ok(())
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse_csv(bytes, SchoolTimeZone::EuropeParis) {
        Ok(report) => check_accepted(&report, bytes),
        Err(error) => check_refused(&error, bytes),
    }
}

/// Pieces of CSV: the export's column names and values, separators, quotes, line ends, and a
/// few characters that have broken parsers elsewhere.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(vec![
            "Type", "Nom", "Prénom", "Login", "Alias de login", "Code d'activation", "Id", "Courriel",
            "Date de création", "Bloqué", "Administrateur local", "Classes", "Enfants",
            "Élève", "Enseignant", "Parent", "Personnel", "Invité", "oui", "non", "CM2 A", "6e B",
            "zoe.dupre", "AB12CD34", "zoe@example.fr", "01/09/2025", "2025-09-01 08:30",
            "Zoé Dupré (CM2 A)", "Łukasz", "Nguyễn",
        ]).prop_map(str::to_owned),
        8 => proptest::sample::select(vec![";", ";", ";", ",", "\t", "\"", "\"\"", "\n", "\r\n", "\r", " "])
            .prop_map(str::to_owned),
        1 => proptest::sample::select(vec![
            "\u{0}", "\u{7}", "\u{1b}[31m", "\u{202e}", "\u{feff}", "\u{a0}", "\u{2028}", "\u{301}", "\u{fffd}",
        ]).prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

/// One change to a file.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(Index, u8),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    RepeatLine(Index),
    SwapLines(Index, Index),
    /// A field made `len` bytes long.
    BlowUp(Index, usize),
    /// Re-encoded as Windows-1252 (as French Excel saves).
    ToWindows1252,
    /// With or without a BOM; CRLF or LF.
    Bom(bool),
    Crlf(bool),
}

fn snippet() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => proptest::sample::select(vec![
            &b"\""[..], b";", b"\n", b"\r\n", b"\"\"", b"\"\n\"", b"\0", b"\xff", b"\xc3", b"\xe9",
            b"\x07", b"\x1b", b"\x7f", b"\x85", b"\xc2\x85", b"\t", b"\r",
            b"\xef\xbb\xbf", b";;;;;;", "Élève".as_bytes(), "\u{202e}".as_bytes(), b"\t", b",",
        ])
        .prop_map(<[u8]>::to_vec),
        1 => proptest::collection::vec(any::<u8>(), 1..8),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<Index>(), 1..=255u8).prop_map(|(i, x)| Mutation::Flip(i, x)),
        8 => (any::<Index>(), snippet()).prop_map(|(i, s)| Mutation::Insert(i, s)),
        3 => (any::<Index>(), 1..40usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        2 => any::<Index>().prop_map(Mutation::RepeatLine),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (any::<Index>(), prop_oneof![9 => 1_000..70_000usize, 1 => Just(1 << 20)])
            .prop_map(|(i, n)| Mutation::BlowUp(i, n)),
        1 => Just(Mutation::ToWindows1252),
        1 => any::<bool>().prop_map(Mutation::Bom),
        1 => any::<bool>().prop_map(Mutation::Crlf),
    ]
}

fn line_spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        spans.push((start, bytes.len()));
    }
    spans
}

fn apply(mut bytes: Vec<u8>, mutation: &Mutation) -> Vec<u8> {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len) };
    match mutation {
        Mutation::Flip(i, x) if !bytes.is_empty() => {
            let p = at(i, bytes.len());
            bytes[p] ^= x;
        }
        Mutation::Insert(i, snippet) => {
            let p = at(i, bytes.len() + 1);
            bytes.splice(p..p, snippet.iter().copied());
        }
        Mutation::Delete(i, n) if !bytes.is_empty() => {
            let p = at(i, bytes.len());
            let end = (p + n).min(bytes.len());
            bytes.drain(p..end);
        }
        Mutation::RepeatLine(i) => {
            let spans = line_spans(&bytes);
            if !spans.is_empty() {
                let (s, e) = spans[at(i, spans.len())];
                let line = bytes[s..e].to_vec();
                bytes.splice(e..e, line);
            }
        }
        Mutation::SwapLines(a, b) => {
            let spans = line_spans(&bytes);
            if spans.len() >= 2 {
                let mut lines: Vec<Vec<u8>> = spans.iter().map(|(s, e)| bytes[*s..*e].to_vec()).collect();
                let (a, b) = (at(a, lines.len()), at(b, lines.len()));
                lines.swap(a, b);
                bytes = lines.concat();
            }
        }
        Mutation::BlowUp(i, n) => {
            // Just after a separator, so it lands inside a field.
            let separators: Vec<usize> = bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b';')
                .map(|(p, _)| p + 1)
                .collect();
            let p = if separators.is_empty() {
                0
            } else {
                separators[at(i, separators.len())]
            };
            let filler: Vec<u8> = "é".repeat(n / 2).into_bytes();
            bytes.splice(p..p, filler);
        }
        Mutation::ToWindows1252 => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
            bytes = encoded.into_owned();
        }
        Mutation::Bom(true) if !bytes.starts_with(b"\xef\xbb\xbf") => {
            bytes.splice(0..0, *b"\xef\xbb\xbf");
        }
        Mutation::Bom(false) if bytes.starts_with(b"\xef\xbb\xbf") => {
            bytes.drain(0..3);
        }
        Mutation::Crlf(crlf) => {
            let lf: Vec<u8> = String::from_utf8_lossy(&bytes).replace("\r\n", "\n").into_bytes();
            bytes = if *crlf {
                String::from_utf8_lossy(&lf).replace('\n', "\r\n").into_bytes()
            } else {
                lf
            };
        }
        _ => {}
    }
    bytes
}

proptest! {
    #![proptest_config(budget(384))]

    #[test]
    fn arbitrary_bytes_never_panic_nor_import_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes)?;
    }

    #[test]
    fn csv_shaped_noise_never_panics_nor_imports_garbage(tokens in proptest::collection::vec(token(), 0..200)) {
        check(tokens.concat().as_bytes())?;
    }

    #[test]
    fn mutated_real_exports_never_panic_nor_import_garbage(
        seed in any::<Index>(),
        mutations in proptest::collection::vec(mutation(), 1..8),
    ) {
        let seeds = seeds();
        let mut bytes = seeds[seed.index(seeds.len())].clone();
        for m in &mutations {
            bytes = apply(bytes, m);
        }
        check(&bytes)?;
    }
}

/// A mebibyte in one field, in each place a field can be: read or refused whole, never a panic.
#[test]
fn one_mebibyte_fields_are_read_or_refused_whole() {
    let big = "x".repeat(1 << 20);
    let header = "Type;Nom;Prénom;Login;Classes;Enfants\n";
    let files = [
        format!("{header}Élève;{big};Zoé;zoe;CM2 A;\n"),
        format!("{header}Élève;Dupré;Zoé;{big};CM2 A;\n"),
        format!("{header}Élève;Dupré;Zoé;zoe;\"{big}\n{big}\";\n"),
        format!("{header}Parent;Dupré;Marc;marc;;{big}\n"),
        format!("{header}Élève;Dupré;Zoé;zoe;\"{big}"),
        format!("{big};{header}"),
        format!("{header}{}\n", ";".repeat(1 << 20)),
    ];
    for file in &files {
        if let Err(e) = check(file.as_bytes()) {
            panic!("{e}");
        }
    }
}
