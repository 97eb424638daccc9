//! Scripts the engine cannot print correctly even where the fonts have their glyphs.
//!
//! The engine draws one glyph per character, left to right, with no shaping (no OpenType
//! `GSUB`/`GPOS`, no bidirectional reordering). That is exact for Latin, Greek, Cyrillic,
//! Armenian, Georgian and the like once text is NFC, but it would mangle:
//!
//! - scripts written **right to left** (Hebrew, Arabic, Syriac, Thaana, NKo, Adlam…): the
//!   letters would come out in reverse order and, for the joining scripts, unjoined;
//! - scripts that need **shaping** (Devanagari and the other Brahmic scripts, Thai, Lao,
//!   Tibetan, Myanmar, Khmer, Mongolian…): conjuncts, reordered vowel signs and stacked marks
//!   would print as loose pieces in the wrong places.
//!
//! DejaVu has glyphs for some of them (Arabic, Hebrew, Lao…), so a name would print, wrongly.
//! The project's rule is that a name either renders or is reported, never mangled: every
//! character of these blocks is treated as one no font has ([`Fonts`](super::Fonts) leaves
//! them out of its tables), so it is reported by [`missing_chars`](super::missing_chars) and
//! refused by default, with the reason given by [`MissingChar::reason`](super::MissingChar::reason).
//!
//! Whole Unicode blocks are listed, digits and punctuation of those scripts included: they
//! only occur in such names. U+FEFF (the byte order mark, at the end of Arabic Presentation
//! Forms-B) is not Arabic and is left out.

use std::cmp::Ordering;

/// Why a script cannot be printed glyph after glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Difficulty {
    /// Written right to left (and often joined): letters would print in reverse order.
    RightToLeft,
    /// Needs shaping: conjuncts, reordered vowel signs, stacked or joined letters.
    Shaping,
}

impl Difficulty {
    /// In French, after "écriture …": "de droite à gauche", "à ligatures".
    pub fn describe_fr(self) -> &'static str {
        match self {
            Difficulty::RightToLeft => "de droite à gauche",
            Difficulty::Shaping => "à ligatures",
        }
    }
}

/// A range of code points (a Unicode block or a few adjacent ones) of one script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Script {
    pub first: char,
    pub last: char,
    /// The script's name in French, after "écriture": "arabe", "devanagari".
    pub name_fr: &'static str,
    pub difficulty: Difficulty,
}

const fn rtl(first: char, last: char, name_fr: &'static str) -> Script {
    Script {
        first,
        last,
        name_fr,
        difficulty: Difficulty::RightToLeft,
    }
}

const fn shaped(first: char, last: char, name_fr: &'static str) -> Script {
    Script {
        first,
        last,
        name_fr,
        difficulty: Difficulty::Shaping,
    }
}

/// Every range not printed, in code point order, without overlaps.
pub const UNSUPPORTED: &[Script] = &[
    rtl('\u{0590}', '\u{05FF}', "hébraïque"),
    rtl('\u{0600}', '\u{06FF}', "arabe"),
    rtl('\u{0700}', '\u{074F}', "syriaque"),
    rtl('\u{0750}', '\u{077F}', "arabe"),
    rtl('\u{0780}', '\u{07BF}', "thâna"),
    rtl('\u{07C0}', '\u{07FF}', "n’ko"),
    rtl('\u{0800}', '\u{083F}', "samaritaine"),
    rtl('\u{0840}', '\u{085F}', "mandéenne"),
    rtl('\u{0860}', '\u{086F}', "syriaque"),
    rtl('\u{0870}', '\u{08FF}', "arabe"),
    shaped('\u{0900}', '\u{097F}', "devanagari"),
    shaped('\u{0980}', '\u{09FF}', "bengali"),
    shaped('\u{0A00}', '\u{0A7F}', "gurmukhi"),
    shaped('\u{0A80}', '\u{0AFF}', "gujarati"),
    shaped('\u{0B00}', '\u{0B7F}', "oriya"),
    shaped('\u{0B80}', '\u{0BFF}', "tamoule"),
    shaped('\u{0C00}', '\u{0C7F}', "télougou"),
    shaped('\u{0C80}', '\u{0CFF}', "kannada"),
    shaped('\u{0D00}', '\u{0D7F}', "malayalam"),
    shaped('\u{0D80}', '\u{0DFF}', "cingalaise"),
    shaped('\u{0E00}', '\u{0E7F}', "thaïe"),
    shaped('\u{0E80}', '\u{0EFF}', "lao"),
    shaped('\u{0F00}', '\u{0FFF}', "tibétaine"),
    shaped('\u{1000}', '\u{109F}', "birmane"),
    shaped('\u{1700}', '\u{177F}', "philippine"),
    shaped('\u{1780}', '\u{17FF}', "khmère"),
    shaped('\u{1800}', '\u{18AF}', "mongole"),
    shaped('\u{1900}', '\u{194F}', "limbu"),
    shaped('\u{1980}', '\u{19DF}', "taï lü"),
    shaped('\u{19E0}', '\u{19FF}', "khmère"),
    shaped('\u{1A00}', '\u{1A1F}', "bouguise"),
    shaped('\u{1A20}', '\u{1AAF}', "taï tham"),
    shaped('\u{1B00}', '\u{1B7F}', "balinaise"),
    shaped('\u{1B80}', '\u{1BBF}', "soundanaise"),
    shaped('\u{1BC0}', '\u{1BFF}', "batak"),
    shaped('\u{1C00}', '\u{1C4F}', "lepcha"),
    shaped('\u{1CD0}', '\u{1CFF}', "devanagari"),
    shaped('\u{A800}', '\u{A82F}', "sylotî nâgrî"),
    shaped('\u{A840}', '\u{A87F}', "phags-pa"),
    shaped('\u{A880}', '\u{A8DF}', "saurashtra"),
    shaped('\u{A8E0}', '\u{A8FF}', "devanagari"),
    shaped('\u{A900}', '\u{A92F}', "kayah li"),
    shaped('\u{A930}', '\u{A95F}', "rejang"),
    shaped('\u{A980}', '\u{A9DF}', "javanaise"),
    shaped('\u{A9E0}', '\u{A9FF}', "birmane"),
    shaped('\u{AA00}', '\u{AA5F}', "cham"),
    shaped('\u{AA60}', '\u{AA7F}', "birmane"),
    shaped('\u{AA80}', '\u{AADF}', "taï viêt"),
    shaped('\u{AAE0}', '\u{AAFF}', "meitei"),
    shaped('\u{ABC0}', '\u{ABFF}', "meitei"),
    rtl('\u{FB1D}', '\u{FB4F}', "hébraïque"),
    rtl('\u{FB50}', '\u{FDFF}', "arabe"),
    rtl('\u{FE70}', '\u{FEFE}', "arabe"),
    rtl('\u{10800}', '\u{10FFF}', "ancienne ou rare"),
    shaped('\u{11000}', '\u{11FFF}', "brahmique"),
    rtl('\u{1E800}', '\u{1E8FF}', "mendé"),
    rtl('\u{1E900}', '\u{1E95F}', "adlam"),
    rtl('\u{1E960}', '\u{1EEFF}', "arabe"),
];

