//! The mail outbox: mailings (one per request, found again by idempotency key) and their
//! recipient rows, `queued → sending → sent | failed(reason)`.
//!
//! Rows hold ids only. Claiming is one `UPDATE … RETURNING` statement, atomic in SQLite and, with
//! `FOR UPDATE SKIP LOCKED`, in PostgreSQL, so two workers — of one instance or of several on the
//! same database — never take the same row. A
//! claim is a lease: a row whose worker died is taken over when the lease ends. Marking a row sent
//! and logging the distribution share one transaction.

use chrono::{DateTime, Utc};
use sesame_core::wire::{MailingStatus, NewMailing, RecipientStatus};
use sesame_core::{ChildRef, ClassRef, Structure, User};
use sqlx::Row;

use super::distributions::{insert_distribution, Channel};
use super::engine::{on, Engine};
use super::{new_id, parse_profile, parse_timestamp, timestamp, Db, DbResult};

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
    /// Made by a teacher (then `admin_login` is their ENT login).
    pub by_teacher: bool,
}

/// An outbox row a worker has taken (now `sending`).
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub mailing_id: String,
    pub user_id: String,
    /// Including this one.
    pub attempts: i64,
    /// The end of this claim's lease, as stored: the token its outcome is recorded with.
    pub lease_until: String,
    /// Taken over from a claim whose lease ended (its instance died or stalled mid-send).
    pub taken_over: bool,
    pub structure_id: String,
    pub admin_login: String,
    /// The mailing was a teacher's (their sent messages are logged as theirs).
    pub by_teacher: bool,
}

/// What the outbox holds and has not sent, for `GET /api/health` and whoever watches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    /// Waiting for a worker (due now or later, after a temporary failure).
    pub queued: i64,
    /// Claimed by a worker of some instance, its lease running (or ended: to be taken over).
    pub sending: i64,
    /// Of the `sending` ones, those whose lease ended: their instance died or is stuck.
    pub stale: i64,
    /// Given up (until an administrator retries them).
    pub failed: i64,
    /// The oldest due queued message's wait, in seconds (0 when none is due).
    pub oldest_due_secs: i64,
}

