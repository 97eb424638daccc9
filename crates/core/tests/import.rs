//! The CSV import on real files (`tests/fixtures/`): the ENT's UTF-8 export, a Windows-1252
//! re-save, a file full of mistakes, the example of docs/operations.md; and a property test that any accounts
//! written as CSV (with quoting) read back unchanged.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use proptest::prelude::*;
use sesame_core::import::{parse_csv, FileError, ImportError, ImportedUser, SourceEncoding};
use sesame_core::{ChildRef, Profile, SchoolTimeZone};

const PARIS: SchoolTimeZone = SchoolTimeZone::EuropeParis;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn by_login<'a>(users: &'a [ImportedUser], login: &str) -> &'a ImportedUser {
    users
        .iter()
        .find(|u| u.login == login)
        .unwrap_or_else(|| panic!("no {login}"))
}

fn child(first: &str, last: &str, class: Option<&str>) -> ChildRef {
    ChildRef {
        first_name: first.into(),
        last_name: last.into(),
        class_name: class.map(Into::into),
    }
}

#[test]
fn the_ent_export_reads_completely() {
    let report = parse_csv(&fixture("ent-export.csv"), PARIS).unwrap();
    assert_eq!(report.encoding, SourceEncoding::Utf8Bom);
    assert_eq!(report.delimiter, ';');
    let users = &report.users;
    assert_eq!(users.len(), 16);
    for profile in Profile::ALL {
        assert!(users.iter().any(|u| u.profile == profile), "{profile}");
    }
    assert_eq!(
        report
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["ligne 1 : colonnes ignorées : « Date de naissance »"]
    );

    // Names in every script come through exactly, decomposed accents are composed (NFC).
    let names: Vec<(&str, &str)> = users
        .iter()
        .map(|u| (u.first_name.as_str(), u.last_name.as_str()))
        .collect();
    for expected in [
        ("Łukasz", "Nguyễn"),
        ("Алёна", "Иванова"),
        ("Νικόλαος", "Παπαδόπουλος"),
        ("ليلى", "حداد"),
        ("Noé", "Lefèvre"),
        ("Robert \"Bob\"", "O'Brien"),
        ("Thị Mai", "Nguyễn"),
        ("Ÿvette", "Œuvray"),
        ("Søren", "Bernard"),
        ("美咲", "田中"),
    ] {
        assert!(names.contains(&expected), "{expected:?} in {names:?}");
    }

    let zoe = by_login(users, "zoe.dupre");
    assert_eq!(zoe.line, 2);
    assert_eq!(zoe.id.as_deref(), Some("st-001"));
    assert_eq!(zoe.profile, Profile::Student);
    assert_eq!(zoe.activation_code.as_deref(), Some("AB12CD34"));
    assert_eq!(zoe.created_at, Some(utc("2025-08-31T22:00:00Z")));
    assert_eq!(zoe.classes, ["CM2 A"]);
    assert!(zoe.children.is_empty() && zoe.email.is_none() && !zoe.blocked && !zoe.local_admin);

    // Already activated: no code.
    assert_eq!(by_login(users, "lukasz.nguyen").activation_code, None);
    // A quoted field with a semicolon inside, and a time of day on the Paris clock (summer).
    let alena = by_login(users, "alena.ivanova");
    assert_eq!(alena.classes, ["CM1 B", "Chorale"]);
    assert_eq!(alena.created_at, Some(utc("2024-09-02T06:30:00Z")));
    assert_eq!(
        by_login(users, "nikolaos.papadopoulos").created_at,
        Some(utc("2024-09-02T06:15:30Z"))
    );
    // The alias is the login.
    let claire = by_login(users, "c.martin");
    assert_eq!(claire.profile, Profile::Teacher);
    assert!(claire.local_admin);
    assert_eq!(claire.classes, ["CM2 A", "CM1 B"]);
    assert_eq!(claire.email.as_deref(), Some("claire.martin@example.fr"));

    // A relative whose children cell spans two lines (a quoted line break).
    let marc = by_login(users, "papa.zoe");
    assert_eq!(marc.line, 11);
    assert_eq!(marc.profile, Profile::Relative);
    assert_eq!(
        marc.children,
        [
            child("Zoé", "Dupré", Some("CM2 A")),
            child("Hugo", "Dupré", Some("CP"))
        ]
    );
    assert_eq!(by_login(users, "sergei.ivanov").line, 13);
    // ENT-style "LAST First", matched with the pupil of the file.
    assert_eq!(
        by_login(users, "sergei.ivanov").children,
        [child("Алёна", "Иванова", Some("CM1 B"))]
    );
    let mai = by_login(users, "mai.nguyen");
    assert_eq!(mai.email.as_deref(), Some("mai.nguyen@example.vn"));
    assert_eq!(
        mai.children,
        [
            child("Łukasz", "Nguyễn", Some("6e B")),
            child("Minh", "NGUYỄN", None)
        ]
    );

    let soren = by_login(users, "soren.bernard");
    assert_eq!(soren.profile, Profile::Personnel);
    assert!(soren.blocked);
    assert_eq!(by_login(users, "misaki.tanaka").profile, Profile::Guest);
    assert_eq!(
        by_login(users, "jurgen.keller").created_at,
        Some(utc("2026-01-10T13:00:00Z"))
    );
    assert_eq!(users.last().unwrap().line, 18);
}