/// The unsupported script `c` belongs to, if any (a few comparisons; none below U+0590).
#[inline]
pub fn unsupported(c: char) -> Option<&'static Script> {
    if c < '\u{0590}' {
        return None;
    }
    UNSUPPORTED
        .binary_search_by(|s| {
            if s.last < c {
                Ordering::Less
            } else if s.first > c {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .ok()
        .map(|i| &UNSUPPORTED[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_unsupported(text: &str) -> bool {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .all(|c| unsupported(c).is_some())
    }

    fn none_unsupported(text: &str) -> bool {
        text.chars().all(|c| unsupported(c).is_none())
    }

    #[test]
    fn the_table_is_sorted_without_overlaps() {
        for s in UNSUPPORTED {
            assert!(s.first <= s.last, "{s:?}");
        }
        for pair in UNSUPPORTED.windows(2) {
            assert!(pair[0].last < pair[1].first, "{pair:?}");
        }
        // Every range's ends are found.
        for s in UNSUPPORTED {
            assert_eq!(unsupported(s.first), Some(s));
            assert_eq!(unsupported(s.last), Some(s));
        }
    }

    #[test]
    fn right_to_left_names_are_unsupported() {
        for name in ["محمد", "ليلى حداد", "דוד", "ܐܒܪܗܡ", "ދިވެހި", "ߒߞߏ", "𞤀𞤣𞤤𞤢𞤥"]
        {
            assert!(all_unsupported(name), "{name}");
            let c = name.chars().next().unwrap();
            assert_eq!(
                unsupported(c).unwrap().difficulty,
                Difficulty::RightToLeft,
                "{name}"
            );
        }
        assert_eq!(unsupported('م').unwrap().name_fr, "arabe");
        assert_eq!(unsupported('ד').unwrap().name_fr, "hébraïque");
        // Presentation forms too: ﻣ (FEE3), ﷲ (FDF2), שּ (FB49).
        assert!(all_unsupported("\u{FEE3}\u{FDF2}\u{FB49}"));
    }

    #[test]
    fn scripts_that_need_shaping_are_unsupported() {
        for name in [
            "अनीता",
            "সুমন",
            "ਗੁਰਪ੍ਰੀਤ",
            "தமிழ்",
            "สมชาย",
            "ສົມພອນ",
            "བཀྲ་ཤིས",
            "မြန်မာ",
            "សុខា",
            "ᠮᠣᠩᠭᠣᠯ",
        ] {
            assert!(all_unsupported(name), "{name}");
            let c = name.chars().next().unwrap();
            assert_eq!(unsupported(c).unwrap().difficulty, Difficulty::Shaping, "{name}");
        }
        assert_eq!(unsupported('अ').unwrap().name_fr, "devanagari");
        assert_eq!(unsupported('ส').unwrap().name_fr, "thaïe");
        assert!(all_unsupported("\u{A8E0}\u{A8FF}")); // combining Devanagari digits, Ext.
    }

    #[test]
    fn european_and_other_printable_names_are_unaffected() {
        for name in [
            "Łukasz Nguyễn",
            "Şule Yılmaz Ayşe Doğan",
            "Ștefan Țurcanu",
            "Jiří Řezníček",
            "Алёна Смирнова Ж7Я2Ё",
            "Νικόλαος Παπαδόπουλος",
            "Œdipe Dupré Zoé",
            "Zoe\u{301} Nguye\u{302}\u{303}n",
            "Գրիգոր ნინო", // Armenian, Georgian
            "ﬁ ﬀ",         // Latin ligature characters U+FB01, U+FB00
            "李 小龍 €‘’«»…",
            "\u{FEFF}",
        ] {
            assert!(none_unsupported(name), "{name}");
        }
    }
}
