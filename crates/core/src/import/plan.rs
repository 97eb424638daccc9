//! What an import will change, decided before anything is written: which line creates an
//! account and which updates one (and which of its fields change), which lines change nothing,
//! which accounts of the school the file does not mention, and which classes it creates.
//!
//! The server's dry run shows this plan, and the import writes exactly it — one decision for the
//! preview and for the write, so what the administrator saw is what happens.
//!
//! A line is matched with an existing account by its `Id` when the school has it, else by its
//! login as spelled, else by its login ignoring case and width ([`login_key`]); a later line of
//! the same file can match an account an earlier line creates. Accounts absent from the file are
//! kept (a partial export — one class, one profile — must not erase the rest of the school): the
//! plan only lists them.

use std::collections::{BTreeSet, HashMap};

use unicode_normalization::UnicodeNormalization;

use super::{Field, ImportedUser};
use crate::model::User;
use crate::wire::{ImportMessage, ImportSummary, ImportedAccount};

/// The form of a login used to compare it: trimmed, NFKC, lower case (« Chef.Central » and
/// « chef.central » are one account, whichever spelling a file uses).
pub fn login_key(login: &str) -> String {
    login.trim().nfkc().collect::<String>().to_lowercase()
}

/// Which account a line of the file becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An account the school already has (its id).
    Existing(String),
    /// A new account.
    New,
    /// The account an earlier line of the file creates (its index in the file's accounts).
    SameAs(usize),
}

/// An account a line updates, and what changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// Index of the line's account in the file's accounts.
    pub index: usize,
    /// The existing account's id.
    pub id: String,
    /// The fields whose value changes, in the file's column order. Never their values: an
    /// activation code changes without the preview showing it.
    pub fields: Vec<Field>,
}

/// What an import will do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// For each of the file's accounts, in file order, which account it becomes.
    pub targets: Vec<Target>,
    /// The file's accounts that create one (indices).
    pub created: Vec<usize>,
    /// The file's accounts that change an existing one.
    pub updated: Vec<Update>,
    /// The file's accounts identical to an existing one (indices).
    pub unchanged: Vec<usize>,
    /// Lines that name again an account an earlier line creates (indices): the later line is
    /// the one kept.
    pub repeated: Vec<usize>,
    /// Ids of the school's accounts the file does not mention (kept as they are).
    pub absent: Vec<String>,
    /// Class names the school does not have yet, in file order.
    pub classes_created: Vec<String>,
}

/// The plan of importing `file` (parsed by [`super::parse_csv`]) into a school whose accounts
/// are `existing`.
pub fn plan(existing: &[User], file: &[ImportedUser]) -> Plan {
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut exact: HashMap<&str, usize> = HashMap::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, user) in existing.iter().enumerate() {
        by_id.insert(&user.id, i);
        exact.insert(&user.login, i);
        by_key.insert(login_key(&user.login), i);
    }
    let known_classes: BTreeSet<&str> = existing
        .iter()
        .flat_map(|u| u.classes.iter().map(|c| c.name.as_str()))
        .collect();

    let mut plan = Plan::default();
    // Logins (as spelled, and their keys) of the accounts this file creates.
    let mut new_exact: HashMap<&str, usize> = HashMap::new();
    let mut new_key: HashMap<String, usize> = HashMap::new();
    let mut mentioned = vec![false; existing.len()];
    let mut new_classes: BTreeSet<&str> = BTreeSet::new();
    for (index, line) in file.iter().enumerate() {
        let key = login_key(&line.login);
        let found = line
            .id
            .as_deref()
            .and_then(|id| by_id.get(id))
            .or_else(|| exact.get(line.login.as_str()))
            .or_else(|| by_key.get(&key))
            .copied();
        let target = match found {
            Some(i) => {
                mentioned[i] = true;
                let fields = changed_fields(&existing[i], line);
                if fields.is_empty() {
                    plan.unchanged.push(index);
                } else {
                    plan.updated.push(Update {
                        index,
                        id: existing[i].id.clone(),
                        fields,
                    });
                }
                Target::Existing(existing[i].id.clone())
            }
            None => match new_exact.get(line.login.as_str()).or_else(|| new_key.get(&key)) {
                Some(&earlier) => {
                    plan.repeated.push(index);
                    Target::SameAs(earlier)
                }
                None => {
                    new_exact.insert(&line.login, index);
                    new_key.insert(key, index);
                    plan.created.push(index);
                    Target::New
                }
            },
        };
        plan.targets.push(target);
        for class in &line.classes {
            if !known_classes.contains(class.as_str()) && new_classes.insert(class) {
                plan.classes_created.push(class.clone());
            }
        }
    }
    plan.absent = existing
        .iter()
        .zip(&mentioned)
        .filter(|(_, &seen)| !seen)
        .map(|(u, _)| u.id.clone())
        .collect();
    plan
}

