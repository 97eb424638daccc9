//! Reading a structure's directory: the structure, its version, its users with their classes,
//! children and last distribution, and its latest import, all from one snapshot.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use sesame_core::{ChildRef, ClassRef, Structure, User};

use super::engine::Engine;
use super::readers::ReadResult;
use super::structures::read_structure;
use super::{parse_profile, parse_timestamp, Db, DbResult};

mod postgres;

/// The classes of structure `?1`'s accounts, one row per membership, the account's id first.
const CLASSES: &str =
    "SELECT m.user_id, c.id, c.name FROM memberships m JOIN classes c ON c.id = m.class_id \
     WHERE c.structure_id = ?1";

/// The children of structure `?1`'s relatives, in their order, the relative's id first.
const CHILDREN: &str = "SELECT relative_id, first_name, last_name, class_name FROM children \
     WHERE structure_id = ?1 ORDER BY relative_id, position";

/// When each account of structure `?1` last had letters or e-mails there, its id first.
const LAST_DISTRIBUTED: &str = "SELECT du.user_id, MAX(d.at) AS last_at FROM distribution_users du \
     JOIN distributions d ON d.id = du.distribution_id WHERE d.structure_id = ?1 GROUP BY du.user_id";

/// A structure's directory as one snapshot of the database saw it.
#[derive(Debug, Clone)]
pub struct DirectorySnapshot {
    pub structure: Structure,
    /// The directory's version (`versions`) in that same snapshot: these exact contents.
    pub version: String,
    pub users: Vec<User>,
    /// The structure's latest recorded import (what `import=latest` selects from).
    pub latest_import_id: Option<String>,
}

impl Db {
    /// Structure `id` with every account, in no particular order (the app sorts), and the
    /// version they have; `None` when there is no such structure.
    ///
    /// With `hide_central_admins`, the accounts marked as central Sésame administrators' own
    /// (`central_admin`, see `central_marks`) are left out: a local administrator must not see
    /// (nor print letters for) the accounts of the people who administer them.
    pub async fn directory(
        &self,
        id: &str,
        hide_central_admins: bool,
    ) -> DbResult<Option<DirectorySnapshot>> {
        match (&self.pool, &self.readers) {
            // On a plain SQLite connection (see `readers`): through sqlx, row materialisation
            // alone took most of the time for a 50,000-account structure.
            (Engine::Sqlite(_), readers) => {
                let id = id.to_owned();
                readers
                    .as_ref()
                    .expect("SQLite has its readers")
                    .run(move |connection| read_directory(connection, &id, hide_central_admins))
                    .await
            }
            (Engine::Postgres(pool), _) => postgres::read_directory(pool, id, hide_central_admins).await,
        }
    }

    /// The accounts of [`Db::directory`] alone (none for an unknown structure).
    pub async fn users_of_structure(&self, id: &str, hide_central_admins: bool) -> DbResult<Vec<User>> {
        Ok(self
            .directory(id, hide_central_admins)
            .await?
            .map(|snapshot| snapshot.users)
            .unwrap_or_default())
    }

    /// Of `ids`, those that are accounts of structure `id` (the others are out of scope), less
    /// central administrators' accounts with `hide_central_admins`, as for the listing.
    pub async fn user_ids_in_structure(
        &self,
        id: &str,
        ids: &[String],
        hide_central_admins: bool,
    ) -> DbResult<Vec<String>> {
        // The accounts a mailing would reach, whether or not they have an address: one query
        // decides what is in a school's scope for both.
        let targets = self.mail_targets(id, ids, hide_central_admins).await?;
        Ok(targets.into_iter().map(|target| target.id).collect())
    }
}

