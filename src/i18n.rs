//! Every text of the app, in one place: French (the default) and English; and the language
//! the administrator chose for this visit, shared by every page through the context.
//!
//! The language is core's [`Lang`] (the letters have their own choice of it, in step 3).
//! [`LangTexts`] gives a language its texts here; profile names are core's
//! [`profile_label`], the same words the letters print.

mod admin;
mod distribution;
mod ent;

use leptos::prelude::*;
use sesame_core::letter::profile_label;

pub use admin::AdminTexts;
pub use distribution::DistributionTexts;
pub use ent::EntTexts;

use crate::browser;
use sesame_core::selection::directory::Column;
use sesame_core::{Lang, Profile};

/// Makes the interface's language available to every page (the root component calls it once):
/// the one chosen on this browser before, or French. The page's `lang` attribute follows it, so
/// screen readers pronounce it right, and the choice is remembered on this browser (a
/// preference, not data: `localStorage` holds nothing but preferences).
pub fn provide_lang() -> RwSignal<Lang> {
    let lang = RwSignal::new(browser::remembered(LANG_KEY).map_or(Lang::Fr, |word| {
        if word == "en" {
            Lang::En
        } else {
            Lang::Fr
        }
    }));
    provide_context(lang);
    Effect::new(move |_| {
        let word = match lang.get() {
            Lang::Fr => "fr",
            Lang::En => "en",
        };
        browser::set_page_lang(word);
        browser::remember(LANG_KEY, word);
    });
    lang
}

/// Where the interface's language is remembered.
const LANG_KEY: &str = "sesame.lang";

/// The interface's language for this visit (French unless the administrator switches).
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().expect("the app provides the language")
}

