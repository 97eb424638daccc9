//! Who the e-mails may say they are from: the sender domains the operator allows.
//!
//! A structure's `senderAddress` becomes the `From:` of its e-mails. Left free, a local
//! administrator could send as anyone (`Ministre <ministre@education.gouv.fr>`). So it must be a
//! single mailbox whose domain the operator allows (`SESAME_MAIL_ALLOWED_DOMAINS`, by default the
//! domain of `SESAME_MAIL_FROM`), checked when the settings are saved (400) and again when a
//! message is composed (a value saved before, or a domain allowed no longer, falls back to the
//! operator's sender). The envelope sender (`MAIL FROM`, where bounces go), the `Sender:` header
//! and the `Message-ID` domain stay the operator's whatever `From:` says.
//!
//! The display name is checked too: mail clients show it, often alone, so
//! `"Ministre <ministre@education.gouv.fr>" <a@ecole.fr>` reads as the ministry though its
//! address is the school's. A name holding an address's signs — `@`, `<`, `>`, in any of their
//! look-alike widths (compared after NFKC: `＠` is `@`) — or a character that makes a text
//! display as another (`sesame_core::access::invisible`) is refused, when saved and when sending.

use lettre::message::Mailbox;
use sesame_core::access::invisible::is_deceptive;
use unicode_normalization::UnicodeNormalization;

/// The allowed sender domains: exact names (`ecole.fr`), or `*.ac-exemple.fr` for any subdomain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderPolicy {
    domains: Vec<String>,
}

impl SenderPolicy {
    /// From `SESAME_MAIL_ALLOWED_DOMAINS` (comma- or space-separated), or when it is empty, the
    /// domain of `from` alone.
    pub fn new(allowed: Option<&str>, from: &Mailbox) -> Result<SenderPolicy, String> {
        let domains: Vec<String> = allowed
            .unwrap_or_default()
            .split([',', ' ', '\t', '\n'])
            .filter(|d| !d.is_empty())
            .map(|d| d.trim_end_matches('.').to_lowercase())
            .collect();
        for domain in &domains {
            let name = domain.strip_prefix("*.").unwrap_or(domain);
            if name.is_empty() || name.contains(['@', '*', '<', '>', '/']) {
                return Err(format!(
                    "bad SESAME_MAIL_ALLOWED_DOMAINS entry {domain:?}: give domains such as \
                     \"ecole.fr, *.ac-exemple.fr\""
                ));
            }
        }
        if domains.is_empty() {
            return Ok(SenderPolicy {
                domains: vec![from.email.domain().to_lowercase()],
            });
        }
        Ok(SenderPolicy { domains })
    }

    /// The domains, as the operator wrote them (for messages).
    pub fn domains(&self) -> &[String] {
        &self.domains
    }

    fn allows(&self, domain: &str) -> bool {
        let domain = domain.trim_end_matches('.').to_lowercase();
        self.domains
            .iter()
            .any(|allowed| match allowed.strip_prefix("*.") {
                Some(parent) => domain
                    .strip_suffix(parent)
                    .is_some_and(|sub| sub.ends_with('.') && sub.len() > 1),
                None => *allowed == domain,
            })
    }

    /// A sender address as a structure's settings give it: `Ok(None)` when empty (the operator's
    /// sender is used), the mailbox when valid and allowed, else what is wrong, in French.
    pub fn check(&self, text: &str) -> Result<Option<Mailbox>, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        // lettre accepts a list ("a@x, b@y") as a single header elsewhere; one mailbox only here,
        // and no control character (no header may be smuggled in).
        let mailbox = if text.chars().any(char::is_control) {
            None
        } else {
            text.parse::<Mailbox>().ok()
        };
        let Some(mailbox) = mailbox else {
            return Err(
                "« senderAddress » n'est pas une adresse valide : écrivez « adresse@domaine » ou \
                 « Nom <adresse@domaine> »."
                    .into(),
            );
        };
        if let Some(name) = mailbox.name.as_deref() {
            if let Err(why) = check_display_name(name) {
                return Err(format!(
                    "« senderAddress » : le nom affiché « {} » {why} : les messageries le montrent \
                     seul, il passerait pour un autre expéditeur. Écrivez un nom sans adresse, \
                     par exemple « Secrétariat <secretariat@ecole.fr> ».",
                    name.chars()
                        .filter(|c| !is_deceptive(*c))
                        .take(80)
                        .collect::<String>()
                ));
            }
        }
        let domain = mailbox.email.domain();
        if !self.allows(domain) {
            return Err(format!(
                "« senderAddress » : le domaine « {domain} » n'est pas autorisé sur ce serveur \
                 (autorisés : {}). Laissez le champ vide pour l'expéditeur du serveur, ou demandez \
                 à l'administrateur du serveur d'autoriser ce domaine.",
                self.domains.join(", ")
            ));
        }
        Ok(Some(mailbox))
    }
}