#[test]
fn a_windows_1252_file_reads_like_its_utf8_twin() {
    let bytes = fixture("ent-export-cp1252.csv");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must hold Windows-1252 bytes"
    );
    let report = parse_csv(&bytes, PARIS).unwrap();
    assert_eq!(report.encoding, SourceEncoding::Windows1252);
    let users = &report.users;
    assert_eq!(users.len(), 7);
    let names: Vec<String> = users
        .iter()
        .map(|u| format!("{} {}", u.first_name, u.last_name))
        .collect();
    assert_eq!(
        names,
        [
            "Zoé Dupré",
            "Noël Lefèvre",
            "Anaïs Cœur",
            "Françoise Bézier",
            "Jérôme Dupré",
            "Ÿvette Œuvray",
            "Gaëlle « Gigi » Façade"
        ]
    );
    assert_eq!(by_login(users, "anais.coeur").classes, ["CM2 A", "Chorale"]);
    assert_eq!(
        by_login(users, "jerome.dupre").children,
        [
            child("Zoé", "Dupré", Some("CM2 A")),
            child("Noël", "Lefèvre", Some("CE1"))
        ]
    );
    assert!(by_login(users, "yvette.oeuvray").blocked);

    let (utf8, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let twin = parse_csv(utf8.as_bytes(), PARIS).unwrap();
    assert_eq!(twin.encoding, SourceEncoding::Utf8);
    assert_eq!(twin.users, report.users);
}

#[test]
fn every_bad_line_is_reported_and_nothing_imported() {
    let err = parse_csv(&fixture("broken.csv"), PARIS).unwrap_err();
    let ImportError::Lines(lines) = &err else {
        panic!("expected line errors, got {err:?}");
    };
    let reported: Vec<String> = lines.iter().map(ToString::to_string).collect();
    assert_eq!(
        reported,
        [
            "ligne 3 (Léo Martin) : profil inconnu « Pupil » (attendu : Élève, Enseignant, Parent, Personnel ou Invité)",
            "ligne 4 (Jade Petit) : identifiant manquant (ni « Login » ni « Alias de login »)",
            "ligne 5 (Paul Leroy) : identifiant « Zoe.Dupre » en double (déjà ligne 2)",
            "ligne 6 (Emma Moreau) : Id « u1 » en double (déjà ligne 2)",
            "ligne 7 (Louis Durand) : date de création illisible « 31/02/2025 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ, \
             éventuellement suivie de HH:MM)",
            "ligne 8 (Anne Simon) : valeur illisible « peut-être » pour « Bloqué » (attendu oui ou non)",
            "ligne 9 : 4 champs au lieu de 12 (vérifiez les séparateurs et les guillemets)",
            "ligne 10 : encodage illisible : octet 0xC9 invalide en UTF-8, alors que le fichier est en UTF-8",
            "ligne 11 (Inès Fabre) : date de création illisible « 2025-13-01 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ, \
             éventuellement suivie de HH:MM)",
            "ligne 11 (Inès Fabre) : valeur illisible « peut-être » pour « Administrateur local » (attendu oui ou non)",
            "ligne 12 (Pablo) : retour à la ligne dans « Nom »",
            "ligne 14 : guillemet ouvert jamais refermé : le reste du fichier serait un seul champ",
        ]
    );
    assert_eq!(
        err.machine(),
        [
            "line 3: unknown-profile",
            "line 4: missing-login",
            "line 5: duplicate-login",
            "line 6: duplicate-id",
            "line 7: bad-date",
            "line 8: bad-boolean",
            "line 9: field-count",
            "line 10: bad-encoding",
            "line 11: bad-date",
            "line 11: bad-boolean",
            "line 12: line-break",
            "line 14: unclosed-quote",
        ]
    );
}