/// The texts of one language.
pub struct Texts {
    pub title: &'static str,
    pub tagline: &'static str,
    pub login_heading: &'static str,
    pub login_label: &'static str,
    pub password_label: &'static str,
    pub login_submit: &'static str,
    pub logout: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub structure_label: &'static str,
    pub step_selection: &'static str,
    pub step_check: &'static str,
    pub profiles: &'static str,
    pub classes: &'static str,
    pub activation: &'static str,
    pub email: &'static str,
    pub local_admins: &'static str,
    pub blocked: &'static str,
    pub distributed: &'static str,
    pub created_since: &'static str,
    pub created_before: &'static str,
    pub search: &'static str,
    pub all: &'static str,
    pub activated: &'static str,
    pub not_activated: &'static str,
    pub with_email: &'static str,
    pub without_email: &'static str,
    pub only: &'static str,
    pub excluded: &'static str,
    pub blocked_only: &'static str,
    pub unblocked_only: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub selected: &'static str,
    pub without_email_count: &'static str,
    pub not_activated_count: &'static str,
    /// The singular forms, for 1 (and 0 in French).
    pub selected_one: &'static str,
    pub not_activated_one: &'static str,
    pub empty: &'static str,
    pub col_last_name: &'static str,
    pub col_first_name: &'static str,
    pub col_profile: &'static str,
    pub col_login: &'static str,
    pub col_code: &'static str,
    pub col_email: &'static str,
    pub col_classes: &'static str,
    pub col_created: &'static str,
    pub col_last_distributed: &'static str,
    pub sort_ascending: &'static str,
    pub sort_descending: &'static str,
    pub sort_by_column_hint: &'static str,
    pub sort_reset: &'static str,
    pub settings_link: &'static str,
    /// The toolbar's links to the whole app's pages.
    pub import_link: &'static str,
    pub admins_link: &'static str,
    pub account_link: &'static str,
    pub settings_heading: &'static str,
    pub ent_name_label: &'static str,
    pub login_url_label: &'static str,
    pub activation_url_label: &'static str,
    pub activation_url_hint: &'static str,
    pub help_text_label: &'static str,
    pub help_text_hint: &'static str,
    /// Asked before leaving the settings with edits not saved.
    pub leave_unsaved: &'static str,
    pub sender_label: &'static str,
    pub sender_hint: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub unsaved: &'static str,
    pub preview_heading: &'static str,
    pub preview_new: &'static str,
    pub preview_activated: &'static str,
    pub back_to_distribution: &'static str,
    pub sort_name_only: &'static str,
    pub sort_profile: &'static str,
    pub sort_class: &'static str,
    pub sort_by: &'static str,
    pub then_by: &'static str,
    pub template: &'static str,
    pub new_page_per_group: &'static str,
    pub sign_off_sheets: &'static str,
    pub qr_activation: &'static str,
    pub qr_includes_code: &'static str,
    pub generate_pdf: &'static str,
    pub cancel: &'static str,
    pub cannot_print: &'static str,
    pub print_anyway: &'static str,
    pub download: &'static str,
    pub layout_one: &'static str,
    pub layout_two: &'static str,
    pub layout_eight: &'static str,
    pub pupils_tip: &'static str,
    pub pdf_preview_title: &'static str,
    /// Said in place of the preview where the browser cannot show a PDF in the page.
    pub pdf_preview_unavailable: &'static str,
    /// "12 lettres, 3 pages, 840 ms".
    pub pdf_summary: fn(usize, usize, u32) -> String,
    pub external_sign_in: &'static str,
    pub leave_them_out: &'static str,
    pub external_sign_in_label: &'static str,
    pub teachers_legend: &'static str,
    pub teachers_may_distribute: &'static str,
    pub teachers_may_mail: &'static str,
    pub teachers_hint: &'static str,
    pub bad_address: &'static str,
    pub dates_reversed: &'static str,
    /// What the date fields ask for: « JJ/MM/AAAA ».
    pub date_format: &'static str,
    /// A date field's text that is not a date (the text given).
    pub bad_date: fn(&str) -> String,
    /// Beside « Générer le PDF » when nothing is selected.
    pub nothing_selected: &'static str,
    /// "Adresse de sélection invalide : classe inconnue dans cet établissement (…)".
    pub unknown_classes: fn(&str) -> String,
    pub no_structure: &'static str,
    // Sending by e-mail (components/mail*.rs).
    pub send_mail: &'static str,
    pub mail_confirm_title: &'static str,
    /// "Send their credentials to N accounts? M without e-mail will be skipped."
    pub mail_confirm: fn(usize, usize) -> String,
    pub mail_nobody: &'static str,
    pub mail_confirm_ok: &'static str,
    /// "D of T processed".
    pub mail_progress: fn(u64, u64) -> String,
    pub mail_result_heading: &'static str,
    pub mail_sent: &'static str,
    pub mail_failed: &'static str,
    pub mail_pending: &'static str,
    pub mail_no_email: &'static str,
    pub col_name: &'static str,
    pub col_state: &'static str,
    pub col_reason: &'static str,
    pub mail_retry: &'static str,
    pub mail_unreached_pdf: &'static str,
    pub mail_unreached_ready: &'static str,
    pub mail_everyone_reached: &'static str,
    /// E-mail is off on this server (no `--smtp-url`): said at once, next to the disabled button.
    pub mail_off: &'static str,
    // The app frame.
    pub not_found: &'static str,
    pub back_home: &'static str,
    // Step 3: order of the letters, advice, language, marking as distributed.
    pub sort_heading: &'static str,
    pub sort_none: &'static str,
    pub sort_hint: &'static str,
    /// Said in step 3 while the table of step 2 is sorted by a column.
    pub column_sort_in_step3: &'static str,
    pub apply_advice: &'static str,
    pub letter_lang_label: &'static str,
    pub pdf_ready: &'static str,
    /// Under a PDF built before the selection or the options changed.
    pub pdf_stale: &'static str,
    /// "Marquer ces 12 comptes comme distribués".
    pub mark_distributed: fn(usize) -> String,
    /// "12 comptes marqués comme distribués."
    pub marked: fn(usize) -> String,
    pub mark_hint: &'static str,
    // Sticker and card sheets, class files, codes export.
    pub layout_sheet: &'static str,
    pub first_label: &'static str,
    pub test_page: &'static str,
    pub test_page_hint: &'static str,
    pub test_page_ready: &'static str,
    pub generate_zip: &'static str,
    pub zip_hint: &'static str,
    pub zip_ready: &'static str,
    /// " — 12 lettres, 3 fichiers, 840 ms".
    pub zip_summary: fn(usize, usize, u32) -> String,
    pub export_csv: &'static str,
    /// What the CSV file holds, said before it is built.
    pub csv_warning: fn(usize) -> String,
    pub csv_confirm: &'static str,
    pub csv_ready: &'static str,
    pub label_calibration: &'static str,
    pub label_offset_hint: &'static str,
    pub label_offset_invalid: &'static str,
    // Ticking accounts one by one (components/picks.rs).
    /// The row checkbox's label: "Cocher Dupré Zoé".
    pub pick_row: &'static str,
    pub pick_all: &'static str,
    pub unpick_all: &'static str,
    /// "3 comptes cochés sur 42" (the number itself is apart, for tests).
    pub picked_of: fn(usize, usize) -> String,
    /// "2 comptes cochés ne font plus partie de la sélection : ils ont été décochés."
    pub picked_dropped: fn(usize) -> String,
    /// Step 3 while accounts are ticked: "Seuls les 3 comptes cochés sur 42 …".
    pub picked_only: fn(usize, usize) -> String,
    // Account states (core's AccountState).
    pub state_to_activate: &'static str,
    pub state_activated: &'static str,
    pub state_external: &'static str,
    pub state_blocked: &'static str,
    /// "2 comptes bloqués : …".
    pub blocked_note: fn(usize) -> String,
    pub leave_blocked_out: &'static str,
    pub preview_layout: &'static str,
    // Local mode (pages/local.rs and its components).
    /// « Déjà distribués » in the address of a page without a distribution log.
    pub distributed_without_log: &'static str,
    /// Step 3 in local mode, where e-mail is not offered: why.
    pub mail_local: &'static str,
    /// On the login page: local mode, for whoever has no account.
    pub local_link: &'static str,
    pub local_heading: &'static str,
    pub local_intro: &'static str,
    pub local_private_heading: &'static str,
    pub local_private: &'static str,
    pub local_verify: &'static str,
    pub local_verify_steps: [&'static str; 4],
    pub local_file_label: &'static str,
    pub local_file_hint: &'static str,
    /// "Lecture de « export.csv »…".
    pub local_reading: fn(&str) -> String,
    /// "« export.csv » : 300 comptes (UTF-8, séparateur « ; »)".
    pub local_loaded: fn(&str, usize, &str, char) -> String,
    /// "« export.csv » n’a pas été ouvert : 3 lignes à corriger …".
    pub local_refused: fn(&str, usize) -> String,
    pub local_warnings: &'static str,
    pub local_settings_heading: &'static str,
    pub local_settings_hint: &'static str,
    pub school_name_label: &'static str,
    pub uai_label: &'static str,
    pub settings_save_file: &'static str,
    pub settings_load_file: &'static str,
    pub settings_loaded: &'static str,
    /// Before the check's message when the settings typed cannot be printed yet.
    pub settings_not_applied: &'static str,
    // Local mode: what the letters need, and the way back (pages/local.rs, local_settings.rs).
    /// Beside the label of a setting the letters cannot be printed without.
    pub local_needed_mark: &'static str,
    /// Under a file opened while the letters' settings are missing.
    pub local_needs_settings: &'static str,
    /// `/local` served by Sésame: the link to the signed-in app.
    pub local_back: &'static str,
}

fn mail_confirm_fr(reachable: usize, without: usize) -> String {
    let mut text = if reachable == 1 {
        "Envoyer ses identifiants à 1 compte ?".to_owned()
    } else {
        format!("Envoyer leurs identifiants à {reachable} comptes ?")
    };
    match without {
        0 => {}
        1 => text.push_str(" 1 sans courriel sera ignoré."),
        m => text.push_str(&format!(" {m} sans courriel seront ignorés.")),
    }
    text
}

fn mail_confirm_en(reachable: usize, without: usize) -> String {
    let mut text = match reachable {
        1 => "Send their credentials to 1 account?".to_owned(),
        n => format!("Send their credentials to {n} accounts?"),
    };
    if without > 0 {
        text.push_str(&format!(" {without} without e-mail will be skipped."));
    }
    text
}

fn mail_progress_fr(done: u64, total: u64) -> String {
    format!("{done} / {total} traités")
}

fn mail_progress_en(done: u64, total: u64) -> String {
    format!("{done} / {total} processed")
}

/// `one` or `many`, whichever agrees with the number `n` in `lang` (French says « 0 compte »,
/// English "0 accounts").
pub fn agreeing<'a>(lang: Lang, n: usize, one: &'a str, many: &'a str) -> &'a str {
    if lang.singular(n) {
        one
    } else {
        many
    }
}

/// The number `n` and the words that agree with it: « 1 compte », « 12 comptes ». Every text
/// file of the app counts with it.
fn plural(lang: Lang, n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", agreeing(lang, n, one, many))
}

fn zip_summary_fr(letters: usize, files: usize, millis: u32) -> String {
    format!(
        " — {}, {}, {millis} ms",
        plural(Lang::Fr, letters, "lettre", "lettres"),
        plural(Lang::Fr, files, "fichier", "fichiers")
    )
}

fn zip_summary_en(letters: usize, files: usize, millis: u32) -> String {
    format!(
        " — {}, {}, {millis} ms",
        plural(Lang::En, letters, "letter", "letters"),
        plural(Lang::En, files, "file", "files")
    )
}

fn csv_warning_fr(n: usize) -> String {
    format!(
        "Ce fichier contiendra les identifiants et les codes d’activation de {} : quiconque l’obtient peut activer ces comptes. Ne le confiez qu’à qui doit les distribuer, et supprimez-le ensuite.",
        plural(Lang::Fr, n, "compte", "comptes")
    )
}

fn csv_warning_en(n: usize) -> String {
    format!(
        "This file will hold the logins and activation codes of {}: anyone who gets it can activate these accounts. Give it only to whoever hands them out, and delete it afterwards.",
        plural(Lang::En, n, "account", "accounts")
    )
}

fn bad_date_fr(text: &str) -> String {
    format!("« {text} » n’est pas une date : écrivez-la JJ/MM/AAAA, par exemple 01/09/2025.")
}

fn bad_date_en(text: &str) -> String {
    format!("“{text}” is not a date: write it DD/MM/YYYY, for example 01/09/2025.")
}

fn pdf_summary_fr(letters: usize, pages: usize, millis: u32) -> String {
    format!(
        " — {}, {}, {millis} ms",
        plural(Lang::Fr, letters, "lettre", "lettres"),
        plural(Lang::Fr, pages, "page", "pages")
    )
}

fn pdf_summary_en(letters: usize, pages: usize, millis: u32) -> String {
    format!(
        " — {}, {}, {millis} ms",
        plural(Lang::En, letters, "letter", "letters"),
        plural(Lang::En, pages, "page", "pages")
    )
}

fn mark_distributed_fr(n: usize) -> String {
    if Lang::Fr.singular(n) {
        "Marquer ce compte comme distribué".to_owned()
    } else {
        format!("Marquer ces {n} comptes comme distribués")
    }
}

fn mark_distributed_en(n: usize) -> String {
    if Lang::En.singular(n) {
        "Mark this account as distributed".to_owned()
    } else {
        format!("Mark these {n} accounts as distributed")
    }
}

fn marked_fr(n: usize) -> String {
    format!(
        "{}.",
        plural(
            Lang::Fr,
            n,
            "compte marqué comme distribué",
            "comptes marqués comme distribués"
        )
    )
}

fn marked_en(n: usize) -> String {
    format!(
        "{} marked as distributed.",
        plural(Lang::En, n, "account", "accounts")
    )
}

fn picked_of_fr(picked: usize, of: usize) -> String {
    format!(
        " {} sur {of}",
        agreeing(Lang::Fr, picked, "compte coché", "comptes cochés")
    )
}

fn picked_of_en(picked: usize, of: usize) -> String {
    format!(
        " {} of {of} ticked",
        agreeing(Lang::En, picked, "account", "accounts")
    )
}

fn picked_dropped_fr(n: usize) -> String {
    if Lang::Fr.singular(n) {
        "1 compte coché ne fait plus partie de la sélection : il a été décoché.".to_owned()
    } else {
        format!("{n} comptes cochés ne font plus partie de la sélection : ils ont été décochés.")
    }
}

fn picked_dropped_en(n: usize) -> String {
    format!(
        "{} no longer in the selection: unticked.",
        plural(Lang::En, n, "ticked account is", "ticked accounts are")
    )
}

fn picked_only_fr(picked: usize, of: usize) -> String {
    if Lang::Fr.singular(picked) {
        format!("Seul le compte coché (sur {of}) sera imprimé ou envoyé.")
    } else {
        format!("Seuls les {picked} comptes cochés sur {of} seront imprimés ou envoyés.")
    }
}

fn picked_only_en(picked: usize, of: usize) -> String {
    format!(
        "Only the {} ticked of {of} will be printed or sent.",
        plural(Lang::En, picked, "account", "accounts")
    )
}

fn blocked_note_fr(n: usize) -> String {
    if Lang::Fr.singular(n) {
        "1 compte bloqué : il ne pourra pas se connecter tant que l’ENT ne l’aura pas débloqué.".to_owned()
    } else {
        format!("{n} comptes bloqués : ils ne pourront pas se connecter tant que l’ENT ne les aura pas débloqués.")
    }
}

fn blocked_note_en(n: usize) -> String {
    format!(
        "{} blocked: they cannot sign in until the ENT unblocks them.",
        plural(Lang::En, n, "account", "accounts")
    )
}

fn local_loaded_fr(name: &str, accounts: usize, encoding: &str, delimiter: char) -> String {
    let separator = if delimiter == '\t' {
        "tabulation".to_owned()
    } else {
        format!("« {delimiter} »")
    };
    format!(
        "« {name} » : {} ({encoding}, séparateur {separator}).",
        plural(Lang::Fr, accounts, "compte", "comptes")
    )
}

fn local_loaded_en(name: &str, accounts: usize, encoding: &str, delimiter: char) -> String {
    let separator = if delimiter == '\t' {
        "tab".to_owned()
    } else {
        format!("“{delimiter}”")
    };
    format!(
        "“{name}”: {} ({encoding}, {separator} separator).",
        plural(Lang::En, accounts, "account", "accounts")
    )
}

fn local_refused_fr(name: &str, problems: usize) -> String {
    if Lang::Fr.singular(problems) {
        format!(
            "« {name} » n’a pas été ouvert : corrigez ce problème dans le fichier, puis ouvrez-le à nouveau."
        )
    } else {
        format!("« {name} » n’a pas été ouvert : corrigez ces {problems} lignes dans le fichier, puis ouvrez-le à nouveau.")
    }
}

fn local_refused_en(name: &str, problems: usize) -> String {
    if Lang::En.singular(problems) {
        format!("“{name}” was not opened: fix this problem in the file, then open it again.")
    } else {
        format!("“{name}” was not opened: fix these {problems} lines in the file, then open it again.")
    }
}

const FR: Texts = Texts {
    title: "Sésame",
    tagline: "Distribuer les identifiants des comptes de l’ENT",
    login_heading: "Connexion",
    login_label: "Identifiant",
    password_label: "Mot de passe",
    login_submit: "Se connecter",
    logout: "Se déconnecter",
    loading: "Chargement…",
    retry: "Réessayer",
    structure_label: "Établissement",
    step_selection: "1. Sélection",
    step_check: "2. Vérification",
    profiles: "Profils",
    classes: "Classes",
    activation: "Activation",
    email: "Courriel",
    local_admins: "Administrateurs locaux",
    blocked: "Comptes bloqués",
    distributed: "Déjà distribués",
    created_since: "Créés depuis le",
    created_before: "Créés avant le",
    search: "Rechercher (nom, prénom, identifiant, classe)",
    all: "Tous",
    activated: "Activés",
    not_activated: "Non activés",
    with_email: "Avec courriel",
    without_email: "Sans courriel",
    only: "Seulement eux",
    excluded: "Exclus",
    blocked_only: "Bloqués seulement",
    unblocked_only: "Non bloqués seulement",
    yes: "Oui",
    no: "Non",
    selected: "comptes sélectionnés",
    without_email_count: "sans courriel",
    not_activated_count: "non activés",
    selected_one: "compte sélectionné",
    not_activated_one: "non activé",
    empty: "Aucun compte ne correspond à cette sélection.",
    col_last_name: "Nom",
    col_first_name: "Prénom",
    col_profile: "Profil",
    col_login: "Identifiant",
    col_code: "Code d’activation",
    col_email: "Courriel",
    col_classes: "Classes",
    col_created: "Création",
    col_last_distributed: "Distribué le",
    sort_ascending: "tri croissant",
    sort_descending: "tri décroissant",
    sort_by_column_hint:
        "Tableau trié par colonne ; les lettres et les courriels gardent l’ordre de l’étape 3.",
    sort_reset: "Revenir à l’ordre des lettres",
    settings_link: "Réglages des lettres",
    import_link: "Importer l’export de l’ENT",
    admins_link: "Administration",
    account_link: "Mon compte",
    settings_heading: "Réglages des lettres et des courriels",
    ent_name_label: "Nom de l’ENT",
    login_url_label: "Adresse de connexion",
    activation_url_label: "Adresse d’activation",
    activation_url_hint: "Laisser vide si l’activation se fait à l’adresse de connexion.",
    help_text_label: "Texte d’aide imprimé sur chaque lettre (qui contacter)",
    help_text_hint: "Imprimé en entier sur les lettres ; les cartes (8 par page) en gardent ce qui tient en deux ou trois lignes, terminé par « … ».",
    leave_unsaved: "Vos modifications ne sont pas enregistrées. Quitter quand même ?",
    sender_label: "Adresse d’expédition des courriels",
    sender_hint: "Laisser vide pour l’adresse par défaut du serveur.",
    save: "Enregistrer",
    saving: "Enregistrement…",
    saved: "Réglages enregistrés.",
    unsaved: "Modifications non enregistrées.",
    preview_heading: "Aperçu d’une lettre",
    preview_new: "Compte à activer",
    preview_activated: "Compte déjà activé",
    back_to_distribution: "Retour à la distribution",
    sort_name_only: "Nom seulement",
    sort_profile: "Profil",
    sort_class: "Classe",
    sort_by: "Par",
    then_by: "Puis par",
    template: "Modèle",
    new_page_per_group: "Chaque groupe sur une nouvelle page",
    sign_off_sheets: "Feuille d’émargement par groupe",
    qr_activation: "QR code vers la page d’activation",
    qr_includes_code: "Inclure le code d’activation dans le QR code",
    generate_pdf: "Générer le PDF",
    cannot_print: "Ces caractères ne peuvent pas être imprimés :",
    print_anyway: "Générer quand même (cases vides)",
    download: "Télécharger ",
    layout_one: "1 par page (lettre)",
    layout_two: "2 par page (A5)",
    layout_eight: "8 par page (cartes)",
    pupils_tip: "Conseil : les élèves reçoivent leur lettre de leur enseignant — prenez les élèves non activés et non bloqués, par classe, 8 par page, avec une feuille d’émargement.",
    pdf_preview_title: "Aperçu du PDF",
    pdf_preview_unavailable: "Aperçu indisponible dans ce navigateur — téléchargez le PDF : ",
    pdf_summary: pdf_summary_fr,
    external_sign_in: "Ces comptes se connectent avec un compte externe (compte académique, EduConnect ou FranceConnect) : inutile de leur distribuer des identifiants",
    leave_them_out: "Les retirer de la sélection",
    external_sign_in_label: "Profils qui se connectent avec un compte externe (pas de lettre à distribuer)",
    teachers_legend: "Enseignants",
    teachers_may_distribute: "Les enseignants peuvent distribuer les identifiants de leurs classes",
    teachers_may_mail: "… et les envoyer par courriel",
    teachers_hint: "Un enseignant qui se connecte avec l’ENT ne voit que les élèves de ses classes (et leurs parents, quand les parents reçoivent une lettre) : il imprime leurs lettres et les marque distribuées ; il n’importe rien et ne change aucun réglage.",
    bad_address: "Adresse de sélection invalide",
    dates_reversed: "« Créés depuis le » est après « Créés avant le » : aucun compte ne peut convenir.",
    date_format: "JJ/MM/AAAA",
    bad_date: bad_date_fr,
    nothing_selected: "Aucun compte sélectionné : élargissez la sélection à l’étape 1.",
    unknown_classes: |ids| format!("Adresse de sélection invalide : classe inconnue dans cet établissement ({ids}) ; elle ne sélectionne personne."),
    no_structure: "Aucun établissement ne vous est attribué.",
    send_mail: "Envoyer par courriel",
    mail_confirm_title: "Envoyer les identifiants par courriel",
    mail_confirm: mail_confirm_fr,
    mail_nobody: "Aucun des comptes sélectionnés n’a de courriel : il n’y a rien à envoyer.",
    mail_confirm_ok: "Envoyer",
    cancel: "Annuler",
    mail_progress: mail_progress_fr,
    mail_result_heading: "Résultat de l’envoi",
    mail_sent: "Envoyé",
    mail_failed: "Échec",
    mail_pending: "En cours",
    mail_no_email: "Sans courriel (ignoré)",
    col_name: "Nom",
    col_state: "État",
    col_reason: "Motif",
    mail_retry: "Relancer les échecs",
    mail_unreached_pdf: "PDF de ceux qui n’ont pas été joints",
    mail_unreached_ready: "Télécharger le PDF des comptes non joints",
    mail_everyone_reached: "Tous les comptes sélectionnés ont reçu leur courriel.",
    mail_off: "L’envoi par courriel n’est pas activé sur ce serveur : utilisez le PDF ou contactez l’administrateur.",
    not_found: "Page introuvable.",
    back_home: "Retour à l’accueil",
    sort_heading: "Ordre des lettres",
    sort_none: "Aucun",
    sort_hint: "Dans chaque groupe (ou sans groupe), par nom puis prénom.",
    column_sort_in_step3: "Le tableau de l’étape 2 est trié par une colonne : les lettres et les courriels suivent l’ordre choisi ici.",
    apply_advice: "Appliquer ce conseil",
    letter_lang_label: "Langue des lettres",
    pdf_ready: "PDF prêt",
    pdf_stale: "La sélection ou les options ont changé depuis ce PDF : générez-le à nouveau pour en tenir compte. Il contient toujours les comptes d’avant.",
    mark_distributed: mark_distributed_fr,
    marked: marked_fr,
    mark_hint: "Une fois les lettres imprimées et remises, marquez ces comptes comme distribués : le filtre « Déjà distribués » s’en servira.",
    layout_sheet: "Planche d’étiquettes ou de cartes",
    first_label: "Commencer à l’étiquette n°",
    test_page: "Imprimer une page de test",
    test_page_hint: "Imprimez-la sur du papier ordinaire à 100 % (sans « ajuster à la page »), posez-la sur une planche et regardez à contre-jour : chaque cadre doit tomber sur une étiquette. Sinon, mesurez l’écart et réglez le décalage dans les réglages des lettres.",
    test_page_ready: "Page de test prête — ",
    generate_zip: "Un PDF par classe",
    zip_hint: "Un fichier par classe (ou par groupe du tri), chacun avec sa page de garde et sa feuille d’émargement, réunis dans un ZIP : de quoi remettre à chaque enseignant sa pile.",
    zip_ready: "ZIP prêt",
    zip_summary: zip_summary_fr,
    export_csv: "Exporter en CSV",
    csv_warning: csv_warning_fr,
    csv_confirm: "Créer le fichier",
    csv_ready: "Fichier CSV prêt",
    label_calibration: "Calibrage des planches d’étiquettes",
    label_offset_hint: "Si l’imprimante décale l’impression, mesurez l’écart sur la page de test (étape 3) : un nombre positif déplace vers la droite ou vers le bas, négatif à l’opposé, 10 mm au plus.",
    label_offset_invalid: "Le décalage s’écrit en millimètres, par exemple 1,5 ou -0,5.",
    pick_row: "Cocher",
    pick_all: "Tout cocher",
    unpick_all: "Tout décocher",
    picked_of: picked_of_fr,
    picked_dropped: picked_dropped_fr,
    picked_only: picked_only_fr,
    state_to_activate: "À activer",
    state_activated: "Activé",
    state_external: "Compte externe",
    state_blocked: "Bloqué",
    blocked_note: blocked_note_fr,
    leave_blocked_out: "Les retirer de la sélection",
    preview_layout: "Modèle",
    distributed_without_log: "« Déjà distribués » ne s’applique pas ici : un fichier ouvert dans ce navigateur n’a pas de journal des distributions.",
    mail_local: "L’envoi par courriel n’est pas proposé ici : les courriels partent du serveur de Sésame, et en mode local rien ne quitte ce navigateur. Imprimez les lettres, ou utilisez Sésame sur son serveur.",
    local_link: "Sans compte : ouvrir l’export de l’ENT dans ce navigateur (mode local)",
    local_heading: "Mode local : l’export de l’ENT, dans ce navigateur seulement",
    local_intro: "Sans compte ni serveur : ouvrez l’export des comptes de l’ENT (CSV), choisissez les comptes, vérifiez-les, imprimez leurs lettres.",
    local_private_heading: "Rien ne quitte ce navigateur",
    local_private: "Le fichier est lu ici, dans la mémoire de cette page ; les lettres sont fabriquées ici. Aucune donnée n’est envoyée ni enregistrée : fermer ou recharger la page oublie tout.",
    local_verify: "Comment le vérifier",
    local_verify_steps: [
        "Ouvrez les outils de développement du navigateur (touche F12), onglet « Réseau ».",
        "Rechargez la page, ouvrez le fichier, changez les filtres, générez le PDF.",
        "Seuls les fichiers de l’application elle-même sont téléchargés (page, scripts, WebAssembly, style, polices) ; aucune requête n’envoie le fichier ni les comptes.",
        "Vous pouvez même couper le réseau une fois la page chargée et le premier PDF généré : tout continue de fonctionner.",
    ],
    local_file_label: "Export des comptes de l’ENT (CSV)",
    local_file_hint: "Choisissez le fichier, ou déposez-le ici. UTF-8 ou Windows-1252, séparateur « ; », tel que l’ENT l’exporte.",
    local_reading: |name| format!("Lecture de « {name} »…"),
    local_loaded: local_loaded_fr,
    local_refused: local_refused_fr,
    local_warnings: "Avertissements",
    local_settings_heading: "Réglages des lettres",
    local_settings_hint: "Gardés dans cette page seulement : ils sont perdus en la fermant. Enregistrez-les dans un fichier pour la prochaine fois (il ne contient aucun compte).",
    school_name_label: "Nom de l’établissement",
    uai_label: "UAI",
    settings_save_file: "Enregistrer les réglages (fichier)",
    settings_load_file: "Charger des réglages",
    settings_loaded: "Réglages chargés.",
    settings_not_applied: "Réglages non appliqués aux lettres",
    local_needed_mark: " (nécessaire aux lettres)",
    local_needs_settings: "Avant de les afficher et d’imprimer leurs lettres : dites ci-dessous ce que les lettres portent — le nom de l’établissement et l’adresse de connexion de l’ENT — ou chargez votre fichier de réglages.",
    local_back: "Retour à Sésame",
};

const EN: Texts = Texts {
    title: "Sésame",
    tagline: "Hand out ENT account credentials",
    login_heading: "Sign in",
    login_label: "Login",
    password_label: "Password",
    login_submit: "Sign in",
    logout: "Sign out",
    loading: "Loading…",
    retry: "Retry",
    structure_label: "School",
    step_selection: "1. Selection",
    step_check: "2. Check",
    profiles: "Profiles",
    classes: "Classes",
    activation: "Activation",
    email: "E-mail",
    local_admins: "Local administrators",
    blocked: "Blocked accounts",
    distributed: "Already distributed",
    created_since: "Created since",
    created_before: "Created before",
    search: "Search (name, first name, login, class)",
    all: "All",
    activated: "Activated",
    not_activated: "Not activated",
    with_email: "With e-mail",
    without_email: "Without e-mail",
    only: "Only them",
    excluded: "Excluded",
    blocked_only: "Blocked only",
    unblocked_only: "Unblocked only",
    yes: "Yes",
    no: "No",
    selected: "accounts selected",
    without_email_count: "without e-mail",
    not_activated_count: "not activated",
    selected_one: "account selected",
    not_activated_one: "not activated",
    empty: "No account matches this selection.",
    col_last_name: "Last name",
    col_first_name: "First name",
    col_profile: "Profile",
    col_login: "Login",
    col_code: "Activation code",
    col_email: "E-mail",
    col_classes: "Classes",
    col_created: "Created",
    col_last_distributed: "Last distributed",
    sort_ascending: "ascending",
    sort_descending: "descending",
    sort_by_column_hint: "Table sorted by a column; letters and e-mails keep the order of step 3.",
    sort_reset: "Back to the letters' order",
    settings_link: "Letter settings",
    import_link: "Import the ENT export",
    admins_link: "Administration",
    account_link: "My account",
    settings_heading: "Letter and e-mail settings",
    ent_name_label: "ENT name",
    login_url_label: "Sign-in address",
    activation_url_label: "Activation address",
    activation_url_hint: "Leave empty when accounts are activated at the sign-in address.",
    help_text_label: "Help text printed on every letter (who to contact)",
    help_text_hint: "Printed whole on letters; cards (8 per page) keep what fits in two or three lines, ending with “…”.",
    leave_unsaved: "Your changes are not saved. Leave anyway?",
    sender_label: "E-mail sender address",
    sender_hint: "Leave empty for the server's default address.",
    save: "Save",
    saving: "Saving…",
    saved: "Settings saved.",
    unsaved: "Unsaved changes.",
    preview_heading: "Letter preview",
    preview_new: "Account to activate",
    preview_activated: "Account already activated",
    back_to_distribution: "Back to distribution",
    sort_name_only: "Name only",
    sort_profile: "Profile",
    sort_class: "Class",
    sort_by: "By",
    then_by: "Then by",
    template: "Template",
    new_page_per_group: "Each group on a new page",
    sign_off_sheets: "Sign-off sheet per group",
    qr_activation: "QR code to the activation page",
    qr_includes_code: "Include the activation code in the QR code",
    generate_pdf: "Generate the PDF",
    cannot_print: "These characters cannot be printed:",
    print_anyway: "Generate anyway (empty boxes)",
    download: "Download ",
    layout_one: "1 per page (letter)",
    layout_two: "2 per page (A5)",
    layout_eight: "8 per page (cards)",
    pupils_tip: "Tip: pupils get their letter from their teacher — take the pupils not activated and not blocked, by class, 8 per page, with a sign-off sheet.",
    pdf_preview_title: "PDF preview",
    pdf_preview_unavailable: "This browser cannot show the preview — download the PDF: ",
    pdf_summary: pdf_summary_en,
    external_sign_in: "These accounts sign in with an outside account (academic account, EduConnect or FranceConnect): they need no credentials",
    leave_them_out: "Leave them out",
    external_sign_in_label: "Profiles that sign in with an outside account (no letter to hand out)",
    teachers_legend: "Teachers",
    teachers_may_distribute: "Teachers may hand out their classes’ credentials",
    teachers_may_mail: "… and e-mail them",
    teachers_hint: "A teacher who signs in with the ENT sees only the pupils of their classes (and their parents, when parents are handed a letter): they print their letters and mark them handed out; they import nothing and change no setting.",
    bad_address: "Invalid selection address",
    dates_reversed: "“Created since” is after “Created before”: no account can match.",
    date_format: "DD/MM/YYYY",
    bad_date: bad_date_en,
    nothing_selected: "No account selected: widen the selection in step 1.",
    unknown_classes: |ids| format!("Invalid selection address: no such class in this school ({ids}); it selects no one."),
    no_structure: "No school is assigned to you.",
    send_mail: "Send by e-mail",
    mail_confirm_title: "Send the credentials by e-mail",
    mail_confirm: mail_confirm_en,
    mail_nobody: "None of the selected accounts has an e-mail address: there is nothing to send.",
    mail_confirm_ok: "Send",
    cancel: "Cancel",
    mail_progress: mail_progress_en,
    mail_result_heading: "Mailing result",
    mail_sent: "Sent",
    mail_failed: "Failed",
    mail_pending: "In progress",
    mail_no_email: "No e-mail (skipped)",
    col_name: "Name",
    col_state: "State",
    col_reason: "Reason",
    mail_retry: "Retry the failures",
    mail_unreached_pdf: "PDF of those not reached",
    mail_unreached_ready: "Download the PDF of the accounts not reached",
    mail_everyone_reached: "Every selected account got its e-mail.",
    mail_off: "Sending by e-mail is not enabled on this server: use the PDF or contact the administrator.",
    not_found: "Page not found.",
    back_home: "Back to the start page",
    sort_heading: "Order of the letters",
    sort_none: "None",
    sort_hint: "Within each group (or with no group), by last name then first name.",
    column_sort_in_step3: "The table of step 2 is sorted by a column: letters and e-mails follow the order chosen here.",
    apply_advice: "Apply this advice",
    letter_lang_label: "Language of the letters",
    pdf_ready: "PDF ready",
    pdf_stale: "The selection or the options changed since this PDF: generate it again to take them into account. It still holds the accounts from before.",
    mark_distributed: mark_distributed_en,
    marked: marked_en,
    mark_hint: "Once the letters are printed and handed out, mark these accounts as distributed: the “Already distributed” filter uses it.",
    layout_sheet: "Label or card sheet",
    first_label: "Start at label no.",
    test_page: "Print a test page",
    test_page_hint: "Print it on plain paper at 100% (no “fit to page”), lay it on a sheet and hold both to the light: each frame should fall on a label. If not, measure the gap and set the offset in the letter settings.",
    test_page_ready: "Test page ready — ",
    generate_zip: "One PDF per class",
    zip_hint: "One file per class (or per group of the sort), each with its cover sheet and sign-off sheet, in one ZIP: each teacher gets their own pile.",
    zip_ready: "ZIP ready",
    zip_summary: zip_summary_en,
    export_csv: "Export as CSV",
    csv_warning: csv_warning_en,
    csv_confirm: "Create the file",
    csv_ready: "CSV file ready",
    label_calibration: "Label sheet calibration",
    label_offset_hint: "If the printer shifts its print, measure the gap on the test page (step 3): a positive number moves right or down, a negative one the other way, 10 mm at most.",
    label_offset_invalid: "The offset is in millimetres, for example 1.5 or -0.5.",
    pick_row: "Tick",
    pick_all: "Tick all",
    unpick_all: "Untick all",
    picked_of: picked_of_en,
    picked_dropped: picked_dropped_en,
    picked_only: picked_only_en,
    state_to_activate: "To activate",
    state_activated: "Activated",
    state_external: "Outside account",
    state_blocked: "Blocked",
    blocked_note: blocked_note_en,
    leave_blocked_out: "Leave them out",
    preview_layout: "Template",
    distributed_without_log: "“Already distributed” does not apply here: a file opened in this browser has no distribution log.",
    mail_local: "Sending by e-mail is not offered here: e-mails leave from Sésame's server, and in local mode nothing leaves this browser. Print the letters, or use Sésame on its server.",
    local_link: "No account: open the ENT export in this browser (local mode)",
    local_heading: "Local mode: the ENT export, in this browser only",
    local_intro: "No account, no server: open the ENT's account export (CSV), choose the accounts, check them, print their letters.",
    local_private_heading: "Nothing leaves this browser",
    local_private: "The file is read here, in this page's memory; the letters are made here. No data is sent or stored: closing or reloading the page forgets everything.",
    local_verify: "How to check",
    local_verify_steps: [
        "Open the browser's developer tools (F12 key), “Network” tab.",
        "Reload the page, open the file, change the filters, generate the PDF.",
        "Only the application's own files are downloaded (page, scripts, WebAssembly, style, fonts); no request sends the file or the accounts.",
        "You can even cut the network once the page is loaded and the first PDF made: everything keeps working.",
    ],
    local_file_label: "ENT account export (CSV)",
    local_file_hint: "Choose the file, or drop it here. UTF-8 or Windows-1252, “;” separator, as the ENT exports it.",
    local_reading: |name| format!("Reading “{name}”…"),
    local_loaded: local_loaded_en,
    local_refused: local_refused_en,
    local_warnings: "Warnings",
    local_settings_heading: "Letter settings",
    local_settings_hint: "Kept in this page only: they are lost when it closes. Save them to a file for next time (it holds no account).",
    school_name_label: "School name",
    uai_label: "UAI",
    settings_save_file: "Save the settings (file)",
    settings_load_file: "Load settings",
    settings_loaded: "Settings loaded.",
    settings_not_applied: "Settings not applied to the letters",
    local_needed_mark: " (needed for the letters)",
    local_needs_settings: "Before they are shown and their letters printed: say below what the letters carry — the school's name and the ENT's sign-in address — or load your settings file.",
    local_back: "Back to Sésame",
};

/// A language's words in the interface.
pub trait LangTexts {
    /// Every text of the interface.
    fn texts(self) -> &'static Texts;
    /// A profile's name, as the letters print it (« Élève », "Parent").
    fn profile(self, profile: Profile) -> &'static str;
    /// The texts of the administration pages (import, administrators, own account).
    fn admin(self) -> &'static AdminTexts;
    /// More texts of the distribution page.
    fn distribution(self) -> &'static DistributionTexts;
    /// The texts of signing in through the ENT and of a teacher's pages.
    fn ent(self) -> &'static EntTexts;
}

impl LangTexts for Lang {
    fn texts(self) -> &'static Texts {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    fn profile(self, profile: Profile) -> &'static str {
        profile_label(profile, self)
    }

