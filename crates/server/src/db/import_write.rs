//! The write of an import, in few statements: the accounts as the file leaves them, then a
//! handful of multi-row statements per table.
//!
//! Why not one statement per line, as the plan reads: a 20,000-line file made about 100,000
//! small statements, and sqlx runs each SQLite statement on its connection's own thread, so
//! every one of them was a hand-over to that thread and back. On an idle two-core machine those
//! wake-ups alone took 8–14 s. Rows sent by the thousand make the same write a few dozen
//! statements.
//!
//! The SQL is the same on both engines (`VALUES` lists, `UPDATE … FROM (VALUES …)` whose
//! columns both name `column1`, `column2`…, `INSERT … ON CONFLICT … DO UPDATE`), built by sqlx's
//! `QueryBuilder` for whichever engine the transaction is on (`on!`): sqlx declares each bound
//! value's type to PostgreSQL, so the `VALUES` columns are BOOLEAN or TEXT as the table's.
//!
//! What is the account's own (`users`: names, login, code, address, dates) is written for every
//! school that lists it; what is the school's (`structure_users`, the school's classes in
//! `memberships`, the school's `children` rows) only for the school imported.

use std::collections::{HashMap, HashSet};

use sesame_core::import::{login_key, ImportedUser, Plan, Target};
use sqlx::{QueryBuilder, Row};

use super::engine::{on, Tx};
use super::{new_id, timestamp, DbResult};

/// Bound values per statement: under SQLite's limit (32,766) and PostgreSQL's (65,535).
const MAX_BINDS: usize = 30_000;

/// Where and by whom an import writes.
pub(super) struct Writer<'a> {
    pub structure_id: &'a str,
    /// The import's record: the accounts it brings into the school carry it.
    pub import_id: &'a str,
    /// The import's instant, as stored: new accounts the file gives no date are dated so.
    pub now: &'a str,
    /// A local administrator's import: an account it writes under a central administrator's
    /// login is theirs (`users.local_claim`, see migration 0010), not hidden from them.
    pub by_local_admin: bool,
}

/// How an account stands before the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Created by the import.
    New,
    /// The school's already, as the importer sees it.
    Existing,
    /// Sésame's already but not (visibly) the school's: the school shares it. `seen`: whether
    /// the importer may see it (another of their schools).
    Shared { seen: bool },
}

/// One account as the import leaves it. A file may name an account twice (a later line
/// repeating an account an earlier one creates, or two lines finding the same existing
/// account): written one line after the other, the later line's values won, except an empty
/// creation date, which kept the earlier one. [`accounts`] folds the lines the same way.
struct Account<'a> {
    id: String,
    /// The last line naming the account.
    user: &'a ImportedUser,
    /// The last creation date any of its lines gave.
    created_at: Option<String>,
    kind: Kind,
}

/// The accounts the file's lines become, in the order they first appear. Lines of accounts the
/// importer may not change (`Target::Protected`, and a later line naming one again) become none.
fn accounts<'a>(users: &'a [ImportedUser], plan: &Plan) -> Vec<Account<'a>> {
    let seen_shared: HashSet<usize> = plan.shared.iter().map(|u| u.index).collect();
    let mut accounts: Vec<Account<'a>> = Vec::with_capacity(users.len());
    let mut position: HashMap<String, usize> = HashMap::with_capacity(users.len());
    // The id each line's account has (a `SameAs` line names an earlier line), `None` for a
    // protected one.
    let mut ids: Vec<Option<String>> = Vec::with_capacity(users.len());
    for (index, user) in users.iter().enumerate() {
        let found = match &plan.targets[index] {
            Target::Existing(id) => Some((id.clone(), Kind::Existing)),
            Target::Shared(id) => Some((
                id.clone(),
                Kind::Shared {
                    seen: seen_shared.contains(&index),
                },
            )),
            Target::Protected(_) => None,
            Target::SameAs(earlier) => ids[*earlier].clone().map(|id| (id, Kind::New)),
            Target::New => Some((user.id.clone().unwrap_or_else(new_id), Kind::New)),
        };
        let Some((id, kind)) = found else {
            ids.push(None);
            continue;
        };
        let created_at = user.created_at.map(timestamp);
        match position.get(&id) {
            Some(&at) => {
                let account = &mut accounts[at];
                account.user = user;
                account.created_at = created_at.or(account.created_at.take());
            }
            None => {
                position.insert(id.clone(), accounts.len());
                accounts.push(Account {
                    id: id.clone(),
                    user,
                    created_at,
                    kind,
                });
            }
        }
        ids.push(Some(id));
    }
    accounts
}

