//! Sésame's administrator accounts and the structures a local administrator is given.

use sqlx::Row;

use super::{Db, DbResult};

/// What an administrator may see: every structure, or only their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Central,
    Local,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Central => "central",
            Role::Local => "local",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "central" => Some(Role::Central),
            "local" => Some(Role::Local),
            _ => None,
        }
    }
}

/// An administrator account. `Debug` leaves the password hash out.
#[derive(Clone)]
pub struct Admin {
    pub login: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
}

impl std::fmt::Debug for Admin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Admin")
            .field("login", &self.login)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Creates or replaces an administrator (password already hashed) and the structures they
    /// are given, in one transaction.
    pub async fn put_admin(&self, admin: &Admin, structure_ids: &[String]) -> DbResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO admins (login, display_name, password_hash, role) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (login) DO UPDATE SET display_name = excluded.display_name, \
             password_hash = excluded.password_hash, role = excluded.role",
        )
        .bind(&admin.login)
        .bind(&admin.display_name)
        .bind(&admin.password_hash)
        .bind(admin.role.as_str())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM admin_structures WHERE admin_login = $1")
            .bind(&admin.login)
            .execute(&mut *tx)
            .await?;
        for id in structure_ids {
            sqlx::query("INSERT INTO admin_structures (admin_login, structure_id) VALUES ($1, $2)")
                .bind(&admin.login)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    }

    pub async fn admin(&self, login: &str) -> DbResult<Option<Admin>> {
        let row = sqlx::query("SELECT login, display_name, password_hash, role FROM admins WHERE login = $1")
            .bind(login)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            let role: String = row.get("role");
            Ok(Admin {
                login: row.get("login"),
                display_name: row.get("display_name"),
                password_hash: row.get("password_hash"),
                role: Role::parse(&role)
                    .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))?,
            })
        })
        .transpose()
    }

    /// Whether a local administrator is given structure `id`.
    pub async fn admin_has_structure(&self, login: &str, id: &str) -> DbResult<bool> {
        let row = sqlx::query("SELECT 1 FROM admin_structures WHERE admin_login = $1 AND structure_id = $2")
            .bind(login)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }
}
