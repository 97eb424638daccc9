//! What every handler shares, built once at start.

use std::sync::Arc;

use axum::http::HeaderValue;

use crate::auth::device::DeviceCookies;
use crate::auth::password::Verifier;
use crate::auth::rate_limit::RateLimiter;
use crate::client::TrustedProxies;
use crate::db::Db;
use crate::directory_cache::DirectoryCache;
use crate::import_slots::ImportSlots;
use crate::mail::{Mailer, SenderPolicy, DEFAULT_FROM};
use crate::oidc::OidcProvider;
use sesame_core::access::sign_in::SignInMethods;

/// Shared state; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The directory, admin accounts, sessions and logs.
    pub db: Db,
    /// Failed logins: a progressive delay per account, limits per address and in all, none for
    /// a device cookie of the login (kept in the database, shared by every instance).
    pub limiter: Arc<RateLimiter>,
    /// Issues and checks device cookies (their key is in the database, shared by every
    /// instance), which let a browser that signed in before through the limiter's delays.
    pub devices: Arc<DeviceCookies>,
    /// Checks sign-in passwords a few at a time, with the decoy hash made at start-up.
    pub verifier: Arc<Verifier>,
    /// Served over TLS whatever the headers say (`--secure-cookies`): `Secure` + `__Host-`
    /// cookie, HSTS.
    pub secure_cookies: bool,
    /// Proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed (`crate::client`).
    pub trusted_proxies: Arc<TrustedProxies>,
    /// The Content-Security-Policy sent with every response (see [`crate::security`]).
    pub csp: HeaderValue,
    /// The SMTP transport and outbox settings; `None` when no `--smtp-url` was given (mailings
    /// are then refused with 503).
    pub mailer: Option<Mailer>,
    /// The sender domains a structure's `senderAddress` may use (checked even without SMTP, so
    /// settings saved today still hold when e-mail is turned on).
    pub senders: Arc<SenderPolicy>,
    /// Directory bodies per structure version, serialised and compressed once
    /// (`--directory-cache-mb`).
    pub directories: Arc<DirectoryCache>,
    /// Imports running in this process, one per school and `--imports-at-once` in all.
    pub imports: ImportSlots,
    /// Which sign-ins are offered (`--sign-in`, `--break-glass`).
    pub sign_in: SignInMethods,
    /// The ENT as an OpenID provider, when signing in through it is offered.
    pub oidc: Option<Arc<OidcProvider>>,
}

/// The directory cache's budget without `--directory-cache-mb`, in MiB.
pub const DEFAULT_DIRECTORY_CACHE_MB: usize = 64;

/// Imports at once without `--imports-at-once`: two 20 MiB files are the most a small server
/// should hold in memory together beside everything else.
pub const DEFAULT_IMPORTS_AT_ONCE: usize = 2;

impl AppState {
    /// State over `db` with the defaults of `sesame serve` without options: no proxy trusted,
    /// plain HTTP, no mail, senders of the default `From`'s domain, the default directory cache,
    /// password sign-in only.
    /// Builds the decoy hash now.
    pub fn new(db: Db, csp: HeaderValue) -> AppState {
        let from = DEFAULT_FROM.parse().expect("the default sender is an address");
        AppState {
            limiter: Arc::new(RateLimiter::new(db.clone())),
            devices: Arc::new(DeviceCookies::new()),
            db,
            verifier: Arc::new(Verifier::new()),
            secure_cookies: false,
            trusted_proxies: Arc::default(),
            csp,
            mailer: None,
            senders: Arc::new(SenderPolicy::new(None, &from).expect("no list to check")),
            directories: Arc::new(DirectoryCache::new(DEFAULT_DIRECTORY_CACHE_MB << 20)),
            imports: ImportSlots::new(DEFAULT_IMPORTS_AT_ONCE),
            sign_in: SignInMethods {
                password: true,
                oidc: false,
                break_glass: true,
            },
            oidc: None,
        }
    }
}
