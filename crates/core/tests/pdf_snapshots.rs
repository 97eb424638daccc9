//! Snapshot tests of the PDF's uncompressed content streams (page contents, templates, cut
//! lines) and `/ToUnicode` maps, which say what every glyph code stands for: any change to
//! what is drawn shows up as a readable diff. Run with `REPLACE=1` to approve a change; a
//! missing snapshot is written and the test fails once, so it is reviewed before it counts.

#[path = "pdf_support.rs"]
mod support;

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

use lopdf::{Dictionary, Document};
use sesame_core::pdf::{PdfOptions, QrCode};
use sesame_core::{Layout, Profile};
use support::*;

fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    let replace = std::env::var_os("REPLACE").is_some_and(|v| v == "1");
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) if !replace => {
            let (n, (e, a)) = expected
                .lines()
                .zip(actual.lines())
                .enumerate()
                .find(|(_, (e, a))| e != a)
                .unwrap_or((
                    expected.lines().count().min(actual.lines().count()),
                    ("<end>", "<end>"),
                ));
            panic!(
                "snapshot {name} differs at line {}:\n  expected: {e}\n  actual:   {a}\n\
                 (re-approve with REPLACE=1 cargo test -p sesame-core --test pdf_snapshots)",
                n + 1
            );
        }
        found => {
            std::fs::write(&path, actual).unwrap();
            assert!(
                replace || found.is_ok(),
                "new snapshot written to {}: review it and run again",
                path.display()
            );
        }
    }
}

/// The dictionary that `key` of `dict` holds or refers to.
fn dict_at<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> &'a Dictionary {
    doc.dereference(dict.get(key).unwrap())
        .unwrap()
        .1
        .as_dict()
        .unwrap()
}

/// The 16-bit units of a hexadecimal string of 4 digits each: a glyph code in a content stream,
/// a character in a `/ToUnicode` map.
fn hex_units(hex: &str) -> impl Iterator<Item = u16> + '_ {
    (0..hex.len())
        .step_by(4)
        .map(|i| u16::from_str_radix(&hex[i..i + 4], 16).unwrap())
}

/// The document's drawing, as text: each page's content, then each form XObject's, with every
/// `Tj` followed by the text it shows (`% Zoé Dupré`, decoded through the fonts' `/ToUnicode`),
/// then the code → character maps themselves.
fn dump(bytes: &[u8]) -> String {
    let doc = Document::load_mem(bytes).unwrap();
    let first = doc.get_dictionary(doc.get_pages()[&1]).unwrap();
    let tree = doc
        .get_dictionary(first.get(b"Parent").unwrap().as_reference().unwrap())
        .unwrap();
    let resources = dict_at(&doc, tree, b"Resources");
    let plain = |stream: &lopdf::Stream| {
        String::from_utf8(stream.decompressed_content().unwrap_or(stream.content.clone())).unwrap()
    };

    // Font resource name → code → character.
    let mut maps: BTreeMap<String, BTreeMap<u16, String>> = BTreeMap::new();
    let fonts = dict_at(&doc, resources, b"Font");
    for (name, font) in fonts.iter() {
        let font = doc.dereference(font).unwrap().1.as_dict().unwrap();
        let to_unicode = doc
            .dereference(font.get(b"ToUnicode").unwrap())
            .unwrap()
            .1
            .as_stream()
            .unwrap();
        let map = maps
            .entry(String::from_utf8_lossy(name).into_owned())
            .or_default();
        for line in plain(to_unicode).lines().filter(|l| l.starts_with("<0")) {
            let units: Vec<u16> = hex_units(&line[8..line.len() - 1]).collect();
            map.insert(
                u16::from_str_radix(&line[1..5], 16).unwrap(),
                String::from_utf16(&units).unwrap(),
            );
        }
    }
    let annotate = |content: &str, out: &mut String| {
        let mut font = String::new();
        for line in content.lines() {
            out.push_str(line);
            if let Some(rest) = line.strip_suffix(" Tf") {
                font = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_start_matches('/')
                    .to_owned();
            }
            if let Some(hex) = line.strip_suffix("> Tj").and_then(|l| l.strip_prefix('<')) {
                let text: String = hex_units(hex)
                    .map(|code| maps[&font].get(&code).map_or("\u{fffd}", String::as_str))
                    .collect();
                let _ = write!(out, "  % {text}");
            }
            out.push('\n');
        }
    };

    let mut out = String::new();
    for (n, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let media = page
            .get(b"MediaBox")
            .map(|m| format!(" MediaBox {m:?}"))
            .unwrap_or_default();
        let _ = writeln!(out, "=== page {n}{media}");
        annotate(&String::from_utf8(doc.get_page_content(id)).unwrap(), &mut out);
    }
    let xobjects = dict_at(&doc, resources, b"XObject");
    for (name, xobject) in xobjects.iter() {
        let stream = doc.dereference(xobject).unwrap().1.as_stream().unwrap();
        let _ = writeln!(
            out,
            "=== /{} BBox {:?}",
            String::from_utf8_lossy(name),
            stream.dict.get(b"BBox").unwrap()
        );
        annotate(&plain(stream), &mut out);
    }
    for (name, map) in &maps {
        let _ = writeln!(out, "=== /{name} ToUnicode");
        for (code, text) in map {
            let _ = writeln!(out, "<{code:04X}> {text}");
        }
    }
    out
}

