//! What the sign-in page offers, from the server's `GET /api/oidc`: the ENT's button first when
//! its sign-in is on, the password form below it — or, when the operator turned passwords off,
//! tucked behind « Connexion de secours », since central administrators keep their password for
//! the day the ENT is down (unless the operator said otherwise: then the server refuses it, and
//! says so). And why a sign-in through the ENT came back to the page: the callback's
//! `?error=CODE`, each code one [`SignInFailure`]. Signing out of a session begun at the ENT
//! goes through the ENT's own sign-out ([`SignOutTo`]).

use crate::wire::OidcInfo;

/// What the sign-in page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInOffer {
    /// The ENT's button, when its sign-in is on.
    pub provider: Option<ProviderButton>,
    /// How the password form is shown.
    pub password: PasswordForm,
}

/// The ENT's button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderButton {
    /// The operator's words (« Se connecter avec ONE »); `None` when they gave none.
    pub label: Option<String>,
}

/// How the password form is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordForm {
    /// Open, for everyone: the only sign-in, or beside the ENT's.
    Open,
    /// Closed under « Connexion de secours (administrateurs centraux) »: passwords are off,
    /// but a central administrator may still need one.
    BreakGlass,
}

impl SignInOffer {
    /// From `GET /api/oidc`'s answer; `None` when there is none (a server without the route, or
    /// the request failed): the password form, as before the ENT's sign-in existed — never a
    /// page with no way in.
    pub fn from_info(info: Option<&OidcInfo>) -> SignInOffer {
        match info {
            Some(info) if info.enabled => SignInOffer {
                provider: Some(ProviderButton {
                    label: Some(info.label.trim().to_owned()).filter(|l| !l.is_empty()),
                }),
                password: if info.password_sign_in {
                    PasswordForm::Open
                } else {
                    PasswordForm::BreakGlass
                },
            },
            _ => SignInOffer {
                provider: None,
                password: PasswordForm::Open,
            },
        }
    }
}

/// Why a sign-in through the ENT ended back on the sign-in page (`/login?error=CODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInFailure {
    /// `oidc_state`: the attempt expired, was replayed, or came back to another browser.
    Expired,
    /// `oidc_denied`: refused at the ENT (the person said no, or the ENT did).
    Denied,
    /// `oidc_token`, `oidc_issuer`: the ENT's answer could not be checked.
    Unverified,
    /// `oidc_unavailable`: the ENT does not answer.
    Unavailable,
    /// `oidc_no_access`: a verified ENT identity that is no one to Sésame.
    NoAccess,
    /// `oidc_teachers_off`: a teacher of a school that does not let teachers hand out letters.
    TeachersOff,
    /// `oidc_disabled`: an administrator whose account is disabled.
    Disabled,
    /// `oidc_off`: this server does not offer the ENT's sign-in (a page kept from before the
    /// operator turned it off).
    Off,
    /// `oidc_busy`: too many sign-ins through the ENT under way at once.
    Busy,
    /// A code this app does not know: said in general words, never the code's own text (the
    /// address is anyone's to write, and the page must not read out what a link says).
    Unknown,
}

impl SignInFailure {
    /// The callback's code.
    pub fn from_code(code: &str) -> SignInFailure {
        match code {
            "oidc_state" => SignInFailure::Expired,
            "oidc_denied" => SignInFailure::Denied,
            "oidc_token" | "oidc_issuer" => SignInFailure::Unverified,
            "oidc_unavailable" => SignInFailure::Unavailable,
            "oidc_no_access" => SignInFailure::NoAccess,
            "oidc_teachers_off" => SignInFailure::TeachersOff,
            "oidc_disabled" => SignInFailure::Disabled,
            "oidc_off" => SignInFailure::Off,
            "oidc_busy" => SignInFailure::Busy,
            _ => SignInFailure::Unknown,
        }
    }
}

/// Where the browser goes once signed out of Sésame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignOutTo {
    /// The sign-in page.
    SignIn,
    /// The ENT's sign-out page (`end_session_endpoint`), which sends the browser back to the
    /// sign-in page: else the ENT's session would sign the next person at this computer in again.
    Provider(String),
}

impl SignOutTo {
    /// From `DELETE /api/session`'s `endSessionUrl`, when it answered one: a web address only
    /// (`https://`, or `http://` as a provider on loopback has) — anything else, which the page
    /// would hand to `location.assign`, is not followed.
    pub fn from_answer(end_session_url: Option<&str>) -> SignOutTo {
        match end_session_url {
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                SignOutTo::Provider(url.to_owned())
            }
            _ => SignOutTo::SignIn,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(enabled: bool, label: &str, password_sign_in: bool) -> OidcInfo {
        OidcInfo {
            enabled,
            label: label.into(),
            password_sign_in,
        }
    }

    #[test]
    fn the_ent_button_comes_with_the_servers_words_and_the_password_form_stays_open() {
        let offer = SignInOffer::from_info(Some(&info(true, " Se connecter avec ONE ", true)));
        assert_eq!(
            offer.provider,
            Some(ProviderButton {
                label: Some("Se connecter avec ONE".into())
            })
        );
        assert_eq!(offer.password, PasswordForm::Open);
    }

    #[test]
    fn passwords_off_keeps_a_way_in_for_central_administrators() {
        let offer = SignInOffer::from_info(Some(&info(true, "", false)));
        assert_eq!(offer.provider, Some(ProviderButton { label: None }));
        assert_eq!(offer.password, PasswordForm::BreakGlass);
    }

    #[test]
    fn without_the_ents_sign_in_or_an_answer_the_password_form_is_the_page() {
        for answer in [None, Some(info(false, "Se connecter avec ONE", false))] {
            let offer = SignInOffer::from_info(answer.as_ref());
            assert_eq!(offer.provider, None);
            assert_eq!(offer.password, PasswordForm::Open);
        }
    }

    #[test]
    fn every_callback_code_is_one_failure_and_a_strange_one_is_unknown() {
        let codes = [
            ("oidc_state", SignInFailure::Expired),
            ("oidc_denied", SignInFailure::Denied),
            ("oidc_token", SignInFailure::Unverified),
            ("oidc_issuer", SignInFailure::Unverified),
            ("oidc_unavailable", SignInFailure::Unavailable),
            ("oidc_no_access", SignInFailure::NoAccess),
            ("oidc_teachers_off", SignInFailure::TeachersOff),
            ("oidc_disabled", SignInFailure::Disabled),
            ("oidc_off", SignInFailure::Off),
            ("oidc_busy", SignInFailure::Busy),
            ("Appelez le 01 23 45 67 89", SignInFailure::Unknown),
            ("", SignInFailure::Unknown),
        ];
        for (code, failure) in codes {
            assert_eq!(SignInFailure::from_code(code), failure, "{code}");
        }
    }

    #[test]
    fn signing_out_follows_the_ents_sign_out_page_and_nothing_but_a_web_address() {
        let url = "https://ent.example.fr/auth/logout?callback=https%3A%2F%2Fsesame.example.fr%2Flogin";
        assert_eq!(SignOutTo::from_answer(Some(url)), SignOutTo::Provider(url.into()));
        assert_eq!(SignOutTo::from_answer(None), SignOutTo::SignIn);
        for odd in ["javascript:alert(1)", "//evil.example", "data:text/html,x", ""] {
            assert_eq!(SignOutTo::from_answer(Some(odd)), SignOutTo::SignIn, "{odd}");
        }
    }
}