    fn admin(self) -> &'static AdminTexts {
        match self {
            Lang::Fr => &admin::FR,
            Lang::En => &admin::EN,
        }
    }

    fn distribution(self) -> &'static DistributionTexts {
        match self {
            Lang::Fr => &distribution::FR,
            Lang::En => &distribution::EN,
        }
    }

    fn ent(self) -> &'static EntTexts {
        match self {
            Lang::Fr => &ent::FR,
            Lang::En => &ent::EN,
        }
    }
}

/// A column of the check table's name in `lang` (its header and the column chooser's box).
pub fn column_label(lang: Lang, column: Column) -> &'static str {
    let t = lang.texts();
    match column {
        Column::State => t.col_state,
        Column::LastName => t.col_last_name,
        Column::FirstName => t.col_first_name,
        Column::Profile => t.col_profile,
        Column::Login => t.col_login,
        Column::ActivationCode => t.col_code,
        Column::Email => t.col_email,
        Column::Classes => t.col_classes,
        Column::Created => t.col_created,
        Column::LastDistributed => t.col_last_distributed,
    }
}

#[cfg(test)]
mod tests {
    use super::{Lang, LangTexts};

    #[test]
    fn counted_texts_agree_in_number() {
        let fr = Lang::Fr.texts();
        assert_eq!((fr.pdf_summary)(1, 1, 5), " — 1 lettre, 1 page, 5 ms");
        assert_eq!((fr.pdf_summary)(12, 2, 5), " — 12 lettres, 2 pages, 5 ms");
        assert_eq!(
            (fr.blocked_note)(1),
            "1 compte bloqué : il ne pourra pas se connecter tant que l’ENT ne l’aura pas débloqué."
        );
        assert_eq!((fr.marked)(1), "1 compte marqué comme distribué.");
        assert_eq!((fr.mark_distributed)(3), "Marquer ces 3 comptes comme distribués");
        assert_eq!(
            (fr.picked_dropped)(1),
            "1 compte coché ne fait plus partie de la sélection : il a été décoché."
        );
        assert_eq!(
            (fr.local_loaded)("export.csv", 300, "UTF-8", ';'),
            "« export.csv » : 300 comptes (UTF-8, séparateur « ; »)."
        );
        assert!((fr.local_refused)("x.csv", 3).contains("ces 3 lignes"));
        assert_eq!(
            (Lang::En.texts().pdf_summary)(1, 2, 5),
            " — 1 letter, 2 pages, 5 ms"
        );
    }

    #[test]
    fn the_mail_confirmation_agrees_in_number() {
        let fr = Lang::Fr.texts().mail_confirm;
        assert_eq!(
            fr(2, 2),
            "Envoyer leurs identifiants à 2 comptes ? 2 sans courriel seront ignorés."
        );
        assert_eq!(
            fr(1, 1),
            "Envoyer ses identifiants à 1 compte ? 1 sans courriel sera ignoré."
        );
        assert_eq!(fr(3, 0), "Envoyer leurs identifiants à 3 comptes ?");
        let en = Lang::En.texts().mail_confirm;
        assert_eq!(
            en(2, 1),
            "Send their credentials to 2 accounts? 1 without e-mail will be skipped."
        );
    }
}
