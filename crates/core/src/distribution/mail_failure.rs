//! Why an e-mail did not go, in words an administrator can act on, with the mail server's own
//! text kept beside it.
//!
//! The outbox records the reason as it got it (`RecipientStatus::error`): an SMTP reply as the
//! mail library words it (`permanent error (550): 5.1.1 <x@y>: Recipient address rejected`), a
//! connection failure (`Connection error: Connection refused (os error 111)`), or Sésame's own
//! French reason (`compte supprimé de l'annuaire`). [`explain`] reads the reply's code and its
//! enhanced status code (RFC 3463, `5.1.1`), which say the cause far more precisely than the
//! server's free text, into a [`Cause`]; [`Cause::sentence`] says it in the interface's language.
//! The server's words stay visible: they are what its postmaster will ask for.

use crate::Lang;

/// What went wrong, as far as the reply tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// 5.1.1, 550: no such mailbox at the recipient's provider.
    MailboxUnknown,
    /// 5.1.2, 5.1.10: the address's domain does not exist or takes no mail.
    DomainUnknown,
    /// 5.1.3, 553: the address is malformed.
    AddressInvalid,
    /// 5.1.6, 551: the recipient has moved.
    MailboxMoved,
    /// 5.2.1: the mailbox is disabled or refuses messages.
    MailboxDisabled,
    /// 5.2.2, 4.2.2, 552: the mailbox is full.
    MailboxFull,
    /// 5.2.3, 5.3.4: the message is too large.
    MessageTooBig,
    /// 5.7.23–5.7.27: the sender's domain is not authenticated (SPF, DKIM, DMARC).
    SenderNotAuthenticated,
    /// 530, 535, 5.7.8: Sésame could not sign in to its own mail server.
    SmtpLogin,
    /// 5.7.x, 554: refused by the receiving server's policy (spam filter, blocked sender).
    Refused,
    /// 421, 4.3.x: the mail server is busy or shutting down for now.
    ServerBusy,
    /// 450, 4.2.1: the mailbox is unavailable for now.
    MailboxBusy,
    /// 4.4.x, 5.4.x: the recipient's server could not be reached.
    RecipientServerUnreachable,
    /// Sésame's mail server refused the connection or could not be reached.
    SmtpUnreachable,
    /// The connection to Sésame's mail server broke.
    ConnectionLost,
    /// The encrypted connection (TLS) to Sésame's mail server failed.
    Tls,
    /// No answer in time.
    Timeout,
    /// Another temporary failure (4xx).
    OtherTemporary,
    /// Another permanent refusal (5xx).
    OtherPermanent,
    /// A reason Sésame itself wrote, in French, shown as it is.
    Sesame(String),
}

/// A failure explained: its cause, and the mail server's own words when it gave any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub cause: Cause,
    /// The server's reply (`550 5.1.1 mailbox unavailable`) or the technical error, as sent.
    pub server_text: Option<String>,
}

/// Explains a reason as the outbox recorded it.
pub fn explain(reason: &str) -> Explained {
    let reason = reason.trim();
    if let Some((code, text)) = smtp_reply(reason) {
        return Explained {
            cause: reply_cause(code, text),
            server_text: Some(if text.is_empty() {
                code.to_string()
            } else {
                format!("{code} {text}")
            }),
        };
    }
    let lower = reason.to_ascii_lowercase();
    let technical = |cause: Cause| Explained {
        cause,
        server_text: Some(reason.to_owned()),
    };
    if lower.contains("timed out") || lower.contains("timeout") {
        technical(Cause::Timeout)
    } else if lower.starts_with("connection error") {
        technical(Cause::SmtpUnreachable)
    } else if lower.starts_with("network error") || lower.starts_with("transport has been shut down") {
        technical(Cause::ConnectionLost)
    } else if lower.starts_with("tls error") {
        technical(Cause::Tls)
    } else if lower.starts_with("response error") || lower.starts_with("internal client error") {
        technical(Cause::OtherTemporary)
    } else {
        Explained {
            cause: Cause::Sesame(reason.to_owned()),
            server_text: None,
        }
    }
}

