//! The text every letter of one structure shares, per activation state: built once per document.

use super::nfc;
use super::phrases::phrases;
use crate::lang::Lang;
use crate::model::Structure;

/// What every full letter (1 or 2 per page) of one structure and one activation state says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boilerplate {
    /// The school's name, at the top.
    pub school: String,
    /// "ENT ONE · https://…" (the parts the settings give).
    pub ent_line: String,
    pub title: String,
    /// Why the admin hands this letter out, and to keep it private.
    pub intro: String,
    /// "Identifiant :".
    pub login_label: String,
    /// "Code d'activation :" for accounts to activate; `None` once activated.
    pub code_label: Option<String>,
    /// "Compte déjà activé" and how to sign in, for activated accounts.
    pub activated: Option<(String, String)>,
    /// "Première connexion" or "Mot de passe oublié ?".
    pub steps_title: String,
    /// The numbered steps, without their numbers.
    pub steps: Vec<String>,
    /// One sentence after the steps.
    pub note: String,
    /// The structure's own help text (who to ask), possibly empty.
    pub help: String,
    /// Caption under the QR code.
    pub qr_caption: String,
}

/// What an 8-per-page card says besides the personal lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardText {
    /// "ONE — École Jules Ferry".
    pub header: String,
    /// "Identifiant" (no colon: the card puts the value under it).
    pub login_label: String,
    /// "Code d'activation", or "Compte déjà activé" for activated accounts.
    pub code_label: String,
    /// Where to go: "Activation : https://…" or "Connexion : https://…".
    pub url_line: String,
    /// What to do there: the first-connection steps in one sentence, or how to reset a
    /// forgotten password once activated.
    pub hint: String,
    /// The structure's help text (who to ask), possibly empty; shortened to the card's room.
    pub help: String,
    /// Whether this is the text of activated accounts' cards.
    pub activated: bool,
}

/// The headings of a class sign-off sheet (list of pupils with "remis le" / "signature").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetText {
    pub title: String,
    pub continued: String,
    /// N°, Nom, Identifiant, Remis le, Signature.
    pub columns: [String; 5],
    pub note: String,
}

/// Fills `{url}` with `url`, or with "(adresse non renseignée)" when the settings have none, so a
/// letter never tells a pupil to "go to ." silently.
fn with_url(template: &str, url: &str, lang: Lang) -> String {
    let url = url.trim();
    let url = if url.is_empty() {
        phrases(lang).missing_url
    } else {
        url
    };
    template.replace("{url}", url)
}

/// The activation URL, or the sign-in URL when the settings give no separate activation page.
pub fn activation_url(structure: &Structure) -> &str {
    let s = &structure.letter_settings;
    if s.activation_url.trim().is_empty() {
        s.login_url.trim()
    } else {
        s.activation_url.trim()
    }
}

/// The shared text of the letters of `structure` for accounts still to activate (`activated ==
/// false`) or already activated.
pub fn boilerplate(structure: &Structure, lang: Lang, activated: bool) -> Boilerplate {
    boilerplate_with(structure, lang, activated, |s| nfc(s).into_owned())
}

/// [`boilerplate`] for an e-mail: the same words, but the introduction speaks of « ce message »,
/// not « ce document ».
pub fn mail_boilerplate(structure: &Structure, lang: Lang, activated: bool) -> Boilerplate {
    let p = phrases(lang);
    Boilerplate {
        intro: if activated {
            p.mail_intro_activated
        } else {
            p.mail_intro_new
        }
        .to_owned(),
        ..boilerplate(structure, lang, activated)
    }
}

/// [`boilerplate`] with the settings' text as typed, not normalised to NFC: for the live preview
/// in the browser, which types NFC anyway. Calling [`nfc`] would link Unicode's composition
/// tables into the page's WebAssembly; the PDF, built in the worker, keeps [`boilerplate`].
pub fn boilerplate_as_typed(structure: &Structure, lang: Lang, activated: bool) -> Boilerplate {
    boilerplate_with(structure, lang, activated, str::to_owned)
}

