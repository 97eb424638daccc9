//! The outbox worker: claims one due row at a time, composes the message from the directory,
//! sends it over the transport (the pooled SMTP transport, or the demo's folder) and records the
//! outcome.
//!
//! Delivery guarantee: a row is marked `sent` only after the SMTP server has accepted the
//! message (or its file is written), and a claimed row is leased for `MailConfig::lease`: when a
//! process dies (or loses the database) mid-send, a worker of any instance on the same database
//! — this one after a restart — takes the row over once the lease ends, and sends it with the
//! same `Message-ID` (the row's and its mailing's ids), which lets receiving servers and clients recognise a
//! duplicate. So a message is never lost; the one window where it can go twice is a death
//! between the server's "250" and the `sent` commit, which concerns at most one message per
//! worker since each worker has one message in flight. Pacing happens *before* a row is claimed,
//! so a process killed while it waits for its rate slot holds nothing in flight.
//!
//! Temporary failures (4xx replies, refused connections, timeouts) are retried with exponential
//! back-off up to `max_attempts`; a 5xx reply marks the row failed with the server's reply.
//!
//! When the server stops (`crate::shutdown`), a worker takes nothing new: the message it is
//! sending is finished and its outcome recorded, and one it has claimed but not begun to send is
//! handed back — queued again at once, for any instance, rather than left to its lease.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::compose::compose;
use super::{domain, Mailer, SendError};
use crate::db::{Claimed, Db};
use crate::shutdown::Stop;

/// How long an idle worker sleeps when nobody wakes it (retries falling due, rows queued by
/// another process).
const IDLE_POLL: Duration = Duration::from_millis(200);

/// Starts `config.workers` workers, for as long as the runtime runs. Rows another process left
/// `sending` are not touched here: that process may be another instance, alive; their leases
/// decide.
pub fn start(db: Db, mailer: Mailer) -> Vec<JoinHandle<()>> {
    start_until(db, mailer, Stop::never())
}

/// [`start`], the workers ending once `stop` is asked for (each after the message it is
/// sending).
pub fn start_until(db: Db, mailer: Mailer, stop: Stop) -> Vec<JoinHandle<()>> {
    let pace = Arc::new(Pace::new(mailer.config.rate));
    tracing::info!(
        workers = mailer.config.workers,
        rate = ?mailer.config.rate,
        lease_secs = mailer.config.lease.as_secs_f64(),
        "outbox: workers started"
    );
    (0..mailer.config.workers.max(1))
        .map(|_| tokio::spawn(run(db.clone(), mailer.clone(), pace.clone(), stop.clone())))
        .collect()
}

/// How often a worker looks for messages whose lease ended.
const TAKE_OVER_EVERY: Duration = Duration::from_secs(1);

/// One worker, until `stop`.
async fn run(db: Db, mailer: Mailer, pace: Arc<Pace>, stop: Stop) {
    let mut next_take_over = Instant::now();
    while !stop.is_requested() {
        tokio::select! {
            () = pace.wait() => {}
            () = stop.requested() => return,
        }
        let now = Utc::now();
        let lease = chrono::Duration::from_std(mailer.config.lease).unwrap_or(chrono::Duration::MAX);
        // Ended leases are rare (an instance died): looked for about once a second, not at
        // every claim (see `Db::claim_mail`).
        let take_over = Instant::now() >= next_take_over;
        if take_over {
            next_take_over = Instant::now() + TAKE_OVER_EVERY;
        }
        match db.claim_mail(now, now + lease, take_over).await {
            Ok(Some(claimed)) => deliver(&db, &mailer, claimed, &stop).await,
            Ok(None) => {
                tokio::select! {
                    _ = mailer.wake.notified() => {}
                    _ = tokio::time::sleep(IDLE_POLL) => {}
                    () = stop.requested() => {}
                }
            }
            Err(error) => {
                tracing::error!(%error, "outbox: cannot claim a message");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    () = stop.requested() => {}
                }
            }
        }
    }
}

/// How one attempt to send ended.
enum Attempt {
    Sent,
    /// Worth another attempt later.
    Temporary(String),
    /// Never worth retrying as is.
    Permanent(String),
    /// Not sent: the server began to stop before the send did.
    HandedBack,
}

