//! One e-mail from one account: `multipart/alternative` (plain text and HTML), in French, with
//! the letter's own wording (`sesame_core::letter`), so a printed letter and an e-mail say the
//! same thing.
//!
//! Not activated: login, activation code and the first-connection steps. Activated: a login
//! reminder and how to reset a forgotten password (no code). Headers are encoded by lettre
//! (RFC 2047), so "Łukasz Nguyễn" survives in the `To` display name. The `Message-ID`
//! ([`message_id`]) is derived from the outbox row and its mailing, so the rare resend after a
//! crash carries the same id and mail clients can tell it is the same message — and from
//! nothing else, so two messages never share one: the row's number alone restarts at 1 in every
//! installation (and may be used again in one once old rows are gone), the mailing's id is 128
//! random bits.
//!
//! `From:` is the structure's sender address when the operator's [`SenderPolicy`] allows it,
//! else the operator's sender; the envelope sender (`MAIL FROM`), the `Sender:` header and the
//! `Message-ID` domain are always the operator's (a school must not send as anyone).

use lettre::address::Envelope;
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use sesame_core::letter::{mail_boilerplate, recipient, Boilerplate, Recipient};
use sesame_core::Lang;
use sesame_core::{Structure, User};

use super::sender::SenderPolicy;

/// Why a message could not be built; permanent (the directory must be fixed first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeError(pub String);

/// The `Message-ID` of outbox row `outbox_id` of mailing `mailing_id`, sent from `domain`: the
/// same for every attempt at that row, and never another row's, whatever the installation.
pub fn message_id(outbox_id: i64, mailing_id: &str, domain: &str) -> String {
    format!("<{outbox_id}.{mailing_id}.sesame@{domain}>")
}

/// The message for `user` of `structure`, outbox row `outbox_id` of mailing `mailing_id` (they
/// make the `Message-ID`); `operator` is the server's sender (`SESAME_MAIL_FROM`), used as
/// `From:` when the structure's letter settings give no sender address that `senders` allows.
pub fn compose(
    user: &User,
    structure: &Structure,
    (outbox_id, mailing_id): (i64, &str),
    operator: &Mailbox,
    senders: &SenderPolicy,
) -> Result<Message, ComposeError> {
    let address = user
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .ok_or_else(|| ComposeError("aucune adresse électronique".into()))?;
    let text = mail_boilerplate(structure, Lang::Fr, user.is_activated());
    let person = recipient(user, Lang::Fr);
    let to = Mailbox::new(
        Some(person.full_name.clone()).filter(|n| !n.is_empty()),
        address
            .parse()
            .map_err(|_| ComposeError("adresse électronique invalide".into()))?,
    );
    let from = match senders.check(&structure.letter_settings.sender_address) {
        Ok(Some(school)) => school,
        Ok(None) => operator.clone(),
        Err(_) => {
            tracing::warn!(
                structure = %crate::log_text::Quoted(&structure.id),
                "sender address not allowed (any more): the operator's sender is used"
            );
            operator.clone()
        }
    };
    let envelope = Envelope::new(Some(operator.email.clone()), vec![to.email.clone()])
        .map_err(|e| ComposeError(format!("enveloppe impossible : {e}")))?;
    let domain = operator.email.domain().to_owned();
    let mut builder = Message::builder();
    if from.email != operator.email {
        builder = builder.sender(operator.clone());
    }
    builder
        .from(from)
        .to(to)
        .envelope(envelope)
        .subject(subject(&text))
        .message_id(Some(message_id(outbox_id, mailing_id, &domain)))
        .date_now()
        .multipart(MultiPart::alternative_plain_html(
            plain(&text, &person),
            html(&text, &person),
        ))
        .map_err(|e| ComposeError(format!("message impossible à construire : {e}")))
}

/// "Vos identifiants pour l’ENT ONE — Première connexion" or "… — Compte déjà activé".
pub fn subject(text: &Boilerplate) -> String {
    match &text.activated {
        Some((status, _)) => format!("{} — {status}", text.title),
        None => format!("{} — {}", text.title, text.steps_title),
    }
}