/// The preview of an import of `file` into a school whose accounts are `existing`, as `plan`
/// decided: names and logins, never a code. `warnings` are the parser's.
pub fn summary(
    existing: &[User],
    file: &[ImportedUser],
    plan: &Plan,
    warnings: &[super::Warning],
) -> ImportSummary {
    let account = |index: usize, fields: &[Field]| {
        let line = &file[index];
        ImportedAccount {
            line: Some(line.line),
            login: line.login.clone(),
            name: crate::letter::full_name(&line.first_name, &line.last_name),
            fields: fields.iter().map(|f| f.label().to_owned()).collect(),
        }
    };
    let absent_ids: std::collections::HashSet<&str> = plan.absent.iter().map(String::as_str).collect();
    let created: Vec<_> = plan.created.iter().map(|&i| account(i, &[])).collect();
    let updated: Vec<_> = plan.updated.iter().map(|u| account(u.index, &u.fields)).collect();
    let absent: Vec<_> = existing
        .iter()
        .filter(|u| absent_ids.contains(u.id.as_str()))
        .map(|u| ImportedAccount {
            line: None,
            login: u.login.clone(),
            name: crate::letter::full_name(&u.first_name, &u.last_name),
            fields: Vec::new(),
        })
        .collect();
    ImportSummary {
        dry_run: true,
        import_id: None,
        created: created.len(),
        updated: updated.len(),
        unchanged: plan.unchanged.len(),
        absent: absent.len(),
        classes_created: plan.classes_created.len(),
        created_accounts: created,
        updated_accounts: updated,
        absent_accounts: absent,
        new_classes: plan.classes_created.clone(),
        warnings: warnings
            .iter()
            .map(|w| ImportMessage {
                line: w.line,
                message: w.message.clone(),
            })
            .collect(),
        errors: Vec::new(),
    }
}

/// The preview of a file that cannot be imported: its bad lines (or what is wrong with the
/// whole file), each with its reason.
pub fn refused(error: &super::ImportError) -> ImportSummary {
    let errors = match error {
        super::ImportError::File(e) => vec![ImportMessage {
            line: None,
            message: e.to_string(),
        }],
        super::ImportError::Lines(lines) => lines
            .iter()
            .map(|l| ImportMessage {
                line: Some(l.line),
                message: l.reason.clone(),
            })
            .collect(),
    };
    ImportSummary {
        dry_run: true,
        errors,
        ..ImportSummary::default()
    }
}

