//! The PDF read back with lopdf: structure (fonts, pages, outline, metadata), determinism,
//! chunked building, and the handling of characters no font has.

#[path = "pdf_support.rs"]
mod support;

use lopdf::{Dictionary, Document, Object};
use sesame_core::pdf::scripts::Difficulty;
use sesame_core::pdf::{
    missing_chars, LettersBuilder, MissingGlyphs, MissingReason, PdfError, PdfOptions, QrCode,
};
use sesame_core::{Layout, Profile};
use support::*;

fn build(
    options: PdfOptions,
    users: &[(sesame_core::User, String)],
) -> Result<sesame_core::pdf::LettersPdf, PdfError> {
    try_letters(&structure(), &fonts(), options, users)
}

fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("lopdf reads the PDF back")
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).unwrap().1
}

fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &str) -> &'a Dictionary {
    deref(doc, d.get(key.as_bytes()).unwrap_or_else(|_| panic!("no /{key}")))
        .as_dict()
        .unwrap()
}

/// A PDF text string decoded (PDFDocEncoding ASCII or UTF-16BE with BOM).
fn text(o: &Object) -> String {
    let bytes = o.as_str().unwrap();
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}

fn outline(doc: &Document) -> Vec<(String, u32)> {
    let pages: std::collections::HashMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let Ok(outlines) = doc.catalog().unwrap().get(b"Outlines") else {
        return Vec::new();
    };
    let outlines = deref(doc, outlines).as_dict().unwrap();
    let mut entries = Vec::new();
    let mut item = outlines.get(b"First").ok().map(|o| o.as_reference().unwrap());
    while let Some(id) = item {
        let d = doc.get_dictionary(id).unwrap();
        let dest = d.get(b"Dest").unwrap().as_array().unwrap();
        entries.push((
            text(d.get(b"Title").unwrap()),
            pages[&dest[0].as_reference().unwrap()],
        ));
        item = d.get(b"Next").ok().map(|o| o.as_reference().unwrap());
    }
    entries
}

#[test]
fn fonts_are_subset_cid_fonts_with_tounicode_and_widths() {
    let pdf = build(PdfOptions::default(), &tricky_users()).unwrap();
    let doc = load(&pdf.bytes);
    let page = doc.get_dictionary(doc.get_pages()[&1]).unwrap();
    let tree = dict(&doc, page, "Parent");
    let fonts = dict(&doc, dict(&doc, tree, "Resources"), "Font");
    assert_eq!(fonts.len(), 3);
    for (name, font) in fonts.iter() {
        let font = deref(&doc, font).as_dict().unwrap();
        let name = String::from_utf8_lossy(name);
        assert_eq!(
            font.get(b"Subtype").unwrap().as_name().unwrap(),
            b"Type0",
            "/{name}"
        );
        assert_eq!(font.get(b"Encoding").unwrap().as_name().unwrap(), b"Identity-H");
        let base = String::from_utf8(font.get(b"BaseFont").unwrap().as_name().unwrap().to_vec()).unwrap();
        assert!(
            base.len() > 7 && base.as_bytes()[6] == b'+' && base[..6].bytes().all(|b| b.is_ascii_uppercase()),
            "{base}"
        );
        assert!(
            base.starts_with(&base[..7]) && base.contains("DejaVuSans"),
            "{base}"
        );
        let to_unicode = deref(&doc, font.get(b"ToUnicode").unwrap()).as_stream().unwrap();
        let cmap = String::from_utf8(to_unicode.decompressed_content().unwrap()).unwrap();
        assert!(cmap.contains("beginbfchar"));
        let descendant = deref(
            &doc,
            &font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0],
        )
        .as_dict()
        .unwrap();
        assert_eq!(
            descendant.get(b"Subtype").unwrap().as_name().unwrap(),
            b"CIDFontType2"
        );
        let widths = descendant.get(b"W").unwrap().as_array().unwrap();
        assert_eq!(widths[0].as_i64().unwrap(), 0);
        let descriptor = dict(&doc, descendant, "FontDescriptor");
        let file = deref(&doc, descriptor.get(b"FontFile2").unwrap())
            .as_stream()
            .unwrap();
        let program = file.decompressed_content().unwrap();
        assert!(
            program.len() < 80_000,
            "/{name}: a subset, not the whole font ({} bytes)",
            program.len()
        );
        assert_eq!(
            file.dict.get(b"Length1").unwrap().as_i64().unwrap(),
            program.len() as i64
        );
    }
    assert!(
        pdf.font_bytes < 120_000,
        "three subsets: {} bytes",
        pdf.font_bytes
    );
}

