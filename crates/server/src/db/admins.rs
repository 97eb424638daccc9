//! Sésame's administrator accounts and the structures a local administrator is given.
//!
//! An administrator is found by the key of their login (`login_key`: case-insensitive), and
//! keeps the spelling they were created with as their canonical `login`, which sessions, scope
//! and logs refer to. Whatever takes an administrator's access away — a new password, disabling,
//! removal — revokes their sessions in the same transaction, so no session outlives the change.
//!
//! Disabling, demoting or removing an active central administrator is refused when they are the
//! last one ([`AdminChange::LastCentral`]), checked inside the transaction that writes the
//! change, which is serialised with every other such change (`Pool::begin_serialised`: SQLite's
//! `BEGIN IMMEDIATE`, a PostgreSQL advisory lock): two central administrators disabling each
//! other at the same moment would otherwise both count two and both succeed, leaving none.

use sqlx::Row;

use super::central_marks::{login_key, refresh_for_key};
use super::engine::{on, Tx};
use super::{Db, DbResult};

use sesame_core::wire::AdminInfo;
/// What an administrator may see (the API's own word for it).
pub use sesame_core::wire::Role;

/// The number of the PostgreSQL advisory lock that serialises changes to administrators ("sesame-a"
/// in ASCII; any constant, the same in every instance).
const ADMINS_LOCK: i64 = 0x7365_7361_6d65_2d61;

/// What a change to an administrator came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminChange {
    /// Made; the administrator's canonical login.
    Done(String),
    /// There is no such administrator.
    NotFound,
    /// Refused, nothing written: it would leave no active central administrator.
    LastCentral,
}

/// An administrator account. `Debug` leaves the password hash out.
#[derive(Clone)]
pub struct Admin {
    pub login: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    /// A disabled administrator cannot sign in; their sessions were revoked when disabled.
    pub disabled: bool,
}

