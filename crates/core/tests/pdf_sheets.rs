//! Sticker and card sheets: each preset against its maker's published dimensions;
//! every glyph of every label inside that label, read from the PDF's own coordinates, for the
//! longest names of the test fixtures, with and without a calibration offset; the test page's
//! outlines where the labels are; « commencer à l'étiquette n° »; cover sheets; and each
//! preset through `qpdf --check` and `pdftotext`.

#[path = "pdf_support.rs"]
mod support;

#[path = "pdf_geometry.rs"]
mod geometry;

use std::process::Command;

use sesame_core::import::parse_csv;
use sesame_core::pdf::sheets::{preset, Placement, PRESETS};
use sesame_core::pdf::units::mm;
use sesame_core::pdf::{test_page, PdfOptions};
use sesame_core::{Lang, Layout, Millimetres, Profile, SchoolTimeZone, User};
use support::*;

/// The makers' published figures, written out again here (not read from the presets): layout,
/// labels across × down, label w × h, horizontal and vertical pitch, left and top margins (mm).
type Published = (Layout, usize, usize, f32, f32, f32, f32, f32, f32);
const VENDOR: [Published; 5] = [
    (Layout::L7160, 3, 7, 63.5, 38.1, 66.04, 38.1, 7.21, 15.15),
    (Layout::L7163, 2, 7, 99.1, 38.1, 101.6, 38.1, 4.65, 15.15),
    (Layout::L7159, 3, 8, 63.5, 33.9, 66.04, 33.9, 7.21, 12.9),
    (Layout::Z3474, 3, 8, 70.0, 37.0, 70.0, 37.0, 0.0, 0.5),
    (Layout::Card, 2, 5, 85.0, 54.0, 95.0, 54.0, 15.0, 13.5),
];

#[test]
fn every_preset_has_its_makers_geometry() {
    assert_eq!(PRESETS.len(), VENDOR.len());
    for (layout, across, down, w, h, px, py, left, top) in VENDOR {
        let p = preset(layout).unwrap();
        assert_eq!((p.columns, p.rows), (across, down), "{layout:?}");
        assert_eq!(p.per_page(), layout.per_page());
        assert_eq!(p.label_mm, (w, h), "{layout:?}");
        assert_eq!(p.pitch_mm, (px, py), "{layout:?}");
        assert_eq!(p.margin_mm, (left, top), "{layout:?}");
        // Each label box on the page, in points, where the maker says.
        let placement = Placement::new(p, (0.0, 0.0));
        for i in 0..p.per_page() {
            let b = placement.label(i);
            let (col, row) = ((i % across) as f32, (i / across) as f32);
            let close = |a: f32, b: f32| (a - b).abs() < 0.01;
            assert!(close(b.x, mm(left + col * px)), "{layout:?} label {i} x");
            assert!(
                close(b.y, mm(297.0 - top - row * py - h)),
                "{layout:?} label {i} y"
            );
            assert!(
                close(b.w, mm(w)) && close(b.h, mm(h)),
                "{layout:?} label {i} size"
            );
            // On the A4 page, the grid centred (the makers' margins are symmetric).
            assert!(
                b.x >= -0.01 && b.x + b.w <= mm(210.0) + 0.01,
                "{layout:?} label {i}"
            );
            assert!(
                b.y >= -0.01 && b.y + b.h <= mm(297.0) + 0.01,
                "{layout:?} label {i}"
            );
        }
        let right = 210.0 - left - (across - 1) as f32 * px - w;
        let bottom = 297.0 - top - (down - 1) as f32 * py - h;
        assert!((right - left).abs() < 0.02, "{layout:?}: right margin {right}");
        assert!((bottom - top).abs() < 0.02, "{layout:?}: bottom margin {bottom}");
    }
}

/// The accounts of every CSV fixture, through the import parser.
fn fixture_users() -> Vec<User> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut users = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let Ok(report) = parse_csv(&std::fs::read(&path).unwrap(), SchoolTimeZone::EuropeParis) else {
                continue; // broken.csv: refused as a whole, as it should be
            };
            for (i, u) in report.users.into_iter().enumerate() {
                let mut user = user(
                    &format!("{}-{i}", path.file_stem().unwrap().to_string_lossy()),
                    u.profile,
                    &u.first_name,
                    &u.last_name,
                    None,
                    u.activation_code.as_deref(),
                );
                user.login = u.login;
                user.classes = u
                    .classes
                    .iter()
                    .map(|c| sesame_core::ClassRef {
                        id: c.clone(),
                        name: c.clone(),
                    })
                    .collect();
                user.children = u.children;
                users.push(user);
            }
        }
    }
    assert!(users.len() > 20, "the fixtures hold accounts");
    users
}

