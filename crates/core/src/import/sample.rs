//! A small example of the ENT's export, offered before any file is chosen (the import page and
//! local mode build it in the browser and save it): every column Sésame reads, in the order the
//! ENT writes them, and one line per profile that imports without a warning — a file to compare
//! one's own export with, or to fill in by hand for a school whose ENT exports nothing usable.

use super::Field;

/// The name the example is saved under.
pub const SAMPLE_FILE_NAME: &str = "exemple-export-ent.csv";

/// Every column, in the order the ENT's export has them (and the import page lists them).
pub const COLUMNS: [Field; 13] = [
    Field::Id,
    Field::Type,
    Field::LastName,
    Field::FirstName,
    Field::Login,
    Field::LoginAlias,
    Field::ActivationCode,
    Field::Email,
    Field::CreatedAt,
    Field::Blocked,
    Field::LocalAdmin,
    Field::Classes,
    Field::Children,
];

/// Whether a column must be in the header (its absence refuses the file).
pub fn is_required(field: Field) -> bool {
    Field::REQUIRED.contains(&field)
}

/// The example file: UTF-8 with a byte order mark, so that a spreadsheet opens its accents
/// right; `;` separated, as the ENT exports.
pub fn sample_csv() -> String {
    let header: Vec<&str> = COLUMNS.iter().map(|f| f.label()).collect();
    let lines = [
        "e1;Élève;Dupré;Zoé;zoe.dupre;;AB12CD34;;01/09/2025;non;non;CM2 A;",
        "p1;Parent;Dupré;Marc;marc.dupre;;K9P2X7QL;marc.dupre@example.fr;01/09/2025;non;non;;Zoé Dupré (CM2 A)",
        "t1;Enseignant;Martin;Claire;claire.martin;c.martin;;claire.martin@example.fr;15/08/2023;non;non;\"CM2 A, 6e B\";",
        "s1;Personnel;Leroy;Anne;anne.leroy;;QW34ER56;;15/08/2023;non;oui;;",
        "g1;Invité;Fabre;Inès;ines.fabre;;ZX78CV90;;01/10/2025;oui;non;;",
    ];
    let mut csv = String::from('\u{FEFF}');
    csv.push_str(&header.join(";"));
    for line in lines {
        csv.push('\n');
        csv.push_str(line);
    }
    csv.push('\n');
    csv
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{parse_csv, SourceEncoding};
    use crate::model::Profile;
    use crate::SchoolTimeZone;

    #[test]
    fn the_example_names_every_column_and_imports_without_a_warning() {
        let csv = sample_csv();
        let first = csv.trim_start_matches('\u{FEFF}').lines().next().unwrap();
        let named: Vec<Option<Field>> = first.split(';').map(Field::from_header).collect();
        assert_eq!(named, COLUMNS.map(Some));
        for field in Field::ALL {
            assert_eq!(COLUMNS.iter().filter(|&&f| f == field).count(), 1, "{field}");
        }
        let report = parse_csv(csv.as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
        assert_eq!(report.encoding, SourceEncoding::Utf8Bom);
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        let profiles: Vec<Profile> = report.users.iter().map(|u| u.profile).collect();
        assert_eq!(
            profiles,
            [
                Profile::Student,
                Profile::Relative,
                Profile::Teacher,
                Profile::Personnel,
                Profile::Guest
            ]
        );
        // The parent's child is found, the alias is the login, flags read.
        assert_eq!(report.users[1].children[0].class_name.as_deref(), Some("CM2 A"));
        assert_eq!(report.users[2].login, "c.martin");
        assert!(report.users[3].local_admin && report.users[4].blocked);
        assert!(is_required(Field::Login) && !is_required(Field::Email));
    }
}
