//! The mail outbox: mailings (one per request, found again by idempotency key) and their
//! recipient rows, `queued → sending → sent | failed(reason)`.
//!
//! Rows hold ids only. Claiming is one `UPDATE … RETURNING` statement, atomic in SQLite, so two
//! workers never take the same row; marking a row sent and logging the distribution share one
//! transaction.

use chrono::{DateTime, Utc};
use sesame_core::wire::{MailingStatus, NewMailing, RecipientStatus};
use sesame_core::{ChildRef, ClassRef, Profile, Structure, User};
use sqlx::Row;

use super::distributions::{insert_distribution, Channel};
use super::{new_id, parse_timestamp, timestamp, Db, DbResult};

/// An account asked for in a mailing, as far as the outbox cares.
#[derive(Debug, Clone)]
pub struct MailTarget {
    pub id: String,
    /// False for no address, or a blank one (skipped, and counted as such).
    pub has_email: bool,
}

/// A mailing queued, or found again by its idempotency key.
#[derive(Debug, Clone)]
pub struct Queued {
    /// The answer to `POST …/mailings`.
    pub mailing: NewMailing,
    /// False when the key had been used: nothing new was queued.
    pub created: bool,
}

/// Whose a mailing is (for scope checks).
#[derive(Debug, Clone)]
pub struct Mailing {
    pub id: String,
    pub structure_id: String,
    pub admin_login: String,
}

/// An outbox row a worker has taken (now `sending`).
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub mailing_id: String,
    pub user_id: String,
    /// Including this one.
    pub attempts: i64,
    pub structure_id: String,
    pub admin_login: String,
}

impl Db {
    /// Of `ids`, the accounts of structure `id` (less central admins' with `hide_central_admins`,
    /// as for the listing), with whether each has an address.
    pub async fn mail_targets(
        &self,
        id: &str,
        ids: &[String],
        hide_central_admins: bool,
    ) -> DbResult<Vec<MailTarget>> {
        let mut found = Vec::with_capacity(ids.len());
        // SQLite limits bound parameters per statement; chunks keep well under it.
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
            let sql = format!(
                "SELECT id, TRIM(COALESCE(email, '')) <> '' AS has_email FROM users \
                 WHERE structure_id = $1 AND id IN ({}) \
                 AND ($2 = FALSE OR central_admin = FALSE)",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(&sql).bind(id).bind(hide_central_admins);
            for user_id in chunk {
                query = query.bind(user_id);
            }
            found.extend(query.fetch_all(&self.pool).await?.iter().map(|r| MailTarget {
                id: r.get("id"),
                has_email: r.get("has_email"),
            }));
        }
        Ok(found)
    }

