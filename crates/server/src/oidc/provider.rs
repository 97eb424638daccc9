//! The ENT as an OpenID provider, seen from Sésame (the relying party): discovery, the
//! authorization address, the code's exchange and the ID token's check — all through the
//! `openidconnect` crate, whose checks are tested upstream; what is Sésame's own is which checks
//! it asks for and when it looks again.
//!
//! - Discovery at `{issuer}/.well-known/openid-configuration`, whose `issuer` must be the
//!   configured one (the crate checks it), with the provider's keys (JWKS). Done at the first
//!   sign-in and kept a day; a failed one is tried again at most every 30 s, and password
//!   sign-in never waits for it.
//! - PKCE: S256, or `plain` when the provider offers nothing else (entcore) —
//!   [`sesame_core::access::sign_in::pkce_method`].
//! - The ID token: RS256 only, whatever the provider lists, never a MAC (a verifier of a public
//!   client: the secret is never a key); `iss`, `aud`, `exp`, `nonce` checked by the crate;
//!   `iat` not in the future. `alg: none` is refused by the crate.
//! - An unknown key id (the provider rotated its keys) fetches the JWKS again, at most once a
//!   minute, then checks once more.
//! - The HTTP client follows no redirect (a provider's answer cannot send Sésame elsewhere),
//!   waits 10 s at most, and speaks plain HTTP only to a provider on loopback.

use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthenticationFlow, CoreClaimName, CoreClaimType, CoreClient, CoreClientAuthMethod,
    CoreGrantType, CoreIdTokenVerifier, CoreJsonWebKey, CoreJsonWebKeySet, CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType,
    CoreSubjectIdentifierType,
};
use openidconnect::{
    AccessTokenHash, AdditionalProviderMetadata, AuthorizationCode, ClaimsVerificationError, ClientId,
    CsrfToken, EndSessionUrl, EndpointMaybeSet, EndpointNotSet, EndpointSet, LogoutRequest, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeChallengeMethod, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadata, RedirectUrl, Scope, SignatureVerificationError, TokenResponse,
};
use serde::{Deserialize, Serialize};
use sesame_core::access::sign_in::{pkce_method, Pkce};
use tokio::sync::{Mutex, RwLock};

use super::settings::{AdminClaim, OidcSettings};

/// What discovery says beyond the crate's fields: RP-initiated logout and RFC 8414's PKCE
/// methods.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub(super) struct Extra {
    end_session_endpoint: Option<EndSessionUrl>,
    code_challenge_methods_supported: Option<Vec<PkceCodeChallengeMethod>>,
}
impl AdditionalProviderMetadata for Extra {}

type Metadata = ProviderMetadata<
    Extra,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// The client the metadata gives: authorization address set, token and userinfo addresses
/// when the provider has them.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// How long a discovery is kept.
const KEPT: Duration = Duration::from_secs(24 * 3600);
/// How soon a failed discovery may be tried again.
const RETRY_DISCOVERY: Duration = Duration::from_secs(30);
/// How soon the provider's keys may be fetched again for an unknown key id.
const REFETCH_KEYS: Duration = Duration::from_secs(60);
/// How far in the future an ID token's `iat` may be (clocks differ a little).
const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);
/// The longest `sub` taken (an ENT id is a few dozen characters).
const MAX_SUBJECT: usize = 256;

/// What the provider said at discovery, and its keys.
struct Discovered {
    metadata: Metadata,
    keys: CoreJsonWebKeySet,
    pkce: Pkce,
    scopes: Vec<String>,
    at: Instant,
}

/// A sign-in started: where to send the browser, and what the callback must find again.
#[derive(Debug)]
pub struct Start {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// Who the provider says signed in, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The ID token's `sub`: the ENT id (entcore's `externalId`, the export's `Id`).
    pub subject: String,
    /// The login the configured claim gives ([`AdminClaim`]), when administrators are matched
    /// by it.
    pub claimed_login: Option<String>,
}

