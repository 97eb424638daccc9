//! The directory's JSON body (`GET /api/structures/{id}/users`), serialised once per version of
//! a structure's directory and view, compressed once per content coding, kept in memory within a
//! byte budget.
//!
//! Why: at the start of the school year every administrator of an académie opens the page the
//! same week; reading and serialising a 2,000-account directory for each of them held the server
//! to 240 requests a second. The version (`db::versions`) is replaced in the same transaction as
//! any write that changes the body, so a body cached under a version is exactly what the
//! database says until that version changes — whichever process wrote.
//!
//! One slot per structure and view (a local administrator's body leaves central
//! administrators' accounts out): a new version replaces the old one. Concurrent requests for a
//! body being built wait for that one build instead of each reading the database. When the
//! bodies exceed the budget, the least recently used go. Bodies hold activation codes: they
//! live in this process's memory only, never on disk, and are never logged.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use tokio::sync::OnceCell;

/// What a body shows: the whole directory (central administrator), or the directory less
/// central administrators' own accounts (local administrator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Central,
    Local,
}

/// A content coding the cache keeps a body in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// The `Content-Encoding` word; `None` for identity.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
        }
    }
}

/// Brotli quality and window for bodies compressed on demand: quality 5 compresses a 2,000-account
/// directory (660 KB) in a few milliseconds to about what gzip -9 gives, where quality 11 takes
/// a second.
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW: u32 = 22;
/// gzip level 6, zlib's own default: most of level 9's gain at a fraction of its time.
const GZIP_LEVEL: u32 = 6;

/// One serialised directory.
#[derive(Debug)]
pub struct Body {
    /// The version it was read at (it names this exact content).
    pub version: String,
    /// How many accounts it lists (for the log).
    pub count: usize,
    identity: Bytes,
    gzip: OnceCell<Bytes>,
    brotli: OnceCell<Bytes>,
}

impl Body {
    pub fn new(version: String, count: usize, json: Vec<u8>) -> Body {
        Body {
            version,
            count,
            identity: Bytes::from(json),
            gzip: OnceCell::new(),
            brotli: OnceCell::new(),
        }
    }

    /// Bytes held, every coding made so far included.
    fn size(&self) -> usize {
        self.identity.len() + self.gzip.get().map_or(0, Bytes::len) + self.brotli.get().map_or(0, Bytes::len)
    }

    /// The body in `coding`, compressed on a blocking thread the first time it is asked for.
    async fn encoded(&self, coding: Coding) -> Result<Bytes, String> {
        let cell = match coding {
            Coding::Identity => return Ok(self.identity.clone()),
            Coding::Gzip => &self.gzip,
            Coding::Brotli => &self.brotli,
        };
        let json = self.identity.clone();
        cell.get_or_try_init(|| async move {
            tokio::task::spawn_blocking(move || compress(&json, coding))
                .await
                .map_err(|e| format!("compressing the directory: {e}"))?
        })
        .await
        .cloned()
    }
}

/// `json` compressed in `coding`.
pub fn compress(json: &[u8], coding: Coding) -> Result<Bytes, String> {
    let failed = |e: std::io::Error| format!("compressing the directory: {e}");
    let bytes = match coding {
        Coding::Identity => json.to_vec(),
        Coding::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(
                Vec::with_capacity(json.len() / 4),
                flate2::Compression::new(GZIP_LEVEL),
            );
            encoder.write_all(json).map_err(failed)?;
            encoder.finish().map_err(failed)?
        }
        Coding::Brotli => {
            let mut out = Vec::with_capacity(json.len() / 5);
            {
                let mut encoder =
                    brotli::CompressorWriter::new(&mut out, 64 * 1024, BROTLI_QUALITY, BROTLI_WINDOW);
                encoder.write_all(json).map_err(failed)?;
                encoder.flush().map_err(failed)?;
            }
            out
        }
    };
    Ok(Bytes::from(bytes))
}

type Key = (String, View);

#[derive(Debug)]
struct Slot {
    /// The version this slot is for (the version of its body once built).
    version: String,
    cell: Arc<OnceCell<Arc<Body>>>,
    /// Bytes accounted for this slot (0 while building).
    size: usize,
    last_used: u64,
}