    /// Queues one row per id of `queued`, or returns the mailing that `admin_login` already made
    /// for `structure_id` with the same `key` (then nothing is queued).
    pub async fn create_mailing(
        &self,
        structure_id: &str,
        admin_login: &str,
        key: &str,
        queued: &[String],
        skipped_no_email: usize,
    ) -> DbResult<Queued> {
        if let Some(existing) = self.mailing_by_key(structure_id, admin_login, key).await? {
            return Ok(Queued {
                mailing: existing,
                created: false,
            });
        }
        let id = new_id();
        let now = timestamp(Utc::now());
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO mailings (id, structure_id, admin_login, idempotency_key, queued, skipped_no_email, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(structure_id)
        .bind(admin_login)
        .bind(key)
        .bind(queued.len() as i64)
        .bind(skipped_no_email as i64)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            // The same key raced in from a second request: the first one wins.
            drop(tx);
            let existing = self
                .mailing_by_key(structure_id, admin_login, key)
                .await?
                .expect("the conflicting mailing exists");
            return Ok(Queued {
                mailing: existing,
                created: false,
            });
        }
        for user_id in queued {
            sqlx::query(
                "INSERT INTO outbox (mailing_id, user_id, next_attempt_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(&id)
            .bind(user_id)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Queued {
            mailing: NewMailing {
                mailing_id: id,
                queued: queued.len() as u64,
                skipped_no_email: skipped_no_email as u64,
            },
            created: true,
        })
    }

    async fn mailing_by_key(
        &self,
        structure_id: &str,
        admin_login: &str,
        key: &str,
    ) -> DbResult<Option<NewMailing>> {
        let row = sqlx::query(
            "SELECT id, queued, skipped_no_email FROM mailings \
             WHERE structure_id = $1 AND admin_login = $2 AND idempotency_key = $3",
        )
        .bind(structure_id)
        .bind(admin_login)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| NewMailing {
            mailing_id: r.get("id"),
            queued: r.get::<i64, _>("queued") as u64,
            skipped_no_email: r.get::<i64, _>("skipped_no_email") as u64,
        }))
    }

    pub async fn mailing(&self, id: &str) -> DbResult<Option<Mailing>> {
        let row = sqlx::query("SELECT id, structure_id, admin_login FROM mailings WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| Mailing {
            id: r.get("id"),
            structure_id: r.get("structure_id"),
            admin_login: r.get("admin_login"),
        }))
    }

    /// Where a mailing stands, recipient by recipient. With `hide_central_admins` (a local
    /// administrator asks), central administrators' own accounts are left out, counts included.
    pub async fn mailing_status(&self, id: &str, hide_central_admins: bool) -> DbResult<MailingStatus> {
        let rows = sqlx::query(
            "SELECT user_id, state, error FROM outbox WHERE mailing_id = $1 \
             AND ($2 = FALSE OR user_id NOT IN (SELECT id FROM users WHERE central_admin = TRUE)) \
             ORDER BY user_id",
        )
        .bind(id)
        .bind(hide_central_admins)
        .fetch_all(&self.pool)
        .await?;
        let (mut sent, mut failed, mut pending) = (0, 0, 0);
        let recipients: Vec<RecipientStatus> = rows
            .iter()
            .map(|r| {
                let state: String = r.get("state");
                match state.as_str() {
                    "sent" => sent += 1,
                    "failed" => failed += 1,
                    _ => pending += 1,
                }
                RecipientStatus {
                    user_id: r.get("user_id"),
                    state,
                    error: r.get("error"),
                }
            })
            .collect();
        let state = match (pending, sent, failed) {
            (p, _, _) if p > 0 => "sending",
            (_, _, 0) => "sent",
            (_, 0, _) => "failed",
            _ => "partial",
        };
        Ok(MailingStatus {
            state: state.to_owned(),
            total: recipients.len() as u64,
            sent,
            failed,
            pending,
            recipients,
        })
    }

    /// Puts back in the queue the rows a crash left `sending`; returns how many. Called once at
    /// start, before any worker runs: such a row may or may not have reached the SMTP server
    /// (the one at-least-once window, one message per worker).
    pub async fn requeue_interrupted_mails(&self) -> DbResult<u64> {
        let done = sqlx::query("UPDATE outbox SET state = 'queued' WHERE state = 'sending'")
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Takes the oldest due row, marking it `sending`. A single statement is its own
    /// transaction: SQLite runs the subquery and the update under one write lock.
    pub async fn claim_mail(&self, now: DateTime<Utc>) -> DbResult<Option<Claimed>> {
        let row = sqlx::query(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = \
             (SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= $1 \
              ORDER BY next_attempt_at, id LIMIT 1) \
             RETURNING id, mailing_id, user_id, attempts",
        )
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let mailing_id: String = row.get("mailing_id");
        let owner = sqlx::query("SELECT structure_id, admin_login FROM mailings WHERE id = $1")
            .bind(&mailing_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(Some(Claimed {
            id: row.get("id"),
            mailing_id,
            user_id: row.get("user_id"),
            attempts: row.get("attempts"),
            structure_id: owner.get("structure_id"),
            admin_login: owner.get("admin_login"),
        }))
    }

    /// Marks a claimed row sent and logs the distribution, in one commit.
    pub async fn mail_sent(&self, claimed: &Claimed) -> DbResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE outbox SET state = 'sent', error = NULL, sent_at = $2 WHERE id = $1")
            .bind(claimed.id)
            .bind(timestamp(Utc::now()))
            .execute(&mut *tx)
            .await?;
        insert_distribution(
            &mut tx,
            &claimed.structure_id,
            &claimed.admin_login,
            Channel::Mail,
            std::slice::from_ref(&claimed.user_id),
        )
        .await?;
        tx.commit().await
    }

    /// Back to the queue after a temporary failure, due again at `at`.
    pub async fn mail_retry_at(&self, id: i64, at: DateTime<Utc>, error: &str) -> DbResult<()> {
        sqlx::query("UPDATE outbox SET state = 'queued', next_attempt_at = $2, error = $3 WHERE id = $1")
            .bind(id)
            .bind(timestamp(at))
            .bind(error)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Given up: a permanent refusal, or too many temporary ones.
    pub async fn mail_failed(&self, id: i64, error: &str) -> DbResult<()> {
        sqlx::query("UPDATE outbox SET state = 'failed', error = $2 WHERE id = $1")
            .bind(id)
            .bind(error)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Queues the failed rows of a mailing again, with fresh attempts; returns how many.
    pub async fn retry_failed_mails(&self, mailing_id: &str) -> DbResult<u64> {
        let done = sqlx::query(
            "UPDATE outbox SET state = 'queued', attempts = 0, error = NULL, next_attempt_at = $2 \
             WHERE mailing_id = $1 AND state = 'failed'",
        )
        .bind(mailing_id)
        .bind(timestamp(Utc::now()))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Whether the outbox must refuse to send `user_id`'s credentials for a mailing made by
    /// `admin_login`: the account is a central administrator's own and the mailing's author is
    /// not (or no longer) a central administrator. Checked at send time, because a mark can be
    /// set after the mailing was queued (an administrator created, an import) and a retry
    /// queues old rows again.
    pub async fn mail_forbidden(&self, admin_login: &str, user_id: &str) -> DbResult<bool> {
        let row = sqlx::query(
            "SELECT u.central_admin AND NOT EXISTS \
             (SELECT 1 FROM admins a WHERE a.login = $1 AND a.role = 'central') AS forbidden \
             FROM users u WHERE u.id = $2",
        )
        .bind(admin_login)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some_and(|r| r.get::<bool, _>("forbidden")))
    }

    /// One account with its classes and children, and its structure: what an e-mail is made
    /// of. `None` when the account has been deleted since the mailing was queued.
    pub async fn mail_recipient(&self, user_id: &str) -> DbResult<Option<(User, Structure)>> {
        let Some(row) = sqlx::query(
            "SELECT id, structure_id, profile, first_name, last_name, login, activation_code, email, created_at, \
             blocked, local_admin FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let profile: String = row.get("profile");
        let structure_id: String = row.get("structure_id");
        let mut user = User {
            id: row.get("id"),
            profile: Profile::parse(&profile)
                .ok_or_else(|| sqlx::Error::Decode(format!("unknown profile {profile:?}").into()))?,
            first_name: row.get("first_name"),
            last_name: row.get("last_name"),
            login: row.get("login"),
            activation_code: row.get("activation_code"),
            email: row.get("email"),
            created_at: parse_timestamp(row.get("created_at"))?,
            blocked: row.get("blocked"),
            local_admin: row.get("local_admin"),
            classes: Vec::new(),
            children: Vec::new(),
            last_distributed_at: None,
            import_id: None,
        };
        user.classes = sqlx::query(
            "SELECT c.id, c.name FROM memberships m JOIN classes c ON c.id = m.class_id \
             WHERE m.user_id = $1 ORDER BY c.name",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| ClassRef {
            id: r.get("id"),
            name: r.get("name"),
        })
        .collect();
        user.children = sqlx::query(
            "SELECT first_name, last_name, class_name FROM children WHERE relative_id = $1 ORDER BY position",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| ChildRef {
            first_name: r.get("first_name"),
            last_name: r.get("last_name"),
            class_name: r.get("class_name"),
        })
        .collect();
        let structure = self
            .structure(&structure_id)
            .await?
            .ok_or_else(|| sqlx::Error::Decode(format!("user {user_id} has no structure").into()))?;
        Ok(Some((user, structure)))
    }
}
