//! Session cookies, CSRF and scope: the [`CurrentAdmin`] extractor, and [`Person`] for the few
//! routes a teacher signed in through the ENT may use too (every other route answers a teacher
//! 403: an administrator's extractor refuses a teacher's session by construction).
//!
//! The cookie holds a random 256-bit token; the database holds only its SHA-256. Every request
//! that changes something must also carry `X-Sesame-Csrf` equal to the session's CSRF token
//! (given by `GET /api/session`): `SameSite=Strict` already stops cross-site requests, the header
//! is the second lock. Scope is checked by [`CurrentAdmin::structure`] on every structure route.
//!
//! Over HTTPS the cookie is named [`SECURE_SESSION_COOKIE`] (`__Host-` prefix): browsers then
//! accept it only with `Secure`, `Path=/` and no `Domain`, so a neighbouring subdomain cannot
//! plant its own session cookie on Sésame's host. Over plain HTTP (a demo on loopback) it is
//! [`SESSION_COOKIE`]. Each request reads only the name that fits how it arrived.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use base64::Engine;
use sesame_core::Structure;
use sha2::{Digest, Sha256};

use super::password::constant_time_eq;
use crate::client::Client;
use crate::db::{random_bytes, Admin, Role, Session, Teacher, TeacherSession};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The session cookie over plain HTTP.
pub const SESSION_COOKIE: &str = "sesame_session";
/// The session cookie over HTTPS.
pub const SECURE_SESSION_COOKIE: &str = "__Host-sesame_session";
pub const CSRF_HEADER: &str = "x-sesame-csrf";

/// The cookie's name for a request that came over HTTPS (`secure`) or not.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// A new random token, URL-safe base64 (for cookies and CSRF).
pub fn new_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// What the database stores for a cookie token.
pub fn token_hash(token: &str) -> String {
    crate::db::hex(&Sha256::digest(token.as_bytes()))
}

/// The hash of the session token a request's cookie holds (the cookie of its scheme: the
/// `__Host-` one over HTTPS); unauthorised without one.
fn request_token_hash(parts: &Parts) -> AppResult<String> {
    let secure = parts.extensions.get::<Client>().is_some_and(|c| c.https);
    let token = cookie_token(&parts.headers, cookie_name(secure)).ok_or(AppError::Unauthorized)?;
    Ok(token_hash(&token))
}

/// The cookie named `name`, if the request's headers have one.
pub fn cookie_token(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.to_owned())
}

/// What a local administrator is told about a structure that is not theirs.
const OUT_OF_SCOPE: &str = "Cet établissement ne fait pas partie de votre périmètre.";

/// The signed-in administrator of this request.
#[derive(Debug, Clone)]
pub struct CurrentAdmin {
    pub admin: Admin,
    pub session: Session,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for CurrentAdmin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<CurrentAdmin> {
        let token_hash = request_token_hash(parts)?;
        let Some((session, admin)) = state.db.signed_in(&token_hash).await? else {
            // A teacher's session is a session, but not an administrator's.
            return Err(match state.db.teacher_signed_in(&token_hash).await? {
                Some(_) => AppError::Forbidden(FOR_ADMINISTRATORS),
                None => AppError::Unauthorized,
            });
        };
        check_csrf(parts, &session.csrf_token)?;
        Ok(CurrentAdmin {
            admin,
            session,
            token_hash,
        })
    }
}

/// What a teacher is told on an administrator's route.
pub const FOR_ADMINISTRATORS: &str =
    "Réservé aux administrateurs : un enseignant distribue les identifiants de ses classes, rien d’autre.";

