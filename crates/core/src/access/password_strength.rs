//! How guessable a password is: the fewest bits a guesser who knows people's habits needs to
//! find it, estimated the way zxcvbn does (the cheapest reading of the password as a chain of
//! guessable pieces), with a short list instead of zxcvbn's dictionaries.
//!
//! Why not the `zxcvbn` crate: these rules run in the page too (the « Mon compte » form checks
//! as the administrator types, with the server's very words), and zxcvbn brings its frequency
//! lists (800 KB of source) and two regular-expression engines into the page's WebAssembly,
//! which would about double the module every visitor downloads before the sign-in form shows.
//! What matters for an administrator's password, whose sign-in is rate-limited and hashed with
//! Argon2id, is to refuse what guessers try first: one character repeated, runs (`abcd`,
//! `123456`, `azertyuiop`), the common passwords and their decorations (`Motdepasse2024!`,
//! `P@ssw0rd1234`), and what the guesser knows (the login, the display name, the school's name).
//!
//! The password is read folded (lower case, no accents), without spaces and the usual separators
//! (`-`, `_`, `.`, which add nothing a guesser does not try); words are looked for with its
//! look-alike digits and signs read as letters (`0` as `o`, `@` as `a`…). Each piece costs bits:
//! - a character that belongs to no pattern: [`FREE_CHAR_BITS`] (a conservative figure: random
//!   lower-case letters are worth 4.7);
//! - a word the guesser knows (login, names): [`KNOWN_WORD_BITS`];
//! - a word of [`COMMON_WORDS`]: [`COMMON_WORD_BITS`] (about its rank in a list of a thousand);
//! - a year from 1900 to 2099: [`YEAR_BITS`];
//! - a run along the alphabet, the digits or a keyboard row, forwards or backwards, from three
//!   digits or four letters: [`SEQUENCE_BITS`] plus the bits of its length;
//! - a piece repeated: its own cost plus the bits of how many times.
//!
//! The cheapest chain (a shortest path over the positions) is the password's strength; below
//! [`MIN_BITS`] it is refused, with the kind of piece that made it weakest.

use crate::selection::fold::fold;

/// The strength a password needs, in bits: 2⁴⁰ guesses is far beyond what the sign-in's limits
/// let anyone try, and enough that a stolen hash (Argon2id, 19 MiB a guess) is slow to crack.
pub const MIN_BITS: f64 = 40.0;
/// A character outside any pattern.
pub const FREE_CHAR_BITS: f64 = 4.0;
/// A word the guesser knows: the login, the display name, the school's name.
pub const KNOWN_WORD_BITS: f64 = 3.0;
/// A word of [`COMMON_WORDS`], with its variants (capitals, look-alike digits).
pub const COMMON_WORD_BITS: f64 = 10.0;
/// A year from 1900 to 2099.
pub const YEAR_BITS: f64 = 8.0;
/// A run along the alphabet, the digits or a keyboard row (then the bits of its length).
pub const SEQUENCE_BITS: f64 = 5.0;