/// Why a sign-in through the provider failed. The reason is for the log (never a token nor a
/// code); the sign-in page only learns the [`Failure::code`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The provider cannot be reached or answers nonsense (discovery, exchange, keys).
    Unavailable(String),
    /// The provider answered, but its token is refused.
    Token(String),
}

impl Failure {
    /// The code the sign-in page reads (`/login?error=…`).
    pub fn code(&self) -> &'static str {
        match self {
            Failure::Unavailable(_) => "oidc_unavailable",
            Failure::Token(_) => "oidc_token",
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            Failure::Unavailable(reason) | Failure::Token(reason) => reason,
        }
    }
}

/// The configured provider, its discovery kept (cheap to share: one per process).
pub struct OidcProvider {
    settings: OidcSettings,
    http: openidconnect::reqwest::Client,
    discovered: RwLock<Option<Arc<Discovered>>>,
    /// When discovery was last tried (a failed one is not tried again before `RETRY_DISCOVERY`).
    last_try: Mutex<Option<Instant>>,
    /// When the keys were last fetched again for an unknown key id.
    last_refetch: Mutex<Option<Instant>>,
}

impl std::fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcProvider")
            .field("issuer", &self.settings.issuer.as_str())
            .finish_non_exhaustive()
    }
}

impl OidcProvider {
    pub fn new(settings: OidcSettings) -> OidcProvider {
        let loopback = settings.issuer.url().scheme() == "http";
        let http = openidconnect::reqwest::Client::builder()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .https_only(!loopback)
            .build()
            .expect("an HTTP client with rustls");
        OidcProvider {
            settings,
            http,
            discovered: RwLock::new(None),
            last_try: Mutex::new(None),
            last_refetch: Mutex::new(None),
        }
    }

    pub fn settings(&self) -> &OidcSettings {
        &self.settings
    }

    /// Discovers the provider now (at start, so that a wrong setting shows in the log at once);
    /// a failure is logged and tried again at the first sign-in.
    pub async fn warm_up(&self) {
        match self.current().await {
            Ok(discovered) => tracing::info!(
                issuer = %self.settings.issuer.as_str(),
                pkce = match discovered.pkce { Pkce::S256 => "S256", Pkce::Plain => "plain" },
                keys = discovered.keys.keys().len(),
                "OpenID provider discovered"
            ),
            Err(failure) => tracing::warn!(
                issuer = %self.settings.issuer.as_str(),
                reason = %failure.reason().escape_debug(),
                "OpenID provider not reachable yet; sign-in through it is tried again when asked"
            ),
        }
    }