/// 403 when a request that changes something lacks the session's CSRF token.
fn check_csrf(parts: &Parts, csrf_token: &str) -> AppResult<()> {
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let sent = parts
        .headers
        .get(CSRF_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !constant_time_eq(sent, csrf_token.as_bytes()) {
        return Err(AppError::Forbidden(
            "Jeton anti-CSRF manquant ou invalide : rechargez la page.",
        ));
    }
    Ok(())
}

/// A teacher signed in through the ENT, as the directory has them now.
#[derive(Debug, Clone)]
pub struct CurrentTeacher {
    pub teacher: Teacher,
    pub session: TeacherSession,
    pub token_hash: String,
}

/// Who a request comes from, on the routes a teacher may use too: an administrator or a teacher.
#[derive(Debug, Clone)]
pub enum Person {
    Admin(CurrentAdmin),
    Teacher(CurrentTeacher),
}

impl FromRequestParts<AppState> for Person {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Person> {
        let token_hash = request_token_hash(parts)?;
        if let Some((session, admin)) = state.db.signed_in(&token_hash).await? {
            check_csrf(parts, &session.csrf_token)?;
            return Ok(Person::Admin(CurrentAdmin {
                admin,
                session,
                token_hash,
            }));
        }
        let (session, teacher) = state
            .db
            .teacher_signed_in(&token_hash)
            .await?
            .ok_or(AppError::Unauthorized)?;
        check_csrf(parts, &session.csrf_token)?;
        Ok(Person::Teacher(CurrentTeacher {
            teacher,
            session,
            token_hash,
        }))
    }
}

impl CurrentTeacher {
    /// Structure `id` and the teacher's classes there: 403 for any structure where they may not
    /// hand out letters (whether or not it exists).
    pub async fn structure(
        &self,
        state: &AppState,
        id: &str,
    ) -> AppResult<(Structure, Vec<sesame_core::ClassRef>)> {
        let school = self.teacher.school(id).ok_or(AppError::Forbidden(OUT_OF_SCOPE))?;
        let structure = state
            .db
            .structure(id)
            .await?
            .ok_or(AppError::Forbidden(OUT_OF_SCOPE))?;
        Ok((structure, school.classes.clone()))
    }

    /// The accounts of structure `id` this teacher may see ([`sesame_core::access::teacher_scope`]):
    /// their pupils and, where relatives are handed letters, those pupils' relatives — never a
    /// central administrator's own account.
    pub async fn users(&self, state: &AppState, id: &str) -> AppResult<(Structure, Vec<sesame_core::User>)> {
        let (structure, classes) = self.structure(state, id).await?;
        let everyone = state.db.users_of_structure(id, true).await?;
        let relatives = !structure
            .letter_settings
            .external_sign_in
            .contains(&sesame_core::Profile::Relative);
        let users = sesame_core::access::teacher_scope::visible_to_teacher(everyone, &classes, relatives);
        Ok((structure, users))
    }

    /// Of `ids`, whether every one is an account this teacher may see in structure `id`.
    pub async fn sees_all(&self, state: &AppState, id: &str, ids: &[String]) -> AppResult<bool> {
        let (_, users) = self.users(state, id).await?;
        let seen: std::collections::HashSet<&str> = users.iter().map(|u| u.id.as_str()).collect();
        Ok(ids.iter().all(|id| seen.contains(id.as_str())))
    }
}

impl Person {
    /// Who, for the log: an administrator's login, or a teacher's ENT login.
    pub fn login(&self) -> &str {
        match self {
            Person::Admin(current) => &current.admin.login,
            Person::Teacher(current) => &current.teacher.login,
        }
    }

    pub fn token_hash(&self) -> &str {
        match self {
            Person::Admin(current) => &current.token_hash,
            Person::Teacher(current) => &current.token_hash,
        }
    }

    /// Whether central administrators' accounts are kept from this person: from a local
    /// administrator ([`CurrentAdmin::hides_central_admins`]) and from every teacher.
    pub fn hides_central_admins(&self) -> bool {
        match self {
            Person::Admin(current) => current.hides_central_admins(),
            Person::Teacher(_) => true,
        }
    }
}

impl CurrentAdmin {
    /// Structure `id` if this administrator may see it: 403 outside a local administrator's
    /// structures (whether or not it exists, so scope leaks nothing), 404 for a central one.
    pub async fn structure(&self, state: &AppState, id: &str) -> AppResult<Structure> {
        self.check_scope(state, id).await?;
        state
            .db
            .structure(id)
            .await?
            .ok_or(AppError::NotFound("Établissement introuvable."))
    }

    /// 403 when structure `id` is outside a local administrator's structures (whether or not it
    /// exists); a central administrator may see any. Whether it exists is the caller's question.
    pub async fn check_scope(&self, state: &AppState, id: &str) -> AppResult<()> {
        // The same query as the directory's revalidation: one rule of scope, written once.
        let (_, in_scope) = state.db.directory_version(id, self.local_login()).await?;
        if !in_scope {
            return Err(AppError::Forbidden(OUT_OF_SCOPE));
        }
        Ok(())
    }

    /// Whether central administrators' accounts and logins are kept from this administrator: a
    /// local administrator sees neither.
    pub fn hides_central_admins(&self) -> bool {
        self.admin.role == Role::Local
    }

    /// The login to check scope against: a local administrator's; `None` for a central one,
    /// who sees every structure.
    fn local_login(&self) -> Option<&str> {
        (self.admin.role == Role::Local).then_some(self.admin.login.as_str())
    }

    /// The version of structure `id`'s directory, after the same scope check as
    /// [`CurrentAdmin::check_scope`] (403 first, then 404), in one query: the directory's
    /// revalidation needs nothing else from the database.
    pub async fn directory_version(&self, state: &AppState, id: &str) -> AppResult<String> {
        match state.db.directory_version(id, self.local_login()).await? {
            (_, false) => Err(AppError::Forbidden(OUT_OF_SCOPE)),
            (None, true) => Err(AppError::NotFound("Établissement introuvable.")),
            (Some(version), true) => Ok(version),
        }
    }

    /// The structures this administrator may see.
    pub async fn structures(&self, state: &AppState) -> AppResult<Vec<Structure>> {
        Ok(match self.admin.role {
            Role::Central => state.db.all_structures().await?,
            Role::Local | Role::Teacher => state.db.structures_of_admin(&self.admin.login).await?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn finds_the_session_cookie_among_others() {
        let request = axum::http::Request::get("/")
            .header(header::COOKIE, "theme=dark; sesame_session=abc123; other=1")
            .body(())
            .unwrap();
        let (parts, _) = request.into_parts();
        assert_eq!(
            cookie_token(&parts.headers, SESSION_COOKIE).as_deref(),
            Some("abc123")
        );
        assert_eq!(cookie_token(&parts.headers, SECURE_SESSION_COOKIE), None);
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
