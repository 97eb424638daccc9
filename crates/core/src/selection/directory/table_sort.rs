//! The *Vérification* table sorted by one of its columns, when the administrator clicks a header.
//!
//! This only changes how the table is shown: letters and e-mails keep the selection's own order
//! (profile / class, then name), which is what teachers hand out. Ties — and every account when
//! no column is chosen — stay in name order, so a sort by class lists each class alphabetically.
//! Empty cells (no e-mail, no class, account already activated) go last in both directions:
//! the administrator looking at a column wants the filled cells first.

use std::cmp::Ordering;

use super::Directory;
use crate::selection::fold::fold;

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// To activate, activated, outside sign-in or blocked ([`crate::selection::account_state`]).
    State,
    LastName,
    FirstName,
    Profile,
    Login,
    ActivationCode,
    Email,
    Classes,
    Created,
    LastDistributed,
}

impl Column {
    /// Every column, in the table's order.
    pub const ALL: [Column; 10] = [
        Column::State,
        Column::LastName,
        Column::FirstName,
        Column::Profile,
        Column::Login,
        Column::ActivationCode,
        Column::Email,
        Column::Classes,
        Column::Created,
        Column::LastDistributed,
    ];

    /// The column's name in the page (each cell's `data-col`) and in the browser's remembered
    /// choice of visible columns.
    pub fn key(self) -> &'static str {
        match self {
            Column::State => "state",
            Column::LastName => "lastName",
            Column::FirstName => "firstName",
            Column::Profile => "profile",
            Column::Login => "login",
            Column::ActivationCode => "activationCode",
            Column::Email => "email",
            Column::Classes => "classes",
            Column::Created => "created",
            Column::LastDistributed => "lastDistributed",
        }
    }

    /// The column named `key` ([`Column::key`]).
    pub fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// A column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSort {
    pub column: Column,
    pub descending: bool,
}

impl ColumnSort {
    /// The sort after a click on `column`: ascending first, then descending, then back to the
    /// letters' order (`None`).
    pub fn after_click(current: Option<ColumnSort>, column: Column) -> Option<ColumnSort> {
        match current {
            Some(ColumnSort {
                column: c,
                descending: false,
            }) if c == column => Some(ColumnSort {
                column,
                descending: true,
            }),
            Some(ColumnSort {
                column: c,
                descending: true,
            }) if c == column => None,
            _ => Some(ColumnSort {
                column,
                descending: false,
            }),
        }
    }
}

/// What one account is compared by; `None` is an empty cell.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Rank(Option<u64>),
    Text(Option<String>),
}

impl Directory {
    /// Reorders `indices` (users of this directory) by `sort`, ties in name order.
    pub fn sort_by_column(&self, indices: &mut [usize], sort: ColumnSort) {
        let key = |i: usize| -> Key {
            let user = &self.users[i];
            let text = |s: &str| {
                let folded = fold(s.trim());
                (!folded.is_empty()).then_some(folded)
            };
            match sort.column {
                Column::State => Key::Rank(Some(self.state(i) as u64)),
                // Name order is last name, first name, login: the position says it all.
                Column::LastName => Key::Rank(Some(u64::from(self.position[i]))),
                Column::FirstName => Key::Text(text(&user.first_name)),
                Column::Profile => Key::Rank(Some(u64::from(
                    self.rows[self.position[i] as usize].profile_rank(),
                ))),
                Column::Login => Key::Text(text(&user.login)),
                Column::ActivationCode => Key::Text(user.activation_code.as_deref().and_then(text)),
                Column::Email => Key::Text(user.email.as_deref().and_then(text)),
                Column::Classes => Key::Rank(
                    self.row_classes[self.position[i] as usize]
                        .first()
                        .map(|&r| u64::from(r)),
                ),
                Column::Created => Key::Rank(Some(instant(user.created_at))),
                Column::LastDistributed => Key::Rank(user.last_distributed_at.map(instant)),
            }
        };
        let mut keyed: Vec<(Key, u32, usize)> =
            indices.iter().map(|&i| (key(i), self.position[i], i)).collect();
        keyed.sort_unstable_by(|(ka, pa, _), (kb, pb, _)| compare(ka, kb, sort.descending).then(pa.cmp(pb)));
        for (slot, (_, _, i)) in indices.iter_mut().zip(keyed) {
            *slot = i;
        }
    }
}

/// A point in time as an unsigned number in the same order (the sign bit flipped).
fn instant(t: chrono::DateTime<chrono::Utc>) -> u64 {
    (t.timestamp() as u64) ^ (1 << 63)
}

/// Filled cells in the chosen direction, empty ones last either way.
fn compare(a: &Key, b: &Key, descending: bool) -> Ordering {
    let empty = |k: &Key| matches!(k, Key::Rank(None) | Key::Text(None));
    match (empty(a), empty(b)) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) if descending => b.cmp(a),
        (false, false) => a.cmp(b),
    }
}
