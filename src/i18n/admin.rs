//! The texts of the administration pages — the import of the ENT's export, the administrators
//! and schools, one's own account — in French and English. Apart from the distribution page's
//! texts (`super::Texts`) only to keep each file readable; [`super::LangTexts::admin`] gives them.

use sesame_core::import::Field;
use sesame_core::Lang;

use super::plural;

/// The texts of the administration pages in one language.
pub struct AdminTexts {
    // The import page (pages/import.rs and its components).
    pub import_heading: &'static str,
    /// What file, from where, and that nothing is written before the confirmation.
    pub import_intro: &'static str,
    pub import_file_label: &'static str,
    pub import_file_hint: &'static str,
    /// "Analyse de « export.csv »…".
    pub import_reading: fn(&str) -> String,
    /// A file over the server's limit, said before sending it.
    pub import_too_large: fn(&str, u64) -> String,
    pub preview_heading: fn(&str) -> String,
    pub created: fn(usize) -> String,
    pub updated: fn(usize) -> String,
    pub unchanged: fn(usize) -> String,
    /// Accounts already in another school, which this one now shares.
    pub shared: fn(usize) -> String,
    /// Accounts of the school the file does not mention.
    pub absent: fn(usize) -> String,
    /// …asked to leave the school.
    pub absent_removed: fn(usize) -> String,
    /// The choice to take them out of the school.
    pub remove_absent: &'static str,
    pub remove_absent_hint: &'static str,
    /// Below a list cut at its first accounts: "… et 4 900 autres".
    pub more_accounts: fn(usize) -> String,
    pub classes_created: fn(usize, &str) -> String,
    /// Beside an updated account: "modifié : Courriel, Classes".
    pub changed_fields: fn(&str) -> String,
    pub warnings: &'static str,
    /// "Ce fichier ne peut pas être importé : 3 problèmes à corriger…".
    pub refused: fn(usize) -> String,
    // The expected columns and the example file (components/import_format.rs).
    /// "Colonnes attendues (4 obligatoires, 9 facultatives)".
    pub columns_heading: fn(usize, usize) -> String,
    pub col_column: &'static str,
    pub col_content: &'static str,
    pub required: &'static str,
    /// What a column of the ENT's export holds.
    pub column_hint: fn(Field) -> &'static str,
    pub sample_intro: &'static str,
    pub sample_download: &'static str,
    pub nothing_changes: &'static str,
    pub commit: fn(usize, usize) -> String,
    pub committing: &'static str,
    pub cancel: &'static str,
    pub done: fn(usize, usize) -> String,
    pub distribute_new: fn(usize) -> String,
    pub back_to_distribution: &'static str,
    pub history_heading: &'static str,
    pub history_empty: &'static str,
    pub col_date: &'static str,
    pub col_by: &'static str,
    pub col_file: &'static str,
    pub col_created: &'static str,
    pub col_updated: &'static str,
    pub col_unchanged: &'static str,
    /// Who imported when it was `sesame import` on the server, or an administrator a local one
    /// is not told of.
    pub by_unknown: &'static str,

    // The administrators page (pages/admins.rs and its components).
    pub admins_heading: &'static str,
    pub local_sees_self: &'static str,
    pub col_login: &'static str,
    pub col_name: &'static str,
    pub col_role: &'static str,
    pub col_schools: &'static str,
    pub col_state: &'static str,
    pub col_actions: &'static str,
    pub role_central: &'static str,
    pub role_local: &'static str,
    pub all_schools: &'static str,
    pub active: &'static str,
    pub disabled: &'static str,
    pub you: &'static str,
    pub edit: &'static str,
    pub reset: &'static str,
    pub remove: &'static str,
    pub confirm_reset: fn(&str) -> String,
    pub confirm_remove: fn(&str) -> String,
    pub issued_for: fn(&str) -> String,
    pub issued_note: &'static str,
    pub issued_close: &'static str,
    /// « Copier » beside a generated password, and what it did.
    pub issued_copy: &'static str,
    pub issued_copied: &'static str,
    /// Where the browser refuses the clipboard: the password is selected instead.
    pub issued_selected: &'static str,
    pub new_admin_heading: &'static str,
    pub login_label: &'static str,
    pub name_label: &'static str,
    pub name_hint: &'static str,
    pub role_label: &'static str,
    pub schools_label: &'static str,
    /// A local administrator without any school.
    pub pick_a_school: &'static str,
    pub disabled_label: &'static str,
    pub create: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub removed: fn(&str) -> String,
    pub schools_heading: &'static str,
    pub new_school_heading: &'static str,
    pub uai_label: &'static str,
    pub uai_hint: &'static str,
    pub school_name_label: &'static str,
    pub col_uai: &'static str,
    pub col_accounts: &'static str,
    /// The schools table's link to a school's distribution page.
    pub school_distribution: &'static str,
    /// A local administrator who opens the administrators page: where their own account is.
    pub local_own_account: &'static str,