/// [`boilerplate`], normalising the settings' text with `n`.
fn boilerplate_with(
    structure: &Structure,
    lang: Lang,
    activated: bool,
    n: impl Fn(&str) -> String,
) -> Boilerplate {
    let p = phrases(lang);
    let s = &structure.letter_settings;
    let ent = s.ent_name.trim();
    let login_url = s.login_url.trim();
    let mut ent_line = String::new();
    if !ent.is_empty() {
        ent_line = format!("{} {ent}", p.ent_prefix);
    }
    if !login_url.is_empty() {
        if !ent_line.is_empty() {
            ent_line.push_str(" · ");
        }
        ent_line.push_str(login_url);
    }
    let title = if ent.is_empty() {
        p.title_no_ent.to_owned()
    } else {
        p.title.replace("{ent}", ent)
    };
    let (intro, steps_title, steps, note, qr) = if activated {
        (
            p.intro_activated,
            p.steps_reset_title,
            p.steps_reset
                .iter()
                .map(|t| with_url(t, login_url, lang))
                .collect(),
            p.note_reset.to_owned(),
            p.qr_activated,
        )
    } else {
        (
            p.intro_new,
            p.steps_new_title,
            p.steps_new
                .iter()
                .map(|t| with_url(t, activation_url(structure), lang))
                .collect(),
            with_url(p.note_new, login_url, lang),
            p.qr_new,
        )
    };
    let text = Boilerplate {
        school: structure.name.trim().to_owned(),
        ent_line,
        title,
        intro: intro.to_owned(),
        login_label: p.login_label.to_owned(),
        code_label: (!activated).then(|| p.code_label.to_owned()),
        activated: activated.then(|| {
            (
                p.activated_status.to_owned(),
                with_url(p.activated_line, login_url, lang),
            )
        }),
        steps_title: steps_title.to_owned(),
        steps,
        note,
        help: s.help_text.trim().to_owned(),
        qr_caption: qr.to_owned(),
    };
    text.normalized(n)
}

impl Boilerplate {
    /// Every string through `n`, NFC (settings are typed by hand and may hold combining accents).
    fn normalized(self, n: impl Fn(&str) -> String) -> Boilerplate {
        let n = |s: String| n(&s);
        Boilerplate {
            school: n(self.school),
            ent_line: n(self.ent_line),
            title: n(self.title),
            intro: self.intro,
            login_label: self.login_label,
            code_label: self.code_label,
            activated: self.activated.map(|(a, b)| (a, n(b))),
            steps_title: self.steps_title,
            steps: self.steps.into_iter().map(n).collect(),
            note: n(self.note),
            help: n(self.help),
            qr_caption: self.qr_caption,
        }
    }
}

/// The shared text of the cards (8 per page) of `structure`.
pub fn card_text(structure: &Structure, lang: Lang, activated: bool) -> CardText {
    card_text_with(structure, lang, activated, |s| nfc(s).into_owned())
}

/// [`card_text`] with the settings' text as typed, for the live preview (see
/// [`boilerplate_as_typed`]).
pub fn card_text_as_typed(structure: &Structure, lang: Lang, activated: bool) -> CardText {
    card_text_with(structure, lang, activated, str::to_owned)
}

/// [`card_text`], normalising the settings' text with `n`.
fn card_text_with(
    structure: &Structure,
    lang: Lang,
    activated: bool,
    n: impl Fn(&str) -> String,
) -> CardText {
    let p = phrases(lang);
    let s = &structure.letter_settings;
    let ent = s.ent_name.trim();
    let school = structure.name.trim();
    let header = match (ent.is_empty(), school.is_empty()) {
        (false, false) => format!("{ent} — {school}"),
        (false, true) => ent.to_owned(),
        _ => school.to_owned(),
    };
    let login_label = p.login_label.trim_end_matches([':', ' ']).to_owned();
    CardText {
        header: n(&header),
        login_label,
        code_label: if activated {
            p.activated_status.to_owned()
        } else {
            p.code_label.trim_end_matches([':', ' ']).to_owned()
        },
        url_line: n(&if activated {
            with_url(p.card_url_activated, &s.login_url, lang)
        } else {
            with_url(p.card_url_new, activation_url(structure), lang)
        }),
        hint: if activated {
            p.card_steps_activated.to_owned()
        } else {
            p.card_steps_new.to_owned()
        },
        help: n(s.help_text.trim()),
        activated,
    }
}

/// The headings of the sign-off sheet of `group` (empty = the whole list, not grouped).
pub fn sheet_text(group: &str, lang: Lang) -> SheetText {
    let p = phrases(lang);
    let group = group.trim();
    SheetText {
        title: if group.is_empty() {
            p.sheet_title_all.to_owned()
        } else {
            nfc(&p.sheet_title.replace("{group}", group)).into_owned()
        },
        continued: p.sheet_continued.to_owned(),
        columns: p.sheet_columns.map(str::to_owned),
        note: p.sheet_note.to_owned(),
    }
}

