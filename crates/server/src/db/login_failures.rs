//! The sign-in rate limiter's records (`sesame_core::access::login_limits` decides, this module
//! stores), in the database so that every instance on it counts the same failures.
//!
//! A reservation reads and writes an attempt's records (its account, address, device cookie and
//! the global budget) in one serialised write transaction (`Pool::begin_serialised`: SQLite's
//! `BEGIN IMMEDIATE` takes its write lock first, PostgreSQL an advisory lock every instance asks
//! for), so two instances cannot both read the same count and both let an attempt through.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::engine::{on, Tx};
use super::{parse_timestamp, timestamp, Db, DbResult};
use sesame_core::access::login_limits::{self as rate_limit, Record, Verdict};

pub use sesame_core::access::login_limits::FailureKey;

/// The number of the PostgreSQL advisory lock that serialises the limiter's transactions (any
/// constant, the same in every instance: "sesame-l" in ASCII).
const LOCK: i64 = 0x7365_7361_6d65_2d6c;

impl Db {
    /// Lets an attempt on `keys` through at `now` (the policy: `rate_limit::decide`), counting
    /// it as a failure of each key the policy names, which it returns; or says how many seconds
    /// to wait, having counted the refusal against the keys the policy names for that (the
    /// address). Records older than the window are swept first, so the table holds the last
    /// [`rate_limit::WINDOW`] of failures at most.
    pub async fn reserve_sign_in(
        &self,
        keys: &[FailureKey],
        now: DateTime<Utc>,
    ) -> DbResult<Result<Vec<FailureKey>, u64>> {
        let mut tx = self.pool.begin_serialised(LOCK).await?;
        let window = chrono::Duration::from_std(rate_limit::WINDOW).expect("a short window");
        on!(&mut tx, tx => sqlx::query("DELETE FROM login_failures WHERE last_at < $1")
            .bind(timestamp(now - window))
            .execute(&mut **tx)
            .await
            .map(|_| ())?);
        let mut records = Vec::with_capacity(keys.len());
        for key in keys {
            records.push(read(&mut tx, key).await?);
        }
        let (outcome, count) = match rate_limit::decide(keys, &records, now) {
            Verdict::Allowed(count) => (Ok(count.clone()), count),
            Verdict::Refused { wait, count } => (Err(wait), count),
        };
        for (key, record) in keys.iter().zip(records) {
            if count.contains(key) {
                write(&mut tx, key, Some(rate_limit::counted(key.kind, record, now))).await?;
            }
        }
        tx.commit().await?;
        Ok(outcome)
    }

    /// Takes back one counted failure of each of `keys` (an attempt that succeeded, for an
    /// address, or was never checked).
    pub async fn uncount_sign_in(&self, keys: &[FailureKey]) -> DbResult<()> {
        let mut tx = self.pool.begin_serialised(LOCK).await?;
        for key in keys {
            let record = read(&mut tx, key).await?;
            write(&mut tx, key, record.and_then(rate_limit::uncounted)).await?;
        }
        tx.commit().await
    }

    /// Forgets every failure of `key` (an account whose owner signed in).
    pub async fn forget_sign_in_failures(&self, key: &FailureKey) -> DbResult<()> {
        on!(&self.pool, pool => sqlx::query("DELETE FROM login_failures WHERE kind = $1 AND key = $2")
            .bind(key.kind.as_str())
            .bind(&key.key)
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// Records held, for tests and figures.
    pub async fn sign_in_failure_records(&self) -> DbResult<i64> {
        on!(&self.pool, pool => Ok(sqlx::query("SELECT COUNT(*) AS n FROM login_failures")
            .fetch_one(pool)
            .await?
            .get("n")))
    }
}

async fn read(tx: &mut Tx, key: &FailureKey) -> DbResult<Option<Record>> {
    let row: Option<(i64, String, String)> = on!(tx, tx => sqlx::query(
        "SELECT failures, first_at, last_at FROM login_failures WHERE kind = $1 AND key = $2",
    )
    .bind(key.kind.as_str())
    .bind(&key.key)
    .fetch_optional(&mut **tx)
    .await?
    .map(|row| (row.get("failures"), row.get("first_at"), row.get("last_at"))));
    let Some((failures, first, last)) = row else {
        return Ok(None);
    };
    Ok(Some(Record {
        failures: u32::try_from(failures).unwrap_or(u32::MAX),
        first: parse_timestamp(&first)?,
        last: parse_timestamp(&last)?,
    }))
}

/// Stores `record` for `key`, or deletes the key's record when there is none left.
async fn write(tx: &mut Tx, key: &FailureKey, record: Option<Record>) -> DbResult<()> {
    let Some(record) = record else {
        return on!(tx, tx => sqlx::query("DELETE FROM login_failures WHERE kind = $1 AND key = $2")
            .bind(key.kind.as_str())
            .bind(&key.key)
            .execute(&mut **tx)
            .await
            .map(|_| ()));
    };
    on!(tx, tx => sqlx::query(
        "INSERT INTO login_failures (kind, key, failures, first_at, last_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (kind, key) DO UPDATE SET failures = excluded.failures, \
         first_at = excluded.first_at, last_at = excluded.last_at",
    )
    .bind(key.kind.as_str())
    .bind(&key.key)
    .bind(i64::from(record.failures))
    .bind(timestamp(record.first))
    .bind(timestamp(record.last))
    .execute(&mut **tx)
    .await
    .map(|_| ()))
}

#[cfg(test)]
mod tests {
    //! Reservations racing on one account, as attempts spread over instances do: the five
    //! free failures are five, however many arrive at once, on either engine.

    use chrono::Utc;

    use crate::auth::rate_limit::AttemptKeys;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn attempts_racing_on_one_account_get_five_free_failures_in_all() {
        let (_dir, db) = crate::db::testing::temp_db().await;
        let now = Utc::now();
        let keys = AttemptKeys::new("direction", None, None).all();
        let mut attempts = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let (db, keys) = (db.clone(), keys.clone());
            attempts.spawn(async move { db.reserve_sign_in(&keys, now).await.unwrap() });
        }
        let mut let_through = 0;
        while let Some(outcome) = attempts.join_next().await {
            if outcome.unwrap().is_ok() {
                let_through += 1;
            }
        }
        assert_eq!(let_through, 5);
        // The account's record and the global one.
        assert_eq!(db.sign_in_failure_records().await.unwrap(), 2);
    }
}