/// The plain-text part.
pub fn plain(text: &Boilerplate, person: &Recipient) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    line(&text.school);
    if !text.ent_line.is_empty() {
        line(&text.ent_line);
    }
    line("");
    line(&text.title);
    line("");
    line(&text.intro);
    line("");
    line(&person.full_name);
    line(&person.role);
    if let Some(children) = &person.children {
        line(children);
    }
    line("");
    line(&format!("{} {}", text.login_label, person.login));
    if let (Some(label), Some(code)) = (&text.code_label, &person.activation_code) {
        line(&format!("{label} {code}"));
    }
    if let Some((status, how)) = &text.activated {
        line(status);
        line(how);
    }
    line("");
    line(&text.steps_title);
    for (i, step) in text.steps.iter().enumerate() {
        line(&format!("{}. {step}", i + 1));
    }
    line("");
    line(&text.note);
    if !text.help.is_empty() {
        line("");
        line(&text.help);
    }
    out
}

/// The HTML part: the same text, every value escaped.
pub fn html(text: &Boilerplate, person: &Recipient) -> String {
    let e = escape;
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"></head><body>\n");
    out += &format!("<p><strong>{}</strong>", e(&text.school));
    if !text.ent_line.is_empty() {
        out += &format!("<br>{}", e(&text.ent_line));
    }
    out += "</p>\n";
    out += &format!("<h1>{}</h1>\n<p>{}</p>\n", e(&text.title), e(&text.intro));
    out += &format!(
        "<p><strong>{}</strong><br>{}",
        e(&person.full_name),
        e(&person.role)
    );
    if let Some(children) = &person.children {
        out += &format!("<br>{}", e(children));
    }
    out += "</p>\n<p>";
    out += &format!("{} <code>{}</code>", e(&text.login_label), e(&person.login));
    if let (Some(label), Some(code)) = (&text.code_label, &person.activation_code) {
        out += &format!("<br>{} <code>{}</code>", e(label), e(code));
    }
    if let Some((status, how)) = &text.activated {
        out += &format!("<br><strong>{}</strong><br>{}", e(status), e(how));
    }
    out += "</p>\n";
    out += &format!("<h2>{}</h2>\n<ol>\n", e(&text.steps_title));
    for step in &text.steps {
        out += &format!("<li>{}</li>\n", e(step));
    }
    out += &format!("</ol>\n<p>{}</p>\n", e(&text.note));
    if !text.help.is_empty() {
        out += &format!("<p>{}</p>\n", e(&text.help));
    }
    out + "</body></html>\n"
}

