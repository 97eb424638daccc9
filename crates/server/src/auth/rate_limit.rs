//! Login rate limiting: a progressive delay per account, a hard limit per client address.
//!
//! - **Per account** (the login's key): the first [`FREE_FAILURES`] failures cost nothing; after
//!   that each attempt must wait for a delay since the previous one that doubles from 1 s up to
//!   [`MAX_DELAY`]. Nobody can lock an administrator out: whoever tries, the right password gets
//!   in at the latest [`MAX_DELAY`] after the last failure. A guesser, meanwhile, gets about one
//!   try a minute per account.
//! - **Per address**: [`ADDRESS_MAX_FAILURES`] failures within [`WINDOW`] block that address
//!   (429) until the window ends, whatever the account. Behind a reverse proxy this needs
//!   `SESAME_TRUSTED_PROXIES` (`crate::client`), or every client shares the proxy's address.
//!
//! An attempt is **reserved** before its password is checked, and counted as a failure from then
//! on: concurrent attempts cannot all slip past the limit while the first ones are still being
//! checked. Success forgets the account's failures and gives the address its attempt back; an
//! attempt that was never checked (the server was busy) is given back to both.
//!
//! The records live in the database (`db/login_failures.rs`, issue 10): every `sesame serve` on
//! it counts the same failures, so a brute force spread over instances meets one limit, and a
//! restart forgets nothing. This module is the policy — pure functions of a record and the time —
//! and [`RateLimiter`], the thin front the sign-in calls. A record is swept [`WINDOW`] after its
//! last failure; logins are capped in length before they reach this module.

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::db::{Db, DbResult, FailureKey};

/// Failures of an account before any delay.
pub const FREE_FAILURES: u32 = 5;
/// The longest delay an account's failures impose.
pub const MAX_DELAY: Duration = Duration::from_secs(60);
/// Failures of one address that block it.
pub const ADDRESS_MAX_FAILURES: u32 = 30;
/// How long a failure is remembered (an address's block lasts this long from its first failure).
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// The delay after `failures` failures of an account.
pub fn account_delay(failures: u32) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_FAILURES).min(16);
    Duration::from_secs(1u64 << doublings).min(MAX_DELAY)
}

/// What a record counts failures of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A login key: delayed, and starts afresh [`WINDOW`] after its last failure.
    Account,
    /// A client address: blocked, for [`WINDOW`] from the first failure of its window.
    Address,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Account => "account",
            Kind::Address => "address",
        }
    }
}

/// The failures of one account or address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    pub failures: u32,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
}

/// Whether `record` has started afresh at `now`.
fn expired(kind: Kind, record: &Record, now: DateTime<Utc>) -> bool {
    let since = match kind {
        Kind::Account => record.last,
        Kind::Address => record.first,
    };
    (now - since).to_std().is_ok_and(|age| age >= WINDOW)
}

/// Seconds an attempt must wait at `now` because of `record` (0: none), rounded up: retrying
/// after `Retry-After` seconds must find the way open.
pub fn wait(kind: Kind, record: &Record, now: DateTime<Utc>) -> u64 {
    if expired(kind, record, now) {
        return 0;
    }
    let until = match kind {
        Kind::Account => record.last + to_chrono(account_delay(record.failures)),
        Kind::Address if record.failures >= ADDRESS_MAX_FAILURES => record.first + to_chrono(WINDOW),
        Kind::Address => return 0,
    };
    let wait = (until - now).to_std().unwrap_or(Duration::ZERO);
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

/// `record` with one more failure at `now` (a fresh one if it expired or there was none).
pub fn counted(kind: Kind, record: Option<Record>, now: DateTime<Utc>) -> Record {
    match record.filter(|r| !expired(kind, r, now)) {
        Some(r) => Record {
            failures: r.failures.saturating_add(1),
            last: now,
            ..r
        },
        None => Record {
            failures: 1,
            first: now,
            last: now,
        },
    }
}

/// `record` with one failure fewer; none left when it was the last.
pub fn uncounted(record: Record) -> Option<Record> {
    let failures = record.failures.saturating_sub(1);
    (failures > 0).then_some(Record { failures, ..record })
}

fn to_chrono(duration: Duration) -> chrono::Duration {
    chrono::Duration::from_std(duration).expect("a short duration")
}

/// The limiter the sign-in asks: the policy above over the database's records.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    db: Db,
}

