//! Text from outside in the log: quoted, escaped, cut short.
//!
//! A field written with `%` goes to the log as it is, so a value holding a newline writes a
//! second, forged log line, and `=` or spaces forge fields. Every value that did not come from
//! the server itself (an administrator's login, an id from a URL) is logged through [`Quoted`]:
//! Rust's debug escaping (`\n`, `\u{202e}`, quotes) inside double quotes, at most
//! [`MAX_CHARS`] characters. A login that failed to sign in is never logged at all: it may be a
//! password typed in the wrong field (`crate::auth::login`).

use std::fmt;

/// Characters of a value kept in the log.
pub const MAX_CHARS: usize = 64;

/// `"value"`, escaped, with `…` when cut.
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for c in self.0.chars().take(MAX_CHARS) {
            write!(f, "{}", c.escape_debug())?;
        }
        if self.0.chars().nth(MAX_CHARS).is_some() {
            f.write_str("…")?;
        }
        f.write_str("\"")
    }
}

impl fmt::Debug for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::Quoted;

    #[test]
    fn nothing_can_end_the_line_or_the_field() {
        let forged = "x\n2026-01-01T00:00:00Z  INFO sesame: signed in login=demo";
        let logged = Quoted(forged).to_string();
        assert!(!logged.contains('\n'), "{logged}");
        assert!(logged.starts_with("\"x\\n2026"), "{logged}");
        assert_eq!(Quoted("a\"b\u{202e}c\r").to_string(), "\"a\\\"b\\u{202e}c\\r\"");
        assert_eq!(Quoted("Zoé").to_string(), "\"Zoé\"");
        let long = "é".repeat(100);
        assert_eq!(Quoted(&long).to_string(), format!("\"{}…\"", "é".repeat(64)));
    }
}
