//! School order of class names, as a teacher expects: "PS, MS, GS, CP, CE1 … CM2, 6e … 3e, 2de,
//! 1re, Tle", then the rest of the name with numbers compared as numbers ("6e 2" before "6e 10").
//!
//! A class name that starts with a known level sorts by that level; the level may be written in
//! the usual ways ("6e", "6ème", "6eme", "6°", "Sixième", "2nde", "Seconde", "1ère", "Première",
//! "Terminale", "Petite section"), and collège names of the form "6A" or "601" count as level 6e.
//! Names without a level (options, groups: "Chorale", "Anglais LV1") come after all levels,
//! alphabetically with the same folding as names.

use std::cmp::Ordering;

use crate::selection::fold::fold;

/// Comparable key of a class name. Build it once per class, then compare keys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClassKey {
    /// Rank of the level (0 = TPS … 15 = Tle), or [`NO_LEVEL`] for names without one.
    level: u8,
    /// The rest of the name in natural order.
    rest: Vec<Chunk>,
}

/// Level rank of names that start with no known level: after every level.
pub const NO_LEVEL: u8 = u8::MAX;

/// A run of digits or of other letters; numbers sort before words and by value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Chunk {
    Number(String),
    Word(String),
}

impl Ord for Chunk {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            // Digits without leading zeros: a shorter number is smaller, then digit by digit.
            (Chunk::Number(a), Chunk::Number(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
            (Chunk::Number(_), Chunk::Word(_)) => Ordering::Less,
            (Chunk::Word(_), Chunk::Number(_)) => Ordering::Greater,
            (Chunk::Word(a), Chunk::Word(b)) => a.cmp(b),
        }
    }
}

impl PartialOrd for Chunk {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Spellings of each level, folded (lower case, no accents), longest first within a level so
/// that "6eme" is taken whole rather than as "6e" followed by "me".
const LEVELS: [&[&str]; 16] = [
    &["toute petite section", "tps"],
    &["petite section", "ps"],
    &["moyenne section", "ms"],
    &["grande section", "gs"],
    &["cp"],
    &["ce1"],
    &["ce2"],
    &["cm1"],
    &["cm2"],
    &["sixieme", "6eme", "6em", "6e", "6°"],
    &["cinquieme", "5eme", "5em", "5e", "5°"],
    &["quatrieme", "4eme", "4em", "4e", "4°"],
    &["troisieme", "3eme", "3em", "3e", "3°"],
    &["seconde", "2nde", "2de", "2nd"],
    &["premiere", "1ere", "1re"],
    &["terminale", "term", "tle"],
];

impl ClassKey {
    /// The key of a class name.
    pub fn new(name: &str) -> ClassKey {
        let folded = fold(name.trim());
        let (level, rest) = split_level(&folded).unwrap_or((NO_LEVEL, &folded));
        ClassKey {
            level,
            rest: chunks(rest),
        }
    }

