//! One record to one account: every cell checked, every problem of the line reported together.

use super::children::{self, ChildEntry};
use super::date;
use super::error::{LineError, LineErrorKind, WarningKind};
use super::field::Field;
use super::header::Header;
use super::reader::RawRecord;
use super::values::{self, boolean, list, optional_text, text};
use super::{ImportedUser, Warning};
use crate::access::invisible::first_deceptive;
use crate::model::Profile;
use crate::timezone::SchoolTimeZone;

/// An account read from its line, its children not yet matched with the file's pupils.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub user: ImportedUser,
    pub children: Vec<ChildEntry>,
}

/// Reads `record`; on failure, every problem found on the line (a wrong field count alone, since
/// the cells would then be misaligned).
pub(crate) fn read(
    header: &Header,
    record: &RawRecord<'_>,
    zone: SchoolTimeZone,
    warnings: &mut Vec<Warning>,
) -> Result<Parsed, Vec<LineError>> {
    let line = record.line;
    let fields = record.fields.as_slice();
    let filled = fields
        .iter()
        .rposition(|f| !f.trim().is_empty())
        .map_or(0, |at| at + 1);
    if fields.len() < header.width || filled > header.width {
        let found = if filled > header.width {
            filled
        } else {
            fields.len()
        };
        return Err(vec![LineError::new(
            line,
            LineErrorKind::FieldCount {
                found,
                expected: header.width,
            },
        )]);
    }

    let mut errors = Vec::new();
    let mut fail = |kind| errors.push(LineError::new(line, kind));
    let cell = |column| header.get(fields, column);

    // Line breaks have their own rules per column (lists may use them); any other control
    // character is garbage wherever it is, and an override or a zero-width character would make
    // a name or a login display as another's.
    for column in Field::ALL {
        if let Some(c) = cell(column)
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\r'))
        {
            fail(LineErrorKind::ControlCharacter {
                column,
                code: u32::from(c),
            });
        }
        if let Some(c) = first_deceptive(cell(column)) {
            fail(LineErrorKind::InvisibleCharacter {
                column,
                code: u32::from(c),
            });
        }
    }

    let raw_type = cell(Field::Type).trim();
    let profile = if raw_type.is_empty() {
        fail(LineErrorKind::MissingValue { column: Field::Type });
        None
    } else {
        let found = values::profile(raw_type);
        if found.is_none() {
            fail(LineErrorKind::UnknownProfile {
                value: raw_type.to_owned(),
            });
        }
        found
    };

    let mut name = |column| {
        let value = text(cell(column));
        if value.is_empty() {
            fail(LineErrorKind::MissingValue { column });
        } else if value.contains('\n') {
            fail(LineErrorKind::LineBreak { column });
        }
        value
    };
    let last_name = name(Field::LastName);
    let first_name = name(Field::FirstName);

    let (login, _) = identity(header, record);
    let ent_login = Some(text(cell(Field::Login))).filter(|l| !l.is_empty() && *l != login);
    let login_column = if text(cell(Field::LoginAlias)).is_empty() {
        Field::Login
    } else {
        Field::LoginAlias
    };
    if login.is_empty() {
        fail(LineErrorKind::MissingLogin);
    } else if login.contains('\n') {
        fail(LineErrorKind::LineBreak { column: login_column });
    } else if login.contains(char::is_whitespace) {
        fail(LineErrorKind::SpaceInLogin { login: login.clone() });
    }

    let mut single_line = |column| {
        let value = optional_text(cell(column));
        if value.as_deref().is_some_and(|v| v.contains('\n')) {
            fail(LineErrorKind::LineBreak { column });
        }
        value
    };
    let id = single_line(Field::Id);
    let activation_code = single_line(Field::ActivationCode);
    let email = single_line(Field::Email);

    let raw_date = cell(Field::CreatedAt);
    let created_at = date::created_at(raw_date, zone).unwrap_or_else(|()| {
        fail(LineErrorKind::BadDate {
            value: raw_date.trim().to_owned(),
        });
        None
    });

    let mut flag = |column| {
        let raw = cell(column);
        boolean(raw).unwrap_or_else(|| {
            fail(LineErrorKind::BadBoolean {
                column,
                value: raw.trim().to_owned(),
            });
            false
        })
    };
    let blocked = flag(Field::Blocked);
    let local_admin = flag(Field::LocalAdmin);

    let classes = list(cell(Field::Classes));
    let mut children = children::entries(cell(Field::Children));

    let Some(profile) = profile.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };

    if let Some(address) = &email {
        if !looks_like_address(address) {
            warnings.push(Warning::at(
                line,
                WarningKind::DoubtfulEmail {
                    address: address.clone(),
                },
            ));
        }
    }
    if profile != Profile::Relative && !children.is_empty() {
        warnings.push(Warning::at(line, WarningKind::ChildrenIgnored { profile }));
        children.clear();
    }

    Ok(Parsed {
        user: ImportedUser {
            line,
            id,
            profile,
            last_name,
            first_name,
            login,
            ent_login,
            activation_code,
            email,
            created_at,
            blocked,
            local_admin,
            classes,
            children: Vec::new(),
        },
        children,
    })
}

