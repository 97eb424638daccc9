//! The name of an imported file as the history keeps and shows it. It comes from the browser
//! (the file the administrator chose, or anything a client sends), so it is cleaned rather than
//! refused: an import is not the place to argue about a name. Control characters (ESC would
//! start a terminal sequence where the history is printed, NUL cut it short in C tools) and the
//! characters that make a text display as another ([`crate::access::invisible`]: `facture\u{202E}vsc.exe`
//! reads `facturexe.csv`) are dropped, spaces at either end trimmed, and the name cut to
//! [`MAX_FILE_NAME_CHARS`].

use crate::access::invisible::is_deceptive;

/// Longest file name kept.
pub const MAX_FILE_NAME_CHARS: usize = 200;

/// `name` cleaned for the import's history.
pub fn clean_file_name(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| !c.is_control() && !is_deceptive(*c))
        .collect();
    kept.trim().chars().take(MAX_FILE_NAME_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_direction_tricks_are_dropped_the_rest_kept() {
        assert_eq!(clean_file_name(" élèves 2025.csv "), "élèves 2025.csv");
        assert_eq!(clean_file_name("a\u{1b}[31mb\u{0}.csv"), "a[31mb.csv");
        assert_eq!(clean_file_name("facture\u{202E}vsc.exe"), "facturevsc.exe");
        assert_eq!(clean_file_name("a\u{200B}b\u{2066}c\u{FEFF}.csv"), "abc.csv");
        assert_eq!(
            clean_file_name(&"x".repeat(500)).chars().count(),
            MAX_FILE_NAME_CHARS
        );
        assert_eq!(clean_file_name("\u{202E} \t"), "");
    }
}
