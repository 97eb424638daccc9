//! Importing the ENT's export into a school: what the importer sees of the directory, the plan
//! core makes of it ([`sesame_core::import::plan`]), and the write — all of it in one
//! transaction, or nothing, as the plan decided (`import_write`).
//!
//! One ENT account may belong to several schools. The plan is made from what the importer may
//! see — the school's accounts (less central administrators' own, for a local administrator),
//! and the accounts the file's `Id`s name elsewhere, each marked as seen or not — so that what
//! an import answers never depends on what the importer may not see (see core's plan).
//!
//! A dry run plans from the directory as it is. An import plans again inside its write
//! transaction, under a lock every import takes (`begin_serialised`): two imports, even on two
//! instances, cannot both create the account of one `Id`, and what is written is planned from
//! exactly the rows it changes. Planning is CPU work on a large file: it runs on the blocking
//! pool, never on the async workers that answer every other request.
//!
//! Accounts absent from the file are kept (a partial export — one class, one profile — must not
//! erase the rest of the school), unless the import is asked to remove them: they then leave
//! this school only, and an account left in no school is deleted. The import is recorded (who,
//! when, which file, what it changed — never a code), the accounts it brings into the school
//! carry its id, and the same transaction marks again which accounts are central
//! administrators' own and gives a new directory version to this school and to every school
//! sharing an account with it (`versions`).

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Utc;
use sesame_core::import::{plan, ImportedUser, OtherAccount, Plan};
use sesame_core::User;
use sqlx::Row;

use super::central_marks::refresh_for_structure;
use super::engine::{on, Tx};
use super::import_write::{remove_absent, write_accounts, Writer};
use super::versions::{bump, bump_all};
use super::{new_id, parse_profile, parse_timestamp, timestamp, Db, DbResult};

pub use sesame_core::wire::ImportRecord;

/// The lock every import's write transaction takes on PostgreSQL (SQLite's `BEGIN IMMEDIATE`
/// already serialises writers): "sesame-i".
const LOCK: i64 = 0x7365_7361_6d65_2d69;

/// Bound values per lookup statement: under SQLite's limit (32,766) and PostgreSQL's (65,535).
const MAX_BINDS: usize = 30_000;

/// Who imports: what they may see of the directory, and how their writes are marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Importer {
    /// `sesame import`, on the server's own shell: sees everything.
    Operator,
    /// A central administrator (their login): sees everything.
    Central(String),
    /// A local administrator (their login): sees their schools, less central administrators'
    /// own accounts.
    Local(String),
}

impl Importer {
    fn login(&self) -> Option<&str> {
        match self {
            Importer::Operator => None,
            Importer::Central(login) | Importer::Local(login) => Some(login),
        }
    }

    fn local(&self) -> Option<&str> {
        match self {
            Importer::Local(login) => Some(login),
            _ => None,
        }
    }
}

/// What an import is asked to do besides writing the file's accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The file's name, as recorded (empty when unknown).
    pub file_name: String,
    /// Whether the school's accounts absent from the file leave it.
    pub remove_absent: bool,
}

/// A plan and the school's accounts it was made from (as the importer sees them): what the
/// answer to an import is made of.
#[derive(Debug, Clone)]
pub struct Planned {
    pub school: Vec<User>,
    pub plan: Plan,
}

/// What an import did.
#[derive(Debug, Clone)]
pub enum Commit {
    /// Written and recorded.
    Written(ImportRecord, Planned),
    /// Nothing written: lines that cannot be imported as the school stands (`plan.conflicts`).
    Refused(Planned),
}

impl Db {
    /// The plan of importing `users` into structure `structure_id` as `importer` sees the
    /// directory now (a dry run: nothing is written, no lock is taken).
    pub async fn plan_import(
        &self,
        structure_id: &str,
        users: Arc<Vec<ImportedUser>>,
        importer: &Importer,
    ) -> DbResult<Planned> {
        let (school, others) = self.seen_by(structure_id, &users, importer).await?;
        planned(school, others, users).await
    }