    // One's own account (pages/account.rs).
    pub account_heading: &'static str,
    pub account_intro: fn(&str) -> String,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub confirm_password: &'static str,
    pub password_hint: &'static str,
    pub passwords_differ: &'static str,
    pub change_password: &'static str,
    pub password_changed: &'static str,
    pub working: &'static str,
}

fn column_hint_fr(field: Field) -> &'static str {
    match field {
        Field::Id => "Numéro du compte dans l’ENT : reconnaît le compte d’un import à l’autre",
        Field::Type => "Élève, Enseignant, Parent, Personnel ou Invité",
        Field::LastName => "Nom de famille",
        Field::FirstName => "Prénom",
        Field::Login => "Identifiant de connexion à l’ENT",
        Field::LoginAlias => "Identifiant choisi dans l’ENT : remplace « Login » quand il est rempli",
        Field::ActivationCode => "Vide quand le compte est déjà activé",
        Field::Email => "Adresse pour l’envoi des identifiants par courriel",
        Field::CreatedAt => "JJ/MM/AAAA ou AAAA-MM-JJ, éventuellement suivie de HH:MM",
        Field::Blocked => "oui ou non (vide : non)",
        Field::LocalAdmin => "oui ou non (vide : non)",
        Field::Classes => "Classes, séparées par des virgules",
        Field::Children => "Pour un parent : « Prénom Nom (Classe) », séparés par des virgules",
    }
}

fn column_hint_en(field: Field) -> &'static str {
    match field {
        Field::Id => "The account's number in the ENT: recognises it from one import to the next",
        Field::Type => {
            "Élève, Enseignant, Parent, Personnel or Invité (or Student, Teacher, Relative, Guest)"
        }
        Field::LastName => "Last name",
        Field::FirstName => "First name",
        Field::Login => "The login to the ENT",
        Field::LoginAlias => "A login chosen in the ENT: replaces “Login” when filled in",
        Field::ActivationCode => "Empty when the account is already activated",
        Field::Email => "Address the credentials are e-mailed to",
        Field::CreatedAt => "DD/MM/YYYY or YYYY-MM-DD, optionally followed by HH:MM",
        Field::Blocked => "oui or non, yes or no (empty: no)",
        Field::LocalAdmin => "oui or non, yes or no (empty: no)",
        Field::Classes => "Classes, separated by commas",
        Field::Children => "For a relative: “First Last (Class)”, separated by commas",
    }
}

