//! A structure's users, prepared once when loaded, then selected (filtered and sorted) on every
//! change of the selection.
//!
//! Preparing folds every searchable text and ranks every user by name and every class in school
//! order, so that a selection change, which happens at each keystroke in the search box, only
//! compares integers and searches folded text: about a millisecond for 50,000 users (see
//! `benches/select.rs`). The table, the PDF and the e-mail list all come from [`Directory::select`].

use std::collections::HashMap;

use crate::class_order::ClassKey;
use crate::model::{ClassRef, User};
use crate::selection::{search_haystack, Selection};
use crate::sort::{NameKey, SortKey};
use crate::timezone::SchoolTimeZone;

/// Users with their precomputed search text and ranks.
#[derive(Debug, Clone)]
pub struct Directory {
    users: Vec<User>,
    time_zone: SchoolTimeZone,
    /// Folded "last\nfirst\nlogin\nclass…" of each user, for search.
    haystacks: Vec<String>,
    /// Position of each user in name order (unique: ties are broken down to the id).
    name_ranks: Vec<u32>,
    /// Every class in school order.
    classes: Vec<ClassRef>,
    /// Class id → position in `classes`.
    class_ranks: HashMap<String, u32>,
}

/// Counts shown next to the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub selected: usize,
    pub without_email: usize,
    pub not_activated: usize,
}

impl Directory {
    /// Prepares `users` of a school in `time_zone`.
    pub fn new(users: Vec<User>, time_zone: SchoolTimeZone) -> Directory {
        let haystacks = users.iter().map(search_haystack).collect();

        let keys: Vec<NameKey> = users.iter().map(NameKey::new).collect();
        let mut by_name: Vec<usize> = (0..users.len()).collect();
        by_name.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]));
        let mut name_ranks = vec![0u32; users.len()];
        for (rank, &index) in by_name.iter().enumerate() {
            name_ranks[index] = rank as u32;
        }

        let mut classes: Vec<ClassRef> = Vec::new();
        let mut seen = HashMap::new();
        for class in users.iter().flat_map(|u| &u.classes) {
            seen.entry(class.id.clone())
                .or_insert_with(|| classes.push(class.clone()));
        }
        let mut keyed: Vec<(ClassKey, ClassRef)> =
            classes.into_iter().map(|c| (ClassKey::new(&c.name), c)).collect();
        keyed.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| a.name.cmp(&b.name)).then(a.id.cmp(&b.id)));
        let classes: Vec<ClassRef> = keyed.into_iter().map(|(_, c)| c).collect();
        let class_ranks = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i as u32))
            .collect();

        Directory {
            users,
            time_zone,
            haystacks,
            name_ranks,
            classes,
            class_ranks,
        }
    }

    /// All users, in the order they were loaded.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// Every class of the school, in school order (for the class filter).
    pub fn classes(&self) -> &[ClassRef] {
        &self.classes
    }

    pub fn time_zone(&self) -> SchoolTimeZone {
        self.time_zone
    }

    /// Indices of the users matching `selection`, in load order.
    pub fn filter(&self, selection: &Selection) -> Vec<usize> {
        let criteria = selection.criteria(self.time_zone);
        (0..self.users.len())
            .filter(|&i| criteria.matches(&self.users[i], &self.haystacks[i]))
            .collect()
    }

    /// Indices of the users matching `selection`, in the order it asks for.
    pub fn select(&self, selection: &Selection) -> Vec<usize> {
        let mut indices = self.filter(selection);
        self.sort(&mut indices, selection);
        indices
    }

    /// Sorts `indices` as `selection.sort` says: its grouping keys, then name.
    pub fn sort(&self, indices: &mut [usize], selection: &Selection) {
        let keys: Vec<SortKey> = selection.sort.keys().collect();
        // One integer per user: up to two 32-bit group ranks, then the unique name rank, so the
        // sort compares integers only and needs no stability.
        let key_of = |i: usize| -> u128 {
            let mut key = 0u128;
            for k in &keys {
                let rank = match k {
                    SortKey::Profile => self.users[i].profile as u32,
                    SortKey::Class => self.group_class_rank(i, selection).unwrap_or(u32::MAX),
                    SortKey::None => 0,
                };
                key = (key << 32) | u128::from(rank);
            }
            (key << 32) | u128::from(self.name_ranks[i])
        };
        indices.sort_by_cached_key(|&i| key_of(i));
    }

    /// The class user `index` is filed under when sorting by class: the first of their classes
    /// in school order, among the selected classes when the selection names some (a pupil
    /// selected through "Chorale" is filed under Chorale, not under their main class).
    pub fn group_class(&self, index: usize, selection: &Selection) -> Option<&ClassRef> {
        self.group_class_rank(index, selection)
            .map(|rank| &self.classes[rank as usize])
    }

    fn group_class_rank(&self, index: usize, selection: &Selection) -> Option<u32> {
        let classes = &self.users[index].classes;
        let ranks = |only_selected: bool| {
            classes
                .iter()
                .filter(move |c| !only_selected || selection.classes.contains(&c.id))
                .filter_map(|c| self.class_ranks.get(&c.id).copied())
                .min()
        };
        if selection.classes.is_empty() {
            ranks(false)
        } else {
            ranks(true).or_else(|| ranks(false))
        }
    }

    /// The counts of a selection's users.
    pub fn counts(&self, indices: &[usize]) -> Counts {
        let mut counts = Counts {
            selected: indices.len(),
            ..Counts::default()
        };
        for &i in indices {
            let user = &self.users[i];
            counts.without_email += usize::from(!user.has_email());
            counts.not_activated += usize::from(!user.is_activated());
        }
        counts
    }
}