/// The PDF's title: "Identifiants ENT — École Jules Ferry". No personal data, by design: a title
/// shows in window bars, file lists and search indexes.
pub fn document_title(structure: &Structure, lang: Lang) -> String {
    nfc(&phrases(lang)
        .document_title
        .replace("{school}", structure.name.trim()))
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::made_up;

    pub(crate) fn structure() -> Structure {
        let settings = made_up::ent_settings(
            "ONE",
            "https://ent.example.fr",
            "https://ent.example.fr/activation",
            "Une question ? Écrivez à ent@ecole.fr.",
        );
        made_up::structure("École Jules Ferry", settings)
    }

    #[test]
    fn first_connection_steps_name_the_activation_url_and_every_step() {
        let b = boilerplate(&structure(), Lang::Fr, false);
        assert_eq!(b.title, "Vos identifiants pour l’ENT ONE");
        assert_eq!(b.ent_line, "ENT ONE · https://ent.example.fr");
        assert_eq!(b.steps_title, "Première connexion");
        assert_eq!(b.steps.len(), 5);
        assert_eq!(b.steps[0], "Rendez-vous sur https://ent.example.fr/activation.");
        assert!(b.steps[1].contains("code d’activation"));
        assert!(b.steps[2].contains("mot de passe"));
        assert!(b.steps[3].contains("adresse électronique"));
        assert!(b.steps[4].contains("charte"));
        assert_eq!(b.code_label.as_deref(), Some("Code d’activation :"));
        assert!(b.activated.is_none());
        assert!(b.note.contains("https://ent.example.fr avec"));
    }

    #[test]
    fn activated_letters_say_so_and_give_three_reset_steps() {
        let b = boilerplate(&structure(), Lang::Fr, true);
        assert_eq!(b.activated.as_ref().unwrap().0, "Compte déjà activé");
        assert_eq!(b.steps_title, "Mot de passe oublié ?");
        assert_eq!(b.steps.len(), 3);
        assert!(b.steps[0].contains("https://ent.example.fr,"));
        assert!(b.code_label.is_none());
    }

    #[test]
    fn missing_urls_are_said_not_left_blank() {
        let mut s = structure();
        s.letter_settings.activation_url.clear();
        let b = boilerplate(&s, Lang::Fr, false);
        assert_eq!(
            b.steps[0], "Rendez-vous sur https://ent.example.fr.",
            "falls back to the sign-in URL"
        );
        s.letter_settings.login_url.clear();
        let b = boilerplate(&s, Lang::Fr, false);
        assert_eq!(b.steps[0], "Rendez-vous sur (adresse non renseignée).");
        assert_eq!(b.ent_line, "ENT ONE");
    }

    #[test]
    fn e_mails_speak_of_a_message_not_a_document() {
        for activated in [false, true] {
            let mail = mail_boilerplate(&structure(), Lang::Fr, activated);
            assert!(mail.intro.starts_with("Ce message "), "{}", mail.intro);
            let letter = boilerplate(&structure(), Lang::Fr, activated);
            assert!(letter.intro.starts_with("Ce document "));
            assert_eq!(
                Boilerplate {
                    intro: letter.intro.clone(),
                    ..mail
                },
                letter
            );
        }
        assert!(mail_boilerplate(&structure(), Lang::En, false)
            .intro
            .starts_with("This message "));
    }

    #[test]
    fn english_variant_and_cards_and_sheets() {
        let b = boilerplate(&structure(), Lang::En, false);
        assert_eq!(b.steps[0], "Go to https://ent.example.fr/activation.");
        let c = card_text(&structure(), Lang::Fr, false);
        assert_eq!(c.header, "ONE — École Jules Ferry");
        assert_eq!(c.login_label, "Identifiant");
        assert_eq!(c.code_label, "Code d’activation");
        assert_eq!(c.url_line, "Activation : https://ent.example.fr/activation");
        assert!(c
            .hint
            .starts_with("Saisissez votre identifiant et votre code d’activation"));
        assert_eq!(c.help, "Une question ? Écrivez à ent@ecole.fr.");
        let c = card_text(&structure(), Lang::Fr, true);
        assert_eq!(c.code_label, "Compte déjà activé");
        assert_eq!(c.url_line, "Connexion : https://ent.example.fr");
        assert!(c.hint.contains("Mot de passe oublié ?"));
        assert_eq!(c.help, "Une question ? Écrivez à ent@ecole.fr.");
        assert_eq!(
            sheet_text("CM2 A", Lang::Fr).title,
            "Remise des identifiants — CM2 A"
        );
        assert_eq!(
            document_title(&structure(), Lang::Fr),
            "Identifiants ENT — École Jules Ferry"
        );
    }

    #[test]
    fn preview_text_is_the_letters_text_when_settings_are_nfc() {
        for (lang, activated) in [(Lang::Fr, false), (Lang::Fr, true), (Lang::En, false)] {
            assert_eq!(
                boilerplate_as_typed(&structure(), lang, activated),
                boilerplate(&structure(), lang, activated)
            );
            assert_eq!(
                card_text_as_typed(&structure(), lang, activated),
                card_text(&structure(), lang, activated)
            );
        }
        let mut decomposed = structure();
        decomposed.name = "E\u{301}cole".into();
        assert_eq!(boilerplate(&decomposed, Lang::Fr, false).school, "École");
        assert_eq!(
            boilerplate_as_typed(&decomposed, Lang::Fr, false).school,
            "E\u{301}cole"
        );
    }
}
