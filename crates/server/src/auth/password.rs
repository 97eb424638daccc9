//! Argon2id password hashes (PHC strings, parameters stored with each hash), and the
//! [`Verifier`] through which every sign-in checks one.
//!
//! # Parameters
//!
//! New hashes use Argon2id, version 0x13, **m = 19,456 KiB (19 MiB), t = 2 passes, p = 1 lane**,
//! a 16-byte random salt and a 32-byte output: OWASP's first recommended configuration (Password
//! Storage Cheat Sheet), and the `argon2` crate's defaults at the time of writing — spelled out
//! here so that a crate update cannot change them silently. On this project's 2-core test machine
//! one check takes a few tens of milliseconds. Hashes made with other parameters still verify
//! (they are read from the PHC string), up to [`MAX_MEMORY_KIB`].
//!
//! # Bounded cost
//!
//! A check holds 19 MiB and a core for its duration. The [`Verifier`] runs at most one check per
//! core at a time, each in one of its reusable memory buffers (allocated once, so repeated
//! sign-ins do not leave a 19 MiB block in each allocator arena they touched), with a bounded
//! queue behind: a burst beyond that is refused with 503 and `Retry-After` instead of taking
//! the machine's memory.
//!
//! # Timing
//!
//! An unknown login is checked against a decoy hash, built when the verifier is (at start-up),
//! so a wrong login takes as long as a wrong password, the first one included.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

/// Memory of a new hash, in KiB.
pub const MEMORY_KIB: u32 = 19 * 1024;
/// Passes over the memory.
pub const PASSES: u32 = 2;
/// Lanes (parallelism).
pub const LANES: u32 = 1;
/// A stored hash that asks for more memory than this (256 MiB) is treated as invalid rather
/// than allowed to exhaust the server.
pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
/// Checks waiting for a core, per core, before further sign-ins are refused with 503.
const QUEUE_PER_CHECK: usize = 8;

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A new Argon2id hash of `password` (PHC string).
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 accepts any password")
        .to_string()
}

/// Lower-case letters and digits that cannot be mistaken for one another when read aloud, read
/// off a screen or a sheet of paper, or typed: no capitals at all (no shift key, nothing to
/// spell as « majuscule »), and none of `0`/`o`, `1`/`l`/`i`. 31 characters.
const GENERATED_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Characters per group, and groups: `k7pm-3xqa-…`, six groups of four, each read out in one
/// breath and checked as it is typed.
const GROUP_CHARS: usize = 4;
const GROUPS: usize = 6;

/// A new random password for an administrator, shown once to be handed over: six groups of four
/// lower-case letters and digits joined by dashes (`k7pm-3xqa-w9ch-e2rt-n5vb-yu4d`, 29
/// characters), drawn uniformly from an alphabet without look-alikes.
///
/// Strength: 24 characters of 31 make 24 × log2(31) ≈ **118.9 bits** of entropy — more than the
/// 112.3 bits of the mixed-case generator it replaced (20 characters of 49), far beyond any
/// guessing; and long enough (29 characters, random rather than words) for a strength estimator
/// such as zxcvbn to rate it at its top.
pub fn generate() -> String {
    let n = GENERATED_ALPHABET.len();
    let wanted = GROUP_CHARS * GROUPS;
    // Bytes at or above the largest multiple of n are dropped, so every character is as likely.
    let limit = (256 / n * n) as u8;
    let mut chars = Vec::with_capacity(wanted);
    while chars.len() < wanted {
        for byte in crate::db::random_bytes::<32>() {
            if byte < limit && chars.len() < wanted {
                chars.push(GENERATED_ALPHABET[byte as usize % n] as char);
            }
        }
    }
    chars
        .chunks(GROUP_CHARS)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Checks `password` against a stored hash, in `memory` (grown as the hash's parameters need);
/// false for a malformed hash. The final comparison is constant-time.
pub fn verify_in(password: &str, stored: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(expected), Some(salt)) = (hash.hash, hash.salt) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm) else {
        return false;
    };
    let version = match hash.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&hash) else {
        return false;
    };
    if params.m_cost() > MAX_MEMORY_KIB {
        return false;
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    argon2
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut memory[..blocks])
        .is_ok()
        && constant_time_eq(&out, expected.as_bytes())
}

