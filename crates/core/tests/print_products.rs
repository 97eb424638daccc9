//! « Un PDF par classe » and « Exporter en CSV », read back: the ZIP opened with the
//! zip crate (every class's file present, each PDF valid for `qpdf --check`, each letter in
//! exactly one file), and the CSV opened with the import parser itself.

#[path = "pdf_support.rs"]
mod support;

use std::collections::BTreeMap;
use std::io::Read;
use std::process::Command;

use sesame_core::distribution::codes_csv::codes_csv;
use sesame_core::import::parse_csv;
use sesame_core::pdf::{zip_order, ClassZipBuilder, PdfOptions};
use sesame_core::{Layout, Profile, SchoolTimeZone, User};
use support::*;

/// 70 pupils in 3 classes, interleaved as a sort by name leaves them, and a relative.
fn school() -> Vec<(User, String)> {
    let classes = ["CM2 A", "CE1", "CP"];
    let mut users: Vec<(User, String)> = (0..70)
        .map(|i| {
            let class = classes[i % 3];
            let code = (i % 5 != 0).then(|| format!("C{i:05}"));
            let mut u = user(
                &format!("p{i}"),
                Profile::Student,
                "Zoé",
                &format!("Dupré{i:02}"),
                Some(class),
                code.as_deref(),
            );
            u.login = format!("zoe.dupre{i}");
            (u, class.to_owned())
        })
        .collect();
    users.extend(
        tricky_users()
            .into_iter()
            .filter(|(u, _)| u.profile == Profile::Relative),
    );
    users
}

fn qpdf_check(bytes: &[u8], name: &str) {
    let path = std::env::temp_dir().join(format!("sesame-zip-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("qpdf")
        .args(["--check", path.to_str().unwrap()])
        .output()
        .expect("qpdf is needed (`cargo xtask setup` installs it)");
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let _ = std::fs::remove_file(path);
}

#[test]
fn the_zip_has_one_valid_pdf_per_class_and_each_letter_in_exactly_one() {
    let users = school();
    let labels: Vec<&str> = users.iter().map(|(_, g)| g.as_str()).collect();
    let order = zip_order(&labels);
    let options = PdfOptions {
        cover_date: chrono::NaiveDate::from_ymd_opt(2026, 9, 3),
        ..PdfOptions::with_layout(Layout::L7160)
    };
    let mut builder = ClassZipBuilder::new(&structure(), &fonts(), options);
    for chunk in order.chunks(16) {
        builder
            .add_users(chunk.iter().map(|&i| (&users[i].0, users[i].1.as_str())))
            .unwrap();
    }
    let zip = builder.finish().unwrap();
    assert_eq!(zip.letters, users.len());

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.bytes.clone())).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let school = "identifiants-ecole-elementaire-jules-ferry";
    let mut expected = vec![
        format!("{school}-cm2-a.pdf"),
        format!("{school}-ce1.pdf"),
        format!("{school}-cp.pdf"),
        format!("{school}-parent.pdf"),
    ];
    let mut sorted = names.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    assert_eq!(
        names,
        zip.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>()
    );

    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        qpdf_check(&bytes, &name);
        let pages = lopdf_text(&bytes);
        let group = &zip.files[i].group;
        assert!(
            pages[0].contains("Identifiants à remettre") && pages[0].contains(group.as_str()),
            "{name}: {}",
            pages[0]
        );
        assert!(pages[0].contains("3 septembre 2026") && pages[0].contains("À remettre par"));
        assert!(
            pages[1].contains(&format!("Remise des identifiants — {group}")),
            "{name}: {}",
            pages[1]
        );
        let text = pages.join("\n");
        for (u, _) in &users {
            if text.contains(&format!("{}\n", u.login)) || text.lines().any(|l| l.trim() == u.login) {
                found.entry(u.id.clone()).or_default().push(name.clone());
            }
        }
    }
    for (u, label) in &users {
        let files = found
            .get(&u.id)
            .unwrap_or_else(|| panic!("{} is in no file", u.id));
        // The login is on the label and on the sign-off sheet, both in its class's file.
        let mut distinct = files.clone();
        distinct.dedup();
        assert_eq!(distinct.len(), 1, "{} is in {files:?}", u.id);
        let slug = label.to_lowercase().replace(' ', "-");
        assert!(
            distinct[0].ends_with(&format!("-{slug}.pdf")),
            "{} of {label} in {}",
            u.id,
            distinct[0]
        );
    }
}

#[test]
fn the_csv_export_reads_back_through_the_import_parser() {
    let mut users: Vec<User> = school().into_iter().map(|(u, _)| u).collect();
    users.extend(
        tricky_users()
            .into_iter()
            .map(|(u, _)| u)
            .filter(|u| u.profile != Profile::Relative),
    );
    // A name a spreadsheet would run, and one with the separator.
    let mut evil = user(
        "e1",
        Profile::Guest,
        "=HYPERLINK(\"http://evil\")",
        "@Dupont; fils",
        None,
        Some("-AB12"),
    );
    evil.login = "+evil".into();
    users.push(evil);
    // A formula behind a comma: a spreadsheet splitting on commas starts a cell there.
    users.push(user("e2", Profile::Guest, "Zoé", "x,=1+1", None, Some("AB,-12")));
    let bytes = codes_csv(&users);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(
        text.starts_with("Type;Nom;Prénom;Login;Alias de login;Code d'activation\r\n"),
        "{text}"
    );
    // Read as a spreadsheet would, splitting on `;` or on `,`: no cell starts a formula.
    for separator in [';', ','] {
        for line in text.lines().skip(1) {
            for cell in spreadsheet_cells(line, separator) {
                assert!(
                    !cell.trim_start().starts_with(['=', '+', '-', '@']),
                    "a formula cell {cell:?} when split on {separator:?}: {line}"
                );
            }
        }
    }

    let report = parse_csv(&bytes, SchoolTimeZone::EuropeParis).expect("the import reads the export");
    assert_eq!(report.users.len(), users.len());
    for (read, u) in report.users.iter().zip(&users) {
        if u.id == "e1" {
            assert_eq!(read.first_name, "'=HYPERLINK(\"http://evil\")");
            assert_eq!(read.last_name, "'@Dupont; fils");
            assert_eq!(read.login, "'+evil");
            assert_eq!(read.activation_code.as_deref(), Some("'-AB12"));
            continue;
        }
        if u.id == "e2" {
            assert_eq!(read.last_name, "x,'=1+1");
            assert_eq!(read.activation_code.as_deref(), Some("AB,'-12"));
            continue;
        }
        assert_eq!(
            (
                read.profile,
                read.last_name.as_str(),
                read.first_name.as_str(),
                read.login.as_str()
            ),
            (
                u.profile,
                u.last_name.as_str(),
                u.first_name.as_str(),
                u.login.as_str()
            )
        );
        assert_eq!(read.activation_code, u.activation_code, "{}", u.login);
    }
}

/// The cells of one line as a spreadsheet splitting on `separator` reads them (RFC 4180: a quote
/// opens a quoted field only at the field's start, `""` inside is one quote).
fn spreadsheet_cells(line: &str, separator: char) -> Vec<String> {
    let mut cells = vec![String::new()];
    let (mut quoted, mut at_start) = (false, true);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let cell = cells.last_mut().unwrap();
        match c {
            '"' if at_start => quoted = true,
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            c if c == separator && !quoted => {
                cells.push(String::new());
                at_start = true;
                continue;
            }
            c => cell.push(c),
        }
        at_start = false;
    }
    cells
}
