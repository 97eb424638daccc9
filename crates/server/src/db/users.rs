//! Reading a structure's directory: users with their classes, children and last distribution.

use std::collections::HashMap;

use sesame_core::{ChildRef, ClassRef, Profile, User};
use sqlx::Row;

use super::{parse_timestamp, Db, DbResult};

impl Db {
    /// Every account of structure `id`, in no particular order (the app sorts).
    ///
    /// With `hide_central_admins`, directory accounts whose login is that of a central Sésame
    /// administrator are left out: a local administrator must not see (nor print letters for)
    /// the accounts of the people who administer them.
    pub async fn users_of_structure(&self, id: &str, hide_central_admins: bool) -> DbResult<Vec<User>> {
        // Four flat queries instead of one per user, run at once on separate connections (the
        // pool's), read by column position: 50,000 accounts load in a few hundred milliseconds.
        let users = sqlx::query(
            "SELECT id, profile, first_name, last_name, login, activation_code, email, created_at, blocked, \
             local_admin FROM users WHERE structure_id = $1 \
             AND ($2 = FALSE OR login NOT IN (SELECT login FROM admins WHERE role = 'central'))",
        )
        .bind(id)
        .bind(hide_central_admins)
        .fetch_all(&self.pool);
        let memberships = sqlx::query(
            "SELECT m.user_id, c.id, c.name FROM memberships m JOIN classes c ON c.id = m.class_id \
             WHERE c.structure_id = $1",
        )
        .bind(id)
        .fetch_all(&self.pool);
        let children = sqlx::query(
            "SELECT ch.relative_id, ch.first_name, ch.last_name, ch.class_name FROM children ch \
             JOIN users u ON u.id = ch.relative_id WHERE u.structure_id = $1 ORDER BY ch.relative_id, ch.position",
        )
        .bind(id)
        .fetch_all(&self.pool);
        let distributed = sqlx::query(
            "SELECT du.user_id, MAX(d.at) AS last_at FROM distribution_users du \
             JOIN distributions d ON d.id = du.distribution_id WHERE d.structure_id = $1 GROUP BY du.user_id",
        )
        .bind(id)
        .fetch_all(&self.pool);
        let (rows, memberships, children, distributed) =
            tokio::try_join!(users, memberships, children, distributed)?;

        let mut users = Vec::with_capacity(rows.len());
        let mut index = HashMap::with_capacity(rows.len());
        for row in &rows {
            let profile: &str = row.get(1);
            let user = User {
                id: row.get(0),
                profile: Profile::parse(profile)
                    .ok_or_else(|| sqlx::Error::Decode(format!("unknown profile {profile:?}").into()))?,
                first_name: row.get(2),
                last_name: row.get(3),
                login: row.get(4),
                activation_code: row.get(5),
                email: row.get(6),
                created_at: parse_timestamp(row.get(7))?,
                blocked: row.get(8),
                local_admin: row.get(9),
                classes: Vec::new(),
                children: Vec::new(),
                last_distributed_at: None,
            };
            index.insert(user.id.clone(), users.len());
            users.push(user);
        }
        for row in &memberships {
            if let Some(&i) = index.get(row.get::<&str, _>(0)) {
                users[i].classes.push(ClassRef {
                    id: row.get(1),
                    name: row.get(2),
                });
            }
        }
        for user in &mut users {
            // A stable order for the JSON; the app sorts classes in school order itself.
            user.classes.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        }
        for row in &children {
            if let Some(&i) = index.get(row.get::<&str, _>(0)) {
                users[i].children.push(ChildRef {
                    first_name: row.get(1),
                    last_name: row.get(2),
                    class_name: row.get(3),
                });
            }
        }
        for row in &distributed {
            if let Some(&i) = index.get(row.get::<&str, _>(0)) {
                users[i].last_distributed_at = Some(parse_timestamp(row.get(1))?);
            }
        }
        Ok(users)
    }

    /// Of `ids`, those that are accounts of structure `id` (the others are out of scope), less
    /// central administrators' accounts with `hide_central_admins`, as for the listing.
    pub async fn user_ids_in_structure(
        &self,
        id: &str,
        ids: &[String],
        hide_central_admins: bool,
    ) -> DbResult<Vec<String>> {
        let mut found = Vec::with_capacity(ids.len());
        // SQLite limits bound parameters per statement; chunks keep well under it.
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
            let sql = format!(
                "SELECT id FROM users WHERE structure_id = $1 AND id IN ({}) \
                 AND ($2 = FALSE OR login NOT IN (SELECT login FROM admins WHERE role = 'central'))",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(&sql).bind(id).bind(hide_central_admins);
            for user_id in chunk {
                query = query.bind(user_id);
            }
            found.extend(
                query
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| r.get::<String, _>("id")),
            );
        }
        Ok(found)
    }
}
