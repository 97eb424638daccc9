//! Login rate limiting, per account and per client address.
//!
//! Each key may fail [`MAX_FAILURES`] times within [`WINDOW`]; further attempts are refused with
//! 429 and `Retry-After` until the oldest failure leaves the window. Success clears the
//! account's record. Kept in memory: a restart forgets it, which only gives an attacker a few
//! more tries, and it needs no database write per attempt.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Default)]
pub struct RateLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// `Err(seconds to wait)` when any of `keys` is over its limit.
    pub fn check(&self, keys: &[String], now: Instant) -> Result<(), u64> {
        let mut failures = self.failures.lock().expect("rate limiter lock");
        let mut wait = Duration::ZERO;
        for key in keys {
            if let Some(times) = failures.get_mut(key) {
                while times.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
                    times.pop_front();
                }
                if times.len() >= MAX_FAILURES {
                    let oldest = *times.front().expect("non-empty");
                    wait = wait.max(WINDOW - now.duration_since(oldest));
                }
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(wait.as_secs().max(1))
        }
    }

    pub fn record_failure(&self, keys: &[String], now: Instant) {
        let mut failures = self.failures.lock().expect("rate limiter lock");
        for key in keys {
            failures.entry(key.clone()).or_default().push_back(now);
        }
    }

    pub fn clear(&self, key: &str) {
        self.failures.lock().expect("rate limiter lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_until_the_window_passes() {
        let limiter = RateLimiter::default();
        let keys = vec!["login:a".to_owned(), "ip:1".to_owned()];
        let start = Instant::now();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.check(&keys, start).is_ok());
            limiter.record_failure(&keys, start);
        }
        let wait = limiter.check(&keys, start + Duration::from_secs(60)).unwrap_err();
        assert_eq!(wait, (WINDOW - Duration::from_secs(60)).as_secs());
        // Another account from the same address is blocked too; the same account elsewhere too.
        assert!(limiter.check(&["ip:1".to_owned()], start).is_err());
        assert!(limiter
            .check(&["login:a".to_owned(), "ip:2".to_owned()], start)
            .is_err());
        assert!(limiter
            .check(&["login:b".to_owned(), "ip:2".to_owned()], start)
            .is_ok());
        assert!(limiter.check(&keys, start + WINDOW).is_ok());
    }

    #[test]
    fn success_clears_the_account() {
        let limiter = RateLimiter::default();
        let keys = vec!["login:a".to_owned()];
        let now = Instant::now();
        for _ in 0..MAX_FAILURES {
            limiter.record_failure(&keys, now);
        }
        limiter.clear("login:a");
        assert!(limiter.check(&keys, now).is_ok());
    }
}