impl std::fmt::Debug for Admin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Admin")
            .field("login", &self.login)
            .field("role", &self.role)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Creates an administrator, or replaces the one whose login has the same key (keeping its
    /// canonical spelling), with the structures they are given; returns the canonical login.
    /// Their sessions are revoked in the same transaction (a replaced password must not leave an
    /// old session alive), and central administrators' directory accounts are marked again.
    pub async fn put_admin(&self, admin: &Admin, structure_ids: &[String]) -> DbResult<String> {
        let key = login_key(&admin.login);
        let mut tx = self.pool.begin_serialised(ADMINS_LOCK).await?;
        let existing = admin_row(&mut tx, &key).await?;
        // The same values either way, after the login (and, for a new row, its key).
        on!(&mut tx, tx => {
            let query = match &existing {
                Some(existing) => sqlx::query(
                    "UPDATE admins SET display_name = $2, password_hash = $3, role = $4, disabled = $5 \
                     WHERE login = $1",
                )
                .bind(&existing.login),
                None => sqlx::query(
                    "INSERT INTO admins (login, login_key, display_name, password_hash, role, disabled) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&admin.login)
                .bind(&key),
            };
            query
                .bind(&admin.display_name)
                .bind(&admin.password_hash)
                .bind(admin.role.as_str())
                .bind(admin.disabled)
                .execute(&mut **tx)
                .await?;
        });
        let login = match existing {
            Some(existing) => {
                revoke_sessions(&mut tx, &existing.login).await?;
                existing.login
            }
            None => admin.login.clone(),
        };
        give_structures(&mut tx, &login, structure_ids).await?;
        refresh_for_key(&mut tx, &key).await?;
        tx.commit().await?;
        Ok(login)
    }

    /// The administrator whose login has the key of `login` (any case).
    pub async fn admin(&self, login: &str) -> DbResult<Option<Admin>> {
        on!(&self.pool, pool => {
            let row = sqlx::query(ADMIN_ROW).bind(login_key(login)).fetch_optional(pool).await?;
            row.map(|row| admin_from_row!(row)).transpose()
        })
    }

    /// Replaces an administrator's password hash and revokes their sessions, in one transaction;
    /// false when there is no such administrator.
    pub async fn set_admin_password(&self, login: &str, password_hash: &str) -> DbResult<bool> {
        let mut tx = self.pool.begin().await?;
        let Some(admin) = admin_row(&mut tx, &login_key(login)).await? else {
            return Ok(false);
        };
        on!(&mut tx, tx => sqlx::query("UPDATE admins SET password_hash = $2 WHERE login = $1")
            .bind(&admin.login)
            .bind(password_hash)
            .execute(&mut **tx)
            .await.map(|_| ())?);
        revoke_sessions(&mut tx, &admin.login).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Disables (revoking their sessions in the same transaction) or enables an administrator;
    /// never the last active central administrator.
    pub async fn set_admin_disabled(&self, login: &str, disabled: bool) -> DbResult<AdminChange> {
        let mut tx = self.pool.begin_serialised(ADMINS_LOCK).await?;
        let admin = match changeable(&mut tx, &login_key(login), disabled).await? {
            Ok(admin) => admin,
            Err(refused) => return Ok(refused),
        };
        on!(&mut tx, tx => sqlx::query("UPDATE admins SET disabled = $2 WHERE login = $1")
            .bind(&admin.login)
            .bind(disabled)
            .execute(&mut **tx)
            .await.map(|_| ())?);
        if disabled {
            revoke_sessions(&mut tx, &admin.login).await?;
        }
        tx.commit().await?;
        Ok(AdminChange::Done(admin.login))
    }

    /// Removes an administrator, their structures and their sessions in one transaction (the
    /// distribution log keeps their login); never the last active central administrator.
    pub async fn remove_admin(&self, login: &str) -> DbResult<AdminChange> {
        let key = login_key(login);
        let mut tx = self.pool.begin_serialised(ADMINS_LOCK).await?;
        let admin = match changeable(&mut tx, &key, true).await? {
            Ok(admin) => admin,
            Err(refused) => return Ok(refused),
        };
        // Explicit rather than through ON DELETE CASCADE, which depends on the connection's
        // foreign-key setting.
        revoke_sessions(&mut tx, &admin.login).await?;
        on!(&mut tx, tx => sqlx::query("DELETE FROM admin_structures WHERE admin_login = $1")
            .bind(&admin.login)
            .execute(&mut **tx)
            .await.map(|_| ())?);
        on!(&mut tx, tx => sqlx::query("DELETE FROM admins WHERE login = $1")
            .bind(&admin.login)
            .execute(&mut **tx)
            .await.map(|_| ())?);
        refresh_for_key(&mut tx, &key).await?;
        tx.commit().await?;
        Ok(AdminChange::Done(admin.login))
    }

    /// Every administrator with their structures' ids, by login.
    pub async fn admins(&self) -> DbResult<Vec<AdminInfo>> {
        type Line = (String, String, String, bool, Option<String>, Option<String>);
        let rows: Vec<Line> = on!(&self.pool, pool => sqlx::query(
            "SELECT a.login, a.display_name, a.role, a.disabled, a.oidc_subject, s.structure_id FROM admins a \
             LEFT JOIN admin_structures s ON s.admin_login = a.login ORDER BY a.login_key, s.structure_id",
        )
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            (
                row.get("login"),
                row.get("display_name"),
                row.get("role"),
                row.get("disabled"),
                row.get("oidc_subject"),
                row.get("structure_id"),
            )
        })
        .collect());
        let mut admins: Vec<AdminInfo> = Vec::new();
        for (login, display_name, role, disabled, oidc_subject, structure_id) in rows {
            if admins.last().is_none_or(|a| a.login != login) {
                admins.push(AdminInfo {
                    login,
                    display_name,
                    role: Role::parse_admin(&role)
                        .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))?,
                    structures: Vec::new(),
                    disabled,
                    oidc_subject,
                });
            }
            if let Some(id) = structure_id {
                admins.last_mut().expect("pushed above").structures.push(id);
            }
        }
        Ok(admins)
    }

    /// Changes an administrator's name, role, structures and whether they are disabled (not the
    /// password), in one transaction; disabling revokes their sessions in it. Never disables nor
    /// demotes the last active central administrator.
    pub async fn update_admin(
        &self,
        login: &str,
        display_name: &str,
        role: Role,
        structure_ids: &[String],
        disabled: bool,
    ) -> DbResult<AdminChange> {
        let key = login_key(login);
        let mut tx = self.pool.begin_serialised(ADMINS_LOCK).await?;
        let stays_central = role == Role::Central && !disabled;
        let admin = match changeable(&mut tx, &key, !stays_central).await? {
            Ok(admin) => admin,
            Err(refused) => return Ok(refused),
        };
        on!(&mut tx, tx => sqlx::query("UPDATE admins SET display_name = $2, role = $3, disabled = $4 WHERE login = $1")
            .bind(&admin.login)
            .bind(display_name)
            .bind(role.as_str())
            .bind(disabled)
            .execute(&mut **tx)
            .await.map(|_| ())?);
        give_structures(&mut tx, &admin.login, structure_ids).await?;
        if disabled {
            revoke_sessions(&mut tx, &admin.login).await?;
        }
        // A role change changes which directory accounts are a central administrator's.
        refresh_for_key(&mut tx, &key).await?;
        tx.commit().await?;
        Ok(AdminChange::Done(admin.login))
    }
}

