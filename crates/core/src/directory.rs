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
    /// User indices in name order (ties are broken down to the id, so the order is total).
    by_name: Vec<usize>,
    /// Ranks (positions in `classes`) of each user's classes, ascending.
    user_class_ranks: Vec<Box<[u32]>>,
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

        let mut classes: Vec<ClassRef> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for class in users.iter().flat_map(|u| &u.classes) {
            if seen.insert(class.id.as_str()) {
                classes.push(class.clone());
            }
        }
        let mut keyed: Vec<(ClassKey, ClassRef)> =
            classes.into_iter().map(|c| (ClassKey::new(&c.name), c)).collect();
        keyed.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| a.name.cmp(&b.name)).then(a.id.cmp(&b.id)));
        let classes: Vec<ClassRef> = keyed.into_iter().map(|(_, c)| c).collect();
        let class_ranks: HashMap<String, u32> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i as u32))
            .collect();
        let user_class_ranks = users
            .iter()
            .map(|u| {
                let mut ranks: Vec<u32> = u.classes.iter().map(|c| class_ranks[&c.id]).collect();
                ranks.sort_unstable();
                ranks.into_boxed_slice()
            })
            .collect();

        Directory {
            users,
            time_zone,
            haystacks,
            by_name,
            user_class_ranks,
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
        // Walking the users in name order makes the filtered list already sorted by name; only
        // the grouping keys, if any, remain to sort, with a stable sort on small integers.
        let criteria = selection.criteria(self.time_zone);
        let mut indices: Vec<usize> = self
            .by_name
            .iter()
            .copied()
            .filter(|&i| criteria.matches(&self.users[i], &self.haystacks[i]))
            .collect();
        self.sort_groups(&mut indices, selection);
        indices
    }

    /// Sorts `indices` as `selection.sort` says: its grouping keys, then name.
    pub fn sort(&self, indices: &mut [usize], selection: &Selection) {
        let mut position = vec![0u32; self.users.len()];
        for (rank, &i) in self.by_name.iter().enumerate() {
            position[i] = rank as u32;
        }
        indices.sort_unstable_by_key(|&i| position[i]);
        self.sort_groups(indices, selection);
    }

    /// Stable sort of name-ordered `indices` by the selection's grouping keys.
    fn sort_groups(&self, indices: &mut [usize], selection: &Selection) {
        let keys: Vec<SortKey> = selection.sort.keys().collect();
        if keys.is_empty() {
            return;
        }
        let selected_classes = self.selected_class_ranks(selection);
        let group_key = |i: usize| {
            keys.iter().fold(0u64, |key, k| {
                let rank = match k {
                    SortKey::Profile => self.users[i].profile as u32,
                    SortKey::Class => self
                        .group_rank(i, selected_classes.as_deref())
                        .unwrap_or(u32::MAX),
                    SortKey::None => 0,
                };
                (key << 32) | u64::from(rank)
            })
        };
        // Pack (group key, current position, user index) into one integer: an unstable sort of
        // plain integers is then stable with respect to the name order, and fast.
        let mut packed: Vec<u128> = indices
            .iter()
            .enumerate()
            .map(|(pos, &i)| (u128::from(group_key(i)) << 64) | ((pos as u128) << 32) | i as u128)
            .collect();
        packed.sort_unstable();
        for (slot, p) in indices.iter_mut().zip(packed) {
            *slot = (p as u32) as usize;
        }
    }

    /// The class user `index` is filed under when sorting by class: the first of their classes
    /// in school order, among the selected classes when the selection names some (a pupil
    /// selected through "Chorale" is filed under Chorale, not under their main class).
    pub fn group_class(&self, index: usize, selection: &Selection) -> Option<&ClassRef> {
        let selected = self.selected_class_ranks(selection);
        self.group_rank(index, selected.as_deref())
            .map(|rank| &self.classes[rank as usize])
    }

    /// For each class rank, whether the selection names it; `None` when it names none.
    fn selected_class_ranks(&self, selection: &Selection) -> Option<Vec<bool>> {
        if selection.classes.is_empty() {
            return None;
        }
        let mut selected = vec![false; self.classes.len()];
        for id in &selection.classes {
            if let Some(&rank) = self.class_ranks.get(id) {
                selected[rank as usize] = true;
            }
        }
        Some(selected)
    }

    fn group_rank(&self, index: usize, selected: Option<&[bool]>) -> Option<u32> {
        let ranks = &self.user_class_ranks[index];
        let first_selected = selected.and_then(|sel| ranks.iter().copied().find(|&r| sel[r as usize]));
        first_selected.or_else(|| ranks.first().copied())
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