/// An account and what its `local_claim` becomes ([`claims`]).
type Claimed<'a, 'b> = (&'a Account<'b>, Option<bool>);

/// The nine columns a line sets on its account, new or existing, in the order both statements
/// list them: profile, first name, last name, login, activation code, e-mail, blocked, and the
/// login keys. A macro, so that it binds for either engine's builder.
macro_rules! bind_line_fields {
    ($row:expr, $user:expr) => {{
        let user: &ImportedUser = $user;
        $row.push_bind(user.profile.as_str())
            .push_bind(&user.first_name)
            .push_bind(&user.last_name)
            .push_bind(&user.login)
            .push_bind(&user.activation_code)
            .push_bind(&user.email)
            .push_bind(user.blocked)
            .push_bind(login_key(&user.login))
            .push_bind(user.ent_login.as_deref().map(login_key));
    }};
}

/// Writes the accounts of `users` as `plan` says, on `tx`'s connection: new classes, new
/// accounts (dated `writer.now` when the file gives no date), updated and shared accounts, each
/// one's place in the school (carrying the import's id when it is new there), and its classes
/// and children in the school, replaced by the file's.
pub(super) async fn write_accounts(
    tx: &mut Tx,
    writer: &Writer<'_>,
    users: &[ImportedUser],
    plan: &Plan,
) -> DbResult<()> {
    let structure_id = writer.structure_id;
    let accounts = accounts(users, plan);
    let classes = classes(tx, structure_id, users).await?;
    let claims = claims(tx, writer, &accounts).await?;
    let (new, known): (Vec<Claimed>, Vec<Claimed>) = accounts
        .iter()
        .zip(claims)
        .partition(|(a, _)| a.kind == Kind::New);
    on!(tx, tx, Engine => {

    for chunk in new.chunks(MAX_BINDS / 12) {
        let mut insert = QueryBuilder::<Engine>::new(
            "INSERT INTO users (id, profile, first_name, last_name, login, activation_code, email, blocked, \
             login_key, ent_login_key, created_at, local_claim) ",
        );
        insert.push_values(chunk, |mut row, (account, claim)| {
            row.push_bind(&account.id);
            bind_line_fields!(row, account.user);
            row.push_bind(account.created_at.as_deref().unwrap_or(writer.now))
                .push_bind(claim.unwrap_or(false));
        });
        insert.build().execute(&mut **tx).await?;
    }

    for chunk in known.chunks(MAX_BINDS / 12) {
        let mut update = QueryBuilder::<Engine>::new(
            "UPDATE users SET profile = v.column2, first_name = v.column3, last_name = v.column4, \
             login = v.column5, activation_code = v.column6, email = v.column7, blocked = v.column8, \
             login_key = v.column9, ent_login_key = v.column10, \
             created_at = COALESCE(v.column11, users.created_at), \
             local_claim = COALESCE(v.column12, users.local_claim) FROM (",
        );
        update.push_values(chunk, |mut row, (account, claim)| {
            row.push_bind(&account.id);
            bind_line_fields!(row, account.user);
            row.push_bind(&account.created_at).push_bind(*claim);
        });
        update.push(") AS v WHERE users.id = v.column1");
        update.build().execute(&mut **tx).await?;

        // An account's classes and children in this school are replaced by the file's; its
        // other schools' stay.
        for (before, after) in IN_SCHOOL {
            let mut delete = QueryBuilder::<Engine>::new(before);
            delete.push_bind(structure_id).push(after);
            let mut ids = delete.separated(", ");
            for (account, _) in chunk {
                ids.push_bind(&account.id);
            }
            delete.push(")");
            delete.build().execute(&mut **tx).await?;
        }
    }

    // Each account's place in the school: new there (with the import's id), or its local
    // administration updated.
    for chunk in accounts.chunks(MAX_BINDS / 4) {
        let mut upsert = QueryBuilder::<Engine>::new(
            "INSERT INTO structure_users (structure_id, user_id, local_admin, import_id) ",
        );
        upsert.push_values(chunk, |mut row, account| {
            row.push_bind(structure_id)
                .push_bind(&account.id)
                .push_bind(account.user.local_admin)
                .push_bind(writer.import_id);
        });
        upsert.push(
            " ON CONFLICT (structure_id, user_id) DO UPDATE SET local_admin = excluded.local_admin",
        );
        upsert.build().execute(&mut **tx).await?;
    }

    let memberships: Vec<(&str, &str)> = accounts
        .iter()
        .flat_map(|a| {
            a.user
                .classes
                .iter()
                .map(|name| (a.id.as_str(), classes[name.as_str()].as_str()))
        })
        .collect();
    for chunk in memberships.chunks(MAX_BINDS / 2) {
        let mut insert = QueryBuilder::<Engine>::new("INSERT INTO memberships (user_id, class_id) ");
        insert.push_values(chunk, |mut row, (user_id, class_id)| {
            row.push_bind(*user_id).push_bind(*class_id);
        });
        // A line may name a class twice.
        insert.push(" ON CONFLICT DO NOTHING");
        insert.build().execute(&mut **tx).await?;
    }

    let children: Vec<(&str, i64, &sesame_core::ChildRef)> = accounts
        .iter()
        .flat_map(|a| {
            let id = a.id.as_str();
            a.user
                .children
                .iter()
                .enumerate()
                .map(move |(position, child)| (id, position as i64, child))
        })
        .collect();
    for chunk in children.chunks(MAX_BINDS / 6) {
        let mut insert = QueryBuilder::<Engine>::new(
            "INSERT INTO children (relative_id, structure_id, position, first_name, last_name, class_name) ",
        );
        insert.push_values(chunk, |mut row, (relative_id, position, child)| {
            row.push_bind(*relative_id)
                .push_bind(structure_id)
                .push_bind(*position)
                .push_bind(&child.first_name)
                .push_bind(&child.last_name)
                .push_bind(&child.class_name);
        });
        insert.build().execute(&mut **tx).await?;
    }
    });
    Ok(())
}

