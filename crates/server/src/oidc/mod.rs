//! Signing in through the ENT: Sésame as an OpenID Connect relying party (authorization code
//! flow) of any standard provider, the ENT's first (entcore publishes
//! `/auth/openid/.well-known/openid-configuration`).
//!
//! - `settings`: the issuer, the client (the ENT's « connecteur »), Sésame's public address,
//!   the button's label, how administrators are recognised; checked at start.
//! - `provider`: discovery, the authorization address with state, nonce and PKCE, the code's
//!   exchange and the ID token's checks (the `openidconnect` crate's), keys fetched again when
//!   the provider rotates them.
//!
//! The flow's state between the button and the callback is a row in the database
//! (`db/oidc_flows.rs`) named by a short-lived cookie, so the callback may reach another
//! instance, and is consumed once: a replayed callback finds nothing (entcore itself accepts a
//! code more than once). Who gets in is Sésame's decision (`sesame_core::access::sign_in`), from its own
//! records: an administrator linked to the identity, a teacher of a school that lets teachers
//! distribute.

mod provider;
mod settings;

pub use provider::{Failure, Identity, OidcProvider, Start};
pub use settings::{AdminClaim, Given, OidcSettings};
