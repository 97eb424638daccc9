//! A structure as the app and `sesame letters` work on it: its settings and its directory,
//! prepared for selection from the body of `GET /api/structures/{id}/users`.
//!
//! The one place that reads a structure's time zone: creation-date filters mean calendar days
//! of the school, so an unknown zone is a decision, stated by the caller ([`UnknownZone`]).

use crate::model::Structure;
use crate::selection::directory::Directory;
use crate::timezone::SchoolTimeZone;
use crate::wire::UsersResponse;

/// A structure and its users, ready to select, sort and print.
#[derive(Debug, Clone)]
pub struct School {
    pub structure: Structure,
    pub directory: Directory,
}

/// What to do with a time zone Sésame has no rule for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownZone {
    /// Refuse: a script (`sesame letters`) must not print a selection by the wrong calendar.
    Refuse,
    /// Use Paris time: the server only stores zones it knows, and an administrator in front of
    /// the page must not be locked out of their school by an odd value.
    UseParis,
}

impl School {
    /// The school of `response`, its directory knowing the structure's time zone and which
    /// profiles sign in with an outside account. An unknown zone follows `unknown`; the error
    /// names the zone.
    pub fn from_response(response: UsersResponse, unknown: UnknownZone) -> Result<School, String> {
        let zone = match (SchoolTimeZone::from_iana(&response.structure.time_zone), unknown) {
            (Some(zone), _) => zone,
            (None, UnknownZone::UseParis) => SchoolTimeZone::EuropeParis,
            (None, UnknownZone::Refuse) => {
                return Err(format!(
                    "unknown time zone {:?} in the directory",
                    response.structure.time_zone
                ))
            }
        };
        let directory = Directory::new(response.users, zone)
            .with_external_sign_in(&response.structure.letter_settings.external_sign_in)
            .with_latest_import(response.latest_import_id);
        Ok(School {
            structure: response.structure,
            directory,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(zone: &str) -> UsersResponse {
        serde_json::from_value(serde_json::json!({
            "structure": {"id": "s", "uai": "0751234A", "name": "École", "timeZone": zone},
            "users": [{"id": "u", "profile": "Teacher", "firstName": "A", "lastName": "B",
                       "login": "a.b", "createdAt": "2025-09-01T06:30:00Z"}],
            "fetchedAt": "2025-09-01T06:30:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn an_unknown_zone_is_refused_or_read_as_paris_as_the_caller_says() {
        let err = School::from_response(response("Mars/Olympus"), UnknownZone::Refuse).unwrap_err();
        assert_eq!(err, "unknown time zone \"Mars/Olympus\" in the directory");
        let school = School::from_response(response("Mars/Olympus"), UnknownZone::UseParis).unwrap();
        assert_eq!(school.directory.time_zone(), SchoolTimeZone::EuropeParis);
        // The structure's outside sign-in setting reaches the directory (teachers by default).
        assert_eq!(school.directory.state(0), crate::AccountState::External);
    }
}
