//! More texts of the distribution page — taking back a marking, the table's columns, the
//! filters' reset, the e-mail confirmation's details, the sticker sheets' QR code — in French
//! and English. Apart from `super::Texts` only to keep each file readable (and each engineer's
//! additions apart); [`super::LangTexts::distribution`] gives them.

use sesame_core::{Lang, Layout};

use super::plural;

/// The distribution page's further texts in one language.
pub struct DistributionTexts {
    /// The distribution page of a school with no accounts yet.
    pub empty_school: &'static str,
    pub empty_school_action: &'static str,
    /// The selection's import filter.
    pub filter_latest_import: &'static str,
    pub filter_one_import: &'static str,
    /// Between a label and its value: « Enseignant : 10 », "Teacher: 10".
    pub colon: &'static str,
    pub step_distribution: &'static str,
    /// Step 3's code could not be fetched (components/distribute_step.rs).
    pub step_unavailable: &'static str,
    // Taking back « Marquer comme distribués » (components/mark_distributed.rs).
    pub undo_marked: &'static str,
    /// "Possible pendant 5 minutes."
    pub undo_hint: fn(i64) -> String,
    /// "Marquage annulé : ces 12 comptes ne sont plus notés comme distribués."
    pub unmarked: fn(usize) -> String,
    // Step 3's options (components/distribute.rs).
    /// In place of « Appliquer ce conseil » once the selection follows it.
    pub advice_applied: &'static str,
    // The filters (components/filters.rs, components/steps.rs).
    /// After a date field's text that is not a date: "« Créés depuis le » n’est plus appliqué."
    pub date_lifted: fn(&str) -> String,
    pub reset_filters: &'static str,
    /// What « Réinitialiser les filtres » does, for screen readers and the tooltip.
    pub reset_filters_hint: &'static str,
    // The e-mail confirmation (components/mail_confirm.rs).
    /// Of the recipients, how many sign in elsewhere and how many are already activated;
    /// `None` when neither.
    pub mail_among: fn(usize, usize) -> Option<String>,
    // Sticker and card sheets (components/sheet_choice.rs, components/distribute.rs).
    /// A sheet as its list shows it: its reference, short enough to be read whole.
    pub sheet_name: fn(Layout) -> &'static str,
    /// What the chosen sheet is: "21 étiquettes de 63,5 × 38,1 mm par page".
    pub sheet_geometry: fn(Layout) -> &'static str,
    /// Why the QR code is not offered on a sheet.
    pub qr_not_on_sheets: &'static str,
    // The check table (components/user_table.rs).
    /// The disclosure that chooses the columns shown.
    pub columns: &'static str,
}

pub(super) const FR: DistributionTexts = DistributionTexts {
    empty_school: "Cet établissement n’a encore aucun compte. Commencez par importer l’export des comptes \
                   de l’ENT.",
    empty_school_action: "Importer l’export de l’ENT",
    filter_latest_import: "Seulement les nouveaux comptes du dernier import",
    filter_one_import: "Seulement les comptes créés par l’import choisi",
    colon: " : ",
    step_distribution: "3. Distribution",
    step_unavailable: "Cette étape n’a pas pu être chargée : le serveur ne répond pas, ou il vient \
                       d’être mis à jour (rechargez alors la page).",
    undo_marked: "Annuler",
    undo_hint: |minutes| format!("(possible pendant {minutes} minutes, si ce n’était pas la bonne pile)"),
    unmarked: |n| {
        format!(
            "Marquage annulé : {}.",
            plural(
                Lang::Fr,
                n,
                "compte n’est plus noté comme distribué",
                "comptes ne sont plus notés comme distribués"
            )
        )
    },
    advice_applied: "(conseil appliqué)",
    date_lifted: |label| format!("Le filtre « {label} » est retiré : aucune date n’est appliquée."),
    reset_filters: "Réinitialiser les filtres",
    reset_filters_hint: "Tous les comptes, sans coche ; l’ordre, le modèle et les options restent.",
    mail_among: |external, activated| {
        let mut parts = Vec::new();
        if external > 0 {
            parts.push(if external == 1 {
                "1 se connecte avec un compte externe (compte académique, EduConnect ou FranceConnect) et n’a pas \
                 besoin de ces identifiants"
                    .to_owned()
            } else {
                format!(
                    "{external} se connectent avec un compte externe (compte académique, EduConnect ou \
                     FranceConnect) et n’ont pas besoin de ces identifiants"
                )
            });
        }
        if activated > 0 {
            parts.push(if activated == 1 {
                "1 a déjà activé son compte : son message rappelle l’identifiant et comment retrouver un mot de \
                 passe oublié"
                    .to_owned()
            } else {
                format!(
                    "{activated} ont déjà activé leur compte : leur message rappelle l’identifiant et comment \
                     retrouver un mot de passe oublié"
                )
            });
        }
        (!parts.is_empty()).then(|| format!("Parmi eux, {}.", parts.join(" ; ")))
    },
    sheet_name: |layout| match layout {
        Layout::L7160 => "Avery L7160",
        Layout::L7163 => "Avery L7163",
        Layout::L7159 => "Avery L7159",
        Layout::Z3474 => "Zweckform 3474",
        Layout::Card => "Cartes de visite",
        Layout::One | Layout::Two | Layout::Eight => "",
    },
    sheet_geometry: |layout| match layout {
        Layout::L7160 => "21 étiquettes de 63,5 × 38,1 mm par page",
        Layout::L7163 => "14 étiquettes de 99,1 × 38,1 mm par page",
        Layout::L7159 => "24 étiquettes de 63,5 × 33,9 mm par page",
        Layout::Z3474 => "24 étiquettes de 70 × 37 mm par page, bord à bord",
        Layout::Card => "10 cartes de 85 × 54 mm par page",
        Layout::One | Layout::Two | Layout::Eight => "",
    },
    qr_not_on_sheets: "Pas de QR code sur une planche : une étiquette ou une carte n’a pas la place \
                       d’un code qu’un téléphone lise à coup sûr. Il s’imprime sur papier (1, 2 ou 8 par page).",
    columns: "Colonnes",
};

