//! What sticker and card labels, the cover sheet of a class's file and the sheets' test page
//! say besides the personal lines: built once per document, every string NFC.

use chrono::{Datelike, NaiveDate};

use super::boilerplate::card_text;
use super::nfc;
use super::phrases::phrases;
use crate::lang::Lang;
use crate::model::{Millimetres, Structure};

/// The shared text of a sticker or business card label, for one activation state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelText {
    /// "ONE — École Jules Ferry", printed where a label has room for it (business cards).
    pub header: String,
    /// "Identifiant :".
    pub login_label: String,
    /// "Code :" for accounts to activate; `None` once activated.
    pub code_label: Option<String>,
    /// What an activated account does instead: « mot de passe oublié ? ».
    pub activated: Option<String>,
    /// Where to go: "Activation : https://…" or "Connexion : https://…".
    pub url_line: String,
}

/// The label text of `structure`'s accounts, activated or not.
pub fn label_text(structure: &Structure, lang: Lang, activated: bool) -> LabelText {
    let p = phrases(lang);
    let card = card_text(structure, lang, activated);
    LabelText {
        header: card.header,
        login_label: p.login_label.to_owned(),
        code_label: (!activated).then(|| p.label_code.to_owned()),
        activated: activated.then(|| p.label_activated.to_owned()),
        url_line: card.url_line,
    }
}

/// What a class's cover sheet says: who prepared what for whom, and who hands it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverText {
    pub title: String,
    pub school: String,
    /// The class (or group) the file is for.
    pub group: String,
    /// "28 lettres", "21 étiquettes".
    pub count: String,
    /// "Préparé le 3 septembre 2026", when a date is given.
    pub date: Option<String>,
    /// "À remettre par :", followed by a line to write on.
    pub hand_out: String,
    /// Which pages hold what: the sign-off sheet, then the credentials and their paper.
    pub contents: Vec<String>,
    pub note: String,
}

/// What is printed in a file, for the cover's count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printed {
    Letters,
    Labels,
    Cards,
}

/// The cover of `group`'s file: `letters` accounts, the sign-off sheet on `sheet_pages` and the
/// credentials on `print_pages` (page numbers from 1), printed on `paper` (`None`: plain A4).
#[allow(clippy::too_many_arguments)]
pub fn cover_text(
    structure: &Structure,
    group: &str,
    letters: usize,
    printed: Printed,
    date: Option<NaiveDate>,
    sheet_pages: Option<(usize, usize)>,
    print_pages: (usize, usize),
    paper: Option<&str>,
    lang: Lang,
) -> CoverText {
    let p = phrases(lang);
    let forms = match printed {
        Printed::Letters => p.cover_letters,
        Printed::Labels => p.cover_labels,
        Printed::Cards => p.cover_cards,
    };
    let count = forms[usize::from(!lang.singular(letters))].replace("{n}", &letters.to_string());
    let mut contents = Vec::new();
    if let Some(range) = sheet_pages {
        contents.push(p.cover_sheet_pages.replace("{pages}", &page_range(range, lang)));
    }
    contents.push(
        p.cover_print_pages
            .replace("{pages}", &page_range(print_pages, lang))
            .replace("{paper}", paper.unwrap_or(p.cover_plain_paper)),
    );
    CoverText {
        title: p.cover_title.to_owned(),
        school: nfc(structure.name.trim()).into_owned(),
        group: nfc(group.trim()).into_owned(),
        count,
        date: date.map(|d| p.cover_date.replace("{date}", &long_date(d, lang))),
        hand_out: p.cover_hand_out.to_owned(),
        contents,
        note: p.cover_note.to_owned(),
    }
}

/// "page 2" or "pages 3 à 5".
fn page_range((first, last): (usize, usize), lang: Lang) -> String {
    let (one, many) = phrases(lang).page_range.split_once('|').expect("two forms");
    if first == last {
        one.replace("{a}", &first.to_string())
    } else {
        many.replace("{a}", &first.to_string())
            .replace("{b}", &last.to_string())
    }
}

/// "3 septembre 2026", "3 September 2026".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let month = phrases(lang).months[date.month0() as usize];
    format!("{} {month} {}", date.day(), date.year())
}

/// The test page's title and the offset it was printed with.
pub fn test_page_text(reference: &str, offset: (Millimetres, Millimetres), lang: Lang) -> (String, String) {
    let p = phrases(lang);
    let decimal = |m: Millimetres| match lang {
        Lang::Fr => m.to_string().replace('.', ",").replace('-', "−"),
        Lang::En => m.to_string().replace('-', "−"),
    };
    (
        p.test_title.replace("{reference}", reference),
        p.test_offset
            .replace("{x}", &decimal(offset.0))
            .replace("{y}", &decimal(offset.1)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::made_up;

    fn structure() -> Structure {
        let settings = made_up::ent_settings("ONE", "https://ent.fr", "https://ent.fr/activer", "");
        made_up::structure("École Jules Ferry", settings)
    }

    #[test]
    fn labels_say_code_or_forgotten_password() {
        let to_activate = label_text(&structure(), Lang::Fr, false);
        assert_eq!(to_activate.code_label.as_deref(), Some("Code :"));
        assert_eq!(to_activate.activated, None);
        assert_eq!(to_activate.url_line, "Activation : https://ent.fr/activer");
        let activated = label_text(&structure(), Lang::Fr, true);
        assert_eq!(activated.code_label, None);
        assert!(activated.activated.unwrap().contains("Mot de passe oublié ?"));
        assert_eq!(activated.url_line, "Connexion : https://ent.fr");
    }

    #[test]
    fn covers_count_date_and_pages() {
        let date = NaiveDate::from_ymd_opt(2026, 9, 3);
        let c = cover_text(
            &structure(),
            "CM2 A",
            1,
            Printed::Labels,
            date,
            Some((2, 2)),
            (3, 5),
            Some("Avery L7160 / J8160"),
            Lang::Fr,
        );
        assert_eq!(c.count, "1 étiquette");
        assert_eq!(c.date.as_deref(), Some("Préparé le 3 septembre 2026"));
        assert_eq!(
            c.contents,
            [
                "Feuille d’émargement : page 2",
                "Identifiants : pages 3 à 5, à imprimer sur Avery L7160 / J8160"
            ]
        );
        let c = cover_text(
            &structure(),
            "CM2 A",
            28,
            Printed::Letters,
            None,
            None,
            (2, 29),
            None,
            Lang::En,
        );
        assert_eq!(c.count, "28 letters");
        assert_eq!(c.date, None);
        assert_eq!(
            c.contents,
            ["Credentials: pages 2 to 29, to print on plain A4 paper"]
        );
    }

    #[test]
    fn test_pages_state_the_offset_in_french_decimals() {
        let (title, offset) = test_page_text(
            "Avery L7160 / J8160",
            (Millimetres::from_tenths(15), Millimetres::from_tenths(-5)),
            Lang::Fr,
        );
        assert_eq!(title, "Page de test — Avery L7160 / J8160");
        assert_eq!(offset, "Décalage : 1,5 mm vers la droite, −0,5 mm vers le bas");
    }
}
