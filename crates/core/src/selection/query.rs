//! The selection's URL query syntax (ARCHITECTURE.md, « Interfaces kept stable »), shared by the
//! app's address bar and `sesame letters --select`:
//!
//! `profile=Student&profile=Guest` · `class=<id>` (repeatable) · `activation=activated|not-activated`
//! · `email=with|without` · `localAdmins=only|excluded` · `blocked=blocked|unblocked` ·
//! `createdBefore=YYYY-MM-DD` · `createdSince=YYYY-MM-DD` · `distributed=yes|no` · `q=text` ·
//! `sort=class,profile` · `layout=1|2|8|L7160|L7163|L7159|Z3474|card` (plain paper, or a sticker or card
//! sheet: [`Layout`]); step 3's options ([`PrintChoices`]): `signOffSheets=yes|no` (default no),
//! `qr=none|address|address-and-code` (default none), `newPagePerGroup=yes|no` (default yes),
//! `letterLang=fr|en` (default fr).
//!
//! A missing key means the default. An unknown key, a bad value or a single-valued key given twice
//! is an error naming it: a mistyped bookmark must not silently select everyone.
//! [`Selection::to_query`] writes defaults as nothing, so `from_query(to_query(s)) == s` for every
//! selection, and a selection's address is canonical.

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::model::Profile;
use crate::pdf::QrCode;
use crate::selection::sort::{Sort, SortKey};
use crate::selection::{
    Activation, Blocked, Distributed, EmailFilter, ImportFilter, Layout, LocalAdmins, PrintChoices, Selection,
};

/// What is wrong with a query. Messages are in French: an administrator reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// A key the syntax does not have (a typo, or an address from another tool).
    UnknownKey { key: String },
    /// A known key with a value it does not take; `expected` lists the accepted values.
    BadValue {
        key: String,
        value: String,
        expected: String,
    },
    /// A single-valued key given more than once.
    Repeated { key: String },
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Fr))
    }
}

impl QueryError {
    /// The message in `lang` (French is also the [`Display`](fmt::Display)): the page shows a
    /// bad address in its own language. The accepted values are the address's own words, the
    /// same in both.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (QueryError::UnknownKey { key }, Lang::Fr) => {
                format!("paramètre inconnu « {key} » dans l’adresse")
            }
            (QueryError::UnknownKey { key }, Lang::En) => format!("unknown parameter “{key}” in the address"),
            (QueryError::BadValue { key, value, expected }, Lang::Fr) => {
                format!("valeur « {value} » invalide pour « {key} » (attendu : {expected})")
            }
            (QueryError::BadValue { key, value, expected }, Lang::En) => format!(
                "invalid value “{value}” for “{key}” (expected: {})",
                expected_in_english(expected)
            ),
            (QueryError::Repeated { key }, Lang::Fr) => {
                format!("le paramètre « {key} » est donné plusieurs fois")
            }
            (QueryError::Repeated { key }, Lang::En) => {
                format!("the parameter “{key}” is given more than once")
            }
        }
    }
}

impl std::error::Error for QueryError {}

/// Accepted values, as told in error messages.
const PROFILES: &str = "Student, Teacher, Relative, Personnel ou Guest";
const DATE: &str = "une date AAAA-MM-JJ";
const LAYOUTS: &str = "1, 2, 8, L7160, L7163, L7159, Z3474 ou card";
const SORT: &str = "class, profile, name, ou deux d’entre eux séparés par une virgule";
const CLASS_ID: &str = "un identifiant de classe";
const IMPORT: &str = "latest ou l’identifiant d’un import";

/// The accepted values of an error, said in English: the address's words stay, the French
/// around them does not.
fn expected_in_english(expected: &str) -> String {
    match expected {
        DATE => "a date YYYY-MM-DD".into(),
        SORT => "class, profile, name, or two of them separated by a comma".into(),
        CLASS_ID => "a class id".into(),
        IMPORT => "latest or an import id".into(),
        // A list of words: « activated ou not-activated ».
        words => words.replace(" ou ", " or "),
    }
}
const YES_NO: &str = "yes ou no";
const QR: &str = "none, address ou address-and-code";
const LANGS: &str = "fr ou en";

