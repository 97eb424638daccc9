//! The PDF through the real tools: `qpdf --check` finds nothing wrong, `pdftotext` gives back
//! every tricky name, login and code exactly, and `pdfinfo` counts the pages of each layout.

#[path = "pdf_support.rs"]
mod support;

use std::path::{Path, PathBuf};

use sesame_core::pdf::{PdfOptions, QrCode};
use sesame_core::Layout;
use sesame_testkit::tools::{assert_valid_pdf, page_count, tool};
use support::*;

/// A folder of this test run's PDFs, kept for a person to open.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sesame-pdf-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The text `pdftotext` extracts, in UTF-8, keeping the layout's line breaks.
fn pdftotext(path: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"])
}

#[test]
fn every_tricky_name_login_and_code_comes_back_exactly_in_every_layout() {
    let users = tricky_users();
    let dir = temp_dir("names");
    for layout in Layout::ALL {
        for qr in [QrCode::None, QrCode::Address] {
            let options = PdfOptions {
                qr,
                ..PdfOptions::with_layout(layout)
            };
            let pdf = letters_of(options, &users);
            assert!(pdf.missing.is_empty());
            let path = write(&dir, &format!("{layout:?}-{qr:?}.pdf"), &pdf.bytes);
            assert_valid_pdf(&path);
            let text = pdftotext(&path);
            // Lines may wrap (the 60-character name does): compare with whitespace collapsed.
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for (user, _) in &users {
                let name = full_name(user);
                assert!(
                    flat.contains(&name),
                    "{layout:?}: {name:?} not extracted from\n{text}"
                );
                assert!(
                    text.contains(&user.login),
                    "{layout:?}: login {:?} missing",
                    user.login
                );
                if let Some(code) = &user.activation_code {
                    assert!(text.contains(code.as_str()), "{layout:?}: code {code:?} missing");
                }
            }
            assert!(text.contains("Responsable de : Zoé Dupré (CM2 A)"));
        }
    }
}

/// `n` plain accounts, in groups of `group_size` ("G0", "G1", …).
fn many(n: usize, group_size: usize) -> Vec<(sesame_core::User, String)> {
    (0..n)
        .map(|i| (numbered_pupil(i, "CM2 A"), format!("G{}", i / group_size)))
        .collect()
}

#[test]
fn page_counts_of_each_layout() {
    let dir = temp_dir("pages");
    // (layout, accounts, group size, new page per group, sign-off sheets, expected pages)
    let cases = [
        (Layout::One, 21, 100, true, false, 21),
        (Layout::Two, 21, 100, true, false, 11),
        (Layout::Eight, 21, 100, true, false, 3),
        (Layout::Eight, 16, 100, true, false, 2),
        // Groups of 5: cards restart on a new page per group, or run on.
        (Layout::Eight, 21, 5, true, false, 5),
        (Layout::Eight, 21, 5, false, false, 3),
        (Layout::Two, 21, 5, true, false, 4 * 3 + 1),
        // A sign-off sheet before each group.
        (Layout::One, 10, 5, true, true, 12),
        (Layout::Eight, 21, 5, true, true, 10),
        (Layout::Two, 4, 100, true, true, 3),
    ];
    for (layout, n, group_size, new_page, sheets, expected) in cases {
        let users = many(n, group_size);
        let options = PdfOptions {
            new_page_per_group: new_page,
            sign_off_sheets: sheets,
            ..PdfOptions::with_layout(layout)
        };
        let pdf = letters_of(options, &users);
        let case = format!("{layout:?} n={n} groups of {group_size} new_page={new_page} sheets={sheets}");
        assert_eq!(pdf.pages, expected, "{case}");
        assert_eq!(pdf.letters, n);
        let path = write(
            &dir,
            &format!("{layout:?}-{n}-{group_size}-{new_page}-{sheets}.pdf"),
            &pdf.bytes,
        );
        assert_valid_pdf(&path);
        assert_eq!(page_count(&path), expected, "pdfinfo, {case}");
    }
}

#[test]
fn characters_printed_as_boxes_still_extract_exactly() {
    use sesame_core::pdf::MissingGlyphs;
    let mut users = tricky_users();
    users.push((
        user(
            "u20",
            sesame_core::Profile::Student,
            "李",
            "小龍",
            Some("CM2 B"),
            Some("LI2025"),
        ),
        "CM2 B".into(),
    ));
    let options = PdfOptions {
        missing_glyphs: MissingGlyphs::Print,
        ..PdfOptions::default()
    };
    let pdf = letters_of(options, &users);
    assert_eq!(pdf.missing.iter().map(|m| m.ch).collect::<String>(), "小李龍");
    let path = write(&temp_dir("missing"), "missing.pdf", &pdf.bytes);
    assert_valid_pdf(&path);
    let text = pdftotext(&path);
    assert!(
        text.contains("李 小龍"),
        "the text layer keeps the characters:\n{text}"
    );
}
