//! Where the outbox delivers ([`Delivery`]) and the transport built from it once at start
//! ([`Transport`]): an SMTP server (`--smtp-url`), or a folder of `.eml` files (`sesame demo`
//! without `--smtp-url`, so the demo shows e-mail with no mail server to set up).
//!
//! Both go through the same outbox, workers and per-recipient states; the worker only sees
//! [`Transport::send`] and whether a failure is worth retrying ([`SendError`]).
//!
//! The folder gets what lettre's file transport would write (the message as
//! [`Message::formatted`] gives it, one `<random>.eml` per message), but each file is created
//! here, new and readable by its owner only (0600 on Unix) from its first byte: lettre's
//! `AsyncFileTransport` leaves the mode to the process's umask (0644 usually), and these files
//! hold activation codes.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::redact_url;
use crate::db::{hex, random_bytes};

/// Where messages go.
#[derive(Clone, PartialEq, Eq)]
pub enum Delivery {
    /// An SMTP server: `smtp://host:port` or `smtps://user:password@host:port`.
    Smtp(String),
    /// A folder: each message written whole (RFC 5322, as an SMTP server would receive it) to
    /// `<uuid>.eml`. The files hold activation codes: only `sesame demo` uses it, on fictional
    /// pupils, and creates the folder for its owner alone.
    Folder(PathBuf),
}

/// For logs and the start-up line: an SMTP URL without its password, or the folder.
impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Delivery::Smtp(url) => f.write_str(&redact_url(url)),
            Delivery::Folder(dir) => write!(f, "folder {}", dir.display()),
        }
    }
}

/// Never prints the SMTP password.
impl fmt::Debug for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Delivery::Smtp(url) => f.debug_tuple("Smtp").field(&redact_url(url)).finish(),
            Delivery::Folder(dir) => f.debug_tuple("Folder").field(dir).finish(),
        }
    }
}

/// The transport of a [`Delivery`], built once and cloned into every worker (the SMTP pool is
/// an `Arc` inside, so workers share open connections).
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// The folder each message is written to.
    Folder(PathBuf),
}

/// Why a message was not delivered, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth another attempt later: a 4xx reply, a refused connection, a timeout, a full disk.
    Temporary(String),
    /// Never worth retrying as is: a 5xx reply (the server's own words).
    Permanent(String),
}

impl Transport {
    /// Builds the transport; `workers` sizes the SMTP pool. SMTP connects lazily (a server down
    /// at start is a temporary failure of the first sends, not a start-up error); the folder
    /// must already exist.
    pub fn new(delivery: &Delivery, workers: usize) -> Result<Transport, String> {
        match delivery {
            Delivery::Smtp(url) => {
                if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                    return Err(format!(
                        "bad SMTP URL {}: use smtp://host:port or smtps://user:password@host:port",
                        redact_url(url)
                    ));
                }
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("bad SMTP URL {}: {e}", redact_url(url)))?
                    .timeout(Some(Duration::from_secs(30)))
                    .pool_config(PoolConfig::new().max_size(workers.max(1) as u32))
                    .build();
                Ok(Transport::Smtp(transport))
            }
            Delivery::Folder(dir) => {
                if !dir.is_dir() {
                    return Err(format!(
                        "no mail folder {}: create it, or give another with --mail-dir",
                        dir.display()
                    ));
                }
                Ok(Transport::Folder(dir.clone()))
            }
        }
    }

    /// Delivers one message: `Ok` once the SMTP server accepted it, or once its file is
    /// written.
    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Transport::Smtp(smtp) => match smtp.send(message).await {
                Ok(_) => Ok(()),
                Err(error) if error.is_permanent() => Err(SendError::Permanent(error.to_string())),
                // 4xx, refused connection, timeout, broken pipe, TLS hiccup: try again later.
                Err(error) => Err(SendError::Temporary(error.to_string())),
            },
            // A full disk or a folder removed under the demo may be fixed: retried, then failed
            // after `max_attempts` like any temporary failure.
            Transport::Folder(folder) => {
                let folder = folder.clone();
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || write_eml(&folder, &bytes))
                    .await
                    .map_err(|error| error.to_string())
                    .and_then(|written| written.map_err(|error| error.to_string()))
                    .map(drop)
                    .map_err(|error| SendError::Temporary(format!("dossier des courriels : {error}")))
            }
        }
    }
}

/// Writes `message` to a new `<32 random hex digits>.eml` in `folder`, created with mode 0600
/// (never over an existing file); returns its path.
fn write_eml(folder: &Path, message: &[u8]) -> std::io::Result<PathBuf> {
    let path = folder.join(format!("{}.eml", hex(&random_bytes::<16>())));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    file.write_all(message)?;
    file.sync_all()?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> Message {
        Message::builder()
            .from("Sésame <ne-pas-repondre@exemple.fr>".parse().unwrap())
            .to("Łukasz Nguyễn <lukasz@exemple.fr>".parse().unwrap())
            .subject("Vos identifiants")
            .body(String::from("Identifiant : lukasz.nguyen"))
            .unwrap()
    }

    #[test]
    fn passwords_never_show() {
        let smtp = Delivery::Smtp("smtps://bob:s3cret@mail.example:465".into());
        assert_eq!(smtp.to_string(), "smtps://bob:***@mail.example:465");
        assert!(!format!("{smtp:?}").contains("s3cret"));
    }

    #[test]
    fn refuses_other_schemes_and_a_missing_folder() {
        assert!(Transport::new(&Delivery::Smtp("http://example.org".into()), 1).is_err());
        let dir = tempfile::tempdir().unwrap();
        let missing = Delivery::Folder(dir.path().join("absent"));
        let error = Transport::new(&missing, 1).err().unwrap();
        assert!(error.contains("--mail-dir"), "{error}");
    }

    #[tokio::test]
    async fn a_folder_gets_one_eml_file_per_message() {
        let dir = tempfile::tempdir().unwrap();
        let transport = Transport::new(&Delivery::Folder(dir.path().into()), 1).unwrap();
        transport.send(message()).await.unwrap();
        transport.send(message()).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 2);
        assert!(files.iter().all(|p| p.extension().is_some_and(|x| x == "eml")));
        #[cfg(unix)]
        for file in &files {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}: {mode:o}", file.display());
        }
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert!(text.contains("Subject: Vos identifiants"), "{text}");
        assert!(text.contains("lukasz@exemple.fr"), "{text}");
    }

    #[tokio::test]
    async fn a_folder_gone_is_a_temporary_failure() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("mail");
        std::fs::create_dir(&folder).unwrap();
        let transport = Transport::new(&Delivery::Folder(folder.clone()), 1).unwrap();
        std::fs::remove_dir(&folder).unwrap();
        match transport.send(message()).await {
            Err(SendError::Temporary(reason)) => assert!(reason.contains("dossier"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
}
