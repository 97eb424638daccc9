//! How many imports run at once in this process: one per school, and a few in all.
//!
//! An import's file is up to 20 MiB; reading and planning it is seconds of CPU and hundreds of
//! megabytes at worst. Run on the blocking pool, it no longer stalls the requests the async
//! workers answer, but several at once would still share two cores and the machine's memory
//! with every other request. A second import of the same school is a mistake (a double click,
//! two tabs) whose answer would only race the first; a third import at once from anywhere can
//! wait a minute. Both are refused at once with a clear message, never queued behind the first.
//!
//! Per process: instances each keep their own count, and the database's import lock
//! (`db/import.rs`) still writes one import at a time across all of them.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// Imports running in this process (cheap to clone: shared).
#[derive(Debug, Clone)]
pub struct ImportSlots {
    inner: Arc<Mutex<Running>>,
}

#[derive(Debug)]
struct Running {
    /// How many may run at once in all.
    limit: usize,
    /// The schools (structure ids) with an import running.
    schools: HashSet<String>,
}

/// Why an import cannot start now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// This school already has one running.
    School,
    /// As many imports as allowed are running.
    Server,
}

/// An import's place, given back when dropped (the request answered, or abandoned).
#[derive(Debug)]
pub struct Slot {
    slots: ImportSlots,
    school: String,
}

impl ImportSlots {
    /// At most `limit` imports at once (at least one).
    pub fn new(limit: usize) -> ImportSlots {
        ImportSlots {
            inner: Arc::new(Mutex::new(Running {
                limit: limit.max(1),
                schools: HashSet::new(),
            })),
        }
    }

    /// A place for an import of school `structure_id`, or why there is none now.
    pub fn take(&self, structure_id: &str) -> Result<Slot, Busy> {
        let mut running = self.inner.lock().expect("no panic holds the lock");
        if running.schools.contains(structure_id) {
            return Err(Busy::School);
        }
        if running.schools.len() >= running.limit {
            return Err(Busy::Server);
        }
        running.schools.insert(structure_id.to_owned());
        Ok(Slot {
            slots: self.clone(),
            school: structure_id.to_owned(),
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut running) = self.slots.inner.lock() {
            running.schools.remove(&self.school);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Busy, ImportSlots};

    #[test]
    fn one_import_per_school_and_a_few_in_all_each_given_back_when_done() {
        let slots = ImportSlots::new(2);
        let a = slots.take("a").unwrap();
        assert_eq!(slots.take("a").unwrap_err(), Busy::School);
        let b = slots.take("b").unwrap();
        assert_eq!(slots.take("c").unwrap_err(), Busy::Server);
        drop(a);
        let _a_again = slots.take("a").unwrap();
        assert_eq!(slots.take("c").unwrap_err(), Busy::Server);
        drop(b);
        assert!(slots.take("c").is_ok());
    }
}
