//! The "Sélection" step: every filter an administrator can set, and how one user matches them.
//!
//! [`Selection`] is the whole state of the distribution page (filters, sort, layout and step 3's
//! [`PrintChoices`]), so the app can keep it in the URL ([`crate::selection::query`]) and a selection can be
//! bookmarked. Matching is done through [`Criteria`], the selection prepared once per change
//! (dates turned into instants, search text folded) so the per-user test is only comparisons.

//!
//! Beside it, what the first two steps are made of: [`query`] (the URL query syntax),
//! [`directory`] (users prepared once, selected fast on every change), [`membership`] (the
//! classes an account belongs to and the text a search looks in), [`sort`], [`class_order`],
//! [`picking`] (accounts ticked one by one), [`typed_date`], [`account_state`] (an account's
//! state in one word) and [`fold`] (case- and accent-folding shared by search and sorting).

pub mod account_state;
pub mod class_order;
pub mod directory;
pub mod fold;
mod matcher;
pub mod membership;
pub mod picking;
pub mod query;
pub mod sort;
pub mod typed_date;

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::model::{ClassRef, Profile, User};
use crate::pdf::QrCode;
use crate::selection::membership::search_phrase;
use crate::selection::sort::Sort;
use crate::timezone::SchoolTimeZone;

/// Activated accounts, not-yet-activated ones, or both (the default: the ENT's own default
/// differs from page to page, which surprises administrators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Activation {
    #[default]
    All,
    Activated,
    NotActivated,
}

/// Accounts with a usable e-mail address, without one (none, empty or blank), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum EmailFilter {
    #[default]
    All,
    With,
    Without,
}

/// Local administrators of the structure only, everyone but them, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LocalAdmins {
    #[default]
    All,
    Only,
    Excluded,
}

/// Blocked accounts only, unblocked ones only, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Blocked {
    #[default]
    All,
    Blocked,
    Unblocked,
}

/// Accounts already given a letter or e-mail (per the server's distribution log), or not yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Distributed {
    #[default]
    All,
    Yes,
    No,
}

/// Accounts created by one import (the ENT's export of the following years: only the new
/// pupils), or all accounts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ImportFilter {
    #[default]
    All,
    /// Those the structure's latest import created.
    Latest,
    /// Those import `id` created.
    Id(String),
}

impl ImportFilter {
    /// The import id this filter asks for, `latest` being the structure's latest import;
    /// `None` for all accounts, `Some(None)` for an import there is none of (selects no one).
    pub fn wanted<'a>(&'a self, latest: Option<&'a str>) -> Option<Option<&'a str>> {
        match self {
            ImportFilter::All => None,
            ImportFilter::Latest => Some(latest),
            ImportFilter::Id(id) => Some(Some(id.as_str())),
        }
    }
}

/// What the PDF is printed on: plain A4 paper (1, 2 or 8 per page, cut by hand), or a sheet of
/// pre-cut stickers or business cards whose exact geometry is in
/// [`crate::pdf::sheets`] (vendor references: Avery/Zweckform).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Layout {
    /// A full letter per page, portrait.
    #[default]
    One,
    /// Two A5 halves of a landscape page.
    Two,
    /// A 2 × 4 grid of cards.
    Eight,
    /// Avery L7160 (J8160): 21 stickers of 63.5 × 38.1 mm, 3 × 7.
    L7160,
    /// Avery L7163 (J8163): 14 stickers of 99.1 × 38.1 mm, 2 × 7.
    L7163,
    /// Avery L7159 (J8159): 24 stickers of 63.5 × 33.9 mm, 3 × 8.
    L7159,
    /// Zweckform 3474: 24 stickers of 70 × 37 mm, 3 × 8, edge to edge.
    Z3474,
    /// Business cards of 85 × 54 mm, 10 per A4 (Avery C32011 / Zweckform C32011).
    Card,
}

