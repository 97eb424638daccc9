//! Case- and accent-folding, the one notion of "the same letters" used by search and by sorting.
//!
//! A French reader files "Émile" with the E's, "Œuvre" as "OEuvre" and a Polish "Łukasz" with the
//! L's. [`fold`] turns a name into that reading: lower case, combining marks removed after
//! canonical decomposition, and the few letters that do not decompose (Œ, Æ, ß, Ł, Ø, Đ, Þ, ı)
//! spelled out. Scripts without such rules (Greek, Cyrillic) are only lower-cased and stripped of
//! accents, which is how their own dictionaries file them at the first level.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds `text` for comparison: `fold("Émile Œdipe-Łukasz")` is `"emile oedipe-lukasz"`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Like [`fold`], appending to `out` (lets callers build one haystack without extra allocations).
pub fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        // The common case of French names without accents: no decomposition needed.
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'Œ' | 'œ' => out.push_str("oe"),
            'Æ' | 'æ' => out.push_str("ae"),
            'ß' | 'ẞ' => out.push_str("ss"),
            'Ł' | 'ł' => out.push('l'),
            'Ø' | 'ø' => out.push('o'),
            'Đ' | 'đ' | 'Ð' | 'ð' => out.push('d'),
            'Þ' | 'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            // Typographic apostrophes and dashes are typed as plain ones in a search box.
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
            '\u{2010}' | '\u{2011}' | '\u{2013}' => out.push('-'),
            // Final sigma is the same letter as sigma.
            'ς' => out.push('σ'),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_french_accents_and_ligatures() {
        assert_eq!(fold("Émile"), "emile");
        assert_eq!(fold("ZOÉ"), "zoe");
        assert_eq!(fold("Œdipe"), "oedipe");
        assert_eq!(fold("Lætitia"), "laetitia");
        assert_eq!(fold("François-Noël"), "francois-noel");
        assert_eq!(fold("D’Artagnan"), "d'artagnan");
    }

    #[test]
    fn folds_letters_that_do_not_decompose() {
        assert_eq!(fold("Łukasz"), "lukasz");
        assert_eq!(fold("Søren"), "soren");
        assert_eq!(fold("Đorđe"), "dorde");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Işıl"), "isil");
    }

    #[test]
    fn folds_vietnamese_greek_and_cyrillic() {
        assert_eq!(fold("Nguyễn"), "nguyen");
        assert_eq!(fold("Ζωή"), "ζωη");
        assert_eq!(fold("Νικόλαος"), "νικολαοσ");
        assert_eq!(fold("Алёна"), "алена");
    }

    #[test]
    fn precomposed_and_decomposed_input_fold_alike() {
        assert_eq!(fold("Zo\u{e9}"), fold("Zoe\u{301}"));
    }
}