/// Whether `name` can be a `From:` display name; else why not, in French.
fn check_display_name(name: &str) -> Result<(), &'static str> {
    if name.chars().any(is_deceptive) {
        return Err("contient un caractère invisible ou qui change le sens d'écriture");
    }
    if name.nfkc().any(|c| matches!(c, '@' | '<' | '>')) {
        return Err("contient une adresse ou l'un des signes @, < ou >");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(allowed: Option<&str>) -> SenderPolicy {
        SenderPolicy::new(
            allowed,
            &"Sésame <ne-pas-repondre@ent.exemple.fr>".parse().unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn the_default_is_the_operators_domain() {
        let p = policy(None);
        assert_eq!(p.domains(), ["ent.exemple.fr"]);
        assert!(p
            .check("Secrétariat <secretariat@ENT.exemple.fr>")
            .unwrap()
            .is_some());
        assert_eq!(p.check("  ").unwrap(), None);
        let refused = p.check("Ministre <ministre@education.gouv.fr>").unwrap_err();
        assert!(
            refused.contains("« education.gouv.fr » n'est pas autorisé"),
            "{refused}"
        );
    }

    #[test]
    fn listed_domains_and_subdomain_wildcards() {
        let p = policy(Some("ecole.fr, *.ac-exemple.fr"));
        assert!(p.check("a@ecole.fr").is_ok());
        assert!(p.check("a@clg-jaures.ac-exemple.fr").is_ok());
        assert!(
            p.check("a@ac-exemple.fr").is_err(),
            "the wildcard is for subdomains"
        );
        assert!(p.check("a@evil-ac-exemple.fr").is_err());
        assert!(p.check("a@sub.ecole.fr").is_err(), "an exact name is exact");
        assert!(
            p.check("a@ent.exemple.fr").is_err(),
            "a list replaces the default"
        );
        for bad in ["@", "x@", "ecole.fr/x"] {
            assert!(
                SenderPolicy::new(Some(bad), &"a@b.fr".parse().unwrap()).is_err(),
                "{bad}"
            );
        }
    }

    /// Garbage and smuggled headers are no sender address; a display name holding an address's
    /// signs, in any width, or a character that changes how it displays could pass for another
    /// sender. Each refusal says which, and none shows the direction-changing character back.
    #[test]
    fn garbage_smuggled_headers_and_deceptive_display_names_are_refused() {
        let p = policy(Some("ecole.fr"));
        // What each refusal names: the field, for no valid address, or the deceptive name.
        let (invalid, deceptive) = ("senderAddress", "le nom affiché");
        for (bad, named) in [
            ("not an address", invalid),
            ("a@ecole.fr, b@ecole.fr", invalid),
            ("a@ecole.fr\r\nBcc: victim@x.fr", invalid),
            ("Nom <a@ecole.fr", invalid),
            ("\u{0}a@ecole.fr", invalid),
            (
                "\"Ministre <ministre@education.gouv.fr>\" <a@ecole.fr>",
                deceptive,
            ),
            ("\"ministre@education.gouv.fr\" <a@ecole.fr>", deceptive),
            (
                "\"Ministre ＜ministre＠education.gouv.fr＞\" <a@ecole.fr>",
                deceptive,
            ),
            ("\"Rectorat >\" <a@ecole.fr>", deceptive),
            ("\"Secr\u{202E}tariat\" <a@ecole.fr>", deceptive),
        ] {
            let error = p.check(bad).unwrap_err();
            assert!(error.contains(named), "{bad:?}: {error}");
            assert!(!error.contains('\u{202E}'), "{error}");
        }
        let fine = p
            .check("\"Secrétariat de l'école\" <a@ecole.fr>")
            .unwrap()
            .unwrap();
        assert_eq!(fine.name.as_deref(), Some("Secrétariat de l'école"));
        assert!(p.check("a@ecole.fr").unwrap().is_some(), "no name at all");
    }
}
