//! The schools tests work on: the fixtures of `tests/fixtures/`, a generated school of any size,
//! and seeded databases — always through the binary's own `sesame import` and `sesame admin
//! add`, as an operator builds one.

use std::path::{Path, PathBuf};

use sesame_core::made_up::HEADER;

pub use crate::dist::{app_dist, fake_dist};
use crate::sesame::Sesame;

/// The password of the administrators the seeds create.
pub const PASSWORD: &str = "girafe lanterne et piano";

/// The UAI and name of the school the seeds create.
pub const UAI: &str = "0751234A";
pub const SCHOOL: &str = "École Jean-Jaurès";

/// The ENT's CSV export of `lines` (each ending with a line break, in the columns of core's
/// made-up [`HEADER`]): the header line, then the lines.
pub fn ent_csv(lines: &str) -> String {
    format!("{HEADER}\n{lines}")
}

/// A file of the workspace's `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    crate::workspace().join("tests/fixtures").join(name)
}

/// A database in `dir` holding the ENT export `csv` as school [`UAI`] ([`SCHOOL`]), with the
/// local administrator `direction` (password [`PASSWORD`]).
pub fn seed_csv(sesame: &Sesame, dir: &Path, csv: &Path) -> PathBuf {
    let db = dir.join("sesame.db");
    seed_into(sesame, &db, csv);
    db
}

/// [`seed_csv`] into the database at `db`: a SQLite file or a PostgreSQL URL (what the server's
/// `db::testing::test_db_location` gives).
pub fn seed_into(sesame: &Sesame, db: &Path, csv: &Path) {
    sesame.import(db, UAI, SCHOOL, csv);
    sesame.add_admin(db, "direction", "local", &[UAI], PASSWORD);
}

/// [`seed_csv`] of `tests/fixtures/example.csv`: four accounts (two pupils, a teacher, a parent).
pub fn seed_example(sesame: &Sesame, dir: &Path) -> PathBuf {
    seed_csv(sesame, dir, &fixture("example.csv"))
}

/// [`seed_csv`] of [`school_csv`]`(pupils)`.
pub fn seed_school(sesame: &Sesame, dir: &Path, pupils: usize) -> PathBuf {
    let csv = dir.join("school.csv");
    std::fs::write(&csv, school_csv(pupils)).unwrap();
    seed_csv(sesame, dir, &csv)
}

/// A generated school of `pupils` pupils in four classes (CM2 A, CM2 B, CM1 A, CE2 A), one relative
/// for every fifth pupil (with their child's class), four teachers and two guests, as the ENT
/// exports it (core's made-up [`HEADER`], no ids): every third pupil activated, pupils 7 and 13
/// blocked, relatives with an e-mail address. Logins are `eleve.NNN`, `parent.NNN`, `prof.N`,
/// `invite.N`.
pub fn school_csv(pupils: usize) -> String {
    const LAST: [&str; 12] = [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent",
    ];
    const FIRST: [&str; 10] = [
        "Zoé", "Hugo", "Léa", "Louis", "Chloé", "Gabriel", "Inès", "Jules", "Jade", "Adam",
    ];
    const CLASSES: [&str; 4] = ["CM2 A", "CM2 B", "CM1 A", "CE2 A"];
    let mut csv = ent_csv("");
    let name = |i: usize| (LAST[i % LAST.len()], FIRST[(i / LAST.len()) % FIRST.len()]);
    for i in 0..pupils {
        let (last, first) = name(i);
        let code = if i % 3 == 0 {
            String::new()
        } else {
            format!("EL{i:03}X{:02}", i % 97)
        };
        let blocked = if i == 7 || i == 13 { "oui" } else { "non" };
        let class = CLASSES[i % CLASSES.len()];
        csv.push_str(&format!(
            ";Élève;{last};{first};eleve.{i:03};{code};{class};;01/09/2025;{blocked};non;\n"
        ));
    }
    for i in (0..pupils).step_by(5) {
        let (last, first) = name(i);
        let class = CLASSES[i % CLASSES.len()];
        csv.push_str(&format!(
            ";Parent;{last};Parent{i:03};parent.{i:03};PA{i:03}RE;;parent.{i:03}@example.fr;01/09/2025;non;non;{first} {last} ({class})\n"
        ));
    }
    for (i, class) in CLASSES.iter().enumerate() {
        csv.push_str(&format!(
            ";Enseignant;Prof{i};Anne;prof.{i};PR{i}OF;{class};prof.{i}@example.fr;15/08/2024;non;non;\n"
        ));
    }
    for i in 0..2 {
        csv.push_str(&format!(
            ";Invité;Visiteur{i};Paul;invite.{i};IN{i}VI;;;01/10/2025;non;non;\n"
        ));
    }
    csv
}

/// A complete letter-settings body (`PUT …/letter-settings` accepts it as is) with `changes`
/// applied over it: a test names only the fields it is about.
pub fn letter_settings(changes: serde_json::Value) -> serde_json::Value {
    let mut body = serde_json::json!({"entName": "ONE", "loginUrl": "https://ent.exemple.fr",
        "activationUrl": "https://ent.exemple.fr/activer", "helpText": "Secrétariat", "senderAddress": "",
        "externalSignIn": ["Teacher", "Relative"], "labelOffsetXMm": 0.0, "labelOffsetYMm": 0.0,
        "teachersMayDistribute": false, "teachersMayMail": false});
    for (key, value) in changes.as_object().expect("changes are a JSON object") {
        body[key] = value.clone();
    }
    body
}