impl Layout {
    pub const ALL: [Layout; 8] = [
        Layout::One,
        Layout::Two,
        Layout::Eight,
        Layout::L7160,
        Layout::L7163,
        Layout::L7159,
        Layout::Z3474,
        Layout::Card,
    ];

    /// The sticker and card sheets (every layout but plain paper).
    pub const SHEETS: [Layout; 5] = [
        Layout::L7160,
        Layout::L7163,
        Layout::L7159,
        Layout::Z3474,
        Layout::Card,
    ];

    /// Accounts per page.
    pub fn per_page(self) -> usize {
        match self {
            Layout::One => 1,
            Layout::Two => 2,
            Layout::Eight => 8,
            Layout::L7160 => 21,
            Layout::L7163 => 14,
            Layout::L7159 | Layout::Z3474 => 24,
            Layout::Card => 10,
        }
    }

    /// The word of the address's `layout=` key and of `sesame letters --layout`.
    pub fn query_word(self) -> &'static str {
        match self {
            Layout::One => "1",
            Layout::Two => "2",
            Layout::Eight => "8",
            Layout::L7160 => "L7160",
            Layout::L7163 => "L7163",
            Layout::L7159 => "L7159",
            Layout::Z3474 => "Z3474",
            Layout::Card => "card",
        }
    }

    /// The layout a word of the address stands for (exactly as [`query_word`](Self::query_word)
    /// writes it, except that sheet references are also accepted in lower case).
    pub fn from_query(word: &str) -> Option<Layout> {
        Layout::ALL
            .into_iter()
            .find(|l| l.query_word() == word || (l.is_sheet() && l.query_word().eq_ignore_ascii_case(word)))
    }

    /// Printed on pre-cut stickers or cards, whose position on the page must be exact (and may
    /// be shifted by the structure's calibration offset); false for plain paper.
    pub fn is_sheet(self) -> bool {
        !matches!(self, Layout::One | Layout::Two | Layout::Eight)
    }

    /// Whether letters in this layout carry the QR code step 3 may ask for: plain paper does; a
    /// sticker or card of a sheet has no room for one a phone reads reliably beside the name,
    /// login and code (`pdf::label_design`), so the page says so rather than tick a box that
    /// prints nothing.
    pub fn prints_qr(self) -> bool {
        !self.is_sheet()
    }
}

/// Step 3's options: how the letters are printed, kept in the address with the selection so a
/// reload or a bookmark gives the same letters (and the advice, once applied, is not offered
/// again). « Commencer à l’étiquette n° » is not among them: it is about the sheet in the
/// printer now, not a choice to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrintChoices {
    /// A sign-off sheet before each group. Default: off.
    pub sign_off_sheets: bool,
    /// A QR code on each letter, and what it holds. Default: none.
    pub qr: QrCode,
    /// Each group (class, profile) starts a new page. Default: on.
    pub new_page_per_group: bool,
    /// The letters' language, whatever the interface's. Default: French.
    pub letter_lang: Lang,
}

impl Default for PrintChoices {
    fn default() -> Self {
        PrintChoices {
            sign_off_sheets: false,
            qr: QrCode::None,
            new_page_per_group: true,
            letter_lang: Lang::Fr,
        }
    }
}

/// Everything the administrator chose on the distribution page.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// Empty = every profile.
    pub profiles: BTreeSet<Profile>,
    /// Class ids; empty = every class. A user matches when in any of them.
    pub classes: BTreeSet<String>,
    pub activation: Activation,
    pub email: EmailFilter,
    pub local_admins: LocalAdmins,
    pub blocked: Blocked,
    pub distributed: Distributed,
    /// Only the accounts one import created.
    pub import: ImportFilter,
    /// Created before this date began, in the school's time zone.
    pub created_before: Option<NaiveDate>,
    /// Created on this date or later, in the school's time zone.
    pub created_since: Option<NaiveDate>,
    /// Free text, matched as one phrase (folded, spaces collapsed) against part of the last
    /// name, first name, « first last », « last first », login, a class name or, for a
    /// relative, a child's name ([`crate::selection::membership::search_haystack`]).
    pub search: String,
    pub sort: Sort,
    pub layout: Layout,
    /// Step 3's options.
    #[serde(default)]
    pub print: PrintChoices,
}

