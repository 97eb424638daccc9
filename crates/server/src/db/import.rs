//! Writing an imported CSV into the directory: all of it in one transaction, or nothing, as
//! core's plan decided ([`sesame_core::import::plan`]: which line creates an account, which
//! updates one, matched by `Id`, then login, then login ignoring case) — the plan the dry run
//! showed. Accounts absent from the file are kept: a partial export (one class, one profile)
//! must not erase the rest of the school. The import is recorded (who, when, which file, what it
//! changed — never a code), the accounts it creates carry its id, and the same transaction marks
//! again which accounts are central administrators' own and gives the directory a new version
//! (`versions`).

use chrono::Utc;
use sesame_core::import::{plan, ImportedUser, Plan};
use sesame_core::User;
use sqlx::Row;

use super::central_marks::refresh_for_structure;
use super::engine::on;
use super::import_write::write_accounts;
use super::versions::bump;
use super::{new_id, parse_timestamp, timestamp, Db, DbResult};

pub use sesame_core::wire::ImportRecord;

impl Db {
    /// The plan of importing `users` into structure `structure_id` (core's decision, from the
    /// structure's accounts as they are now), with those accounts.
    pub async fn plan_import(
        &self,
        structure_id: &str,
        users: &[ImportedUser],
    ) -> DbResult<(Vec<User>, Plan)> {
        let existing = self.users_of_structure(structure_id, false).await?;
        let plan = plan(&existing, users);
        Ok((existing, plan))
    }

    /// Plans and writes `users` into structure `structure_id` ([`Db::plan_import`], then
    /// [`Db::import_planned`]), recorded as an unnamed file of the command line.
    pub async fn import_users(&self, structure_id: &str, users: &[ImportedUser]) -> DbResult<ImportRecord> {
        let (_, plan) = self.plan_import(structure_id, users).await?;
        self.import_planned(structure_id, users, &plan, None, "").await
    }

    /// Writes `users` into structure `structure_id` in one transaction, as `plan` (made of these
    /// very users and the structure's accounts) says (`import_write`: a few multi-row
    /// statements, not one per line), and records the import of `file_name` by
    /// `admin_login` (`None`: the command line).
    pub async fn import_planned(
        &self,
        structure_id: &str,
        users: &[ImportedUser],
        plan: &Plan,
        admin_login: Option<&str>,
        file_name: &str,
    ) -> DbResult<ImportRecord> {
        let at = Utc::now();
        let record = ImportRecord {
            id: new_id(),
            admin_login: admin_login.map(str::to_owned),
            file_name: file_name.to_owned(),
            at,
            created: plan.created.len(),
            updated: plan.updated.len(),
            unchanged: plan.unchanged.len(),
            classes_created: plan.classes_created.len(),
        };
        let now = timestamp(at);
        let mut tx = self.pool.begin().await?;
        write_accounts(&mut tx, structure_id, users, plan, &record.id, &now).await?;
        on!(&mut tx, tx => sqlx::query(
            "INSERT INTO imports (id, structure_id, admin_login, file_name, at, created, updated, unchanged, \
             classes_created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&record.id)
        .bind(structure_id)
        .bind(&record.admin_login)
        .bind(&record.file_name)
        .bind(&now)
        .bind(record.created as i64)
        .bind(record.updated as i64)
        .bind(record.unchanged as i64)
        .bind(record.classes_created as i64)
        .execute(&mut **tx)
        .await
        .map(|_| ())?);
        refresh_for_structure(&mut tx, structure_id).await?;
        bump(&mut tx, structure_id).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// The imports of a structure, newest first. With `redact_central_admins` (a local
    /// administrator reads it), the login of an import made by a central administrator (or by
    /// one since removed) is `None`, as in the distribution log.
    pub async fn imports(
        &self,
        structure_id: &str,
        redact_central_admins: bool,
    ) -> DbResult<Vec<ImportRecord>> {
        let sql =
            "SELECT i.id, i.admin_login, a.role, i.file_name, i.at, i.created, i.updated, i.unchanged, \
             i.classes_created FROM imports i LEFT JOIN admins a ON a.login = i.admin_login \
             WHERE i.structure_id = $1 ORDER BY i.at DESC, i.id DESC";
        on!(&self.pool, pool => sqlx::query(sql)
            .bind(structure_id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                let role: Option<String> = r.get("role");
                let shown = !redact_central_admins || role.as_deref() == Some("local");
                Ok(ImportRecord {
                    id: r.get("id"),
                    admin_login: r.get::<Option<String>, _>("admin_login").filter(|_| shown),
                    file_name: r.get("file_name"),
                    at: parse_timestamp(r.get("at"))?,
                    created: r.get::<i64, _>("created") as usize,
                    updated: r.get::<i64, _>("updated") as usize,
                    unchanged: r.get::<i64, _>("unchanged") as usize,
                    classes_created: r.get::<i64, _>("classes_created") as usize,
                })
            })
            .collect())
    }

    /// The ids of the structure's accounts that are central administrators' own (see
    /// `central_marks`): a local administrator's import may not touch them.
    pub async fn central_admin_accounts(
        &self,
        structure_id: &str,
    ) -> DbResult<std::collections::HashSet<String>> {
        on!(&self.pool, pool => Ok(sqlx::query("SELECT id FROM users WHERE structure_id = $1 AND central_admin = TRUE")
            .bind(structure_id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| r.get("id"))
            .collect()))
    }

    /// The id of the structure's latest import, if any.
    pub async fn latest_import(&self, structure_id: &str) -> DbResult<Option<String>> {
        on!(&self.pool, pool => Ok(sqlx::query(
            "SELECT id FROM imports WHERE structure_id = $1 ORDER BY at DESC, id DESC LIMIT 1",
        )
        .bind(structure_id)
        .fetch_optional(pool)
        .await?
        .map(|r| r.get("id"))))
    }
}
