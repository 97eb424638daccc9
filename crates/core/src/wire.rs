//! Every request and response body of the HTTP API (ARCHITECTURE.md, « Interfaces kept stable »),
//! in one place, serde only: the server answers with these types and the app reads them, so a
//! change to the contract is one edit here and a compile error wherever it matters.
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

/// Who is signed in, and so what they may see: an administrator of every structure (central),
/// of their own (local), or a teacher, who signs in through the ENT and sees the pupils of their
/// classes in the schools that let teachers hand out letters. An administrator is central or
/// local, never a teacher ([`Role::parse_admin`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Central,
    Local,
    Teacher,
}

impl Role {
    /// The JSON and command-line word (`central`, `local`, `teacher`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Central => "central",
            Role::Local => "local",
            Role::Teacher => "teacher",
        }
    }

    /// An administrator's role: `central` or `local` (a teacher is no administrator).
    pub fn parse_admin(text: &str) -> Option<Role> {
        match text {
            "central" => Some(Role::Central),
            "local" => Some(Role::Local),
            _ => None,
        }
    }

    /// Whether this is an administrator's role.
    pub fn is_admin(self) -> bool {
        matches!(self, Role::Central | Role::Local)
    }
}

/// Body of `POST /api/mailings/{id}/retry`: the failed messages queued again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailingRetried {
    pub mailing_id: String,
    pub requeued: u64,
}

/// Body of `GET /api/health`: whether the database answers, and the outbox's backlog (shared by
/// every instance on the database).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// `ok`, or `database unavailable` (then the answer is 503).
    pub status: String,
    pub database: DatabaseHealth,
    /// Absent when the database does not answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox: Option<OutboxHealth>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseHealth {
    /// `sqlite` or `postgresql`.
    pub engine: String,
    /// `ok` or `unavailable`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxHealth {
    /// `on` (this instance sends) or `off`.
    pub mail: String,
    pub queued: i64,
    pub sending: i64,
    /// Claims whose lease ended: an instance died or stalls mid-send.
    pub stale_leases: i64,
    pub failed: i64,
    /// The oldest due message's wait, in seconds.
    pub oldest_due_secs: i64,
}

/// Body of `GET /api/oidc` (no session needed): what the sign-in page offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OidcInfo {
    /// Whether signing in through the ENT is offered.
    pub enabled: bool,
    /// The button's words (« Se connecter avec ONE »).
    pub label: String,
    /// Whether everyone may sign in with a password (else only central administrators, when the
    /// operator keeps that way in for when the ENT is down).
    pub password_sign_in: bool,
}

/// Body of `DELETE /api/session` when the session began at the ENT: where to send the browser
/// to end the ENT's session too (it comes back to the sign-in page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedOut {
    pub end_session_url: String,
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
    /// A teacher's classes, in every school of `structures` (empty for an administrator).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<crate::model::ClassRef>,
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
    /// A CSV file of codes built in the browser (« Exporter en CSV »), handed on by the
    /// administrator.
    Csv,
}

impl Channel {
    /// The JSON word, as stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Pdf => "pdf",
            Channel::Mail => "mail",
            Channel::Csv => "csv",
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

/// How long after marking letters as distributed the administrator who did may take it back
/// (`DELETE /api/structures/{id}/distributions/{distributionId}`): long enough to notice a
/// wrong click, short enough that the log can be believed after it.
pub const UNDO_MINUTES: i64 = 5;

/// `200` body of `DELETE /api/structures/{id}/distributions/{distributionId}`: the entry is
/// gone, and each of its accounts' last distribution is now this (an earlier one, or none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DistributionUndone {
    pub last_distributed: Vec<LastDistributed>,
}

/// An account's last distribution in one structure after an undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LastDistributed {
    pub user_id: String,
    /// `None`: no distribution of this account is left in the log.
    pub at: Option<DateTime<Utc>>,
}

/// One entry of `GET /api/structures/{id}/distributions`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DistributionEntry {
    pub id: String,
    /// `None` when redacted: a central administrator's login, read by a local administrator.
    pub admin_login: Option<String>,
    /// Handed out by a teacher (then `admin_login` is their ENT login).
    #[serde(default)]
    pub by_teacher: bool,
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

