//! A date as an administrator types it in the « Créés depuis / avant le » filters: day first,
//! `JJ/MM/AAAA` (the English page asks for `DD/MM/YYYY`, the same order).
//!
//! Why not the browser's `<input type="date">`: it shows the *browser's* locale, so an English
//! Firefox or Safari asked for « 09/01/2025 » meaning the 1st of September on a French page, and
//! each engine draws its own picker. A text field with one rule, here, reads the same in every
//! engine. The address keeps ISO dates (`query`): a link means the same day whatever the page's
//! language.

use chrono::NaiveDate;

/// The date in `text`: `J/M/AAAA` with `/`, `.` or `-` between the parts (one or two digits for
/// day and month, four for the year), or an ISO `AAAA-MM-JJ` pasted from an address. `None` for
/// anything else, an impossible day (31/02) included — never a guess.
pub fn parse_typed_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let [first, second, third] = parts[..] else {
        return None;
    };
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (day, month, year) = if first.len() == 4 && text.contains('-') {
        // ISO: year first.
        (
            number(third, 2..=2)?,
            number(second, 2..=2)?,
            number(first, 4..=4)?,
        )
    } else {
        (
            number(first, 1..=2)?,
            number(second, 1..=2)?,
            number(third, 4..=4)?,
        )
    };
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// What a date field's text does to its filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedDate {
    /// A blank field: no date filter.
    Blank,
    /// A date: the filter takes it.
    Date(NaiveDate),
    /// Text that is not a date (« 31/02/2026 »): the filter is lifted, and the page says so.
    /// Keeping the previous date would filter by a day the field no longer shows.
    NotADate,
}

impl TypedDate {
    /// What the field's text says: blank, a date ([`parse_typed_date`]), or not a date.
    pub fn read(text: &str) -> TypedDate {
        if text.trim().is_empty() {
            TypedDate::Blank
        } else {
            parse_typed_date(text).map_or(TypedDate::NotADate, TypedDate::Date)
        }
    }

    /// The date the filter applies after this text: only a date is applied, never the one
    /// before.
    pub fn applied(self) -> Option<NaiveDate> {
        match self {
            TypedDate::Date(date) => Some(date),
            TypedDate::Blank | TypedDate::NotADate => None,
        }
    }
}

/// How a date is shown in those fields: `JJ/MM/AAAA`.
pub fn show_typed_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_a_date_lifts_the_filter_rather_than_keep_the_previous_date() {
        assert_eq!(TypedDate::read("31/02/2026"), TypedDate::NotADate);
        assert_eq!(TypedDate::read("31/02/2026").applied(), None);
        assert_eq!(TypedDate::read("  "), TypedDate::Blank);
        assert_eq!(TypedDate::read(" ").applied(), None);
        assert_eq!(TypedDate::read("28/02/2026").applied(), day(2026, 2, 28));
    }

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn the_day_comes_first_whatever_the_separator() {
        for (text, (y, m, d)) in [
            ("01/09/2025", (2025, 9, 1)),
            (" 1/9/2025 ", (2025, 9, 1)),
            // Never month first.
            ("09/01/2025", (2025, 1, 9)),
            ("01.09.2025", (2025, 9, 1)),
            ("01-09-2025", (2025, 9, 1)),
            // ISO, from an address.
            ("2025-09-01", (2025, 9, 1)),
        ] {
            assert_eq!(parse_typed_date(text), day(y, m, d), "{text:?}");
        }
    }

    #[test]
    fn anything_else_is_refused_rather_than_guessed() {
        for text in [
            "",
            "31/02/2026",
            "01/13/2025",
            "01/09/25",
            "2025/09/01",
            "1 septembre 2025",
            "01/09/2025/1",
            "١/٩/٢٠٢٥",
            "+1/09/2025",
            "2025-9-1",
        ] {
            assert_eq!(parse_typed_date(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_shown_date_reads_back_as_itself() {
        let date = day(2026, 12, 2).unwrap();
        assert_eq!(show_typed_date(date), "02/12/2026");
        assert_eq!(parse_typed_date(&show_typed_date(date)), Some(date));
    }
}
