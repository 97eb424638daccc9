//! `sesame letters` end to end: a directory file with names in many scripts, the PDF checked
//! with the real tools — `qpdf --check` finds it valid, `pdftotext` gives every name, login and
//! code back exactly, `pdfinfo` counts the pages each layout should make — sticker and card sheets
//! included, with their test page, « commencer à l'étiquette », and one PDF per class in a ZIP;
//! and the fonts built into the binary, so the command works from any folder.

use std::path::{Path, PathBuf};

use serde_json::json;
use sesame_testkit::tools::{assert_valid_pdf, page_count, pdf_text};
use sesame_testkit::Sesame;

/// (first name, last name, login, code) — every name a school might have.
const PEOPLE: [(&str, &str, &str, &str); 10] = [
    ("Łukasz", "Nguyễn", "lukasz.nguyen", "QL0O1lI8"),
    ("Şule", "Yılmaz", "sule.yilmaz", "YZ2K9P4M"),
    ("Ștefan", "Țurcanu", "stefan.turcanu", "ST7W3X5Q"),
    ("Jiří", "Řezníček", "jiri.reznicek", "JR4N6V8B"),
    ("Алёна", "Смирнова", "alena.smirnova", "AS5D7F9G"),
    ("Νικόλαος", "Παπαδόπουλος", "nikolaos.papadopoulos", "NP3H5J7K"),
    ("Zoé", "Dupré", "zoe.dupre", "ZD2L4M6N"),
    ("Œdipe", "Lœuvre", "oedipe.loeuvre", "OL8P2R4T"),
    (
        "Marie-Charlotte-Éléonore",
        "de La Tour d'Auvergne-Lauraguais",
        "mc.delatour",
        "ML6U8W2Y",
    ),
    ("Ngọc Ánh", "Trần", "ngoc-anh.tran", "NT9A3C5E"),
];

fn directory_file(dir: &Path) -> PathBuf {
    let users: Vec<_> = PEOPLE
        .iter()
        .enumerate()
        .map(|(i, (first, last, login, code))| {
            json!({
                "id": format!("u{i}"), "profile": if i < 8 { "Student" } else { "Guest" },
                "firstName": first, "lastName": last, "login": login, "activationCode": code,
                "createdAt": "2025-09-01T08:00:00Z",
                "classes": if i < 8 { json!([{"id": format!("c{}", i % 2), "name": if i % 2 == 0 { "CM2 A" } else { "CM1 B" }}]) } else { json!([]) },
            })
        })
        .collect();
    let body = json!({
        "structure": {"id": "s1", "uai": "0751234A", "name": "École Jean-Jaurès",
            "letterSettings": {"entName": "ONE", "loginUrl": "https://ent.exemple.fr",
                "activationUrl": "https://ent.exemple.fr/auth/activation", "helpText": "Secrétariat : 01 23 45 67 89"}},
        "users": users,
        "fetchedAt": "2025-09-02T08:00:00Z",
    });
    let path = dir.join("users.json");
    std::fs::write(&path, body.to_string()).unwrap();
    path
}

