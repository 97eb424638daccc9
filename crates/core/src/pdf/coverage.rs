//! Characters the fonts cannot draw: found before generating ([`missing_chars`]) and while
//! generating, and reported to the administrator with the accounts concerned.
//!
//! That includes every character of a script the engine would print mangled (right to left,
//! or needing shaping, see [`super::scripts`]), even where DejaVu has its glyphs: such a name
//! is reported, with its own reason ([`MissingChar::reason`]), never printed wrongly.
//!
//! What the PDF shows then is decided by [`MissingGlyphs`](super::MissingGlyphs): by default the
//! document is refused with this report, so the app can say "李 in 李 Wang cannot be printed"
//! before anything is handed out; when the administrator chooses to print anyway, the character
//! prints as the font's empty box (`.notdef`) while the text layer keeps the exact character
//! (each character has its own code, see the `glyphs` module), and the report comes with the
//! document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fonts::Fonts;
use super::scripts::{self, Script};
use crate::lang::Lang;
use crate::letter;
use crate::model::{Structure, User};

/// Why a character cannot be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissingReason {
    /// No face has a glyph for it (e.g. Chinese with DejaVu).
    NotInFonts,
    /// Its script is written right to left or needs shaping (see [`super::scripts`]): the
    /// engine would print it mangled, whatever the fonts hold.
    UnsupportedScript(&'static Script),
}

/// A character no font can draw, or that the engine would print mangled, and where it occurs
/// (serde data: the app's PDF worker reports it to the page as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingChar {
    pub ch: char,
    /// The accounts whose letter holds it, by id, in the order met.
    pub user_ids: Vec<String>,
    /// True when it is in the structure's name or letter settings, so on every letter.
    pub in_settings: bool,
}

impl MissingChar {
    /// Why [`ch`](Self::ch) cannot be printed (it depends on the character alone).
    pub fn reason(&self) -> MissingReason {
        match scripts::unsupported(self.ch) {
            Some(script) => MissingReason::UnsupportedScript(script),
            None => MissingReason::NotInFonts,
        }
    }
}

impl std::fmt::Display for MissingChar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "caractère « {} » (U+{:04X}) ", self.ch, self.ch as u32)?;
        match self.reason() {
            MissingReason::NotInFonts => write!(f, "absent des polices")?,
            MissingReason::UnsupportedScript(script) => write!(
                f,
                "en écriture {} : écriture {} non prise en charge",
                script.name_fr,
                script.difficulty.describe_fr()
            )?,
        }
        if self.in_settings {
            write!(f, ", dans les réglages des courriers")?;
        }
        if !self.user_ids.is_empty() {
            write!(f, ", comptes : {}", self.user_ids.join(", "))?;
        }
        Ok(())
    }
}

/// Missing characters met so far, by character.
#[derive(Debug, Default)]
pub(crate) struct MissingLog {
    by_char: BTreeMap<char, MissingChar>,
    /// The user whose letter is being drawn (`None`: text shared by every letter).
    owner: Option<String>,
}

impl MissingLog {
    /// Sets whose letter the next characters belong to (reusing the buffer: called per letter).
    pub fn set_owner(&mut self, owner: Option<&str>) {
        match (owner, &mut self.owner) {
            (Some(id), Some(buf)) => {
                buf.clear();
                buf.push_str(id);
            }
            (Some(id), None) => self.owner = Some(id.to_owned()),
            (None, _) => self.owner = None,
        }
    }

    /// The current owner.
    pub fn owner(&self) -> Option<&str> {
        self.owner.as_deref()
    }

    /// Notes `ch` on the current owner's letter.
    pub fn record_here(&mut self, ch: char) {
        let owner = self.owner.take();
        self.record(ch, owner.as_deref());
        self.owner = owner;
    }

    /// Notes `ch` on the letter of `owner` (a user id), or in the settings when `None`.
    pub fn record(&mut self, ch: char, owner: Option<&str>) {
        let entry = self.by_char.entry(ch).or_insert_with(|| MissingChar {
            ch,
            user_ids: Vec::new(),
            in_settings: false,
        });
        match owner {
            None => entry.in_settings = true,
            Some(id) => {
                // Letters come one user at a time: a repeat is always the last one noted.
                if entry.user_ids.last().map(String::as_str) != Some(id) {
                    entry.user_ids.push(id.to_owned());
                }
            }
        }
    }

    /// The report, by character.
    pub fn report(&self) -> Vec<MissingChar> {
        self.by_char.values().cloned().collect()
    }
}

/// Characters a text can hold without a glyph: line breaks and tabs print as space.
pub(crate) fn is_layout_whitespace(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t')
}

/// Notes every character of `text` that no face of `fonts` can draw (or that would print
/// mangled: [`Fonts::covers`] says no to those too).
pub(crate) fn check_text(fonts: &Fonts, text: &str, owner: Option<&str>, log: &mut MissingLog) {
    for c in text.chars() {
        if !is_layout_whitespace(c) && !fonts.covers(c) {
            log.record(c, owner);
        }
    }
}

/// Every character of the letters of `users` that `fonts` cannot draw, or that would print
/// mangled (right-to-left scripts, scripts needing shaping), before generating: the
/// app calls this to warn the administrator, and to ask whether to print anyway
/// ([`MissingGlyphs::Print`](super::MissingGlyphs::Print)), before spending time on the PDF.
/// The structure's name and letter settings are checked too. Empty when everything prints
/// (about 10 ms for 10,000 accounts).
pub fn missing_chars<'u>(
    fonts: &Fonts,
    structure: &Structure,
    users: impl IntoIterator<Item = &'u User>,
    lang: Lang,
) -> Vec<MissingChar> {
    let mut log = MissingLog::default();
    for activated in [false, true] {
        let b = letter::boilerplate(structure, lang, activated);
        let card = letter::card_text(structure, lang, activated);
        for text in [
            &b.school,
            &b.ent_line,
            &b.title,
            &b.note,
            &b.help,
            &card.header,
            &card.url_line,
            &card.hint,
        ]
        .into_iter()
        .chain(&b.steps)
        .chain(b.activated.as_ref().map(|a| &a.1))
        {
            check_text(fonts, text, None, &mut log);
        }
    }
    for user in users {
        check_user(fonts, user, lang, &mut log);
    }
    log.report()
}

/// Notes the missing characters of one user's letter.
fn check_user(fonts: &Fonts, user: &User, lang: Lang, log: &mut MissingLog) {
    let r = letter::recipient(user, lang);
    let owner = Some(user.id.as_str());
    for text in [&r.full_name, &r.role, &r.login]
        .into_iter()
        .chain(&r.children)
        .chain(&r.activation_code)
    {
        check_text(fonts, text, owner, log);
    }
}
