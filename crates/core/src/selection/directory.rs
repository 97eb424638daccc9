//! A structure's users, prepared once when loaded, then selected (filtered and sorted) on every
//! change of the selection.
//!
//! Preparing sorts every user by name and every class in school order, folds every searchable
//! text, and reduces each user to a compact row (the private `matcher` module) stored in name order, so a
//! selection change — at each keystroke in the search box — walks integers in memory order and
//! comes out sorted by name: under 2.2 ms for 50,000 users in the worst case measured
//! (`benches/select.rs`). The table, the PDF and the e-mail list all come from
//! [`Directory::select`].

mod columns;
mod table_sort;

use std::collections::HashMap;

use crate::model::{ClassRef, Profile, User};
use crate::selection::account_state::AccountState;
use crate::selection::class_order::ClassKey;
use crate::selection::matcher::{Matcher, Row};
use crate::selection::membership::{search_haystack, ClassIndex};
use crate::selection::sort::{NameKey, SortKey};
use crate::selection::Selection;
use crate::timezone::SchoolTimeZone;

pub use columns::VisibleColumns;
pub use table_sort::{Column, ColumnSort};

/// Users with their precomputed search text and ranks.
#[derive(Debug, Clone)]
pub struct Directory {
    users: Vec<User>,
    time_zone: SchoolTimeZone,
    /// What the filters look at, one row per user **in name order** (ties are broken down to
    /// the id, so the order is total): walking it yields matches already sorted by name.
    rows: Vec<Row>,
    /// Folded "last\nfirst\nlogin\nclass…" of each user, in name order, for search.
    haystacks: Vec<String>,
    /// Ranks (positions in `classes`) of the classes each user belongs to (a relative: their
    /// children's, [`crate::selection::membership`]), ascending, in name order.
    row_classes: Vec<Box<[u32]>>,
    /// User index → position in name order.
    position: Vec<u32>,
    /// Every class in school order.
    classes: Vec<ClassRef>,
    /// Class id → position in `classes`.
    class_ranks: HashMap<String, u32>,
    /// The profiles that sign in with an outside account (the structure's letter settings),
    /// for [`Directory::state`].
    external_sign_in: Vec<Profile>,
    /// Import id → its number in the rows (from 1).
    imports: HashMap<String, u32>,
    /// The structure's latest import (`import=latest`).
    latest_import: Option<String>,
}

/// What the e-mail confirmation says of the accounts it would write to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MailCounts {
    /// With an address: they get a message.
    pub reachable: usize,
    /// Without one: the server skips them.
    pub without_email: usize,
    /// Of the reachable, those whose profile signs in with an outside account (their message
    /// is of little use).
    pub external: usize,
    /// Of the reachable, those already activated (their message says how to reset a password).
    pub activated: usize,
}

/// Counts shown next to the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub selected: usize,
    pub without_email: usize,
    pub not_activated: usize,
    /// Blocked accounts: they cannot sign in, a letter is of no use until they are unblocked.
    pub blocked: usize,
}