fn run(args: &[&str]) -> (bool, String, String) {
    let fonts = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/fonts");
    let mut all = args.to_vec();
    all.extend(["--fonts", fonts]);
    let out = Sesame::at(env!("CARGO_BIN_EXE_sesame")).output(&all, None);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// A new folder holding the [`directory_file`], where each test has `sesame letters` write.
struct Folder {
    dir: tempfile::TempDir,
    /// The directory file.
    input: PathBuf,
}

impl Folder {
    /// A new temporary folder with the directory file written in it.
    fn new() -> Folder {
        let dir = tempfile::tempdir().unwrap();
        let input = directory_file(dir.path());
        Folder { dir, input }
    }

    /// The path of `name` in the folder.
    fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// [`letters`] of the directory file with `options` into `out`.
    fn letters(&self, options: &[&str], out: &Path) -> (bool, String, String) {
        letters(&self.input, options, out)
    }
}

/// `sesame letters --input input options… -o out`: whether it succeeded, its stdout, its stderr.
fn letters(input: &Path, options: &[&str], out: &Path) -> (bool, String, String) {
    let mut args = vec!["letters", "--input", input.to_str().unwrap()];
    args.extend_from_slice(options);
    args.extend(["-o", out.to_str().unwrap()]);
    run(&args)
}

/// The text with wrapped lines joined: a long name may wrap (after a hyphen or a space) to stay
/// inside its card, and must still read whole.
fn joined(text: &str) -> String {
    text.replace("-\n", "-").replace('\n', " ")
}

/// Builds `layout` from the whole directory: `summary` on stdout, a valid PDF of `pages`
/// pages, every name, login and code read back exactly.
fn assert_every_name_back(layout: &str, summary: &str, pages: usize) {
    let folder = Folder::new();
    let pdf = folder.join(&format!("{layout}.pdf"));
    let (ok, stdout, stderr) = folder.letters(&["--layout", layout], &pdf);
    assert!(ok, "layout {layout}: {stderr}");
    assert!(stdout.contains(summary), "{layout}: {stdout}");
    assert_valid_pdf(&pdf);
    assert_eq!(page_count(&pdf), pages, "layout {layout}");
    let text = joined(&pdf_text(&pdf));
    for (first, last, login, code) in PEOPLE {
        for expected in [first, last, login, code] {
            assert!(
                text.contains(expected),
                "layout {layout}: {expected:?} missing from:\n{text}"
            );
        }
    }
}

#[test]
fn every_layout_is_valid_and_gives_every_name_back_exactly() {
    for (layout, pages) in [("1", 10), ("2", 5), ("8", 2)] {
        assert_every_name_back(layout, "10 letters", pages);
    }
}

#[test]
fn every_sheet_is_valid_and_gives_every_name_back_exactly() {
    for layout in ["L7160", "L7163", "L7159", "Z3474", "card"] {
        assert_every_name_back(layout, "10 letters on 1 pages", 1);
    }
}

/// The letters of `folder` with `options`, which select class c0's four pupils on cards after
/// a sign-off sheet, into `pdf`: asserts there are 4 letters on 2 pages; the PDF's text.
fn class_c0_on_cards(folder: &Folder, options: &[&str], pdf: &Path) -> String {
    let (ok, stdout, stderr) = folder.letters(options, pdf);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("4 letters"), "{stdout}");
    assert_eq!(page_count(pdf), 2, "a sign-off sheet, then the cards");
    pdf_text(pdf)
}

#[test]
fn selection_sort_and_sign_off_sheets_follow_the_query() {
    let folder = Folder::new();
    let pdf = folder.join("students.pdf");
    let options = [
        "--select",
        "profile=Student&class=c0",
        "--sort",
        "class",
        "--layout",
        "8",
        "--sign-off-sheets",
        "--qr",
    ];
    let text = class_c0_on_cards(&folder, &options, &pdf);
    // The sign-off sheet is CM2 A's.
    assert!(text.contains("CM2 A"), "{text}");
    // Class c0 holds the even rows: Nguyễn, Țurcanu, Смирнова, Dupré — not Yılmaz (CM1 B).
    assert!(text.contains("Смирнова") && !text.contains("Yılmaz"), "{text}");
}

/// Step 3's options kept in the app's address are honoured by `--select` too: a bookmark's
/// letters are the same from the command line.
#[test]
fn step_3s_options_in_the_address_are_the_letters_options() {
    let folder = Folder::new();
    let pdf = folder.join("from-address.pdf");
    let address = "profile=Student&class=c0&sort=class&layout=8&signOffSheets=yes&letterLang=en";
    let text = class_c0_on_cards(&folder, &["--select", address], &pdf);
    assert!(
        text.contains("Activation code") && !text.contains("Code d’activation"),
        "{text}"
    );
    let (ok, _, stderr) = folder.letters(&["--select", "letterLang=de"], &pdf);
    assert!(!ok);
    assert!(stderr.contains("« letterLang »"), "{stderr}");
}

/// A sheet's labels print no QR code: asked for anyway, the command says so rather than print
/// nothing silently.
#[test]
fn a_qr_code_asked_on_a_sheet_is_said_not_printed() {
    let folder = Folder::new();
    let pdf = folder.join("labels.pdf");
    let (ok, _, stderr) = folder.letters(&["--layout", "L7160", "--qr"], &pdf);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("warning: --qr: a sticker or card sheet prints no QR code"),
        "{stderr}"
    );
}

