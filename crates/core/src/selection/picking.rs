//! Accounts ticked one by one in the *Vérification* table: reprinting three lost letters, or one
//! guest's, without crafting a selection that catches exactly them.
//!
//! Ticks are a one-off choice kept in memory (never in the address: not a bookmark). When any is
//! ticked, the distribution step works on the ticked accounts only, in the selection's order;
//! when the selection changes, ticks on accounts it no longer holds are dropped and counted so
//! the page can say so.

use std::collections::HashSet;

/// The ticked accounts of `selected` (directory indices, in the selection's order), in that
/// order; all of `selected` when none is ticked.
pub fn narrow(selected: &[usize], picked: &HashSet<usize>) -> Vec<usize> {
    if picked.is_empty() {
        return selected.to_vec();
    }
    selected.iter().copied().filter(|i| picked.contains(i)).collect()
}

/// Drops the ticks on accounts `selected` no longer holds; returns how many were dropped.
pub fn keep_selected(picked: &mut HashSet<usize>, selected: &[usize]) -> usize {
    if picked.is_empty() {
        return 0;
    }
    let before = picked.len();
    let still: HashSet<usize> = selected.iter().copied().filter(|i| picked.contains(i)).collect();
    *picked = still;
    before - picked.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_accounts_keep_the_selection_order_and_none_ticked_means_all() {
        let selected = [7, 3, 9, 1];
        assert_eq!(narrow(&selected, &HashSet::new()), [7, 3, 9, 1]);
        assert_eq!(narrow(&selected, &[1, 7].into()), [7, 1]);
        // A tick outside the selection picks nothing.
        assert!(narrow(&selected, &[4].into()).is_empty());
    }

    #[test]
    fn a_narrower_selection_drops_the_ticks_it_no_longer_holds() {
        let mut picked: HashSet<usize> = [1, 3, 5].into();
        assert_eq!(keep_selected(&mut picked, &[5, 3, 2]), 1);
        assert_eq!(picked, [3, 5].into());
        assert_eq!(keep_selected(&mut picked, &[3, 5]), 0);
    }
}