#[test]
fn metadata_has_the_title_and_no_personal_data_or_date() {
    let users = tricky_users();
    let pdf = build(PdfOptions::default(), &users).unwrap();
    let doc = load(&pdf.bytes);
    let info = dict(&doc, &doc.trailer, "Info");
    assert_eq!(
        text(info.get(b"Title").unwrap()),
        "Identifiants ENT — École élémentaire Jules Ferry"
    );
    let keys: Vec<&[u8]> = info.iter().map(|(k, _)| k.as_slice()).collect();
    assert_eq!(keys, [b"Title".as_slice(), b"Producer"]);
    let catalog = doc.catalog().unwrap();
    assert_eq!(text(catalog.get(b"Lang").unwrap()), "fr-FR");
    // Nothing personal anywhere outside the page contents: names only appear as glyph codes.
    for (u, _) in &users {
        assert!(
            !pdf.bytes.windows(u.login.len()).any(|w| w == u.login.as_bytes()),
            "{} in clear",
            u.login
        );
    }

    let date = "2025-09-01T08:00:00Z".parse().unwrap();
    let pdf = build(
        PdfOptions {
            creation_date: Some(date),
            ..PdfOptions::default()
        },
        &users,
    )
    .unwrap();
    let doc = load(&pdf.bytes);
    assert_eq!(
        text(dict(&doc, &doc.trailer, "Info").get(b"CreationDate").unwrap()),
        "D:20250901080000Z"
    );
}

#[test]
fn one_bookmark_per_group_pointing_at_its_first_page() {
    let users = tricky_users(); // groups: CM2 A ×4, CM2 B ×5, Parent ×1
    let pdf = build(PdfOptions::with_layout(Layout::One), &users).unwrap();
    assert_eq!(
        outline(&load(&pdf.bytes)),
        [("CM2 A".into(), 1), ("CM2 B".into(), 5), ("Parent".into(), 10)]
    );

    let pdf = build(PdfOptions::with_layout(Layout::Eight), &users).unwrap();
    assert_eq!(
        outline(&load(&pdf.bytes)),
        [("CM2 A".into(), 1), ("CM2 B".into(), 2), ("Parent".into(), 3)]
    );

    // With sign-off sheets the bookmark opens the sheet, which comes before the group's cards.
    let options = PdfOptions {
        sign_off_sheets: true,
        ..PdfOptions::with_layout(Layout::Two)
    };
    let pdf = build(options, &users).unwrap();
    let doc = load(&pdf.bytes);
    assert_eq!(
        outline(&doc),
        [("CM2 A".into(), 1), ("CM2 B".into(), 4), ("Parent".into(), 8)]
    );
    assert_eq!(pdf.pages, 9);
    let sheet = doc.extract_text(&[4]).unwrap_or_default();
    assert!(sheet.contains("Remise des identifiants — CM2 B"), "{sheet}");
    assert!(
        sheet.contains("ŘEZNÍČEK Jiří") && sheet.contains("u4.student") && sheet.contains("Signature"),
        "{sheet}"
    );
    assert!(
        !sheet.contains("ZOE2025"),
        "no activation code on a sign-off sheet"
    );

    // Ungrouped: no outline.
    let ungrouped: Vec<_> = users.iter().map(|(u, _)| (u.clone(), String::new())).collect();
    let pdf = build(PdfOptions::with_layout(Layout::Eight), &ungrouped).unwrap();
    assert!(outline(&load(&pdf.bytes)).is_empty());
    assert_eq!(pdf.pages, 2);
}