/// The condition of an outcome's `UPDATE` (`$1` the row's id, `$2` the claim's lease): the claim
/// still holds the row. A lease's end, to the millisecond, is the claim's token — the same row
/// cannot be claimed twice within a millisecond, since a claim waits for the previous lease to end.
const HELD: &str = "WHERE id = $1 AND state = 'sending' AND lease_until = $2";

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
                "SELECT u.id, TRIM(COALESCE(u.email, '')) <> '' AS has_email \
                 FROM structure_users su JOIN users u ON u.id = su.user_id \
                 WHERE su.structure_id = $1 AND su.user_id IN ({}) AND ($2 = FALSE OR u.central_admin = FALSE)",
                placeholders.join(", ")
            );
            on!(&self.pool, pool => {
                let mut query = sqlx::query(&sql).bind(id).bind(hide_central_admins);
                for user_id in chunk {
                    query = query.bind(user_id);
                }
                found.extend(query.fetch_all(pool).await?.iter().map(|r| MailTarget {
                    id: r.get("id"),
                    has_email: r.get("has_email"),
                }));
            });
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
        self.create_mailing_as(structure_id, admin_login, false, key, queued, skipped_no_email)
            .await
    }

    /// [`Db::create_mailing`], saying whether `login` is a teacher's.
    pub async fn create_mailing_as(
        &self,
        structure_id: &str,
        admin_login: &str,
        by_teacher: bool,
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
        let inserted = on!(&mut tx, tx => sqlx::query(
            "INSERT INTO mailings (id, structure_id, admin_login, idempotency_key, queued, skipped_no_email, created_at, \
             by_teacher) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(structure_id)
        .bind(admin_login)
        .bind(key)
        .bind(queued.len() as i64)
        .bind(skipped_no_email as i64)
        .bind(&now)
        .bind(by_teacher)
        .execute(&mut **tx)
        .await?
        .rows_affected());
        if inserted == 0 {
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
        on!(&mut tx, tx => {
            for user_id in queued {
                sqlx::query(
                    "INSERT INTO outbox (mailing_id, user_id, next_attempt_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(&id)
                .bind(user_id)
                .bind(&now)
                .execute(&mut **tx)
                .await?;
            }
        });
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
        on!(&self.pool, pool => Ok(sqlx::query(
            "SELECT id, queued, skipped_no_email FROM mailings \
             WHERE structure_id = $1 AND admin_login = $2 AND idempotency_key = $3",
        )
        .bind(structure_id)
        .bind(admin_login)
        .bind(key)
        .fetch_optional(pool)
        .await?
        .map(|r| NewMailing {
            mailing_id: r.get("id"),
            queued: r.get::<i64, _>("queued") as u64,
            skipped_no_email: r.get::<i64, _>("skipped_no_email") as u64,
        })))
    }

    pub async fn mailing(&self, id: &str) -> DbResult<Option<Mailing>> {
        on!(&self.pool, pool => Ok(sqlx::query("SELECT id, structure_id, admin_login, by_teacher FROM mailings WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(|r| Mailing {
            id: r.get("id"),
            structure_id: r.get("structure_id"),
            admin_login: r.get("admin_login"),
            by_teacher: r.get("by_teacher"),
        })))
    }

    /// Where a mailing stands, recipient by recipient. With `hide_central_admins` (a local
    /// administrator asks), central administrators' own accounts are left out, counts included.
    pub async fn mailing_status(&self, id: &str, hide_central_admins: bool) -> DbResult<MailingStatus> {
        let rows: Vec<(String, String, Option<String>)> = on!(&self.pool, pool => sqlx::query_as(
            "SELECT user_id, state, error FROM outbox WHERE mailing_id = $1 \
             AND ($2 = FALSE OR user_id NOT IN (SELECT id FROM users WHERE central_admin = TRUE)) \
             ORDER BY user_id",
        )
        .bind(id)
        .bind(hide_central_admins)
        .fetch_all(pool)
        .await?);
        let recipients: Vec<RecipientStatus> = rows
            .into_iter()
            .map(|(user_id, state, error)| RecipientStatus {
                user_id,
                state,
                error,
            })
            .collect();
        let (mut sent, mut failed, mut pending) = (0, 0, 0);
        for recipient in &recipients {
            match recipient.state.as_str() {
                "sent" => sent += 1,
                "failed" => failed += 1,
                _ => pending += 1,
            }
        }
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

    /// The outbox's backlog at `now`.
    pub async fn outbox_backlog(&self, now: DateTime<Utc>) -> DbResult<Backlog> {
        let now_text = timestamp(now);
        let (queued, sending, stale, failed, oldest): (i64, i64, i64, i64, Option<String>) = on!(&self.pool, pool => {
        let row = sqlx::query(
            "SELECT \
               COALESCE(SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END), 0) AS queued, \
               COALESCE(SUM(CASE WHEN state = 'sending' THEN 1 ELSE 0 END), 0) AS sending, \
               COALESCE(SUM(CASE WHEN state = 'sending' AND lease_until <= $1 THEN 1 ELSE 0 END), 0) AS stale, \
               COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) AS failed, \
               MIN(CASE WHEN state = 'queued' AND next_attempt_at <= $1 THEN next_attempt_at END) AS oldest \
             FROM outbox WHERE state IN ('queued', 'sending', 'failed')",
        )
        .bind(&now_text)
        .fetch_one(pool)
        .await?;
        (row.get("queued"), row.get("sending"), row.get("stale"), row.get("failed"), row.get("oldest"))
            });
        let oldest_due_secs = match oldest {
            Some(text) => (now - parse_timestamp(&text)?).num_seconds().max(0),
            None => 0,
        };
        Ok(Backlog {
            queued,
            sending,
            stale,
            failed,
            oldest_due_secs,
        })
    }

    /// Takes a due row, marking it `sending` until `lease_until`: with `take_over`, first a row
    /// whose lease ended (its worker died or lost the database mid-send: taken over, and sent
    /// with the same `Message-ID`, which is the row's id); else the oldest due queued row.
    /// Looking for ended leases is a write statement of its own, which cost 15 % of the outbox's
    /// throughput when done at every claim: workers do it about once a second.
    ///
    /// Each claim is one `UPDATE … RETURNING` statement: SQLite runs it under its write lock,
    /// which every process on the file shares; on PostgreSQL its subquery locks the row it picks
    /// and skips rows another claim has locked (`FOR UPDATE SKIP LOCKED`), and a row claimed
    /// meanwhile no longer matches when re-checked. Either way two workers of any instances
    /// never take the same row. On SQLite a lock-free read goes first, so an idle worker's poll
    /// takes no write lock (`nothing_due`). The lease's end is the claim's token: an outcome is recorded
    /// only by the claim that still holds the row ([`Db::mail_sent`] and the others).
    pub async fn claim_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        take_over: bool,
    ) -> DbResult<Option<Claimed>> {
        let (now, lease_until) = (timestamp(now), timestamp(lease_until));
        let skip_locked = match self.pool {
            Engine::Sqlite(_) => "",
            Engine::Postgres(_) => " FOR UPDATE SKIP LOCKED",
        };
        let mut row: Option<(i64, String, String, i64)> = None;
        let mut taken_over = take_over;
        let ended_leases = "state = 'sending' AND lease_until <= $1 ORDER BY lease_until, id";
        let due_rows = "state = 'queued' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id";
        for due in [ended_leases, due_rows].into_iter().skip(usize::from(!take_over)) {
            if self.nothing_due(due, &now).await? {
                taken_over = false;
                continue;
            }
            let sql = format!(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, lease_until = $2 \
                 WHERE id = (SELECT id FROM outbox WHERE {due} LIMIT 1{skip_locked}) \
                 RETURNING id, mailing_id, user_id, attempts"
            );
            row = on!(&self.pool, pool => sqlx::query(&sql)
                .bind(&now)
                .bind(&lease_until)
                .fetch_optional(pool)
                .await?
                .map(|r| (r.get("id"), r.get("mailing_id"), r.get("user_id"), r.get("attempts"))));
            if row.is_some() {
                break;
            }
            taken_over = false;
        }
        let Some((id, mailing_id, user_id, attempts)) = row else {
            return Ok(None);
        };
        let (structure_id, admin_login, by_teacher): (String, String, bool) = on!(&self.pool, pool => {
            let owner = sqlx::query("SELECT structure_id, admin_login, by_teacher FROM mailings WHERE id = $1")
                .bind(&mailing_id)
                .fetch_one(pool)
                .await?;
            (owner.get("structure_id"), owner.get("admin_login"), owner.get("by_teacher"))
        });
        Ok(Some(Claimed {
            id,
            mailing_id,
            user_id,
            attempts,
            lease_until,
            taken_over,
            structure_id,
            admin_login,
            by_teacher,
        }))
    }

    /// On SQLite, whether no row matches `due` at `now`, read without a lock. SQLite's
    /// `UPDATE` takes the file's one write lock even when it changes nothing, so idle workers
    /// polling five times a second each would make every import, sign-in and mailing of every
    /// process on the file queue behind them; a read takes no lock in WAL mode. On PostgreSQL
    /// an `UPDATE` that matches nothing locks nothing: always `false`, saving a round trip.
    async fn nothing_due(&self, due: &str, now: &str) -> DbResult<bool> {
        match &self.pool {
            Engine::Sqlite(pool) => Ok(sqlx::query(&format!("SELECT 1 FROM outbox WHERE {due} LIMIT 1"))
                .bind(now)
                .fetch_optional(pool)
                .await?
                .is_none()),
            Engine::Postgres(_) => Ok(false),
        }
    }

    /// Marks a claimed row sent and logs the distribution, in one commit. Nothing is recorded
    /// when the claim no longer holds the row (its lease ran out and another worker took it
    /// over, which then records its own outcome): the distribution is logged once.
    pub async fn mail_sent(&self, claimed: &Claimed) -> DbResult<()> {
        let mut tx = self.pool.begin().await?;
        let sql = format!(
            "UPDATE outbox SET state = 'sent', error = NULL, sent_at = $3, lease_until = NULL {HELD}"
        );
        let done = on!(&mut tx, tx => sqlx::query(&sql)
            .bind(claimed.id)
            .bind(&claimed.lease_until)
            .bind(timestamp(Utc::now()))
            .execute(&mut **tx)
            .await?
            .rows_affected());
        if done == 0 {
            return Ok(());
        }
        insert_distribution(
            &mut tx,
            &claimed.structure_id,
            &claimed.admin_login,
            claimed.by_teacher,
            Channel::Mail,
            std::slice::from_ref(&claimed.user_id),
        )
        .await?;
        tx.commit().await
    }

    /// Back to the queue after a temporary failure, due again at `at` (if the claim still holds).
    pub async fn mail_retry_at(&self, claimed: &Claimed, at: DateTime<Utc>, error: &str) -> DbResult<()> {
        let sql = format!(
            "UPDATE outbox SET state = 'queued', next_attempt_at = $3, error = $4, lease_until = NULL {HELD}"
        );
        on!(&self.pool, pool => sqlx::query(&sql)
            .bind(claimed.id)
            .bind(&claimed.lease_until)
            .bind(timestamp(at))
            .bind(error)
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// Given up: a permanent refusal, or too many temporary ones (if the claim still holds).
    pub async fn mail_failed(&self, claimed: &Claimed, error: &str) -> DbResult<()> {
        let sql = format!("UPDATE outbox SET state = 'failed', error = $3, lease_until = NULL {HELD}");
        on!(&self.pool, pool => sqlx::query(&sql)
            .bind(claimed.id)
            .bind(&claimed.lease_until)
            .bind(error)
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// A claim given up before its message was sent (the server is stopping): the row is queued
    /// again, due at once and its attempt not counted, so any worker takes it now rather than
    /// when the lease would have ended (if the claim still holds).
    pub async fn mail_handed_back(&self, claimed: &Claimed) -> DbResult<()> {
        let sql = format!(
            "UPDATE outbox SET state = 'queued', attempts = attempts - 1, next_attempt_at = $3, \
             lease_until = NULL {HELD}"
        );
        on!(&self.pool, pool => sqlx::query(&sql)
            .bind(claimed.id)
            .bind(&claimed.lease_until)
            .bind(timestamp(Utc::now()))
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// Queues the failed rows of a mailing again, with fresh attempts; returns how many.
    pub async fn retry_failed_mails(&self, mailing_id: &str) -> DbResult<u64> {
        on!(&self.pool, pool => Ok(sqlx::query(
            "UPDATE outbox SET state = 'queued', attempts = 0, error = NULL, next_attempt_at = $2 \
             WHERE mailing_id = $1 AND state = 'failed'",
        )
        .bind(mailing_id)
        .bind(timestamp(Utc::now()))
        .execute(pool)
        .await?
        .rows_affected()))
    }

    /// Whether the outbox must refuse to send `user_id`'s credentials for a mailing made by
    /// `admin_login`: the account is a central administrator's own and the mailing's author is
    /// not (or no longer) a central administrator. Checked at send time, because a mark can be
    /// set after the mailing was queued (an administrator created, an import) and a retry
    /// queues old rows again.
    pub async fn mail_forbidden(&self, admin_login: &str, user_id: &str) -> DbResult<bool> {
        on!(&self.pool, pool => Ok(sqlx::query(
            "SELECT u.central_admin AND NOT EXISTS \
             (SELECT 1 FROM admins a WHERE a.login = $1 AND a.role = 'central') AS forbidden \
             FROM users u WHERE u.id = $2",
        )
        .bind(admin_login)
        .bind(user_id)
        .fetch_optional(pool)
        .await?
        .is_some_and(|r| r.get::<bool, _>("forbidden"))))
    }

    /// One account of structure `structure_id` with that school's classes and children, and the
    /// structure: what an e-mail is made of. `None` when the account has been deleted, or has left
    /// that school, since the mailing was queued.
    pub async fn mail_recipient(
        &self,
        user_id: &str,
        structure_id: &str,
    ) -> DbResult<Option<(User, Structure)>> {
        let user = on!(&self.pool, pool => {
        let Some(row) = sqlx::query(
            "SELECT u.id, u.profile, u.first_name, u.last_name, u.login, u.activation_code, u.email, \
             u.created_at, u.blocked, su.local_admin FROM structure_users su JOIN users u ON u.id = su.user_id \
             WHERE su.user_id = $1 AND su.structure_id = $2",
        )
        .bind(user_id)
        .bind(structure_id)
        .fetch_optional(pool)
        .await?
        else {
            return Ok(None);
        };
        let profile: String = row.get("profile");
        let mut user = User {
            id: row.get("id"),
            profile: parse_profile(&profile)?,
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
        let classes: Vec<(String, String)> = sqlx::query_as(
            "SELECT c.id, c.name FROM memberships m JOIN classes c ON c.id = m.class_id \
             WHERE m.user_id = $1 AND c.structure_id = $2 ORDER BY c.name",
        )
        .bind(user_id)
        .bind(structure_id)
        .fetch_all(pool)
        .await?;
        user.classes = classes.into_iter().map(|(id, name)| ClassRef { id, name }).collect();
        let children: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT first_name, last_name, class_name FROM children \
             WHERE relative_id = $1 AND structure_id = $2 ORDER BY position",
        )
        .bind(user_id)
        .bind(structure_id)
        .fetch_all(pool)
        .await?;
        user.children = children
            .into_iter()
            .map(|(first_name, last_name, class_name)| ChildRef {
                first_name,
                last_name,
                class_name,
            })
            .collect();
        user
        });
        let structure = self
            .structure(structure_id)
            .await?
            .ok_or_else(|| sqlx::Error::Decode(format!("structure {structure_id} is gone").into()))?;
        Ok(Some((user, structure)))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use sqlx::Row;

    use crate::db::engine::on;
    use crate::db::Db;

    async fn states(db: &Db) -> Vec<(String, String, i64)> {
        on!(&db.pool, pool => sqlx::query("SELECT user_id, state, attempts FROM outbox ORDER BY user_id")
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get("user_id"), r.get("state"), r.get("attempts")))
            .collect())
    }

    /// A school and a mailing queued to `ids`, in `db`.
    async fn queue_mailing(db: &Db, ids: &[String]) {
        let school = crate::db::testing::test_school(db, "0751234A", "A").await;
        db.create_mailing(&school, "direction", "k", ids, 0)
            .await
            .unwrap();
    }

    /// What two instances on one database rely on: a row is claimed once while its lease runs,
    /// taken over (same row, so the same `Message-ID`) once it ends, and only the claim that holds
    /// the row records its outcome.
    #[tokio::test]
    async fn a_claim_is_a_lease_taken_over_when_it_ends_and_only_its_holder_records() {
        let (_dir, db) = crate::db::testing::temp_db().await;
        let ids = ["u1".to_owned(), "u2".to_owned()];
        queue_mailing(&db, &ids).await;
        let t0 = Utc::now();
        let lease = Duration::seconds(10);
        // A worker's claim at `at`, for one lease, taking over ended leases when `take_over`.
        let claim = |at: DateTime<Utc>, take_over: bool| db.claim_mail(at, at + lease, take_over);

        let first = claim(t0, true).await.unwrap().unwrap();
        let second = claim(t0, true).await.unwrap().unwrap();
        assert_ne!(first.id, second.id, "two claims, two rows");
        assert!(claim(t0, true).await.unwrap().is_none(), "both leased");
        let almost = t0 + lease - Duration::milliseconds(1);
        assert!(claim(almost, true).await.unwrap().is_none(), "not yet ended");

        // The first claim's worker died: its row is taken over, attempts counting both claims.
        let later = t0 + lease;
        assert!(
            claim(later, false).await.unwrap().is_none(),
            "ended leases are looked for only when asked"
        );
        let again = claim(later, true).await.unwrap().unwrap();
        assert_eq!((again.id, again.attempts, again.taken_over), (first.id, 2, true));
        assert!(!first.taken_over && !second.taken_over);
        // The dead claim comes back to life (a stalled process): its outcome changes nothing.
        db.mail_failed(&first, "stale").await.unwrap();
        db.mail_sent(&first).await.unwrap();
        assert_eq!(states(&db).await[0].1, "sending");
        db.mail_sent(&again).await.unwrap();
        db.mail_retry_at(&second, later, "421 try later").await.unwrap();
        assert_eq!(
            states(&db).await,
            [("u1".into(), "sent".into(), 2), ("u2".into(), "queued".into(), 1)]
        );
        let logged: i64 = on!(&db.pool, pool => sqlx::query("SELECT COUNT(*) AS n FROM distribution_users")
            .fetch_one(pool)
            .await
            .unwrap()
            .get("n"));
        assert_eq!(logged, 1, "the message is logged as distributed once");
        // A sent row is never claimed again, whatever the time.
        let far = Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap();
        let retried = claim(far, false).await.unwrap().unwrap();
        assert_eq!(retried.user_id, "u2");
        assert!(claim(far + lease, true)
            .await
            .unwrap()
            .is_some_and(|c| c.user_id == "u2"));
    }

    /// Workers racing for the outbox, as those of several instances do: every row is claimed
    /// once, none twice, on either engine (SQLite's write lock, PostgreSQL's `SKIP LOCKED`).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn racing_workers_claim_every_row_once() {
        let (_dir, db) = crate::db::testing::temp_db().await;
        let ids: Vec<String> = (0..60).map(|i| format!("u{i:02}")).collect();
        queue_mailing(&db, &ids).await;
        let now = Utc::now();
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..6 {
            let db = db.clone();
            workers.spawn(async move {
                let mut claimed = Vec::new();
                // A claim may find nothing while rows remain (on PostgreSQL, a row another
                // worker took meanwhile is re-checked and dropped): it is tried again.
                loop {
                    match db
                        .claim_mail(now, now + Duration::seconds(60), true)
                        .await
                        .unwrap()
                    {
                        Some(claim) => claimed.push(claim.user_id),
                        None if db.outbox_backlog(now).await.unwrap().queued == 0 => break,
                        None => tokio::task::yield_now().await,
                    }
                }
                claimed
            });
        }
        let mut all = Vec::new();
        while let Some(claimed) = workers.join_next().await {
            all.extend(claimed.unwrap());
        }
        all.sort();
        let claimed_once = all.len();
        all.dedup();
        assert_eq!(all.len(), claimed_once, "no row claimed twice");
        assert_eq!(all, ids, "every row claimed");
    }

    /// An idle worker's claim takes no write lock on SQLite: while another process holds the
    /// file's write lock (an import, a sign-in), a claim that finds nothing due answers at
    /// once, instead of waiting for the lock (the 5 s busy timeout, then « database is
    /// locked »). SQLite only, whatever `SESAME_TEST_POSTGRES` says: PostgreSQL has no such lock.
    #[tokio::test]
    async fn an_idle_claim_on_sqlite_does_not_wait_for_the_write_lock() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sesame.db");
        let db = Db::open(&file).await.unwrap();
        let ids = ["leased".to_owned(), "due_later".to_owned()];
        queue_mailing(&db, &ids).await;
        let t0 = Utc::now();
        let lease = Duration::seconds(60);
        db.claim_mail(t0, t0 + lease, true).await.unwrap().unwrap();
        // One row leased, the other due but not yet at `before`.
        let before = t0 - Duration::hours(1);

        let other_process = rusqlite::Connection::open(&file).unwrap();
        other_process.execute_batch("BEGIN IMMEDIATE").unwrap();
        let idle = tokio::time::timeout(
            std::time::Duration::from_secs(2),
            db.claim_mail(before, before + lease, true),
        )
        .await
        .expect("an idle claim answers while another connection holds the write lock");
        assert!(idle.unwrap().is_none(), "nothing is due at `before`");
        other_process.execute_batch("COMMIT").unwrap();

        let due = db.claim_mail(t0, t0 + lease, true).await.unwrap();
        assert!(
            due.is_some_and(|c| c.user_id == "due_later"),
            "a due row is still claimed"
        );
    }
}
