//! The state the three steps share over one school — the school itself, the selection and how
//! to change it, the accounts it selects and those ticked, what step 3 prints or sends — made
//! once by [`Steps`](crate::components::steps::Steps) and read by each component under it,
//! rather than handed down as the same seven or eight props through every level.
//!
//! Every field is a `Copy` signal or callback: a component takes the context when it is
//! created and keeps what it needs (an async task cannot reach a context).

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::selection::directory::ColumnSort;
use sesame_core::{Lang, School, Selection};

use crate::components::source::Source;

/// The steps' shared state over one school.
#[derive(Clone, Copy)]
pub struct DistributionContext {
    /// The page's copy of the school (marking letters as distributed, or local mode's
    /// settings, update it).
    pub school: Signal<Arc<School>>,
    /// The selection, as the address holds it.
    pub selection: Signal<Selection>,
    /// Changes the selection (the address); `true` replaces the history entry.
    pub on_change: Callback<(Selection, bool)>,
    /// The whole selection, in order (directory indices).
    pub selected: Memo<Vec<usize>>,
    /// The accounts ticked in the table, a one-off choice kept in memory.
    pub picked: RwSignal<HashSet<usize>>,
    /// What step 3 prints or sends: the ticked accounts when any is, else the whole selection.
    pub to_distribute: Memo<Vec<usize>>,
    /// The column the table is sorted by, if any (step 3 says letters keep their own order).
    pub column_sort: RwSignal<Option<ColumnSort>>,
    /// The letters' language, chosen in step 3 (French unless the administrator says otherwise).
    pub letter_lang: Signal<Lang>,
    /// « Commencer à l’étiquette n° » for a sheet partly used already (1 = the first).
    pub first_label: RwSignal<usize>,
    /// The server (its log and e-mail), or a file opened in this browser.
    pub source: Source,
}

impl DistributionContext {
    /// Makes it the context of the components below.
    pub fn provide(self) {
        provide_context(self);
    }

    /// The steps' context; only components under [`Steps`](crate::components::steps::Steps)
    /// ask for it.
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// The school and the accounts step 3 works on, as they are at the click that builds or
    /// exports them (not tracked: the file is made of that moment's accounts).
    pub fn to_distribute_now(self) -> (Arc<School>, Vec<usize>) {
        (self.school.get_untracked(), self.to_distribute.get_untracked())
    }

    /// Changes the selection as `edit` says, as a new entry in the history: each of step 3's
    /// choices (template, order, options) changes one part of it and keeps the rest.
    pub fn edit_selection(self, edit: impl FnOnce(&mut Selection)) {
        let mut next = self.selection.get_untracked();
        edit(&mut next);
        self.on_change.run((next, false));
    }
}
