//! The directory read on PostgreSQL: the same five reads as on SQLite (`users.rs`), as plain sqlx
//! queries on the pool, in one `REPEATABLE READ` read-only transaction so they all see one
//! snapshot even while an import commits.
//!
//! SQLite needs its own connections for this read (`readers`) because sqlx hands every SQLite
//! row over from a connection thread; sqlx's PostgreSQL driver decodes rows on the task that
//! asks, straight from the socket's buffer, so the pool serves it as is.

use std::collections::HashMap;

use sesame_core::{ChildRef, ClassRef, User};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};

use super::super::structures::{structure, COLUMNS};
use super::super::{parse_profile, parse_timestamp, DbResult};
use super::DirectorySnapshot;

/// The classes of structure `$1`'s accounts, one row per membership, the account's id first.
const CLASSES: &str =
    "SELECT m.user_id, c.id, c.name FROM memberships m JOIN classes c ON c.id = m.class_id \
     WHERE c.structure_id = $1";

/// The children of structure `$1`'s relatives, in their order, the relative's id first.
const CHILDREN: &str = "SELECT relative_id, first_name, last_name, class_name FROM children \
     WHERE structure_id = $1 ORDER BY relative_id, position";

/// When each account of structure `$1` last had letters or e-mails there, its id first.
const LAST_DISTRIBUTED: &str = "SELECT du.user_id, MAX(d.at) AS last_at FROM distribution_users du \
     JOIN distributions d ON d.id = du.distribution_id WHERE d.structure_id = $1 GROUP BY du.user_id";

/// Structure `id`'s directory (`None` when there is no such structure), as `Db::directory`.
pub(super) async fn read_directory(
    pool: &PgPool,
    id: &str,
    hide_central_admins: bool,
) -> DbResult<Option<DirectorySnapshot>> {
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    let sql = format!("SELECT {COLUMNS}, directory_version FROM structures WHERE id = $1");
    let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(&mut *tx).await? else {
        return Ok(None);
    };
    let version: String = row.get("directory_version");
    let structure = structure!(&row);

    let rows = sqlx::query(
        "SELECT u.id, u.profile, u.first_name, u.last_name, u.login, u.activation_code, u.email, \
         u.created_at, u.blocked, su.local_admin, su.import_id \
         FROM structure_users su JOIN users u ON u.id = su.user_id WHERE su.structure_id = $1 \
         AND ($2 = FALSE OR u.central_admin = FALSE)",
    )
    .bind(id)
    .bind(hide_central_admins)
    .fetch_all(&mut *tx)
    .await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in &rows {
        let profile: &str = row.try_get(1)?;
        users.push(User {
            id: row.try_get(0)?,
            profile: parse_profile(profile)?,
            first_name: row.try_get(2)?,
            last_name: row.try_get(3)?,
            login: row.try_get(4)?,
            activation_code: row.try_get(5)?,
            email: row.try_get(6)?,
            created_at: parse_timestamp(row.try_get(7)?)?,
            blocked: row.try_get(8)?,
            local_admin: row.try_get(9)?,
            classes: Vec::new(),
            children: Vec::new(),
            last_distributed_at: None,
            import_id: row.try_get(10)?,
        });
    }
    drop(rows);

    // As on SQLite: the other reads' rows are matched to accounts through an index of positions.
    let index: HashMap<String, usize> = users.iter().enumerate().map(|(i, u)| (u.id.clone(), i)).collect();
    rows_of_accounts(&mut tx, &index, CLASSES, id, |i, row| {
        users[i].classes.push(ClassRef {
            id: row.try_get(1)?,
            name: row.try_get(2)?,
        });
        Ok(())
    })
    .await?;
    rows_of_accounts(&mut tx, &index, CHILDREN, id, |i, row| {
        users[i].children.push(ChildRef {
            first_name: row.try_get(1)?,
            last_name: row.try_get(2)?,
            class_name: row.try_get(3)?,
        });
        Ok(())
    })
    .await?;
    rows_of_accounts(&mut tx, &index, LAST_DISTRIBUTED, id, |i, row| {
        users[i].last_distributed_at = Some(parse_timestamp(row.try_get(1)?)?);
        Ok(())
    })
    .await?;
    let latest_import_id: Option<String> =
        sqlx::query("SELECT id FROM imports WHERE structure_id = $1 ORDER BY at DESC, id DESC LIMIT 1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.get("id"));
    // Nothing was written; ending the transaction just releases the snapshot.
    tx.commit().await?;
    for user in &mut users {
        // A stable order for the JSON, as on SQLite.
        user.classes.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(Some(DirectorySnapshot {
        structure,
        version,
        users,
        latest_import_id,
    }))
}

/// Runs `sql` on structure `id` (`$1`) and hands each row to `add` with the position of its
/// account, the id in its first column, in `index` (a row of an account left out is skipped):
/// how the classes, children and last distributions reach their accounts, as on SQLite.
async fn rows_of_accounts(
    connection: &mut PgConnection,
    index: &HashMap<String, usize>,
    sql: &str,
    id: &str,
    mut add: impl FnMut(usize, &PgRow) -> DbResult<()>,
) -> DbResult<()> {
    let rows = sqlx::query(sql).bind(id).fetch_all(connection).await?;
    for row in &rows {
        if let Some(&i) = index.get(row.try_get::<&str, _>(0)?) {
            add(i, row)?;
        }
    }
    Ok(())
}