/// Body of `POST /api/structures` (central administrators): a new school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStructure {
    /// Official school code, e.g. `0751234A`.
    pub uai: String,
    pub name: String,
}

/// What `POST /api/structures/{id}/imports` answers: the dry run's preview, or what the import
/// did (then with its id). The counts first (`created`, `updated`, …), then the accounts behind
/// them. Names and logins only: never an activation code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// True for a preview: nothing was written.
    pub dry_run: bool,
    /// The recorded import, once written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_id: Option<String>,
    /// Accounts new to the school (as the importer sees it).
    pub created: usize,
    /// Accounts another of the importer's schools already has, which this school now shares
    /// (one ENT account in several schools).
    #[serde(default)]
    pub shared: usize,
    pub updated: usize,
    /// Lines identical to the account they name.
    pub unchanged: usize,
    /// Accounts of the school the file does not mention.
    pub absent: usize,
    /// Of those, how many leave the school (when the import was asked to remove them; the
    /// accounts stay in their other schools). Otherwise they are kept as they are.
    #[serde(default)]
    pub removed: usize,
    pub classes_created: usize,
    /// The accounts behind each count, the first [`crate::import::LISTED`] of each: the counts
    /// are whole, the lists are not.
    pub created_accounts: Vec<ImportedAccount>,
    /// With the fields of the account that change.
    #[serde(default)]
    pub shared_accounts: Vec<ImportedAccount>,
    /// With the fields that change.
    pub updated_accounts: Vec<ImportedAccount>,
    pub absent_accounts: Vec<ImportedAccount>,
    /// The names of the classes created.
    pub new_classes: Vec<String>,
    pub warnings: Vec<ImportMessage>,
    /// Every bad line: while there is one, nothing can be imported.
    pub errors: Vec<ImportMessage>,
}

impl ImportSummary {
    /// How many problems the file has: the messages listed, plus those a last « … et N autres »
    /// stands for.
    pub fn error_count(&self) -> usize {
        self.errors
            .iter()
            .map(|e| match e.reason {
                Some(ImportReason::NotListed { lines }) => lines,
                _ => 1,
            })
            .sum()
    }
}

/// An account of an import's preview.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedAccount {
    /// Its line in the file (`None` for an account the file does not mention).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub login: String,
    /// « Prénom Nom ».
    pub name: String,
    /// For an update: the columns whose value changes (their names in the ENT's export).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

/// A warning or an error about an import; on a line when it is about one, naming whose line it
/// is when its cells could be read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportMessage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// In French: what scripts and the command line show.
    pub message: String,
    /// Whose line it is: « Zoé Dupré » (or the login when the names are empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The reason itself, for the app to word it in the interface's language
    /// ([`ImportReason::message`]); `None` for a message only the server words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<ImportReason>,
}

impl ImportMessage {
    /// The message in `lang`, after `ligne N (person) :` when it is about a line.
    pub fn text(&self, lang: crate::Lang) -> String {
        let text = self
            .reason
            .as_ref()
            .map_or_else(|| self.message.clone(), |r| r.message(lang));
        match self.line {
            Some(line) => crate::import::line_message(line, self.person.as_deref(), &text, lang),
            None => text,
        }
    }
}

/// Why an import's line (or file) is refused or worth a warning, as data: core's own reasons,
/// which [`message`](Self::message) words in French or English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ImportReason {
    Line(crate::import::LineErrorKind),
    File(crate::import::FileError),
    Warning(crate::import::WarningKind),
    /// After the first [`crate::import::LISTED`] messages of a kind: how many more there are.
    NotListed {
        lines: usize,
    },
}