#[test]
fn the_documented_example_reads() {
    let report = parse_csv(&fixture("example.csv"), PARIS).unwrap();
    assert_eq!(report.encoding, SourceEncoding::Utf8);
    assert!(report.warnings.is_empty());
    let logins: Vec<&str> = report.users.iter().map(|u| u.login.as_str()).collect();
    assert_eq!(logins, ["zoe.dupre", "lukasz.nguyen", "c.martin", "marc.dupre"]);
    assert_eq!(report.users[3].children, [child("Zoé", "Dupré", Some("CM2 A"))]);
}

#[test]
fn line_endings_do_not_matter() {
    let crlf = fixture("example.csv")
        .iter()
        .flat_map(|&b| if b == b'\n' { vec![b'\r', b'\n'] } else { vec![b] })
        .collect::<Vec<u8>>();
    let lf = parse_csv(&fixture("example.csv"), PARIS).unwrap();
    assert_eq!(parse_csv(&crlf, PARIS).unwrap().users, lf.users);
}

#[test]
fn a_comma_separated_file_is_recognised_by_its_header() {
    let csv = "Type,Nom,Prénom,Login,Classes\nÉlève,Dupré,Zoé,zoe.dupre,\"CM2 A, Chorale\"\n";
    let report = parse_csv(csv.as_bytes(), PARIS).unwrap();
    assert_eq!(report.delimiter, ',');
    assert_eq!(report.users[0].classes, ["CM2 A", "Chorale"]);
}

#[test]
fn file_level_errors() {
    let file_error = |bytes: &[u8]| match parse_csv(bytes, PARIS) {
        Err(ImportError::File(e)) => e,
        other => panic!("expected a file error, got {other:?}"),
    };
    assert_eq!(file_error(b""), FileError::Empty);
    assert_eq!(file_error(b"\xEF\xBB\xBF\r\n;;\r\n"), FileError::Empty);
    assert_eq!(file_error(b"\xFF\xFEs\x00"), FileError::Utf16);
    assert_eq!(
        file_error("Type;Nom;Prénom;Login\n".as_bytes()),
        FileError::NoUsers
    );
    let missing = file_error("Type;Nom;Courriel\nÉlève;Dupré;z@example.fr\n".as_bytes());
    assert_eq!(
        missing.to_string(),
        "colonnes obligatoires absentes de l’en-tête (ligne 1) : « Prénom », « Login » \
         — la première ligne doit nommer les colonnes, séparées par des points-virgules"
    );
}

// ---- Property: write random accounts as CSV, read them back. ----

/// How a generated account is written, and what reading it must give.
#[derive(Debug, Clone)]
struct Case {
    user: ImportedUser,
    type_spelling: usize,
    bool_spelling: usize,
    list_separator: &'static str,
    created: Option<Created>,
}

/// A `Date de création` cell: the date, maybe a time, in French or ISO order.
#[derive(Debug, Clone, Copy)]
struct Created {
    date: NaiveDate,
    time: Option<(u32, u32, u32)>,
    french: bool,
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿŁłŒœŸА-яΑ-ωẠ-ỹ;,\"' -]{1,12}"
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("a name is not blank", |s| !s.is_empty())
}