pub(super) const EN: DistributionTexts = DistributionTexts {
    empty_school: "This school has no accounts yet. Start by importing the ENT’s account export.",
    empty_school_action: "Import the ENT export",
    filter_latest_import: "Only the new accounts of the latest import",
    filter_one_import: "Only the accounts the chosen import created",
    colon: ": ",
    step_distribution: "3. Distribution",
    step_unavailable: "This step could not be loaded: the server does not answer, or it has just \
                       been updated (then reload the page).",
    undo_marked: "Undo",
    undo_hint: |minutes| format!("(possible for {minutes} minutes, if it was the wrong pile)"),
    unmarked: |n| {
        format!(
            "Marking undone: {} no longer recorded as distributed.",
            plural(Lang::En, n, "account is", "accounts are")
        )
    },
    advice_applied: "(advice applied)",
    date_lifted: |label| format!("The “{label}” filter is lifted: no date is applied."),
    reset_filters: "Reset the filters",
    reset_filters_hint: "Every account, nothing ticked; the order, template and options stay.",
    mail_among: |external, activated| {
        let mut parts = Vec::new();
        if external > 0 {
            parts.push(format!(
                "{external} {} with an outside account (academic account, EduConnect or FranceConnect) and \
                 {} no credentials",
                if external == 1 { "signs in" } else { "sign in" },
                if external == 1 { "needs" } else { "need" }
            ));
        }
        if activated > 0 {
            parts.push(format!(
                "{activated} {} already activated: the message reminds them of the login and how to reset a \
                 forgotten password",
                if activated == 1 { "is" } else { "are" }
            ));
        }
        (!parts.is_empty()).then(|| format!("Among them, {}.", parts.join("; ")))
    },
    sheet_name: |layout| match layout {
        Layout::L7160 => "Avery L7160",
        Layout::L7163 => "Avery L7163",
        Layout::L7159 => "Avery L7159",
        Layout::Z3474 => "Zweckform 3474",
        Layout::Card => "Business cards",
        Layout::One | Layout::Two | Layout::Eight => "",
    },
    sheet_geometry: |layout| match layout {
        Layout::L7160 => "21 labels of 63.5 × 38.1 mm per page",
        Layout::L7163 => "14 labels of 99.1 × 38.1 mm per page",
        Layout::L7159 => "24 labels of 63.5 × 33.9 mm per page",
        Layout::Z3474 => "24 labels of 70 × 37 mm per page, edge to edge",
        Layout::Card => "10 cards of 85 × 54 mm per page",
        Layout::One | Layout::Two | Layout::Eight => "",
    },
    qr_not_on_sheets: "No QR code on a sheet: a label or card has no room for one a phone reads \
                       reliably. It prints on paper (1, 2 or 8 per page).",
    columns: "Columns",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_confirmations_details_agree_in_number() {
        assert_eq!((FR.mail_among)(0, 0), None);
        assert_eq!(
            (FR.mail_among)(1, 2).as_deref(),
            Some(
                "Parmi eux, 1 se connecte avec un compte externe (compte académique, EduConnect ou FranceConnect) \
                 et n’a pas besoin de ces identifiants ; 2 ont déjà activé leur compte : leur message rappelle \
                 l’identifiant et comment retrouver un mot de passe oublié."
            )
        );
        assert_eq!(
            (EN.mail_among)(3, 0).as_deref(),
            Some(
                "Among them, 3 sign in with an outside account (academic account, EduConnect or FranceConnect) \
                 and need no credentials."
            )
        );
    }

    #[test]
    fn taking_back_a_marking_agrees_in_number() {
        assert_eq!(
            (FR.unmarked)(1),
            "Marquage annulé : 1 compte n’est plus noté comme distribué."
        );
        assert_eq!(
            (FR.unmarked)(12),
            "Marquage annulé : 12 comptes ne sont plus notés comme distribués."
        );
        assert_eq!(
            (EN.unmarked)(1),
            "Marking undone: 1 account is no longer recorded as distributed."
        );
    }
}