    /// Starts a sign-in: a new state, nonce and PKCE verifier, and the provider's address to
    /// send the browser to.
    pub async fn start(&self) -> Result<Start, Failure> {
        let discovered = self.current().await?;
        let (challenge, verifier) = match discovered.pkce {
            Pkce::S256 => PkceCodeChallenge::new_random_sha256(),
            Pkce::Plain => PkceCodeChallenge::new_random_plain(),
        };
        let client = self.client(&discovered)?;
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            || CsrfToken::new_random_len(32),
            || Nonce::new_random_len(32),
        );
        for scope in &discovered.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(Start {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges `code` (with the flow's PKCE `verifier`) and checks the ID token against the
    /// flow's `nonce`: who signed in.
    pub async fn finish(&self, code: &str, verifier: &str, nonce: &str) -> Result<Identity, Failure> {
        let discovered = self.current().await?;
        let client = self.client(&discovered)?;
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| Failure::Unavailable(format!("no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| Failure::Token(format!("code exchange: {e}")))?;
        let id_token = token
            .id_token()
            .ok_or_else(|| Failure::Token("the answer holds no ID token".into()))?;
        let nonce = Nonce::new(nonce.to_owned());
        let mut keys = discovered.keys.clone();
        let claims = match id_token.claims(&self.verifier(&discovered, &keys), &nonce) {
            Ok(claims) => claims.clone(),
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                keys = self.refetch_keys(&discovered).await?;
                id_token
                    .claims(&self.verifier(&discovered, &keys), &nonce)
                    .map_err(|e| Failure::Token(format!("ID token, after fetching the keys again: {e}")))?
                    .clone()
            }
            Err(e) => return Err(Failure::Token(format!("ID token: {e}"))),
        };
        // An access token's hash, when the provider gives one, ties the access token used for
        // userinfo below to this ID token.
        if let Some(expected) = claims.access_token_hash() {
            let verifier = self.verifier(&discovered, &keys);
            let alg = id_token
                .signing_alg()
                .map_err(|e| Failure::Token(format!("ID token algorithm: {e}")))?;
            let key = id_token
                .signing_key(&verifier)
                .map_err(|e| Failure::Token(format!("ID token key: {e}")))?;
            let actual = AccessTokenHash::from_token(token.access_token(), alg, key)
                .map_err(|e| Failure::Token(format!("access token hash: {e}")))?;
            if actual != *expected {
                return Err(Failure::Token(
                    "the access token does not match the ID token".into(),
                ));
            }
        }
        let subject = claims.subject().as_str().to_owned();
        if subject.is_empty() || subject.len() > MAX_SUBJECT || subject.chars().any(char::is_control) {
            return Err(Failure::Token(
                "the ID token's subject is empty, too long or not text".into(),
            ));
        }
        let claimed_login = match self.settings.admin_claim {
            None => None,
            Some(claim) => {
                self.claimed_login(&discovered, claim, &token, &claims, &subject)
                    .await
            }
        };
        Ok(Identity {
            subject,
            claimed_login,
        })
    }

    /// Where to send the browser to end its session with the provider too, when it says where
    /// (`end_session_endpoint`), coming back to Sésame's sign-in page.
    pub async fn end_session_url(&self) -> Option<String> {
        let discovered = self.current().await.ok()?;
        let endpoint = discovered
            .metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let back = format!("{}/login", self.settings.public_url);
        let mut url = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.settings.client_id.clone()))
            .set_post_logout_redirect_uri(PostLogoutRedirectUrl::new(back.clone()).ok()?)
            .http_get_url();
        // entcore reads its own parameter for the way back.
        url.query_pairs_mut().append_pair("callback", &back);
        Some(url.to_string())
    }

    /// The discovery kept, or a new one when none is kept or it is a day old (a failed one is
    /// not tried again within `RETRY_DISCOVERY`).
    async fn current(&self) -> Result<Arc<Discovered>, Failure> {
        if let Some(discovered) = self.discovered.read().await.as_ref() {
            if discovered.at.elapsed() < KEPT {
                return Ok(discovered.clone());
            }
        }
        let mut last_try = self.last_try.lock().await;
        // Someone else may have discovered while this one waited for the lock.
        if let Some(discovered) = self.discovered.read().await.as_ref() {
            if discovered.at.elapsed() < KEPT {
                return Ok(discovered.clone());
            }
        }
        if last_try.is_some_and(|at| at.elapsed() < RETRY_DISCOVERY) {
            return Err(Failure::Unavailable("discovery failed a moment ago".into()));
        }
        *last_try = Some(Instant::now());
        let metadata = Metadata::discover_async(self.settings.issuer.clone(), &self.http)
            .await
            .map_err(|e| {
                Failure::Unavailable(format!("discovery at {}: {e}", self.settings.issuer.as_str()))
            })?;
        let offered: Vec<String> = metadata
            .additional_metadata()
            .code_challenge_methods_supported
            .iter()
            .flatten()
            .map(|m| m.as_str().to_owned())
            .collect();
        let supported: Vec<String> = metadata
            .scopes_supported()
            .into_iter()
            .flatten()
            .map(|s| s.as_str().to_owned())
            .collect();
        // `openid` is the crate's; ask for the profile too where the provider names it
        // (entcore's is `userinfo`; some providers refuse a scope they do not know).
        let scopes = ["userinfo", "profile"]
            .into_iter()
            .filter(|s| supported.iter().any(|t| t == s))
            .map(str::to_owned)
            .collect();
        let discovered = Arc::new(Discovered {
            keys: metadata.jwks().clone(),
            pkce: pkce_method(&offered),
            scopes,
            metadata,
            at: Instant::now(),
        });
        *self.discovered.write().await = Some(discovered.clone());
        Ok(discovered)
    }

    /// The provider's keys fetched again (its key ids changed), at most once a minute; kept for
    /// the next sign-ins.
    async fn refetch_keys(&self, discovered: &Discovered) -> Result<CoreJsonWebKeySet, Failure> {
        let mut last = self.last_refetch.lock().await;
        if last.is_some_and(|at| at.elapsed() < REFETCH_KEYS) {
            // Fetched moments ago: the current keys are as new as they get.
            return Ok(self
                .discovered
                .read()
                .await
                .as_ref()
                .map_or_else(|| discovered.keys.clone(), |d| d.keys.clone()));
        }
        *last = Some(Instant::now());
        let keys = CoreJsonWebKeySet::fetch_async(discovered.metadata.jwks_uri(), &self.http)
            .await
            .map_err(|e| Failure::Unavailable(format!("fetching the provider's keys: {e}")))?;
        tracing::info!(issuer = %self.settings.issuer.as_str(), keys = keys.keys().len(), "OpenID provider's keys fetched again (a key id was new)");
        let mut kept = self.discovered.write().await;
        if let Some(current) = kept.as_ref() {
            *kept = Some(Arc::new(Discovered {
                metadata: current.metadata.clone(),
                keys: keys.clone(),
                pkce: current.pkce,
                scopes: current.scopes.clone(),
                at: current.at,
            }));
        }
        Ok(keys)
    }

    fn client(&self, discovered: &Discovered) -> Result<Client, Failure> {
        let redirect = RedirectUrl::new(self.settings.redirect_url())
            .map_err(|e| Failure::Unavailable(format!("redirect address: {e}")))?;
        Ok(CoreClient::from_provider_metadata(
            discovered.metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            Some(self.settings.client_secret.clone()),
        )
        .set_redirect_uri(redirect))
    }

    /// RS256 only, never a MAC (a public client's verifier has no secret to use as a key),
    /// `iat` at most a few minutes ahead.
    fn verifier(&self, discovered: &Discovered, keys: &CoreJsonWebKeySet) -> CoreIdTokenVerifier<'static> {
        CoreIdTokenVerifier::new_public_client(
            ClientId::new(self.settings.client_id.clone()),
            discovered.metadata.issuer().clone(),
            keys.clone(),
        )
        .set_allowed_algs([CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256])
        .set_issue_time_verifier_fn(|iat| {
            if iat > chrono::Utc::now() + CLOCK_SKEW {
                Err("issued in the future".into())
            } else {
                Ok(())
            }
        })
    }

    /// The login the configured claim names: from the ID token, else from userinfo (whose
    /// subject must be the ID token's — entcore's default shape names it `externalId`).
    async fn claimed_login(
        &self,
        discovered: &Discovered,
        claim: AdminClaim,
        token: &openidconnect::core::CoreTokenResponse,
        claims: &openidconnect::core::CoreIdTokenClaims,
        subject: &str,
    ) -> Option<String> {
        if claim == AdminClaim::PreferredUsername {
            if let Some(name) = claims.preferred_username() {
                return Some(name.as_str().to_owned());
            }
        }
        let endpoint = discovered.metadata.userinfo_endpoint()?;
        let answer = self
            .http
            .get(endpoint.url().clone())
            .bearer_auth(token.access_token().secret())
            .send()
            .await
            .ok()?
            .bytes()
            .await
            .ok()?;
        let info: serde_json::Value = serde_json::from_slice(&answer).ok()?;
        let same = [&info["sub"], &info["externalId"]]
            .iter()
            .any(|id| id.as_str() == Some(subject));
        if !same {
            tracing::warn!("userinfo names another subject than the ID token: its claims are ignored");
            return None;
        }
        info[claim.name()].as_str().map(str::to_owned)
    }
}
