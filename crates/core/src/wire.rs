//! Every request and response body of the HTTP API (ARCHITECTURE.md, « Interfaces kept stable »), in one place, serde only: the
//! server answers with these types and the app reads them, so a change to the contract is one
//! edit here and a compile error wherever it matters.
//!
//! JSON is camelCase. The directory's own types (`User`, `Structure`, `LetterSettings`) live in
//! [`crate::model`]; the bodies that carry them are here.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Structure, User};

/// Body of `POST /api/session`. `Debug` leaves the password out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub login: String,
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

/// What an administrator may see: every structure, or only their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Central,
    Local,
}

impl Role {
    /// The JSON and command-line word (`central`, `local`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Central => "central",
            Role::Local => "local",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "central" => Some(Role::Central),
            "local" => Some(Role::Local),
            _ => None,
        }
    }
}

/// Body of `GET /api/session` (and of a successful `POST`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub structures: Vec<Structure>,
    /// The `X-Sesame-Csrf` header every mutating request must carry.
    pub csrf_token: String,
    /// Whether this server sends e-mail (`--smtp-url`): the app disables « Envoyer par
    /// courriel » and says why from the start, instead of after a confirmation.
    #[serde(default)]
    pub mail_enabled: bool,
}

/// Body of `GET /api/structures/{id}/users`, also the input of `sesame letters`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsersResponse {
    pub structure: Structure,
    pub users: Vec<User>,
    pub fetched_at: DateTime<Utc>,
    /// The structure's latest recorded import, if any (what `import=latest` selects from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_import_id: Option<String>,
}

/// How credentials were handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Printed letters (a PDF built in the browser).
    Pdf,
    /// E-mails sent by the outbox.
    Mail,
}

impl Channel {
    /// The JSON word, as stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Pdf => "pdf",
            Channel::Mail => "mail",
        }
    }
}

/// Body of `POST /api/structures/{id}/distributions`: ids only, never a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DistributionRecord {
    pub user_ids: Vec<String>,
    pub channel: Channel,
}

/// `201` body of `POST /api/structures/{id}/distributions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DistributionRecorded {
    /// The log entry's id.
    pub id: String,
    /// How many distinct accounts it records.
    pub recorded: usize,
}

/// One entry of `GET /api/structures/{id}/distributions`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DistributionEntry {
    pub id: String,
    /// `None` when redacted: a central administrator's login, read by a local administrator.
    pub admin_login: Option<String>,
    pub channel: String,
    pub at: DateTime<Utc>,
    pub user_ids: Vec<String>,
}

/// Body of `POST /api/structures/{id}/mailings`: ids only (the server composes each message
/// from its own data), and a key that makes a repeated request return the first mailing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MailingRequest {
    pub user_ids: Vec<String>,
    pub idempotency_key: String,
}

/// `202` body of `POST /api/structures/{id}/mailings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewMailing {
    pub mailing_id: String,
    /// Messages queued (accounts with an address).
    pub queued: u64,
    /// Accounts left out for having no address.
    pub skipped_no_email: u64,
}

/// Body of `GET /api/mailings/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailingStatus {
    /// `sending` while anything is pending, then `sent`, `failed` (nothing went) or `partial`.
    pub state: String,
    pub total: u64,
    pub sent: u64,
    pub failed: u64,
    pub pending: u64,
    pub recipients: Vec<RecipientStatus>,
}

/// One queued account of a mailing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientStatus {
    pub user_id: String,
    /// `queued`, `sending`, `sent` or `failed`.
    pub state: String,
    /// Why it failed, or why the last attempt of a still pending message did not go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Every error answer of the API: `{"error": {"code", "message"}}`, the message in French for
/// the administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// A stable word for programs (`unauthorized`, `forbidden`, …).
    pub code: String,
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_camel_case_and_credentials_never_print_the_password() {
        let credentials = Credentials {
            login: "direction".into(),
            password: "secret de test".into(),
        };
        assert!(!format!("{credentials:?}").contains("secret"));
        let record = DistributionRecord {
            user_ids: vec!["u1".into()],
            channel: Channel::Pdf,
        };
        assert_eq!(
            serde_json::to_value(&record).unwrap(),
            serde_json::json!({"userIds": ["u1"], "channel": "pdf"})
        );
        assert_eq!(
            serde_json::to_value(ErrorBody::new("forbidden", "Non.")).unwrap(),
            serde_json::json!({"error": {"code": "forbidden", "message": "Non."}})
        );
        assert_eq!(serde_json::to_value(Role::Central).unwrap(), "central");
    }
}