/// The bases of the passwords people choose first, French and English, folded, four letters or
/// more (shorter ones are cheap to cover as free characters anyway).
pub const COMMON_WORDS: &[&str] = &[
    "motdepasse",
    "password",
    "passwd",
    "passe",
    "pass",
    "azerty",
    "qwerty",
    "qwertz",
    "soleil",
    "bonjour",
    "bonsoir",
    "salut",
    "coucou",
    "doudou",
    "chouchou",
    "loulou",
    "nounours",
    "amour",
    "jetaime",
    "iloveyou",
    "love",
    "princesse",
    "princess",
    "chocolat",
    "marseille",
    "paris",
    "lyon",
    "toulouse",
    "bordeaux",
    "nantes",
    "lille",
    "france",
    "football",
    "olympique",
    "hello",
    "welcome",
    "bienvenue",
    "admin",
    "administrateur",
    "administrator",
    "root",
    "secret",
    "sesame",
    "ouvretoi",
    "ecole",
    "college",
    "lycee",
    "education",
    "academie",
    "rectorat",
    "enseignant",
    "professeur",
    "directeur",
    "directrice",
    "eleve",
    "classe",
    "school",
    "teacher",
    "student",
    "dragon",
    "monkey",
    "master",
    "shadow",
    "sunshine",
    "superman",
    "batman",
    "pokemon",
    "naruto",
    "starwars",
    "letmein",
    "trustno",
    "changeme",
    "changer",
    "nouveau",
    "test",
    "demo",
    "utilisateur",
    "user",
    "login",
    "connexion",
    "identifiant",
    "camille",
    "nicolas",
    "thomas",
    "julien",
    "alexandre",
    "marie",
    "sophie",
    "julie",
    "nathalie",
    "isabelle",
    "stephane",
    "christophe",
    "frederic",
    "sebastien",
    "laurent",
    "pierre",
    "michel",
    "philippe",
    "david",
    "jessica",
    "michael",
    "jennifer",
    "daniel",
    "charlie",
    "lucas",
    "hugo",
    "emma",
    "chloe",
    "manon",
    "louise",
    "maman",
    "papa",
    "famille",
    "bebe",
    "cheval",
    "chien",
    "chat",
    "tigre",
    "lapin",
    "printemps",
    "automne",
    "hiver",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "tennis",
    "rugby",
    "basket",
    "computer",
    "internet",
    "ordinateur",
    "samsung",
    "apple",
    "google",
    "facebook",
    "orange",
    "freebox",
    "liberte",
    "vacances",
    "bisous",
    "zidane",
    "qwertyuiop",
    "azertyuiop",
    "abcdef",
    "abc123",
    "welcome",
    "monday",
    "summer",
    "winter",
    "spring",
    "autumn",
    "baseball",
    "soccer",
    "killer",
    "hunter",
    "ranger",
    "buster",
    "tigger",
    "ginger",
    "cookie",
    "pepper",
    "matrix",
    "secure",
    "default",
    "guest",
];

/// Runs a guesser walks along, forwards and backwards.
const SEQUENCES: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "yxcvbnm",
];

/// The kind of piece that made a password weak: the one covering most of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// The same character or group again and again (`aaaaaaaaaaaa`, twelve spaces, `abcabc…`).
    Repetition,
    /// A run of the alphabet, the digits or a keyboard row (`123456789`, `azertyuiop`).
    Sequence,
    /// A common password's base (`motdepasse`, `soleil`), with or without decorations.
    Common,
    /// What the guesser knows: the login, the display name, the school's name.
    Known,
    /// Years and a few free characters: too short for what it holds.
    Short,
}

/// One way to read a piece of the password.
#[derive(Debug, Clone, Copy)]
struct Piece {
    len: usize,
    bits: f64,
    kind: Option<Weakness>,
}

/// `None` when `password` is strong enough, else what weakens it most. `known` holds what the
/// guesser knows of its owner (login, display name, school names), split into words here.
pub fn weakness(password: &str, known: &[&str]) -> Option<Weakness> {
    let text = Text::of(password);
    if text.plain.is_empty() {
        // Spaces and separators only: one character again and again.
        return Some(Weakness::Repetition);
    }
    let (bits, kind) = strength(text.view(), &known_words(known), true);
    (bits < MIN_BITS).then_some(kind.unwrap_or(Weakness::Short))
}

/// The password's estimated strength in bits (for tests and figures).
pub fn bits(password: &str, known: &[&str]) -> f64 {
    strength(Text::of(password).view(), &known_words(known), true).0
}

/// A password as it is read: `plain` folded and without separators (runs, years and repeats
/// are looked for there), `letters` the same with look-alikes read as letters (words are
/// looked for there). Both have one entry per character kept.
struct Text {
    plain: Vec<char>,
    letters: Vec<char>,
}

#[derive(Clone, Copy)]
struct View<'t> {
    plain: &'t [char],
    letters: &'t [char],
}

impl Text {
    fn of(password: &str) -> Text {
        let plain: Vec<char> = fold(password)
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '.'))
            .collect();
        let letters = plain.iter().map(|c| as_letter(*c)).collect();
        Text { plain, letters }
    }

    fn view(&self) -> View<'_> {
        View {
            plain: &self.plain,
            letters: &self.letters,
        }
    }
}

