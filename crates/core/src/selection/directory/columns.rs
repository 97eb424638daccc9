//! Which columns of the *Vérification* table the administrator shows: a preference of this
//! browser (`localStorage`, never data), read back leniently.
//!
//! Eleven columns do not fit a 1024-pixel laptop: « Classes » was cut and the dates needed a
//! sideways scroll. The default leaves out the login, the activation code and the e-mail
//! address — the letter and the e-mail carry them; the table is for checking who is selected:
//! state, name, profile, classes (a relative's children) and dates — so a 1024-pixel screen
//! shows those without scrolling sideways (measured: the login alone is 150 pixels, which the
//! classes of a relative need more). The names are always shown: a row must say whose it is.

use super::Column;

/// A set of columns, as bits of `1 << column's position in Column::ALL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VisibleColumns(u16);

impl Default for VisibleColumns {
    fn default() -> Self {
        Column::ALL
            .into_iter()
            .filter(|c| !matches!(c, Column::Login | Column::ActivationCode | Column::Email))
            .fold(VisibleColumns::of_bits(0), |set, c| set.with(c, true))
    }
}

impl VisibleColumns {
    fn bit(column: Column) -> u16 {
        let position = Column::ALL
            .iter()
            .position(|&c| c == column)
            .expect("every column is in ALL");
        1 << position
    }

    /// Columns that cannot be hidden: whose row it is.
    pub fn always_shown(column: Column) -> bool {
        matches!(column, Column::LastName | Column::FirstName)
    }

    /// Whether `column` is shown.
    pub fn shows(self, column: Column) -> bool {
        Self::always_shown(column) || self.0 & Self::bit(column) != 0
    }

    /// The same set with `column` shown or not (the names stay shown).
    pub fn with(self, column: Column, shown: bool) -> VisibleColumns {
        let bit = Self::bit(column);
        VisibleColumns::of_bits(if shown { self.0 | bit } else { self.0 & !bit })
    }

    /// The set of `bits`, with the names always in it.
    fn of_bits(bits: u16) -> VisibleColumns {
        VisibleColumns(bits | Self::bit(Column::LastName) | Self::bit(Column::FirstName))
    }

    /// The columns shown, in the table's order; without the distribution log's column when
    /// there is no log (local mode).
    pub fn shown(self, distribution_log: bool) -> Vec<Column> {
        Column::ALL
            .into_iter()
            .filter(|&c| self.shows(c) && (distribution_log || c != Column::LastDistributed))
            .collect()
    }

    /// As kept in the browser: the shown columns' keys, comma-separated.
    pub fn to_stored(self) -> String {
        let keys: Vec<&str> = Column::ALL
            .into_iter()
            .filter(|&c| self.shows(c))
            .map(Column::key)
            .collect();
        keys.join(",")
    }

    /// Read back from the browser. A key this version does not know (kept by another) is
    /// skipped, and nothing readable gives the default: a preference never stops the page.
    pub fn from_stored(stored: &str) -> VisibleColumns {
        let columns: Vec<Column> = stored
            .split(',')
            .filter_map(|k| Column::from_key(k.trim()))
            .collect();
        if columns.is_empty() {
            return VisibleColumns::default();
        }
        columns
            .into_iter()
            .fold(VisibleColumns::of_bits(0), |set, c| set.with(c, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_leaves_out_the_login_the_code_and_the_address() {
        let shown = VisibleColumns::default().shown(true);
        assert_eq!(
            shown,
            [
                Column::State,
                Column::LastName,
                Column::FirstName,
                Column::Profile,
                Column::Classes,
                Column::Created,
                Column::LastDistributed
            ]
        );
        assert!(!VisibleColumns::default()
            .shown(false)
            .contains(&Column::LastDistributed));
    }

    #[test]
    fn a_choice_round_trips_through_the_browser_and_the_names_stay() {
        let choice = VisibleColumns::default()
            .with(Column::Login, true)
            .with(Column::Email, true)
            .with(Column::Created, false)
            .with(Column::LastName, false);
        assert!(choice.shows(Column::LastName), "the names cannot be hidden");
        assert_eq!(VisibleColumns::from_stored(&choice.to_stored()), choice);
        assert_eq!(
            choice.to_stored(),
            "state,lastName,firstName,profile,login,email,classes,lastDistributed"
        );
    }

    #[test]
    fn what_cannot_be_read_back_is_skipped_or_gives_the_default() {
        assert_eq!(VisibleColumns::from_stored(""), VisibleColumns::default());
        assert_eq!(VisibleColumns::from_stored("nonsense"), VisibleColumns::default());
        let read = VisibleColumns::from_stored("login, future,email");
        assert_eq!(
            read.shown(true),
            [Column::LastName, Column::FirstName, Column::Login, Column::Email]
        );
    }
}