impl Directory {
    /// Prepares `users` of a school in `time_zone`.
    pub fn new(users: Vec<User>, time_zone: SchoolTimeZone) -> Directory {
        let keys: Vec<NameKey> = users.iter().map(NameKey::new).collect();
        let mut by_name: Vec<usize> = (0..users.len()).collect();
        by_name.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]));
        drop(keys);

        // Every class in school order; each user's classes (a relative's: their children's) as
        // ranks in that order.
        let index = ClassIndex::new(&users);
        let mut order: Vec<usize> = (0..index.classes().len()).collect();
        let keys: Vec<ClassKey> = index.classes().iter().map(|c| ClassKey::new(&c.name)).collect();
        order.sort_by(|&a, &b| {
            let (ca, cb) = (&index.classes()[a], &index.classes()[b]);
            keys[a]
                .cmp(&keys[b])
                .then_with(|| ca.name.cmp(&cb.name))
                .then(ca.id.cmp(&cb.id))
        });
        let mut rank_of = vec![0u32; order.len()];
        for (rank, &position) in order.iter().enumerate() {
            rank_of[position] = rank as u32;
        }
        let classes: Vec<ClassRef> = order.iter().map(|&p| index.classes()[p].clone()).collect();
        let class_ranks: HashMap<String, u32> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i as u32))
            .collect();
        let member_ranks: Vec<Box<[u32]>> = users
            .iter()
            .map(|u| {
                let mut ranks: Vec<u32> = index.member_of(u).into_iter().map(|p| rank_of[p]).collect();
                ranks.sort_unstable();
                ranks.into_boxed_slice()
            })
            .collect();

        let mut position = vec![0u32; users.len()];
        for (pos, &i) in by_name.iter().enumerate() {
            position[i] = pos as u32;
        }
        // Imports numbered from 1 in the order first met (0: created by none recorded).
        let mut imports: HashMap<String, u32> = HashMap::new();
        for id in users.iter().filter_map(|u| u.import_id.as_ref()) {
            let next = imports.len() as u32 + 1;
            imports.entry(id.clone()).or_insert(next);
        }
        let import_of = |u: &User| u.import_id.as_ref().map_or(0, |id| imports[id]);
        let rows = by_name
            .iter()
            .map(|&i| Row::new(i, &users[i], import_of(&users[i])))
            .collect();
        let haystacks = by_name
            .iter()
            .map(|&i| search_haystack(&users[i], member_ranks[i].iter().map(|&r| &classes[r as usize])))
            .collect();
        let mut member_ranks: Vec<Option<Box<[u32]>>> = member_ranks.into_iter().map(Some).collect();
        let row_classes = by_name
            .iter()
            .map(|&i| member_ranks[i].take().unwrap_or_default())
            .collect();

        Directory {
            users,
            time_zone,
            rows,
            haystacks,
            row_classes,
            position,
            classes,
            class_ranks,
            external_sign_in: Vec::new(),
            imports,
            latest_import: None,
        }
    }

    /// The same directory, knowing which profiles sign in with an outside account (the
    /// structure's [`LetterSettings::external_sign_in`](crate::LetterSettings)); none until told.
    pub fn with_external_sign_in(mut self, profiles: &[Profile]) -> Directory {
        self.external_sign_in = profiles.to_vec();
        self
    }

    /// Tells the directory anew which profiles sign in with an outside account (the settings
    /// were edited: local mode's page edits them in place).
    pub fn set_external_sign_in(&mut self, profiles: &[Profile]) {
        self.external_sign_in = profiles.to_vec();
    }

    /// Records that the letters of `indices` were handed out at `at` (the administrator said
    /// so): their « Dernière distribution » and the « Déjà distribués » filter follow at once,
    /// without loading the directory again.
    pub fn mark_distributed(&mut self, indices: &[usize], at: chrono::DateTime<chrono::Utc>) {
        for &i in indices {
            self.set_last_distributed(i, Some(at));
        }
    }

    /// Sets user `index`'s last distribution to `at` (`None`: never): after a marking was taken
    /// back, the server says what each account's last distribution is again, and the table's
    /// column and the « Déjà distribués » filter follow at once.
    pub fn set_last_distributed(&mut self, index: usize, at: Option<chrono::DateTime<chrono::Utc>>) {
        let Some(user) = self.users.get_mut(index) else {
            return;
        };
        user.last_distributed_at = at;
        let pos = self.position[index] as usize;
        let import = self.rows[pos].import();
        self.rows[pos] = Row::new(index, user, import);
    }

    /// Takes back a marking of `indices`: each account's last distribution becomes what the
    /// server says it is now (`restored`, by account id: an earlier one, or none). An account
    /// of `indices` the answer does not name is left as it is.
    pub fn restore_distributed(&mut self, indices: &[usize], restored: &[crate::wire::LastDistributed]) {
        let by_id: HashMap<&str, usize> = indices
            .iter()
            .filter_map(|&i| self.users.get(i).map(|u| (u.id.as_str(), i)))
            .collect();
        let found: Vec<(usize, Option<chrono::DateTime<chrono::Utc>>)> = restored
            .iter()
            .filter_map(|r| by_id.get(r.user_id.as_str()).map(|&i| (i, r.at)))
            .collect();
        for (i, at) in found {
            self.set_last_distributed(i, at);
        }
    }

    /// The state of user `index` (to activate, activated, outside sign-in, blocked).
    pub fn state(&self, index: usize) -> AccountState {
        AccountState::of(&self.users[index], &self.external_sign_in)
    }

    /// All users, in the order they were loaded.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// Every class of the school, in school order (for the class filter).
    pub fn classes(&self) -> &[ClassRef] {
        &self.classes
    }

    /// The class ids `selection` names that no account of this directory is in (a bookmark from
    /// another school, a class since removed): they select no one, and the page says so.
    pub fn unknown_classes<'s>(&self, selection: &'s Selection) -> Vec<&'s str> {
        selection
            .classes
            .iter()
            .filter(|id| !self.class_ranks.contains_key(id.as_str()))
            .map(String::as_str)
            .collect()
    }

    /// The classes user `index` belongs to, in school order: their own, or a relative's
    /// children's ([`crate::selection::membership`]). The table shows these, the filter and sort use them.
    pub fn member_classes(&self, index: usize) -> impl Iterator<Item = &ClassRef> + '_ {
        self.row_classes[self.position[index] as usize]
            .iter()
            .map(|&rank| &self.classes[rank as usize])
    }

    pub fn time_zone(&self) -> SchoolTimeZone {
        self.time_zone
    }

    /// The same directory, knowing the structure's latest import (what `import=latest` selects
    /// from); none until told.
    pub fn with_latest_import(mut self, id: Option<String>) -> Directory {
        self.latest_import = id;
        self
    }

    /// The structure's latest import, if any.
    pub fn latest_import(&self) -> Option<&str> {
        self.latest_import.as_deref()
    }

    /// The selection compiled against this directory.
    fn matcher(&self, selection: &Selection) -> Matcher {
        // The number of the import asked for; 0 for one no account here came from.
        let import = selection
            .import
            .wanted(self.latest_import.as_deref())
            .map(|id| id.and_then(|id| self.imports.get(id)).copied().unwrap_or(0));
        Matcher::new(
            selection,
            self.time_zone,
            self.classes.len(),
            |id| self.class_ranks.get(id).copied(),
            import,
        )
    }

    /// Positions (in name order) of the users matching `selection`, ascending.
    fn matching_positions(&self, matcher: &Matcher) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&pos| matcher.matches(&self.rows[pos], &self.row_classes[pos], &self.haystacks[pos]))
            .collect()
    }

    /// Indices of the users matching `selection`, in load order.
    pub fn filter(&self, selection: &Selection) -> Vec<usize> {
        let matcher = self.matcher(selection);
        let mut indices: Vec<usize> = self
            .matching_positions(&matcher)
            .into_iter()
            .map(|pos| self.rows[pos].index as usize)
            .collect();
        indices.sort_unstable();
        indices
    }

    /// Indices of the users matching `selection`, in the order it asks for.
    pub fn select(&self, selection: &Selection) -> Vec<usize> {
        // Rows are stored in name order, so the matches come out sorted by name; only the
        // grouping keys, if any, remain to sort.
        let matcher = self.matcher(selection);
        let mut positions = self.matching_positions(&matcher);
        self.sort_positions(&mut positions, selection, matcher.selected_classes());
        positions
            .into_iter()
            .map(|pos| self.rows[pos].index as usize)
            .collect()
    }

    /// Sorts `indices` as `selection.sort` says: its grouping keys, then name.
    pub fn sort(&self, indices: &mut [usize], selection: &Selection) {
        let matcher = self.matcher(selection);
        let mut positions: Vec<usize> = indices.iter().map(|&i| self.position[i] as usize).collect();
        positions.sort_unstable();
        self.sort_positions(&mut positions, selection, matcher.selected_classes());
        for (slot, pos) in indices.iter_mut().zip(positions) {
            *slot = self.rows[pos].index as usize;
        }
    }

    /// Sorts name-ordered `positions` by the selection's grouping keys, keeping name order
    /// within a group.
    fn sort_positions(&self, positions: &mut [usize], selection: &Selection, selected: Option<&[bool]>) {
        let keys: Vec<SortKey> = selection.sort.keys().collect();
        if keys.is_empty() {
            return;
        }
        let group_key = |pos: usize| {
            keys.iter().fold(0u64, |key, k| {
                let rank = match k {
                    SortKey::Profile => self.rows[pos].profile_rank(),
                    SortKey::Class => group_rank(&self.row_classes[pos], selected).unwrap_or(u32::MAX),
                    SortKey::None => 0,
                };
                (key << 32) | u64::from(rank)
            })
        };
        // One integer per account, (group key, name position): an unstable sort of plain
        // integers, stable with respect to names, and fast.
        let mut packed: Vec<u128> = positions
            .iter()
            .map(|&pos| (u128::from(group_key(pos)) << 64) | pos as u128)
            .collect();
        packed.sort_unstable();
        for (slot, p) in positions.iter_mut().zip(packed) {
            *slot = (p as u64) as usize;
        }
    }

    /// The class user `index` is filed under when sorting by class: the first of their classes
    /// in school order, among the selected classes when the selection names some (a pupil
    /// selected through "Chorale" is filed under Chorale, not under their main class).
    pub fn group_class(&self, index: usize, selection: &Selection) -> Option<&ClassRef> {
        let matcher = self.matcher(selection);
        let ranks = &self.row_classes[self.position[index] as usize];
        group_rank(ranks, matcher.selected_classes()).map(|rank| &self.classes[rank as usize])
    }

    /// The counts of a selection's users.
    pub fn counts(&self, indices: &[usize]) -> Counts {
        let mut counts = Counts {
            selected: indices.len(),
            ..Counts::default()
        };
        // The compact rows, not the users: a filter change recounts 50,000 accounts, and a
        // `User` is a few hundred bytes with its e-mail behind a pointer.
        for &i in indices {
            let row = &self.rows[self.position[i] as usize];
            counts.without_email += usize::from(!row.has_email());
            counts.not_activated += usize::from(!row.is_activated());
            counts.blocked += usize::from(row.is_blocked());
        }
        counts
    }

    /// What the e-mail confirmation says of `indices` ([`MailCounts`]).
    pub fn mail_counts(&self, indices: &[usize]) -> MailCounts {
        let mut counts = MailCounts::default();
        for &i in indices {
            if !self.rows[self.position[i] as usize].has_email() {
                counts.without_email += 1;
                continue;
            }
            counts.reachable += 1;
            match self.state(i) {
                AccountState::External => counts.external += 1,
                AccountState::Activated => counts.activated += 1,
                AccountState::ToActivate | AccountState::Blocked => {}
            }
        }
        counts
    }

    /// How many of a selection's users have each profile, indexed by `Profile as usize`.
    pub fn profile_counts(&self, indices: &[usize]) -> [usize; Profile::ALL.len()] {
        let mut counts = [0; Profile::ALL.len()];
        for &i in indices {
            counts[self.rows[self.position[i] as usize].profile_rank() as usize] += 1;
        }
        counts
    }
}

/// The first of `ranks` that is selected, or the first of all when none is (or no class is).
fn group_rank(ranks: &[u32], selected: Option<&[bool]>) -> Option<u32> {
    let first_selected = selected.and_then(|sel| ranks.iter().copied().find(|&r| sel[r as usize]));
    first_selected.or_else(|| ranks.first().copied())
}
