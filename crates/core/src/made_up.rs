//! Made-up schools: the accounts `sesame demo` shows a visitor, and the data the tests and the
//! benchmarks work on, from one seeded generator so that every run — on every machine — sees
//! the same school.
//!
//! - [`Dice`]: a small, fast, repeatable pseudo-random sequence (xorshift64).
//! - [`FIRST_NAMES`], [`LAST_NAMES`]: names from many scripts (Ł, ễ, Ş, Ț, Ř, Cyrillic, Greek),
//!   because real schools have them; [`login_of`] makes an ENT-like login of them.
//! - [`HEADER`]: the header line of the ENT's CSV export as the generated files write it.
//! - [`MadeUpSchool`]: a school's shape (classes, how many accounts of each profile) and the
//!   ENT's CSV export of it, built on a given day ([`MadeUpSchool::csv`]).
//! - [`structure`] and [`ent_settings`]: a made-up school's settings, which the letters print.
//!
//! Pure: no I/O, no clock (the day is an argument), so the same seed and day give the same text.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{LetterSettings, Structure};

/// The seed of the demo's schools, also a good default elsewhere.
pub const SEED: u64 = 0x5e5a_e2d0_c0de_2026;

/// A fixed-seed pseudo-random sequence (xorshift64): the same numbers on every machine.
pub struct Dice(u64);

impl Dice {
    /// The sequence of `seed` (0, which xorshift would never leave, counts as 1).
    pub fn new(seed: u64) -> Dice {
        Dice(seed.max(1))
    }

    /// The next number of the sequence.
    #[allow(clippy::should_implement_trait)] // not an iterator: it never ends
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// One of `items` (not empty).
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// First names, French first but from many scripts.
pub const FIRST_NAMES: [&str; 40] = [
    "Zoé",
    "Émile",
    "Łukasz",
    "Thảo",
    "Inès",
    "Noé",
    "Chloé",
    "Maël",
    "Léa",
    "Hugo",
    "Aïcha",
    "Jules",
    "Алёна",
    "Νικόλαος",
    "Şule",
    "Ștefan",
    "Jiří",
    "Ayşe",
    "Mohammed",
    "Camille",
    "Louise",
    "Gabriel",
    "Anaïs",
    "Théo",
    "Ngọc Ánh",
    "Björn",
    "Zoë",
    "Mamadou",
    "Fatoumata",
    "Oğuz",
    "Dmitri",
    "Eliott",
    "Enzo",
    "Lina",
    "Rose",
    "Sacha",
    "Yasmine",
    "Timothée",
    "Žofia",
    "Ελένη",
];

/// Last names, French first but from many scripts.
pub const LAST_NAMES: [&str; 40] = [
    "Dupré",
    "Martin",
    "Nguyễn",
    "Łukaszewicz",
    "Yılmaz",
    "Țurcanu",
    "Řezníček",
    "Смирнова",
    "Παπαδόπουλος",
    "Lefèvre",
    "Œuvray",
    "Benali",
    "Diallo",
    "Traoré",
    "Kowalski",
    "García",
    "Bernard",
    "Petit",
    "Durand",
    "Moreau",
    "Laurent",
    "Lambert",
    "Rousseau",
    "Fontaine",
    "Chevalier",
    "Trần",
    "Dubois",
    "Leroy",
    "Girard",
    "Bonnet",
    "François",
    "Mercier",
    "Müller",
    "Kaya",
    "Haddad",
    "Da Silva",
    "Le Gall",
    "N'Diaye",
    "Faure",
    "Ivanova",
];

/// The letters of activation codes: no 0/O nor 1/I, which a parent would confuse on paper.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// The header line (without its line break) of the ENT's CSV export as the generated files
/// write it: the columns every profile needs, children last.
pub const HEADER: &str =
    "Id;Type;Nom;Prénom;Login;Code d'activation;Classes;Courriel;Date de création;Bloqué;\
                          Administrateur local;Enfants";

/// `prenom.nom` in ASCII where the name allows it, as ENT logins are.
pub fn login_of(first: &str, last: &str) -> String {
    let clean = |s: &str| -> String {
        crate::selection::fold::fold(s)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    };
    let (f, l) = (clean(first), clean(last));
    match (f.is_empty(), l.is_empty()) {
        (false, false) => format!("{f}.{l}"),
        (true, false) => format!("eleve.{l}"),
        (false, true) => format!("{f}.eleve"),
        (true, true) => "compte".into(),
    }
}

/// A made-up school: its UAI (the accounts' ids start with it), its classes and how many
/// accounts of each profile. Names, logins, codes, addresses and dates are drawn from a
/// [`Dice`].
pub struct MadeUpSchool<'a> {
    pub uai: &'a str,
    pub classes: &'a [&'a str],
    pub pupils_per_class: usize,
    /// How many pupils in a hundred have a relative's account (with their child's name).
    pub relatives_percent: u64,
    /// How many accounts in a hundred are activated already (no code).
    pub activated_percent: u64,
    /// One class each, in turn.
    pub teachers: usize,
    pub personnel: usize,
    pub guests: usize,
}

