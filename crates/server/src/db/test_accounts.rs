//! Accounts as an import's lines bring them, for the storage tests (`users`, `import_write`).

use chrono::{TimeZone, Utc};
use sesame_core::import::ImportedUser;
use sesame_core::Profile;

/// A line for `login`: a name, a code and an e-mail derived from the login, created on
/// 1 September 2025, in `classes`.
pub(super) fn account(login: &str, profile: Profile, classes: &[&str]) -> ImportedUser {
    ImportedUser {
        line: 2,
        id: None,
        profile,
        last_name: "Dupré".into(),
        first_name: format!("Prénom {login}"),
        login: login.into(),
        ent_login: None,
        activation_code: Some(format!("CODE-{login}")),
        email: Some(format!("{login}@exemple.fr")),
        created_at: Some(Utc.with_ymd_and_hms(2025, 9, 1, 6, 30, 0).unwrap()),
        blocked: false,
        local_admin: false,
        classes: classes.iter().map(|c| (*c).to_owned()).collect(),
        children: Vec::new(),
    }
}
