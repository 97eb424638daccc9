//! Splits decoded text into records and fields (RFC 4180 with a chosen separator), keeping each
//! record's physical line numbers so errors point at the line a spreadsheet shows.
//!
//! Rules, as Excel and LibreOffice write them: a field starting with `"` is quoted, `""` inside it
//! is one `"`, and it may hold separators and line breaks; any other field runs to the next
//! separator or line break, quotes included literally (lenient, as spreadsheets are). Lines end
//! with CRLF, LF or a lone CR; a line break inside a quoted field is kept as a single `\n`.
//! Scanning works on bytes: the separator, quote, CR and LF are ASCII, and UTF-8 never uses
//! ASCII bytes inside a multi-byte character, so byte positions are always character boundaries.

use std::borrow::Cow;

use super::error::{LineError, LineErrorKind};

/// One record as read, before any column is interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawRecord<'a> {
    /// Physical line where the record starts (1-based).
    pub line: usize,
    /// Physical line where it ends (later than `line` when a quoted field holds line breaks).
    pub end_line: usize,
    /// Borrowed from the text unless unquoting changed them (`""`, line breaks).
    pub fields: Vec<Cow<'a, str>>,
}

impl RawRecord<'_> {
    /// An empty line, or one with only separators and spaces (spreadsheets leave those).
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// Iterates over the records of `text`. A malformed record yields its error and reading goes on
/// with the next line, except after an unclosed quote, which swallows the rest of the file.
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: u8,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str, delimiter: u8) -> Reader<'a> {
        Reader {
            text,
            pos: 0,
            line: 1,
            delimiter,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Consumes a line break at `pos` (CRLF, LF or CR) if there is one.
    fn line_break(&mut self) -> bool {
        match self.peek() {
            Some(b'\r') => {
                self.pos += 1;
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
                self.line += 1;
                true
            }
            Some(b'\n') => {
                self.pos += 1;
                self.line += 1;
                true
            }
            _ => false,
        }
    }

    /// Reads an unquoted field: up to the separator, a line break or the end.
    fn plain_field(&mut self) -> &'a str {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        let start = self.pos;
        while let Some(&b) = bytes.get(self.pos) {
            if b == self.delimiter || b == b'\r' || b == b'\n' {
                break;
            }
            self.pos += 1;
        }
        &text[start..self.pos]
    }

    /// Reads a quoted field, the opening quote already consumed. `None` when it never closes.
    /// Copies only when the value differs from the text between the quotes.
    fn quoted_field(&mut self) -> Option<Cow<'a, str>> {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        let begin = self.pos;
        let mut start = self.pos;
        let mut copy: Option<String> = None;
        loop {
            match bytes.get(self.pos) {
                None => return None,
                Some(b'"') if bytes.get(self.pos + 1) == Some(&b'"') => {
                    let value = copy.get_or_insert_with(String::new);
                    value.push_str(&text[start..self.pos]);
                    value.push('"');
                    self.pos += 2;
                    start = self.pos;
                }
                Some(b'"') => {
                    let end = self.pos;
                    self.pos += 1;
                    return Some(match copy {
                        None => Cow::Borrowed(&text[begin..end]),
                        Some(mut value) => {
                            value.push_str(&text[start..end]);
                            Cow::Owned(value)
                        }
                    });
                }
                Some(b'\r' | b'\n') => {
                    let value = copy.get_or_insert_with(String::new);
                    value.push_str(&text[start..self.pos]);
                    value.push('\n');
                    self.line_break();
                    start = self.pos;
                }
                Some(_) => self.pos += 1,
            }
        }
    }
}

