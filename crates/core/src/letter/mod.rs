//! What a credential letter says (README, « Using the app »), as plain text: no layout, no PDF.
//!
//! The PDF ([`crate::pdf`]) draws these strings; the server's e-mails can reuse them. Text comes in
//! two parts so the PDF can draw the part shared by every letter once per document:
//!
//! - [`Boilerplate`]: what every letter of one structure and one activation state says (the ENT,
//!   the steps of the first connection or of a password reset, the help text), built once per
//!   document by [`boilerplate`]; with its short forms for cards ([`CardText`]) and the class
//!   sign-off sheet ([`SheetText`]), sticker labels ([`LabelText`]), the cover sheet of a class's
//!   file ([`CoverText`]) and the sheets' test page.
//! - [`Recipient`]: what is personal (name, profile and classes, children, login, code), built per
//!   account by [`recipient`].
//!
//! Every string returned here is NFC-normalised, so a name typed with combining accents ("Zoe" +
//! U+0301) prints and extracts exactly like the precomposed one, and the PDF's text layer gives
//! back the same characters the directory holds in NFC.
//!
//! [`settings_check`] checks a school's letter settings before they are saved.
//!
//! French is the default language; [`Lang::En`](crate::Lang::En) is an English variant of the same
//! texts.

mod boilerplate;
mod needed;
mod phrases;
mod print_texts;
mod recipient;
pub mod settings_check;

pub use boilerplate::{
    activation_url, boilerplate, boilerplate_as_typed, card_text, card_text_as_typed, document_title,
    mail_boilerplate, sheet_text, Boilerplate, CardText, SheetText,
};
pub use needed::missing_settings;
pub use phrases::{no_class_label, profile_label};
pub use print_texts::{cover_text, label_text, long_date, test_page_text, CoverText, LabelText, Printed};
pub use recipient::{full_name, listed_name, recipient, recipient_as_typed, responsible_for, Recipient};

/// `text` in NFC, borrowing it when it already is (almost always: the directory stores NFC).
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_combining_accents_and_borrows_when_already_composed() {
        assert_eq!(nfc("Zoe\u{301}"), "Zoé");
        assert!(matches!(nfc("Zoé"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(nfc("Nguye\u{302}\u{303}n"), "Nguyễn");
    }
}
