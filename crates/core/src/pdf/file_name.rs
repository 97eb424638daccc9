//! The name a PDF is offered under: `identifiants-<école>[-<classe>]-<date>.pdf`, in plain
//! ASCII so it survives every file system, mail client and USB stick a school uses. A part that
//! folds to nothing (no school's name) is left out with its dash: never `identifiants--…`.

use crate::selection::fold::fold;

/// `identifiants-<school>-<date>.pdf`, or `identifiants-<school>-<class>-<date>.pdf` when the
/// letters are those of one class (a teacher's pile): names folded to ASCII letters and digits,
/// anything else a single dash.
pub fn file_name(school: &str, class: Option<&str>, date: &str) -> String {
    let mut name = base(school);
    if let Some(class) = class.map(slug).filter(|c| !c.is_empty()) {
        name.push('-');
        name.push_str(&class);
    }
    format!("{name}-{date}.pdf")
}

/// `identifiants-<school>`, or `identifiants` alone when the school's name folds to nothing.
fn base(school: &str) -> String {
    let school = slug(school);
    if school.is_empty() {
        "identifiants".to_owned()
    } else {
        format!("identifiants-{school}")
    }
}

/// `identifiants-<school>-<class>.pdf`: a class's file in the ZIP of « Un PDF par classe » (the
/// ZIP's own name carries the date). Without a class (letters not grouped), the school's name only.
pub fn class_file_name(school: &str, class: &str) -> String {
    let mut name = base(school);
    let class = slug(class);
    if !class.is_empty() {
        name.push('-');
        name.push_str(&class);
    }
    name.push_str(".pdf");
    name
}

/// `identifiants-<school>-par-classe-<date>.zip`: the ZIP of « Un PDF par classe ».
pub fn zip_file_name(school: &str, date: &str) -> String {
    format!("{}-par-classe-{date}.zip", base(school))
}

/// `identifiants-<school>-<date>.csv`: « Exporter en CSV ».
pub fn csv_file_name(school: &str, date: &str) -> String {
    format!("{}-{date}.csv", base(school))
}

/// `text` folded ([`fold`]: « É » as « e », « Œ » as « oe »), its ASCII letters and digits kept
/// and every other run of characters turned into one dash, none at either end.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_ascii_and_name_the_class_when_there_is_one() {
        assert_eq!(
            file_name("École élémentaire Jean-Jaurès", None, "2026-09-01"),
            "identifiants-ecole-elementaire-jean-jaures-2026-09-01.pdf"
        );
        assert_eq!(
            file_name("Collège « Œuvre »", None, "2026-09-01"),
            "identifiants-college-oeuvre-2026-09-01.pdf"
        );
        assert_eq!(
            file_name("École Jean-Jaurès", Some("CM2 A"), "2026-09-01"),
            "identifiants-ecole-jean-jaures-cm2-a-2026-09-01.pdf"
        );
        assert_eq!(
            file_name("École", Some(" ★ "), "2026-09-01"),
            "identifiants-ecole-2026-09-01.pdf"
        );
        // No school's name (or none that folds to a letter): no empty part between two dashes.
        for school in ["", " « » "] {
            assert_eq!(
                file_name(school, None, "2026-12-04"),
                "identifiants-2026-12-04.pdf"
            );
            assert_eq!(
                zip_file_name(school, "2026-12-04"),
                "identifiants-par-classe-2026-12-04.zip"
            );
            assert_eq!(csv_file_name(school, "2026-12-04"), "identifiants-2026-12-04.csv");
            assert_eq!(class_file_name(school, "CM2 A"), "identifiants-cm2-a.pdf");
        }
    }

    #[test]
    fn class_files_are_named_after_school_and_class() {
        assert_eq!(
            class_file_name("École Jean-Jaurès", "CM2 A"),
            "identifiants-ecole-jean-jaures-cm2-a.pdf"
        );
        assert_eq!(
            class_file_name("École", "6e B — Élève"),
            "identifiants-ecole-6e-b-eleve.pdf"
        );
        assert_eq!(class_file_name("École", ""), "identifiants-ecole.pdf");
        assert_eq!(
            zip_file_name("École", "2026-09-01"),
            "identifiants-ecole-par-classe-2026-09-01.zip"
        );
        assert_eq!(
            csv_file_name("École", "2026-09-01"),
            "identifiants-ecole-2026-09-01.csv"
        );
    }
}
