//! « Exporter en CSV »: the selection's accounts as the ENT's own codes export —
//! `Type;Nom;Prénom;Login;Alias de login;Code d'activation`, UTF-8 with a byte-order mark (so a
//! spreadsheet reads the accents), `;` between cells, CRLF between lines — built in the browser.
//! The file holds activation codes: the app asks before building it, and it never reaches the
//! server.
//!
//! A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, or a tab or
//! carriage return, which some read past) gets a leading `'`, which spreadsheets show as text;
//! cells with `;`, `"` or a line break are quoted, `"` doubled. The import parser reads the file
//! back ([`crate::import::parse_csv`]): `Login` holds the login the letters print (the alias
//! when there is one), `Alias de login` stays empty, activated accounts have no code.

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

/// One cell: neutralised if a spreadsheet would take it for a formula, quoted if needed.
fn push_cell(out: &mut String, cell: &str) {
    let neutral = match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    };
    if neutral.contains([';', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&neutral.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&neutral);
    }
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
        assert_eq!(cell("Jean-Marc"), "Jean-Marc", "a dash inside is harmless");
        assert_eq!(cell(""), "");
    }
}
