//! The choices an administrator (or the `sesame letters` command) makes about the PDF. They are
//! plain serde data: the app hands them to its PDF worker as JSON.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::selection::Layout;

/// What to do when a character of a letter is in none of the fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MissingGlyphs {
    /// Refuse the document and return the report ([`PdfError::MissingGlyphs`](super::PdfError)),
    /// so nothing is printed with a name the pupil would not recognise. The default: call
    /// [`missing_chars`](super::missing_chars) first to warn before generating.
    #[default]
    Refuse,
    /// Build the document anyway: the character prints as the font's empty box while the text
    /// layer keeps the exact character; the report comes with the document
    /// ([`LettersPdf::missing`](super::LettersPdf)). For an administrator who has been warned
    /// and chose to print.
    Print,
}

/// What a letter's QR code holds, if it has one. One choice, not two flags: the activation code
/// can only be put in a QR code that is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum QrCode {
    /// No QR code.
    #[default]
    None,
    /// The activation (or sign-in) address, the login filled in.
    Address,
    /// The same with the activation code too: anyone who photographs the letter could then
    /// activate the account, so it is never the default.
    AddressAndCode,
}

impl QrCode {
    /// From the two ticks of a form (`--qr`, `--qr-includes-code`): the second implies the first.
    pub fn from_choices(qr: bool, includes_code: bool) -> QrCode {
        match (qr, includes_code) {
            (_, true) => QrCode::AddressAndCode,
            (true, false) => QrCode::Address,
            (false, false) => QrCode::None,
        }
    }

    /// Whether a QR code is printed.
    pub fn is_printed(self) -> bool {
        self != QrCode::None
    }
}

/// How the letters are printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfOptions {
    /// 1, 2 or 8 per A4 page, or a sticker or card sheet.
    pub layout: crate::selection::Layout,
    /// « Commencer à l’étiquette n° »: on a sticker or card sheet, the first label printed on
    /// the first sheet (1 = the top-left one), so a partly used sheet is not wasted. Ignored
    /// on plain paper.
    pub first_label: usize,
    pub lang: Lang,
    /// Start each group (class or profile) on a new page, so a class's cards are cut from its
    /// own sheets. Letters (1 per page) always start a page. Default: on.
    pub new_page_per_group: bool,
    /// Print a sign-off sheet (names, logins, "remis le", "signature") before each group.
    pub sign_off_sheets: bool,
    /// Print a cover sheet before each group (and its sign-off sheet): school, group, number of
    /// letters, date, « À remettre par : ______ », and which pages to print on what paper. The
    /// files of « Un PDF par classe » have one.
    pub cover_sheets: bool,
    /// The date a cover sheet says the letters were prepared on (the administrator's today).
    pub cover_date: Option<NaiveDate>,
    /// A QR code with the activation (or sign-in) address on each letter, and what it holds.
    pub qr: QrCode,
    pub missing_glyphs: MissingGlyphs,
    /// Flate-compress streams (the default); off gives readable content streams for tests.
    pub compress: bool,
    /// `/CreationDate` of the document; none by default so the same input gives the same file.
    pub creation_date: Option<DateTime<Utc>>,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            layout: Layout::One,
            first_label: 1,
            lang: Lang::Fr,
            new_page_per_group: true,
            sign_off_sheets: false,
            cover_sheets: false,
            cover_date: None,
            qr: QrCode::None,
            missing_glyphs: MissingGlyphs::Refuse,
            compress: true,
            creation_date: None,
        }
    }
}

impl PdfOptions {
    /// The defaults with the selection's layout and step 3's options (the choices of the
    /// distribution page kept in its URL: [`PrintChoices`](crate::selection::PrintChoices)).
    pub fn for_selection(selection: &crate::selection::Selection) -> PdfOptions {
        let print = selection.print;
        PdfOptions {
            lang: print.letter_lang,
            new_page_per_group: print.new_page_per_group,
            sign_off_sheets: print.sign_off_sheets,
            // Never a QR code the layout cannot print (a sheet's labels): asked for, it is
            // dropped here, and the page says why.
            qr: if selection.layout.prints_qr() {
                print.qr
            } else {
                QrCode::None
            },
            ..PdfOptions::with_layout(selection.layout)
        }
    }

    /// The defaults with `layout`.
    pub fn with_layout(layout: Layout) -> PdfOptions {
        PdfOptions {
            layout,
            ..PdfOptions::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PdfOptions, QrCode};
    use crate::selection::{Layout, Selection};

    #[test]
    fn a_sheet_prints_no_qr_code_whatever_the_address_asks() {
        let asked = |layout: &str| {
            PdfOptions::for_selection(&Selection::from_query(&format!("layout={layout}&qr=address")).unwrap())
                .qr
        };
        assert_eq!(asked("8"), QrCode::Address);
        assert_eq!(asked("1"), QrCode::Address);
        for sheet in Layout::SHEETS {
            assert!(!sheet.prints_qr());
            assert_eq!(asked(sheet.query_word()), QrCode::None, "{sheet:?}");
        }
    }

    #[test]
    fn the_code_in_the_qr_code_implies_a_qr_code() {
        assert_eq!(QrCode::from_choices(false, false), QrCode::None);
        assert_eq!(QrCode::from_choices(true, false), QrCode::Address);
        assert_eq!(QrCode::from_choices(false, true), QrCode::AddressAndCode);
        assert_eq!(QrCode::from_choices(true, true), QrCode::AddressAndCode);
        assert!(!QrCode::None.is_printed() && QrCode::AddressAndCode.is_printed());
    }
}