/// `permanent error (550): text` or `transient error (421): text` (lettre's wording), or a
/// bare `550 text` reply: the three-digit code and the text.
fn smtp_reply(reason: &str) -> Option<(u16, &str)> {
    let rest = reason
        .strip_prefix("permanent error (")
        .or_else(|| reason.strip_prefix("transient error ("));
    if let Some(rest) = rest {
        let (code, text) = rest.split_once(')')?;
        let code = three_digits(code)?;
        return Some((code, text.trim_start_matches(':').trim()));
    }
    let code = three_digits(reason.get(..3)?)?;
    match reason.as_bytes().get(3) {
        None => Some((code, "")),
        Some(b' ' | b'-') => Some((code, reason[4..].trim())),
        Some(_) => None,
    }
}

fn three_digits(text: &str) -> Option<u16> {
    let code: u16 = text.parse().ok()?;
    (text.len() == 3 && (400..600).contains(&code)).then_some(code)
}

/// The enhanced status code at the start of `text` (`5.1.1 …`): class, subject, detail.
fn enhanced(text: &str) -> Option<(u8, u16, u16)> {
    let word = text.split_whitespace().next()?;
    let mut parts = word.split('.');
    let class = parts.next()?.parse().ok().filter(|c| matches!(c, 2 | 4 | 5))?;
    let subject = parts.next()?.parse().ok()?;
    let detail = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((class, subject, detail))
}

fn reply_cause(code: u16, text: &str) -> Cause {
    if let Some((_, subject, detail)) = enhanced(text) {
        let cause = match (subject, detail) {
            (1, 1) => Some(Cause::MailboxUnknown),
            (1, 2) | (1, 10) => Some(Cause::DomainUnknown),
            (1, 3) => Some(Cause::AddressInvalid),
            (1, 6) => Some(Cause::MailboxMoved),
            (2, 1) => Some(Cause::MailboxDisabled),
            (2, 2) => Some(Cause::MailboxFull),
            (2, 3) | (3, 4) => Some(Cause::MessageTooBig),
            (3, _) if code < 500 => Some(Cause::ServerBusy),
            (4, _) => Some(Cause::RecipientServerUnreachable),
            (7, 8) => Some(Cause::SmtpLogin),
            (7, 23..=27) => Some(Cause::SenderNotAuthenticated),
            (7, _) => Some(Cause::Refused),
            _ => None,
        };
        if let Some(cause) = cause {
            return cause;
        }
    }
    match code {
        421 => Cause::ServerBusy,
        450 => Cause::MailboxBusy,
        530 | 535 => Cause::SmtpLogin,
        550 => Cause::MailboxUnknown,
        551 => Cause::MailboxMoved,
        552 => Cause::MailboxFull,
        553 => Cause::AddressInvalid,
        554 => Cause::Refused,
        400..=499 => Cause::OtherTemporary,
        _ => Cause::OtherPermanent,
    }
}

