//! The selection compiled for speed: each user reduced to a few integers stored in name order,
//! and the selection to masks and bounds, so a selection change tests 50,000 users without
//! following a pointer (except into the search text, only when searching).
//!
//! [`crate::selection::Criteria`] states the filter semantics plainly; this module must agree
//! with it exactly, which a property test checks on random users and selections.

use crate::model::{Profile, User};
use crate::selection::{Activation, Blocked, Distributed, EmailFilter, LocalAdmins, Selection};
use crate::timezone::SchoolTimeZone;

const ACTIVATED: u8 = 1;
const HAS_EMAIL: u8 = 2;
const LOCAL_ADMIN: u8 = 4;
const BLOCKED: u8 = 8;
const DISTRIBUTED: u8 = 16;

/// What the filters look at of one user.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// Position of the user in the directory's load order.
    pub index: u32,
    /// Bit `profile as u8`.
    profile_bit: u8,
    flags: u8,
    /// Creation instant, seconds since the Unix epoch.
    created: i64,
    /// The import that created the account, as its number in the directory (0: none).
    import: u32,
}

impl Row {
    /// The profile's sorting rank (its declaration order).
    pub fn profile_rank(&self) -> u32 {
        self.profile_bit.trailing_zeros()
    }

    /// [`User::is_activated`], precomputed.
    pub fn is_activated(&self) -> bool {
        self.flags & ACTIVATED != 0
    }

    /// [`User::has_email`], precomputed.
    pub fn has_email(&self) -> bool {
        self.flags & HAS_EMAIL != 0
    }

    /// The number of the import that created the account (0: none recorded).
    pub fn import(&self) -> u32 {
        self.import
    }

    /// [`User::blocked`], precomputed.
    pub fn is_blocked(&self) -> bool {
        self.flags & BLOCKED != 0
    }

    /// The row of `user`, `index` in the directory's load order, created by the import numbered
    /// `import` (0: none).
    pub fn new(index: usize, user: &User, import: u32) -> Row {
        let mut flags = 0;
        for (set, flag) in [
            (user.is_activated(), ACTIVATED),
            (user.has_email(), HAS_EMAIL),
            (user.local_admin, LOCAL_ADMIN),
            (user.blocked, BLOCKED),
            (user.last_distributed_at.is_some(), DISTRIBUTED),
        ] {
            if set {
                flags |= flag;
            }
        }
        Row {
            index: index as u32,
            profile_bit: 1 << (user.profile as u8),
            flags,
            created: user.created_at.timestamp(),
            import,
        }
    }
}

/// A selection compiled against one directory.
#[derive(Debug, Clone)]
pub struct Matcher {
    profiles: u8,
    must_set: u8,
    must_clear: u8,
    /// Created strictly before (seconds), and on or after.
    before: Option<i64>,
    since: Option<i64>,
    /// For each class rank, whether it is selected; `None` = every class.
    classes: Option<Vec<bool>>,
    /// The number of the import whose accounts are wanted; `None` = every account, `Some(0)` =
    /// an import this directory does not know (selects no one: no account has number 0 here).
    import: Option<u32>,
    /// The folded search phrase ([`crate::selection::membership::search_phrase`]).
    phrase: Option<String>,
}

impl Matcher {
    /// Compiles `selection`; `class_rank` gives the rank of a class id in this directory (ids it
    /// does not know select nobody), `import` the number of the import it asks for (see
    /// [`Matcher::import`]).
    pub fn new(
        selection: &Selection,
        time_zone: SchoolTimeZone,
        class_count: usize,
        class_rank: impl Fn(&str) -> Option<u32>,
        import: Option<u32>,
    ) -> Matcher {
        let profiles = if selection.profiles.is_empty() {
            u8::MAX
        } else {
            selection
                .profiles
                .iter()
                .fold(0, |mask, p: &Profile| mask | 1 << (*p as u8))
        };
        let (mut must_set, mut must_clear) = (0, 0);
        let mut require = |flag: u8, wanted: Option<bool>| match wanted {
            Some(true) => must_set |= flag,
            Some(false) => must_clear |= flag,
            None => {}
        };
        require(
            ACTIVATED,
            match selection.activation {
                Activation::All => None,
                Activation::Activated => Some(true),
                Activation::NotActivated => Some(false),
            },
        );
        require(
            HAS_EMAIL,
            match selection.email {
                EmailFilter::All => None,
                EmailFilter::With => Some(true),
                EmailFilter::Without => Some(false),
            },
        );
        require(
            LOCAL_ADMIN,
            match selection.local_admins {
                LocalAdmins::All => None,
                LocalAdmins::Only => Some(true),
                LocalAdmins::Excluded => Some(false),
            },
        );
        require(
            BLOCKED,
            match selection.blocked {
                Blocked::All => None,
                Blocked::Blocked => Some(true),
                Blocked::Unblocked => Some(false),
            },
        );
        require(
            DISTRIBUTED,
            match selection.distributed {
                Distributed::All => None,
                Distributed::Yes => Some(true),
                Distributed::No => Some(false),
            },
        );
        let classes = (!selection.classes.is_empty()).then(|| {
            let mut selected = vec![false; class_count];
            for id in &selection.classes {
                if let Some(rank) = class_rank(id) {
                    selected[rank as usize] = true;
                }
            }
            selected
        });
        Matcher {
            profiles,
            must_set,
            must_clear,
            before: selection
                .created_before
                .map(|d| time_zone.start_of_day(d).timestamp()),
            since: selection
                .created_since
                .map(|d| time_zone.start_of_day(d).timestamp()),
            classes,
            import,
            phrase: crate::selection::membership::search_phrase(&selection.search),
        }
    }

    /// The selected class ranks, when the selection names classes.
    pub fn selected_classes(&self) -> Option<&[bool]> {
        self.classes.as_deref()
    }

    /// Does the user of `row` match? `class_ranks` and `haystack` are theirs, read only when the
    /// selection names classes or search words.
    pub fn matches(&self, row: &Row, class_ranks: &[u32], haystack: &str) -> bool {
        row.profile_bit & self.profiles != 0
            && row.flags & self.must_set == self.must_set
            && row.flags & self.must_clear == 0
            && self
                .import
                .is_none_or(|import| import != 0 && row.import == import)
            && self.before.is_none_or(|before| row.created < before)
            && self.since.is_none_or(|since| row.created >= since)
            && self
                .classes
                .as_ref()
                .is_none_or(|selected| class_ranks.iter().any(|&r| selected[r as usize]))
            && self
                .phrase
                .as_deref()
                .is_none_or(|phrase| haystack.contains(phrase))
    }
}
