//! Who may sign in, and how: the decisions behind signing in through the ENT (an OpenID Connect
//! provider) beside Sésame's own passwords, as plain functions the server calls and tests check.
//!
//! - [`SignInMethods`]: which sign-ins the operator offers (`SESAME_SIGN_IN`: `password`, `oidc`
//!   or both), and the break-glass rule: with the ENT's sign-in only, central administrators keep
//!   their password (the ENT may be down the day letters must go out) unless the operator says
//!   otherwise.
//! - [`address_allowed`]: a provider or public address is `https://`, or `http://` on this very
//!   machine (tests, a provider on loopback) — never plain HTTP across a network.
//! - [`pkce_method`]: PKCE with S256 whenever the provider does not restrict itself to `plain`
//!   (entcore offers `plain` only).
//! - [`Entrant`]: who a verified ENT identity is to Sésame — an administrator linked to it, a
//!   teacher of a school that lets teachers distribute, or no one — decided by Sésame from its
//!   own records, never by the provider alone.

use serde::{Deserialize, Serialize};

/// Which sign-ins the operator offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInMethods {
    /// Sésame's own passwords, for everyone.
    pub password: bool,
    /// The ENT's sign-in (OpenID Connect).
    pub oidc: bool,
    /// With `password` off: central administrators may still sign in with their password.
    pub break_glass: bool,
}

/// Why a `SESAME_SIGN_IN` value is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSignInMethods(pub String);

impl std::fmt::Display for BadSignInMethods {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown sign-in method {:?}: give `password`, `oidc`, or both separated by a comma",
            self.0
        )
    }
}

impl std::error::Error for BadSignInMethods {}

impl SignInMethods {
    /// `password`, `oidc` or `password,oidc` (in any order, spaces allowed), with the
    /// break-glass rule as given.
    pub fn parse(text: &str, break_glass: bool) -> Result<SignInMethods, BadSignInMethods> {
        let mut methods = SignInMethods {
            password: false,
            oidc: false,
            break_glass,
        };
        for word in text.split(',').map(str::trim) {
            match word {
                "password" => methods.password = true,
                "oidc" => methods.oidc = true,
                other => return Err(BadSignInMethods(other.to_owned())),
            }
        }
        Ok(methods)
    }

    /// Whether someone of `role` may sign in with a password.
    pub fn password_for(&self, role: PasswordRole) -> bool {
        self.password || (self.break_glass && role == PasswordRole::Central)
    }
}

/// An administrator's role, as far as signing in with a password goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRole {
    Central,
    Local,
}

/// Whether `scheme://host` may be a provider's or Sésame's public address: `https`, or `http`
/// on a loopback host (`127.0.0.0/8`, `::1`, `localhost`).
pub fn address_allowed(scheme: &str, host: &str) -> bool {
    match scheme {
        "https" => !host.is_empty(),
        "http" => {
            let host = host.trim_start_matches('[').trim_end_matches(']');
            host.eq_ignore_ascii_case("localhost")
                || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        _ => false,
    }
}

/// A PKCE method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pkce {
    /// SHA-256 of the verifier: the verifier never travels through the browser.
    S256,
    /// The verifier itself: only for a provider that offers nothing else.
    Plain,
}

/// The PKCE method for a provider that advertises `offered` (its discovery's
/// `code_challenge_methods_supported`): S256 unless every method it names is `plain`.
pub fn pkce_method(offered: &[String]) -> Pkce {
    if !offered.is_empty() && offered.iter().all(|m| m == "plain") {
        Pkce::Plain
    } else {
        Pkce::S256
    }
}

/// Who a verified ENT identity is to Sésame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entrant {
    /// The administrator of this login.
    Admin(String),
    /// A teacher of the directory (their ENT id), in at least one school that lets teachers
    /// distribute.
    Teacher(String),
    /// Someone Sésame does not let in, and why.
    Refused(Refusal),
}

/// Why a verified ENT identity does not get in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// Neither an administrator nor a teacher Sésame knows.
    NoAccess,
    /// A teacher, but of schools that do not let teachers distribute.
    TeachersOff,
    /// An administrator whose account is disabled.
    Disabled,
}

