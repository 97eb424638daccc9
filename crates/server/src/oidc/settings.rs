//! The provider's settings, checked once at start: its issuer, Sésame's client id and secret
//! (the ENT's « connecteur »), Sésame's public address (the redirect is
//! `{public}/api/oidc/callback`), the button's label, and how administrators are recognised.

use openidconnect::{ClientSecret, IssuerUrl};
use sesame_core::access::sign_in::address_allowed;

/// The claim that names an administrator's login, when the operator lets the provider's login
/// match an administrator's (`SESAME_OIDC_ADMIN_CLAIM`; off by default: administrators are
/// linked to their ENT identity one by one, `--oidc-subject`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminClaim {
    /// entcore's `login` (in its userinfo; its `preferred_username` is the display name).
    Login,
    /// The standard `preferred_username` (ID token, else userinfo).
    PreferredUsername,
}

impl AdminClaim {
    pub fn parse(text: &str) -> Result<AdminClaim, String> {
        match text.trim() {
            "login" => Ok(AdminClaim::Login),
            "preferred_username" => Ok(AdminClaim::PreferredUsername),
            other => Err(format!(
                "SESAME_OIDC_ADMIN_CLAIM {other:?}: give `login` (the ENT's) or `preferred_username`"
            )),
        }
    }

    /// The claim's name in userinfo.
    pub fn name(self) -> &'static str {
        match self {
            AdminClaim::Login => "login",
            AdminClaim::PreferredUsername => "preferred_username",
        }
    }
}

/// The provider's settings. `Debug` never shows the secret (the crate's `ClientSecret` hides it).
#[derive(Debug, Clone)]
pub struct OidcSettings {
    pub issuer: IssuerUrl,
    pub client_id: String,
    pub client_secret: ClientSecret,
    /// Sésame's address as browsers reach it, without a trailing slash.
    pub public_url: String,
    /// The sign-in button's words.
    pub label: String,
    pub admin_claim: Option<AdminClaim>,
}

/// What the settings are made from (flags or `SESAME_*`), before they are checked.
#[derive(Debug, Clone, Default)]
pub struct Given {
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// A file holding the secret (its one trailing line break dropped).
    pub client_secret_file: Option<std::path::PathBuf>,
    pub public_url: Option<String>,
    pub label: String,
    pub admin_claim: Option<String>,
}