#[derive(Debug, Default)]
struct Slots {
    slots: HashMap<Key, Slot>,
    /// Sum of the slots' sizes.
    used: usize,
    /// A counter standing for time, for "least recently used".
    clock: u64,
}

/// The cache, shared by every request (in `AppState`).
#[derive(Debug)]
pub struct DirectoryCache {
    budget: usize,
    slots: Mutex<Slots>,
}

impl DirectoryCache {
    /// A cache holding at most `budget` bytes of bodies (0: none kept, each request builds its
    /// own).
    pub fn new(budget: usize) -> DirectoryCache {
        DirectoryCache {
            budget,
            slots: Mutex::default(),
        }
    }

    /// The body of structure `id` in `view` at `version`, built by `build` unless cached (or
    /// being built by another request, which this one then waits for). The body returned may
    /// be of a newer version than asked for, when a write committed between reading the
    /// version and reading the directory: its own `version` says which.
    pub async fn body<F, Fut>(
        &self,
        id: &str,
        view: View,
        version: &str,
        build: F,
    ) -> Result<Arc<Body>, String>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Body, String>>,
    {
        let key: Key = (id.to_owned(), view);
        let cell = self.with_slots(|s| {
            s.clock += 1;
            let clock = s.clock;
            match s.slots.get_mut(&key) {
                Some(slot) if slot.version == version => {
                    slot.last_used = clock;
                    slot.cell.clone()
                }
                _ => {
                    let cell = Arc::new(OnceCell::new());
                    let old = s.slots.insert(
                        key.clone(),
                        Slot {
                            version: version.to_owned(),
                            cell: cell.clone(),
                            size: 0,
                            last_used: clock,
                        },
                    );
                    s.used -= old.map_or(0, |o| o.size);
                    cell
                }
            }
        });
        let body = cell
            .get_or_try_init(|| async { build().await.map(Arc::new) })
            .await?
            .clone();
        self.account(&key, &cell, &body);
        Ok(body)
    }

    /// `body` in `coding` (compressed once, then kept with it).
    pub async fn encoded(
        &self,
        id: &str,
        view: View,
        body: &Arc<Body>,
        coding: Coding,
    ) -> Result<Bytes, String> {
        let bytes = body.encoded(coding).await?;
        let key: Key = (id.to_owned(), view);
        let cell = self.with_slots(|s| s.slots.get(&key).map(|slot| slot.cell.clone()));
        if let Some(cell) = cell {
            self.account(&key, &cell, body);
        }
        Ok(bytes)
    }

    /// Bytes held by the bodies now.
    pub fn used(&self) -> usize {
        self.with_slots(|s| s.used)
    }

    /// Records the size of `body`, built in `cell`, under its true version, then evicts the
    /// least recently used bodies until the budget holds (this one too, if alone it exceeds it).
    fn account(&self, key: &Key, cell: &Arc<OnceCell<Arc<Body>>>, body: &Body) {
        let budget = self.budget;
        self.with_slots(|s| {
            let Some(slot) = s.slots.get_mut(key) else { return };
            if !Arc::ptr_eq(&slot.cell, cell) {
                // Replaced meanwhile by a newer version: that slot is accounted for on its own.
                return;
            }
            let size = body.size();
            slot.version.clone_from(&body.version);
            let before = slot.size;
            slot.size = size;
            s.used = s.used - before + size;
            while s.used > budget {
                let oldest = s
                    .slots
                    .iter()
                    .filter(|(_, slot)| slot.size > 0)
                    .min_by_key(|(_, slot)| slot.last_used)
                    .map(|(key, _)| key.clone());
                let Some(oldest) = oldest else { break };
                let gone = s.slots.remove(&oldest).expect("found above");
                s.used -= gone.size;
            }
        });
    }