/// A three-way filter (activation, e-mail, local administrators, blocked, distributed): its
/// values and their words in the address, written here once for the parser, the writer and the
/// app's controls.
pub trait Choice: Copy + PartialEq + Sized + 'static {
    /// Every value, the default (« Tous », no key in the address) first.
    const ALL: [Self; 3];

    /// The word in the address; `None` for the default.
    fn token(self) -> Option<&'static str>;

    /// The value a word of the address stands for (`None` for an unknown word; the default has
    /// no word).
    fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.token() == Some(token))
    }

    /// The accepted words, as an error message lists them (« activated ou not-activated »).
    fn expected() -> String {
        let words: Vec<&str> = Self::ALL.iter().filter_map(|v| v.token()).collect();
        words.join(" ou ")
    }
}

/// Implements [`Choice`] for an enum whose default is `All`.
macro_rules! choice {
    ($type:ident, $($value:ident => $token:literal),+) => {
        impl Choice for $type {
            const ALL: [$type; 3] = [$type::All, $($type::$value),+];

            fn token(self) -> Option<&'static str> {
                match self {
                    $type::All => None,
                    $($type::$value => Some($token)),+
                }
            }
        }
    };
}

choice!(Activation, Activated => "activated", NotActivated => "not-activated");
choice!(EmailFilter, With => "with", Without => "without");
choice!(LocalAdmins, Only => "only", Excluded => "excluded");
choice!(Blocked, Blocked => "blocked", Unblocked => "unblocked");
choice!(Distributed, Yes => "yes", No => "no");

/// The three-way filter value a word of the address stands for; for an unknown word, the words
/// it accepts, which the error message lists.
fn parse_choice<T: Choice>(word: &str) -> Result<T, String> {
    T::from_token(word).ok_or_else(T::expected)
}

impl Selection {
    /// Parses a URL query (with or without the leading `?`).
    pub fn from_query(query: &str) -> Result<Selection, QueryError> {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut selection = Selection::default();
        let mut seen = BTreeSet::new();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let (key, value) = (key.as_ref(), value.as_ref());
            let repeatable = matches!(key, "profile" | "class");
            if !repeatable && !seen.insert(key.to_owned()) {
                return Err(QueryError::Repeated { key: key.to_owned() });
            }
            let bad = |expected: &str| QueryError::BadValue {
                key: key.to_owned(),
                value: value.to_owned(),
                expected: expected.to_owned(),
            };
            match key {
                "profile" => {
                    selection
                        .profiles
                        .insert(Profile::parse(value).ok_or_else(|| bad(PROFILES))?);
                }
                "class" if !value.is_empty() => {
                    selection.classes.insert(value.to_owned());
                }
                "class" => return Err(bad(CLASS_ID)),
                "activation" => selection.activation = parse_choice(value).map_err(|words| bad(&words))?,
                "email" => selection.email = parse_choice(value).map_err(|words| bad(&words))?,
                "localAdmins" => selection.local_admins = parse_choice(value).map_err(|words| bad(&words))?,
                "blocked" => selection.blocked = parse_choice(value).map_err(|words| bad(&words))?,
                "distributed" => selection.distributed = parse_choice(value).map_err(|words| bad(&words))?,
                "import" if value.is_empty() => return Err(bad(IMPORT)),
                "import" if value == "latest" => selection.import = ImportFilter::Latest,
                "import" => selection.import = ImportFilter::Id(value.to_owned()),
                "createdBefore" => {
                    selection.created_before = Some(parse_date(value).ok_or_else(|| bad(DATE))?)
                }
                "createdSince" => selection.created_since = Some(parse_date(value).ok_or_else(|| bad(DATE))?),
                "q" => selection.search = value.to_owned(),
                "sort" => selection.sort = parse_sort(value).ok_or_else(|| bad(SORT))?,
                "layout" => selection.layout = Layout::from_query(value).ok_or_else(|| bad(LAYOUTS))?,
                "signOffSheets" => {
                    selection.print.sign_off_sheets = yes_no(value).ok_or_else(|| bad(YES_NO))?
                }
                "qr" => selection.print.qr = qr_from_query(value).ok_or_else(|| bad(QR))?,
                "newPagePerGroup" => {
                    selection.print.new_page_per_group = yes_no(value).ok_or_else(|| bad(YES_NO))?
                }
                "letterLang" => {
                    selection.print.letter_lang = lang_from_query(value).ok_or_else(|| bad(LANGS))?
                }
                _ => return Err(QueryError::UnknownKey { key: key.to_owned() }),
            }
        }
        Ok(selection)
    }

    /// Writes the query (without `?`); defaults are left out, so the default selection is `""`.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for profile in &self.profiles {
            out.append_pair("profile", profile.as_str());
        }
        for class in &self.classes {
            out.append_pair("class", class);
        }
        let mut pair = |key: &str, value: Option<&str>| {
            if let Some(value) = value {
                out.append_pair(key, value);
            }
        };
        pair("activation", self.activation.token());
        pair("email", self.email.token());
        pair("localAdmins", self.local_admins.token());
        pair("blocked", self.blocked.token());
        let before = self.created_before.map(format_date);
        pair("createdBefore", before.as_deref());
        let since = self.created_since.map(format_date);
        pair("createdSince", since.as_deref());
        pair("distributed", self.distributed.token());
        pair(
            "import",
            match &self.import {
                ImportFilter::All => None,
                ImportFilter::Latest => Some("latest"),
                ImportFilter::Id(id) => Some(id.as_str()),
            },
        );
        pair("q", (!self.search.is_empty()).then_some(self.search.as_str()));
        let sort = format_sort(self.sort);
        pair("sort", sort.as_deref());
        pair(
            "layout",
            (self.layout != Layout::default()).then(|| self.layout.query_word()),
        );
        let print = self.print;
        let default = PrintChoices::default();
        let differs = |differs: bool, word: &'static str| differs.then_some(word);
        pair(
            "signOffSheets",
            differs(
                print.sign_off_sheets != default.sign_off_sheets,
                word_yes_no(print.sign_off_sheets),
            ),
        );
        pair("qr", differs(print.qr != default.qr, qr_word(print.qr)));
        pair(
            "newPagePerGroup",
            differs(
                print.new_page_per_group != default.new_page_per_group,
                word_yes_no(print.new_page_per_group),
            ),
        );
        pair(
            "letterLang",
            differs(
                print.letter_lang != default.letter_lang,
                lang_word(print.letter_lang),
            ),
        );
        out.finish()
    }
}

