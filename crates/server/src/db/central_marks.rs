//! Login keys, and the mark on central administrators' own directory accounts.
//!
//! A login is compared through its key ([`login_key`]): trimmed, NFKC, lowercase. `Chef.Central`,
//! `chef.central` and a full-width `ｃｈｅｆ.central` are one login to a person reading them, so
//! they are one to Sésame wherever a login identifies someone: signing in, the rate limiter,
//! re-imports, and recognising a central administrator in a school's directory.
//!
//! That recognition is written down, not recomputed at read time: `users.central_admin` is TRUE for
//! every account whose login *or* ENT login (the `Login` cell an alias replaced) has the key of a
//! central administrator — unless a local administrator's import wrote it under that login
//! (`users.local_claim`): such an account is the one they imported, not the central
//! administrator's, and hiding it from them would tell them whose login it is. It is refreshed in
//! the same transaction as whatever can change it — an import into a structure, an administrator
//! created, changed or removed — and every read for a local administrator (directory, mailing ids,
//! the outbox at send time, the distribution log, mailing status) filters on the column. A
//! structure whose marks change gets a new directory version in that transaction too (`versions`):
//! a local administrator's copy of its directory is no longer the same.

use sqlx::Row;

use super::engine::{on, Tx};
use super::versions::{bump_all, bump_every_structure};
use super::{Db, DbResult};

/// The form of a login used to compare it (core's, which imports match accounts by too).
pub use sesame_core::import::login_key;

/// Recomputes the mark of the accounts that carry `key` as login or ENT login (after an
/// administrator with that key was created, changed role or was removed); the structures of the
/// accounts whose mark changed get a new directory version.
pub(super) async fn refresh_for_key(tx: &mut Tx, key: &str) -> DbResult<()> {
    let sql = format!(
        "UPDATE users SET central_admin = {IS_CENTRAL} \
         WHERE (login_key = $1 OR ent_login_key = $1) AND central_admin <> {IS_CENTRAL} \
         RETURNING id"
    );
    let changed: Vec<String> = on!(&mut *tx, tx => sqlx::query(&sql)
        .bind(key)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| row.get("id"))
        .collect());
    // The schools listing those accounts (an account may be in several).
    let mut structures = Vec::new();
    for id in &changed {
        structures.extend(
            on!(&mut *tx, tx => sqlx::query("SELECT structure_id FROM structure_users WHERE user_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|row| row.get::<String, _>("structure_id"))
            .collect::<Vec<_>>()),
        );
    }
    bump_all(tx, &structures).await
}

/// Recomputes the mark of every account of a structure (after an import into it, which gives
/// the structure a new directory version itself).
pub(super) async fn refresh_for_structure(tx: &mut Tx, structure_id: &str) -> DbResult<()> {
    // Only the rows whose mark changes are written: an import of 50,000 accounts rewrites none
    // of them for this.
    let sql = format!(
        "UPDATE users SET central_admin = {IS_CENTRAL} \
         WHERE id IN (SELECT user_id FROM structure_users WHERE structure_id = $1) \
         AND central_admin <> {IS_CENTRAL}"
    );
    on!(tx, tx => sqlx::query(&sql).bind(structure_id).execute(&mut **tx).await.map(|_| ()))
}

/// Whether the `users` row being updated belongs to a central administrator (plain SQL that
/// PostgreSQL also accepts): one of its logins is a central administrator's, and no local
/// administrator's import claimed it under that login (`users.local_claim`, migration 0010).
const IS_CENTRAL: &str =
    "(NOT users.local_claim AND EXISTS (SELECT 1 FROM admins a WHERE a.role = 'central' \
     AND (a.login_key = users.login_key OR a.login_key = users.ent_login_key)))";

impl Db {
    /// Computes the login keys of rows written before migration 0005 (NULL keys), then the marks
    /// of every account, in one transaction. Nothing to do on a database already up to date.
    ///
    /// The keys of accounts imported before 0005 cover `login` only: their ENT login was not
    /// stored then, and the next import of their structure fills it in.
    pub(super) async fn backfill_login_keys(&self) -> DbResult<()> {
        let mut tx = self.pool.begin().await?;
        let (admins, users): (Vec<String>, Vec<(String, String)>) = on!(&mut tx, tx => {
            let admins = sqlx::query("SELECT login FROM admins WHERE login_key IS NULL")
                .fetch_all(&mut **tx)
                .await?;
            let users = sqlx::query("SELECT id, login FROM users WHERE login_key IS NULL")
                .fetch_all(&mut **tx)
                .await?;
            (
                admins.iter().map(|row| row.get("login")).collect(),
                users.iter().map(|row| (row.get("id"), row.get("login"))).collect(),
            )
        });
        if admins.is_empty() && users.is_empty() {
            return Ok(());
        }
        for login in &admins {
            let key = login_key(login);
            let clash: Option<String> = on!(&mut tx, tx => sqlx::query("SELECT login FROM admins WHERE login_key = $1")
                .bind(&key)
                .fetch_optional(&mut **tx)
                .await?
                .map(|row| row.get("login")));
            if let Some(other) = clash {
                return Err(sqlx::Error::Protocol(format!(
                    "administrators {login:?} and {other:?} differ only by case, which logins \
                     may no longer do: keep one (sqlite3 FILE \"DELETE FROM admins WHERE login = \
                     '…'\"), then start again"
                )));
            }
            on!(&mut tx, tx => sqlx::query("UPDATE admins SET login_key = $1 WHERE login = $2")
                .bind(&key)
                .bind(login)
                .execute(&mut **tx)
                .await
                .map(|_| ())?);
        }
        for (id, login) in &users {
            on!(&mut tx, tx => sqlx::query("UPDATE users SET login_key = $1 WHERE id = $2")
                .bind(login_key(login))
                .bind(id)
                .execute(&mut **tx)
                .await
                .map(|_| ())?);
        }
        let sql = format!("UPDATE users SET central_admin = {IS_CENTRAL}");
        on!(&mut tx, tx => sqlx::query(&sql).execute(&mut **tx).await.map(|_| ())?);
        bump_every_structure(&mut tx).await?;
        tx.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::login_key;

    #[test]
    fn keys_ignore_case_width_and_surrounding_space() {
        assert_eq!(login_key(" Chef.Central "), "chef.central");
        assert_eq!(login_key("ＣＨＥＦ.central"), "chef.central");
        assert_eq!(login_key("ZOÉ"), login_key("zoe\u{301}"));
        assert_ne!(login_key("zoe"), login_key("zoé"), "accents are not case");
    }
}