/// The structure's row and the four flat queries of its accounts (instead of one per user), in
/// one read transaction so that they see the same snapshot even while an import commits.
fn read_directory(
    connection: &mut Connection,
    id: &str,
    hide_central_admins: bool,
) -> ReadResult<Option<DirectorySnapshot>> {
    let transaction = connection.transaction()?;
    let Some((structure, version)) = read_structure(&transaction, id)? else {
        return Ok(None);
    };
    let users = read_users(&transaction, id, hide_central_admins)?;
    let latest_import_id = transaction
        .prepare_cached("SELECT id FROM imports WHERE structure_id = ?1 ORDER BY at DESC, id DESC LIMIT 1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    // Nothing was written; ending the transaction just releases the snapshot.
    transaction.commit()?;
    Ok(Some(DirectorySnapshot {
        structure,
        version,
        users,
        latest_import_id,
    }))
}

fn read_users(transaction: &Transaction, id: &str, hide_central_admins: bool) -> ReadResult<Vec<User>> {
    let mut users = Vec::new();
    {
        let mut statement = transaction.prepare_cached(
            "SELECT u.id, u.profile, u.first_name, u.last_name, u.login, u.activation_code, u.email, \
             u.created_at, u.blocked, su.local_admin, su.import_id \
             FROM structure_users su JOIN users u ON u.id = su.user_id WHERE su.structure_id = ?1 \
             AND (?2 = FALSE OR u.central_admin = FALSE)",
        )?;
        let mut rows = statement.query(params![id, hide_central_admins])?;
        while let Some(row) = rows.next()? {
            let profile = row.get_ref(1)?.as_str()?;
            users.push(User {
                id: row.get(0)?,
                profile: parse_profile(profile)?,
                first_name: row.get(2)?,
                last_name: row.get(3)?,
                login: row.get(4)?,
                activation_code: row.get(5)?,
                email: row.get(6)?,
                created_at: parse_timestamp(row.get_ref(7)?.as_str()?)?,
                blocked: row.get(8)?,
                local_admin: row.get(9)?,
                classes: Vec::new(),
                children: Vec::new(),
                last_distributed_at: None,
                import_id: row.get(10)?,
            });
        }
    }
    // The other queries' rows are matched to accounts by id through an index that borrows the
    // ids from `users` (no copy of 50,000 strings), so what they find goes into side tables
    // first and into `users` once the index is dropped.
    let mut classes: Vec<Vec<ClassRef>> = vec![Vec::new(); users.len()];
    let mut children: Vec<Vec<ChildRef>> = vec![Vec::new(); users.len()];
    let mut last_distributed_at = vec![None; users.len()];
    {
        let index: HashMap<&str, usize> = users
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i))
            .collect();
        rows_of_accounts(transaction, &index, CLASSES, id, |i, row| {
            classes[i].push(ClassRef {
                id: row.get(1)?,
                name: row.get(2)?,
            });
            Ok(())
        })?;
        rows_of_accounts(transaction, &index, CHILDREN, id, |i, row| {
            children[i].push(ChildRef {
                first_name: row.get(1)?,
                last_name: row.get(2)?,
                class_name: row.get(3)?,
            });
            Ok(())
        })?;
        rows_of_accounts(transaction, &index, LAST_DISTRIBUTED, id, |i, row| {
            last_distributed_at[i] = Some(parse_timestamp(row.get_ref(1)?.as_str()?)?);
            Ok(())
        })?;
    }
    for (((user, mut classes), children), last_distributed_at) in users
        .iter_mut()
        .zip(classes)
        .zip(children)
        .zip(last_distributed_at)
    {
        // A stable order for the JSON; the app sorts classes in school order itself.
        classes.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        user.classes = classes;
        user.children = children;
        user.last_distributed_at = last_distributed_at;
    }
    Ok(users)
}