impl<'t> View<'t> {
    fn len(&self) -> usize {
        self.plain.len()
    }

    fn slice(&self, range: std::ops::Range<usize>) -> View<'t> {
        View {
            plain: &self.plain[range.clone()],
            letters: &self.letters[range],
        }
    }
}

/// The letter a digit or sign stands for in `P@ssw0rd`.
fn as_letter(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | '!' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        c => c,
    }
}

/// The words of `known`, read as letters, three characters or more, and each text whole too
/// (`École Jules Ferry` as `ecolejulesferry`).
fn known_words(known: &[&str]) -> Vec<Vec<char>> {
    let mut words: Vec<Vec<char>> = Vec::new();
    for text in known {
        let parts = text.split(|c: char| !c.is_alphanumeric());
        for word in parts.chain(std::iter::once(*text)) {
            let word = Text::of(word).letters;
            if word.len() >= 3 && !words.contains(&word) {
                words.push(word);
            }
        }
    }
    words
}

/// The cheapest reading of `text` (bits, and the kind of piece covering most of it); repeated
/// groups are looked for only at the top (`repeats`), their group read without them.
fn strength(text: View<'_>, known: &[Vec<char>], repeats: bool) -> (f64, Option<Weakness>) {
    let n = text.len();
    // best[i]: the cheapest reading of text[..i], and the piece that ends it.
    let mut best: Vec<(f64, Option<(usize, Piece)>)> = vec![(f64::INFINITY, None); n + 1];
    best[0].0 = 0.0;
    for start in 0..n {
        let here = best[start].0;
        for piece in pieces(text.slice(start..n), known, repeats) {
            let end = start + piece.len;
            if here + piece.bits < best[end].0 {
                best[end] = (here + piece.bits, Some((start, piece)));
            }
        }
    }
    // Walk the chosen pieces back to see which kind covers most characters.
    let mut covered: Vec<(Weakness, usize)> = Vec::new();
    let mut end = n;
    while let Some((start, piece)) = best[end].1 {
        if let Some(kind) = piece.kind {
            match covered.iter_mut().find(|(k, _)| *k == kind) {
                Some(slot) => slot.1 += piece.len,
                None => covered.push((kind, piece.len)),
            }
        }
        end = start;
    }
    let kind = covered.iter().max_by_key(|(_, len)| *len).map(|(kind, _)| *kind);
    (best[n].0, kind)
}

/// Every way to read a piece at the start of `rest`.
fn pieces(rest: View<'_>, known: &[Vec<char>], repeats: bool) -> Vec<Piece> {
    let mut found = vec![Piece {
        len: 1,
        bits: FREE_CHAR_BITS,
        kind: None,
    }];
    for word in known {
        if rest.letters.starts_with(word) {
            found.push(Piece {
                len: word.len(),
                bits: KNOWN_WORD_BITS,
                kind: Some(Weakness::Known),
            });
        }
    }
    for word in COMMON_WORDS {
        let len = word.chars().count();
        if rest.len() >= len && rest.letters.iter().zip(word.chars()).all(|(a, b)| *a == b) {
            found.push(Piece {
                len,
                bits: COMMON_WORD_BITS,
                kind: Some(Weakness::Common),
            });
        }
    }
    if let Some(year) = rest.plain.get(..4) {
        let digits: String = year.iter().collect();
        if digits.chars().all(|c| c.is_ascii_digit())
            && (digits.starts_with("19") || digits.starts_with("20"))
        {
            found.push(Piece {
                len: 4,
                bits: YEAR_BITS,
                kind: Some(Weakness::Short),
            });
        }
    }
    // Three digits make a run (`123`); letters need four, since many words hold three letters
    // of a row or of the alphabet (`tre` of azerty in `très`, `def` in `defi`).
    let run = sequence_len(rest.plain);
    let shortest_run = if rest.plain[0].is_ascii_digit() { 3 } else { 4 };
    if run >= shortest_run {
        found.push(Piece {
            len: run,
            bits: SEQUENCE_BITS + (run as f64).log2(),
            kind: Some(Weakness::Sequence),
        });
    }
    // One character again and again.
    let same = rest.plain.iter().take_while(|c| **c == rest.plain[0]).count();
    if same >= 3 {
        found.push(Piece {
            len: same,
            bits: FREE_CHAR_BITS + (same as f64).log2(),
            kind: Some(Weakness::Repetition),
        });
    }
    // A group of two to eight characters, repeated whole at least twice.
    if repeats {
        for group in 2..=8.min(rest.len() / 2) {
            let first = &rest.plain[..group];
            let times = rest
                .plain
                .chunks_exact(group)
                .take_while(|chunk| chunk == &first)
                .count();
            if times >= 2 {
                let (group_bits, _) = strength(rest.slice(0..group), known, false);
                found.push(Piece {
                    len: group * times,
                    bits: group_bits + (times as f64).log2(),
                    kind: Some(Weakness::Repetition),
                });
            }
        }
    }
    found
}