/// Checks `password` against a stored hash with a fresh buffer (commands, tests).
pub fn verify(password: &str, stored: &str) -> bool {
    verify_in(password, stored, &mut Vec::new())
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Too many sign-ins are being checked at once: try again shortly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

/// Runs the password checks of sign-ins: at most `checks` at a time, each in a reused buffer,
/// with at most `checks × 8` waiting. Built once at start-up, in the server's state.
#[derive(Debug)]
pub struct Verifier {
    decoy: String,
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
    buffers: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Verifier {
    /// One check per core (at most 4: more would only queue on the CPU), the decoy hash made now.
    pub fn new() -> Verifier {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Verifier::with_checks(cores.clamp(1, 4))
    }

    pub fn with_checks(checks: usize) -> Verifier {
        let checks = checks.max(1);
        let decoy = hash(&crate::db::hex(&crate::db::random_bytes::<16>()));
        // The first buffer is made now, by a first check of the decoy: otherwise the first
        // sign-in would also pay for 19 MiB of fresh memory, a timing signal of its own. Others
        // are made when checks overlap, and kept.
        let mut first = Vec::new();
        verify_in("", &decoy, &mut first);
        Verifier {
            decoy,
            permits: Arc::new(Semaphore::new(checks)),
            waiting: AtomicUsize::new(0),
            max_waiting: checks * QUEUE_PER_CHECK,
            buffers: Arc::new(Mutex::new(vec![first])),
        }
    }

    /// Whether `password` matches `stored`, or the decoy when the login is unknown (always false
    /// then, in the same time). `Err(Busy)` when the queue is full: nothing was checked.
    pub async fn check(&self, password: String, stored: Option<String>) -> Result<bool, Busy> {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.decoy.clone());
        let permit = {
            // Counted while waiting, by a guard: a request abandoned in the queue (the client
            // went away) must give its place back, or the queue would fill up for good.
            let waiting = Waiting::enter(&self.waiting, self.max_waiting).ok_or(Busy)?;
            let permit = Arc::clone(&self.permits).acquire_owned().await;
            drop(waiting);
            permit.expect("the semaphore is never closed")
        };
        let buffers = Arc::clone(&self.buffers);
        // Argon2 takes tens of milliseconds of CPU: off the async workers.
        let valid = tokio::task::spawn_blocking(move || {
            let mut memory = buffers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop()
                .unwrap_or_default();
            let valid = verify_in(&password, &stored, &mut memory);
            buffers.lock().unwrap_or_else(|e| e.into_inner()).push(memory);
            drop(permit);
            valid
        })
        .await
        .unwrap_or(false);
        Ok(valid && known)
    }

    /// A new hash of `password`, made under the same bound as the checks (a new password costs
    /// what a check does: the administrators' pages must not be a way around the bound).
    pub async fn hash(&self, password: String) -> Result<String, Busy> {
        let permit = {
            let waiting = Waiting::enter(&self.waiting, self.max_waiting).ok_or(Busy)?;
            let permit = Arc::clone(&self.permits).acquire_owned().await;
            drop(waiting);
            permit.expect("the semaphore is never closed")
        };
        tokio::task::spawn_blocking(move || {
            let hashed = hash(&password);
            drop(permit);
            hashed
        })
        .await
        .map_err(|_| Busy)
    }
}

/// A place in the verifier's queue, given back on drop.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn enter(count: &'a AtomicUsize, max: usize) -> Option<Waiting<'a>> {
        if count.fetch_add(1, Ordering::SeqCst) >= max {
            count.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Waiting(count))
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Default for Verifier {
    fn default() -> Verifier {
        Verifier::new()
    }
}

/// A hash made under `verifier`'s bound, as a handler needs it (503 and `Retry-After` when the
/// verifier is full).
pub async fn hash_bounded(verifier: &Verifier, secret: &str) -> crate::error::AppResult<String> {
    verifier
        .hash(secret.to_owned())
        .await
        .map_err(|_| crate::error::AppError::Busy { retry_after_secs: 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_read_aloud_and_type_without_doubt() {
        let many: Vec<String> = (0..2000).map(|_| generate()).collect();
        let distinct: std::collections::HashSet<&String> = many.iter().collect();
        assert_eq!(distinct.len(), many.len(), "two passwords alike");
        for password in &many {
            assert_eq!(password.len(), 29, "{password}");
            let groups: Vec<&str> = password.split('-').collect();
            assert_eq!(groups.len(), GROUPS, "{password}");
            assert!(groups.iter().all(|g| g.len() == GROUP_CHARS), "{password}");
            // Nothing to spell as a capital, nothing to mistake for another character.
            assert!(!password.chars().any(|c| c.is_ascii_uppercase()), "{password}");
            assert!(!password.chars().any(|c| "0Oo1lIi".contains(c)), "{password}");
            assert!(
                sesame_core::access::admin_rules::check_password("any.login", password).is_ok(),
                "{password}"
            );
        }
        // Every character of the alphabet comes up: the draw covers it, uniformly enough.
        let mut counts = [0usize; 256];
        for c in many.iter().flat_map(|p| p.bytes()).filter(|&b| b != b'-') {
            counts[usize::from(c)] += 1;
        }
        let expected = 2000 * GROUP_CHARS * GROUPS / GENERATED_ALPHABET.len();
        for &c in GENERATED_ALPHABET {
            let seen = counts[usize::from(c)];
            assert!(
                seen > expected * 3 / 4 && seen < expected * 5 / 4,
                "{} drawn {seen} times, about {expected} expected",
                c as char
            );
        }
    }

    #[test]
    fn generated_passwords_are_at_least_as_strong_as_the_mixed_case_ones_they_replace() {
        let bits = |alphabet: usize, chars: usize| chars as f64 * (alphabet as f64).log2();
        let before = bits(49, 20);
        let now = bits(GENERATED_ALPHABET.len(), GROUP_CHARS * GROUPS);
        assert!(now >= before, "{now:.1} bits < {before:.1}");
        assert!(
            (now - 118.9).abs() < 0.05,
            "the doc comment says 118.9 bits: {now:.2}"
        );
    }

    #[test]
    fn hashes_are_argon2id_with_the_documented_parameters_and_verify() {
        let h = hash("correct horse battery");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong", &h));
        assert!(!verify("anything", "not a hash"));
        assert!(!verify("anything", ""));
    }

    #[test]
    fn hashes_made_by_the_crate_itself_with_other_parameters_verify_too() {
        let params = Params::new(8 * 1024, 3, 2, Some(24)).unwrap();
        let salt = SaltString::generate(&mut OsRng);
        let other = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"s3cret password", &salt)
            .unwrap()
            .to_string();
        let mut memory = Vec::new();
        assert!(verify_in("s3cret password", &other, &mut memory));
        assert!(!verify_in("s3cret passwore", &other, &mut memory));
        // A buffer grown for a larger hash serves a smaller one.
        assert!(verify_in("correct horse", &hash("correct horse"), &mut memory));
        assert!(verify_in("s3cret password", &other, &mut memory));
    }

    #[test]
    fn a_hash_asking_for_too_much_memory_is_refused_unread() {
        let huge = "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0$\
                    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert!(!verify("x", huge));
    }

    #[tokio::test]
    async fn an_unknown_login_is_never_valid_and_a_full_queue_is_busy() {
        let verifier = Verifier::with_checks(1);
        let stored = hash("right password");
        assert_eq!(
            verifier
                .check("right password".into(), Some(stored.clone()))
                .await,
            Ok(true)
        );
        assert_eq!(verifier.check("wrong".into(), Some(stored)).await, Ok(false));
        assert_eq!(verifier.check("anything".into(), None).await, Ok(false));
        // More callers than one check and its queue of 8: the surplus is refused at once.
        let verifier = Arc::new(verifier);
        let mut calls = tokio::task::JoinSet::new();
        for _ in 0..24 {
            let verifier = Arc::clone(&verifier);
            calls.spawn(async move { verifier.check("x".into(), None).await });
        }
        let mut busy = 0;
        while let Some(result) = calls.join_next().await {
            busy += usize::from(result.unwrap() == Err(Busy));
        }
        assert!(busy >= 24 - 9, "{busy} refused");
        assert_eq!(
            verifier.buffers.lock().unwrap().len(),
            1,
            "one buffer for one check at a time"
        );
    }

    #[tokio::test]
    async fn callers_that_give_up_while_queued_give_their_place_back() {
        let verifier = Verifier::with_checks(1);
        let held = Arc::clone(&verifier.permits).acquire_owned().await.unwrap();
        for _ in 0..20 {
            // Abandoned while waiting for the only check, held above.
            let abandoned = tokio::time::timeout(
                std::time::Duration::from_millis(1),
                verifier.check("x".into(), None),
            );
            assert!(abandoned.await.is_err());
        }
        assert_eq!(verifier.waiting.load(Ordering::SeqCst), 0);
        drop(held);
        assert_eq!(verifier.check("x".into(), None).await, Ok(false), "not busy");
    }
}
