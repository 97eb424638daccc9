//! A column of the ENT's export that Sésame reads ([`Field`]): its name in messages, the names a
//! header cell may give it (ignoring case, accents and punctuation), which are required.

use std::fmt;

use crate::selection::fold::fold;

/// A field of the ENT export (a column Sésame reads). Declaration order is the order of [`Field::ALL`].
/// In JSON (an import's reasons), its variant's name: `"FirstName"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Field {
    Id,
    Type,
    LastName,
    FirstName,
    Login,
    LoginAlias,
    ActivationCode,
    Classes,
    Email,
    CreatedAt,
    Blocked,
    LocalAdmin,
    Children,
}

impl Field {
    /// Every column, in declaration order.
    pub const ALL: [Field; 13] = [
        Field::Id,
        Field::Type,
        Field::LastName,
        Field::FirstName,
        Field::Login,
        Field::LoginAlias,
        Field::ActivationCode,
        Field::Classes,
        Field::Email,
        Field::CreatedAt,
        Field::Blocked,
        Field::LocalAdmin,
        Field::Children,
    ];

    /// Columns without which no account can be built: their absence is a file-level error.
    pub const REQUIRED: [Field; 4] = [Field::Type, Field::LastName, Field::FirstName, Field::Login];

    /// The column's name as the ENT writes it, used in messages.
    pub fn label(self) -> &'static str {
        match self {
            Field::Id => "Id",
            Field::Type => "Type",
            Field::LastName => "Nom",
            Field::FirstName => "Prénom",
            Field::Login => "Login",
            Field::LoginAlias => "Alias de login",
            Field::ActivationCode => "Code d’activation",
            Field::Classes => "Classes",
            Field::Email => "Courriel",
            Field::CreatedAt => "Date de création",
            Field::Blocked => "Bloqué",
            Field::LocalAdmin => "Administrateur local",
            Field::Children => "Enfants",
        }
    }

    /// Recognises a header cell; `None` for a column Sésame does not read.
    pub fn from_header(name: &str) -> Option<Field> {
        let key = header_key(name);
        let column = match key.as_str() {
            "id" => Field::Id,
            "type" | "profil" | "profile" => Field::Type,
            "nom" | "lastname" | "nomdefamille" => Field::LastName,
            "prenom" | "firstname" => Field::FirstName,
            "login" | "identifiant" => Field::Login,
            "aliasdelogin" | "aliaslogin" | "loginalias" | "alias" => Field::LoginAlias,
            "codedactivation" | "codeactivation" | "activationcode" | "code" => Field::ActivationCode,
            "classes" | "classe" => Field::Classes,
            "courriel" | "email" | "mail" | "adressecourriel" | "adresseemail" | "adressemail" => {
                Field::Email
            }
            "datedecreation" | "datecreation" | "creationdate" | "createdat" => Field::CreatedAt,
            "bloque" | "blocked" => Field::Blocked,
            "administrateurlocal" | "adminlocal" | "localadmin" => Field::LocalAdmin,
            "enfants" | "enfant" | "children" => Field::Children,
            _ => return None,
        };
        Some(column)
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Folded, letters and digits only: what two spellings of one header have in common.
fn header_key(name: &str) -> String {
    fold(name.trim())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}