pub(super) const FR: AdminTexts = AdminTexts {
    import_heading: "Importer l’export de l’ENT",
    import_intro: "Dans l’ENT, exportez les comptes de l’établissement au format CSV, puis choisissez ce \
                   fichier ici. Sésame montre d’abord ce qui changerait : rien n’est enregistré avant que \
                   vous ne cliquiez sur « Importer ».",
    import_file_label: "Fichier CSV exporté de l’ENT",
    import_file_hint: "Choisissez le fichier ou déposez-le ici. Séparateur « ; », en UTF-8 ou Windows-1252, \
                       20 Mio au plus.",
    import_reading: |name| format!("Analyse de « {name} »…"),
    import_too_large: |name, mib| {
        format!("« {name} » fait plus de {mib} Mio : ce n’est sans doute pas l’export des comptes de l’ENT.")
    },
    preview_heading: |name| format!("Ce que l’import de « {name} » changerait"),
    created: |n| plural(Lang::Fr, n, "compte créé", "comptes créés"),
    updated: |n| plural(Lang::Fr, n, "compte mis à jour", "comptes mis à jour"),
    unchanged: |n| plural(Lang::Fr, n, "compte inchangé", "comptes inchangés"),
    shared: |n| plural(
        Lang::Fr,
        n,
        "compte déjà dans un autre de vos établissements, ajouté à celui-ci",
        "comptes déjà dans un autre de vos établissements, ajoutés à celui-ci",
    ),
    absent: |n| plural(
        Lang::Fr,
        n,
        "compte de l’établissement absent du fichier (conservé tel quel)",
        "comptes de l’établissement absents du fichier (conservés tels quels)",
    ),
    absent_removed: |n| plural(
        Lang::Fr,
        n,
        "compte de l’établissement absent du fichier : retiré de l’établissement",
        "comptes de l’établissement absents du fichier : retirés de l’établissement",
    ),
    remove_absent: "Retirer de l’établissement les comptes absents du fichier",
    remove_absent_hint: "Pour un export complet de l’établissement (la rentrée) : les élèves partis ne sont plus \
                         listés. Un compte présent dans un autre établissement y reste. Ne cochez pas pour un export \
                         partiel (une classe, un profil).",
    more_accounts: |n| format!("… et {n} autres"),
    classes_created: |n, names| {
        format!(
            "{} : {names}",
            plural(Lang::Fr, n, "classe créée", "classes créées")
        )
    },
    changed_fields: |fields| format!("modifié : {fields}"),
    warnings: "Avertissements",
    refused: |n| {
        format!(
            "Ce fichier ne peut pas être importé : {} à corriger. Rien n’a été enregistré ; corrigez le \
             fichier puis choisissez-le de nouveau.",
            plural(Lang::Fr, n, "problème", "problèmes")
        )
    },
    columns_heading: |required, optional| {
        format!(
            "Colonnes attendues ({}, {})",
            plural(Lang::Fr, required, "obligatoire", "obligatoires"),
            plural(Lang::Fr, optional, "facultative", "facultatives")
        )
    },
    col_column: "Colonne",
    col_content: "Contenu",
    required: "obligatoire",
    column_hint: column_hint_fr,
    sample_intro:
        "Comparez votre export avec un exemple (colonnes dans l’ordre de l’ENT, une ligne par profil) :",
    sample_download: "Télécharger le fichier d’exemple",
    nothing_changes: "Ce fichier ne change rien : tous ses comptes sont déjà à jour.",
    commit: |created, updated| {
        format!(
            "Importer ({}, {})",
            plural(Lang::Fr, created, "création", "créations"),
            plural(Lang::Fr, updated, "mise à jour", "mises à jour")
        )
    },
    committing: "Import en cours…",
    cancel: "Annuler",
    done: |created, updated| {
        format!(
            "Import terminé : {}, {}.",
            plural(Lang::Fr, created, "compte créé", "comptes créés"),
            plural(Lang::Fr, updated, "mis à jour", "mis à jour")
        )
    },
    distribute_new: |n| {
        if Lang::Fr.singular(n) {
            "Distribuer les identifiants du nouveau compte".into()
        } else {
            format!("Distribuer les identifiants des {n} nouveaux comptes")
        }
    },
    back_to_distribution: "Retour à la distribution",
    history_heading: "Imports précédents",
    history_empty: "Aucun import pour l’instant.",
    col_date: "Date",
    col_by: "Par",
    col_file: "Fichier",
    col_created: "Créés",
    col_updated: "Mis à jour",
    col_unchanged: "Inchangés",
    by_unknown: "—",

    admins_heading: "Administrateurs",
    local_sees_self: "Vous êtes administrateur local : seul un administrateur central gère les \
                      administrateurs et les établissements.",
    col_login: "Identifiant",
    col_name: "Nom",
    col_role: "Rôle",
    col_schools: "Établissements",
    col_state: "État",
    col_actions: "Actions",
    role_central: "Central",
    role_local: "Local",
    all_schools: "Tous",
    active: "Actif",
    disabled: "Désactivé",
    you: "(vous)",
    edit: "Modifier",
    reset: "Nouveau mot de passe",
    remove: "Supprimer",
    confirm_reset: |login| {
        format!(
            "Donner un nouveau mot de passe à {login} ? L’actuel ne fonctionnera plus et ses sessions \
             ouvertes seront fermées."
        )
    },
    confirm_remove: |login| {
        format!("Supprimer l’administrateur {login} ? Ses sessions ouvertes seront fermées.")
    },
    issued_for: |login| format!("Mot de passe du compte « {login} »"),
    issued_note: "Transmettez-le maintenant (de vive voix ou par un canal sûr) : il ne sera plus affiché. \
                  Il pourra le changer dans « Mon compte ».",
    issued_close: "Je l’ai noté",
    issued_copy: "Copier",
    issued_copied: "Copié dans le presse-papiers.",
    issued_selected: "Sélectionné : Ctrl+C pour le copier.",
    new_admin_heading: "Nouvel administrateur",
    login_label: "Identifiant",
    name_label: "Nom affiché",
    name_hint: "Facultatif : l’identifiant sinon.",
    role_label: "Rôle",
    schools_label: "Établissements (administrateur local)",
    pick_a_school: "Cochez au moins un établissement pour un administrateur local.",
    disabled_label: "Désactivé (ne peut plus se connecter)",
    create: "Créer",
    save: "Enregistrer",
    saved: "Enregistré.",
    removed: |login| format!("{login} a été supprimé."),
    schools_heading: "Établissements",
    new_school_heading: "Nouvel établissement",
    uai_label: "Code UAI",
    uai_hint: "Sept chiffres et une lettre, par exemple 0751234A.",
    school_name_label: "Nom",
    col_uai: "UAI",
    col_accounts: "Comptes",
    school_distribution: "Distribuer les identifiants",
    local_own_account: "Changer votre mot de passe dans « Mon compte »",

    account_heading: "Mon compte",
    account_intro: |login| format!("Vous êtes connecté en tant que {login}."),
    current_password: "Mot de passe actuel",
    new_password: "Nouveau mot de passe",
    confirm_password: "Nouveau mot de passe, encore une fois",
    password_hint: "12 caractères au moins, sans votre identifiant. Une phrase de quelques mots se retient \
                    bien.",
    passwords_differ: "Les deux saisies du nouveau mot de passe diffèrent.",
    change_password: "Changer le mot de passe",
    password_changed: "Mot de passe changé. Vos autres sessions ont été fermées.",
    working: "Un instant…",
};