/// What Sésame's records say of an ENT identity, gathered by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// The administrator linked to the identity (`--oidc-subject`), with whether they are
    /// disabled.
    pub linked_admin: Option<(String, bool)>,
    /// The administrator whose login the provider's claim names, when the operator matches
    /// administrators by claim, with whether they are disabled.
    pub claimed_admin: Option<(String, bool)>,
    /// Whether the identity is a teacher of the directory in a school letting teachers
    /// distribute, and whether it is one in any school at all.
    pub teacher_allowed: bool,
    pub teacher_anywhere: bool,
}

/// Who `sub` is, in this order: the administrator linked to it, the administrator the claim
/// names, a teacher of a school that lets teachers distribute; else refused.
pub fn entrant(sub: &str, known: &Known) -> Entrant {
    if let Some((login, disabled)) = known.linked_admin.as_ref().or(known.claimed_admin.as_ref()) {
        return if *disabled {
            Entrant::Refused(Refusal::Disabled)
        } else {
            Entrant::Admin(login.clone())
        };
    }
    if known.teacher_allowed {
        Entrant::Teacher(sub.to_owned())
    } else if known.teacher_anywhere {
        Entrant::Refused(Refusal::TeachersOff)
    } else {
        Entrant::Refused(Refusal::NoAccess)
    }
}

impl Refusal {
    /// The code the sign-in page reads in its address (`/login?error=…`).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoAccess => "oidc_no_access",
            Refusal::TeachersOff => "oidc_teachers_off",
            Refusal::Disabled => "oidc_disabled",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_read_in_any_order_and_break_glass_keeps_central_passwords() {
        let both = SignInMethods::parse("oidc, password", true).unwrap();
        assert!(both.password && both.oidc);
        let sso = SignInMethods::parse("oidc", true).unwrap();
        assert!(sso.password_for(PasswordRole::Central));
        assert!(!sso.password_for(PasswordRole::Local));
        let strict = SignInMethods::parse("oidc", false).unwrap();
        assert!(!strict.password_for(PasswordRole::Central));
        assert_eq!(
            SignInMethods::parse("sso", true).unwrap_err(),
            BadSignInMethods("sso".into())
        );
    }

    #[test]
    fn plain_http_only_on_this_machine() {
        assert!(address_allowed("https", "ent.example.fr"));
        assert!(address_allowed("http", "127.0.0.1"));
        assert!(address_allowed("http", "[::1]"));
        assert!(address_allowed("http", "LOCALHOST"));
        assert!(!address_allowed("http", "ent.example.fr"));
        assert!(!address_allowed("http", "10.0.0.1"));
        assert!(!address_allowed("ftp", "127.0.0.1"));
    }

    #[test]
    fn plain_pkce_only_when_it_is_all_the_provider_offers() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(pkce_method(&words(&["plain"])), Pkce::Plain);
        assert_eq!(pkce_method(&words(&["plain", "S256"])), Pkce::S256);
        assert_eq!(pkce_method(&words(&["S256"])), Pkce::S256);
        assert_eq!(pkce_method(&[]), Pkce::S256);
    }

    #[test]
    fn a_linked_admin_comes_first_then_a_claimed_one_then_a_teacher() {
        let teacher = Known {
            teacher_allowed: true,
            teacher_anywhere: true,
            ..Known::default()
        };
        assert_eq!(entrant("ENT-1", &teacher), Entrant::Teacher("ENT-1".into()));
        let both = Known {
            linked_admin: Some(("direction".into(), false)),
            ..teacher.clone()
        };
        assert_eq!(entrant("ENT-1", &both), Entrant::Admin("direction".into()));
        let claimed = Known {
            claimed_admin: Some(("marie.curie".into(), false)),
            ..Known::default()
        };
        assert_eq!(entrant("ENT-1", &claimed), Entrant::Admin("marie.curie".into()));
        let disabled = Known {
            linked_admin: Some(("direction".into(), true)),
            ..teacher
        };
        assert_eq!(entrant("ENT-1", &disabled), Entrant::Refused(Refusal::Disabled));
        let off = Known {
            teacher_anywhere: true,
            ..Known::default()
        };
        assert_eq!(entrant("ENT-1", &off), Entrant::Refused(Refusal::TeachersOff));
        assert_eq!(
            entrant("ENT-1", &Known::default()),
            Entrant::Refused(Refusal::NoAccess)
        );
    }
}
