//! The administration calls: importing the ENT's export (dry run, then the import), the list of
//! past imports, new schools, administrators, one's own password. Same rules as the rest of
//! `api`: core's wire types, the server's French message on failure, the CSRF token on every
//! change.

use gloo_net::http::{Method, Request};
use sesame_core::wire::{
    AdminInfo, AdminUpdate, ImportRecord, ImportSummary, IssuedPassword, NewAdmin, NewStructure,
    PasswordChange, SessionInfo,
};
use sesame_core::Structure;

use super::{csrf, get, keep, network, read, send, ApiError};

/// Sends the ENT's export (`file`, the bytes as the browser read them) for a dry run, or to
/// import it (taking the accounts it does not list out of the school with `remove_absent`). A file
/// with bad lines is an answer, not a failure: its summary lists them (the import's refusal, 422,
/// carries the same summary).
pub async fn import_file(
    structure_id: &str,
    file: &[u8],
    file_name: &str,
    dry_run: bool,
    remove_absent: bool,
) -> Result<ImportSummary, ApiError> {
    let name: String = form_urlencoded::byte_serialize(file_name.as_bytes()).collect();
    let mut address = format!("/api/structures/{structure_id}/imports?fileName={name}");
    if dry_run {
        address.push_str("&dryRun=true");
    }
    if remove_absent {
        address.push_str("&removeAbsent=true");
    }
    let response = Request::post(&address)
        .header("X-Sesame-Csrf", &csrf().await?)
        .header("Content-Type", "text/csv")
        .body(js_sys::Uint8Array::from(file))
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    if response.status() == 422 {
        return response
            .json::<ImportSummary>()
            .await
            .map_err(|e| ApiError::Network(e.to_string()));
    }
    read(response).await
}

/// `GET /api/structures/{id}/imports`, newest first.
pub async fn imports(structure_id: &str) -> Result<Vec<ImportRecord>, ApiError> {
    get(&format!("/api/structures/{structure_id}/imports")).await
}

/// `POST /api/structures`: a new school (central administrators).
pub async fn create_structure(school: &NewStructure) -> Result<Structure, ApiError> {
    read(send(Method::POST, "/api/structures", Some(school)).await?).await
}

/// `GET /api/admins`: all of them for a central administrator, oneself for a local one.
pub async fn admins() -> Result<Vec<AdminInfo>, ApiError> {
    get("/api/admins").await
}

/// `POST /api/admins`: the new administrator's generated password, to show once.
pub async fn create_admin(admin: &NewAdmin) -> Result<IssuedPassword, ApiError> {
    read(send(Method::POST, "/api/admins", Some(admin)).await?).await
}

/// `PUT /api/admins/{login}`.
pub async fn update_admin(login: &str, update: &AdminUpdate) -> Result<AdminInfo, ApiError> {
    let path = format!("/api/admins/{}", segment(login));
    read(send(Method::PUT, &path, Some(update)).await?).await
}

/// `POST /api/admins/{login}/password-reset`: the new password, to show once.
pub async fn reset_password(login: &str) -> Result<IssuedPassword, ApiError> {
    let path = format!("/api/admins/{}/password-reset", segment(login));
    read(send(Method::POST, &path, None::<&()>).await?).await
}

/// `DELETE /api/admins/{login}`.
pub async fn remove_admin(login: &str) -> Result<(), ApiError> {
    let path = format!("/api/admins/{}", segment(login));
    let response = send(Method::DELETE, &path, None::<&()>).await?;
    if response.status() == 204 {
        return Ok(());
    }
    read::<serde_json::Value>(response).await.map(|_| ())
}

/// `PUT /api/session/password`: the new session that replaces every old one (new CSRF token).
/// A wrong current password is a refusal with the server's message, not an expired session.
pub async fn change_password(change: &PasswordChange) -> Result<SessionInfo, ApiError> {
    read(send(Method::PUT, "/api/session/password", Some(change)).await?)
        .await
        .map(keep)
}

/// A login as one path segment (logins may hold `@`, `+` and other characters a path treats
/// apart).
fn segment(login: &str) -> String {
    form_urlencoded::byte_serialize(login.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