/// How long a run of one of [`SEQUENCES`] `text` starts with, forwards or backwards (0 or 1
/// when none).
fn sequence_len(text: &[char]) -> usize {
    let mut longest = 0;
    for sequence in SEQUENCES {
        let sequence: Vec<char> = sequence.chars().collect();
        for direction in [1isize, -1] {
            let mut len = 0;
            let mut at: Option<usize> = None;
            for c in text {
                let next = match at {
                    None => sequence.iter().position(|s| s == c),
                    Some(i) => {
                        let j = i as isize + direction;
                        (j >= 0 && (j as usize) < sequence.len() && sequence[j as usize] == *c)
                            .then_some(j as usize)
                    }
                };
                match next {
                    Some(i) => {
                        at = Some(i);
                        len += 1;
                    }
                    None => break,
                }
            }
            longest = longest.max(len);
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_guessers_try_first_is_weak() {
        for (password, why) in [
            ("aaaaaaaaaaaa", Weakness::Repetition),
            ("            ", Weakness::Repetition),
            ("abcabcabcabc", Weakness::Repetition),
            ("123456789012", Weakness::Sequence),
            ("azertyuiop12", Weakness::Sequence),
            ("9876543210zy", Weakness::Sequence),
            ("Motdepasse2024!", Weakness::Common),
            ("P@ssw0rd12345", Weakness::Common),
            ("Soleil2024!!", Weakness::Common),
            ("iloveyou1234", Weakness::Common),
            ("Bonjour123456", Weakness::Common),
        ] {
            assert_eq!(
                weakness(password, &[]),
                Some(why),
                "{password}: {} bits",
                bits(password, &[])
            );
        }
    }

    #[test]
    fn what_the_guesser_knows_is_weak() {
        let known = ["marie.curie", "Marie Curie", "École Jules Ferry"];
        for password in [
            "mariecurie2026!",
            "Curie-Marie-1867",
            "ecolejulesferry2024",
            "JulesFerry#75012",
        ] {
            assert_eq!(weakness(password, &known), Some(Weakness::Known), "{password}");
        }
        // The same words are fine for someone else.
        assert_eq!(weakness("ecolejulesferry2024", &[]), None);
    }

    #[test]
    fn passphrases_and_random_passwords_pass() {
        for password in [
            "correct horse battery staple",
            "cheval agrafe pile",
            "un tout nouveau mot de passe",
            "k7#Vq9!mZp2x",
            "qhtkzmwbvrse",
            "Tr0ub4dor&3-pour-de-vrai",
            "f4k9p-2mq7x-h8w3n-r6t5v",
            "un mot de passe très secret",
        ] {
            assert_eq!(
                weakness(password, &["marie.curie"]),
                None,
                "{password}: {} bits",
                bits(password, &[])
            );
        }
    }

    #[test]
    fn long_inputs_stay_cheap() {
        let long = "ab".repeat(512);
        assert_eq!(weakness(&long, &[]), Some(Weakness::Repetition));
        let random: String = (0..1024u32)
            .map(|i| char::from(b'a' + ((i * 7919 + 13) % 26) as u8))
            .collect();
        assert!(bits(&random, &[]) > MIN_BITS);
    }
}
