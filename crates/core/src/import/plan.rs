//! What an import will change, decided before anything is written: which line creates an
//! account, which brings in an account Sésame already holds for another school, which updates
//! one (and which of its fields change), which lines change nothing, which accounts of the
//! school the file does not mention, and which classes it creates.
//!
//! The server's dry run shows this plan, and the import writes exactly it — one decision for the
//! preview and for the write, so what the administrator saw is what happens.
//!
//! # Matching a line with an account
//!
//! One ENT account may belong to several schools (a parent with children at the école and the
//! collège, a teacher in two schools): it is one account, with one `Id` and one login, listed in
//! each school with that school's classes. A line is matched, in this order:
//!
//! 1. with the school's account of the same `Id`;
//! 2. with the school's account of the same login as spelled, then ignoring case and width
//!    ([`login_key`]) — exports made before the ENT gave ids still match;
//! 3. with an account Sésame holds under that `Id` outside what the importer sees of the school
//!    (another school's, or one hidden from this importer) — the `Id` is the ENT's identity of
//!    the account, so the school joins it instead of making a second one;
//! 4. else it creates an account (a later line of the same file can match it).
//!
//! Only what the importer may see is matched by login ([`OtherAccount`]): the answer to a file never
//! depends on accounts outside the importer's view — a local administrator learns nothing of
//! other schools, nor of central administrators' own accounts, from what a file does. An account
//! matched in step 3 that the importer may not see is counted as created, exactly as an account
//! new to Sésame is.
//!
//! Accounts absent from the file are kept (a partial export — one class, one profile — must not
//! erase the rest of the school) unless the importer asks for them to leave the school: the plan
//! lists them either way. An account leaves only the school imported; the others keep it.
//!
//! A line may not give an account a login another account of the school keeps (two people
//! signing in with one login): such a line is refused, with the other account named.

use std::collections::{BTreeSet, HashMap};

use unicode_normalization::UnicodeNormalization;

use super::{Field, ImportedUser, LineError, LineErrorKind};
use crate::model::User;
use crate::wire::{ImportMessage, ImportReason, ImportSummary, ImportedAccount};

/// How many accounts of each kind (created, shared, updated, absent) and how many messages an
/// import's answer lists: the counts are always whole, the lists stop there. A file of the
/// largest school lists its first accounts, not 100,000 of them (an answer of tens of megabytes
/// that no one reads, built while the server waits).
pub const LISTED: usize = 100;

/// The form of a login used to compare it: trimmed, NFKC, lower case (« Chef.Central » and
/// « chef.central » are one account, whichever spelling a file uses).
pub fn login_key(login: &str) -> String {
    login.trim().nfkc().collect::<String>().to_lowercase()
}

/// An account Sésame holds under one of the file's `Id`s that is not among the school's accounts
/// as the importer sees them: another school's, or one hidden from the importer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherAccount {
    /// Its account-level fields (names, login, code, address, dates); its classes and children
    /// are another school's business and are not read.
    pub user: User,
    /// Whether the importer may see it (it is in another of their schools, and not hidden from
    /// them): only then does the plan say it is shared rather than created.
    pub visible: bool,
    /// Whether the importer may not change it at all: a central administrator's own account,
    /// for a local administrator. A line naming it is answered as any line of an account the
    /// importer cannot see (created), and writes nothing.
    pub protected: bool,
}

/// Which account a line of the file becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An account of the school the importer sees (its id).
    Existing(String),
    /// An account Sésame holds that is not (visibly) in the school: the school shares it.
    Shared(String),
    /// An account the importer may not change ([`OtherAccount::protected`]): nothing is written
    /// for the line, which is counted as created.
    Protected(String),
    /// A new account.
    New,
    /// The account an earlier line of the file becomes (its index in the file's accounts).
    SameAs(usize),
}