/// What linking an administrator to an ENT identity came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectChange {
    Done,
    NotFound,
    /// Another administrator (this login) already signs in with that identity.
    TakenBy(String),
}

impl Db {
    /// Links administrator `login` to the ENT identity `subject` (the ID token's `sub`), or
    /// unlinks them (`None`); one identity is one administrator's at most.
    pub async fn set_admin_oidc_subject(
        &self,
        login: &str,
        subject: Option<&str>,
    ) -> DbResult<SubjectChange> {
        let mut tx = self.pool.begin_serialised(ADMINS_LOCK).await?;
        let Some(admin) = admin_row(&mut tx, &login_key(login)).await? else {
            return Ok(SubjectChange::NotFound);
        };
        if let Some(subject) = subject {
            let holder: Option<String> = on!(&mut tx, tx => sqlx::query_scalar(
                "SELECT login FROM admins WHERE oidc_subject = $1 AND login <> $2",
            )
            .bind(subject)
            .bind(&admin.login)
            .fetch_optional(&mut **tx)
            .await?);
            if let Some(holder) = holder {
                return Ok(SubjectChange::TakenBy(holder));
            }
        }
        on!(&mut tx, tx => sqlx::query("UPDATE admins SET oidc_subject = $2 WHERE login = $1")
            .bind(&admin.login)
            .bind(subject)
            .execute(&mut **tx)
            .await.map(|_| ())?);
        tx.commit().await?;
        Ok(SubjectChange::Done)
    }

    /// The administrator linked to the ENT identity `subject`.
    pub async fn admin_by_oidc_subject(&self, subject: &str) -> DbResult<Option<Admin>> {
        let sql = ADMIN_ROW.replace("login_key = $1", "oidc_subject = $1");
        on!(&self.pool, pool => {
            let row = sqlx::query(&sql).bind(subject).fetch_optional(pool).await?;
            row.map(|row| admin_from_row!(row)).transpose()
        })
    }
}

/// The administrator of login key `key`, to be changed inside the caller's serialised
/// transaction, or why the change is refused: there is none, or it `takes_access` (disables,
/// demotes, removes) from the last active central administrator.
async fn changeable(tx: &mut Tx, key: &str, takes_access: bool) -> DbResult<Result<Admin, AdminChange>> {
    let Some(admin) = admin_row(tx, key).await? else {
        return Ok(Err(AdminChange::NotFound));
    };
    if takes_access && last_central(tx, &admin).await? {
        return Ok(Err(AdminChange::LastCentral));
    }
    Ok(Ok(admin))
}

/// Replaces the structures administrator `login` is given, inside the caller's transaction.
async fn give_structures(tx: &mut Tx, login: &str, structure_ids: &[String]) -> DbResult<()> {
    on!(&mut *tx, tx => sqlx::query("DELETE FROM admin_structures WHERE admin_login = $1")
        .bind(login)
        .execute(&mut **tx)
        .await.map(|_| ())?);
    for id in structure_ids {
        on!(&mut *tx, tx => sqlx::query("INSERT INTO admin_structures (admin_login, structure_id) VALUES ($1, $2)")
            .bind(login)
            .bind(id)
            .execute(&mut **tx)
            .await.map(|_| ())?);
    }
    Ok(())
}

