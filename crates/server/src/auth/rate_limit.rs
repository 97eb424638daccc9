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
//! An attempt is **reserved** under the lock before its password is checked, and counted as a
//! failure from then on: concurrent attempts cannot all slip past the limit while the first ones
//! are still being checked. Success forgets the account's failures and gives the address its
//! attempt back; an attempt that was never checked (the server was busy) is given back to both.
//!
//! Memory is bounded: a record is forgotten [`WINDOW`] after its last failure (swept at most
//! once a minute), and each table holds at most [`MAX_KEYS`] records; when full, the record
//! least recently failed goes first. Logins are capped in length before they reach this module.
//! Kept in memory: a restart forgets it, which only gives an attacker a few more tries.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures of an account before any delay.
pub const FREE_FAILURES: u32 = 5;
/// The longest delay an account's failures impose.
pub const MAX_DELAY: Duration = Duration::from_secs(60);
/// Failures of one address that block it.
pub const ADDRESS_MAX_FAILURES: u32 = 30;
/// How long a failure is remembered (an address's block lasts this long from its first failure).
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Records per table at most (accounts, addresses): a few megabytes.
pub const MAX_KEYS: usize = 10_000;
/// How often stale records are swept.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// The delay after `failures` failures of an account.
pub fn account_delay(failures: u32) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_FAILURES).min(16);
    Duration::from_secs(1u64 << doublings).min(MAX_DELAY)
}

#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    first: Instant,
    last: Instant,
}

#[derive(Debug, Default)]
struct Tables {
    accounts: HashMap<String, Record>,
    addresses: HashMap<IpAddr, Record>,
    swept: Option<Instant>,
}

#[derive(Debug, Default)]
pub struct RateLimiter {
    tables: Mutex<Tables>,
}

/// An attempt let through and already counted as a failure; say how it ended.
#[derive(Debug)]
#[must_use = "an attempt ends as a success, a failure or a cancellation"]
pub struct Reservation {
    account: String,
    address: Option<IpAddr>,
}

