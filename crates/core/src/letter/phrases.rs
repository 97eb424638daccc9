//! The fixed wording of letters, cards and sign-off sheets, one table per language.
//!
//! Kept apart from the code that assembles it so a wording change (or a new language) touches
//! only this file. `{url}`, `{ent}`, `{group}` are filled in by [`super::boilerplate`].

use crate::lang::Lang;
use crate::model::Profile;

/// Every fixed phrase, in one language.
pub(crate) struct Phrases {
    pub title: &'static str,
    pub title_no_ent: &'static str,
    pub ent_prefix: &'static str,
    pub intro_new: &'static str,
    pub intro_activated: &'static str,
    pub mail_intro_new: &'static str,
    pub mail_intro_activated: &'static str,
    pub login_label: &'static str,
    pub code_label: &'static str,
    pub activated_status: &'static str,
    pub activated_line: &'static str,
    pub steps_new_title: &'static str,
    pub steps_new: [&'static str; 5],
    pub note_new: &'static str,
    pub steps_reset_title: &'static str,
    pub steps_reset: [&'static str; 3],
    pub note_reset: &'static str,
    pub qr_new: &'static str,
    pub qr_activated: &'static str,
    pub card_url_new: &'static str,
    pub card_url_activated: &'static str,
    pub card_steps_new: &'static str,
    pub card_steps_activated: &'static str,
    pub missing_url: &'static str,
    pub sheet_title: &'static str,
    pub sheet_title_all: &'static str,
    pub sheet_continued: &'static str,
    pub sheet_columns: [&'static str; 5],
    pub sheet_note: &'static str,
    pub document_title: &'static str,
    pub no_group: &'static str,
    pub role_one_class: &'static str,
    pub role_classes: &'static str,
    pub children: &'static str,
    pub label_code: &'static str,
    pub label_activated: &'static str,
    pub cover_title: &'static str,
    pub cover_letters: [&'static str; 2],
    pub cover_labels: [&'static str; 2],
    pub cover_cards: [&'static str; 2],
    pub cover_date: &'static str,
    pub cover_hand_out: &'static str,
    pub cover_sheet_pages: &'static str,
    pub cover_print_pages: &'static str,
    pub cover_plain_paper: &'static str,
    pub cover_note: &'static str,
    pub page_range: &'static str,
    pub months: [&'static str; 12],
    pub test_title: &'static str,
    pub test_offset: &'static str,
}

const FR: Phrases = Phrases {
    title: "Vos identifiants pour l’ENT {ent}",
    title_no_ent: "Vos identifiants pour l’ENT",
    ent_prefix: "ENT",
    intro_new: "Ce document contient les identifiants personnels qui permettent d’activer le compte ENT \
                ci-dessous. Conservez-le et ne le communiquez à personne.",
    intro_activated: "Ce document rappelle l’identifiant du compte ENT ci-dessous. Conservez-le et ne le \
                      communiquez à personne.",
    mail_intro_new: "Ce message contient les identifiants personnels qui permettent d’activer le compte \
                     ENT ci-dessous. Conservez-le et ne le communiquez à personne.",
    mail_intro_activated: "Ce message rappelle l’identifiant du compte ENT ci-dessous. Conservez-le et ne \
                           le communiquez à personne.",
    login_label: "Identifiant :",
    code_label: "Code d’activation :",
    activated_status: "Compte déjà activé",
    activated_line: "Ce compte est déjà activé : connectez-vous sur {url} avec votre identifiant et votre \
                     mot de passe.",
    steps_new_title: "Première connexion",
    steps_new: [
        "Rendez-vous sur {url}.",
        "Saisissez votre identifiant et votre code d’activation.",
        "Choisissez votre mot de passe.",
        "Indiquez votre adresse électronique : elle servira à retrouver un mot de passe oublié.",
        "Acceptez la charte d’utilisation de l’ENT.",
    ],
    note_new: "Le code d’activation ne sert qu’une fois. Ensuite, connectez-vous sur {url} avec votre \
               identifiant et votre mot de passe.",
    steps_reset_title: "Mot de passe oublié ?",
    steps_reset: [
        "Sur la page de connexion {url}, cliquez sur « Mot de passe oublié ? ».",
        "Saisissez votre identifiant : un lien de réinitialisation est envoyé à l’adresse électronique \
         du compte.",
        "Suivez ce lien et choisissez un nouveau mot de passe.",
    ],
    note_reset: "Sans adresse électronique enregistrée, adressez-vous à l’établissement pour obtenir un \
                 nouveau code d’activation.",
    qr_new: "Flashez pour activer le compte",
    qr_activated: "Flashez pour vous connecter",
    card_url_new: "Activation : {url}",
    card_url_activated: "Connexion : {url}",
    card_steps_new: "Saisissez votre identifiant et votre code d’activation, puis choisissez un mot de \
                     passe et indiquez une adresse électronique.",
    card_steps_activated: "Mot de passe oublié ? Sur la page de connexion, cliquez sur « Mot de passe \
                           oublié ? ».",
    missing_url: "(adresse non renseignée)",
    sheet_title: "Remise des identifiants — {group}",
    sheet_title_all: "Remise des identifiants",
    sheet_continued: "(suite)",
    sheet_columns: ["N°", "Nom", "Identifiant", "Remis le", "Signature"],
    sheet_note: "Notez la date de remise et faites signer chaque destinataire.",
    document_title: "Identifiants ENT — {school}",
    no_group: "Sans classe",
    role_one_class: "{profile} en classe de {classes}",
    role_classes: "{profile} — classes : {classes}",
    children: "Responsable de : {children}",
    label_code: "Code :",
    label_activated: "Compte activé. Mot de passe oublié ? Cliquez sur « Mot de passe oublié ? » à la \
                      connexion.",
    cover_title: "Identifiants à remettre",
    cover_letters: ["{n} lettre", "{n} lettres"],
    cover_labels: ["{n} étiquette", "{n} étiquettes"],
    cover_cards: ["{n} carte", "{n} cartes"],
    cover_date: "Préparé le {date}",
    cover_hand_out: "À remettre par :",
    cover_sheet_pages: "Feuille d’émargement : {pages}",
    cover_print_pages: "Identifiants : {pages}, à imprimer sur {paper}",
    cover_plain_paper: "papier A4 ordinaire",
    cover_note: "Ces documents contiennent des codes personnels : gardez-les sous enveloppe jusqu’à la \
                 remise, et faites signer la feuille d’émargement.",
    page_range: "page {a}|pages {a} à {b}",
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    test_title: "Page de test — {reference}",
    test_offset: "Décalage : {x} mm vers la droite, {y} mm vers le bas",
};

const EN: Phrases = Phrases {
    title: "Your {ent} account",
    title_no_ent: "Your school account",
    ent_prefix: "ENT",
    intro_new: "This letter holds the personal credentials needed to activate the account below. Keep \
                it and share it with no one.",
    intro_activated: "This letter reminds you of the login of the account below. Keep it and share it with \
                      no one.",
    mail_intro_new: "This message holds the personal credentials needed to activate the account below. \
                     Keep it and share it with no one.",
    mail_intro_activated: "This message reminds you of the login of the account below. Keep it and share \
                           it with no one.",
    login_label: "Login:",
    code_label: "Activation code:",
    activated_status: "Account already activated",
    activated_line: "This account is already activated: sign in at {url} with your login and password.",
    steps_new_title: "First sign-in",
    steps_new: [
        "Go to {url}.",
        "Enter your login and your activation code.",
        "Choose your password.",
        "Give your e-mail address: it lets you recover a forgotten password.",
        "Accept the terms of use.",
    ],
    note_new: "The activation code works only once. Afterwards, sign in at {url} with your login and \
               password.",
    steps_reset_title: "Forgotten password?",
    steps_reset: [
        "On the sign-in page {url}, click “Forgotten password?”.",
        "Enter your login: a reset link is sent to the account’s e-mail address.",
        "Follow that link and choose a new password.",
    ],
    note_reset: "Without a registered e-mail address, ask the school for a new activation code.",
    qr_new: "Scan to activate the account",
    qr_activated: "Scan to sign in",
    card_url_new: "Activate at: {url}",
    card_url_activated: "Sign in at: {url}",
    card_steps_new: "Enter your login and activation code, then choose a password and give an e-mail \
                     address.",
    card_steps_activated: "Forgotten password? On the sign-in page, click “Forgotten password?”.",
    missing_url: "(address not set)",
    sheet_title: "Credentials handed out — {group}",
    sheet_title_all: "Credentials handed out",
    sheet_continued: "(continued)",
    sheet_columns: ["No.", "Name", "Login", "Given on", "Signature"],
    sheet_note: "Write the date each letter is handed out and have each recipient sign.",
    document_title: "ENT credentials — {school}",
    no_group: "No class",
    role_one_class: "{profile} in class {classes}",
    role_classes: "{profile} — classes: {classes}",
    children: "Parent of: {children}",
    label_code: "Code:",
    label_activated: "Account activated. Forgotten password? Click “Forgotten password?” when signing in.",
    cover_title: "Credentials to hand out",
    cover_letters: ["{n} letter", "{n} letters"],
    cover_labels: ["{n} label", "{n} labels"],
    cover_cards: ["{n} card", "{n} cards"],
    cover_date: "Prepared on {date}",
    cover_hand_out: "To be handed out by:",
    cover_sheet_pages: "Sign-off sheet: {pages}",
    cover_print_pages: "Credentials: {pages}, to print on {paper}",
    cover_plain_paper: "plain A4 paper",
    cover_note: "These documents hold personal codes: keep them in an envelope until they are handed out, \
                 and have the sign-off sheet signed.",
    page_range: "page {a}|pages {a} to {b}",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    test_title: "Test page — {reference}",
    test_offset: "Offset: {x} mm right, {y} mm down",
};

/// The phrase table of `lang`.
pub(crate) fn phrases(lang: Lang) -> &'static Phrases {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// The label of a profile as printed on a letter and used as a group name ("Élève", "Parent").
pub fn profile_label(profile: Profile, lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => profile.label_fr(),
        Lang::En => match profile {
            Profile::Student => "Student",
            Profile::Teacher => "Teacher",
            Profile::Relative => "Parent",
            Profile::Personnel => "Staff",
            Profile::Guest => "Guest",
        },
    }
}

/// The group label of accounts with no class when grouping by class ("Sans classe").
pub fn no_class_label(lang: Lang) -> &'static str {
    phrases(lang).no_group
}