#[test]
fn same_input_gives_the_same_bytes_built_at_once_or_in_chunks() {
    let users = tricky_users();
    for layout in Layout::ALL {
        let options = PdfOptions {
            qr: QrCode::Address,
            sign_off_sheets: true,
            ..PdfOptions::with_layout(layout)
        };
        let once = build(options.clone(), &users).unwrap();
        assert_eq!(
            once.bytes,
            build(options.clone(), &users).unwrap().bytes,
            "{layout:?}"
        );
        let fonts = fonts();
        let mut builder = LettersBuilder::new(&structure(), &fonts, options.clone());
        for chunk in users.chunks(2) {
            builder.add_users(chunk.iter().map(|(u, g)| (u, g.as_str())));
        }
        assert_eq!(builder.letters(), users.len());
        assert_eq!(
            builder.finish().unwrap().bytes,
            once.bytes,
            "{layout:?} in chunks"
        );
    }
    // Another account, another document ID.
    let mut other = users.clone();
    other[0].0.login.push('2');
    let id = |bytes: &[u8]| load(bytes).trailer.get(b"ID").unwrap().clone();
    let a = build(PdfOptions::default(), &users).unwrap();
    let b = build(PdfOptions::default(), &other).unwrap();
    assert_ne!(id(&a.bytes), id(&b.bytes));
}

#[test]
fn lopdf_extracts_names_logins_and_codes() {
    let users = tricky_users();
    let pdf = build(PdfOptions::with_layout(Layout::One), &users).unwrap();
    let pages = lopdf_text(&pdf.bytes);
    assert_eq!(pages.len(), users.len());
    for ((u, _), page) in users.iter().zip(&pages) {
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&full_name(u)), "{} not in {flat:?}", full_name(u));
        assert!(flat.contains(&u.login));
        if let Some(code) = &u.activation_code {
            assert!(flat.contains(code.as_str()));
        }
    }
}

#[test]
fn uncompressed_output_has_readable_content_streams() {
    let pdf = build(
        PdfOptions {
            compress: false,
            ..PdfOptions::default()
        },
        &tricky_users(),
    )
    .unwrap();
    let doc = load(&pdf.bytes);
    let content = doc.get_page_content(doc.get_pages()[&1]);
    let content = String::from_utf8(content).unwrap();
    assert!(content.starts_with("/T0 Do\n"), "{content}");
    assert!(content.contains(" Tf\n") && content.contains("> Tj\n"));
    assert!(!pdf.bytes.windows(11).any(|w| w == b"FlateDecode"));
    let compressed = build(PdfOptions::default(), &tricky_users()).unwrap();
    assert!(compressed.bytes.len() < pdf.bytes.len());
}

#[test]
fn nothing_to_print_is_an_error() {
    assert_eq!(
        build(PdfOptions::default(), &[]).unwrap_err(),
        PdfError::NoLetters
    );
}

fn with_missing_glyphs() -> Vec<(sesame_core::User, String)> {
    let mut users = tricky_users();
    users.push((
        user("u10", Profile::Student, "李", "小龍", Some("CM2 B"), Some("AB12")),
        "CM2 B".into(),
    ));
    users.push((
        user("u11", Profile::Teacher, "Ann", "Lee 李", None, None),
        "Enseignant".into(),
    ));
    users
}