/// Runs `sql` on structure `id` (`?1`) and hands each row to `add` with the position of its
/// account, the id in its first column, in `index` (a row of an account left out is skipped):
/// how the classes, children and last distributions of [`read_users`] reach their accounts.
fn rows_of_accounts(
    transaction: &Transaction,
    index: &HashMap<&str, usize>,
    sql: &str,
    id: &str,
    mut add: impl FnMut(usize, &rusqlite::Row) -> ReadResult<()>,
) -> ReadResult<()> {
    let mut statement = transaction.prepare_cached(sql)?;
    let mut rows = statement.query(params![id])?;
    while let Some(row) = rows.next()? {
        if let Some(&i) = index.get(row.get_ref(0)?.as_str()?) {
            add(i, row)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The listing runs on its own connections (`readers`) while every write goes through sqlx's
    //! pool: these tests check that it reads every part of an account, only from its structure,
    //! and that a reused connection never serves a state older than the last committed write.

    use chrono::{DateTime, TimeZone, Utc};
    use sesame_core::import::ImportedUser;
    use sesame_core::{ChildRef, Profile, User};

    use crate::db::test_accounts::account;
    use crate::db::{Admin, Channel, Db, Role};

    fn find<'a>(users: &'a [User], login: &str) -> &'a User {
        users
            .iter()
            .find(|u| u.login == login)
            .unwrap_or_else(|| panic!("{login} is listed"))
    }

    async fn open() -> (tempfile::TempDir, Db, String, String) {
        let (dir, db) = crate::db::testing::temp_db().await;
        let a = crate::db::testing::test_school(&db, "0751234A", "A").await;
        let b = crate::db::testing::test_school(&db, "0755678B", "B").await;
        (dir, db, a, b)
    }

    /// When the newest distribution of `structure` that names `user_id` happened.
    async fn last_distribution(db: &Db, structure: &str, user_id: &str) -> DateTime<Utc> {
        let log = db.distributions(structure, false).await.unwrap();
        log.iter()
            .find(|d| d.user_ids.iter().any(|u| u == user_id))
            .unwrap()
            .at
    }

    #[tokio::test]
    async fn every_part_of_an_account_is_read_from_its_own_structure_only() {
        let (_dir, db, a, b) = open().await;
        let student = ImportedUser {
            created_at: Some(
                Utc.with_ymd_and_hms(2025, 9, 1, 6, 30, 0).unwrap() + chrono::Duration::milliseconds(123),
            ),
            ..account("zoe", Profile::Student, &["CM2 B", "CM2 A"])
        };
        let relative = ImportedUser {
            children: vec![
                ChildRef {
                    first_name: "Zoé".into(),
                    last_name: "Dupré".into(),
                    class_name: Some("CM2 A".into()),
                },
                ChildRef {
                    first_name: "Émile".into(),
                    last_name: "Dupré".into(),
                    class_name: None,
                },
            ],
            ..account("parent", Profile::Relative, &[])
        };
        let teacher = ImportedUser {
            activation_code: None,
            email: None,
            blocked: true,
            local_admin: true,
            ..account("prof", Profile::Teacher, &[])
        };
        db.import_users(&a, &[student, relative, teacher]).await.unwrap();
        // Same class name and login in the other school: none of it may leak into A's listing.
        let other = ImportedUser {
            children: vec![ChildRef {
                first_name: "Autre".into(),
                last_name: "Enfant".into(),
                class_name: None,
            }],
            ..account("zoe", Profile::Relative, &["CM2 A"])
        };
        db.import_users(&b, &[other]).await.unwrap();

        let users = db.users_of_structure(&a, false).await.unwrap();
        assert_eq!(users.len(), 3);
        let zoe = find(&users, "zoe");
        let names: Vec<&str> = zoe.classes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["CM2 A", "CM2 B"], "classes in name order");
        assert_eq!(zoe.profile, Profile::Student);
        assert_eq!(zoe.first_name, "Prénom zoe");
        assert_eq!(zoe.activation_code.as_deref(), Some("CODE-zoe"));
        assert_eq!(zoe.email.as_deref(), Some("zoe@exemple.fr"));
        assert_eq!(zoe.created_at.to_rfc3339(), "2025-09-01T06:30:00.123+00:00");
        assert!(zoe.children.is_empty() && zoe.last_distributed_at.is_none());
        let parent = find(&users, "parent");
        assert_eq!(parent.children.len(), 2, "{:?}", parent.children);
        assert_eq!(parent.children[0].class_name.as_deref(), Some("CM2 A"));
        assert_eq!(
            (
                parent.children[1].first_name.as_str(),
                parent.children[1].class_name.as_deref()
            ),
            ("Émile", None)
        );
        let prof = find(&users, "prof");
        assert!(prof.activation_code.is_none() && prof.email.is_none());
        assert!(prof.blocked && prof.local_admin && prof.classes.is_empty());

        let zoe_id = zoe.id.clone();
        let parent_id = parent.id.clone();
        db.record_distribution(&a, "admin", Channel::Pdf, &[zoe_id.clone(), parent_id.clone()])
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        db.record_distribution(&a, "admin", Channel::Mail, std::slice::from_ref(&zoe_id))
            .await
            .unwrap();
        let b_zoe = db.users_of_structure(&b, false).await.unwrap()[0].id.clone();
        db.record_distribution(&b, "admin", Channel::Pdf, &[b_zoe])
            .await
            .unwrap();

        let users = db.users_of_structure(&a, false).await.unwrap();
        assert_eq!(
            find(&users, "zoe").last_distributed_at,
            Some(last_distribution(&db, &a, &zoe_id).await)
        );
        assert_eq!(
            find(&users, "parent").last_distributed_at,
            Some(last_distribution(&db, &a, &parent_id).await)
        );
        assert!(find(&users, "zoe").last_distributed_at > find(&users, "parent").last_distributed_at);
        assert!(find(&users, "prof").last_distributed_at.is_none());
    }

    #[tokio::test]
    async fn reused_read_connections_see_every_committed_write() {
        let (_dir, db, a, _) = open().await;
        db.import_users(&a, &[account("zoe", Profile::Student, &["CM2 A"])])
            .await
            .unwrap();
        // More reads at once than connections kept idle, so some are opened and some reused.
        let mut reads = tokio::task::JoinSet::new();
        for _ in 0..6 {
            let (db, a) = (db.clone(), a.clone());
            reads.spawn(async move { db.users_of_structure(&a, true).await });
        }
        while let Some(users) = reads.join_next().await {
            assert_eq!(users.unwrap().unwrap().len(), 1);
        }

        db.import_users(&a, &[account("emile", Profile::Student, &["CM2 B"])])
            .await
            .unwrap();
        let users = db.users_of_structure(&a, true).await.unwrap();
        assert_eq!(users.len(), 2, "a new import is listed at once");
        assert_eq!(find(&users, "emile").classes[0].name, "CM2 B");

        let id = find(&users, "zoe").id.clone();
        db.record_distribution(&a, "admin", Channel::Pdf, &[id])
            .await
            .unwrap();
        let users = db.users_of_structure(&a, true).await.unwrap();
        assert!(
            find(&users, "zoe").last_distributed_at.is_some(),
            "a distribution is listed at once"
        );

        // An account becomes a central administrator's: hidden from local administrators only.
        let admin = Admin {
            login: "zoe".into(),
            display_name: "Zoé".into(),
            password_hash: String::new(),
            role: Role::Central,
            disabled: false,
        };
        db.put_admin(&admin, &[]).await.unwrap();
        let users = db.users_of_structure(&a, true).await.unwrap();
        assert_eq!(
            users.iter().map(|u| u.login.as_str()).collect::<Vec<_>>(),
            ["emile"]
        );
        assert_eq!(db.users_of_structure(&a, false).await.unwrap().len(), 2);
    }

    /// What `field` says of each account structure `structure` lists (less central
    /// administrators' with `hide_central_admins`), sorted.
    async fn listed(
        db: &Db,
        structure: &str,
        hide_central_admins: bool,
        field: fn(User) -> String,
    ) -> Vec<String> {
        let users = db
            .users_of_structure(structure, hide_central_admins)
            .await
            .unwrap();
        let mut values: Vec<String> = users.into_iter().map(field).collect();
        values.sort();
        values
    }

    /// The logins structure `structure` lists to a local administrator, sorted.
    async fn visible(db: &Db, structure: &str) -> Vec<String> {
        listed(db, structure, true, |u| u.login).await
    }

    /// The mark is set whatever the case of either login, follows the administrator's
    /// role and removal, and is written again by each import.
    #[tokio::test]
    async fn central_admins_accounts_are_marked_by_either_login_in_any_case() {
        let (_dir, db, a, _) = open().await;
        let by_case = account("Chef.Central", Profile::Personnel, &[]);
        let by_ent_login = ImportedUser {
            ent_login: Some("Other.Chief".into()),
            ..account("alias.of.chief", Profile::Personnel, &[])
        };
        let pupil = account("zoe", Profile::Student, &[]);
        db.import_users(&a, &[by_case, by_ent_login, pupil])
            .await
            .unwrap();
        assert_eq!(visible(&db, &a).await.len(), 3);

        let central = |login: &str| Admin {
            login: login.into(),
            display_name: login.into(),
            password_hash: String::new(),
            role: Role::Central,
            disabled: false,
        };
        db.put_admin(&central("chef.central"), &[]).await.unwrap();
        db.put_admin(&central("OTHER.CHIEF"), &[]).await.unwrap();
        assert_eq!(visible(&db, &a).await, ["zoe"]);
        assert_eq!(db.users_of_structure(&a, false).await.unwrap().len(), 3);

        // Marked accounts are refused as mailing or distribution ids too.
        let ids = listed(&db, &a, false, |u| u.id).await;
        assert_eq!(db.user_ids_in_structure(&a, &ids, true).await.unwrap().len(), 1);
        assert_eq!(db.mail_targets(&a, &ids, true).await.unwrap().len(), 1);

        // No longer central: shown again; a re-import keeps the mark of the other one.
        let mut local = central("OTHER.CHIEF");
        local.role = Role::Local;
        db.put_admin(&local, &[]).await.unwrap();
        // The last active central administrator cannot be removed: another one, owning no account.
        db.put_admin(&central("third.central"), &[]).await.unwrap();
        db.remove_admin("Chef.CENTRAL").await.unwrap();
        assert_eq!(visible(&db, &a).await.len(), 3);
        db.put_admin(&central("other.chief"), &[]).await.unwrap();
        assert_eq!(visible(&db, &a).await, ["Chef.Central", "zoe"]);
        let again = ImportedUser {
            ent_login: Some("other.CHIEF".into()),
            ..account("ALIAS.of.chief", Profile::Personnel, &[])
        };
        db.import_users(&a, &[again]).await.unwrap();
        assert_eq!(
            db.users_of_structure(&a, false).await.unwrap().len(),
            3,
            "the re-import matched the account ignoring case"
        );
        assert_eq!(visible(&db, &a).await, ["Chef.Central", "zoe"]);
        db.import_users(&a, &[account("alias.of.chief", Profile::Personnel, &[])])
            .await
            .unwrap();
        assert_eq!(
            visible(&db, &a).await.len(),
            3,
            "without the ENT login, nothing ties the account to the administrator any more"
        );
    }
}