/// Whether `admin` is the only active central administrator, read inside the caller's serialised
/// transaction (so no other change can slip between this count and the caller's write).
async fn last_central(tx: &mut Tx, admin: &Admin) -> DbResult<bool> {
    if admin.role != Role::Central || admin.disabled {
        return Ok(false);
    }
    let count: i64 = on!(tx, tx => sqlx::query_scalar(
        "SELECT COUNT(*) FROM admins WHERE role = 'central' AND NOT disabled",
    )
    .fetch_one(&mut **tx)
    .await?);
    Ok(count <= 1)
}

/// An administrator's row, found by login key (`$1`).
const ADMIN_ROW: &str =
    "SELECT login, display_name, password_hash, role, disabled FROM admins WHERE login_key = $1";

/// The [`Admin`] of a row of [`ADMIN_ROW`], whichever engine's row it is.
macro_rules! admin_from_row {
    ($row:expr) => {{
        let row = $row;
        let role: String = row.get("role");
        Ok::<_, sqlx::Error>(Admin {
            login: row.get("login"),
            display_name: row.get("display_name"),
            password_hash: row.get("password_hash"),
            role: Role::parse_admin(&role)
                .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))?,
            disabled: row.get("disabled"),
        })
    }};
}
use admin_from_row;

async fn admin_row(tx: &mut Tx, key: &str) -> DbResult<Option<Admin>> {
    on!(tx, tx => {
        let row = sqlx::query(ADMIN_ROW).bind(key).fetch_optional(&mut **tx).await?;
        row.map(|row| admin_from_row!(row)).transpose()
    })
}

