//! Characters that make a text display as another: bidirectional embeddings, overrides and
//! isolates (U+202E turns `gpj.exe` into what reads `exe.jpg`), zero-width characters (two
//! logins that look the same and differ), direction marks and invisible operators. Names,
//! logins, display names and the import's file name refuse or drop them; control characters
//! (`char::is_control`: ESC, NUL, C1) are refused apart, where each text is checked.

/// Whether `c` changes how a text is shown, or shows as nothing, without being a control
/// character.
pub fn is_deceptive(c: char) -> bool {
    matches!(
        c,
        // Arabic letter mark, Mongolian vowel separator.
        '\u{061C}' | '\u{180E}'
        // Zero-width space, non-joiner and joiner; left-to-right and right-to-left marks.
        | '\u{200B}'..='\u{200F}'
        // Embeddings, pop, overrides.
        | '\u{202A}'..='\u{202E}'
        // Word joiner, invisible function application, times, separator, plus.
        | '\u{2060}'..='\u{2064}'
        // Isolates and their pop; the deprecated format characters after them.
        | '\u{2066}'..='\u{206F}'
        // A byte-order mark inside a text is a zero-width no-break space.
        | '\u{FEFF}'
    )
}

/// The first character of `text` that [`is_deceptive`], if any.
pub fn first_deceptive(text: &str) -> Option<char> {
    text.chars().find(|&c| is_deceptive(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_isolates_and_zero_width_characters_are_deceptive_letters_are_not() {
        for c in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}',
            '\u{FEFF}', '\u{200F}',
        ] {
            assert!(is_deceptive(c), "U+{:04X}", u32::from(c));
        }
        for c in ['a', 'é', 'Ł', 'ễ', 'Я', 'ש', 'ع', ' ', '-', '\'', '\u{00A0}'] {
            assert!(!is_deceptive(c), "{c:?}");
        }
        assert_eq!(first_deceptive("zoe\u{202E}txt.exe"), Some('\u{202E}'));
        assert_eq!(first_deceptive("Zoé Dupré"), None);
    }
}
