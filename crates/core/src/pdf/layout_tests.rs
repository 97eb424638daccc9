//! Tests that what each design draws stays on its letter or card: every line of text, as
//! written in the content stream and measured from the real DejaVu advances, lies inside the
//! margins, clear of the QR code, and no two lines overlap, for long names in every script.

use super::card_design::{CardDesign, QR_SIZE, QR_TOP};
use super::content::Content;
use super::coverage::{MissingChar, MissingLog};
use super::fonts::{Fonts, Typeface};
use super::glyphs::UsedGlyphs;
use super::grid::design_size;
use super::letter_design::LetterDesign;
use super::pen::Pen;
use super::qr::{qr_shape, QrShape};
use super::sheet_design::{sheet_page, SheetRow};
use super::units::{mm, Size, A4_PORTRAIT};
use crate::lang::Lang;
use crate::letter::{self, Recipient};
use crate::made_up;
use crate::model::Structure;
use crate::selection::Layout;

pub(crate) fn fonts() -> Fonts {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/fonts");
    let read = |name: &str| std::fs::read(dir.join(name)).expect("font in public/fonts");
    Fonts::new(
        read("DejaVuSans.ttf"),
        read("DejaVuSans-Bold.ttf"),
        read("DejaVuSansMono.ttf"),
    )
    .unwrap()
}

fn structure(long: bool) -> Structure {
    if long {
        let url = "https://ent.region-academique-auvergne-rhone-alpes.example.fr/auth/activation/compte";
        let help = "Une question ? ".repeat(40);
        made_up::structure(
            "Lycée polyvalent régional Marguerite-Yourcenar et section d’enseignement professionnel",
            made_up::ent_settings("Mon lycée connecté Auvergne-Rhône-Alpes", url, url, &help),
        )
    } else {
        made_up::structure(
            "École",
            made_up::ent_settings("ONE", "https://ent.fr", "https://ent.fr", ""),
        )
    }
}

/// A line of text as drawn: position of its baseline start, size and width.
#[derive(Debug, Clone)]
struct Drawn {
    text: String,
    x: f32,
    y: f32,
    size: f32,
    width: f32,
}

/// Reads back the text lines of a content stream written by [`Pen::line`].
fn drawn_lines(content: &Content, glyphs: &UsedGlyphs, fonts: &Fonts) -> Vec<Drawn> {
    let text = std::str::from_utf8(content.as_bytes()).unwrap();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut lines = Vec::new();
    let (mut face, mut size) = (Typeface::Regular, 0.0f32);
    let mut current: Option<Drawn> = None;
    for (i, &t) in tokens.iter().enumerate() {
        match t {
            "Tf" => {
                face = match tokens[i - 2] {
                    "/R" => Typeface::Regular,
                    "/B" => Typeface::Bold,
                    "/M" => Typeface::Mono,
                    other => panic!("font {other}"),
                };
                size = tokens[i - 1].parse().unwrap();
            }
            "Td" => {
                let (x, y) = (tokens[i - 2].parse().unwrap(), tokens[i - 1].parse().unwrap());
                current = Some(Drawn {
                    text: String::new(),
                    x,
                    y,
                    size,
                    width: 0.0,
                });
            }
            "Tj" => {
                let hex = tokens[i - 1].trim_start_matches('<').trim_end_matches('>');
                let line = current.as_mut().expect("Td before Tj");
                let upem = f32::from(fonts.face(face).metrics.units_per_em);
                for k in (0..hex.len()).step_by(4) {
                    let cid = u16::from_str_radix(&hex[k..k + 4], 16).unwrap();
                    let e = glyphs.face(face).entries[usize::from(cid)];
                    line.text.push(e.ch);
                    line.width += f32::from(e.advance) / upem * size;
                }
                line.size = line.size.max(size);
            }
            "ET" => lines.extend(current.take()),
            _ => {}
        }
    }
    lines
}