/// Ends every session of an administrator, inside the caller's transaction.
async fn revoke_sessions(tx: &mut Tx, login: &str) -> DbResult<()> {
    on!(tx, tx => {
        sqlx::query("DELETE FROM sessions WHERE admin_login = $1")
            .bind(login)
            .execute(&mut **tx)
            .await?;
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn admin(login: &str, role: Role) -> Admin {
        Admin {
            login: login.into(),
            display_name: login.into(),
            password_hash: "hash-1".into(),
            role,
            disabled: false,
        }
    }

    /// Whether the session's row is still there: revoked means deleted, not merely refused
    /// (which [`Db::signed_in`] also does for a disabled administrator).
    async fn session_alive(db: &Db, token: &str) -> bool {
        on!(&db.pool, pool => sqlx::query("SELECT 1 FROM sessions WHERE token_hash = $1")
            .bind(token)
            .fetch_optional(pool)
            .await
            .unwrap()
            .is_some())
    }

    #[tokio::test]
    async fn logins_are_found_whatever_their_case_and_keep_their_spelling() {
        let (_dir, db) = crate::db::testing::temp_db().await;
        db.put_admin(&admin("Chef.Central", Role::Central), &[])
            .await
            .unwrap();
        let found = db.admin("CHEF.central").await.unwrap().unwrap();
        assert_eq!(found.login, "Chef.Central");
        // Another spelling of the same login is the same administrator, not a second one.
        let login = db
            .put_admin(&admin("chef.central", Role::Local), &[])
            .await
            .unwrap();
        assert_eq!(login, "Chef.Central");
        assert_eq!(db.admin("chef.CENTRAL").await.unwrap().unwrap().role, Role::Local);
    }

    #[tokio::test]
    async fn a_new_password_disabling_or_removal_revoke_the_sessions() {
        let (_dir, db) = crate::db::testing::temp_db().await;
        crate::db::testing::test_school(&db, "0751234A", "A").await;
        db.put_admin(&admin("ana", Role::Central), &[]).await.unwrap();
        // Another central administrator, so that ana may be disabled and removed.
        db.put_admin(&admin("bea", Role::Central), &[]).await.unwrap();
        let hours = Duration::hours(10);

        db.create_session("t1", "ana", "c", hours).await.unwrap();
        assert!(db.set_admin_password("ANA", "hash-2").await.unwrap());
        assert!(!session_alive(&db, "t1").await, "reset");

        db.create_session("t2", "ana", "c", hours).await.unwrap();
        db.put_admin(&admin("ana", Role::Central), &[]).await.unwrap();
        assert!(!session_alive(&db, "t2").await, "replaced");

        db.create_session("t3", "ana", "c", hours).await.unwrap();
        let done = AdminChange::Done("ana".into());
        assert_eq!(db.set_admin_disabled("ana", true).await.unwrap(), done);
        assert!(!session_alive(&db, "t3").await, "disabled");
        assert!(db.admin("ana").await.unwrap().unwrap().disabled);
        assert_eq!(db.set_admin_disabled("ana", false).await.unwrap(), done);

        db.create_session("t4", "ana", "c", hours).await.unwrap();
        assert_eq!(db.remove_admin("Ana").await.unwrap(), done);
        assert!(!session_alive(&db, "t4").await, "removed");
        assert!(db.admin("ana").await.unwrap().is_none());
        assert_eq!(db.remove_admin("ana").await.unwrap(), AdminChange::NotFound);
        assert!(!db.set_admin_password("ana", "x").await.unwrap());
    }

    #[tokio::test]
    async fn the_last_active_central_administrator_stays() {
        let (_dir, db) = crate::db::testing::temp_db().await;
        db.put_admin(&admin("ana", Role::Central), &[]).await.unwrap();
        db.put_admin(&admin("bob", Role::Local), &[]).await.unwrap();
        let last = AdminChange::LastCentral;
        assert_eq!(db.set_admin_disabled("ana", true).await.unwrap(), last);
        assert_eq!(db.remove_admin("ana").await.unwrap(), last);
        for (role, disabled, change) in [(Role::Local, false, "demoted"), (Role::Central, true, "disabled")] {
            let refused = db.update_admin("ana", "Ana", role, &[], disabled).await.unwrap();
            assert_eq!(refused, last, "{change}");
        }
        // A change that keeps them central and active is fine, and a local one is never last.
        let renamed = db
            .update_admin("ana", "Ana B.", Role::Central, &[], false)
            .await
            .unwrap();
        assert_eq!(renamed, AdminChange::Done("ana".into()));
        assert_eq!(
            db.remove_admin("bob").await.unwrap(),
            AdminChange::Done("bob".into())
        );
        let ana = db.admin("ana").await.unwrap().unwrap();
        assert!(ana.role == Role::Central && !ana.disabled);
    }

    /// Two central administrators taking each other's access away at the same moment, as two
    /// requests (or two instances) do: exactly one of the two changes is made, on either engine,
    /// for each kind of change.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn two_central_administrators_cannot_take_each_other_away_at_once() {
        for kind in ["disable", "demote", "remove", "disable by update"] {
            for round in 0..8 {
                let (_dir, db) = crate::db::testing::temp_db().await;
                db.put_admin(&admin("ana", Role::Central), &[]).await.unwrap();
                db.put_admin(&admin("bea", Role::Central), &[]).await.unwrap();
                let start = std::sync::Arc::new(tokio::sync::Barrier::new(2));
                let change = |target: &'static str| {
                    let (db, start) = (db.clone(), start.clone());
                    tokio::spawn(async move {
                        start.wait().await;
                        match kind {
                            "disable" => db.set_admin_disabled(target, true).await,
                            "demote" => db.update_admin(target, target, Role::Local, &[], false).await,
                            "remove" => db.remove_admin(target).await,
                            _ => db.update_admin(target, target, Role::Central, &[], true).await,
                        }
                        .unwrap()
                    })
                };
                let (a, b) = (change("bea"), change("ana"));
                let outcomes = [a.await.unwrap(), b.await.unwrap()];
                let done = outcomes
                    .iter()
                    .filter(|o| matches!(o, AdminChange::Done(_)))
                    .count();
                assert_eq!(done, 1, "{kind}, round {round}: {outcomes:?}");
                assert!(outcomes.contains(&AdminChange::LastCentral), "{outcomes:?}");
                let active = db
                    .admins()
                    .await
                    .unwrap()
                    .iter()
                    .filter(|a| a.role == Role::Central && !a.disabled)
                    .count();
                assert_eq!(active, 1, "{kind}, round {round}");
            }
        }
    }
}
