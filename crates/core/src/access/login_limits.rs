//! The sign-in rate limiter's policy: guessing made slow without making the owner wait (OWASP's
//! « device cookies » pattern), as pure functions of the failures recorded and the time. The
//! server keeps the records in its database and asks [`decide`] in one write transaction
//! (`crates/server/src/auth/rate_limit.rs` says how attempts are reserved and given back).
//!
//! Whoever tries, an attempt is one of two kinds:
//! - **trusted**: the client shows a device cookie for this login (given at each successful
//!   sign-in, kept across sign-out, signed with a key only the server has), and that cookie has
//!   not failed [`DEVICE_MAX_FAILURES`] times within [`WINDOW`]. It goes through whatever
//!   strangers do: no account delay, no address block, no global budget. Its failures count
//!   against the cookie alone. The owner on their usual browser is never kept out, even behind
//!   the same address as an attacker (a school's NAT).
//! - **untrusted**, everyone else:
//!   - **per account** (the login's key): the first [`FREE_FAILURES`] failures cost nothing;
//!     after that each attempt must wait for a delay since the previous failure that doubles from
//!     1 s up to [`MAX_DELAY`] — except from an address with no recent failure, which is let
//!     through (the owner on a new browser at home is not the one hammering);
//!   - **per address**: [`ADDRESS_MAX_FAILURES`] failures within [`WINDOW`] block that address
//!     (429) until the window ends, whatever the account. A refused attempt (429) counts against
//!     the address too, so polling for the next free slot blocks the poller;
//!   - **globally**: [`GLOBAL_MAX_FAILURES`] failed untrusted attempts within [`WINDOW`], across
//!     every account and address, stop untrusted attempts until the window ends: a spray from
//!     many addresses, each with its one free guess, meets a bound.

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// Failures of an account before any delay.
pub const FREE_FAILURES: u32 = 5;
/// The longest delay an account's failures impose.
pub const MAX_DELAY: Duration = Duration::from_secs(60);
/// Failures (refusals included) of one address that block it.
pub const ADDRESS_MAX_FAILURES: u32 = 30;
/// Failures of one device cookie after which it is trusted no more (within the window).
pub const DEVICE_MAX_FAILURES: u32 = 10;
/// Failed untrusted attempts across the server that stop untrusted attempts (within the
/// window): about one a second, far above what mistyping administrators make, far below what a
/// guesser with many addresses would like.
pub const GLOBAL_MAX_FAILURES: u32 = 1_000;
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
    /// A device cookie: trusted no more after [`DEVICE_MAX_FAILURES`], for [`WINDOW`] from the
    /// first failure of its window.
    Device,
    /// Every untrusted attempt (one record, key [`GLOBAL_KEY`]): stops them all after
    /// [`GLOBAL_MAX_FAILURES`], for [`WINDOW`] from the first failure of its window.
    Global,
}

/// The key of the one [`Kind::Global`] record.
pub const GLOBAL_KEY: &str = "all";

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Account => "account",
            Kind::Address => "address",
            Kind::Device => "device",
            Kind::Global => "global",
        }
    }
}

/// The failures of one account, address, device or of the whole server.
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
        Kind::Address | Kind::Device | Kind::Global => record.first,
    };
    (now - since).to_std().is_ok_and(|age| age >= WINDOW)
}

/// `record` unless it has started afresh at `now`.
fn live(kind: Kind, record: Option<&Record>, now: DateTime<Utc>) -> Option<&Record> {
    record.filter(|r| !expired(kind, r, now))
}

/// Seconds an untrusted attempt must wait at `now` because of `record` (0: none), rounded up:
/// retrying after `Retry-After` seconds must find the way open.
pub fn wait(kind: Kind, record: &Record, now: DateTime<Utc>) -> u64 {
    if expired(kind, record, now) {
        return 0;
    }
    let limit = match kind {
        Kind::Account => return seconds_until(record.last + to_chrono(account_delay(record.failures)), now),
        Kind::Address => ADDRESS_MAX_FAILURES,
        Kind::Device => DEVICE_MAX_FAILURES,
        Kind::Global => GLOBAL_MAX_FAILURES,
    };
    if record.failures >= limit {
        seconds_until(record.first + to_chrono(WINDOW), now)
    } else {
        0
    }
}

fn seconds_until(until: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
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

/// `duration` as chrono's.
pub fn to_chrono(duration: Duration) -> chrono::Duration {
    chrono::Duration::from_std(duration).expect("a short duration")
}

/// Whose failures an attempt may count: its account, its address when known, its device cookie
/// when it showed a valid one for this login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptKeys {
    pub account: FailureKey,
    pub address: Option<FailureKey>,
    pub device: Option<FailureKey>,
}

impl AttemptKeys {
    pub fn new(account: &str, address: Option<IpAddr>, device: Option<&str>) -> AttemptKeys {
        let key = |kind, key: String| FailureKey { kind, key };
        AttemptKeys {
            account: key(Kind::Account, account.to_owned()),
            address: address.map(|ip| key(Kind::Address, ip.to_string())),
            device: device.map(|d| key(Kind::Device, d.to_owned())),
        }
    }

    /// Every record the decision reads: these keys and the global one.
    pub fn all(&self) -> Vec<FailureKey> {
        let global = FailureKey {
            kind: Kind::Global,
            key: GLOBAL_KEY.to_owned(),
        };
        std::iter::once(self.account.clone())
            .chain(self.address.clone())
            .chain(self.device.clone())
            .chain(std::iter::once(global))
            .collect()
    }
}

/// What happens to an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Let through, counted as a failure of these until told otherwise.
    Allowed(Vec<FailureKey>),
    /// Refused (429): wait this many seconds; the refusal counts against these (the address).
    Refused { wait: u64, count: Vec<FailureKey> },
}

/// The verdict on an attempt whose keys ([`AttemptKeys::all`]) hold `records` at `now`.
pub fn decide(keys: &[FailureKey], records: &[Option<Record>], now: DateTime<Utc>) -> Verdict {
    let find = |kind: Kind| {
        keys.iter()
            .zip(records)
            .find(|(key, _)| key.kind == kind)
            .map(|(key, record)| (key, live(kind, record.as_ref(), now)))
    };
    if let Some((device, record)) = find(Kind::Device) {
        if record.is_none_or(|r| r.failures < DEVICE_MAX_FAILURES) {
            return Verdict::Allowed(vec![device.clone()]);
        }
    }
    let address = find(Kind::Address);
    let address_wait = address
        .and_then(|(_, r)| r)
        .map_or(0, |r| wait(Kind::Address, r, now));
    let global_wait = find(Kind::Global)
        .and_then(|(_, r)| r)
        .map_or(0, |r| wait(Kind::Global, r, now));
    let clean_address = address.is_some_and(|(_, r)| r.is_none());
    let account_wait = match find(Kind::Account) {
        Some((_, Some(record))) if !clean_address => wait(Kind::Account, record, now),
        _ => 0,
    };
    let wait = address_wait.max(global_wait).max(account_wait);
    let address_key: Vec<FailureKey> = address.map(|(key, _)| key.clone()).into_iter().collect();
    if wait > 0 {
        return Verdict::Refused {
            wait,
            count: address_key,
        };
    }
    Verdict::Allowed(
        keys.iter()
            .filter(|key| key.kind != Kind::Device)
            .cloned()
            .collect(),
    )
}

/// One record of failures: of an account (a login key), an address, a device cookie, or the
/// whole server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureKey {
    pub kind: Kind,
    /// A login key, a client address or a device cookie as text, or [`GLOBAL_KEY`].
    pub key: String,
}
