//! E-mail distribution: the outbox's settings and transport ([`Mailer`]; an SMTP server or, in
//! the demo, a folder of `.eml` files: [`transport`]), message composition ([`compose`]) and the
//! outbox worker ([`worker`]).
//!
//! The outbox lives in the database (`crate::db`, migration `0002_outbox.sql`); handlers only
//! queue rows and wake the worker. Logs name mailings, counts and the recipient's domain, never
//! an address, a login or a code.

pub mod compose;
pub mod sender;
pub mod transport;
pub mod worker;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::Notify;

pub use sender::SenderPolicy;
pub use transport::{Delivery, SendError, Transport};

/// How the outbox sends, from `sesame serve`'s options.
#[derive(Clone)]
pub struct MailConfig {
    /// Where messages go: the SMTP server of `--smtp-url`, or `sesame demo`'s folder.
    pub delivery: Delivery,
    /// The operator's sender (`SESAME_MAIL_FROM`): `From` when the structure's letter settings give
    /// no allowed sender address, and always the envelope sender and `Message-ID` domain.
    pub from: Mailbox,
    /// Messages per second for the whole server; `None` = as fast as the server accepts.
    pub rate: Option<f64>,
    /// Workers, each with one message in flight.
    pub workers: usize,
    /// First back-off delay after a temporary failure; doubled at each attempt.
    pub retry_base: Duration,
    /// The longest back-off delay.
    pub retry_cap: Duration,
    /// Attempts before a temporarily failing message is marked failed.
    pub max_attempts: i64,
    /// How long a claimed message belongs to its worker; after that a worker of any instance on
    /// the same database takes it over. Longer than one send may take (SMTP commands time out
    /// after 30 s), or a slow send may go twice; short enough that a dead instance's messages
    /// are not held up long.
    pub lease: Duration,
    /// The sender domains a structure's `senderAddress` may use.
    pub senders: SenderPolicy,
}

/// How long a claimed message is leased without `--mail-lease-secs`.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(120);

/// The default sender, when neither `SESAME_MAIL_FROM` nor the structure gives one.
pub const DEFAULT_FROM: &str = "Sésame <ne-pas-repondre@localhost>";

impl MailConfig {
    /// Settings to send through `smtp_url`, with the outbox's defaults.
    pub fn new(smtp_url: &str) -> MailConfig {
        MailConfig::delivering(Delivery::Smtp(smtp_url.to_owned()))
    }

    /// Settings to deliver to `delivery` with the outbox's defaults (1 s back-off base capped at
    /// 5 min, 8 attempts).
    pub fn delivering(delivery: Delivery) -> MailConfig {
        let from: Mailbox = DEFAULT_FROM.parse().expect("the default sender is an address");
        MailConfig {
            delivery,
            senders: SenderPolicy::new(None, &from).expect("no list to check"),
            from,
            rate: None,
            workers: 1,
            retry_base: Duration::from_secs(1),
            retry_cap: Duration::from_secs(300),
            max_attempts: 8,
            lease: DEFAULT_LEASE,
        }
    }
}

/// Never prints the SMTP password.
impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("delivery", &self.delivery)
            .field("from", &self.from.to_string())
            .field("rate", &self.rate)
            .field("workers", &self.workers)
            .field("retry_base", &self.retry_base)
            .field("lease", &self.lease)
            .field("max_attempts", &self.max_attempts)
            .field("senders", &self.senders.domains())
            .finish()
    }
}

/// `smtps://user:***@host` for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// The sending side, built once at start and shared: an SMTP transport is a pool (an `Arc`
/// inside), so every worker reuses open connections instead of dialling per message.
#[derive(Clone)]
pub struct Mailer {
    pub config: MailConfig,
    pub transport: Transport,
    /// Wakes the workers when a mailing is queued or retried, so they need not poll fast.
    pub wake: Arc<Notify>,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// The transport for `config.delivery` ([`Transport::new`]).
    pub fn new(config: MailConfig) -> Result<Mailer, String> {
        let transport = Transport::new(&config.delivery, config.workers)?;
        Ok(Mailer {
            config,
            transport,
            wake: Arc::new(Notify::new()),
        })
    }
}

/// The part of an address after `@`, the only part of it a log may show.
pub fn domain(address: &str) -> &str {
    address.rsplit_once('@').map_or("?", |(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            redact_url("smtps://bob:s3cret@mail.example:465"),
            "smtps://bob:***@mail.example:465"
        );
        assert_eq!(redact_url("smtp://127.0.0.1:25"), "smtp://127.0.0.1:25");
        let config = MailConfig::new("smtps://bob:s3cret@mail.example:465");
        assert!(!format!("{config:?}").contains("s3cret"));
    }

    #[test]
    fn only_the_domain_of_an_address() {
        assert_eq!(domain("zoe.dupre@ecole.fr"), "ecole.fr");
        assert_eq!(domain("no-at-sign"), "?");
    }

    #[test]
    fn refuses_other_schemes() {
        assert!(Mailer::new(MailConfig::new("http://example.org")).is_err());
    }
}
