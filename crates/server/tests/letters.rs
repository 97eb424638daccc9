//! `sesame letters` end to end: a directory file with names in many scripts, the PDF checked
//! with the real tools — `qpdf --check` finds it valid, `pdftotext` gives every name, login and
//! code back exactly, `pdfinfo` counts the pages each layout should make.

use std::path::Path;

use serde_json::json;
use sesame_testkit::tools::{page_count as pages, tool};
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

fn directory_file(dir: &Path) -> std::path::PathBuf {
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

/// The text with wrapped lines joined: a long name may wrap (after a hyphen or a space) to stay
/// inside its card, and must still read whole.
fn joined(text: &str) -> String {
    text.replace("-\n", "-").replace('\n', " ")
}

#[test]
fn every_layout_is_valid_and_gives_every_name_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let input = directory_file(dir.path());
    for (layout, expected_pages) in [("1", 10), ("2", 5), ("8", 2)] {
        let pdf = dir.path().join(format!("letters-{layout}.pdf"));
        let (ok, stdout, stderr) = run(&[
            "letters",
            "--input",
            input.to_str().unwrap(),
            "--layout",
            layout,
            "-o",
            pdf.to_str().unwrap(),
        ]);
        assert!(ok, "layout {layout}: {stderr}");
        assert!(stdout.contains("10 letters"), "{stdout}");
        assert!(
            tool("qpdf", &["--check", pdf.to_str().unwrap()]).contains("No syntax or stream encoding errors")
        );
        assert_eq!(pages(&pdf), expected_pages, "layout {layout}");
        let text = joined(&tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]));
        for (first, last, login, code) in PEOPLE {
            for expected in [first, last, login, code] {
                assert!(
                    text.contains(expected),
                    "layout {layout}: {expected:?} missing from:\n{text}"
                );
            }
        }
    }
}

#[test]
fn selection_sort_and_sign_off_sheets_follow_the_query() {
    let dir = tempfile::tempdir().unwrap();
    let input = directory_file(dir.path());
    let pdf = dir.path().join("students.pdf");
    let (ok, stdout, stderr) = run(&[
        "letters",
        "--input",
        input.to_str().unwrap(),
        "--select",
        "profile=Student&class=c0",
        "--sort",
        "class",
        "--layout",
        "8",
        "--sign-off-sheets",
        "--qr",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("4 letters"), "{stdout}");
    // One sign-off sheet for CM2 A, then one page of cards.
    assert_eq!(pages(&pdf), 2);
    let text = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("CM2 A"), "{text}");
    // Class c0 holds the even rows: Nguyễn, Țurcanu, Смирнова, Dupré — not Yılmaz (CM1 B).
    assert!(text.contains("Смирнова") && !text.contains("Yılmaz"), "{text}");
}

#[test]
fn bad_queries_and_missing_characters_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let input = directory_file(dir.path());
    let pdf = dir.path().join("x.pdf");
    let (ok, _, stderr) = run(&[
        "letters",
        "--input",
        input.to_str().unwrap(),
        "--select",
        "profil=Student",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(stderr.contains("« profil »"), "{stderr}");

    // A name in a script DejaVu lacks (Devanagari): refused, naming the character and account.
    let mut body: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&input).unwrap()).unwrap();
    body["users"][0]["firstName"] = json!("अनीता");
    std::fs::write(&input, body.to_string()).unwrap();
    let (ok, _, stderr) = run(&[
        "letters",
        "--input",
        input.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(stderr.contains("U+0905") && stderr.contains("u0"), "{stderr}");
    assert!(!pdf.exists(), "nothing written");
    let (ok, _, stderr) = run(&[
        "letters",
        "--input",
        input.to_str().unwrap(),
        "--print-missing",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(ok && pdf.exists(), "{stderr}");
    assert!(stderr.contains("warning"), "{stderr}");
}