impl Selection {
    /// The same page with every filter of step 1 lifted (« Réinitialiser les filtres »): the
    /// order of the letters, the template and step 3's options are kept — they say how to print,
    /// not whom.
    pub fn without_filters(&self) -> Selection {
        Selection {
            sort: self.sort,
            layout: self.layout,
            print: self.print,
            ..Selection::default()
        }
    }

    /// Whether any filter of step 1 is set (« Réinitialiser les filtres » has something to do).
    pub fn has_filters(&self) -> bool {
        *self != self.without_filters()
    }

    /// Whether « créés depuis » comes after « créés avant »: no account can match, which the
    /// page says rather than showing an empty list without a reason.
    pub fn dates_reversed(&self) -> bool {
        matches!((self.created_since, self.created_before), (Some(since), Some(before)) if since >= before)
    }

    /// Prepares the selection for matching many users in the school's time zone, whose latest
    /// import is `latest_import`.
    pub fn criteria<'a>(&'a self, time_zone: SchoolTimeZone, latest_import: Option<&'a str>) -> Criteria<'a> {
        Criteria {
            selection: self,
            import: self.import.wanted(latest_import),
            created_before: self.created_before.map(|d| time_zone.start_of_day(d)),
            created_since: self.created_since.map(|d| time_zone.start_of_day(d)),
            phrase: search_phrase(&self.search),
        }
    }
}

/// A [`Selection`] ready to test users against.
#[derive(Debug, Clone)]
pub struct Criteria<'a> {
    selection: &'a Selection,
    /// The import whose accounts are wanted (see [`ImportFilter::wanted`]).
    import: Option<Option<&'a str>>,
    created_before: Option<DateTime<Utc>>,
    created_since: Option<DateTime<Utc>>,
    /// The folded search phrase; it must appear in one line of the user's searchable text.
    phrase: Option<String>,
}

impl Criteria<'_> {
    /// Does `user` match? `classes` are the classes they belong to (their own, and a relative's
    /// children's: [`crate::selection::membership::ClassIndex::member_classes`]); `haystack` is their folded
    /// searchable text ([`crate::selection::membership::search_haystack`]), computed once per user rather
    /// than once per keystroke.
    pub fn matches(&self, user: &User, classes: &[&ClassRef], haystack: &str) -> bool {
        let s = self.selection;
        (s.profiles.is_empty() || s.profiles.contains(&user.profile))
            && (s.classes.is_empty() || classes.iter().any(|c| s.classes.contains(&c.id)))
            && match s.activation {
                Activation::All => true,
                Activation::Activated => user.is_activated(),
                Activation::NotActivated => !user.is_activated(),
            }
            && match s.email {
                EmailFilter::All => true,
                EmailFilter::With => user.has_email(),
                EmailFilter::Without => !user.has_email(),
            }
            && match s.local_admins {
                LocalAdmins::All => true,
                LocalAdmins::Only => user.local_admin,
                LocalAdmins::Excluded => !user.local_admin,
            }
            && match s.blocked {
                Blocked::All => true,
                Blocked::Blocked => user.blocked,
                Blocked::Unblocked => !user.blocked,
            }
            && match s.distributed {
                Distributed::All => true,
                Distributed::Yes => user.last_distributed_at.is_some(),
                Distributed::No => user.last_distributed_at.is_none(),
            }
            && self
                .import
                .is_none_or(|wanted| wanted.is_some() && user.import_id.as_deref() == wanted)
            && self.created_before.is_none_or(|before| user.created_at < before)
            && self.created_since.is_none_or(|since| user.created_at >= since)
            && self
                .phrase
                .as_deref()
                .is_none_or(|phrase| haystack.contains(phrase))
    }
}