    /// Imports `users` into structure `structure_id`: plans again from the directory as it is
    /// inside the write transaction, then writes exactly that plan unless it has conflicts.
    pub async fn import(
        &self,
        structure_id: &str,
        users: Arc<Vec<ImportedUser>>,
        importer: &Importer,
        options: &ImportOptions,
    ) -> DbResult<Commit> {
        let mut tx = self.pool.begin_serialised(LOCK).await?;
        // On SQLite the reads run on the `readers` connections: they see every committed write,
        // and none can commit while this transaction holds the write lock. On PostgreSQL every
        // other import waits on the lock above, so the pool's connections read what this one
        // will change.
        let (school, others) = self.seen_by(structure_id, &users, importer).await?;
        let planned = planned(school, others, users.clone()).await?;
        if !planned.plan.conflicts.is_empty() {
            return Ok(Commit::Refused(planned));
        }
        let at = Utc::now();
        let plan = &planned.plan;
        let removed = if options.remove_absent {
            plan.absent.len()
        } else {
            0
        };
        let record = ImportRecord {
            id: new_id(),
            admin_login: importer.login().map(str::to_owned),
            file_name: options.file_name.clone(),
            at,
            created: plan.created.len(),
            shared: plan.shared.len(),
            updated: plan.updated.len(),
            unchanged: plan.unchanged.len(),
            removed,
            classes_created: plan.classes_created.len(),
        };
        let now = timestamp(at);
        let writer = Writer {
            structure_id,
            import_id: &record.id,
            now: &now,
            by_local_admin: importer.local().is_some(),
        };
        write_accounts(&mut tx, &writer, &users, plan).await?;
        if options.remove_absent {
            remove_absent(&mut tx, structure_id, &plan.absent).await?;
        }
        on!(&mut tx, tx => sqlx::query(
            "INSERT INTO imports (id, structure_id, admin_login, file_name, at, created, shared, updated, \
             unchanged, removed, classes_created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&record.id)
        .bind(structure_id)
        .bind(&record.admin_login)
        .bind(&record.file_name)
        .bind(&now)
        .bind(record.created as i64)
        .bind(record.shared as i64)
        .bind(record.updated as i64)
        .bind(record.unchanged as i64)
        .bind(record.removed as i64)
        .bind(record.classes_created as i64)
        .execute(&mut **tx)
        .await
        .map(|_| ())?);
        refresh_for_structure(&mut tx, structure_id).await?;
        bump(&mut tx, structure_id).await?;
        // An account's own fields (names, code, address) are shown by every school listing it.
        let sharing = schools_sharing_with(&mut tx, structure_id).await?;
        bump_all(&mut tx, &sharing).await?;
        tx.commit().await?;
        Ok(Commit::Written(record, planned))
    }

    /// Imports `users` as the operator (every account seen, absent ones kept), recorded as an
    /// unnamed file: `sesame demo`, tests and benchmarks. A file with conflicts is an error
    /// naming its lines.
    pub async fn import_users(&self, structure_id: &str, users: &[ImportedUser]) -> DbResult<ImportRecord> {
        let users = Arc::new(users.to_vec());
        match self
            .import(
                structure_id,
                users,
                &Importer::Operator,
                &ImportOptions::default(),
            )
            .await?
        {
            Commit::Written(record, _) => Ok(record),
            Commit::Refused(planned) => Err(sqlx::Error::Protocol(
                planned
                    .plan
                    .conflicts
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )),
        }
    }

    /// The school's accounts as `importer` sees them, and the accounts the file's `Id`s name
    /// that are not among them (with whether `importer` may see each).
    async fn seen_by(
        &self,
        structure_id: &str,
        users: &[ImportedUser],
        importer: &Importer,
    ) -> DbResult<(Vec<User>, Vec<OtherAccount>)> {
        let school = self
            .users_of_structure(structure_id, importer.local().is_some())
            .await?;
        let in_school: HashSet<&str> = school.iter().map(|u| u.id.as_str()).collect();
        let ids: Vec<&str> = users
            .iter()
            .filter_map(|u| u.id.as_deref())
            .filter(|id| !in_school.contains(id))
            .collect();
        let others = self.accounts_by_id(&ids, importer.local()).await?;
        Ok((school, others))
    }

    /// The accounts of `ids` Sésame holds, whichever schools list them, with whether the local
    /// administrator `local` (`None`: anyone else, who sees and may change everything) may see
    /// each — it is in one of their schools and is not a central administrator's own — and
    /// whether it is a central administrator's own, which they may not change.
    async fn accounts_by_id(&self, ids: &[&str], local: Option<&str>) -> DbResult<Vec<OtherAccount>> {
        let mut found = Vec::new();
        for chunk in ids.chunks(MAX_BINDS) {
            let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT u.id, u.profile, u.first_name, u.last_name, u.login, u.activation_code, u.email, \
                 u.created_at, u.blocked, ($1 IS NOT NULL AND u.central_admin) AS protected, \
                 ($1 IS NULL OR (u.central_admin = FALSE AND EXISTS (SELECT 1 FROM structure_users su \
                     JOIN admin_structures a ON a.structure_id = su.structure_id \
                     WHERE su.user_id = u.id AND a.admin_login = $1))) AS visible \
                 FROM users u WHERE u.id IN ({})",
                placeholders.join(", ")
            );
            on!(&self.pool, pool => {
                let mut query = sqlx::query(&sql).bind(local);
                for id in chunk {
                    query = query.bind(*id);
                }
                for row in query.fetch_all(pool).await? {
                    let profile: String = row.get("profile");
                    let mut user = User::new(
                        row.get::<String, _>("id"),
                        parse_profile(&profile)?,
                        row.get::<String, _>("first_name"),
                        row.get::<String, _>("last_name"),
                        row.get::<String, _>("login"),
                        parse_timestamp(row.get("created_at"))?,
                    );
                    user.activation_code = row.get("activation_code");
                    user.email = row.get("email");
                    user.blocked = row.get("blocked");
                    found.push(OtherAccount {
                        user,
                        visible: row.get("visible"),
                        protected: row.get("protected"),
                    });
                }
            });
        }
        Ok(found)
    }