/// For each account, what its `local_claim` becomes (`None`: it keeps its own). An import by a
/// central administrator or the operator clears it: whatever login the account has, it is the
/// ENT's. A local administrator's import claims the accounts it writes under a central
/// administrator's login (or ENT login) — the ones it sees: an account it cannot see keeps its
/// mark, and stays hidden.
async fn claims(tx: &mut Tx, writer: &Writer<'_>, accounts: &[Account<'_>]) -> DbResult<Vec<Option<bool>>> {
    if !writer.by_local_admin {
        return Ok(vec![Some(false); accounts.len()]);
    }
    let central: HashSet<String> = on!(&mut *tx, tx => sqlx::query(
        "SELECT login_key FROM admins WHERE role = 'central' AND login_key IS NOT NULL",
    )
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|row| row.get("login_key"))
    .collect());
    Ok(accounts
        .iter()
        .map(|account| match account.kind {
            Kind::Shared { seen: false } => None,
            _ => {
                let user = account.user;
                let ent_key = user.ent_login.as_deref().map(login_key);
                Some(
                    central.contains(&login_key(&user.login))
                        || ent_key.is_some_and(|key| central.contains(&key)),
                )
            }
        })
        .collect())
}

/// What an account has in one school besides its place there, as the two halves of a `DELETE`
/// around the school's id, before the list of account ids: its classes, and its children as
/// that school's letters print them.
const IN_SCHOOL: [(&str, &str); 2] = [
    (
        "DELETE FROM memberships WHERE class_id IN (SELECT id FROM classes WHERE structure_id = ",
        ") AND user_id IN (",
    ),
    (
        "DELETE FROM children WHERE structure_id = ",
        " AND relative_id IN (",
    ),
];

