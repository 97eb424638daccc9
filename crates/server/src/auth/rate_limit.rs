//! Login rate limiting: guessing made slow without making the owner wait (OWASP's « device
//! cookies » pattern).
//!
//! Whoever tries, an attempt is one of two kinds:
//! - **trusted**: the client shows a device cookie for this login (`auth::device`: given at each
//!   successful sign-in, kept across sign-out, signed with a key only the server has), and that
//!   cookie has not failed [`DEVICE_MAX_FAILURES`] times within [`WINDOW`]. It goes through
//!   whatever strangers do: no account delay, no address block, no global budget. Its failures
//!   count against the cookie alone. The owner on their usual browser is never kept out, even
//!   behind the same address as an attacker (a school's NAT).
//! - **untrusted**, everyone else:
//!   - **per account** (the login's key): the first [`FREE_FAILURES`] failures cost nothing;
//!     after that each attempt must wait for a delay since the previous failure that doubles from
//!     1 s up to [`MAX_DELAY`] — except from an address with no recent failure, which is let
//!     through (the owner on a new browser at home is not the one hammering);
//!   - **per address**: [`ADDRESS_MAX_FAILURES`] failures within [`WINDOW`] block that address
//!     (429) until the window ends, whatever the account. A refused attempt (429) counts against
//!     the address too, so polling for the next free slot blocks the poller. Behind a reverse
//!     proxy this needs `SESAME_TRUSTED_PROXIES` (`crate::client`);
//!   - **globally**: [`GLOBAL_MAX_FAILURES`] failed untrusted attempts within [`WINDOW`], across
//!     every account and address, stop untrusted attempts until the window ends: a spray from
//!     many addresses, each with its one free guess, meets a bound.
//!
//! An attempt is **reserved** before its password is checked, and counted as a failure from then
//! on: concurrent attempts cannot all slip past the limit while the first ones are still being
//! checked. Success forgets the account's and the device's failures and gives the address and the
//! global budget their attempt back; an attempt that was never checked (the server was busy) is
//! given back to all.
//!
//! The records live in the database (`db/login_failures.rs`): every `sesame serve` on it counts
//! the same failures, so a brute force spread over instances meets one limit, and a restart
//! forgets nothing. The policy — pure functions of records and the time ([`decide`]) — is
//! core's (`sesame_core::access::login_limits`); this module is [`RateLimiter`], the thin front the
//! sign-in calls. A record is swept [`WINDOW`] after its last failure; logins are capped in
//! length before they reach this module.

use chrono::{DateTime, Utc};

use crate::db::{Db, DbResult};

pub use sesame_core::access::login_limits::*;

/// The limiter the sign-in asks: the policy above over the database's records.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    db: Db,
}

/// An attempt let through and already counted as a failure; say how it ended.
#[derive(Debug)]
#[must_use = "an attempt ends as a success, a failure or a cancellation"]
pub struct Reservation {
    /// What the attempt counts against.
    counted: Vec<FailureKey>,
    /// The attempt showed a valid device cookie for its login and was trusted.
    pub trusted: bool,
}

impl RateLimiter {
    pub fn new(db: Db) -> RateLimiter {
        RateLimiter { db }
    }

    /// Lets an attempt on `keys` through, counting it as a failure until told otherwise;
    /// `Ok(Err(seconds to wait))` when the account's delay, the address's block or the global
    /// budget runs (the refusal then counts against the address).
    pub async fn reserve(
        &self,
        keys: &AttemptKeys,
        now: DateTime<Utc>,
    ) -> DbResult<Result<Reservation, u64>> {
        Ok(self
            .db
            .reserve_sign_in(&keys.all(), now)
            .await?
            .map(|counted| Reservation {
                trusted: counted.iter().any(|k| k.kind == Kind::Device),
                counted,
            }))
    }

    /// The password was right: the account and the device start afresh, the address and the
    /// global budget get their attempt back.
    pub async fn succeeded(&self, keys: &AttemptKeys, reservation: Reservation) -> DbResult<()> {
        self.db.forget_sign_in_failures(&keys.account).await?;
        if let Some(device) = &keys.device {
            self.db.forget_sign_in_failures(device).await?;
        }
        let given_back: Vec<FailureKey> = reservation
            .counted
            .into_iter()
            .filter(|k| matches!(k.kind, Kind::Address | Kind::Global))
            .collect();
        self.db.uncount_sign_in(&given_back).await
    }

