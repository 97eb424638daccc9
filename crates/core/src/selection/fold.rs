//! Case- and accent-folding, the one notion of "the same letters" used by search and by sorting.
//!
//! A French reader files "Émile" with the E's, "Œuvre" as "OEuvre" and a Polish "Łukasz" with the
//! L's. [`fold`] turns a name into that reading: lower case, combining marks removed after
//! canonical decomposition, and the few letters that do not decompose (Œ, Æ, ß, Ł, Ø, Đ, Þ, ı)
//! spelled out. Scripts without such rules (Greek, Cyrillic) are only lower-cased and stripped of
//! accents, which is how their own dictionaries file them at the first level.
//!
//! The decomposition comes from tables `build.rs` generates from `unicode-normalization`, not from
//! that crate at run time: the page folds on every keystroke of a search, and linking the crate's
//! normalisation tables cost its WebAssembly ≈ 65 KB gzipped. The tests check, for every char,
//! that the tables give what `nfd()` + `is_combining_mark` gives.

include!(concat!(env!("OUT_DIR"), "/fold_tables.rs"));

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
    for c in text.chars() {
        if let Ok(i) = DECOMPOSED.binary_search_by_key(&c, |&(k, _)| k) {
            // Canonical decomposition, combining marks dropped: "é" → "e", "\u{344}" → nothing.
            if let Some(base) = DECOMPOSED[i].1 {
                push_folded(base, out);
            }
        } else if let Ok(i) = DECOMPOSED_SEVERAL.binary_search_by_key(&c, |&(k, _)| k) {
            DECOMPOSED_SEVERAL[i].1.chars().for_each(|b| push_folded(b, out));
        } else if let Some(jamos) = hangul_jamos(c) {
            // Hangul syllables decompose by arithmetic (no table), into letters that are not marks.
            jamos.into_iter().flatten().for_each(|j| push_folded(j, out));
        } else if !is_combining_mark(c) {
            push_folded(c, out);
        }
    }
}

/// Whether `c` is a combining mark (general category M): an accent that folding drops.
fn is_combining_mark(c: char) -> bool {
    let c = c as u32;
    COMBINING_MARKS
        .binary_search_by(|&(start, end)| {
            if end < c {
                std::cmp::Ordering::Less
            } else if start > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The canonical decomposition of a Hangul syllable into its two or three jamos (Unicode §3.12).
fn hangul_jamos(c: char) -> Option<[Option<char>; 3]> {
    const S_BASE: u32 = 0xAC00;
    const L_BASE: u32 = 0x1100;
    const V_BASE: u32 = 0x1161;
    const T_BASE: u32 = 0x11A7;
    const V_COUNT: u32 = 21;
    const T_COUNT: u32 = 28;
    const S_COUNT: u32 = 19 * V_COUNT * T_COUNT;
    let s = (c as u32).checked_sub(S_BASE).filter(|&s| s < S_COUNT)?;
    let l = char::from_u32(L_BASE + s / (V_COUNT * T_COUNT));
    let v = char::from_u32(V_BASE + (s % (V_COUNT * T_COUNT)) / T_COUNT);
    let t = (s % T_COUNT != 0)
        .then(|| char::from_u32(T_BASE + s % T_COUNT))
        .flatten();
    Some([l, v, t])
}

/// Appends one base (non-mark, decomposed) char, folded: lower case, special letters spelled out.
fn push_folded(c: char, out: &mut String) {
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

#[cfg(test)]
mod tests {
    use super::fold;
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;

    /// `fold` as it was written before its tables were generated: at run time, from `nfd()`.
    fn fold_by_nfd(text: &str) -> String {
        let mut out = String::new();
        if text.is_ascii() {
            out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
            return out;
        }
        for c in text.nfd() {
            if is_combining_mark(c) {
                continue;
            }
            super::push_folded(c, &mut out);
        }
        out
    }

    #[test]
    fn tables_fold_every_char_as_nfd_does() {
        let mut mismatches = Vec::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.to_string();
            if fold(&text) != fold_by_nfd(&text) {
                mismatches.push(c);
            }
        }
        assert!(mismatches.is_empty(), "folded differently: {mismatches:?}");
    }

    /// Why folding char by char equals folding the whole string's NFD: NFD of a string is the
    /// chars' decompositions with non-starters (combining class ≠ 0) reordered, and every
    /// non-starter is a combining mark, which folding drops anyway.
    #[test]
    fn every_non_starter_is_a_combining_mark() {
        use unicode_normalization::char::canonical_combining_class;
        let odd: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| canonical_combining_class(c) != 0 && !is_combining_mark(c))
            .collect();
        assert!(odd.is_empty(), "non-starters that are not marks: {odd:?}");
    }

    #[test]
    fn tables_fold_strings_as_nfd_does() {
        // Marks in non-canonical order, marks after marks that decompose, Hangul, astral letters.
        let samples = [
            "Zoe\u{301}\u{323} Ệ e\u{323}\u{302} \u{344}a\u{344}",
            "Nguye\u{302}\u{303}n Ζω\u{301}ή ΣΊΣΥΦΟΣ Алёна Ёлка",
            "한국어 각 \u{1100}\u{1161}\u{11A8} 가\u{11A8}",
            "\u{1109A}\u{110BA} \u{1D15E}\u{1D165} \u{2ADC}",
            "Œdipe Straße ẞ Łódź Ørsted Đorđe Þór İstanbul Işıl",
            "D’Artagnan – Jean‐Pierre ʼokina ς",
        ];
        for text in samples {
            assert_eq!(fold(text), fold_by_nfd(text), "{text:?}");
        }
        // Every pair of chars of a mixed alphabet, marks included, in both orders.
        let alphabet: Vec<char> =
            "aAeÉé\u{301}\u{323}\u{344}\u{302}ÆœßıİǅΣς가각\u{11A8}\u{1161}ॐक\u{93C}\u{94D}"
                .chars()
                .collect();
        for &x in &alphabet {
            for &y in &alphabet {
                for z in ['b', '\u{300}', 'Å'] {
                    let text: String = [x, y, z].iter().collect();
                    assert_eq!(fold(&text), fold_by_nfd(&text), "{text:?}");
                }
            }
        }
    }

    /// Asserts that each name folds to its folded form.
    fn assert_folds(cases: &[(&str, &str)]) {
        for &(name, folded) in cases {
            assert_eq!(fold(name), folded, "{name}");
        }
    }

    #[test]
    fn folds_french_accents_and_ligatures() {
        assert_folds(&[
            ("Émile", "emile"),
            ("ZOÉ", "zoe"),
            ("Œdipe", "oedipe"),
            ("Lætitia", "laetitia"),
            ("François-Noël", "francois-noel"),
            ("D’Artagnan", "d'artagnan"),
        ]);
    }

    #[test]
    fn folds_letters_that_do_not_decompose() {
        assert_folds(&[
            ("Łukasz", "lukasz"),
            ("Søren", "soren"),
            ("Đorđe", "dorde"),
            ("Straße", "strasse"),
            ("Işıl", "isil"),
        ]);
    }

    #[test]
    fn folds_vietnamese_greek_and_cyrillic() {
        assert_folds(&[
            ("Nguyễn", "nguyen"),
            ("Ζωή", "ζωη"),
            ("Νικόλαος", "νικολαοσ"),
            ("Алёна", "алена"),
        ]);
    }

    #[test]
    fn precomposed_and_decomposed_input_fold_alike() {
        assert_eq!(fold("Zo\u{e9}"), fold("Zoe\u{301}"));
    }
}