impl MadeUpSchool<'_> {
    /// The school's CSV export (header [`HEADER`]) as the ENT would write it on `today`, with
    /// the numbers of `dice`: class by class, each pupil followed by their relative if they
    /// have one, then the teachers, the personnel and the guests. Logins are unique (`…2`,
    /// `…3` after the first of a name). About one account in a hundred is blocked, three
    /// personnel in ten are local administrators.
    pub fn csv(&self, dice: &mut Dice, today: NaiveDate) -> String {
        let mut csv = format!("{HEADER}\n");
        let mut logins = HashSet::new();
        let activated = self.activated_percent;
        let uai = self.uai;
        let mut row = |dice: &mut Dice, profile: &str, class: &str, children: &str, email_chance: u64| {
            let first = dice.pick(&FIRST_NAMES);
            let last = dice.pick(&LAST_NAMES);
            let mut login = login_of(first, last);
            let base = login.clone();
            let mut n = 1;
            while !logins.insert(login.clone()) {
                n += 1;
                login = format!("{base}{n}");
            }
            let code: String = if dice.chance(activated) {
                String::new()
            } else {
                (0..8)
                    .map(|_| CODE_ALPHABET[dice.below(CODE_ALPHABET.len())] as char)
                    .collect()
            };
            let email = if dice.chance(email_chance) {
                format!("{login}@exemple.fr")
            } else {
                String::new()
            };
            let created = creation_date(dice, today).format("%d/%m/%Y");
            let blocked = if dice.chance(1) { "oui" } else { "non" };
            let admin = if profile == "Personnel" && dice.chance(30) {
                "oui"
            } else {
                "non"
            };
            let id = format!("{uai}-{:016x}", dice.next());
            let _ = writeln!(
                csv,
                "{id};{profile};{last};{first};{login};{code};{class};{email};{created};{blocked};{admin};\"{children}\""
            );
            (first, last)
        };
        for class in self.classes {
            for _ in 0..self.pupils_per_class {
                let (first, last) = row(dice, "Élève", class, "", 5);
                if dice.chance(self.relatives_percent) {
                    row(dice, "Parent", "", &format!("{first} {last} ({class})"), 70);
                }
            }
        }
        for i in 0..self.teachers {
            row(dice, "Enseignant", self.classes[i % self.classes.len()], "", 90);
        }
        for _ in 0..self.personnel {
            row(dice, "Personnel", "", "", 80);
        }
        for _ in 0..self.guests {
            row(dice, "Invité", "", "", 50);
        }
        csv
    }
}

/// The [`Structure`] of a made-up school named `name`, with `letter_settings`: what the tests
/// and the benchmarks print letters for. Its id (`s1`), UAI (`0751234A`) and time zone (Paris)
/// are always the same, since nothing a letter prints depends on them.
pub fn structure(name: &str, letter_settings: LetterSettings) -> Structure {
    Structure {
        id: "s1".into(),
        uai: "0751234A".into(),
        name: name.into(),
        time_zone: "Europe/Paris".into(),
        letter_settings,
    }
}

/// A made-up school's letter settings: the name of its ENT, where its accounts sign in and where
/// they are activated, and the help printed at the bottom of each letter; the rest as by default.
pub fn ent_settings(
    ent_name: &str,
    login_url: &str,
    activation_url: &str,
    help_text: &str,
) -> LetterSettings {
    LetterSettings {
        ent_name: ent_name.into(),
        login_url: login_url.into(),
        activation_url: activation_url.into(),
        help_text: help_text.into(),
        ..LetterSettings::default()
    }
}

/// When an account was created, for a school exported on `today`: most on the 1 September of
/// the current school year or of one of the three before (accounts are made for the start of
/// the year), about one in twenty in the six weeks before `today` (arrivals during the year).
/// Never after `today`.
///
/// It always draws the same number of values, so the names, logins and codes that follow do not
/// change with the day: only the dates do.
fn creation_date(dice: &mut Dice, today: NaiveDate) -> NaiveDate {
    let recent = dice.chance(5);
    let days_ago = 1 + dice.below(42) as u64;
    let years_ago = dice.below(4) as i32;
    if recent {
        return today - Days::new(days_ago);
    }
    let school_year = if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    };
    NaiveDate::from_ymd_opt(school_year - years_ago, 9, 1).expect("1 September exists")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_xorshift64_and_zero_is_not_a_dead_end() {
        let mut dice = Dice::new(1);
        assert_eq!(dice.next(), 1082269761);
        let mut zero = Dice::new(0);
        assert_ne!(zero.next(), 0);
    }

    #[test]
    fn logins_are_ascii_and_fall_back_when_a_name_has_no_latin_letter() {
        assert_eq!(login_of("Zoé", "Dupré"), "zoe.dupre");
        assert_eq!(login_of("", "Dupré"), "eleve.dupre");
        assert_eq!(login_of("Zoé", "«»"), "zoe.eleve");
        assert_eq!(login_of("", ""), "compte");
    }
}