    /// The imports of a structure, newest first. With `redact_central_admins` (a local
    /// administrator reads it), the login of an import made by a central administrator (or by
    /// one since removed) is `None`, as in the distribution log.
    pub async fn imports(
        &self,
        structure_id: &str,
        redact_central_admins: bool,
    ) -> DbResult<Vec<ImportRecord>> {
        let sql = "SELECT i.id, i.admin_login, a.role, i.file_name, i.at, i.created, i.shared, i.updated, \
             i.unchanged, i.removed, i.classes_created FROM imports i \
             LEFT JOIN admins a ON a.login = i.admin_login \
             WHERE i.structure_id = $1 ORDER BY i.at DESC, i.id DESC";
        on!(&self.pool, pool => sqlx::query(sql)
            .bind(structure_id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                let role: Option<String> = r.get("role");
                let shown = !redact_central_admins || role.as_deref() == Some("local");
                let count = |column: &str| r.get::<i64, _>(column) as usize;
                Ok(ImportRecord {
                    id: r.get("id"),
                    admin_login: r.get::<Option<String>, _>("admin_login").filter(|_| shown),
                    file_name: r.get("file_name"),
                    at: parse_timestamp(r.get("at"))?,
                    created: count("created"),
                    shared: count("shared"),
                    updated: count("updated"),
                    unchanged: count("unchanged"),
                    removed: count("removed"),
                    classes_created: count("classes_created"),
                })
            })
            .collect())
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

/// Core's plan of `users` over `school` and `others`, made on the blocking pool.
async fn planned(
    school: Vec<User>,
    others: Vec<OtherAccount>,
    users: Arc<Vec<ImportedUser>>,
) -> DbResult<Planned> {
    tokio::task::spawn_blocking(move || {
        let plan = plan(&school, &others, &users);
        Planned { school, plan }
    })
    .await
    .map_err(|e| sqlx::Error::AnyDriverError(Box::new(e)))
}

/// The other schools that list an account of structure `structure_id`.
async fn schools_sharing_with(tx: &mut Tx, structure_id: &str) -> DbResult<Vec<String>> {
    on!(tx, tx => Ok(sqlx::query(
        "SELECT DISTINCT other.structure_id FROM structure_users own \
         JOIN structure_users other ON other.user_id = own.user_id \
         WHERE own.structure_id = $1 AND other.structure_id <> $1",
    )
    .bind(structure_id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|row| row.get("structure_id"))
    .collect()))
}