impl RateLimiter {
    /// Lets an attempt on account `account` (a login key) from `address` through, counting it as
    /// a failure until told otherwise; `Err(seconds to wait)` when the account's delay or the
    /// address's block is running.
    pub fn reserve(&self, account: &str, address: Option<IpAddr>, now: Instant) -> Result<Reservation, u64> {
        let mut tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        tables.sweep(now);
        let mut wait = Duration::ZERO;
        if let Some(record) = tables.accounts.get(account) {
            if !Expiry::SinceLast.expired(record, now) {
                let allowed_at = record.last + account_delay(record.failures);
                wait = wait.max(allowed_at.saturating_duration_since(now));
            }
        }
        if let Some(record) = address.and_then(|a| tables.addresses.get(&a)) {
            if record.failures >= ADDRESS_MAX_FAILURES && !Expiry::SinceFirst.expired(record, now) {
                wait = wait.max((record.first + WINDOW).saturating_duration_since(now));
            }
        }
        if !wait.is_zero() {
            // Rounded up: retrying after `Retry-After` seconds must find the way open.
            return Err(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
        }
        count(&mut tables.accounts, account.to_owned(), now, Expiry::SinceLast);
        if let Some(address) = address {
            count(&mut tables.addresses, address, now, Expiry::SinceFirst);
        }
        Ok(Reservation {
            account: account.to_owned(),
            address,
        })
    }

    /// The password was right: the account starts afresh, the address gets its attempt back.
    pub fn succeeded(&self, reservation: Reservation) {
        let mut tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        tables.accounts.remove(&reservation.account);
        if let Some(address) = reservation.address {
            uncount(&mut tables.addresses, &address);
        }
    }

    /// The password was wrong: it stays counted.
    pub fn failed(&self, reservation: Reservation) {
        drop(reservation);
    }

    /// The password was never checked (server busy): both get their attempt back.
    pub fn cancelled(&self, reservation: Reservation) {
        let mut tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        uncount(&mut tables.accounts, &reservation.account);
        if let Some(address) = reservation.address {
            uncount(&mut tables.addresses, &address);
        }
    }

    /// Records held (accounts, addresses), for tests and figures.
    pub fn len(&self) -> (usize, usize) {
        let tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        (tables.accounts.len(), tables.addresses.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == (0, 0)
    }
}

impl Tables {
    /// Forgets records whose last failure left the window, at most once per [`SWEEP_EVERY`].
    fn sweep(&mut self, now: Instant) {
        if self
            .swept
            .is_some_and(|at| now.saturating_duration_since(at) < SWEEP_EVERY)
        {
            return;
        }
        self.swept = Some(now);
        self.accounts.retain(|_, r| !Expiry::SinceLast.expired(r, now));
        self.addresses.retain(|_, r| !Expiry::SinceFirst.expired(r, now));
    }
}

/// When a record starts afresh: an account's [`WINDOW`] after its last failure, an address's
/// [`WINDOW`] after the first failure of its window (so that its block ends).
#[derive(Debug, Clone, Copy)]
enum Expiry {
    SinceLast,
    SinceFirst,
}

impl Expiry {
    fn expired(self, record: &Record, now: Instant) -> bool {
        let since = match self {
            Expiry::SinceLast => record.last,
            Expiry::SinceFirst => record.first,
        };
        now.saturating_duration_since(since) >= WINDOW
    }
}

fn count<K: std::hash::Hash + Eq + Clone>(
    table: &mut HashMap<K, Record>,
    key: K,
    now: Instant,
    expiry: Expiry,
) {
    let fresh = Record {
        failures: 0,
        first: now,
        last: now,
    };
    if let Some(record) = table.get_mut(&key) {
        if expiry.expired(record, now) {
            *record = fresh;
        }
        record.failures += 1;
        record.last = now;
        return;
    }
    if table.len() >= MAX_KEYS {
        // Full of fresh records (a spray of logins or addresses): the least recently failed goes.
        if let Some(oldest) = table.iter().min_by_key(|(_, r)| r.last).map(|(k, _)| k.clone()) {
            table.remove(&oldest);
        }
    }
    table.insert(key, Record { failures: 1, ..fresh });
}

fn uncount<K: std::hash::Hash + Eq>(table: &mut HashMap<K, Record>, key: &K) {
    if let Some(record) = table.get_mut(key) {
        record.failures = record.failures.saturating_sub(1);
        if record.failures == 0 {
            table.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> Option<IpAddr> {
        Some(IpAddr::from([192, 0, 2, n]))
    }

    #[test]
    fn the_delay_grows_from_one_second_to_the_cap() {
        let delays: Vec<u64> = (0..14).map(|n| account_delay(n).as_secs()).collect();
        assert_eq!(delays, [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(account_delay(u32::MAX), MAX_DELAY);
    }

    #[test]
    fn an_account_is_delayed_never_locked() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for i in 0..FREE_FAILURES {
            // From different addresses: an attacker's, spread out.
            limiter.failed(limiter.reserve("ana", ip(i as u8), start).unwrap());
        }
        assert_eq!(limiter.reserve("ana", ip(99), start).unwrap_err(), 1);
        // Another account is not concerned.
        limiter.failed(limiter.reserve("bob", ip(99), start).unwrap());
        // The delay passes, the owner gets in, and starts afresh.
        let later = start + Duration::from_secs(1);
        limiter.succeeded(limiter.reserve("ana", ip(99), later).unwrap());
        for _ in 0..FREE_FAILURES {
            limiter.failed(limiter.reserve("ana", ip(99), later).unwrap());
        }
        // However long the attack, the wait never exceeds the cap.
        let mut now = later;
        for i in 0..40 {
            let wait = limiter.reserve("ana", ip(100 + i), now).unwrap_err();
            assert!(wait <= MAX_DELAY.as_secs(), "{wait}");
            now += Duration::from_secs(wait);
            limiter.failed(limiter.reserve("ana", ip(100 + i), now).unwrap());
        }
    }

    #[test]
    fn concurrent_attempts_are_counted_before_they_are_checked() {
        let limiter = RateLimiter::default();
        let now = Instant::now();
        let reserved: Vec<Reservation> = (0..16)
            .filter_map(|_| limiter.reserve("ana", ip(1), now).ok())
            .collect();
        assert_eq!(
            reserved.len(),
            FREE_FAILURES as usize,
            "the rest wait, even unchecked"
        );
        for reservation in reserved {
            limiter.cancelled(reservation);
        }
        assert!(limiter.is_empty(), "cancelled attempts leave nothing behind");
    }

    #[test]
    fn an_address_is_blocked_for_the_window_whatever_the_account() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for n in 0..ADDRESS_MAX_FAILURES {
            limiter.failed(limiter.reserve(&format!("user{n}"), ip(7), start).unwrap());
        }
        let wait = limiter
            .reserve("someone", ip(7), start + Duration::from_secs(60))
            .unwrap_err();
        assert_eq!(wait, (WINDOW - Duration::from_secs(60)).as_secs());
        assert!(
            limiter.reserve("someone", ip(8), start).is_ok(),
            "another address is not"
        );
        assert!(
            limiter.reserve("someone", ip(7), start + WINDOW).is_ok(),
            "the window ends"
        );
        // A success gives the address its attempt back.
        let limiter = RateLimiter::default();
        for n in 0..ADDRESS_MAX_FAILURES - 1 {
            limiter.failed(limiter.reserve(&format!("user{n}"), ip(7), start).unwrap());
        }
        limiter.succeeded(limiter.reserve("owner", ip(7), start).unwrap());
        assert!(limiter.reserve("owner", ip(7), start).is_ok());
    }

    #[test]
    fn memory_is_bounded_and_stale_records_are_swept() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for n in 0..MAX_KEYS + 500 {
            let address = IpAddr::from((n as u128).to_be_bytes());
            limiter.failed(
                limiter
                    .reserve(&format!("sprayed-{n}"), Some(address), start)
                    .unwrap(),
            );
        }
        assert_eq!(limiter.len(), (MAX_KEYS, MAX_KEYS));
        let later = start + WINDOW + SWEEP_EVERY;
        limiter.failed(limiter.reserve("late", ip(1), later).unwrap());
        assert_eq!(limiter.len(), (1, 1), "everything older than the window is gone");
    }
}