impl OidcSettings {
    /// The settings, or what is wrong with them (in the operator's words).
    pub fn check(given: &Given) -> Result<OidcSettings, String> {
        let issuer = given
            .issuer
            .as_deref()
            .ok_or("signing in through the ENT needs SESAME_OIDC_ISSUER (--oidc-issuer)")?
            .trim()
            .trim_end_matches('/');
        let issuer =
            IssuerUrl::new(issuer.to_owned()).map_err(|e| format!("SESAME_OIDC_ISSUER {issuer:?}: {e}"))?;
        let url = issuer.url();
        if !address_allowed(url.scheme(), url.host_str().unwrap_or("")) {
            return Err(format!(
                "SESAME_OIDC_ISSUER {:?} must be https:// (http:// only on this machine, for tests)",
                issuer.as_str()
            ));
        }
        let client_id = given
            .client_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .ok_or("signing in through the ENT needs SESAME_OIDC_CLIENT_ID (--oidc-client-id)")?
            .to_owned();
        let secret = match (&given.client_secret, &given.client_secret_file) {
            (Some(_), Some(_)) => {
                return Err("give SESAME_OIDC_CLIENT_SECRET or SESAME_OIDC_CLIENT_SECRET_FILE, not both".into())
            }
            (Some(secret), None) => secret.clone(),
            (None, Some(file)) => {
                let text = std::fs::read_to_string(file)
                    .map_err(|e| format!("SESAME_OIDC_CLIENT_SECRET_FILE {}: {e}", file.display()))?;
                text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text).to_owned()
            }
            (None, None) => {
                return Err(
                    "signing in through the ENT needs SESAME_OIDC_CLIENT_SECRET_FILE (or SESAME_OIDC_CLIENT_SECRET)".into(),
                )
            }
        };
        if secret.is_empty() {
            return Err("the OpenID client secret is empty".into());
        }
        let public_url = given
            .public_url
            .as_deref()
            .ok_or("signing in through the ENT needs SESAME_PUBLIC_URL (--public-url), the address browsers reach Sésame at")?
            .trim()
            .trim_end_matches('/')
            .to_owned();
        let public = openidconnect::url::Url::parse(&public_url)
            .map_err(|e| format!("SESAME_PUBLIC_URL {public_url:?}: {e}"))?;
        if !address_allowed(public.scheme(), public.host_str().unwrap_or("")) || public.query().is_some() {
            return Err(format!(
                "SESAME_PUBLIC_URL {public_url:?} must be an https:// address without a query (http:// only on this machine)"
            ));
        }
        let admin_claim = given
            .admin_claim
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(AdminClaim::parse)
            .transpose()?;
        Ok(OidcSettings {
            issuer,
            client_id,
            client_secret: ClientSecret::new(secret),
            public_url,
            label: given.label.trim().to_owned(),
            admin_claim,
        })
    }

    /// Where the provider sends the browser back.
    pub fn redirect_url(&self) -> String {
        format!("{}/api/oidc/callback", self.public_url)
    }

    /// Whether the secret has characters entcore's Basic authentication mangles (it does not
    /// decode the URL-encoding the standard asks for): letters and digits are safe.
    pub fn secret_may_be_mangled(&self) -> bool {
        !self
            .client_secret
            .secret()
            .chars()
            .all(|c| c.is_ascii_alphanumeric())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given() -> Given {
        Given {
            issuer: Some("https://ent.example.fr/auth/openid/".into()),
            client_id: Some("sesame".into()),
            client_secret: Some("s3cret".into()),
            public_url: Some("https://sesame.example.fr/".into()),
            label: "Se connecter avec ONE".into(),
            ..Given::default()
        }
    }

    /// The valid settings of [`given`] but for one `change`.
    fn given_but(change: impl FnOnce(&mut Given)) -> Given {
        let mut settings = given();
        change(&mut settings);
        settings
    }

    #[test]
    fn settings_are_checked_and_the_secret_never_shown() {
        let settings = OidcSettings::check(&given()).unwrap();
        assert_eq!(
            settings.redirect_url(),
            "https://sesame.example.fr/api/oidc/callback"
        );
        assert_eq!(settings.issuer.as_str(), "https://ent.example.fr/auth/openid");
        assert!(!format!("{settings:?}").contains("s3cret"));
        for (broken, why) in [
            (
                given_but(|g| g.issuer = Some("http://ent.example.fr".into())),
                "https",
            ),
            (
                given_but(|g| g.public_url = Some("http://sesame.example.fr".into())),
                "https",
            ),
            (given_but(|g| g.client_secret = None), "SECRET"),
            (
                given_but(|g| g.client_secret_file = Some("/nonexistent".into())),
                "not both",
            ),
            (given_but(|g| g.admin_claim = Some("email".into())), "ADMIN_CLAIM"),
        ] {
            let error = OidcSettings::check(&broken).unwrap_err();
            assert!(error.contains(why), "{error}");
        }
        let loopback = Given {
            issuer: Some("http://127.0.0.1:4010".into()),
            public_url: Some("http://localhost:8080".into()),
            ..given()
        };
        assert!(OidcSettings::check(&loopback).is_ok());
    }

    #[test]
    fn the_secret_can_come_from_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secret");
        std::fs::write(&file, "from-a-file\n").unwrap();
        let settings = OidcSettings::check(&Given {
            client_secret: None,
            client_secret_file: Some(file),
            ..given()
        })
        .unwrap();
        assert_eq!(settings.client_secret.secret(), "from-a-file");
        assert!(settings.secret_may_be_mangled());
    }
}