fn yes_no(value: &str) -> Option<bool> {
    match value {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn word_yes_no(on: bool) -> &'static str {
    if on {
        "yes"
    } else {
        "no"
    }
}

/// The word of the address's `qr=` key.
fn qr_word(qr: QrCode) -> &'static str {
    match qr {
        QrCode::None => "none",
        QrCode::Address => "address",
        QrCode::AddressAndCode => "address-and-code",
    }
}

fn qr_from_query(value: &str) -> Option<QrCode> {
    [QrCode::None, QrCode::Address, QrCode::AddressAndCode]
        .into_iter()
        .find(|&qr| qr_word(qr) == value)
}

/// The word of the address's `letterLang=` key.
fn lang_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    }
}

fn lang_from_query(value: &str) -> Option<Lang> {
    [Lang::Fr, Lang::En].into_iter().find(|&l| lang_word(l) == value)
}

/// A date of the address (`createdBefore`, `createdSince`): exactly `YYYY-MM-DD`, a real day.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    // Exactly YYYY-MM-DD: chrono alone would also take "2025-9-1".
    let well_formed = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    well_formed
        .then(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
        .flatten()
}

fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// `class`, `profile`, `class,profile`, …; `name` stands for "no grouping" in either place.
fn parse_sort(value: &str) -> Option<Sort> {
    let key = SortKey::from_query;
    let mut parts = value.split(',');
    let first = key(parts.next()?)?;
    let then = match parts.next() {
        Some(name) => key(name)?,
        None => SortKey::None,
    };
    parts.next().is_none().then_some(Sort { first, then })
}

