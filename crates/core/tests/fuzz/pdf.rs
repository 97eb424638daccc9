//! Names from every Unicode general category through the PDF engine: letters of every kind,
//! combining marks, digits, punctuation, symbols, spaces, line and paragraph separators, control
//! and format characters (bidi overrides, joiners, BOM), private use, unassigned code points,
//! noncharacters, emoji sequences. Never a panic; a character no font covers is always reported
//! (refused by default, listed when printed anyway), never silently dropped; a document that is
//! made opens.

use std::collections::BTreeSet;

use proptest::prelude::*;
use sesame_core::made_up;
use sesame_core::model::{ChildRef, ClassRef, Profile, Structure, User};
use sesame_core::pdf::{letters_pdf, missing_chars, Fonts, MissingGlyphs, PdfError, PdfOptions};
use sesame_core::Layout;
use unicode_normalization::UnicodeNormalization;

use crate::budget;

fn fonts() -> &'static Fonts {
    sesame_testkit::tools::fonts()
}

/// One character or more of each general category (Cs, surrogates, cannot be a `char`).
const CATEGORIES: &[(&str, &[&str])] = &[
    ("Lu", &["A", "É", "Ł", "Ω", "Ж", "Ǆ"]),
    ("Ll", &["a", "é", "ß", "ω", "ж", "ı"]),
    ("Lt", &["ǅ", "ᾈ"]),
    ("Lm", &["ʰ", "ˆ", "ー"]),
    ("Lo", &["א", "ا", "中", "ก", "ᚠ", "ꦲ"]),
    ("Mn", &["\u{301}", "\u{308}", "\u{5b4}", "\u{93c}"]),
    ("Mc", &["\u{903}", "\u{9be}"]),
    ("Me", &["\u{20dd}", "\u{488}"]),
    ("Nd", &["7", "٣", "৪", "７"]),
    ("Nl", &["Ⅻ", "ↂ"]),
    ("No", &["½", "²", "①"]),
    ("Pc", &["_", "‿"]),
    ("Pd", &["-", "—", "゠"]),
    ("Ps", &["(", "「", "⁅"]),
    ("Pe", &[")", "」", "⁆"]),
    ("Pi", &["«", "‘"]),
    ("Pf", &["»", "’"]),
    ("Po", &["!", "¡", "·", "،"]),
    ("Sm", &["+", "∑", "√"]),
    ("Sc", &["€", "$", "₿"]),
    ("Sk", &["^", "˜", "🏻"]),
    ("So", &["©", "☃", "😀"]),
    ("Zs", &[" ", "\u{a0}", "\u{3000}", "\u{2009}"]),
    ("Zl", &["\u{2028}"]),
    ("Zp", &["\u{2029}"]),
    (
        "Cc",
        &["\u{0}", "\u{7}", "\t", "\n", "\r", "\u{1b}", "\u{7f}", "\u{85}"],
    ),
    (
        "Cf",
        &[
            "\u{202e}", "\u{200d}", "\u{200b}", "\u{feff}", "\u{ad}", "\u{2066}",
        ],
    ),
    ("Co", &["\u{e000}", "\u{f8ff}", "\u{10fffd}"]),
    ("Cn", &["\u{378}", "\u{fffe}", "\u{ffff}", "\u{e0080}"]),
    ("seq", &["👩‍👩‍👧", "🇫🇷", "e\u{301}\u{302}\u{303}"]),
    // Compatibility ideographs: letters print them in NFC, as another code point.
    ("nfc", &["\u{f900}", "\u{2f800}", "\u{212b}"]),
];

fn piece() -> impl Strategy<Value = String> {
    let all: Vec<&'static str> = CATEGORIES
        .iter()
        .flat_map(|(_, chars)| chars.iter().copied())
        .collect();
    prop_oneof![
        4 => proptest::sample::select(all).prop_map(str::to_owned),
        2 => "[A-Za-zéèçÉŁł]{1,6}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn name() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 1..8).prop_map(|p| p.concat())
}

fn users() -> impl Strategy<Value = Vec<User>> {
    proptest::collection::vec(
        (
            proptest::sample::select(Profile::ALL.to_vec()),
            name(),
            name(),
            name(),
            proptest::option::of(name()),
            proptest::option::of(name()),
            proptest::option::of((name(), name())),
        ),
        1..6,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (profile, first, last, login, code, class, child))| User {
                id: format!("u{i}"),
                profile,
                first_name: first,
                last_name: last,
                login,
                activation_code: code,
                email: None,
                created_at: "2025-09-01T06:30:00Z".parse().unwrap(),
                blocked: false,
                local_admin: false,
                classes: class
                    .map(|name| ClassRef {
                        id: format!("c{i}"),
                        name,
                    })
                    .into_iter()
                    .collect(),
                children: child
                    .map(|(first_name, last_name)| ChildRef {
                        first_name,
                        last_name,
                        class_name: None,
                    })
                    .into_iter()
                    .collect(),
                last_distributed_at: None,
                import_id: None,
            })
            .collect()
    })
}