/// The fields of `line` that would change `user`, in the order the ENT's export has them. A creation date
/// the file leaves empty changes nothing (the account keeps its own).
fn changed_fields(user: &User, line: &ImportedUser) -> Vec<Field> {
    let classes: Vec<&str> = user.classes.iter().map(|c| c.name.as_str()).collect();
    let line_classes: Vec<&str> = line.classes.iter().map(String::as_str).collect();
    let same_classes = {
        let (mut a, mut b) = (classes.clone(), line_classes.clone());
        a.sort_unstable();
        b.sort_unstable();
        a == b
    };
    [
        (Field::Type, user.profile != line.profile),
        (Field::LastName, user.last_name != line.last_name),
        (Field::FirstName, user.first_name != line.first_name),
        (Field::Login, user.login != line.login),
        (
            Field::ActivationCode,
            user.activation_code != line.activation_code,
        ),
        (Field::Classes, !same_classes),
        (Field::Email, user.email != line.email),
        (
            Field::CreatedAt,
            line.created_at.is_some_and(|at| at != user.created_at),
        ),
        (Field::Blocked, user.blocked != line.blocked),
        (Field::LocalAdmin, user.local_admin != line.local_admin),
        (Field::Children, user.children != line.children),
    ]
    .into_iter()
    .filter(|(_, changed)| *changed)
    .map(|(field, _)| field)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse_csv;
    use crate::model::{ClassRef, Profile};
    use crate::SchoolTimeZone;

    fn existing() -> Vec<User> {
        // 1 September 2025, 00:00 in Paris: what « 01/09/2025 » in the file reads as.
        let at = chrono::DateTime::parse_from_rfc3339("2025-08-31T22:00:00Z")
            .unwrap()
            .to_utc();
        let mut zoe = User::new("u1", Profile::Student, "Zoé", "Dupré", "zoe.dupre", at);
        zoe.activation_code = Some("AB12CD34".into());
        zoe.classes = vec![ClassRef {
            id: "c1".into(),
            name: "CM2 A".into(),
        }];
        let mut hugo = User::new("u2", Profile::Student, "Hugo", "Martin", "Hugo.Martin", at);
        hugo.classes = zoe.classes.clone();
        let anne = User::new("u3", Profile::Teacher, "Anne", "Leroy", "anne.leroy", at);
        vec![zoe, hugo, anne]
    }

    fn file(csv: &str) -> Vec<ImportedUser> {
        parse_csv(csv.as_bytes(), SchoolTimeZone::EuropeParis)
            .unwrap()
            .users
    }

    #[test]
    fn lines_create_update_or_change_nothing_and_absent_accounts_are_listed() {
        let mut lines = file(
            "Type;Nom;Prénom;Login;Code d'activation;Courriel;Date de création;Classes\n\
             Élève;Dupré;Zoé;zoe.dupre;AB12CD34;;01/09/2025;CM2 A\n\
             Élève;Martin;Hugo;hugo.martin;;hugo@famille.fr;;CM2 A\n\
             Élève;Neuf;Nina;nina.neuf;NN11NN11;;;CE1\n",
        );
        // The parser refuses a login twice in a file; a plan stays right without it.
        let mut again = lines[2].clone();
        again.login = "NINA.NEUF".into();
        lines.push(again);
        let plan = plan(&existing(), &lines);
        // Zoé: the same. Hugo: found by his login in another case; his e-mail changes.
        assert_eq!(plan.unchanged, [0]);
        assert_eq!(plan.updated[0].id, "u2");
        assert_eq!(plan.updated[0].fields, [Field::Login, Field::Email]);
        // Nina is new; her second line is her again, in another case.
        assert_eq!(plan.created, [2]);
        assert_eq!(
            (plan.targets[3].clone(), plan.repeated.clone()),
            (Target::SameAs(2), vec![3])
        );
        assert_eq!(plan.absent, ["u3"]);
        assert_eq!(plan.classes_created, ["CE1"]);
    }

    #[test]
    fn the_summary_names_accounts_and_changed_columns_never_codes() {
        let csv = "Type;Nom;Prénom;Login;Code d'activation;Courriel;Date de création;Classes;Inconnue\n\
                   Élève;Dupré;Zoé;zoe.dupre;ZZ99ZZ99;;01/09/2025;CM2 A;x\n\
                   Élève;Neuf;Nina;nina.neuf;NN11NN11;;;CE1;x\n";
        let report = parse_csv(csv.as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
        let plan = plan(&existing(), &report.users);
        let summary = summary(&existing(), &report.users, &plan, &report.warnings);
        assert_eq!(summary.updated_accounts[0].fields, ["Code d’activation"]);
        assert_eq!(
            (
                summary.updated_accounts[0].line,
                summary.updated_accounts[0].name.as_str()
            ),
            (Some(2), "Zoé Dupré")
        );
        assert_eq!(summary.created_accounts[0].login, "nina.neuf");
        assert_eq!(
            summary
                .absent_accounts
                .iter()
                .map(|a| a.login.as_str())
                .collect::<Vec<_>>(),
            ["Hugo.Martin", "anne.leroy"]
        );
        assert_eq!(
            (summary.classes_created, summary.new_classes.as_slice()),
            (1, ["CE1".to_owned()].as_slice())
        );
        assert!(
            summary.warnings[0].message.contains("Inconnue"),
            "{:?}",
            summary.warnings
        );
        let json = serde_json::to_string(&summary).unwrap();
        assert!(!json.contains("ZZ99ZZ99") && !json.contains("NN11NN11"), "{json}");
        let broken = parse_csv(
            b"Type;Nom;Prenom;Login\nPupil;A;B;c\n",
            SchoolTimeZone::EuropeParis,
        )
        .unwrap_err();
        let refused = refused(&broken);
        assert_eq!(refused.errors[0].line, Some(2));
    }

    #[test]
    fn a_line_is_matched_by_id_first_and_a_code_change_is_named_not_shown() {
        let lines =
            file("Id;Type;Nom;Prénom;Login;Code d'activation\nu3;Enseignant;Leroy;Anne;a.leroy;NEWCODE1\n");
        let plan = plan(&existing(), &lines);
        assert_eq!(plan.targets, [Target::Existing("u3".into())]);
        assert_eq!(plan.updated[0].fields, [Field::Login, Field::ActivationCode]);
    }
}