impl Cause {
    /// The cause in a sentence of `lang`: what happened, and what to do when there is
    /// something to do.
    pub fn sentence(&self, lang: Lang) -> &str {
        use Cause::*;
        match lang {
            Lang::Fr => match self {
                MailboxUnknown => "Cette adresse n’existe pas chez le fournisseur du destinataire : vérifiez-la.",
                DomainUnknown => "Le domaine de cette adresse n’existe pas ou ne reçoit pas de courriel : vérifiez-la.",
                AddressInvalid => "Cette adresse est mal écrite : corrigez-la dans l’ENT.",
                MailboxMoved => "Le destinataire a changé d’adresse : demandez-lui la nouvelle.",
                MailboxDisabled => "Cette boîte aux lettres est désactivée ou refuse les messages.",
                MailboxFull => "La boîte aux lettres du destinataire est pleine.",
                MessageTooBig => "Le message est trop volumineux pour le serveur du destinataire.",
                SenderNotAuthenticated => {
                    "Le serveur du destinataire n’a pas reconnu l’expéditeur (SPF, DKIM ou DMARC) : \
                     l’adresse d’expédition doit être autorisée par son domaine."
                }
                SmtpLogin => {
                    "Sésame n’a pas pu s’identifier auprès de son serveur d’envoi : \
                     l’exploitant doit vérifier l’identifiant et le mot de passe SMTP."
                }
                Refused => "Le serveur du destinataire a refusé le message (filtre anti-spam ou expéditeur bloqué).",
                ServerBusy => "Le serveur de messagerie est momentanément indisponible.",
                MailboxBusy => "La boîte aux lettres du destinataire est momentanément indisponible.",
                RecipientServerUnreachable => "Le serveur du destinataire n’a pas pu être joint.",
                SmtpUnreachable => {
                    "Le serveur d’envoi de Sésame est injoignable : l’exploitant doit vérifier qu’il fonctionne."
                }
                ConnectionLost => "La connexion au serveur d’envoi a été coupée.",
                Tls => "La connexion chiffrée au serveur d’envoi a échoué (certificat ou TLS).",
                Timeout => "Le serveur de messagerie n’a pas répondu à temps.",
                OtherTemporary => "Échec momentané du serveur de messagerie.",
                OtherPermanent => "Le serveur de messagerie a refusé le message.",
                Sesame(text) => text,
            },
            Lang::En => match self {
                MailboxUnknown => "This address does not exist at the recipient’s provider: check it.",
                DomainUnknown => "This address’s domain does not exist or receives no e-mail: check it.",
                AddressInvalid => "This address is malformed: correct it in the ENT.",
                MailboxMoved => "The recipient has a new address: ask them for it.",
                MailboxDisabled => "This mailbox is disabled or refuses messages.",
                MailboxFull => "The recipient’s mailbox is full.",
                MessageTooBig => "The message is too large for the recipient’s server.",
                SenderNotAuthenticated => {
                    "The recipient’s server did not recognise the sender (SPF, DKIM or DMARC): \
                     the sender address must be allowed by its domain."
                }
                SmtpLogin => {
                    "Sésame could not sign in to its mail server: the operator must check the SMTP \
                     login and password."
                }
                Refused => "The recipient’s server refused the message (spam filter or blocked sender).",
                ServerBusy => "The mail server is unavailable for now.",
                MailboxBusy => "The recipient’s mailbox is unavailable for now.",
                RecipientServerUnreachable => "The recipient’s server could not be reached.",
                SmtpUnreachable => "Sésame’s mail server cannot be reached: the operator must check it is running.",
                ConnectionLost => "The connection to the mail server broke.",
                Tls => "The encrypted connection to the mail server failed (certificate or TLS).",
                Timeout => "The mail server did not answer in time.",
                OtherTemporary => "The mail server failed for now.",
                OtherPermanent => "The mail server refused the message.",
                Sesame(text) => text,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cause(reason: &str) -> Cause {
        explain(reason).cause
    }

    /// Asserts that `reason` is explained as `cause`, with `server_text` as the server's own
    /// words shown beside it; returns the cause, for more checks.
    fn assert_explained(reason: &str, cause: Cause, server_text: &str) -> Cause {
        let explained = explain(reason);
        assert_eq!(explained.cause, cause);
        assert_eq!(explained.server_text.as_deref(), Some(server_text));
        explained.cause
    }

    #[test]
    fn lettres_replies_keep_the_servers_words_beside_the_explanation() {
        let failed = assert_explained(
            "permanent error (550): 5.1.1 <marc.dupre@example.fr>: Recipient address rejected",
            Cause::MailboxUnknown,
            "550 5.1.1 <marc.dupre@example.fr>: Recipient address rejected",
        );
        assert_eq!(
            failed.sentence(Lang::Fr),
            "Cette adresse n’existe pas chez le fournisseur du destinataire : vérifiez-la."
        );
        assert_explained(
            "transient error (421): 4.3.2 Service shutting down",
            Cause::ServerBusy,
            "421 4.3.2 Service shutting down",
        );
        // What the test SMTP server answers.
        assert_eq!(
            cause("permanent error (550): 5.1.1 mailbox unavailable"),
            Cause::MailboxUnknown
        );
    }

    #[test]
    fn the_enhanced_code_says_more_than_the_reply_code() {
        assert_eq!(
            cause("permanent error (550): 5.2.2 Mailbox full"),
            Cause::MailboxFull
        );
        assert_eq!(
            cause("permanent error (550): 5.7.1 Message rejected as spam"),
            Cause::Refused
        );
        assert_eq!(
            cause("permanent error (550): 5.7.26 Unauthenticated email is not accepted"),
            Cause::SenderNotAuthenticated
        );
        assert_eq!(
            cause("permanent error (554): 5.1.10 Null MX"),
            Cause::DomainUnknown
        );
        assert_eq!(
            cause("permanent error (535): 5.7.8 Authentication failed"),
            Cause::SmtpLogin
        );
        assert_eq!(
            cause("transient error (452): 4.2.2 Over quota"),
            Cause::MailboxFull
        );
        assert_eq!(
            cause("transient error (451): 4.4.1 No answer from host"),
            Cause::RecipientServerUnreachable
        );
        assert_eq!(
            cause("permanent error (552): 5.3.4 Message too big"),
            Cause::MessageTooBig
        );
    }

    #[test]
    fn without_an_enhanced_code_the_reply_code_decides() {
        assert_eq!(
            cause("permanent error (553): sorry, bad address"),
            Cause::AddressInvalid
        );
        assert_eq!(cause("permanent error (552): quota"), Cause::MailboxFull);
        assert_eq!(cause("permanent error (554): no"), Cause::Refused);
        assert_eq!(cause("transient error (450): try later"), Cause::MailboxBusy);
        assert_eq!(cause("transient error (451): local error"), Cause::OtherTemporary);
        assert_eq!(cause("permanent error (500): what?"), Cause::OtherPermanent);
        assert_eq!(cause("550 5.1.1 bare reply"), Cause::MailboxUnknown);
        assert_eq!(explain("421").server_text.as_deref(), Some("421"));
    }

    #[test]
    fn connection_failures_are_sesames_mail_server_not_the_recipient() {
        assert_explained(
            "Connection error: Connection refused (os error 111)",
            Cause::SmtpUnreachable,
            "Connection error: Connection refused (os error 111)",
        );
        assert_eq!(
            cause("network error: Broken pipe (os error 32)"),
            Cause::ConnectionLost
        );
        assert_eq!(cause("tls error: invalid peer certificate"), Cause::Tls);
        assert_eq!(cause("network error: timed out"), Cause::Timeout);
    }

    #[test]
    fn sesames_own_reasons_are_shown_as_they_are() {
        let own = explain("compte supprimé de l'annuaire");
        assert_eq!(own.cause.sentence(Lang::Fr), "compte supprimé de l'annuaire");
        assert_eq!(own.server_text, None);
        assert_eq!(
            cause("5000 not a reply"),
            Cause::Sesame("5000 not a reply".into())
        );
        assert_eq!(cause("200 ok"), Cause::Sesame("200 ok".into()));
    }

    #[test]
    fn every_cause_is_worded_in_both_languages() {
        let causes = [
            "permanent error (550): 5.1.1 x",
            "permanent error (550): 5.1.2 x",
            "permanent error (550): 5.1.3 x",
            "permanent error (550): 5.1.6 x",
            "permanent error (550): 5.2.1 x",
            "permanent error (550): 5.2.2 x",
            "permanent error (550): 5.2.3 x",
            "permanent error (550): 5.7.25 x",
            "permanent error (535): x",
            "permanent error (554): x",
            "transient error (421): x",
            "transient error (450): x",
            "transient error (451): 4.4.2 x",
            "Connection error: x",
            "network error: x",
            "tls error: x",
            "network error: timed out",
            "transient error (451): x",
            "permanent error (500): x",
        ];
        let mut french: Vec<String> = Vec::new();
        for reason in causes {
            let cause = explain(reason).cause;
            let (fr, en) = (cause.sentence(Lang::Fr), cause.sentence(Lang::En));
            assert!(
                fr.ends_with('.') && en.ends_with('.') && fr != en,
                "{reason}: {fr} / {en}"
            );
            assert!(!fr.contains('\''), "French uses ’: {fr}");
            french.push(fr.to_owned());
        }
        french.sort();
        french.dedup();
        assert_eq!(french.len(), causes.len(), "one sentence per cause");
    }
}