impl<'a> Iterator for Reader<'a> {
    type Item = Result<RawRecord<'a>, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let line = self.line;
        let mut fields = Vec::new();
        let mut text_after_quote = false;
        loop {
            let field = if self.peek() == Some(b'"') {
                self.pos += 1;
                let Some(value) = self.quoted_field() else {
                    // Everything after the opening quote is one field: nothing more to read.
                    self.pos = self.text.len();
                    return Some(Err(LineError::new(line, LineErrorKind::UnclosedQuote)));
                };
                let at_end = matches!(self.peek(), None | Some(b'\r' | b'\n'));
                if !at_end && self.peek() != Some(self.delimiter) {
                    // `"Zoé"x`: not something a spreadsheet writes, so the field is suspect.
                    text_after_quote = true;
                    self.plain_field();
                }
                value
            } else {
                Cow::Borrowed(self.plain_field())
            };
            fields.push(field);
            if self.peek() == Some(self.delimiter) {
                self.pos += 1;
                continue;
            }
            let end_line = self.line;
            self.line_break();
            if text_after_quote {
                return Some(Err(LineError::new(line, LineErrorKind::TextAfterQuote)));
            }
            return Some(Ok(RawRecord {
                line,
                end_line,
                fields,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as (first line, last line, fields), or its error message.
    type Read = Result<(usize, usize, Vec<String>), String>;

    fn read(text: &str) -> Vec<Read> {
        Reader::new(text, b';')
            .map(|r| {
                r.map(|r| {
                    (
                        r.line,
                        r.end_line,
                        r.fields.into_iter().map(String::from).collect(),
                    )
                })
                .map_err(|e| e.to_string())
            })
            .collect()
    }

    fn ok(line: usize, end_line: usize, fields: &[&str]) -> Read {
        Ok((line, end_line, fields.iter().map(|f| f.to_string()).collect()))
    }

    #[test]
    fn plain_fields_with_lf_crlf_and_cr() {
        assert_eq!(
            read("a;b\nc;d\r\ne;f\rg;h"),
            [
                ok(1, 1, &["a", "b"]),
                ok(2, 2, &["c", "d"]),
                ok(3, 3, &["e", "f"]),
                ok(4, 4, &["g", "h"])
            ]
        );
    }

    #[test]
    fn quoted_fields_hold_separators_quotes_and_line_breaks() {
        assert_eq!(
            read("\"a;b\";\"say \"\"hi\"\"\"\n\"one\r\ntwo\";x\nnext;\"\"\n"),
            [
                ok(1, 1, &["a;b", "say \"hi\""]),
                ok(2, 3, &["one\ntwo", "x"]),
                ok(4, 4, &["next", ""])
            ]
        );
    }

    #[test]
    fn empty_fields_and_trailing_separator() {
        assert_eq!(read(";;\n"), [ok(1, 1, &["", "", ""])]);
        assert_eq!(
            read("a;\n\nb"),
            [ok(1, 1, &["a", ""]), ok(2, 2, &[""]), ok(3, 3, &["b"])]
        );
    }

    #[test]
    fn quotes_inside_a_plain_field_are_literal() {
        assert_eq!(read("O\"Brien;x"), [ok(1, 1, &["O\"Brien", "x"])]);
    }

    #[test]
    fn text_after_a_closing_quote_is_an_error_and_reading_goes_on() {
        assert_eq!(
            read("\"a\"b;c\nd;e\n"),
            [
                Err("ligne 1 : texte après un guillemet fermant (un champ entre guillemets doit finir au séparateur)".into()),
                ok(2, 2, &["d", "e"])
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_names_the_line_it_opened_on() {
        assert_eq!(
            read("a;b\n\"open;c\nd;e\n"),
            [
                ok(1, 1, &["a", "b"]),
                Err(
                    "ligne 2 : guillemet ouvert jamais refermé : le reste du fichier serait un seul champ"
                        .into()
                )
            ]
        );
    }

    #[test]
    fn non_ascii_text_is_sliced_on_character_boundaries() {
        assert_eq!(
            read("Zoé;Łukasz;Алёна\n"),
            [ok(1, 1, &["Zoé", "Łukasz", "Алёна"])]
        );
    }
}