/// An account a line updates (or shares), and what changes.
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
    /// The file's accounts that are new to the school as the importer sees it (indices): new
    /// accounts, and accounts of other schools the importer may not see.
    pub created: Vec<usize>,
    /// The file's accounts that another of the importer's schools already has: the school shares
    /// them, with the account's fields that the file changes (names, login, code, address…).
    pub shared: Vec<Update>,
    /// The file's accounts that change an existing one.
    pub updated: Vec<Update>,
    /// The file's accounts identical to an existing one (indices).
    pub unchanged: Vec<usize>,
    /// Lines that name again an account an earlier line creates (indices): the later line is
    /// the one kept.
    pub repeated: Vec<usize>,
    /// Ids of the school's accounts the file does not mention.
    pub absent: Vec<String>,
    /// Class names the school does not have yet, in file order.
    pub classes_created: Vec<String>,
    /// Lines that cannot be imported as the school stands (a login another account keeps):
    /// while there is one, nothing is written.
    pub conflicts: Vec<LineError>,
}

/// The plan of importing `file` (parsed by [`super::parse_csv`]) into a school whose accounts,
/// as the importer sees them, are `school`; `others` are the accounts Sésame holds under the
/// file's `Id`s that `school` does not include (see [`OtherAccount`]).
pub fn plan(school: &[User], others: &[OtherAccount], file: &[ImportedUser]) -> Plan {
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut exact: HashMap<&str, usize> = HashMap::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, user) in school.iter().enumerate() {
        by_id.insert(&user.id, i);
        exact.insert(&user.login, i);
        by_key.insert(login_key(&user.login), i);
    }
    let other_by_id: HashMap<&str, &OtherAccount> = others.iter().map(|o| (o.user.id.as_str(), o)).collect();
    let known_classes: BTreeSet<&str> = school
        .iter()
        .flat_map(|u| u.classes.iter().map(|c| c.name.as_str()))
        .collect();

    let mut plan = Plan::default();
    // Logins (as spelled, and their keys) of the accounts this file brings into the school, and
    // the other schools' accounts already brought by an earlier line.
    let mut new_exact: HashMap<&str, usize> = HashMap::new();
    let mut new_key: HashMap<String, usize> = HashMap::new();
    let mut shared_seen: HashMap<&str, usize> = HashMap::new();
    let mut mentioned = vec![false; school.len()];
    let mut new_classes: BTreeSet<&str> = BTreeSet::new();
    for (index, line) in file.iter().enumerate() {
        let key = login_key(&line.login);
        let in_school = line
            .id
            .as_deref()
            .and_then(|id| by_id.get(id))
            .or_else(|| exact.get(line.login.as_str()))
            .or_else(|| by_key.get(&key))
            .copied();
        let earlier = || {
            new_exact
                .get(line.login.as_str())
                .or_else(|| new_key.get(&key))
                .or_else(|| line.id.as_deref().and_then(|id| shared_seen.get(id)))
                .copied()
        };
        let target = if let Some(i) = in_school {
            mentioned[i] = true;
            let fields = changed_fields(&school[i], line);
            if fields.is_empty() {
                plan.unchanged.push(index);
            } else {
                plan.updated.push(Update {
                    index,
                    id: school[i].id.clone(),
                    fields,
                });
            }
            Target::Existing(school[i].id.clone())
        } else if let Some(earlier) = earlier() {
            plan.repeated.push(index);
            Target::SameAs(earlier)
        } else if let Some(other) = line.id.as_deref().and_then(|id| other_by_id.get(id)) {
            if other.protected {
                plan.created.push(index);
            } else if other.visible {
                plan.shared.push(Update {
                    index,
                    id: other.user.id.clone(),
                    fields: changed_account_fields(&other.user, line),
                });
            } else {
                plan.created.push(index);
            }
            shared_seen.insert(&other.user.id, index);
            new_exact.insert(&line.login, index);
            new_key.insert(key, index);
            if other.protected {
                Target::Protected(other.user.id.clone())
            } else {
                Target::Shared(other.user.id.clone())
            }
        } else {
            new_exact.insert(&line.login, index);
            new_key.insert(key, index);
            plan.created.push(index);
            Target::New
        };
        plan.targets.push(target);
        for class in &line.classes {
            if !known_classes.contains(class.as_str()) && new_classes.insert(class) {
                plan.classes_created.push(class.clone());
            }
        }
    }
    plan.absent = school
        .iter()
        .zip(&mentioned)
        .filter(|(_, &seen)| !seen)
        .map(|(u, _)| u.id.clone())
        .collect();
    plan.conflicts = login_conflicts(school, &mentioned, file, &plan.targets);
    plan
}

