//! « Exporter en CSV »: the selection's accounts as the ENT's own codes export —
//! `Type;Nom;Prénom;Login;Alias de login;Code d'activation`, UTF-8 with a byte-order mark (so a
//! spreadsheet reads the accents), `;` between cells, CRLF between lines — built in the browser.
//! The file holds activation codes: the app asks before building it, and it never reaches the
//! server.
//!
//! A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, or a tab or
//! carriage return, which some read past) gets a leading `'`, which spreadsheets show as text. A
//! spreadsheet set to split on commas reads the file too, and there `x,=1+1` is two cells, the
//! second a formula: a cell holding a separator of either kind (`;` or `,`), `"` or a line break is
//! quoted, `"` doubled, and inside a cell whatever follows a separator or a line break is
//! neutralised like a cell's start (`x,'=1+1`) — the quotes alone do not protect a cell in the
//! middle of a line from a reader that splits on commas, for which they open no field. The import
//! parser reads the file back ([`crate::import::parse_csv`]): `Login` holds the login the letters
//! print (the alias when there is one), `Alias de login` stays empty, activated accounts have no
//! code.

use crate::model::User;

/// The header, as the ENT writes it.
pub const HEADER: [&str; 6] = [
    "Type",
    "Nom",
    "Prénom",
    "Login",
    "Alias de login",
    "Code d'activation",
];

/// The CSV file of `users`, in the order given.
pub fn codes_csv<'u>(users: impl IntoIterator<Item = &'u User>) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, HEADER);
    for u in users {
        push_row(
            &mut out,
            [
                u.profile.label_fr(),
                u.last_name.trim(),
                u.first_name.trim(),
                u.login.trim(),
                "",
                u.activation_code.as_deref().unwrap_or("").trim(),
            ],
        );
    }
    out.into_bytes()
}

fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// One cell: neutralised if a spreadsheet would take it, or a piece of it, for a formula; quoted
/// if it holds a separator of either kind, a quote or a line break.
fn push_cell(out: &mut String, cell: &str) {
    let neutral = neutralised(cell);
    if neutral.contains([';', ',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&neutral.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&neutral);
    }
}

/// Characters that make a spreadsheet read a cell as a formula (a tab or carriage return first
/// is read past by some).
fn starts_formula(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// `cell` with a `'` before each place a spreadsheet could start reading a formula: its start,
/// and — since quotes only protect a cell whose quote opens the field, which a reader splitting
/// on commas never sees in the middle of a `;` line — whatever follows a comma, a `;`, a tab or
/// a line break inside it (after spaces, which some readers trim). `Jean-Marc` is left alone.
fn neutralised(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len() + 1);
    let mut piece_start = true;
    for c in cell.chars() {
        if piece_start && starts_formula(c) {
            out.push('\'');
        }
        out.push(c);
        piece_start = matches!(c, ',' | ';' | '\t' | '\n' | '\r') || (piece_start && c == ' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_run_as_formulas_are_neutralised_and_others_quoted() {
        let cell = |c: &str| {
            let mut s = String::new();
            push_cell(&mut s, c);
            s
        };
        assert_eq!(cell("Dupré"), "Dupré");
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(cell("+33"), "'+33");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("a;b"), "\"a;b\"");
        // A spreadsheet that splits on commas would see `=1+1` as a cell of its own.
        assert_eq!(cell("x,=1+1"), "\"x,'=1+1\"");
        assert_eq!(cell("x, -1"), "\"x, '-1\"", "after the spaces a reader trims");
        assert_eq!(cell("a;@b"), "\"a;'@b\"");
        assert_eq!(cell("a\n+b"), "\"a\n'+b\"");
        assert_eq!(cell("Dupré, Zoé"), "\"Dupré, Zoé\"");
        assert_eq!(cell("=1,2"), "\"'=1,2\"");
        assert_eq!(cell("a b=c"), "a b=c", "only a piece's start counts");
        assert_eq!(cell("Jean-Marc"), "Jean-Marc", "a dash inside is harmless");
        assert_eq!(cell(""), "");
    }
}