pub(super) const EN: AdminTexts = AdminTexts {
    import_heading: "Import the ENT export",
    import_intro:
        "In the ENT, export the school’s accounts as CSV, then choose that file here. Sésame first \
                   shows what would change: nothing is saved before you click “Import”.",
    import_file_label: "CSV file exported from the ENT",
    import_file_hint:
        "Choose the file or drop it here. Separator “;”, UTF-8 or Windows-1252, at most 20 MiB.",
    import_reading: |name| format!("Reading “{name}”…"),
    import_too_large: |name, mib| {
        format!("“{name}” is larger than {mib} MiB: it is probably not the ENT’s account export.")
    },
    preview_heading: |name| format!("What importing “{name}” would change"),
    created: |n| plural(Lang::En, n, "account created", "accounts created"),
    updated: |n| plural(Lang::En, n, "account updated", "accounts updated"),
    unchanged: |n| plural(Lang::En, n, "account unchanged", "accounts unchanged"),
    shared: |n| {
        format!(
            "{} already in another of your schools, added to this one",
            plural(Lang::En, n, "account", "accounts")
        )
    },
    absent: |n| {
        format!(
            "{} of the school not in the file (kept as they are)",
            plural(Lang::En, n, "account", "accounts")
        )
    },
    absent_removed: |n| {
        format!(
            "{} of the school not in the file: taken out of the school",
            plural(Lang::En, n, "account", "accounts")
        )
    },
    remove_absent: "Take the accounts the file does not list out of the school",
    remove_absent_hint: "For a whole school's export (the start of the year): pupils who left are no longer listed. \
                         An account in another school stays there. Leave unticked for a partial export (one class, \
                         one profile).",
    more_accounts: |n| format!("… and {n} more"),
    classes_created: |n, names| {
        format!(
            "{}: {names}",
            plural(Lang::En, n, "class created", "classes created")
        )
    },
    changed_fields: |fields| format!("changed: {fields}"),
    warnings: "Warnings",
    refused: |n| {
        format!(
            "This file cannot be imported: {} to fix. Nothing was saved; fix the file, then choose it again.",
            plural(Lang::En, n, "problem", "problems")
        )
    },
    columns_heading: |required, optional| {
        format!("Expected columns ({required} required, {optional} optional)")
    },
    col_column: "Column",
    col_content: "Content",
    required: "required",
    column_hint: column_hint_en,
    sample_intro: "Compare your export with an example (columns in the ENT's order, one line per profile):",
    sample_download: "Download the example file",
    nothing_changes: "This file changes nothing: all its accounts are up to date.",
    commit: |created, updated| {
        format!(
            "Import ({}, {})",
            plural(Lang::En, created, "creation", "creations"),
            plural(Lang::En, updated, "update", "updates")
        )
    },
    committing: "Importing…",
    cancel: "Cancel",
    done: |created, updated| {
        format!(
            "Import done: {}, {} updated.",
            plural(Lang::En, created, "account created", "accounts created"),
            updated
        )
    },
    distribute_new: |n| match n {
        1 => "Hand out the new account’s credentials".into(),
        n => format!("Hand out the credentials of the {n} new accounts"),
    },
    back_to_distribution: "Back to distribution",
    history_heading: "Previous imports",
    history_empty: "No import yet.",
    col_date: "Date",
    col_by: "By",
    col_file: "File",
    col_created: "Created",
    col_updated: "Updated",
    col_unchanged: "Unchanged",
    by_unknown: "—",

    admins_heading: "Administrators",
    local_sees_self: "You are a local administrator: only a central administrator manages administrators \
                      and schools.",
    col_login: "Login",
    col_name: "Name",
    col_role: "Role",
    col_schools: "Schools",
    col_state: "State",
    col_actions: "Actions",
    role_central: "Central",
    role_local: "Local",
    all_schools: "All",
    active: "Active",
    disabled: "Disabled",
    you: "(you)",
    edit: "Edit",
    reset: "New password",
    remove: "Remove",
    confirm_reset: |login| {
        format!("Give {login} a new password? The current one will stop working and their open sessions will end.")
    },
    confirm_remove: |login| format!("Remove administrator {login}? Their open sessions will end."),
    issued_for: |login| format!("Password of the account “{login}”"),
    issued_note: "Hand it over now (in person or through a safe channel): it will not be shown again. They \
                  can change it in “My account”.",
    issued_close: "I have noted it",
    issued_copy: "Copy",
    issued_copied: "Copied to the clipboard.",
    issued_selected: "Selected: Ctrl+C to copy it.",
    new_admin_heading: "New administrator",
    login_label: "Login",
    name_label: "Display name",
    name_hint: "Optional: the login otherwise.",
    role_label: "Role",
    schools_label: "Schools (local administrator)",
    pick_a_school: "Tick at least one school for a local administrator.",
    disabled_label: "Disabled (cannot sign in)",
    create: "Create",
    save: "Save",
    saved: "Saved.",
    removed: |login| format!("{login} was removed."),
    schools_heading: "Schools",
    new_school_heading: "New school",
    uai_label: "UAI code",
    uai_hint: "Seven digits and a letter, e.g. 0751234A.",
    school_name_label: "Name",
    col_uai: "UAI",
    col_accounts: "Accounts",
    school_distribution: "Hand out credentials",
    local_own_account: "Change your password in “My account”",

    account_heading: "My account",
    account_intro: |login| format!("You are signed in as {login}."),
    current_password: "Current password",
    new_password: "New password",
    confirm_password: "New password, again",
    password_hint:
        "At least 12 characters, without your login. A sentence of a few words is easy to remember.",
    passwords_differ: "The two new passwords differ.",
    change_password: "Change password",
    password_changed: "Password changed. Your other sessions were ended.",
    working: "One moment…",
};