fn options(layout: Layout) -> PdfOptions {
    PdfOptions {
        compress: false,
        ..PdfOptions::with_layout(layout)
    }
}

fn small_set() -> Vec<(sesame_core::User, String)> {
    let mut relative = user("u9", Profile::Relative, "Œdipe", "Dupré", None, None);
    relative.children = vec![sesame_core::ChildRef {
        first_name: "Zoé".into(),
        last_name: "Dupré".into(),
        class_name: Some("CM2 A".into()),
    }];
    vec![(zoe(), "CM2 A".into()), (relative, "Parent".into())]
}

fn render(options: PdfOptions, users: &[(sesame_core::User, String)]) -> String {
    let pdf = letters_of(options, users);
    dump(&pdf.bytes)
}

#[test]
fn letter_one_per_page() {
    snapshot("letter_one_per_page", &render(options(Layout::One), &small_set()));
}

#[test]
fn letters_two_per_page_with_qr() {
    let opts = PdfOptions {
        qr: QrCode::Address,
        new_page_per_group: false,
        ..options(Layout::Two)
    };
    snapshot("letters_two_per_page_with_qr", &render(opts, &small_set()));
}

#[test]
fn cards_eight_per_page_with_sign_off_sheets() {
    let mut users = small_set();
    users.push((
        user(
            "u2",
            Profile::Student,
            LONG_NAME.0,
            LONG_NAME.1,
            Some("CM2 A"),
            Some("K7XQ2M9"),
        ),
        "CM2 A".into(),
    ));
    users.swap(1, 2);
    let opts = PdfOptions {
        sign_off_sheets: true,
        ..options(Layout::Eight)
    };
    snapshot("cards_eight_per_page_with_sign_off_sheets", &render(opts, &users));
}

/// The PDF worker draws with the fonts' core cuts whenever they have every character of a job
/// (`public/fonts/*-core.ttf`, tests/core_fonts.rs): each layout, in both languages, with its
/// sign-off and cover sheets, must then be the very drawing the full files give — the same
/// glyph codes, positions and `/ToUnicode` maps — for names in every script the cuts keep.
#[test]
fn the_fonts_core_cuts_draw_every_layout_as_the_full_files_do() {
    let read = |face: &str| std::fs::read(fonts_dir().join(format!("{face}-core.ttf"))).unwrap();
    let cut = sesame_core::pdf::Fonts::new(
        read("DejaVuSans"),
        read("DejaVuSans-Bold"),
        read("DejaVuSansMono"),
    )
    .unwrap();
    let mut users = small_set();
    for (id, first, last, class) in [
        ("g1", "Ελένη", "Παπαδοπούλου", "6e Β"),
        ("c1", "Светлана", "Иванова", "6e Б"),
        ("v1", "Thị Ngọc Ánh", "Nguyễn", "CM1 Ễ"),
        ("l1", LONG_NAME.0, LONG_NAME.1, "CM2 A"),
    ] {
        users.push((
            user(id, Profile::Student, first, last, Some(class), Some("K7XQ2M9")),
            class.into(),
        ));
    }
    // An activated account: its letter has the reminder instead of a code.
    users.push((
        user("a1", Profile::Teacher, "Łukasz", "Wiśniewski", None, None),
        "Enseignant".into(),
    ));
    for layout in Layout::ALL {
        for lang in [sesame_core::Lang::Fr, sesame_core::Lang::En] {
            let opts = PdfOptions {
                lang,
                sign_off_sheets: true,
                cover_sheets: true,
                qr: QrCode::Address,
                ..options(layout)
            };
            let draw = |fonts: &sesame_core::pdf::Fonts| {
                let pdf = try_letters(&structure(), fonts, opts.clone(), &users).unwrap();
                assert!(pdf.missing.is_empty(), "{layout:?} {lang:?}: {:?}", pdf.missing);
                dump(&pdf.bytes)
            };
            assert_eq!(draw(&cut), draw(&fonts()), "{layout:?} in {lang:?}");
            if let Some(page) = sesame_core::pdf::test_page(&structure(), &cut, layout, lang) {
                let full = sesame_core::pdf::test_page(&structure(), &fonts(), layout, lang).unwrap();
                assert_eq!(dump(&page.unwrap()), dump(&full.unwrap()), "test page {layout:?}");
            }
        }
    }
}