    /// The level rank, or [`NO_LEVEL`].
    pub fn level(&self) -> u8 {
        self.level
    }
}

/// Finds the level a folded name starts with, and what follows it.
fn split_level(folded: &str) -> Option<(u8, &str)> {
    for (rank, spellings) in LEVELS.iter().enumerate() {
        for spelling in *spellings {
            if let Some(rest) = folded.strip_prefix(spelling) {
                // "ps" must not match "psychologie": a spelling ending in a letter needs a
                // boundary after it. One ending in a digit may be glued to a group ("CM2A").
                let ends_in_letter = spelling.ends_with(|c: char| c.is_alphabetic());
                if !ends_in_letter || !rest.starts_with(|c: char| c.is_alphanumeric()) {
                    return Some((rank as u8, rest));
                }
            }
        }
    }
    college_group(folded)
}

/// Collège classes named by grade digit and group: "6A", "5 B", "601", "302".
fn college_group(folded: &str) -> Option<(u8, &str)> {
    let mut chars = folded.chars();
    let grade = chars.next()?;
    let rank = match grade {
        '6' => 9,
        '5' => 10,
        '4' => 11,
        '3' => 12,
        _ => return None,
    };
    let rest = &folded[1..];
    let word: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let after_word = &rest.trim_start()[word.len()..];
    let is_group_letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    let is_group_number = word.len() == 2 && word.chars().all(|c| c.is_ascii_digit()) && rest == word;
    let ends_cleanly = !after_word.starts_with(|c: char| c.is_alphanumeric());
    ((is_group_letter || is_group_number) && ends_cleanly).then_some((rank, rest))
}

/// Splits into digit runs and word runs; spaces and punctuation only separate.
fn chunks(text: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_digits = false;
    let flush = |current: &mut String, in_digits: bool, out: &mut Vec<Chunk>| {
        if current.is_empty() {
            return;
        }
        let run = std::mem::take(current);
        out.push(if in_digits {
            let trimmed = run.trim_start_matches('0');
            Chunk::Number(if trimmed.is_empty() {
                "0".to_owned()
            } else {
                trimmed.to_owned()
            })
        } else {
            Chunk::Word(run)
        });
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                flush(&mut current, in_digits, &mut out);
                in_digits = true;
            }
            current.push(c);
        } else if c.is_alphanumeric() {
            if in_digits {
                flush(&mut current, in_digits, &mut out);
                in_digits = false;
            }
            current.push(c);
        } else {
            flush(&mut current, in_digits, &mut out);
        }
    }
    flush(&mut current, in_digits, &mut out);
    out
}

/// Compares two class names in school order (ties broken by the raw name, for a total order).
pub fn compare_class_names(a: &str, b: &str) -> Ordering {
    ClassKey::new(a).cmp(&ClassKey::new(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare_class_names(a, b));
        v
    }

    #[test]
    fn primary_levels_in_school_order() {
        assert_eq!(
            sorted(&["CM2 A", "CP", "GS", "CE1", "PS", "CM1", "MS", "CE2", "TPS"]),
            ["TPS", "PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2 A"]
        );
    }

    #[test]
    fn secondary_levels_and_spellings() {
        assert_eq!(
            sorted(&[
                "Tle G2",
                "3ème B",
                "Seconde 1",
                "6e A",
                "1ère S",
                "5eme C",
                "4°1",
                "Terminale A"
            ]),
            [
                "6e A",
                "5eme C",
                "4°1",
                "3ème B",
                "Seconde 1",
                "1ère S",
                "Terminale A",
                "Tle G2"
            ]
        );
        assert_eq!(ClassKey::new("Sixième 2").level(), ClassKey::new("6e 2").level());
        assert_eq!(ClassKey::new("2nde 3").level(), ClassKey::new("2de 3").level());
    }

    #[test]
    fn numbers_compare_as_numbers() {
        assert_eq!(sorted(&["6e 10", "6e 2", "6e 1"]), ["6e 1", "6e 2", "6e 10"]);
        assert_eq!(sorted(&["Groupe 10", "Groupe 9"]), ["Groupe 9", "Groupe 10"]);
    }

    #[test]
    fn college_group_names_count_as_levels() {
        assert_eq!(
            sorted(&["3A", "601", "6B", "5 C", "602"]),
            ["601", "602", "6B", "5 C", "3A"]
        );
    }

    #[test]
    fn names_without_level_come_after_levels_alphabetically() {
        assert_eq!(
            sorted(&["Psychologie", "Chorale", "CM2", "Échecs", "Anglais LV1"]),
            ["CM2", "Anglais LV1", "Chorale", "Échecs", "Psychologie"]
        );
        assert_eq!(ClassKey::new("Psychologie").level(), NO_LEVEL);
        assert_eq!(ClassKey::new("Cpa").level(), NO_LEVEL);
    }

    #[test]
    fn glued_group_letter_after_a_digit_level() {
        assert_eq!(sorted(&["CM2B", "CM1A", "CM2A"]), ["CM1A", "CM2A", "CM2B"]);
    }
}