#[test]
fn bad_queries_and_missing_characters_are_reported() {
    let folder = Folder::new();
    let pdf = folder.join("x.pdf");
    let (ok, _, stderr) = folder.letters(&["--select", "profil=Student"], &pdf);
    assert!(!ok);
    assert!(stderr.contains("« profil »"), "{stderr}");

    // A name in a script DejaVu lacks (Devanagari): refused, naming the character and account.
    let mut body: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&folder.input).unwrap()).unwrap();
    body["users"][0]["firstName"] = json!("अनीता");
    std::fs::write(&folder.input, body.to_string()).unwrap();
    let (ok, _, stderr) = folder.letters(&[], &pdf);
    assert!(!ok);
    assert!(stderr.contains("U+0905") && stderr.contains("u0"), "{stderr}");
    assert!(!pdf.exists(), "nothing written");
    let (ok, _, stderr) = folder.letters(&["--print-missing"], &pdf);
    assert!(ok && pdf.exists(), "{stderr}");
    assert!(stderr.contains("warning"), "{stderr}");
}

/// `sesame letters --input input options… -o pdf` as it is, without the test fonts of [`run`].
fn letters_command(input: &Path, options: &[&str], pdf: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_sesame"));
    command
        .args(["letters", "--input", input.to_str().unwrap()])
        .args(options)
        .arg("-o")
        .arg(pdf);
    command
}

#[test]
fn the_fonts_are_in_the_binary_so_letters_work_from_any_folder() {
    let folder = Folder::new();
    let pdf = folder.join("anywhere.pdf");
    // No --fonts, and a working folder without public/fonts.
    let out = letters_command(&folder.input, &["--layout", "L7160"], &pdf)
        .current_dir(folder.dir.path())
        .env_remove("SESAME_FONTS")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_valid_pdf(&pdf);
    assert!(pdf_text(&pdf).contains("Νικόλαος"));
    // --fonts still wins, and a wrong folder is said as such.
    let out = letters_command(&folder.input, &["--fonts", "/nowhere"], &pdf)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nowhere/DejaVuSans.ttf"));
}

#[test]
fn the_test_page_and_the_first_label_of_a_used_sheet() {
    let folder = Folder::new();
    let test = folder.join("test.pdf");
    let (ok, stdout, stderr) = folder.letters(&["--layout", "L7163", "--test-page"], &test);
    assert!(ok && stdout.contains("test page of L7163"), "{stdout}{stderr}");
    assert_eq!(page_count(&test), 1);
    assert!(pdf_text(&test).contains("Page de test — Avery L7163"));
    let (ok, _, stderr) = folder.letters(&["--test-page"], &test);
    assert!(
        !ok && stderr.contains("--layout"),
        "plain paper has no test page: {stderr}"
    );

    // 10 labels from label 20 of 21: two on the first sheet, eight on the next.
    let pdf = folder.join("used.pdf");
    let (ok, stdout, stderr) = folder.letters(&["--layout", "L7160", "--first-label", "20"], &pdf);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("10 letters on 2 pages"), "{stdout}");
}

#[test]
fn per_class_writes_one_valid_pdf_per_class_in_a_zip() {
    use std::io::Read;
    let folder = Folder::new();
    let out = folder.join("classes.zip");
    let (ok, stdout, stderr) = folder.letters(&["--per-class"], &out);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("10 letters in 3 files"), "{stdout}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "identifiants-ecole-jean-jaures-cm1-b.pdf",
            "identifiants-ecole-jean-jaures-cm2-a.pdf",
            "identifiants-ecole-jean-jaures-sans-classe.pdf"
        ]
    );
    let mut seen = Vec::new();
    for name in names {
        let mut bytes = Vec::new();
        zip.by_name(&name).unwrap().read_to_end(&mut bytes).unwrap();
        let pdf = folder.join(&name);
        std::fs::write(&pdf, bytes).unwrap();
        assert_valid_pdf(&pdf);
        let text = joined(&pdf_text(&pdf));
        assert!(
            text.contains("Identifiants à remettre") && text.contains("À remettre par"),
            "{text}"
        );
        for (_, _, login, code) in PEOPLE {
            if text.contains(code) {
                assert!(text.contains(login));
                seen.push(login);
            }
        }
    }
    seen.sort();
    let mut all: Vec<&str> = PEOPLE.iter().map(|p| p.2).collect();
    all.sort();
    assert_eq!(seen, all, "each letter in exactly one file");
}