/// Asserts every line lies on `page` inside its `margins` (in mm: left, right, bottom, top),
/// right of nothing and left of `keep_out_x` when its baseline is within `keep_out_y`, and that
/// lines sharing columns are at least 0.75 of the larger size apart.
fn assert_inside(lines: &[Drawn], page: Size, margins: [f32; 4], keep_out: Option<(f32, (f32, f32))>) {
    const E: f32 = 0.05;
    let [left, right, bottom, top] = margins;
    let (left, right) = (mm(left), page.w - mm(right));
    let (bottom, top) = (mm(bottom), page.h - mm(top));
    for l in lines {
        assert!(
            l.x >= left - E,
            "{:?} starts left of the margin ({} < {left})",
            l.text,
            l.x
        );
        assert!(
            l.x + l.width <= right + E,
            "{:?} ends right of the margin ({} > {right})",
            l.text,
            l.x + l.width
        );
        assert!(
            l.y >= bottom - E && l.y + l.size * 0.8 <= top + E,
            "{:?} outside vertically at {}",
            l.text,
            l.y
        );
        if let Some((qx, (qy0, qy1))) = keep_out {
            // The line's glyphs span roughly [y - 0.25 size, y + 0.8 size].
            if l.y + 0.8 * l.size > qy0 && l.y - 0.25 * l.size < qy1 {
                assert!(l.x + l.width <= qx + E, "{:?} runs into the QR code", l.text);
            }
        }
    }
    for (i, a) in lines.iter().enumerate() {
        for b in &lines[i + 1..] {
            let share_columns = a.x < b.x + b.width && b.x < a.x + a.width;
            if share_columns && !a.text.trim().is_empty() && !b.text.trim().is_empty() {
                let gap = (a.y - b.y).abs();
                assert!(
                    gap >= 0.75 * a.size.max(b.size),
                    "{:?} and {:?} overlap ({gap} pt apart)",
                    a.text,
                    b.text
                );
            }
        }
    }
}

fn recipients() -> Vec<Recipient> {
    let long_login = "marie-charlotte.dupont-aignan-de-la-villemarquez2".to_owned();
    let base = |name: &str, role: &str, children: Option<&str>, code: Option<&str>, login: &str| Recipient {
        full_name: name.into(),
        role: role.into(),
        children: children.map(str::to_owned),
        login: login.into(),
        activation_code: code.map(str::to_owned),
    };
    let classes: Vec<String> = (1..=30).map(|i| format!("{}e {}", 6 - i % 4, i)).collect();
    let children: Vec<String> = (1..=6)
        .map(|i| format!("Marie-Charlotte Dupont-Aignan {i} (CM{i} A)"))
        .collect();
    vec![
        base(
            "Zoé Dupré",
            "Élève en classe de CM2 A",
            None,
            Some("AB12CD34"),
            "zoe.dupre",
        ),
        base(
            "Marie-Charlotte Alexandrine Dupont-Aignan de la Villemarquéz",
            "Élève en classe de CM2 A",
            None,
            Some("0O1lI8B9"),
            &long_login,
        ),
        base(
            "Νικόλαος Παπαδόπουλος-Καραμανλής Αλεξανδρόπουλος Χατζηγεωργίου Ζαφειρόπουλος",
            "Élève",
            None,
            None,
            "nikolaos.papadopoulos",
        ),
        base(
            &"Алёна Смирнова-Кузнецова ".repeat(5),
            "Élève",
            None,
            Some("ЖЯЁ12345"),
            "alena.smirnova",
        ),
        base(
            "Jiří Řezníček",
            &format!("Enseignant — classes : {}", classes.join(", ")),
            None,
            Some("X".repeat(40).as_str()),
            "jiri.reznicek",
        ),
        base(
            "Œdipe Dupré",
            "Parent",
            Some(&format!("Responsable de : {}", children.join(", "))),
            None,
            "oedipe.dupre",
        ),
        base(&"W".repeat(100), "Élève", None, Some("ABCDEF"), &"m".repeat(90)),
    ]
}

/// Runs `draw` with a pen of `fonts` and fresh glyph and missing-character records; returns
/// the characters no font had.
fn with_pen(fonts: &Fonts, draw: impl FnOnce(&mut Pen<'_>)) -> Vec<MissingChar> {
    let mut glyphs = UsedGlyphs::new([0; 3]);
    let mut missing = MissingLog::default();
    draw(&mut Pen {
        fonts,
        glyphs: &mut glyphs,
        missing: &mut missing,
    });
    missing.report()
}

/// One recipient drawn by a design made for a case: short or long school texts, with a QR code
/// or not.
struct Drawing<'a, D> {
    long: bool,
    qr: bool,
    design: &'a D,
    recipient: &'a Recipient,
    /// The lines of the recipient's page: its template's and its personal part's.
    lines: Vec<Drawn>,
}

