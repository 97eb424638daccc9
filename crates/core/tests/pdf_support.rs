//! Shared fixtures of the PDF tests (included by each `pdf_*.rs` test with `#[path]`): the
//! DejaVu fonts from `public/fonts/`, a school, and accounts with tricky names.
#![allow(dead_code)]

use std::path::PathBuf;

use sesame_core::made_up;
use sesame_core::model::{ChildRef, ClassRef, Profile, Structure, User};
use sesame_core::pdf::{letters_pdf, Fonts, LettersPdf, PdfError, PdfOptions};

/// The letters of `users` (each with its group label) for [`structure`], in [`fonts`].
pub fn letters_of(options: PdfOptions, users: &[(User, String)]) -> LettersPdf {
    try_letters(&structure(), &fonts(), options, users).unwrap()
}

/// The letters of `users` (each with its group label) for `structure` in `fonts`, or why they
/// cannot be made: for the tests that change the school or the fonts, or expect an error.
pub fn try_letters(
    structure: &Structure,
    fonts: &Fonts,
    options: PdfOptions,
    users: &[(User, String)],
) -> Result<LettersPdf, PdfError> {
    letters_pdf(
        structure,
        fonts,
        options,
        users.iter().map(|(u, g)| (u, g.as_str())),
    )
}

pub fn fonts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/fonts")
}

pub fn fonts() -> Fonts {
    sesame_testkit::tools::fonts().clone()
}

/// The school the PDF tests print letters for.
pub fn structure() -> Structure {
    let help = "Une question ? Écrivez à ent@ecole-jules-ferry.fr ou passez au secrétariat.";
    let settings = made_up::ent_settings(
        "ONE",
        "https://ent.example.fr",
        "https://ent.example.fr/auth/activation",
        help,
    );
    made_up::structure("École élémentaire Jules Ferry", settings)
}

/// The 60-character name of the tests (long names must shrink or wrap, never overflow).
pub const LONG_NAME: (&str, &str) = ("Marie-Charlotte Alexandrine", "Dupont-Aignan de la Villemarquéz");

pub fn user(
    id: &str,
    profile: Profile,
    first: &str,
    last: &str,
    class: Option<&str>,
    code: Option<&str>,
) -> User {
    User {
        id: id.into(),
        profile,
        first_name: first.into(),
        last_name: last.into(),
        login: format!("{}.{}", id, profile.as_str().to_lowercase()),
        activation_code: code.map(str::to_owned),
        email: None,
        created_at: "2025-09-01T06:30:00Z".parse().unwrap(),
        blocked: false,
        local_admin: false,
        classes: class
            .map(|c| {
                vec![ClassRef {
                    id: c.into(),
                    name: c.into(),
                }]
            })
            .unwrap_or_default(),
        children: Vec::new(),
        last_distributed_at: None,
        import_id: None,
    }
}

/// Zoé Dupré, a pupil of CM2 A still to activate, whose code `0O1lI8B` holds the characters a
/// reader confuses (0 and O, 1, l and I, 8 and B).
pub fn zoe() -> User {
    user(
        "u1",
        Profile::Student,
        "Zoé",
        "Dupré",
        Some("CM2 A"),
        Some("0O1lI8B"),
    )
}

/// The `i`-th of many plain pupils of `class` (`u<i>`, Zoé Dupré`<i>`, code `AB12CD`): for the
/// tests that need a number of letters, not particular names.
pub fn numbered_pupil(i: usize, class: &str) -> User {
    user(
        &format!("u{i}"),
        Profile::Student,
        "Zoé",
        &format!("Dupré{i}"),
        Some(class),
        Some("AB12CD"),
    )
}

/// Accounts whose names test every script the fonts must cover, with their group label.
pub fn tricky_users() -> Vec<(User, String)> {
    let mut relative = user("u9", Profile::Relative, "Œdipe", "Dupré", None, None);
    relative.children = vec![ChildRef {
        first_name: "Zoé".into(),
        last_name: "Dupré".into(),
        class_name: Some("CM2 A".into()),
    }];
    let list = vec![
        (
            user(
                "u1",
                Profile::Student,
                "Łukasz",
                "Nguyễn",
                Some("CM2 A"),
                Some("0O1lI8B"),
            ),
            "CM2 A",
        ),
        (
            user(
                "u2",
                Profile::Student,
                "Şule",
                "Yılmaz",
                Some("CM2 A"),
                Some("K7XQ2M9"),
            ),
            "CM2 A",
        ),
        (
            user(
                "u3",
                Profile::Student,
                "Ștefan",
                "Țurcanu",
                Some("CM2 A"),
                Some("ZP4R8TW"),
            ),
            "CM2 A",
        ),
        (
            user(
                "u12",
                Profile::Student,
                "Ayşe",
                "Doğan",
                Some("CM2 A"),
                Some("DG7Y3PA"),
            ),
            "CM2 A",
        ),
        (
            user("u4", Profile::Student, "Jiří", "Řezníček", Some("CM2 B"), None),
            "CM2 B",
        ),
        (
            user(
                "u5",
                Profile::Student,
                "Алёна",
                "Смирнова",
                Some("CM2 B"),
                Some("Ж7Я2Ё"),
            ),
            "CM2 B",
        ),
        (
            user(
                "u6",
                Profile::Student,
                "Νικόλαος",
                "Παπαδόπουλος",
                Some("CM2 B"),
                Some("ΑΒ12ΓΔ"),
            ),
            "CM2 B",
        ),
        (
            user(
                "u7",
                Profile::Student,
                "Zoé",
                "Dupré",
                Some("CM2 A"),
                Some("ZOE2025"),
            ),
            "CM2 B",
        ),
        (
            user(
                "u8",
                Profile::Student,
                LONG_NAME.0,
                LONG_NAME.1,
                Some("CM2 B"),
                Some("LONG9999"),
            ),
            "CM2 B",
        ),
        (relative, "Parent"),
    ];
    list.into_iter().map(|(u, g)| (u, g.to_owned())).collect()
}

pub fn full_name(u: &User) -> String {
    format!("{} {}", u.first_name, u.last_name)
}

/// Pages and their extracted text, through lopdf.
pub fn lopdf_text(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads the PDF back");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages
        .iter()
        .map(|&p| doc.extract_text(&[p]).unwrap_or_default())
        .collect()
}

/// Asserts that a page's extracted text holds each of `texts`, printing the page when one is
/// missing (a test then shows what the page says instead).
pub fn assert_page_holds(page: &str, texts: &[&str]) {
    for text in texts {
        assert!(page.contains(text), "{text:?} not on the page:\n{page}");
    }
}