/// The lines that would leave two accounts of the school with one login (ignoring case and
/// width): a line that renames an account to the login another keeps. Only what the importer
/// sees counts, as for matching.
fn login_conflicts(
    school: &[User],
    mentioned: &[bool],
    file: &[ImportedUser],
    targets: &[Target],
) -> Vec<LineError> {
    /// Who holds a login once the file is imported.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Holder {
        /// An account of the school the file leaves as it is (index in `school`).
        Kept(usize),
        /// The account the file's line at this index becomes.
        Line(usize),
    }
    // The account each line becomes, by the index of the line that first names it.
    let mut first_line_of: HashMap<&str, usize> = HashMap::new();
    let mut account_of = Vec::with_capacity(file.len());
    for (index, target) in targets.iter().enumerate() {
        let account = match target {
            Target::Existing(id) | Target::Shared(id) | Target::Protected(id) => {
                *first_line_of.entry(id.as_str()).or_insert(index)
            }
            Target::SameAs(earlier) => account_of[*earlier],
            Target::New => index,
        };
        account_of.push(account);
    }
    // The login each written account ends with: its last line's.
    let mut last_line: HashMap<usize, usize> = HashMap::new();
    for (index, &account) in account_of.iter().enumerate() {
        last_line.insert(account, index);
    }
    let mut holders: HashMap<String, Holder> = HashMap::new();
    for (i, user) in school.iter().enumerate() {
        if !mentioned[i] {
            holders.entry(login_key(&user.login)).or_insert(Holder::Kept(i));
        }
    }
    // A protected line writes nothing, so holds no login.
    let mut written: Vec<usize> = last_line
        .values()
        .copied()
        .filter(|&index| !matches!(targets[index], Target::Protected(_)))
        .collect();
    written.sort_unstable();
    let mut conflicts = Vec::new();
    for index in written {
        let line = &file[index];
        match holders.entry(login_key(&line.login)) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(Holder::Line(index));
            }
            std::collections::hash_map::Entry::Occupied(holder) => {
                let holder = match *holder.get() {
                    Holder::Kept(i) => crate::letter::full_name(&school[i].first_name, &school[i].last_name),
                    Holder::Line(other) => format!(
                        "la ligne {} ({})",
                        file[other].line,
                        crate::letter::full_name(&file[other].first_name, &file[other].last_name)
                    ),
                };
                conflicts.push(LineError::new(
                    line.line,
                    LineErrorKind::LoginTaken {
                        login: line.login.clone(),
                        holder,
                    },
                ));
            }
        }
    }
    conflicts
}

/// The preview of an import of `file` into a school whose accounts, as the importer sees them,
/// are `school`, as `plan` decided: names and logins, never a code, each list cut at [`LISTED`]
/// (the counts are whole). `warnings` are the parser's; `remove_absent` says whether the
/// accounts absent from the file leave the school.
pub fn summary(
    school: &[User],
    file: &[ImportedUser],
    plan: &Plan,
    warnings: &[super::Warning],
    remove_absent: bool,
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
    let listed = |updates: &[Update]| {
        updates
            .iter()
            .take(LISTED)
            .map(|u| account(u.index, &u.fields))
            .collect()
    };
    ImportSummary {
        dry_run: true,
        import_id: None,
        created: plan.created.len(),
        shared: plan.shared.len(),
        updated: plan.updated.len(),
        unchanged: plan.unchanged.len(),
        absent: plan.absent.len(),
        removed: if remove_absent { plan.absent.len() } else { 0 },
        classes_created: plan.classes_created.len(),
        created_accounts: plan
            .created
            .iter()
            .take(LISTED)
            .map(|&i| account(i, &[]))
            .collect(),
        shared_accounts: listed(&plan.shared),
        updated_accounts: listed(&plan.updated),
        absent_accounts: school
            .iter()
            .filter(|u| absent_ids.contains(u.id.as_str()))
            .take(LISTED)
            .map(|u| ImportedAccount {
                line: None,
                login: u.login.clone(),
                name: crate::letter::full_name(&u.first_name, &u.last_name),
                fields: Vec::new(),
            })
            .collect(),
        new_classes: plan.classes_created.clone(),
        warnings: messages(warnings.iter().map(ImportMessage::from)),
        errors: messages(plan.conflicts.iter().map(ImportMessage::from)),
    }
}