/// Takes the accounts `ids` out of structure `structure_id`: their place, classes and children
/// there. An account left in no school is deleted (its rows go with it); the distribution log
/// keeps what was given to it.
pub(super) async fn remove_absent(tx: &mut Tx, structure_id: &str, ids: &[String]) -> DbResult<()> {
    let place = (
        "DELETE FROM structure_users WHERE structure_id = ",
        " AND user_id IN (",
    );
    on!(tx, tx, Engine => {
        for chunk in ids.chunks(MAX_BINDS / 2) {
            for (before, after) in IN_SCHOOL.into_iter().chain([place]) {
                let mut delete = QueryBuilder::<Engine>::new(before);
                delete.push_bind(structure_id).push(after);
                let mut list = delete.separated(", ");
                for id in chunk {
                    list.push_bind(id);
                }
                delete.push(")");
                delete.build().execute(&mut **tx).await?;
            }
            let mut orphans = QueryBuilder::<Engine>::new(
                "DELETE FROM users WHERE NOT EXISTS (SELECT 1 FROM structure_users su WHERE su.user_id = users.id) \
                 AND id IN (",
            );
            let mut list = orphans.separated(", ");
            for id in chunk {
                list.push_bind(id);
            }
            orphans.push(")");
            orphans.build().execute(&mut **tx).await?;
        }
    });
    Ok(())
}