/// Inverse of [`parse_sort`]; `None` for the default (by name).
fn format_sort(sort: Sort) -> Option<String> {
    let name = SortKey::query_word;
    match (sort.first, sort.then) {
        (SortKey::None, SortKey::None) => None,
        (first, SortKey::None) => Some(name(first).to_owned()),
        (first, then) => Some(format!("{},{}", name(first), name(then))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_query_is_the_default_selection() {
        assert_eq!(Selection::from_query("").unwrap(), Selection::default());
        assert_eq!(Selection::from_query("?").unwrap(), Selection::default());
        assert_eq!(Selection::default().to_query(), "");
    }

    #[test]
    fn parses_every_key() {
        let s = Selection::from_query(
            "?profile=Student&profile=Guest&class=c1&class=c2&activation=not-activated&email=without\
             &localAdmins=excluded&blocked=unblocked&createdBefore=2025-09-01&createdSince=2025-01-01\
             &distributed=no&q=Zo%C3%A9+D&sort=class,profile&layout=8",
        )
        .unwrap();
        assert_eq!(s.profiles, [Profile::Student, Profile::Guest].into());
        assert_eq!(s.classes, ["c1".to_owned(), "c2".to_owned()].into());
        assert_eq!(s.activation, Activation::NotActivated);
        assert_eq!(s.email, EmailFilter::Without);
        assert_eq!(s.local_admins, LocalAdmins::Excluded);
        assert_eq!(s.blocked, Blocked::Unblocked);
        assert_eq!(s.created_before, NaiveDate::from_ymd_opt(2025, 9, 1));
        assert_eq!(s.created_since, NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(s.distributed, Distributed::No);
        assert_eq!(s.search, "Zoé D");
        assert_eq!(
            s.sort,
            Sort {
                first: SortKey::Class,
                then: SortKey::Profile
            }
        );
        assert_eq!(s.layout, Layout::Eight);
    }

    #[test]
    fn writes_canonical_queries() {
        let q = "profile=Student&class=6e+A&activation=activated&email=with&localAdmins=only\
                 &blocked=blocked&createdBefore=2026-03-29&distributed=yes&q=%C5%81ukasz&sort=profile&layout=2";
        assert_eq!(Selection::from_query(q).unwrap().to_query(), q);
    }

    #[test]
    fn unknown_keys_are_errors_naming_them() {
        let err = Selection::from_query("profile=Student&activaton=activated").unwrap_err();
        assert_eq!(
            err,
            QueryError::UnknownKey {
                key: "activaton".into()
            }
        );
        assert_eq!(err.to_string(), "paramètre inconnu « activaton » dans l’adresse");
    }

    /// Asserts that `query` is refused for the value `value` of its key `key`.
    fn assert_bad_value(query: &str, key: &str, value: &str) {
        match Selection::from_query(query) {
            Err(QueryError::BadValue { key: k, value: v, .. }) => {
                assert_eq!((k.as_str(), v.as_str()), (key, value))
            }
            other => panic!("{query}: expected a bad value error, got {other:?}"),
        }
    }

    #[test]
    fn bad_values_are_errors_naming_key_and_value() {
        for (query, key, value) in [
            ("profile=Pupil", "profile", "Pupil"),
            ("class=", "class", ""),
            ("activation=yes", "activation", "yes"),
            ("email=maybe", "email", "maybe"),
            ("localAdmins=all", "localAdmins", "all"),
            ("blocked=no", "blocked", "no"),
            ("distributed=true", "distributed", "true"),
            ("createdBefore=2025-9-1", "createdBefore", "2025-9-1"),
            ("createdSince=2025-02-30", "createdSince", "2025-02-30"),
            ("sort=age", "sort", "age"),
            ("sort=class,profile,name", "sort", "class,profile,name"),
            ("sort=", "sort", ""),
            ("layout=4", "layout", "4"),
            ("layout=L7161", "layout", "L7161"),
            ("layout=cards", "layout", "cards"),
        ] {
            assert_bad_value(query, key, value);
        }
        let message = Selection::from_query("layout=4").unwrap_err().to_string();
        assert_eq!(
            message,
            "valeur « 4 » invalide pour « layout » (attendu : 1, 2, 8, L7160, L7163, L7159, Z3474 ou card)"
        );
    }

    #[test]
    fn errors_are_said_in_the_pages_language() {
        let err = Selection::from_query("layout=4").unwrap_err();
        assert_eq!(
            err.message(Lang::En),
            "invalid value “4” for “layout” (expected: 1, 2, 8, L7160, L7163, L7159, Z3474 or card)"
        );
        assert_eq!(err.message(Lang::Fr), err.to_string());
        assert_eq!(
            Selection::from_query("createdBefore=hier")
                .unwrap_err()
                .message(Lang::En),
            "invalid value “hier” for “createdBefore” (expected: a date YYYY-MM-DD)"
        );
        assert_eq!(
            Selection::from_query("zz=1").unwrap_err().message(Lang::En),
            "unknown parameter “zz” in the address"
        );
        assert_eq!(
            Selection::from_query("sort=age").unwrap_err().message(Lang::En),
            "invalid value “age” for “sort” (expected: class, profile, name, or two of them separated by a comma)"
        );
        assert_eq!(
            Selection::from_query("activation=yes")
                .unwrap_err()
                .message(Lang::En),
            "invalid value “yes” for “activation” (expected: activated or not-activated)"
        );
    }

    #[test]
    fn choices_list_their_words() {
        assert_eq!(Activation::expected(), "activated ou not-activated");
        assert_eq!(Blocked::from_token("unblocked"), Some(Blocked::Unblocked));
        assert_eq!(Blocked::from_token("all"), None, "the default has no word");
    }

    #[test]
    fn every_layout_has_its_word_in_the_address() {
        let words: Vec<&str> = Layout::ALL.iter().map(|l| l.query_word()).collect();
        assert_eq!(words, ["1", "2", "8", "L7160", "L7163", "L7159", "Z3474", "card"]);
        for layout in Layout::ALL {
            let s = Selection {
                layout,
                ..Selection::default()
            };
            assert_eq!(Selection::from_query(&s.to_query()).unwrap(), s);
        }
        assert_eq!(Selection::default().to_query(), "", "one per page is the default");
        assert_eq!(
            Selection::from_query("layout=l7160").unwrap().layout,
            Layout::L7160
        );
        assert_eq!(
            Selection::from_query("layout=z3474").unwrap().layout,
            Layout::Z3474
        );
    }

    #[test]
    fn step_3s_options_have_their_words_and_defaults_write_nothing() {
        let s =
            Selection::from_query("signOffSheets=yes&qr=address-and-code&newPagePerGroup=no&letterLang=en")
                .unwrap();
        assert_eq!(
            s.print,
            PrintChoices {
                sign_off_sheets: true,
                qr: QrCode::AddressAndCode,
                new_page_per_group: false,
                letter_lang: Lang::En,
            }
        );
        assert_eq!(
            s.to_query(),
            "signOffSheets=yes&qr=address-and-code&newPagePerGroup=no&letterLang=en"
        );
        // Defaults said out loud are accepted, and written as nothing.
        let defaults =
            Selection::from_query("signOffSheets=no&qr=none&newPagePerGroup=yes&letterLang=fr").unwrap();
        assert_eq!(defaults, Selection::default());
        assert_eq!(defaults.to_query(), "");
        for (query, key, value) in [
            ("signOffSheets=oui", "signOffSheets", "oui"),
            ("qr=yes", "qr", "yes"),
            ("newPagePerGroup=true", "newPagePerGroup", "true"),
            ("letterLang=de", "letterLang", "de"),
        ] {
            assert_bad_value(query, key, value);
        }
        assert_eq!(
            Selection::from_query("qr=yes").unwrap_err().to_string(),
            "valeur « yes » invalide pour « qr » (attendu : none, address ou address-and-code)"
        );
        assert!(matches!(
            Selection::from_query("letterLang=en&letterLang=fr"),
            Err(QueryError::Repeated { .. })
        ));
    }

    #[test]
    fn single_valued_keys_given_twice_are_errors() {
        let err = Selection::from_query("activation=activated&activation=not-activated").unwrap_err();
        assert_eq!(
            err,
            QueryError::Repeated {
                key: "activation".into()
            }
        );
    }

    #[test]
    fn every_sort_combination_round_trips() {
        let keys = [SortKey::None, SortKey::Profile, SortKey::Class];
        for first in keys {
            for then in keys {
                let s = Selection {
                    sort: Sort { first, then },
                    ..Selection::default()
                };
                assert_eq!(
                    Selection::from_query(&s.to_query()).unwrap(),
                    s,
                    "{}",
                    s.to_query()
                );
            }
        }
    }
}