async fn deliver(db: &Db, mailer: &Mailer, claimed: Claimed, stop: &Stop) {
    if claimed.taken_over {
        tracing::warn!(
            mailing = claimed.mailing_id.as_str(),
            attempts = claimed.attempts,
            "outbox: message taken over after its lease ended (its instance stopped mid-send); \
             sent again with the same Message-ID"
        );
    }
    let (outcome, to_domain) = attempt(db, mailer, &claimed, stop).await;
    let mailing = claimed.mailing_id.as_str();
    let domain = crate::log_text::Quoted(&to_domain);
    // What to record, logged once whatever the database does next.
    let record = match outcome {
        Attempt::Sent => {
            tracing::debug!(mailing, %domain, "outbox: message sent");
            Record::Sent
        }
        Attempt::HandedBack => {
            tracing::info!(
                mailing,
                "outbox: stopping; a message claimed and not yet sent is queued again"
            );
            Record::HandedBack
        }
        Attempt::Permanent(reason) => {
            tracing::warn!(mailing, %domain, "outbox: message refused for good");
            Record::Failed(reason)
        }
        Attempt::Temporary(reason) if claimed.attempts >= mailer.config.max_attempts => {
            tracing::warn!(mailing, %domain, attempts = claimed.attempts, "outbox: giving up after temporary failures");
            Record::Failed(format!("échecs temporaires répétés ({reason})"))
        }
        Attempt::Temporary(reason) => {
            let delay = backoff(mailer, claimed.attempts);
            tracing::info!(mailing, %domain, attempts = claimed.attempts, delay_ms = delay.as_millis() as u64, "outbox: temporary failure, will retry");
            let at = Utc::now() + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
            Record::RetryAt(at, reason)
        }
    };
    // A database that is unavailable for a while (locked, restarting) gets the outcome once it
    // is back: the message was sent, and leaving the row to its lease would send it again. Tried
    // for a lease's length from now (past the lease's own end, since the send took time): a
    // record made after another worker took the row over changes nothing (`Db::mail_sent`
    // checks the claim), and one made before it spares the recipient a copy.
    let deadline = Instant::now() + mailer.config.lease;
    loop {
        let saved = match &record {
            Record::Sent => db.mail_sent(&claimed).await,
            Record::Failed(reason) => db.mail_failed(&claimed, reason).await,
            Record::RetryAt(at, reason) => db.mail_retry_at(&claimed, *at, reason).await,
            Record::HandedBack => db.mail_handed_back(&claimed).await,
        };
        match saved {
            Ok(()) => return,
            Err(error) if crate::db::is_unavailable(&error) && Instant::now() + RECORD_RETRY < deadline => {
                tracing::warn!(mailing, %error, "outbox: the database is unavailable; recording the outcome again shortly");
                tokio::time::sleep(RECORD_RETRY).await;
            }
            Err(error) => {
                // The row stays `sending`: taken over when its lease ends, here or elsewhere.
                tracing::error!(mailing, %error, "outbox: cannot record the outcome of a message");
                return;
            }
        }
    }
}

/// How often a worker tries again to record an outcome while the database is unavailable.
const RECORD_RETRY: Duration = Duration::from_secs(1);

/// An attempt's outcome, as the outbox records it.
enum Record {
    Sent,
    Failed(String),
    RetryAt(chrono::DateTime<Utc>, String),
    HandedBack,
}

/// Composes and sends one message (unless `stop` came before the send began); also returns the
/// recipient's domain for the logs.
async fn attempt(db: &Db, mailer: &Mailer, claimed: &Claimed, stop: &Stop) -> (Attempt, String) {
    match db.mail_forbidden(&claimed.admin_login, &claimed.user_id).await {
        Ok(false) => {}
        Ok(true) => {
            return (
                Attempt::Permanent(
                    "compte d'un administrateur central : envoi réservé à l'administration centrale".into(),
                ),
                "?".into(),
            )
        }
        Err(error) => {
            return (
                Attempt::Temporary(format!("base de données : {error}")),
                "?".into(),
            )
        }
    }
    let (user, structure) = match db.mail_recipient(&claimed.user_id, &claimed.structure_id).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            return (
                Attempt::Permanent("compte retiré de l'annuaire de l'établissement".into()),
                "?".into(),
            )
        }
        Err(error) => {
            return (
                Attempt::Temporary(format!("base de données : {error}")),
                "?".into(),
            )
        }
    };
    let to_domain = user.email.as_deref().map(domain).unwrap_or("?").to_owned();
    let message = match compose(
        &user,
        &structure,
        (claimed.id, &claimed.mailing_id),
        &mailer.config.from,
        &mailer.config.senders,
    ) {
        Ok(message) => message,
        Err(error) => return (Attempt::Permanent(error.0), to_domain),
    };
    // The last moment a message can go back without a doubt about whether it left.
    if stop.is_requested() {
        return (Attempt::HandedBack, to_domain);
    }
    let outcome = match mailer.transport.send(message).await {
        Ok(()) => Attempt::Sent,
        // 5xx: the server's own reply is the reason an administrator can act on.
        Err(SendError::Permanent(reason)) => Attempt::Permanent(reason),
        Err(SendError::Temporary(reason)) => Attempt::Temporary(reason),
    };
    (outcome, to_domain)
}

