//! « Un PDF par classe »: one PDF per class (or per group of the selection's sort), each with
//! its cover sheet and its sign-off sheet, named `identifiants-<école>-<classe>.pdf`, in one ZIP
//! built in memory (in the browser's PDF worker; natively for tests and benchmarks).
//!
//! Accounts come as for one PDF, `(user, group label)` in order, a chunk at a time (the worker
//! reports progress between chunks). A group's letters must be consecutive: [`zip_order`]
//! brings each group's accounts together, keeping the groups in the order they first appear
//! and the accounts' order within each. When the selection is not grouped (sorted by name
//! only), the caller files accounts by class ([`crate::pdf::group_label`] with a class sort),
//! so each teacher still gets their own file.
//!
//! The files are stored, not deflated: a PDF's streams are Flate-compressed already, so
//! deflating them again would cost time for a few per cent. Entries carry the cover's date (or
//! 1980-01-01), never the clock, so the same input gives the same bytes.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::builder::LettersBuilder;
use super::error::PdfError;
use super::file_name::class_file_name;
use super::fonts::Fonts;
use super::options::PdfOptions;
use super::MissingChar;
use crate::model::{Structure, User};

/// A file of the ZIP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipEntry {
    /// `identifiants-<école>-<classe>.pdf` (with `-2`, `-3`… if two groups fold to one name).
    pub name: String,
    /// The group label it holds.
    pub group: String,
    pub letters: usize,
    pub pages: usize,
}

/// A finished ZIP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassZip {
    pub bytes: Vec<u8>,
    /// In the ZIP's order.
    pub files: Vec<ZipEntry>,
    pub letters: usize,
    /// Characters printed as empty boxes, over every file.
    pub missing: Vec<MissingChar>,
}

/// The ZIP being built.
pub struct ClassZipBuilder {
    structure: Structure,
    fonts: Fonts,
    /// Every file's options: the caller's, with a cover sheet and a sign-off sheet.
    options: PdfOptions,
    current: Option<(String, LettersBuilder)>,
    zip: ZipWriter<Cursor<Vec<u8>>>,
    files: Vec<ZipEntry>,
    names: HashSet<String>,
    missing: Vec<MissingChar>,
    letters: usize,
}

impl ClassZipBuilder {
    /// Starts the ZIP of `structure`'s letters. `options` are those of the single PDF; each file
    /// gets a cover sheet and a sign-off sheet, and starts on a fresh sheet of labels.
    pub fn new(structure: &Structure, fonts: &Fonts, options: PdfOptions) -> ClassZipBuilder {
        ClassZipBuilder {
            structure: structure.clone(),
            fonts: fonts.clone(),
            options: PdfOptions {
                cover_sheets: true,
                sign_off_sheets: true,
                first_label: 1,
                ..options
            },
            current: None,
            zip: ZipWriter::new(Cursor::new(Vec::new())),
            files: Vec::new(),
            names: HashSet::new(),
            missing: Vec::new(),
            letters: 0,
        }
    }

    /// Letters added so far (for a progress bar).
    pub fn letters(&self) -> usize {
        self.letters
    }

    /// Adds accounts in order with their group labels; a new label closes the previous file.
    pub fn add_users<'u>(
        &mut self,
        users: impl IntoIterator<Item = (&'u User, &'u str)>,
    ) -> Result<(), PdfError> {
        for (user, group) in users {
            if self
                .current
                .as_ref()
                .is_none_or(|(label, _)| label != group.trim())
            {
                self.close_file()?;
                let builder = LettersBuilder::new(&self.structure, &self.fonts, self.options.clone());
                self.current = Some((group.trim().to_owned(), builder));
            }
            let (label, builder) = self.current.as_mut().expect("just opened");
            builder.add(user, label);
            self.letters += 1;
        }
        Ok(())
    }

    /// Finishes the open file and stores it in the ZIP.
    fn close_file(&mut self) -> Result<(), PdfError> {
        let Some((group, builder)) = self.current.take() else {
            return Ok(());
        };
        let pdf = builder.finish()?;
        let base = class_file_name(&self.structure.name, &group);
        let mut name = base.clone();
        let mut n = 1;
        while !self.names.insert(name.clone()) {
            n += 1;
            name = format!("{}-{n}.pdf", base.trim_end_matches(".pdf"));
        }
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(self.entry_time());
        let write = |e: std::io::Error| PdfError::Write(e.to_string());
        self.zip
            .start_file(name.as_str(), options)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        self.zip.write_all(&pdf.bytes).map_err(write)?;
        self.missing.extend(pdf.missing);
        self.files.push(ZipEntry {
            name,
            group,
            letters: pdf.letters,
            pages: pdf.pages,
        });
        Ok(())
    }

    /// The cover's date at midnight, or ZIP's earliest date (no clock: same input, same bytes).
    fn entry_time(&self) -> DateTime {
        use chrono::Datelike;
        self.options
            .cover_date
            .and_then(|d| {
                let (y, m, day) = (u16::try_from(d.year()).ok()?, d.month() as u8, d.day() as u8);
                DateTime::from_date_and_time(y, m, day, 0, 0, 0).ok()
            })
            .unwrap_or_default()
    }

    /// Closes the last file and returns the ZIP.
    pub fn finish(mut self) -> Result<ClassZip, PdfError> {
        self.close_file()?;
        if self.files.is_empty() {
            return Err(PdfError::NoLetters);
        }
        let bytes = self
            .zip
            .finish()
            .map_err(|e| PdfError::Write(e.to_string()))?
            .into_inner();
        Ok(ClassZip {
            bytes,
            files: self.files,
            letters: self.letters,
            missing: self.missing,
        })
    }
}

/// The order in which to add accounts labelled `labels` so each group's are consecutive:
/// groups in the order they first appear, each keeping its accounts' order. Indices into
/// `labels`.
pub fn zip_order<S: AsRef<str>>(labels: &[S]) -> Vec<usize> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, label) in labels.iter().enumerate() {
        let label = label.as_ref().trim();
        let g = *index.entry(label).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::zip_order;

    #[test]
    fn groups_are_brought_together_in_order_of_first_appearance() {
        let labels = ["CM2 A", "CE1", "CM2 A", "CP", "CE1", "CM2 A"];
        assert_eq!(zip_order(&labels), [0, 2, 5, 1, 4, 3]);
        assert_eq!(zip_order::<&str>(&[]), Vec::<usize>::new());
    }
}
