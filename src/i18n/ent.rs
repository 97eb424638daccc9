//! The texts of signing in through the ENT and of what a teacher sees — the sign-in page's
//! button and its messages, the teacher's distribution page, the administrators' « Identité
//! ENT » — in French and English. Apart from the other texts only to keep each file readable;
//! [`super::LangTexts::ent`] gives them.

use sesame_core::access::sign_in_offer::SignInFailure;

/// The ENT sign-in's and the teachers' texts in one language.
pub struct EntTexts {
    // The sign-in page (pages/login.rs).
    /// The ENT's button when the operator gave it no words.
    pub default_label: &'static str,
    /// Between the ENT's button and the password form.
    pub or_password: &'static str,
    /// The closed password form, when passwords are off but for central administrators.
    pub break_glass: &'static str,
    pub break_glass_hint: &'static str,
    /// Why a sign-in through the ENT came back to the sign-in page.
    pub failure: fn(SignInFailure) -> &'static str,

    // A teacher's pages.
    /// The role beside a teacher's name in the toolbar.
    pub teacher: &'static str,
    /// "Vos classes : CM2 A, Chorale".
    pub your_classes: fn(&str) -> String,
    /// What the teacher may do here, under their classes.
    pub teacher_hint: &'static str,
    /// A school where none of the teacher's pupils is in the directory yet.
    pub no_pupils_yet: &'static str,
    /// Signed out of Sésame, on the way to the ENT's own sign-out.
    pub leaving_for_ent: &'static str,

    // The administrators' page.
    pub oidc_subject_label: &'static str,
    pub oidc_subject_hint: &'static str,
    pub col_oidc_subject: &'static str,
}

pub static FR: EntTexts = EntTexts {
    default_label: "Se connecter avec l’ENT",
    or_password: "ou avec un identifiant et un mot de passe Sésame :",
    break_glass: "Connexion de secours (administrateurs centraux)",
    break_glass_hint: "Pour le jour où l’ENT ne répond pas : les administrateurs centraux gardent leur mot de passe Sésame.",
    failure: failure_fr,
    teacher: "enseignant",
    your_classes: |classes| format!("Vos classes : {classes}"),
    teacher_hint: "Vous voyez les élèves de vos classes (et leurs responsables quand l’établissement leur remet leurs identifiants) : imprimez leurs lettres, puis marquez-les comme distribuées.",
    no_pupils_yet: "Aucun élève de vos classes n’est encore dans l’annuaire de cet établissement : la direction l’importe depuis l’ENT.",
    leaving_for_ent: "Déconnexion de l’ENT…",
    oidc_subject_label: "Identité ENT",
    oidc_subject_hint: "Facultatif : l’identifiant de la personne dans l’ENT (la colonne « Id » de l’export). Elle pourra alors se connecter avec le bouton de l’ENT.",
    col_oidc_subject: "Identité ENT",
};

fn failure_fr(failure: SignInFailure) -> &'static str {
    match failure {
        SignInFailure::Expired => "La connexion a expiré, recommencez.",
        SignInFailure::Denied => "La connexion a été refusée par l’ENT.",
        SignInFailure::Unverified => {
            "La réponse de l’ENT n’a pas pu être vérifiée : recommencez, et si cela se reproduit, prévenez l’administrateur de Sésame."
        }
        SignInFailure::Unavailable => "L’ENT ne répond pas : réessayez dans quelques minutes.",
        SignInFailure::NoAccess => "Votre compte ENT n’a pas accès à Sésame — demandez à la direction.",
        SignInFailure::TeachersOff => {
            "Votre établissement ne permet pas aux enseignants de distribuer les identifiants — demandez à la direction."
        }
        SignInFailure::Disabled => {
            "Votre compte d’administrateur est désactivé — demandez à un administrateur central."
        }
        SignInFailure::Off => "La connexion par l’ENT n’est pas proposée sur ce serveur.",
        SignInFailure::Busy => "Trop de connexions par l’ENT sont en cours : réessayez dans une minute.",
        SignInFailure::Unknown => "La connexion par l’ENT n’a pas abouti : recommencez.",
    }
}

pub static EN: EntTexts = EntTexts {
    default_label: "Sign in with the ENT",
    or_password: "or with a Sésame login and password:",
    break_glass: "Emergency sign-in (central administrators)",
    break_glass_hint: "For the day the ENT does not answer: central administrators keep their Sésame password.",
    failure: failure_en,
    teacher: "teacher",
    your_classes: |classes| format!("Your classes: {classes}"),
    teacher_hint: "You see the pupils of your classes (and their relatives when the school hands relatives their credentials): print their letters, then mark them as handed out.",
    no_pupils_yet: "None of your pupils is in this school’s directory yet: the school imports it from the ENT.",
    leaving_for_ent: "Signing out of the ENT…",
    oidc_subject_label: "ENT identity",
    oidc_subject_hint: "Optional: the person’s id in the ENT (the export’s “Id” column). They can then sign in with the ENT’s button.",
    col_oidc_subject: "ENT identity",
};

fn failure_en(failure: SignInFailure) -> &'static str {
    match failure {
        SignInFailure::Expired => "The sign-in expired: start again.",
        SignInFailure::Denied => "The ENT refused the sign-in.",
        SignInFailure::Unverified => {
            "The ENT’s answer could not be checked: start again, and if it happens again, tell Sésame’s administrator."
        }
        SignInFailure::Unavailable => "The ENT does not answer: try again in a few minutes.",
        SignInFailure::NoAccess => "Your ENT account has no access to Sésame — ask the school’s management.",
        SignInFailure::TeachersOff => {
            "Your school does not let teachers hand out credentials — ask the school’s management."
        }
        SignInFailure::Disabled => "Your administrator account is disabled — ask a central administrator.",
        SignInFailure::Off => "Signing in through the ENT is not offered on this server.",
        SignInFailure::Busy => "Too many sign-ins through the ENT are under way: try again in a minute.",
        SignInFailure::Unknown => "Signing in through the ENT did not succeed: start again.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_no_access_message_is_the_one_the_school_is_told_about() {
        assert_eq!(
            (FR.failure)(SignInFailure::NoAccess),
            "Votre compte ENT n’a pas accès à Sésame — demandez à la direction."
        );
        assert_eq!(
            (FR.your_classes)("CM2 A, Chorale"),
            "Vos classes : CM2 A, Chorale"
        );
    }
}