/// The fixtures' accounts, the PDF tests' tricky names, and the extremes the layout tests use
/// (a 100-character name, a 90-character login, a 40-character code), longest names first.
fn longest_names() -> Vec<(User, String)> {
    let mut users: Vec<User> = fixture_users();
    users.extend(tricky_users().into_iter().map(|(u, _)| u));
    let mut wide = user(
        "w1",
        Profile::Student,
        &"W".repeat(50),
        &"W".repeat(50),
        Some("CM2 A"),
        Some(&"X".repeat(40)),
    );
    wide.login = "m".repeat(90);
    users.push(wide);
    let mut cyrillic = user(
        "w2",
        Profile::Teacher,
        "Алёна",
        &"Смирнова-Кузнецова ".repeat(5),
        Some("6e 1"),
        None,
    );
    cyrillic.login = "marie-charlotte.dupont-aignan-de-la-villemarquez2".into();
    cyrillic.classes = (1..=30)
        .map(|i| sesame_core::ClassRef {
            id: format!("c{i}"),
            name: format!("{}e {i}", 6 - i % 4),
        })
        .collect();
    users.push(cyrillic);
    users.sort_by_key(|u| std::cmp::Reverse(full_name(u).chars().count()));
    users.into_iter().map(|u| (u, "G".to_owned())).collect()
}

fn build_sheet(layout: Layout, offset: (i32, i32), users: &[(User, String)]) -> Vec<u8> {
    let mut s = structure();
    s.letter_settings.label_offset_x_mm = Millimetres::from_tenths(offset.0);
    s.letter_settings.label_offset_y_mm = Millimetres::from_tenths(offset.1);
    let options = PdfOptions {
        missing_glyphs: sesame_core::pdf::MissingGlyphs::Print,
        ..PdfOptions::with_layout(layout)
    };
    try_letters(&s, &fonts(), options, users).unwrap().bytes
}

#[test]
fn every_glyph_of_a_label_lies_inside_that_label_for_the_longest_names() {
    let users = longest_names();
    for p in PRESETS.iter() {
        for offset in [(0, 0), (25, -15), (-10, 20)] {
            let bytes = build_sheet(p.layout, offset, &users);
            let placement = Placement::new(p, (offset.0 as f32 / 10.0, offset.1 as f32 / 10.0));
            let labels = placement.labels();
            let mut seen = vec![0usize; 0];
            for (page_no, page) in geometry::pages(&bytes).iter().enumerate() {
                let mut on_page = std::collections::BTreeSet::new();
                for run in &page.runs {
                    let Some(first) = run.glyphs.first() else { continue };
                    let (cx, cy) = ((first.x0 + first.x1) / 2.0, (first.y0 + first.y1) / 2.0);
                    let index = labels
                        .iter()
                        .position(|b| cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h)
                        .unwrap_or_else(|| {
                            panic!(
                                "{:?} page {page_no}: {:?} starts outside every label",
                                p.layout,
                                run.text()
                            )
                        });
                    on_page.insert(index);
                    // Inside the label, and 1 mm clear of its edges (die cutting is not exact).
                    let b = labels[index];
                    let margin = mm(1.0);
                    for g in &run.glyphs {
                        assert!(
                            g.x0 >= b.x + margin
                                && g.x1 <= b.x + b.w - margin
                                && g.y0 >= b.y + margin
                                && g.y1 <= b.y + b.h - margin,
                            "{:?} offset {offset:?} page {page_no} label {}: {:?} of {:?} at ({:.1}, {:.1})–({:.1}, {:.1}) \
                             leaves ({:.1}, {:.1})–({:.1}, {:.1})",
                            p.layout,
                            index + 1,
                            g.ch,
                            run.text(),
                            g.x0,
                            g.y0,
                            g.x1,
                            g.y1,
                            b.x + margin,
                            b.y + margin,
                            b.x + b.w - margin,
                            b.y + b.h - margin
                        );
                    }
                }
                seen.push(on_page.len());
            }
            assert_eq!(
                seen.iter().sum::<usize>(),
                users.len(),
                "{:?}: every account has its label",
                p.layout
            );
        }
    }
}

