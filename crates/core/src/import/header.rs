//! The header line: which column holds what, matched by name, and which separator the file uses.
//!
//! Names are compared after [`fold`] (case and accents) with everything but letters and digits
//! removed, so "Prénom", "PRENOM", " prénom " and "Code d’activation" / "Code d'activation" /
//! "code activation" all match. A few synonyms are accepted for columns that spreadsheets and
//! other ENT exports name differently (`Email`, `E-mail`, `Mail` for `Courriel`; the English
//! names of Sésame's own JSON, such as `firstName`). Columns nobody asked for are ignored and
//! listed in a warning, so an export with extra columns (birth date, functions…) still imports.

use std::borrow::Cow;

use super::error::FileError;
use super::field::Field;
use super::reader::{RawRecord, Reader};

/// Where each column is in a record.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// The header's own line (1 unless blank lines precede it).
    pub line: usize,
    positions: [Option<usize>; Field::ALL.len()],
    /// Fields up to the last named header cell: a record must have at least these. Cells after
    /// it are unnamed (a trailing separator), so records may have them or not.
    pub width: usize,
    /// Names of the header cells that match no column, for the warning.
    pub ignored: Vec<String>,
}

impl Header {
    /// Reads the header record; a missing required column or a column given twice is a file error.
    pub fn resolve(record: &RawRecord<'_>) -> Result<Header, FileError> {
        let mut positions = [None; Field::ALL.len()];
        let mut ignored = Vec::new();
        let mut width = 0;
        for (at, cell) in record.fields.iter().enumerate() {
            let name = cell.trim();
            if name.is_empty() {
                continue;
            }
            width = at + 1;
            match Field::from_header(name) {
                Some(column) => {
                    if let Some(first) = positions[column.index()] {
                        return Err(FileError::DuplicateColumn {
                            column,
                            first: first + 1,
                            second: at + 1,
                        });
                    }
                    positions[column.index()] = Some(at);
                }
                None => ignored.push(name.to_owned()),
            }
        }
        let missing: Vec<Field> = Field::REQUIRED
            .into_iter()
            .filter(|c| positions[c.index()].is_none())
            .collect();
        if !missing.is_empty() {
            return Err(FileError::MissingColumns {
                line: record.line,
                columns: missing,
            });
        }
        Ok(Header {
            line: record.line,
            positions,
            width,
            ignored,
        })
    }

    /// The raw text of `column` in `fields`; `""` when the file has no such column.
    pub fn get<'r>(&self, fields: &'r [Cow<'_, str>], column: Field) -> &'r str {
        self.positions[column.index()]
            .and_then(|at| fields.get(at))
            .map_or("", |field| field)
    }
}

/// Separators tried on the header, in order of preference when they tie.
const DELIMITERS: [u8; 3] = [b';', b',', b'\t'];

/// Picks the separator under which the first non-blank line reads as the most known column names.
///
/// The ENT writes semicolons (as French Excel does, since the comma is the decimal mark); a file
/// re-saved by an English spreadsheet may use commas, and a "text" export tabs. Choosing by
/// recognised names rather than by counting characters means a semicolon header whose cells
/// contain commas is never misread. Ties (including "nothing recognised") go to the semicolon.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let mut best = (0, DELIMITERS[0]);
    for delimiter in DELIMITERS {
        let Some(Ok(first)) = Reader::new(text, delimiter).find(|r| !matches!(r, Ok(rec) if rec.is_blank()))
        else {
            continue;
        };
        let known = first
            .fields
            .iter()
            .filter(|cell| Field::from_header(cell).is_some())
            .count();
        if known > best.0 {
            best = (known, delimiter);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record<'a>(cells: &[&'a str]) -> RawRecord<'a> {
        RawRecord {
            line: 1,
            end_line: 1,
            fields: cells.iter().map(|&c| Cow::Borrowed(c)).collect(),
        }
    }

    #[test]
    fn names_match_whatever_the_case_accents_and_spacing() {
        for name in ["Prénom", "PRENOM", " prénom ", "PréNom", "Pre\u{301}nom"] {
            assert_eq!(Field::from_header(name), Some(Field::FirstName), "{name}");
        }
        for name in [
            "Code d'activation",
            "Code d’activation",
            "CODE ACTIVATION",
            "code_activation",
        ] {
            assert_eq!(Field::from_header(name), Some(Field::ActivationCode), "{name}");
        }
        for name in ["Courriel", "Email", "E-mail", "e-mail", "Mail"] {
            assert_eq!(Field::from_header(name), Some(Field::Email), "{name}");
        }
        assert_eq!(Field::from_header("Date de création"), Some(Field::CreatedAt));
        assert_eq!(Field::from_header("BLOQUÉ"), Some(Field::Blocked));
        assert_eq!(
            Field::from_header("Administrateur local"),
            Some(Field::LocalAdmin)
        );
        assert_eq!(Field::from_header("Alias de login"), Some(Field::LoginAlias));
        assert_eq!(Field::from_header("Date de naissance"), None);
    }

    #[test]
    fn every_label_reads_back_as_its_column() {
        for column in Field::ALL {
            assert_eq!(Field::from_header(column.label()), Some(column));
        }
    }

    #[test]
    fn header_maps_positions_and_lists_ignored_columns() {
        let header = Header::resolve(&record(&[
            "Type",
            "Nom",
            "Prénom",
            "Date de naissance",
            "Login",
            "",
        ]))
        .unwrap();
        let fields: Vec<Cow<str>> = ["Élève", "Dupré", "Zoé", "2015-01-01", "zoe.dupre", ""]
            .into_iter()
            .map(Cow::Borrowed)
            .collect();
        assert_eq!(header.get(&fields, Field::Login), "zoe.dupre");
        assert_eq!(header.get(&fields, Field::Email), "");
        assert_eq!(header.width, 5);
        assert_eq!(header.ignored, ["Date de naissance"]);
    }

    #[test]
    fn missing_required_columns_are_all_named() {
        let err = Header::resolve(&record(&["Nom", "Courriel"])).unwrap_err();
        assert_eq!(
            err,
            FileError::MissingColumns {
                line: 1,
                columns: vec![Field::Type, Field::FirstName, Field::Login]
            }
        );
    }

    #[test]
    fn a_column_given_twice_is_refused() {
        let err =
            Header::resolve(&record(&["Type", "Nom", "Prénom", "Login", "E-mail", "Courriel"])).unwrap_err();
        assert_eq!(
            err,
            FileError::DuplicateColumn {
                column: Field::Email,
                first: 5,
                second: 6
            }
        );
    }

    #[test]
    fn separator_is_the_one_that_reveals_column_names() {
        assert_eq!(detect_delimiter("Type;Nom;Prénom;Login\n"), b';');
        assert_eq!(detect_delimiter("Type,Nom,Prénom,Login\r\nÉlève,A,B,c\r\n"), b',');
        assert_eq!(detect_delimiter("Type\tNom\tPrénom\tLogin\n"), b'\t');
        // Commas inside a semicolon header do not fool it.
        assert_eq!(
            detect_delimiter("\n\"Nom, prénom\";Type;Nom;Prénom;Login\n"),
            b';'
        );
        assert_eq!(detect_delimiter("garbage"), b';');
    }
}
