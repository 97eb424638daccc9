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
    use super::file_name;

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
}