fn child_ref() -> impl Strategy<Value = ChildRef> {
    (
        "[A-Z]?[a-zéèàç]{1,6}[0-9]",
        "[a-zéëœ]{1,8}( [a-zéëœ]{1,8})?",
        proptest::option::of("[A-Z0-9][A-Za-z0-9]{0,3}( [A-Z])?"),
    )
        .prop_map(|(first_name, last_name, class_name)| ChildRef {
            first_name,
            last_name,
            class_name,
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        (
            proptest::sample::select(Profile::ALL.to_vec()),
            name(),
            name(),
            "[a-z][a-z0-9._-]{0,10}",
            proptest::option::of("[a-z][a-z0-9._]{0,6}"),
            proptest::option::of("[A-Z0-9]{8}"),
            proptest::option::of("[a-z]{1,8}@[a-z]{1,8}\\.fr"),
            any::<bool>(),
        ),
        (
            any::<bool>(),
            any::<bool>(),
            proptest::collection::vec("[A-Za-z0-9éÉ]{1,3}( [A-Za-z0-9]{1,2})?", 0..4),
            proptest::collection::vec(child_ref(), 0..3),
            0..3usize,
            0..5usize,
            proptest::sample::select(vec![", ", ",", "\n", " ;"]),
            proptest::option::of((
                (2000i32..2030, 1u32..=12, 1u32..=28),
                proptest::option::of((0u32..24, 0u32..60, 0u32..60)),
                any::<bool>(),
            )),
        ),
    )
        .prop_map(
            |(
                (profile, last_name, first_name, login, alias, code, email, has_id),
                (
                    blocked,
                    local_admin,
                    classes,
                    children,
                    type_spelling,
                    bool_spelling,
                    list_separator,
                    created,
                ),
            )| {
                let mut classes_unique: Vec<String> = Vec::new();
                for c in classes {
                    if !classes_unique.contains(&c) {
                        classes_unique.push(c);
                    }
                }
                let mut children_unique: Vec<ChildRef> = Vec::new();
                if profile == Profile::Relative {
                    for c in children {
                        if !children_unique.contains(&c) {
                            children_unique.push(c);
                        }
                    }
                }
                let created = created.map(|((y, m, d), time, french)| Created {
                    date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                    time,
                    french,
                });
                Case {
                    user: ImportedUser {
                        line: 0,
                        id: has_id.then(String::new),
                        profile,
                        last_name,
                        first_name,
                        // The file is written with one login column: no alias to keep apart.
                        ent_login: None,
                        login: alias.unwrap_or(login),
                        activation_code: code,
                        email,
                        created_at: None,
                        blocked,
                        local_admin,
                        classes: classes_unique,
                        children: children_unique,
                    },
                    type_spelling,
                    bool_spelling,
                    list_separator,
                    created,
                }
            },
        )
}

/// A CSV cell: quoted when it must be (or when `force`), with `""` for quotes.
fn cell(value: &str, force: bool) -> String {
    let must = value.contains([';', '"', '\n', '\r']) || value.trim() != value;
    if must || force {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

const COLUMNS: [&str; 13] = [
    "Id",
    "Type",
    "Nom",
    "Prénom",
    "Login",
    "Code d'activation",
    "Courriel",
    "Date de création",
    "Bloqué",
    "Administrateur local",
    "Classes",
    "Enfants",
    "Remarque",
];

fn type_cell(profile: Profile, spelling: usize) -> String {
    match spelling {
        0 => profile.label_fr().to_owned(),
        1 => profile.as_str().to_owned(),
        _ => profile.label_fr().to_uppercase(),
    }
}

fn bool_cell(value: bool, spelling: usize) -> &'static str {
    const SPELLINGS: [(&str, &str); 5] = [
        ("oui", "non"),
        ("true", "false"),
        ("1", "0"),
        ("OUI", ""),
        ("Vrai", "Faux"),
    ];
    let (yes, no) = SPELLINGS[spelling];
    if value {
        yes
    } else {
        no
    }
}

fn created_cell(created: Option<Created>) -> String {
    let Some(Created { date, time, french }) = created else {
        return String::new();
    };
    let mut text = if french {
        date.format("%d/%m/%Y").to_string()
    } else {
        date.format("%Y-%m-%d").to_string()
    };
    if let Some((h, m, s)) = time {
        text.push_str(&format!(" {h:02}:{m:02}:{s:02}"));
    }
    text
}

fn child_cell(c: &ChildRef) -> String {
    match &c.class_name {
        Some(class) => format!("{} {} ({class})", c.first_name, c.last_name),
        None => format!("{} {}", c.first_name, c.last_name),
    }
}

/// Writes `cases` as a CSV file (columns in `order`) and returns it with the accounts reading it
/// must give.
fn write_csv(
    cases: &[Case],
    order: &[usize],
    zone: SchoolTimeZone,
    crlf: bool,
    bom: bool,
    quote_all: bool,
) -> (Vec<u8>, Vec<ImportedUser>) {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    if bom {
        out.push('\u{FEFF}');
    }
    let header: Vec<String> = order.iter().map(|&c| cell(COLUMNS[c], quote_all)).collect();
    out.push_str(&header.join(";"));
    out.push_str(eol);
    let mut line = 2;
    let mut expected = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let mut user = case.user.clone();
        user.line = line;
        user.login = format!("{}.{i}", user.login);
        user.id = user.id.map(|_| format!("id-{i}"));
        user.created_at = case.created.map(|Created { date, time, .. }| match time {
            None => zone.start_of_day(date),
            Some((h, m, s)) => {
                let SchoolTimeZone::Fixed { minutes_east } = zone else {
                    unreachable!("times are only generated for fixed zones")
                };
                let local = NaiveDateTime::new(date, chrono::NaiveTime::from_hms_opt(h, m, s).unwrap());
                local.and_utc() - chrono::Duration::minutes(i64::from(minutes_east))
            }
        });
        let cells: Vec<String> = order
            .iter()
            .map(|&c| match c {
                0 => user.id.clone().unwrap_or_default(),
                1 => type_cell(user.profile, case.type_spelling),
                2 => user.last_name.clone(),
                3 => user.first_name.clone(),
                4 => user.login.clone(),
                5 => user.activation_code.clone().unwrap_or_default(),
                6 => user.email.clone().unwrap_or_default(),
                7 => created_cell(case.created),
                8 => bool_cell(user.blocked, case.bool_spelling).to_owned(),
                9 => bool_cell(user.local_admin, case.bool_spelling).to_owned(),
                10 => user.classes.join(case.list_separator),
                11 => user
                    .children
                    .iter()
                    .map(child_cell)
                    .collect::<Vec<_>>()
                    .join(case.list_separator),
                _ => "ignoré".to_owned(),
            })
            .map(|v| cell(&v, quote_all))
            .collect();
        let record = cells.join(";");
        line += 1 + record.matches('\n').count();
        out.push_str(&record);
        out.push_str(eol);
        expected.push(user);
    }
    (out.into_bytes(), expected)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn written_accounts_read_back_unchanged(
        cases in proptest::collection::vec(case(), 1..25),
        order in Just((0..COLUMNS.len()).collect::<Vec<usize>>()).prop_shuffle(),
        minutes_east in proptest::option::of(-600i32..=720),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        quote_all in any::<bool>(),
    ) {
        let zone = match minutes_east {
            Some(minutes_east) => SchoolTimeZone::Fixed { minutes_east },
            None => SchoolTimeZone::EuropeParis,
        };
        let mut cases = cases;
        if zone == SchoolTimeZone::EuropeParis {
            // Wall-clock times around the summer-time switch are covered by unit tests.
            for case in &mut cases {
                if let Some(created) = &mut case.created {
                    created.time = None;
                }
            }
        }
        let (bytes, expected) = write_csv(&cases, &order, zone, crlf, bom, quote_all);
        let report = parse_csv(&bytes, zone).map_err(|e| {
            TestCaseError::fail(format!("{e}\n---\n{}", String::from_utf8_lossy(&bytes)))
        })?;
        prop_assert_eq!(report.users, expected);
    }
}
