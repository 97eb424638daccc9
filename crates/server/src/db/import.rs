//! Writing an imported CSV into the directory: all of it in one transaction, or nothing.
//!
//! Accounts are matched by `Id` when the file gives one that exists in this structure, else by
//! login, ignoring case (its key, see `central_marks`); a matched account is updated, others are
//! created. Accounts absent from the file are kept: a partial export (one class, one profile)
//! must not erase the rest of the school. The same transaction marks again which accounts are
//! central administrators' own.

use std::collections::HashMap;

use chrono::Utc;
use sesame_core::import::ImportedUser;
use sqlx::Row;

use super::central_marks::{login_key, refresh_for_structure};
use super::{new_id, timestamp, Db, DbResult};

/// What an import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub classes_created: usize,
}

impl Db {
    /// Writes `users` into structure `structure_id` in one transaction.
    pub async fn import_users(&self, structure_id: &str, users: &[ImportedUser]) -> DbResult<ImportSummary> {
        let mut summary = ImportSummary::default();
        let mut tx = self.pool.begin().await?;

        let mut by_id = HashMap::new();
        // By login key. Accounts imported before logins were compared ignoring case may share a
        // key: the one spelled exactly as the file wins (`exact`), else any of them.
        let mut by_key = HashMap::new();
        let mut exact = HashMap::new();
        for row in sqlx::query("SELECT id, login FROM users WHERE structure_id = $1")
            .bind(structure_id)
            .fetch_all(&mut *tx)
            .await?
        {
            let (id, login): (String, String) = (row.get("id"), row.get("login"));
            by_key.insert(login_key(&login), id.clone());
            exact.insert(login, id.clone());
            by_id.insert(id.clone(), id);
        }
        let mut classes: HashMap<String, String> = HashMap::new();
        for row in sqlx::query("SELECT id, name FROM classes WHERE structure_id = $1")
            .bind(structure_id)
            .fetch_all(&mut *tx)
            .await?
        {
            classes.insert(row.get("name"), row.get("id"));
        }

        let now = timestamp(Utc::now());
        for user in users {
            let key = login_key(&user.login);
            let ent_key = user.ent_login.as_deref().map(login_key);
            let existing = user
                .id
                .as_ref()
                .and_then(|id| by_id.get(id))
                .or_else(|| exact.get(&user.login))
                .or_else(|| by_key.get(&key))
                .cloned();
            let created_at = user.created_at.map(timestamp);
            let id = match existing {
                Some(id) => {
                    sqlx::query(
                        "UPDATE users SET profile = $2, first_name = $3, last_name = $4, login = $5, \
                         activation_code = $6, email = $7, created_at = COALESCE($8, created_at), blocked = $9, \
                         local_admin = $10, login_key = $11, ent_login_key = $12 WHERE id = $1",
                    )
                    .bind(&id)
                    .bind(user.profile.as_str())
                    .bind(&user.first_name)
                    .bind(&user.last_name)
                    .bind(&user.login)
                    .bind(&user.activation_code)
                    .bind(&user.email)
                    .bind(&created_at)
                    .bind(user.blocked)
                    .bind(user.local_admin)
                    .bind(&key)
                    .bind(&ent_key)
                    .execute(&mut *tx)
                    .await?;
                    summary.updated += 1;
                    id
                }
                None => {
                    let id = user.id.clone().unwrap_or_else(new_id);
                    sqlx::query(
                        "INSERT INTO users (id, structure_id, profile, first_name, last_name, login, activation_code, \
                         email, created_at, blocked, local_admin, login_key, ent_login_key) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                    )
                    .bind(&id)
                    .bind(structure_id)
                    .bind(user.profile.as_str())
                    .bind(&user.first_name)
                    .bind(&user.last_name)
                    .bind(&user.login)
                    .bind(&user.activation_code)
                    .bind(&user.email)
                    .bind(created_at.as_deref().unwrap_or(&now))
                    .bind(user.blocked)
                    .bind(user.local_admin)
                    .bind(&key)
                    .bind(&ent_key)
                    .execute(&mut *tx)
                    .await?;
                    summary.created += 1;
                    exact.insert(user.login.clone(), id.clone());
                    by_key.insert(key, id.clone());
                    by_id.insert(id.clone(), id.clone());
                    id
                }
            };

            sqlx::query("DELETE FROM memberships WHERE user_id = $1")
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            for name in &user.classes {
                let class_id = match classes.get(name) {
                    Some(class_id) => class_id.clone(),
                    None => {
                        let class_id = new_id();
                        sqlx::query("INSERT INTO classes (id, structure_id, name) VALUES ($1, $2, $3)")
                            .bind(&class_id)
                            .bind(structure_id)
                            .bind(name)
                            .execute(&mut *tx)
                            .await?;
                        summary.classes_created += 1;
                        classes.insert(name.clone(), class_id.clone());
                        class_id
                    }
                };
                sqlx::query(
                    "INSERT INTO memberships (user_id, class_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(&id)
                .bind(&class_id)
                .execute(&mut *tx)
                .await?;
            }

            sqlx::query("DELETE FROM children WHERE relative_id = $1")
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            for (position, child) in user.children.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO children (relative_id, position, first_name, last_name, class_name) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&id)
                .bind(position as i64)
                .bind(&child.first_name)
                .bind(&child.last_name)
                .bind(&child.class_name)
                .execute(&mut *tx)
                .await?;
            }
        }
        refresh_for_structure(&mut tx, structure_id).await?;
        tx.commit().await?;
        Ok(summary)
    }
}
