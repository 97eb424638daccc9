//! Reading one cell: names (trimmed, NFC), profiles, yes/no values and comma-separated lists.
//!
//! Names are never altered beyond trimming and NFC normalisation: a name typed with a combining
//! accent ("Zoe\u{301}") becomes the same "Zoé" as a precomposed one, so search, sorting and
//! duplicate checks see one spelling, and every script comes through as written.

use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::model::Profile;
use crate::selection::fold::fold;

/// Trimmed (Unicode white space, so a no-break space from a spreadsheet goes too) and NFC.
pub(crate) fn text(raw: &str) -> String {
    let trimmed = raw.trim();
    if is_nfc(trimmed) {
        trimmed.to_owned()
    } else {
        trimmed.nfc().collect()
    }
}

/// Like [`text`], `None` when empty.
pub(crate) fn optional_text(raw: &str) -> Option<String> {
    Some(text(raw)).filter(|t| !t.is_empty())
}

/// Letters and digits of the folded value: "Élève", "ELEVE", "élèves " all give "eleve(s)".
fn key(raw: &str) -> String {
    fold(raw.trim()).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The profile named by a `Type` cell.
///
/// Accepted (any case, accents optional, singular or plural): the French labels Élève,
/// Enseignant(e), Parent, Personnel, Invité(e); the English names Student, Teacher, Relative,
/// Personnel, Guest; and the ENT/AAF codes ELEVE, ENSEIGNANT, PERSRELELEVE (relative) and
/// PERSEDUCNAT (national-education staff, here Personnel: teachers are exported as ENSEIGNANT),
/// plus "Responsable" for a legal guardian.
pub(crate) fn profile(raw: &str) -> Option<Profile> {
    let key = key(raw);
    let singular = key.strip_suffix('s').unwrap_or(&key);
    let profile = match singular {
        "eleve" | "student" => Profile::Student,
        "enseignant" | "enseignante" | "teacher" => Profile::Teacher,
        "parent" | "relative" | "responsable" | "responsablelegal" | "persreleleve" => Profile::Relative,
        "personnel" | "perseducnat" => Profile::Personnel,
        "invite" | "invitee" | "guest" => Profile::Guest,
        _ => return None,
    };
    Some(profile)
}

/// A yes/no cell: oui/non, vrai/faux, true/false, yes/no, 1/0, any case; empty is no.
pub(crate) fn boolean(raw: &str) -> Option<bool> {
    match fold(raw.trim()).as_str() {
        "" | "non" | "faux" | "false" | "no" | "0" => Some(false),
        "oui" | "vrai" | "true" | "yes" | "1" => Some(true),
        _ => None,
    }
}

/// Splits a list cell on commas, semicolons (inside a quoted cell) and line breaks (Alt+Enter in a
/// spreadsheet cell); items are trimmed and NFC, empty ones dropped, repeats kept once (first wins).
pub(crate) fn list(raw: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in raw.split([',', ';', '\n']).map(text) {
        if !item.is_empty() && !items.contains(&item) {
            items.push(item);
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_nfc_but_otherwise_untouched() {
        assert_eq!(text("  Zoe\u{301}\u{a0}"), "Zoé");
        for name in [
            "Łukasz Nguyễn",
            "Алёна",
            "Νικόλαος",
            "王芳",
            "Œdipe-Ÿves",
            "D’Artagnan",
        ] {
            assert_eq!(text(name), name);
        }
        assert_eq!(optional_text("  "), None);
    }

    #[test]
    fn profiles_in_french_english_and_ent_codes() {
        for (raw, p) in [
            ("Élève", Profile::Student),
            ("ELEVE", Profile::Student),
            ("eleves", Profile::Student),
            ("Student", Profile::Student),
            ("Enseignant", Profile::Teacher),
            ("Enseignante", Profile::Teacher),
            ("TEACHER", Profile::Teacher),
            ("Parent", Profile::Relative),
            ("Relative", Profile::Relative),
            ("PERSRELELEVE", Profile::Relative),
            ("Responsable légal", Profile::Relative),
            ("Personnel", Profile::Personnel),
            ("PERSEDUCNAT", Profile::Personnel),
            ("Invité", Profile::Guest),
            (" guest ", Profile::Guest),
        ] {
            assert_eq!(profile(raw), Some(p), "{raw}");
        }
        assert_eq!(profile("Pupil"), None);
        assert_eq!(profile(""), None);
    }

    #[test]
    fn booleans() {
        for raw in ["", "non", "NON", "false", "0", " Faux "] {
            assert_eq!(boolean(raw), Some(false), "{raw}");
        }
        for raw in ["oui", "OUI", "true", "1", "Vrai", "yes"] {
            assert_eq!(boolean(raw), Some(true), "{raw}");
        }
        assert_eq!(boolean("peut-être"), None);
        assert_eq!(boolean("2"), None);
        assert_eq!(boolean("x"), None);
    }

    #[test]
    fn lists_are_trimmed_without_empties_or_repeats() {
        assert_eq!(
            list(" CM2 A, CM2 A ,, Chorale\nAnglais;"),
            ["CM2 A", "Chorale", "Anglais"]
        );
        assert!(list("  ").is_empty());
    }
}