/// `retry_base × 2^(attempts−1)`, at most `retry_cap`.
fn backoff(mailer: &Mailer, attempts: i64) -> Duration {
    let exponent = (attempts.max(1) - 1).min(30) as u32;
    mailer
        .config
        .retry_base
        .saturating_mul(1u32 << exponent)
        .min(mailer.config.retry_cap)
}

/// The server-wide rate limit: each send takes the next free slot, `1/rate` apart.
struct Pace {
    interval: Option<Duration>,
    next: Mutex<Instant>,
}

impl Pace {
    fn new(rate: Option<f64>) -> Pace {
        Pace {
            interval: rate
                .filter(|r| *r > 0.0 && r.is_finite())
                .map(|r| Duration::from_secs_f64(1.0 / r)),
            next: Mutex::new(Instant::now()),
        }
    }

    async fn wait(&self) {
        let Some(interval) = self.interval else { return };
        let slot = {
            let mut next = self.next.lock().await;
            let slot = (*next).max(Instant::now());
            *next = slot + interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::{Delivery, MailConfig};
    use sesame_core::import::parse_csv;
    use sesame_core::SchoolTimeZone;

    /// A message claimed as the server stops is not sent but handed back: queued again at once
    /// (claimed without waiting for a lease to end), its attempt not counted; sent later.
    #[tokio::test]
    async fn a_claim_made_as_the_server_stops_is_handed_back_and_queued_at_once() {
        let (dir, db) = crate::db::testing::temp_db().await;
        let csv = "Id;Type;Nom;Prénom;Login;Code d'activation;Classes;Courriel;Date de création;Bloqué;Administrateur local\n\
                   u1;Élève;Dupré;Zoé;zoe.dupre;KX12CODE;CM2 A;zoe@famille-exemple.fr;01/09/2025;non;non\n";
        let users = parse_csv(csv.as_bytes(), SchoolTimeZone::EuropeParis)
            .unwrap()
            .users;
        let school = crate::db::testing::test_school(&db, "0751234A", "École").await;
        db.import_users(&school, &users).await.unwrap();
        db.create_mailing(&school, "direction", "k", &["u1".to_owned()], 0)
            .await
            .unwrap();
        let folder = dir.path().join("mail");
        std::fs::create_dir(&folder).unwrap();
        let mailer = Mailer::new(MailConfig::delivering(Delivery::Folder(folder.clone()))).unwrap();
        let sent = || std::fs::read_dir(&folder).unwrap().count();
        let lease = chrono::Duration::seconds(120);

        let now = Utc::now();
        let claimed = db.claim_mail(now, now + lease, true).await.unwrap().unwrap();
        let (trigger, stop) = Stop::new();
        trigger.trigger();
        deliver(&db, &mailer, claimed, &stop).await;
        assert_eq!(sent(), 0, "nothing sent once the stop has come");

        let now = Utc::now();
        let again = db
            .claim_mail(now, now + lease, false)
            .await
            .unwrap()
            .expect("queued again at once, not after the lease");
        assert_eq!(
            (again.user_id.as_str(), again.attempts, again.taken_over),
            ("u1", 1, false)
        );
        deliver(&db, &mailer, again, &Stop::never()).await;
        assert_eq!(sent(), 1);
        assert_eq!(db.outbox_backlog(Utc::now()).await.unwrap().sending, 0);
    }

    #[tokio::test]
    async fn backoff_doubles_up_to_the_cap() {
        let mut config = MailConfig::new("smtp://127.0.0.1:1");
        config.retry_base = Duration::from_secs(1);
        let mailer = Mailer::new(config).unwrap();
        let delays: Vec<u64> = [1, 2, 3, 8, 9, 40]
            .iter()
            .map(|a| backoff(&mailer, *a).as_secs())
            .collect();
        assert_eq!(delays, [1, 2, 4, 128, 256, 300]);
    }

    #[tokio::test]
    async fn pace_spaces_sends() {
        let pace = Pace::new(Some(50.0));
        let start = Instant::now();
        for _ in 0..5 {
            pace.wait().await;
        }
        // Slots at 0, 20, 40, 60, 80 ms.
        assert!(
            start.elapsed() >= Duration::from_millis(80),
            "{:?}",
            start.elapsed()
        );
        let unlimited = Pace::new(None);
        unlimited.wait().await;
    }
}
