//! The name a PDF is offered under: `identifiants-<école>[-<classe>]-<date>.pdf`, in plain
//! ASCII so it survives every file system, mail client and USB stick a school uses.

use crate::fold::fold;

/// `identifiants-<school>-<date>.pdf`, or `identifiants-<school>-<class>-<date>.pdf` when the
/// letters are those of one class (a teacher's pile): names folded to ASCII letters and digits,
/// anything else a single dash.
pub fn file_name(school: &str, class: Option<&str>, date: &str) -> String {
    let mut name = format!("identifiants-{}", slug(school));
    if let Some(class) = class.map(slug).filter(|c| !c.is_empty()) {
        name.push('-');
        name.push_str(&class);
    }
    format!("{name}-{date}.pdf")
}

/// `identifiants-<school>-<class>.pdf`: a class's file in the ZIP of « Un PDF par classe » (the
/// ZIP's own name carries the date). Without a class (letters not grouped), the school's name only.
pub fn class_file_name(school: &str, class: &str) -> String {
    let mut name = format!("identifiants-{}", slug(school));
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
    format!("identifiants-{}-par-classe-{date}.zip", slug(school))
}

/// `identifiants-<school>-<date>.csv`: « Exporter en CSV ».
pub fn csv_file_name(school: &str, date: &str) -> String {
    format!("identifiants-{}-{date}.csv", slug(school))
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