/// The id of every class the file's lines name, by name: the structure's classes, and those the
/// file brings, created here (every line's, as the plan counted them).
async fn classes(
    tx: &mut Tx,
    structure_id: &str,
    users: &[ImportedUser],
) -> DbResult<HashMap<String, String>> {
    let mut classes: HashMap<String, String> = on!(&mut *tx, tx => {
        sqlx::query_as("SELECT name, id FROM classes WHERE structure_id = $1")
            .bind(structure_id)
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .collect()
    });
    let mut created: Vec<(String, String)> = Vec::new();
    for name in users.iter().flat_map(|u| &u.classes) {
        if !classes.contains_key(name) {
            let id = new_id();
            classes.insert(name.clone(), id.clone());
            created.push((id, name.clone()));
        }
    }
    on!(tx, tx, Engine => {
        for chunk in created.chunks(MAX_BINDS / 3) {
            let mut insert = QueryBuilder::<Engine>::new("INSERT INTO classes (id, structure_id, name) ");
            insert.push_values(chunk, |mut row, (id, name)| {
                row.push_bind(id).push_bind(structure_id).push_bind(name);
            });
            insert.build().execute(&mut **tx).await?;
        }
    });
    Ok(classes)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use sesame_core::import::{plan, ImportedUser};
    use sesame_core::{ChildRef, Profile, User};

    use super::MAX_BINDS;
    use crate::db::test_accounts::account;
    use crate::db::Db;

    fn child(first_name: &str, class_name: &str) -> ChildRef {
        ChildRef {
            first_name: first_name.into(),
            last_name: "Dupré".into(),
            class_name: Some(class_name.into()),
        }
    }

    async fn open() -> (tempfile::TempDir, Db, String) {
        let (dir, db) = crate::db::testing::temp_db().await;
        let school = crate::db::testing::test_school(&db, "0751234A", "A").await;
        (dir, db, school)
    }

    fn find<'a>(users: &'a [User], login: &str) -> &'a User {
        users
            .iter()
            .find(|u| u.login == login)
            .unwrap_or_else(|| panic!("{login} is listed"))
    }

    fn class_names(user: &User) -> Vec<&str> {
        let mut names: Vec<&str> = user.classes.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        names
    }

    /// More accounts than one statement takes: every chunk is written, and a re-import replaces
    /// each account's classes and children rather than adding to them.
    #[tokio::test]
    async fn a_file_larger_than_one_statement_is_written_whole_and_rewritten_in_place() {
        let (_dir, db, school) = open().await;
        let count = 2 * (MAX_BINDS / 14) + 7;
        let first: Vec<ImportedUser> = (0..count)
            .map(|i| {
                let mut user = account(
                    &format!("eleve.{i}"),
                    Profile::Student,
                    &[&format!("Classe {}", i % 40)],
                );
                if i % 5 == 0 {
                    user.profile = Profile::Relative;
                    user.classes.clear();
                    user.children = vec![child("Aînée", "CM2 A"), child("Cadet", "CP B")];
                }
                user
            })
            .collect();
        db.import_users(&school, &first).await.unwrap();
        let users = db.users_of_structure(&school, false).await.unwrap();
        assert_eq!(users.len(), count);
        // The last pupil is in the last statement.
        let last = (0..count).rev().find(|i| i % 5 != 0).unwrap();
        let pupil = find(&users, &format!("eleve.{last}"));
        assert_eq!(class_names(pupil), [format!("Classe {}", last % 40)]);
        assert_eq!(pupil.activation_code, Some(format!("CODE-eleve.{last}")));
        assert_eq!(find(&users, "eleve.5").children.len(), 2);

        // The next year: other classes, one child left, and no creation dates in the file.
        let next: Vec<ImportedUser> = first
            .iter()
            .map(|user| {
                let mut user = user.clone();
                user.created_at = None;
                if !user.classes.is_empty() {
                    user.classes = vec!["6e A".into(), "Option latin".into()];
                }
                if !user.children.is_empty() {
                    user.children = vec![child("Cadet", "CE1 B")];
                }
                user.activation_code = None;
                user
            })
            .collect();
        db.import_users(&school, &next).await.unwrap();
        let users = db.users_of_structure(&school, false).await.unwrap();
        assert_eq!(users.len(), count);
        for user in &users {
            assert_eq!(user.activation_code, None, "{}", user.login);
            assert_eq!(
                user.created_at,
                Utc.with_ymd_and_hms(2025, 9, 1, 6, 30, 0).unwrap()
            );
            if user.profile == Profile::Relative {
                assert_eq!(user.children, [child("Cadet", "CE1 B")], "{}", user.login);
                assert!(user.classes.is_empty());
            } else {
                assert_eq!(class_names(user), ["6e A", "Option latin"], "{}", user.login);
            }
        }
    }

    /// A file naming an account twice leaves it as written one line after the other: the later
    /// line's values, the earlier line's date when the later gives none, one row.
    #[tokio::test]
    async fn a_file_naming_an_account_twice_leaves_it_as_its_later_line_says() {
        let (_dir, db, school) = open().await;
        db.import_users(&school, &[account("existing", Profile::Teacher, &[])])
            .await
            .unwrap();

        let earlier_date = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
        let new_first = ImportedUser {
            created_at: Some(earlier_date),
            ..account("nouveau", Profile::Student, &["CM1 A", "CM1 A"])
        };
        let new_again = ImportedUser {
            first_name: "Prénom corrigé".into(),
            created_at: None,
            ..account("Nouveau", Profile::Student, &["CM2 B"])
        };
        let existing_first = ImportedUser {
            email: Some("premier@exemple.fr".into()),
            ..account("existing", Profile::Teacher, &["CM1 A"])
        };
        let existing_again = ImportedUser {
            email: Some("second@exemple.fr".into()),
            created_at: None,
            ..account("existing", Profile::Teacher, &["CM2 B"])
        };
        let file = [new_first, existing_first, new_again, existing_again];
        let existing = db.users_of_structure(&school, false).await.unwrap();
        let import = db.import_users(&school, &file).await.unwrap();
        assert_eq!(plan(&existing, &[], &file).repeated, [2]);

        let users = db.users_of_structure(&school, false).await.unwrap();
        assert_eq!(users.len(), 2);
        let new = find(&users, "Nouveau");
        assert_eq!(new.first_name, "Prénom corrigé");
        assert_eq!(new.created_at, earlier_date);
        assert_eq!(class_names(new), ["CM2 B"]);
        assert_eq!(new.import_id.as_deref(), Some(import.id.as_str()));
        let existing = find(&users, "existing");
        assert_eq!(existing.email.as_deref(), Some("second@exemple.fr"));
        assert_eq!(class_names(existing), ["CM2 B"]);
        assert_ne!(existing.import_id.as_deref(), Some(import.id.as_str()));
    }
}