/// An attempt let through and already counted as a failure; say how it ended.
#[derive(Debug)]
#[must_use = "an attempt ends as a success, a failure or a cancellation"]
pub struct Reservation {
    account: FailureKey,
    address: Option<FailureKey>,
}

impl Reservation {
    fn keys(&self) -> Vec<FailureKey> {
        std::iter::once(self.account.clone())
            .chain(self.address.clone())
            .collect()
    }
}

impl RateLimiter {
    pub fn new(db: Db) -> RateLimiter {
        RateLimiter { db }
    }

    /// Lets an attempt on account `account` (a login key) from `address` through, counting it as
    /// a failure until told otherwise; `Ok(Err(seconds to wait))` when the account's delay or
    /// the address's block is running.
    pub async fn reserve(
        &self,
        account: &str,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> DbResult<Result<Reservation, u64>> {
        let reservation = Reservation {
            account: FailureKey {
                kind: Kind::Account,
                key: account.to_owned(),
            },
            address: address.map(|ip| FailureKey {
                kind: Kind::Address,
                key: ip.to_string(),
            }),
        };
        Ok(self
            .db
            .reserve_sign_in(&reservation.keys(), now)
            .await?
            .map(|()| reservation))
    }

    /// The password was right: the account starts afresh, the address gets its attempt back.
    pub async fn succeeded(&self, reservation: Reservation) -> DbResult<()> {
        self.db.forget_sign_in_failures(&reservation.account).await?;
        match &reservation.address {
            Some(address) => self.db.uncount_sign_in(std::slice::from_ref(address)).await,
            None => Ok(()),
        }
    }

    /// The password was wrong: it stays counted.
    pub fn failed(&self, reservation: Reservation) {
        drop(reservation);
    }

    /// The password was never checked (server busy): both get their attempt back.
    pub async fn cancelled(&self, reservation: Reservation) -> DbResult<()> {
        self.db.uncount_sign_in(&reservation.keys()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> Option<IpAddr> {
        Some(IpAddr::from([192, 0, 2, n]))
    }

    fn secs(n: u64) -> chrono::Duration {
        to_chrono(Duration::from_secs(n))
    }

    async fn open_limiter() -> (tempfile::TempDir, RateLimiter) {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::testing::open_test_db(dir.path()).await;
        (dir, RateLimiter::new(db))
    }

    /// An attempt let through, or the wait.
    async fn reserve(
        limiter: &RateLimiter,
        account: &str,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<Reservation, u64> {
        limiter.reserve(account, address, now).await.unwrap()
    }

    #[test]
    fn the_delay_grows_from_one_second_to_the_cap() {
        let delays: Vec<u64> = (0..14).map(|n| account_delay(n).as_secs()).collect();
        assert_eq!(delays, [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(account_delay(u32::MAX), MAX_DELAY);
    }

    #[tokio::test]
    async fn an_account_is_delayed_never_locked() {
        let (_dir, limiter) = open_limiter().await;
        let start = Utc::now();
        for i in 0..FREE_FAILURES {
            // From different addresses: an attacker's, spread out.
            limiter.failed(reserve(&limiter, "ana", ip(i as u8), start).await.unwrap());
        }
        assert_eq!(reserve(&limiter, "ana", ip(99), start).await.unwrap_err(), 1);
        // Another account is not concerned.
        limiter.failed(reserve(&limiter, "bob", ip(99), start).await.unwrap());
        // The delay passes, the owner gets in, and starts afresh.
        let later = start + secs(1);
        let owner = reserve(&limiter, "ana", ip(99), later).await.unwrap();
        limiter.succeeded(owner).await.unwrap();
        for _ in 0..FREE_FAILURES {
            limiter.failed(reserve(&limiter, "ana", ip(99), later).await.unwrap());
        }
        // However long the attack, the wait never exceeds the cap.
        let mut now = later;
        for i in 0..12 {
            let wait = reserve(&limiter, "ana", ip(100 + i), now).await.unwrap_err();
            assert!(wait <= MAX_DELAY.as_secs(), "{wait}");
            now += secs(wait);
            limiter.failed(reserve(&limiter, "ana", ip(100 + i), now).await.unwrap());
        }
        assert_eq!(
            reserve(&limiter, "ana", ip(1), now).await.unwrap_err(),
            MAX_DELAY.as_secs()
        );
    }

    #[tokio::test]
    async fn concurrent_attempts_are_counted_before_they_are_checked() {
        let (_dir, limiter) = open_limiter().await;
        let now = Utc::now();
        // Sixteen attempts at once, as many tasks: the transaction lets five through.
        let attempts = (0..16).map(|_| {
            let limiter = limiter.clone();
            tokio::spawn(async move { limiter.reserve("ana", ip(1), now).await.unwrap().ok() })
        });
        let mut reserved = Vec::new();
        for attempt in attempts {
            reserved.extend(attempt.await.unwrap());
        }
        assert_eq!(
            reserved.len(),
            FREE_FAILURES as usize,
            "the rest wait, even unchecked"
        );
        for reservation in reserved {
            limiter.cancelled(reservation).await.unwrap();
        }
        assert_eq!(
            limiter.db.sign_in_failure_records().await.unwrap(),
            0,
            "cancelled attempts leave nothing behind"
        );
    }

    #[tokio::test]
    async fn an_address_is_blocked_for_the_window_whatever_the_account() {
        let (_dir, limiter) = open_limiter().await;
        let start = Utc::now();
        for n in 0..ADDRESS_MAX_FAILURES {
            limiter.failed(
                reserve(&limiter, &format!("user{n}"), ip(7), start)
                    .await
                    .unwrap(),
            );
        }
        let wait = reserve(&limiter, "someone", ip(7), start + secs(60))
            .await
            .unwrap_err();
        assert_eq!(wait, (WINDOW - Duration::from_secs(60)).as_secs());
        assert!(
            reserve(&limiter, "someone", ip(8), start).await.is_ok(),
            "another address is not"
        );
        assert!(
            reserve(&limiter, "someone", ip(7), start + to_chrono(WINDOW))
                .await
                .is_ok(),
            "the window ends"
        );

        // A success gives the address its attempt back.
        let (_dir, limiter) = open_limiter().await;
        for n in 0..ADDRESS_MAX_FAILURES - 1 {
            limiter.failed(
                reserve(&limiter, &format!("user{n}"), ip(7), start)
                    .await
                    .unwrap(),
            );
        }
        let owner = reserve(&limiter, "owner", ip(7), start).await.unwrap();
        limiter.succeeded(owner).await.unwrap();
        assert!(reserve(&limiter, "owner", ip(7), start).await.is_ok());
    }

    #[tokio::test]
    async fn stale_records_are_swept() {
        let (_dir, limiter) = open_limiter().await;
        let start = Utc::now();
        for n in 0..50u8 {
            limiter.failed(
                reserve(&limiter, &format!("sprayed-{n}"), ip(n), start)
                    .await
                    .unwrap(),
            );
        }
        assert_eq!(limiter.db.sign_in_failure_records().await.unwrap(), 100);
        let later = start + to_chrono(WINDOW) + secs(1);
        limiter.failed(reserve(&limiter, "late", ip(1), later).await.unwrap());
        assert_eq!(
            limiter.db.sign_in_failure_records().await.unwrap(),
            2,
            "everything older than the window is gone"
        );
    }
}