/// The preview of a file that cannot be imported: its bad lines (or what is wrong with the
/// whole file), each with its reason.
pub fn refused(error: &super::ImportError) -> ImportSummary {
    let errors = messages(ImportMessage::of_refusal(error).into_iter());
    ImportSummary {
        dry_run: true,
        errors,
        ..ImportSummary::default()
    }
}

/// The first [`LISTED`] messages, and one more that says how many were left out.
fn messages(all: impl ExactSizeIterator<Item = ImportMessage>) -> Vec<ImportMessage> {
    let total = all.len();
    let mut listed: Vec<ImportMessage> = all.take(LISTED).collect();
    if total > LISTED {
        let reason = ImportReason::NotListed {
            lines: total - LISTED,
        };
        listed.push(ImportMessage {
            message: reason.message(crate::Lang::Fr),
            reason: Some(reason),
            ..ImportMessage::default()
        });
    }
    listed
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
    let mut fields = changed_account_fields(user, line);
    for (field, changed) in [
        (Field::Classes, !same_classes),
        (Field::LocalAdmin, user.local_admin != line.local_admin),
        (Field::Children, user.children != line.children),
    ] {
        if changed {
            fields.push(field);
        }
    }
    fields.sort_by_key(|field| *field as u8);
    fields
}

/// The fields of `line` that would change the account itself, whichever school lists it: its
/// profile, names, login, code, address, creation date and whether it is blocked (its classes,
/// children and local administration are each school's own).
fn changed_account_fields(user: &User, line: &ImportedUser) -> Vec<Field> {
    [
        (Field::Type, user.profile != line.profile),
        (Field::LastName, user.last_name != line.last_name),
        (Field::FirstName, user.first_name != line.first_name),
        (Field::Login, user.login != line.login),
        (
            Field::ActivationCode,
            user.activation_code != line.activation_code,
        ),
        (Field::Email, user.email != line.email),
        (
            Field::CreatedAt,
            line.created_at.is_some_and(|at| at != user.created_at),
        ),
        (Field::Blocked, user.blocked != line.blocked),
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
        let plan = plan(&existing(), &[], &lines);
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
        let plan = plan(&existing(), &[], &report.users);
        let summary = summary(&existing(), &report.users, &plan, &report.warnings, false);
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
        let plan = plan(&existing(), &[], &lines);
        assert_eq!(plan.targets, [Target::Existing("u3".into())]);
        assert_eq!(plan.updated[0].fields, [Field::Login, Field::ActivationCode]);
    }

    fn other(user: User, visible: bool) -> OtherAccount {
        OtherAccount {
            user,
            visible,
            protected: false,
        }
    }

    /// One ENT account in two schools: the second school's line names the account by its `Id`,
    /// and the school shares it instead of creating a second account with the same id.
    #[test]
    fn a_line_naming_another_schools_account_by_id_shares_it() {
        let at = existing()[0].created_at;
        let mut parent = User::new("p-1", Profile::Relative, "Dmitri", "Kaya", "dmitri.kaya", at);
        parent.email = Some("d.kaya@famille.fr".into());
        let lines = file(
            "Id;Type;Nom;Prénom;Login;Courriel\n\
             p-1;Parent;Kaya;Dmitri;dmitri.kaya;dmitri@kaya.fr\n\
             p-2;Parent;Neuf;Nina;nina.neuf;\n",
        );
        // Another school of the importer's: shared, with what changes in the account itself.
        let seen = plan(&existing(), &[other(parent.clone(), true)], &lines);
        assert_eq!(seen.targets, [Target::Shared("p-1".into()), Target::New]);
        assert_eq!(seen.shared.len(), 1);
        assert_eq!(seen.shared[0].fields, [Field::Email]);
        assert_eq!(seen.created, [1]);
        // A school the importer does not see: the same write, and the same answer as for an
        // account new to Sésame — the file's answer says nothing of other schools.
        let unseen = plan(&existing(), &[other(parent.clone(), false)], &lines);
        assert_eq!(unseen.targets, seen.targets);
        assert_eq!((unseen.created.clone(), unseen.shared.len()), (vec![0, 1], 0));
        let brand_new = plan(&existing(), &[], &lines);
        assert_eq!(brand_new.created, unseen.created);
        let words = |p: &Plan| serde_json::to_string(&summary(&existing(), &lines, p, &[], false)).unwrap();
        assert_eq!(words(&unseen), words(&brand_new));
        // An account the importer may not change (a central administrator's own, for a local
        // administrator): the same answer again, and the line writes nothing.
        let protected = OtherAccount {
            protected: true,
            ..other(parent, false)
        };
        let untouched = plan(&existing(), &[protected], &lines);
        assert_eq!(untouched.targets[0], Target::Protected("p-1".into()));
        assert_eq!(words(&untouched), words(&brand_new));
    }

    /// The school's own account is matched before another school's: an export made before the
    /// ENT gave ids keeps matching by login.
    #[test]
    fn the_schools_own_account_comes_before_another_schools() {
        let at = existing()[0].created_at;
        let elsewhere = User::new("other-anne", Profile::Teacher, "Anne", "Leroy", "anne.leroy", at);
        let lines = file("Id;Type;Nom;Prénom;Login\nother-anne;Enseignant;Leroy;Anne;anne.leroy\n");
        let plan = plan(&existing(), &[other(elsewhere, true)], &lines);
        assert_eq!(plan.targets, [Target::Existing("u3".into())]);
        assert!(plan.shared.is_empty() && plan.conflicts.is_empty());
    }

    /// Renaming an account to the login another keeps is refused on its line, naming the other
    /// account; two accounts swapping logins is fine.
    #[test]
    fn a_login_another_account_keeps_is_refused_and_a_swap_is_not() {
        let taken = file("Id;Type;Nom;Prénom;Login\nu3;Enseignant;Leroy;Anne;ZOE.DUPRE\n");
        let refused = plan(&existing(), &[], &taken);
        assert_eq!(refused.conflicts.len(), 1, "{:?}", refused.conflicts);
        assert_eq!(refused.conflicts[0].line, 2);
        assert_eq!(refused.conflicts[0].kind.code(), "login-taken");
        assert!(
            refused.conflicts[0].reason.contains("Zoé Dupré"),
            "{}",
            refused.conflicts[0].reason
        );
        let summary = summary(&existing(), &taken, &refused, &[], false);
        assert_eq!(summary.errors[0].line, Some(2));

        let swap = file(
            "Id;Type;Nom;Prénom;Login\n\
             u1;Élève;Dupré;Zoé;hugo.martin\n\
             u2;Élève;Martin;Hugo;zoe.dupre\n",
        );
        assert_eq!(plan(&existing(), &[], &swap).conflicts, []);
    }

    /// The counts are whole, the lists stop at `LISTED`, and so do the messages, with one more
    /// that says how many were left out.
    #[test]
    fn an_answer_lists_the_first_accounts_and_counts_them_all() {
        let mut csv = String::from("Type;Nom;Prénom;Login;Classes\n");
        for i in 0..(LISTED + 50) {
            csv += &format!("Élève;Nom{i};Prénom{i};eleve.{i};6e A\n");
        }
        let report = parse_csv(csv.as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
        let plan = plan(&[], &[], &report.users);
        let summary = summary(&[], &report.users, &plan, &report.warnings, false);
        assert_eq!(summary.created, LISTED + 50);
        assert_eq!(summary.created_accounts.len(), LISTED);

        let mut bad = String::from("Type;Nom;Prénom;Login\n");
        for i in 0..(LISTED + 7) {
            bad += &format!("Pupil;Nom{i};Prénom{i};eleve.{i}\n");
        }
        let refused = refused(&parse_csv(bad.as_bytes(), SchoolTimeZone::EuropeParis).unwrap_err());
        assert_eq!(refused.errors.len(), LISTED + 1);
        assert_eq!(
            refused.errors[LISTED].message,
            "… et 7 autres lignes, non listées."
        );
    }
}