/// Draws every one of [`recipients`] with the design `make` builds for each case, `personal`
/// writing the recipient's own part, and hands each drawing to `check`. Returns the characters
/// no font had, over every case.
fn each_drawing<D>(
    make: impl Fn(&mut Pen, &Structure, bool) -> (D, [Content; 2]),
    personal: impl Fn(&D, &mut Pen, &mut Content, &Recipient, Option<&QrShape>),
    mut check: impl FnMut(Drawing<'_, D>),
) -> Vec<MissingChar> {
    let fonts = fonts();
    let mut missing_chars = Vec::new();
    for long in [false, true] {
        for qr in [false, true] {
            let s = structure(long);
            missing_chars.extend(with_pen(&fonts, |pen| {
                let (design, templates) = make(pen, &s, qr);
                for r in recipients() {
                    let shape = qr_shape("https://ent.fr/activation?login=zoe.dupre");
                    let mut out = Content::new();
                    personal(&design, pen, &mut out, &r, shape.as_ref());
                    let template = &templates[usize::from(r.activation_code.is_none())];
                    let mut lines = drawn_lines(template, pen.glyphs, &fonts);
                    lines.extend(drawn_lines(&out, pen.glyphs, &fonts));
                    check(Drawing {
                        long,
                        qr,
                        design: &design,
                        recipient: &r,
                        lines,
                    });
                }
            }));
        }
    }
    missing_chars
}

#[test]
fn letters_stay_inside_their_margins_for_long_names() {
    let page = design_size(Layout::One);
    let missing = each_drawing(
        |pen, s, qr| {
            let texts = [false, true].map(|a| letter::boilerplate(s, Lang::Fr, a));
            LetterDesign::new(pen, [&texts[0], &texts[1]], qr)
        },
        LetterDesign::personal,
        |d| {
            let keep_out = d
                .design
                .qr_box(d.recipient.activation_code.is_none())
                .map(|(x, top, size)| (x, (top - size, top)));
            assert_eq!(keep_out.is_some(), d.qr);
            assert_inside(&d.lines, page, [20.0, 20.0, 15.0, 15.0], keep_out);
        },
    );
    assert!(missing.is_empty());
}

#[test]
fn cards_stay_inside_their_cut_lines_for_long_names() {
    let card = design_size(Layout::Eight);
    each_drawing(
        |pen, s, qr| {
            let texts = [false, true].map(|a| letter::card_text(s, Lang::Fr, a));
            CardDesign::new(pen, [&texts[0], &texts[1]], qr)
        },
        CardDesign::personal,
        |d| {
            let qr_band = (card.h - mm(QR_TOP + QR_SIZE), card.h - mm(QR_TOP));
            let keep_out = d.qr.then_some((card.w - mm(6.0 + QR_SIZE), qr_band));
            assert_inside(&d.lines, card, [6.0, 6.0, 6.0, 5.0], keep_out);
            // The help text is on every card, shortened with an ellipsis when too long.
            if d.long {
                let help = d
                    .lines
                    .iter()
                    .filter(|l| l.text.contains("Une question"))
                    .collect::<Vec<_>>();
                assert!(!help.is_empty(), "the help text is missing from the card");
                assert!(help.last().unwrap().text.ends_with('…'), "{help:?}");
            }
        },
    );
}

#[test]
fn sign_off_sheets_stay_inside_their_columns() {
    let fonts = fonts();
    let rows: Vec<SheetRow> = recipients()
        .into_iter()
        .cycle()
        .take(40)
        .enumerate()
        .map(|(i, r)| SheetRow {
            user_id: format!("u{i}"),
            name: r.full_name,
            login: r.login,
        })
        .collect();
    let text = letter::sheet_text("CM2 A", Lang::Fr);
    with_pen(&fonts, |pen| {
        for page in 0..2 {
            let out = sheet_page(pen, &text, "École", &rows, page);
            let lines = drawn_lines(&out, pen.glyphs, &fonts);
            assert_inside(&lines, A4_PORTRAIT, [20.0, 20.0, 8.0, 10.0], None);
            // Each cell's text stays in its column: names before the login column, logins before "remis le".
            for l in &lines {
                if l.x > mm(31.0) && l.x < mm(92.0) {
                    assert!(
                        l.x + l.width <= mm(92.0) + 0.05,
                        "{:?} runs into the login column",
                        l.text
                    );
                }
                if l.x > mm(93.0) && l.x < mm(140.0) {
                    assert!(
                        l.x + l.width <= mm(140.0) + 0.05,
                        "{:?} runs into the date column",
                        l.text
                    );
                }
            }
        }
    });
}