#[test]
fn characters_no_font_has_are_reported_with_their_accounts_and_refused_by_default() {
    let users = with_missing_glyphs();
    let expected = vec![
        ('小', vec!["u10"]),
        ('李', vec!["u10", "u11"]),
        ('龍', vec!["u10"]),
    ];
    let preflight = missing_chars(
        &fonts(),
        &structure(),
        users.iter().map(|(u, _)| u),
        Default::default(),
    );
    let got: Vec<(char, Vec<&str>)> = preflight
        .iter()
        .map(|m| (m.ch, m.user_ids.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(got, expected);
    assert!(preflight.iter().all(|m| !m.in_settings));
    assert!(preflight.iter().all(|m| m.reason() == MissingReason::NotInFonts));

    match build(PdfOptions::default(), &users) {
        Err(PdfError::MissingGlyphs(report)) => {
            assert_eq!(report, preflight);
            let message = PdfError::MissingGlyphs(report).to_string();
            assert!(
                message.contains("« 李 » (U+674E) absent des polices") && message.contains("u11"),
                "{message}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Nothing missing among the tricky names: Latin, Greek, Cyrillic, Vietnamese all print.
    let plain = tricky_users();
    assert!(missing_chars(
        &fonts(),
        &structure(),
        plain.iter().map(|(u, _)| u),
        Default::default()
    )
    .is_empty());
}

#[test]
fn characters_missing_from_the_settings_are_reported_as_such() {
    let mut s = structure();
    s.letter_settings.help_text = "Secrétariat 校".into();
    let users = tricky_users();
    let report = missing_chars(&fonts(), &s, users.iter().map(|(u, _)| u), Default::default());
    assert_eq!(report.len(), 1);
    assert_eq!(
        (report[0].ch, report[0].in_settings, report[0].user_ids.len()),
        ('校', true, 0)
    );
    let built = try_letters(&s, &fonts(), PdfOptions::default(), &users);
    assert_eq!(built.unwrap_err(), PdfError::MissingGlyphs(report));
}

#[test]
fn selected_accounts_are_grouped_by_the_selections_sort() {
    use sesame_core::{Directory, SchoolTimeZone, Selection, Sort};
    let users: Vec<sesame_core::User> = tricky_users().into_iter().map(|(u, _)| u).collect();
    let directory = Directory::new(users, SchoolTimeZone::EuropeParis);
    let selection = Selection {
        sort: Sort::BY_CLASS,
        layout: Layout::Eight,
        ..Selection::default()
    };
    let indices = directory.select(&selection);
    let fonts = fonts();
    let mut builder = LettersBuilder::new(&structure(), &fonts, PdfOptions::for_selection(&selection));
    for chunk in indices.chunks(3) {
        builder.add_selected(&directory, chunk, &selection);
    }
    let pdf = builder.finish().unwrap();
    // CM2 A (5 pupils, Zoé included, and her father, filed under his daughter's class), then
    // CM2 B (4): no one is left without a class.
    assert_eq!(
        outline(&load(&pdf.bytes)),
        [("CM2 A".into(), 1), ("CM2 B".into(), 2)]
    );
}

#[test]
fn printing_anyway_keeps_the_exact_characters_in_the_text_layer() {
    let users = with_missing_glyphs();
    let options = PdfOptions {
        missing_glyphs: MissingGlyphs::Print,
        ..PdfOptions::default()
    };
    let pdf = build(options, &users).unwrap();
    assert_eq!(pdf.missing.len(), 3);
    let pages = lopdf_text(&pdf.bytes);
    assert!(
        pages.iter().any(|p| p.contains("李 小龍")),
        "the text layer keeps the characters"
    );
}

/// Whether a face of DejaVu itself maps `c` to a glyph (the engine may still refuse it).
fn dejavu_has(c: char) -> bool {
    ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].iter().any(|name| {
        let data = std::fs::read(fonts_dir().join(name)).unwrap();
        let face = ttf_parser::Face::parse(&data, 0).unwrap();
        face.glyph_index(c).is_some_and(|g| g.0 != 0)
    })
}

fn arabic_name() -> Vec<(sesame_core::User, String)> {
    vec![(
        user(
            "u20",
            Profile::Student,
            "محمد",
            "Benali",
            Some("CM2 A"),
            Some("AR20XY"),
        ),
        "CM2 A".into(),
    )]
}

#[test]
fn right_to_left_and_shaped_scripts_are_refused_even_where_the_fonts_have_them() {
    let fonts = fonts();
    // DejaVu draws Arabic and Hebrew letters, but one by one, left to right: mangled names.
    for c in ['م', 'ح', 'د', 'ד', 'ו'] {
        assert!(dejavu_has(c), "{c}");
        assert!(!fonts.covers(c), "{c}");
    }
    for c in "अनीताสมชาย".chars() {
        assert!(!fonts.covers(c), "{c}");
    }
    for (u, _) in tricky_users() {
        for c in full_name(&u).chars().filter(|c| *c != ' ') {
            assert!(fonts.covers(c), "{c} in {}", full_name(&u));
        }
    }

    let users = arabic_name();
    let preflight = missing_chars(
        &fonts,
        &structure(),
        users.iter().map(|(u, _)| u),
        Default::default(),
    );
    let got: Vec<(char, Vec<&str>, bool)> = preflight
        .iter()
        .map(|m| {
            (
                m.ch,
                m.user_ids.iter().map(String::as_str).collect(),
                m.in_settings,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ('ح', vec!["u20"], false),
            ('د', vec!["u20"], false),
            ('م', vec!["u20"], false),
        ]
    );
    for m in &preflight {
        match m.reason() {
            MissingReason::UnsupportedScript(script) => {
                assert_eq!(
                    (script.name_fr, script.difficulty),
                    ("arabe", Difficulty::RightToLeft)
                );
            }
            other => panic!("{m}: {other:?}"),
        }
    }

    // Nothing is printed by default: the same report as the preflight.
    match build(PdfOptions::default(), &users) {
        Err(PdfError::MissingGlyphs(report)) => {
            assert_eq!(report, preflight);
            let message = PdfError::MissingGlyphs(report).to_string();
            assert!(
                message.contains(
                    "« م » (U+0645) en écriture arabe : écriture de droite à gauche non prise en charge"
                ) && message.contains("u20")
                    && !message.contains("absent des polices"),
                "{message}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }

    // Printed anyway: a valid PDF, empty boxes on paper (no Arabic glyph embedded: the subsets
    // are those of the same letter without the first name), the exact name in the text layer.
    let options = PdfOptions {
        missing_glyphs: MissingGlyphs::Print,
        ..PdfOptions::default()
    };
    let pdf = build(options.clone(), &users).unwrap();
    assert_eq!(pdf.missing, preflight);
    assert_eq!((pdf.letters, pdf.pages), (1, 1));
    assert_eq!(load(&pdf.bytes).get_pages().len(), 1);
    let pages = lopdf_text(&pdf.bytes);
    assert!(pages[0].contains("محمد"), "{}", pages[0]);
    let mut without = arabic_name();
    without[0].0.first_name = String::new();
    let plain = build(options, &without).unwrap();
    assert!(plain.missing.is_empty());
    assert_eq!(pdf.font_bytes, plain.font_bytes);
}

#[test]
fn each_unsupported_script_is_named_in_the_report() {
    let users = [
        (
            user("u21", Profile::Student, "דוד", "Cohen", None, Some("HE21")),
            String::new(),
        ),
        (
            user("u22", Profile::Teacher, "अनीता", "Sharma", None, None),
            String::new(),
        ),
        (
            user("u23", Profile::Student, "สมชาย", "Dupont", None, Some("TH23")),
            String::new(),
        ),
    ];
    let mut s = structure();
    s.name = "École ספר".into();
    let report = missing_chars(&fonts(), &s, users.iter().map(|(u, _)| u), Default::default());
    let reasons: Vec<(char, Option<&str>)> = report
        .iter()
        .map(|m| match m.reason() {
            MissingReason::UnsupportedScript(script) => (m.ch, Some(script.name_fr)),
            MissingReason::NotInFonts => (m.ch, None),
        })
        .collect();
    assert!(reasons.contains(&('ד', Some("hébraïque"))), "{reasons:?}");
    assert!(reasons.contains(&('अ', Some("devanagari"))), "{reasons:?}");
    assert!(reasons.contains(&('ส', Some("thaïe"))), "{reasons:?}");
    assert!(reasons.iter().all(|(_, r)| r.is_some()), "{reasons:?}");
    let samekh = report.iter().find(|m| m.ch == 'ס').unwrap();
    assert!(samekh.in_settings && samekh.user_ids.is_empty());
    let dalet = report.iter().find(|m| m.ch == 'ד').unwrap();
    assert_eq!(dalet.user_ids, ["u21"]);
    let message = PdfError::MissingGlyphs(report.clone()).to_string();
    assert!(
        message.contains("(U+0905) en écriture devanagari : écriture à ligatures non prise en charge"),
        "{message}"
    );
    let built = try_letters(&s, &fonts(), PdfOptions::default(), &users);
    assert_eq!(built.unwrap_err(), PdfError::MissingGlyphs(report));
}

#[test]
fn decomposed_accents_print_and_extract_composed() {
    let users = vec![(
        user(
            "u1",
            Profile::Student,
            "Zoe\u{301}",
            "Nguye\u{302}\u{303}n",
            None,
            Some("A1"),
        ),
        String::new(),
    )];
    let pages = lopdf_text(&build(PdfOptions::default(), &users).unwrap().bytes);
    assert!(pages[0].contains("Zoé Nguyễn"), "{}", pages[0]);
}

/// The module rectangles (`x y w h re` in module units) of the QR codes drawn on page `page`.
fn qr_rects_on_page(bytes: &[u8], page: u32) -> Vec<Vec<String>> {
    let doc = load(bytes);
    let content = String::from_utf8(doc.get_page_content(doc.get_pages()[&page])).unwrap();
    let mut codes = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in content.lines() {
        if line.ends_with(" cm") && line.contains(" 0 0 -") {
            current = Some(Vec::new());
        } else if let Some(rects) = current.as_mut() {
            if line.ends_with(" re") {
                rects.push(line.to_owned());
            } else {
                codes.extend(current.take());
            }
        }
    }
    codes
}

fn expected_rects(url: &str) -> Vec<String> {
    let shape = sesame_core::pdf::qr::qr_shape(url).unwrap();
    shape
        .rects
        .iter()
        .map(|(x, y, w, h)| format!("{x} {y} {w} {h} re"))
        .collect()
}

#[test]
fn qr_codes_hold_the_login_and_the_code_only_when_asked() {
    let users = tricky_users();
    let zoe = &users.iter().find(|(u, _)| u.id == "u1").unwrap().0;
    let base = PdfOptions {
        qr: QrCode::Address,
        compress: false,
        ..PdfOptions::default()
    };
    let activation = "https://ent.example.fr/auth/activation?login=";
    let login = &zoe.login;

    let pdf = build(base.clone(), &users).unwrap();
    assert_eq!(
        qr_rects_on_page(&pdf.bytes, 1),
        [expected_rects(&format!("{activation}{login}"))]
    );

    let with_code = PdfOptions {
        qr: QrCode::AddressAndCode,
        ..base.clone()
    };
    let pdf = build(with_code, &users).unwrap();
    let code = zoe.activation_code.as_deref().unwrap();
    assert_eq!(
        qr_rects_on_page(&pdf.bytes, 1),
        [expected_rects(&format!("{activation}{login}&code={code}"))]
    );

    // An activated account's code leads to the sign-in page.
    let jiri = users.iter().position(|(u, _)| u.id == "u4").unwrap() as u32 + 1;
    let pdf = build(base, &users).unwrap();
    assert_eq!(
        qr_rects_on_page(&pdf.bytes, jiri),
        [expected_rects("https://ent.example.fr?login=u4.student")]
    );
}