/// Text as HTML: the five characters that could open markup or end an attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sesame_core::LetterSettings;

    fn structure() -> Structure {
        Structure {
            id: "s1".into(),
            uai: "0751234A".into(),
            name: "École <Jaurès>".into(),
            time_zone: "Europe/Paris".into(),
            letter_settings: LetterSettings {
                ent_name: "ONE".into(),
                login_url: "https://ent.example/login".into(),
                activation_url: "https://ent.example/activer".into(),
                help_text: "Contact : secrétariat".into(),
                sender_address: String::new(),
                ..Default::default()
            },
        }
    }

    fn user(code: Option<&str>) -> User {
        serde_json::from_value(serde_json::json!({
            "id": "u1", "profile": "Student", "firstName": "Łukasz", "lastName": "Nguyễn",
            "login": "lukasz.nguyen", "activationCode": code, "email": "lukasz@ecole.fr",
            "createdAt": "2025-09-01T06:30:00Z"
        }))
        .unwrap()
    }

    /// A mailing's id, as `new_id` makes them.
    const MAILING: &str = "5f0c2d7e9a4b4c1d8e3f6a7b8c9d0e1f";

    /// The same row of the same mailing: the same id (a resend after a crash is recognised);
    /// the same row number of another mailing — another installation's first row, or this one's
    /// after its old rows are gone — another.
    #[test]
    fn a_message_id_is_the_rows_every_time_and_no_other_rows() {
        let id = |row, mailing: &str| {
            let message = compose(&user(None), &structure(), (row, mailing), &from(), &senders()).unwrap();
            message.headers().get_raw("Message-ID").unwrap().to_owned()
        };
        assert_eq!(id(1, MAILING), id(1, MAILING));
        let elsewhere = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
        assert_ne!(id(1, MAILING), id(1, elsewhere));
        assert_ne!(id(1, MAILING), id(2, MAILING));
        assert_ne!(id(1, MAILING), "<1.sesame@localhost>");
        // A valid msg-id: one « @ », dot-atoms on either side.
        let raw = id(12, MAILING);
        assert!(
            raw.starts_with('<') && raw.ends_with('>') && raw.matches('@').count() == 1,
            "{raw}"
        );
        assert!(raw[1..raw.len() - 1]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".@-".contains(c)));
    }

    fn from() -> Mailbox {
        crate::mail::DEFAULT_FROM.parse().unwrap()
    }

    fn senders() -> SenderPolicy {
        SenderPolicy::new(Some("ecole.fr"), &from()).unwrap()
    }

    /// Row `row` of [`MAILING`] to an activated account of `school`, as composed: the message
    /// and its raw text.
    fn sent(school: &Structure, row: i64) -> (Message, String) {
        let message = compose(&user(None), school, (row, MAILING), &from(), &senders()).unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        (message, raw)
    }

    #[test]
    fn not_activated_carries_the_code_and_the_steps() {
        let message = compose(
            &user(Some("AB12CD")),
            &structure(),
            (42, MAILING),
            &from(),
            &senders(),
        )
        .unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(
            raw.contains(&format!("Message-ID: <42.{MAILING}.sesame@localhost>")),
            "{raw}"
        );
        assert!(raw.contains("Date: "), "{raw}");
        let text = mail_boilerplate(&structure(), Lang::Fr, false);
        let body = plain(&text, &recipient(&user(Some("AB12CD")), Lang::Fr));
        assert!(body.contains("Code d’activation : AB12CD"), "{body}");
        assert!(
            body.contains("1. Rendez-vous sur https://ent.example/activer."),
            "{body}"
        );
        assert_eq!(
            subject(&text),
            "Vos identifiants pour l’ENT ONE — Première connexion"
        );
    }

    #[test]
    fn activated_has_no_code_and_explains_the_reset() {
        let text = mail_boilerplate(&structure(), Lang::Fr, true);
        let person = recipient(&user(None), Lang::Fr);
        let body = plain(&text, &person);
        assert!(!body.contains("Code d’activation"), "{body}");
        assert!(body.contains("Mot de passe oublié ?"), "{body}");
        assert_eq!(
            subject(&text),
            "Vos identifiants pour l’ENT ONE — Compte déjà activé"
        );
    }

    #[test]
    fn html_is_escaped() {
        let text = mail_boilerplate(&structure(), Lang::Fr, false);
        let page = html(&text, &recipient(&user(Some("A<B")), Lang::Fr));
        assert!(page.contains("École &lt;Jaurès&gt;"), "{page}");
        assert!(page.contains("<code>A&lt;B</code>"), "{page}");
        assert!(!page.contains("<Jaurès>"));
    }

    #[test]
    fn from_the_settings_when_allowed_envelope_and_message_id_the_operators() {
        let mut s = structure();
        s.letter_settings.sender_address = "Secrétariat <secretariat@ecole.fr>".into();
        let (message, raw) = sent(&s, 7);
        let header = |name: &str| {
            raw.lines()
                .find(|l| l.starts_with(name))
                .unwrap_or_else(|| panic!("no {name} in {raw}"))
                .to_owned()
        };
        assert!(header("From: ").contains("<secretariat@ecole.fr>"), "{raw}");
        assert!(header("Sender: ").contains("ne-pas-repondre@localhost"), "{raw}");
        assert!(
            raw.contains(&format!("Message-ID: <7.{MAILING}.sesame@localhost>")),
            "{raw}"
        );
        assert_eq!(
            message.envelope().from().map(|a| a.to_string()).as_deref(),
            Some("ne-pas-repondre@localhost")
        );
        let mut no_mail = user(None);
        no_mail.email = Some("  ".into());
        assert!(compose(&no_mail, &s, (8, MAILING), &from(), &senders()).is_err());
    }

    #[test]
    fn a_sender_the_operator_does_not_allow_is_replaced_by_the_operators() {
        let mut s = structure();
        s.letter_settings.sender_address = "Ministre <ministre@education.gouv.fr>".into();
        let (_, raw) = sent(&s, 9);
        assert!(!raw.contains("gouv.fr"), "{raw}");
        assert!(raw.contains("ne-pas-repondre@localhost"), "{raw}");
        assert!(
            !raw.contains("Sender: "),
            "From is the operator's: no Sender needed\n{raw}"
        );
        // An allowed address behind a name that reads as the ministry's, saved before names were
        // checked: the operator's sender too.
        let allowed = senders().domains()[0].clone();
        s.letter_settings.sender_address =
            format!("\"Ministre <ministre@education.gouv.fr>\" <secretariat@{allowed}>");
        let (_, raw) = sent(&s, 9);
        assert!(!raw.contains("gouv.fr"), "{raw}");
        assert!(!raw.contains("secretariat@"), "{raw}");
    }
}