impl ImportReason {
    pub fn message(&self, lang: crate::Lang) -> String {
        match self {
            ImportReason::Line(kind) => kind.message(lang),
            ImportReason::File(e) => e.message(lang),
            ImportReason::Warning(kind) => kind.message(lang),
            ImportReason::NotListed { lines: 1 } => match lang {
                crate::Lang::Fr => "… et 1 autre ligne, non listée.".to_owned(),
                crate::Lang::En => "… and 1 more line, not listed.".to_owned(),
            },
            ImportReason::NotListed { lines } => match lang {
                crate::Lang::Fr => format!("… et {lines} autres lignes, non listées."),
                crate::Lang::En => format!("… and {lines} more lines, not listed."),
            },
        }
    }
}

/// One entry of `GET /api/structures/{id}/imports`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportRecord {
    pub id: String,
    /// Who imported; `None` for `sesame import` on the server's shell (or a redacted central
    /// administrator, for a local administrator).
    pub admin_login: Option<String>,
    pub file_name: String,
    pub at: DateTime<Utc>,
    pub created: usize,
    /// Accounts of other schools this school now shares.
    #[serde(default)]
    pub shared: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Accounts that left the school (absent from the file, removal asked).
    #[serde(default)]
    pub removed: usize,
    pub classes_created: usize,
}

/// An administrator, as `GET /api/admins` lists them (never a password or its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminInfo {
    pub login: String,
    pub display_name: String,
    pub role: Role,
    /// Ids of a local administrator's structures (empty for a central one: they see all).
    pub structures: Vec<String>,
    pub disabled: bool,
    /// The ENT identity they sign in with (the ID token's `sub`, the export's `Id`), if any.
    #[serde(default)]
    pub oidc_subject: Option<String>,
}

/// Body of `POST /api/admins` (central administrators): a new administrator, whose password
/// the server generates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewAdmin {
    pub login: String,
    #[serde(default)]
    pub display_name: String,
    pub role: Role,
    /// Structure ids, required for a local administrator.
    #[serde(default)]
    pub structures: Vec<String>,
    /// The ENT identity they will sign in with, if any.
    #[serde(default)]
    pub oidc_subject: Option<String>,
}

/// Body of `PUT /api/admins/{login}` (central administrators): everything but the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdminUpdate {
    pub display_name: String,
    pub role: Role,
    #[serde(default)]
    pub structures: Vec<String>,
    pub disabled: bool,
    #[serde(default)]
    pub oidc_subject: Option<String>,
}

/// A password the server generated (`POST /api/admins`, `POST /api/admins/{login}/password-reset`):
/// shown once, to be handed to its administrator; the server keeps only its hash. `Debug` leaves
/// the password out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedPassword {
    pub login: String,
    pub password: String,
}

/// Body of `PUT /api/session/password`: one's own password, the current one to prove it. `Debug`
/// leaves both out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

impl fmt::Debug for IssuedPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedPassword")
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordChange { .. }")
    }
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

impl From<&crate::import::LineError> for ImportMessage {
    /// The answer's line: the French reason, and the reason itself for the app to word.
    fn from(e: &crate::import::LineError) -> ImportMessage {
        ImportMessage {
            line: Some(e.line),
            message: e.reason.clone(),
            person: e.person.clone(),
            reason: Some(ImportReason::Line(e.kind.clone())),
        }
    }
}

impl From<&crate::import::FileError> for ImportMessage {
    fn from(e: &crate::import::FileError) -> ImportMessage {
        ImportMessage {
            line: None,
            message: e.to_string(),
            person: None,
            reason: Some(ImportReason::File(e.clone())),
        }
    }
}

impl From<&crate::import::Warning> for ImportMessage {
    fn from(w: &crate::import::Warning) -> ImportMessage {
        ImportMessage {
            line: w.line,
            message: w.message.clone(),
            person: None,
            reason: Some(ImportReason::Warning(w.kind.clone())),
        }
    }
}

impl ImportMessage {
    /// The answer's messages for a file that cannot be read: its problem, or one per bad line.
    pub fn of_refusal(error: &crate::import::ImportError) -> Vec<ImportMessage> {
        match error {
            crate::import::ImportError::File(e) => vec![e.into()],
            crate::import::ImportError::Lines(lines) => lines.iter().map(ImportMessage::from).collect(),
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