#[test]
fn a_label_holds_name_class_login_and_code_or_forgotten_password() {
    let mut pupil = zoe();
    pupil.login = "zoe.dupre".into();
    let mut activated = user("u2", Profile::Student, "Léo", "Martin", Some("CE1"), None);
    activated.login = "leo.martin".into();
    let users = vec![(pupil, "G".to_owned()), (activated, "G".to_owned())];
    for p in PRESETS.iter() {
        let bytes = build_sheet(p.layout, (0, 0), &users);
        let page = &geometry::pages(&bytes)[0];
        let labels = Placement::new(p, (0.0, 0.0)).labels();
        let text_of = |i: usize| {
            let b = labels[i];
            page.runs
                .iter()
                .filter(|r| {
                    r.glyphs
                        .first()
                        .is_some_and(|g| g.x0 >= b.x && g.x0 <= b.x + b.w && g.y0 >= b.y && g.y0 <= b.y + b.h)
                })
                .map(|r| r.text())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let first = text_of(0);
        for part in [
            "Zoé Dupré",
            "CM2 A",
            "zoe.dupre",
            "0O1lI8B",
            "Identifiant",
            "Code",
        ] {
            assert!(
                first.contains(part),
                "{:?}: {part:?} not on the label:\n{first}",
                p.layout
            );
        }
        let second = text_of(1);
        for part in ["Léo Martin", "CE1", "leo.martin", "Mot de passe oublié ?"] {
            assert!(
                second.contains(part),
                "{:?}: {part:?} not on the label:\n{second}",
                p.layout
            );
        }
        assert!(
            !second.contains("Code :"),
            "{:?}: an activated account has no code",
            p.layout
        );
        // The code in monospace, large enough to tell 0 from O and 1 from l.
        let code = page.runs.iter().find(|r| r.text() == "0O1lI8B").unwrap();
        let height = code.glyphs[0].y1 - code.glyphs[0].y0;
        assert!(
            height >= 8.0 * 1.1,
            "{:?}: the code is {height} pt tall",
            p.layout
        );
        let widths: Vec<f32> = code.glyphs.iter().map(|g| g.x1 - g.x0).collect();
        assert!(
            widths.windows(2).all(|w| (w[0] - w[1]).abs() < 0.01),
            "monospace: {widths:?}"
        );
    }
}

#[test]
fn the_first_labels_of_a_partly_used_sheet_stay_blank() {
    let users: Vec<(User, String)> = (0..25)
        .map(|i| (numbered_pupil(i, "CM2 A"), "G".to_owned()))
        .collect();
    let p = preset(Layout::L7160).unwrap();
    let options = PdfOptions {
        first_label: 5,
        ..PdfOptions::with_layout(Layout::L7160)
    };
    let pdf = letters_of(options, &users);
    // 17 labels on the first sheet (5 to 21), the other 8 on the second, from its first label.
    assert_eq!(pdf.pages, 2);
    let pages = geometry::pages(&pdf.bytes);
    let labels = Placement::new(p, (0.0, 0.0)).labels();
    let used = |page: &geometry::PageDrawing| -> Vec<usize> {
        let mut used: Vec<usize> = page
            .runs
            .iter()
            .filter(|r| r.text().starts_with("Zoé Dupré"))
            .map(|r| {
                let g = &r.glyphs[0];
                labels
                    .iter()
                    .position(|b| g.x0 >= b.x && g.x0 <= b.x + b.w && g.y0 >= b.y && g.y0 <= b.y + b.h)
                    .unwrap()
            })
            .collect();
        used.sort();
        used
    };
    assert_eq!(used(&pages[0]), (4..21).collect::<Vec<_>>());
    assert_eq!(used(&pages[1]), (0..8).collect::<Vec<_>>());
}

#[test]
fn the_test_page_outlines_every_label_where_it_would_print() {
    for p in PRESETS.iter() {
        let mut s = structure();
        s.letter_settings.label_offset_x_mm = Millimetres::from_tenths(12);
        s.letter_settings.label_offset_y_mm = Millimetres::from_tenths(-7);
        let bytes = test_page(&s, &fonts(), p.layout, Lang::Fr).unwrap().unwrap();
        let pages = geometry::pages(&bytes);
        assert_eq!(pages.len(), 1);
        let labels = Placement::new(p, (1.2, -0.7)).labels();
        for (i, b) in labels.iter().enumerate() {
            assert!(
                pages[0].rects.iter().any(|r| (r.0 - b.x).abs() < 0.02
                    && (r.1 - b.y).abs() < 0.02
                    && (r.2 - b.w).abs() < 0.02
                    && (r.3 - b.h).abs() < 0.02),
                "{:?}: no outline for label {}",
                p.layout,
                i + 1
            );
        }
        let text: String = pages[0].runs.iter().map(|r| r.text() + "\n").collect();
        assert!(
            text.contains(&format!("Page de test — {}", p.reference)),
            "{text}"
        );
        assert!(
            text.contains("1,2 mm vers la droite, −0,7 mm vers le bas"),
            "{text}"
        );
        assert!(text.contains(&p.per_page().to_string()));
    }
    assert!(test_page(&structure(), &fonts(), Layout::Eight, Lang::Fr).is_none());
}

fn run(tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (`cargo xtask setup` installs it): {e}"))
}

#[test]
fn every_preset_passes_qpdf_and_pdftotext_gives_every_label_back_exactly() {
    let dir = tempfile_dir("sheets");
    let users = tricky_users();
    for p in PRESETS.iter() {
        let bytes = build_sheet(p.layout, (0, 0), &users);
        let path = dir.join(format!("{:?}.pdf", p.layout));
        std::fs::write(&path, &bytes).unwrap();
        let path = path.to_str().unwrap();
        let check = run("qpdf", &["--check", path]);
        let stdout = String::from_utf8_lossy(&check.stdout);
        assert!(
            check.status.success() && stdout.contains("No syntax or stream encoding errors"),
            "{stdout}"
        );
        assert!(
            check.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
        let text = String::from_utf8(run("pdftotext", &["-enc", "UTF-8", path, "-"]).stdout).unwrap();
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for (u, _) in &users {
            assert!(
                flat.contains(&full_name(u)),
                "{:?}: {:?} not extracted from\n{text}",
                p.layout,
                full_name(u)
            );
            assert!(text.contains(&u.login), "{:?}: login {:?}", p.layout, u.login);
            if let Some(code) = &u.activation_code {
                assert!(text.contains(code.as_str()), "{:?}: code {code:?}", p.layout);
            }
        }
        let test = test_page(&structure(), &fonts(), p.layout, Lang::Fr)
            .unwrap()
            .unwrap();
        let test_path = dir.join(format!("{:?}-test.pdf", p.layout));
        std::fs::write(&test_path, test).unwrap();
        let check = run("qpdf", &["--check", test_path.to_str().unwrap()]);
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
}

#[test]
fn cover_sheets_come_before_each_groups_sign_off_sheet_and_say_what_to_print_on() {
    let users: Vec<(User, String)> = (0..30)
        .map(|i| {
            let class = if i < 22 { "CM2 A" } else { "CE1" };
            (numbered_pupil(i, class), class.to_owned())
        })
        .collect();
    let options = PdfOptions {
        sign_off_sheets: true,
        cover_sheets: true,
        cover_date: chrono::NaiveDate::from_ymd_opt(2026, 9, 3),
        ..PdfOptions::with_layout(Layout::L7160)
    };
    let pdf = letters_of(options, &users);
    // CM2 A: cover, sheet, 2 sheets of labels (22); CE1: cover, sheet, 1 sheet of labels.
    assert_eq!(pdf.pages, 7);
    let pages = lopdf_text(&pdf.bytes);
    assert_page_holds(
        &pages[0],
        &[
            "Identifiants à remettre",
            "CM2 A",
            "22 étiquettes",
            "3 septembre 2026",
            "À remettre par",
            "Avery L7160",
        ],
    );
    assert_page_holds(&pages[1], &["Remise des identifiants — CM2 A"]);
    assert_page_holds(&pages[4], &["CE1", "8 étiquettes"]);
    assert!(!pages[0].contains("AB12CD"), "a cover shows no code");
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sesame-sheets-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