/// The login (the alias when there is one) and Id of a line, for the file-wide uniqueness checks,
/// which also look at lines that have other problems.
pub(crate) fn identity(header: &Header, record: &RawRecord<'_>) -> (String, Option<String>) {
    let cell = |column| header.get(&record.fields, column);
    let alias = text(cell(Field::LoginAlias));
    let login = if alias.is_empty() {
        text(cell(Field::Login))
    } else {
        alias
    };
    (login, optional_text(cell(Field::Id)))
}

/// Whose line `record` is, to name it beside its number: « Prénom Nom » as the cells give them
/// (either alone when the other is empty), else the login, else nobody. A cell with a control
/// character or a line break is left out, since it would not read as a name.
pub(crate) fn person(header: &Header, record: &RawRecord<'_>) -> Option<String> {
    let readable = |column| {
        let value = text(header.get(&record.fields, column));
        let clean = !value.is_empty() && !value.chars().any(char::is_control);
        clean.then_some(value)
    };
    let name = [readable(Field::FirstName), readable(Field::LastName)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !name.is_empty() {
        return Some(name);
    }
    let (login, _) = identity(header, record);
    (!login.is_empty() && !login.chars().any(char::is_control)).then_some(login)
}

/// One `@` with something on both sides and no spaces: enough to catch a name typed in the wrong
/// column, without pretending to validate addresses (the mail server does that).
fn looks_like_address(address: &str) -> bool {
    match address.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.contains('@')
                && !address.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::import::COLUMNS;

    fn raw<'a>(line: usize, cells: &[&'a str]) -> RawRecord<'a> {
        RawRecord {
            line,
            end_line: line,
            fields: cells.iter().map(|&c| Cow::Borrowed(c)).collect(),
        }
    }

    /// The header of the ENT's export: every column, in its order.
    fn header() -> Header {
        Header::resolve(&raw(1, &COLUMNS.map(Field::label))).unwrap()
    }

    /// A line under [`header`]: every cell empty but those `given`.
    fn line<'a>(given: &[(Field, &'a str)]) -> Vec<&'a str> {
        let mut cells = vec![""; COLUMNS.len()];
        for &(field, text) in given {
            let at = COLUMNS.iter().position(|&c| c == field).unwrap();
            cells[at] = text;
        }
        cells
    }

    /// A pupil's line that imports without a problem, but for the cells `changed`: each test
    /// names only the cells it is about.
    fn pupil<'a>(changed: &[(Field, &'a str)]) -> Vec<&'a str> {
        let mut given = vec![
            (Field::Type, "Élève"),
            (Field::LastName, "Dupré"),
            (Field::FirstName, "Zoé"),
            (Field::Login, "zoe"),
        ];
        given.extend_from_slice(changed);
        line(&given)
    }

    fn parse(cells: &[&str]) -> (Result<Parsed, Vec<String>>, Vec<String>) {
        let mut warnings = Vec::new();
        let result = read(
            &header(),
            &raw(7, cells),
            SchoolTimeZone::EuropeParis,
            &mut warnings,
        )
        .map_err(|errors| errors.iter().map(ToString::to_string).collect());
        (result, warnings.iter().map(ToString::to_string).collect())
    }

    /// The problems of a line that must not import, as the administrator reads them.
    fn errors(cells: &[&str]) -> Vec<String> {
        parse(cells).0.unwrap_err()
    }

    #[test]
    fn a_full_relative_line() {
        let (parsed, warnings) = parse(&line(&[
            (Field::Id, " 42 "),
            (Field::Type, "Parent"),
            (Field::LastName, " Nguyễn "),
            (Field::FirstName, "Thảo"),
            (Field::Login, "thao.nguyen"),
            (Field::Email, " thao@example.fr "),
            (Field::CreatedAt, "01/09/2025"),
            (Field::Blocked, "non"),
            (Field::LocalAdmin, "OUI"),
            (Field::Children, "Minh Nguyễn (CM2 A)"),
        ]));
        let parsed = parsed.unwrap();
        assert!(warnings.is_empty());
        let user = parsed.user;
        assert_eq!(user.line, 7);
        assert_eq!(user.id.as_deref(), Some("42"));
        assert_eq!(user.profile, Profile::Relative);
        assert_eq!(
            (user.first_name.as_str(), user.last_name.as_str()),
            ("Thảo", "Nguyễn")
        );
        assert_eq!(user.login, "thao.nguyen");
        assert_eq!(user.activation_code, None);
        assert_eq!(user.email.as_deref(), Some("thao@example.fr"));
        assert_eq!(user.created_at.unwrap().to_rfc3339(), "2025-08-31T22:00:00+00:00");
        assert!(!user.blocked && user.local_admin);
        assert_eq!(parsed.children.len(), 1);
    }

    #[test]
    fn the_alias_wins_over_the_login() {
        let (parsed, _) = parse(&pupil(&[
            (Field::Login, "zdupre12"),
            (Field::LoginAlias, "zoe.dupre"),
            (Field::ActivationCode, "AB12CD"),
            (Field::Classes, "CM2 A"),
        ]));
        let user = parsed.unwrap().user;
        assert_eq!(user.login, "zoe.dupre");
        assert_eq!(
            user.ent_login.as_deref(),
            Some("zdupre12"),
            "the ENT's login is kept"
        );
        assert_eq!(user.activation_code.as_deref(), Some("AB12CD"));
        assert_eq!(user.classes, ["CM2 A"]);
        assert_eq!(user.id, None);
    }

    #[test]
    fn every_problem_of_a_line_is_reported() {
        let cells = pupil(&[
            (Field::Type, "Pupil"),
            (Field::LastName, ""),
            (Field::Login, ""),
            (Field::CreatedAt, "31/02/2025"),
            (Field::Blocked, "peut-être"),
        ]);
        assert_eq!(
            errors(&cells),
            [
                "ligne 7 : profil inconnu « Pupil » (attendu : Élève, Enseignant, Parent, Personnel ou Invité)",
                "ligne 7 : « Nom » manquant",
                "ligne 7 : identifiant manquant (ni « Login » ni « Alias de login »)",
                "ligne 7 : date de création illisible « 31/02/2025 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ, \
                 éventuellement suivie de HH:MM)",
                "ligne 7 : valeur illisible « peut-être » pour « Bloqué » (attendu oui ou non)",
            ]
        );
    }

    /// Found by fuzzing: a BEL or ESC typed into a name went into the directory.
    #[test]
    fn control_characters_are_refused_in_every_cell() {
        let cells = pupil(&[
            (Field::LastName, "Du\u{7}pré"),
            (Field::Login, "zoe\u{1b}[31m"),
            (Field::Classes, "CM2\tA"),
        ]);
        assert_eq!(
            errors(&cells),
            [
                "ligne 7 : caractère de contrôle invisible U+0007 dans « Nom » (retapez la cellule)",
                "ligne 7 : caractère de contrôle invisible U+001B dans « Login » (retapez la cellule)",
                "ligne 7 : caractère de contrôle invisible U+0009 dans « Classes » (retapez la cellule)",
            ]
        );
        // Line breaks keep their own rules: a list may be split over lines.
        let (parsed, _) = parse(&pupil(&[(Field::Classes, "CM2 A\r\nChorale")]));
        assert_eq!(parsed.unwrap().user.classes, ["CM2 A", "Chorale"]);
    }

    /// A right-to-left override makes `zoe\u{202E}nimda` display as `zoeadmin`; a zero-width
    /// space makes two logins that look the same.
    #[test]
    fn overrides_and_zero_width_characters_are_refused_in_names_and_logins() {
        let cells = pupil(&[
            (Field::LastName, "Du\u{202E}pré"),
            (Field::FirstName, "Z\u{200B}oé"),
            (Field::Login, "zoe\u{2066}x"),
            (Field::Classes, "CM2\u{FEFF}A"),
        ]);
        assert_eq!(
            errors(&cells),
            [
                "ligne 7 : caractère invisible U+202E dans « Nom » : le texte s’afficherait comme un \
                 autre (retapez la cellule)",
                "ligne 7 : caractère invisible U+200B dans « Prénom » : le texte s’afficherait comme \
                 un autre (retapez la cellule)",
                "ligne 7 : caractère invisible U+2066 dans « Login » : le texte s’afficherait comme un \
                 autre (retapez la cellule)",
                "ligne 7 : caractère invisible U+FEFF dans « Classes » : le texte s’afficherait comme \
                 un autre (retapez la cellule)",
            ]
        );
    }

    #[test]
    fn field_counts() {
        let short = parse(&["", "Élève", "Dupré"]).0.unwrap_err();
        assert_eq!(
            short,
            ["ligne 7 : 3 champs au lieu de 13 (vérifiez les séparateurs et les guillemets)"]
        );
        let mut long: Vec<&str> = vec!["", "Élève", "Dupré", "Zoé", "z", "", "", "", "", "", "", "", ""];
        long.extend(["", ""]);
        assert!(parse(&long).0.is_ok(), "empty trailing fields are tolerated");
        long.push("surprise");
        assert_eq!(
            parse(&long).0.unwrap_err(),
            ["ligne 7 : 16 champs au lieu de 13 (vérifiez les séparateurs et les guillemets)"]
        );
    }

    #[test]
    fn logins_and_names_stay_on_one_line() {
        let cells = pupil(&[(Field::LastName, "Du\npré"), (Field::Login, "zoe dupre")]);
        assert_eq!(
            errors(&cells),
            [
                "ligne 7 : retour à la ligne dans « Nom »",
                "ligne 7 : espace dans l’identifiant « zoe dupre »"
            ]
        );
    }

    #[test]
    fn warnings_for_children_of_non_relatives_and_odd_addresses() {
        let (parsed, warnings) = parse(&line(&[
            (Field::Type, "Enseignant"),
            (Field::LastName, "Martin"),
            (Field::FirstName, "Paul"),
            (Field::Login, "p.martin"),
            (Field::Email, "paul.martin"),
            (Field::Children, "Zoé Dupré"),
        ]));
        assert!(parsed.unwrap().children.is_empty());
        assert_eq!(
            warnings,
            [
                "ligne 7 : courriel « paul.martin » douteux : l’envoi par courriel risque d’échouer",
                "ligne 7 : « Enfants » ignoré pour un compte Enseignant (seul un parent a des enfants)",
            ]
        );
    }
}