    /// The password was wrong: it stays counted.
    pub fn failed(&self, reservation: Reservation) {
        drop(reservation);
    }

    /// The password was never checked (server busy): every count is given back.
    pub async fn cancelled(&self, reservation: Reservation) -> DbResult<()> {
        self.db.uncount_sign_in(&reservation.counted).await
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;
    use std::time::Duration;

    use super::*;

    fn ip(n: u8) -> Option<IpAddr> {
        Some(IpAddr::from([192, 0, 2, n]))
    }

    fn secs(n: u64) -> chrono::Duration {
        to_chrono(Duration::from_secs(n))
    }

    async fn open_limiter() -> (tempfile::TempDir, RateLimiter) {
        let (dir, db) = crate::db::testing::temp_db().await;
        (dir, RateLimiter::new(db))
    }

    /// An attempt without a device cookie let through, or the wait.
    async fn reserve(
        limiter: &RateLimiter,
        account: &str,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<Reservation, u64> {
        let keys = AttemptKeys::new(account, address, None);
        limiter.reserve(&keys, now).await.unwrap()
    }

    /// The same with the device cookie `device`.
    async fn reserve_on(
        limiter: &RateLimiter,
        account: &str,
        address: Option<IpAddr>,
        device: &str,
        now: DateTime<Utc>,
    ) -> Result<Reservation, u64> {
        let keys = AttemptKeys::new(account, address, Some(device));
        limiter.reserve(&keys, now).await.unwrap()
    }

    /// Fails as `account` from `address` the [`FREE_FAILURES`] times that cost nothing.
    async fn fail_freely(limiter: &RateLimiter, account: &str, address: Option<IpAddr>, now: DateTime<Utc>) {
        for _ in 0..FREE_FAILURES {
            limiter.failed(reserve(limiter, account, address, now).await.unwrap());
        }
    }

    /// `count` failed sign-ins from `address`, each to another account (`user0`, `user1`…): a
    /// password sprayed across accounts, which only the address's own limit stops.
    async fn spray(limiter: &RateLimiter, count: u32, address: Option<IpAddr>, now: DateTime<Utc>) {
        for n in 0..count {
            limiter.failed(reserve(limiter, &format!("user{n}"), address, now).await.unwrap());
        }
    }

    #[test]
    fn the_delay_grows_from_one_second_to_the_cap() {
        let delays: Vec<u64> = (0..14).map(|n| account_delay(n).as_secs()).collect();
        assert_eq!(delays, [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(account_delay(u32::MAX), MAX_DELAY);
    }

    #[tokio::test]
    async fn an_account_is_delayed_for_addresses_that_failed_never_locked() {
        let (_dir, limiter) = open_limiter().await;
        let start = Utc::now();
        fail_freely(&limiter, "ana", ip(1), start).await;
        assert_eq!(reserve(&limiter, "ana", ip(1), start).await.unwrap_err(), 1);
        // Unknown address (no connection info): delayed too.
        assert_eq!(reserve(&limiter, "ana", None, start).await.unwrap_err(), 1);
        // Another account is not concerned.
        limiter.failed(reserve(&limiter, "bob", ip(1), start).await.unwrap());
        // An address with no failure goes through the delay: the owner elsewhere gets in.
        let owner = reserve(&limiter, "ana", ip(99), start).await.unwrap();
        let keys = AttemptKeys::new("ana", ip(99), None);
        limiter.succeeded(&keys, owner).await.unwrap();
        fail_freely(&limiter, "ana", ip(1), start).await;
        // However long the attack from one address, its wait never exceeds the cap.
        let mut now = start;
        for _ in 0..8 {
            let wait = reserve(&limiter, "ana", ip(1), now).await.unwrap_err();
            assert!(wait <= MAX_DELAY.as_secs(), "{wait}");
            now += secs(wait);
            match reserve(&limiter, "ana", ip(1), now).await {
                Ok(attempt) => limiter.failed(attempt),
                // Its refusals counted against it: blocked for the window.
                Err(wait) => assert!(wait > MAX_DELAY.as_secs(), "{wait}"),
            }
        }
    }

    #[tokio::test]
    async fn refusals_count_against_the_address_and_block_it() {
        let (_dir, limiter) = open_limiter().await;
        let start = Utc::now();
        fail_freely(&limiter, "ana", ip(7), start).await;
        // Polling for the next free slot: each 429 counts.
        for _ in 0..ADDRESS_MAX_FAILURES {
            let _ = reserve(&limiter, "ana", ip(7), start).await;
        }
        let later = start + secs(70);
        let wait = reserve(&limiter, "ana", ip(7), later).await.unwrap_err();
        assert_eq!(
            wait,
            (WINDOW - Duration::from_secs(70)).as_secs(),
            "blocked, delay or not"
        );
        assert_eq!(reserve(&limiter, "zoe", ip(7), later).await.unwrap_err(), wait);
        assert!(reserve(&limiter, "zoe", ip(8), later).await.is_ok());
    }

    #[tokio::test]
    async fn a_device_cookie_goes_through_delays_and_blocks_until_it_fails_itself() {
        let (_dir, limiter) = open_limiter().await;
        let start = Utc::now();
        // The attacker shares the owner's address, and blocks it.
        for _ in 0..ADDRESS_MAX_FAILURES + 5 {
            if let Ok(attempt) = reserve(&limiter, "ana", ip(7), start).await {
                limiter.failed(attempt);
            }
        }
        assert!(reserve(&limiter, "ana", ip(7), start).await.is_err());
        let owner = reserve_on(&limiter, "ana", ip(7), "owner-device", start)
            .await
            .unwrap();
        assert!(owner.trusted);
        let keys = AttemptKeys::new("ana", ip(7), Some("owner-device"));
        limiter.succeeded(&keys, owner).await.unwrap();
        // A device that keeps failing is trusted no more, and meets the rules of strangers.
        for _ in 0..DEVICE_MAX_FAILURES {
            limiter.failed(reserve_on(&limiter, "ana", ip(7), "stolen", start).await.unwrap());
        }
        assert!(reserve_on(&limiter, "ana", ip(7), "stolen", start).await.is_err());
        let elsewhere = reserve_on(&limiter, "ana", ip(9), "stolen", start).await.unwrap();
        assert!(!elsewhere.trusted);
    }

    #[tokio::test]
    async fn the_global_budget_stops_a_spray_from_many_addresses() {
        let (_dir, limiter) = open_limiter().await;
        let start = Utc::now();
        let address = |n: u32| Some(IpAddr::from(n.to_be_bytes()));
        for n in 0..GLOBAL_MAX_FAILURES {
            let attempt = reserve(&limiter, "ana", address(0x0a00_0000 + n), start).await;
            limiter.failed(attempt.unwrap());
        }
        let fresh = address(0x0b00_0000);
        let wait = reserve(&limiter, "someone.else", fresh, start).await.unwrap_err();
        assert_eq!(wait, WINDOW.as_secs());
        // The owner's browser still gets in.
        assert!(reserve_on(&limiter, "ana", fresh, "owner-device", start)
            .await
            .is_ok());
        assert!(
            reserve(&limiter, "someone.else", fresh, start + to_chrono(WINDOW))
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn concurrent_attempts_are_counted_before_they_are_checked() {
        let (_dir, limiter) = open_limiter().await;
        let now = Utc::now();
        // Sixteen attempts at once, as many tasks: the transaction lets five through.
        let attempts = (0..16).map(|_| {
            let limiter = limiter.clone();
            tokio::spawn(async move {
                let keys = AttemptKeys::new("ana", ip(1), None);
                limiter.reserve(&keys, now).await.unwrap().ok()
            })
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
        // The eleven refusals stay counted against the address; nothing else is left.
        assert_eq!(limiter.db.sign_in_failure_records().await.unwrap(), 1);
    }

    #[tokio::test]
    async fn an_address_is_blocked_for_the_window_whatever_the_account() {
        let (_dir, limiter) = open_limiter().await;
        let start = Utc::now();
        spray(&limiter, ADDRESS_MAX_FAILURES, ip(7), start).await;
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
        spray(&limiter, ADDRESS_MAX_FAILURES - 1, ip(7), start).await;
        let owner = reserve(&limiter, "owner", ip(7), start).await.unwrap();
        let keys = AttemptKeys::new("owner", ip(7), None);
        limiter.succeeded(&keys, owner).await.unwrap();
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
        // 50 accounts, 50 addresses, the global record.
        assert_eq!(limiter.db.sign_in_failure_records().await.unwrap(), 101);
        let later = start + to_chrono(WINDOW) + secs(1);
        limiter.failed(reserve(&limiter, "late", ip(1), later).await.unwrap());
        assert_eq!(
            limiter.db.sign_in_failure_records().await.unwrap(),
            3,
            "everything older than the window is gone"
        );
    }
}