    fn with_slots<T>(&self, f: impl FnOnce(&mut Slots) -> T) -> T {
        // A panic while holding the lock cannot leave the map half-changed in a way that
        // matters (sizes at worst): keep serving.
        f(&mut self.slots.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn body(version: &str, size: usize) -> Body {
        Body::new(version.into(), 1, vec![b'x'; size])
    }

    #[tokio::test]
    async fn a_version_is_built_once_and_a_new_version_replaces_it() {
        let cache = DirectoryCache::new(1 << 20);
        let builds = AtomicUsize::new(0);
        let build = |version: &'static str| {
            let builds = &builds;
            move || async move {
                builds.fetch_add(1, Ordering::SeqCst);
                Ok(body(version, 100))
            }
        };
        cache.body("s", View::Central, "v1", build("v1")).await.unwrap();
        cache.body("s", View::Central, "v1", build("v1")).await.unwrap();
        assert_eq!(builds.load(Ordering::SeqCst), 1);
        // The other view is another body.
        cache.body("s", View::Local, "v1", build("v1")).await.unwrap();
        assert_eq!(builds.load(Ordering::SeqCst), 2);
        assert_eq!(cache.used(), 200);
        let new = cache.body("s", View::Central, "v2", build("v2")).await.unwrap();
        assert_eq!(new.version, "v2");
        assert_eq!(builds.load(Ordering::SeqCst), 3);
        assert_eq!(cache.used(), 200, "v1's central body is gone");
    }

    #[tokio::test]
    async fn concurrent_requests_wait_for_one_build() {
        let cache = Arc::new(DirectoryCache::new(1 << 20));
        let builds = Arc::new(AtomicUsize::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..20 {
            let (cache, builds) = (cache.clone(), builds.clone());
            tasks.spawn(async move {
                cache
                    .body("s", View::Central, "v1", || async move {
                        builds.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        Ok(body("v1", 10))
                    })
                    .await
                    .unwrap()
            });
        }
        while let Some(done) = tasks.join_next().await {
            assert_eq!(done.unwrap().version, "v1");
        }
        assert_eq!(builds.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_body_read_at_a_newer_version_is_kept_under_that_version() {
        let cache = DirectoryCache::new(1 << 20);
        let got = cache
            .body("s", View::Central, "v1", || async { Ok(body("v2", 10)) })
            .await
            .unwrap();
        assert_eq!(got.version, "v2");
        let again = cache
            .body("s", View::Central, "v2", || async {
                Err("not built again".into())
            })
            .await
            .unwrap();
        assert_eq!(again.version, "v2");
    }

    #[tokio::test]
    async fn the_least_recently_used_bodies_leave_when_over_budget() {
        let cache = DirectoryCache::new(250);
        for id in ["a", "b"] {
            cache
                .body(id, View::Central, "v", || async { Ok(body("v", 100)) })
                .await
                .unwrap();
        }
        // "a" used again, so "b" is the oldest when "c" comes.
        cache
            .body("a", View::Central, "v", || async { Err("cached".into()) })
            .await
            .unwrap();
        cache
            .body("c", View::Central, "v", || async { Ok(body("v", 100)) })
            .await
            .unwrap();
        assert_eq!(cache.used(), 200);
        cache
            .body("a", View::Central, "v", || async { Err("cached".into()) })
            .await
            .expect("a stayed");
        let rebuilt = cache
            .body("b", View::Central, "v", || async {
                Err("b was evicted".to_owned())
            })
            .await;
        assert_eq!(rebuilt.unwrap_err(), "b was evicted");
        // Larger than the whole budget: served, not kept.
        cache
            .body("huge", View::Central, "v", || async { Ok(body("v", 1000)) })
            .await
            .unwrap();
        assert!(cache.used() <= 250, "{}", cache.used());
    }

    #[tokio::test]
    async fn codings_decode_to_the_json_and_count_in_the_budget() {
        let cache = DirectoryCache::new(1 << 20);
        let json = br#"{"users":[{"login":"zoe.dupre"},{"login":"zoe.dupre"}]}"#.repeat(50);
        let got = cache
            .body("s", View::Local, "v", || async {
                Ok(Body::new("v".into(), 2, json.clone()))
            })
            .await
            .unwrap();
        let gzip = cache.encoded("s", View::Local, &got, Coding::Gzip).await.unwrap();
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gzip[..])
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, json);
        let br = cache
            .encoded("s", View::Local, &got, Coding::Brotli)
            .await
            .unwrap();
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, json);
        assert!(br.len() < json.len() / 10 && gzip.len() < json.len() / 10);
        assert_eq!(cache.used(), json.len() + gzip.len() + br.len());
    }
}
