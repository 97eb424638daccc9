//! Why a PDF could not be made, in words an administrator can act on.

use std::fmt;

use super::coverage::MissingChar;
use super::fonts::FontError;

/// A PDF that could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// No account was added.
    NoLetters,
    /// Some characters are in none of the fonts and the options refuse to print them
    /// ([`MissingGlyphs::Refuse`](super::MissingGlyphs::Refuse)).
    MissingGlyphs(Vec<MissingChar>),
    /// A font could not be read or subset.
    Font(String),
    /// lopdf failed to write the document (should not happen: it writes to memory).
    Write(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::NoLetters => write!(f, "aucun compte sélectionné : le PDF serait vide"),
            PdfError::MissingGlyphs(missing) => {
                write!(f, "{} caractère(s) ne peuvent pas être imprimés", missing.len())?;
                for m in missing {
                    write!(f, "; {m}")?;
                }
                write!(f, " (corrigez ces noms dans l’annuaire, ou imprimez quand même : ils apparaîtront comme des cases vides)")
            }
            PdfError::Font(reason) => write!(f, "police inutilisable : {reason}"),
            PdfError::Write(reason) => write!(f, "écriture du PDF impossible : {reason}"),
        }
    }
}

impl std::error::Error for PdfError {}

impl From<FontError> for PdfError {
    fn from(e: FontError) -> Self {
        PdfError::Font(e.to_string())
    }
}