fn structure(ent_name: &str) -> Structure {
    let settings = made_up::ent_settings(
        ent_name,
        "https://ent.exemple.fr",
        "https://ent.exemple.fr/activer",
        "",
    );
    made_up::structure("École Jules Ferry", settings)
}

/// The characters no font covers among what `users` and the settings would print (white space
/// excepted: the engine breaks words there and prints a space, by design).
fn uncovered(users: &[User], structure: &Structure) -> BTreeSet<char> {
    let mut texts: Vec<&str> = vec![&structure.letter_settings.ent_name];
    for u in users {
        texts.extend([u.first_name.as_str(), u.last_name.as_str(), u.login.as_str()]);
        texts.extend(u.activation_code.as_deref());
        texts.extend(u.classes.iter().map(|c| c.name.as_str()));
        texts.extend(
            u.children
                .iter()
                .flat_map(|c| [c.first_name.as_str(), c.last_name.as_str()]),
        );
    }
    texts
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| missing(*c))
        .collect()
}

fn missing(c: char) -> bool {
    !c.is_whitespace() && !fonts().covers(c)
}

/// Whether `c`, uncovered, is in the report: as itself, or as the characters of its NFC form,
/// since letters print text in NFC (U+F900 豈, a compatibility ideograph, prints as U+8C48).
fn is_reported(c: char, reported: &BTreeSet<char>) -> bool {
    if reported.contains(&c) {
        return true;
    }
    let nfc: String = c.to_string().nfc().collect();
    nfc != c.to_string() && nfc.chars().filter(|n| missing(*n)).all(|n| reported.contains(&n))
}

proptest! {
    #![proptest_config(budget(40))]

    #[test]
    fn every_category_is_printed_or_reported_never_a_panic(
        users in users(),
        ent_name in name(),
        layout in proptest::sample::select(Layout::ALL.to_vec()),
        print_anyway in any::<bool>(),
    ) {
        let structure = structure(&ent_name);
        let groups: Vec<String> = users.iter().map(|u| u.profile.label_fr().to_owned()).collect();
        let options = PdfOptions {
            layout,
            missing_glyphs: if print_anyway { MissingGlyphs::Print } else { MissingGlyphs::Refuse },
            ..PdfOptions::default()
        };
        let preflight = missing_chars(fonts(), &structure, users.iter(), Default::default());
        let reported: BTreeSet<char> = preflight.iter().map(|m| m.ch).collect();
        let unreported: Vec<char> =
            uncovered(&users, &structure).into_iter().filter(|c| !is_reported(*c, &reported)).collect();
        prop_assert!(unreported.is_empty(), "never reported: {unreported:?}");
        prop_assert!(reported.iter().all(|c| !fonts().covers(*c)), "{reported:?}");
        let built = letters_pdf(&structure, fonts(), options, users.iter().zip(groups.iter().map(String::as_str)));
        // The preflight reads every text whole; the document may print less of a text (a card's
        // one-line header ends with "…" at its first line break), so what the build meets is a
        // part of what the preflight reported, never more.
        match built {
            Ok(pdf) => {
                let printed_missing: BTreeSet<char> = pdf.missing.iter().map(|m| m.ch).collect();
                prop_assert!(print_anyway || printed_missing.is_empty());
                prop_assert!(printed_missing.is_subset(&reported), "{printed_missing:?} ⊄ {reported:?}");
                prop_assert!(pdf.pages >= 1 && pdf.letters == users.len());
                let document = lopdf::Document::load_mem(&pdf.bytes);
                prop_assert!(document.is_ok(), "{:?}", document.err());
            }
            Err(PdfError::MissingGlyphs(list)) => {
                prop_assert!(!print_anyway && !list.is_empty());
                prop_assert!(list.iter().all(|m| reported.contains(&m.ch)), "{list:?}");
            }
            Err(other) => prop_assert!(false, "{other}"),
        }
    }
}
