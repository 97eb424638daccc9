//! What makes an administrator's login, display name and password acceptable: one set of rules,
//! which the server enforces (API and `sesame admin`) and the app checks as the administrator
//! types, so the message comes before the round trip and is the same after it.
//!
//! A password is long enough and hard to guess ([`crate::access::password_strength`]: no repetition,
//! run or common password, and not the login, the display name or the school's name). Logins and
//! display names hold no control character and nothing that makes them display as another
//! ([`crate::access::invisible`]: bidirectional overrides, zero-width characters).

use crate::access::invisible::is_deceptive;
use crate::access::password_strength::{weakness, Weakness};
use crate::wire::SessionInfo;
use crate::Lang;

/// Shortest password accepted (ANSSI and OWASP both ask for at least 12 characters rather than
/// composition rules).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted (the sign-in refuses longer ones before any hashing).
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// Longest login (ENT logins are a few dozen characters).
pub const MAX_LOGIN_CHARS: usize = 256;
/// Longest display name.
pub const MAX_DISPLAY_NAME_CHARS: usize = 200;

/// Why a text cannot be an administrator's login, display name or password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    EmptyLogin,
    LongLogin,
    /// A space, a control or an invisible character (a login that holds one looks like another).
    LoginCharacters,
    LongDisplayName,
    DisplayNameControl,
    /// A bidirectional override, a zero-width character: the name would display as another.
    DisplayNameInvisible,
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters: this many.
    ShortPassword(usize),
    LongPassword,
    /// The password is, or contains, the login (whatever its case): the first thing anyone tries.
    /// A login shorter than four characters only counts when it is the whole password.
    PasswordHoldsLogin,
    /// Long enough, but among what guessers try first.
    WeakPassword(Weakness),
}

impl Problem {
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::EmptyLogin, Lang::Fr) => "Donnez un identifiant.".into(),
            (Problem::EmptyLogin, Lang::En) => "Enter a login.".into(),
            (Problem::LongLogin, Lang::Fr) => {
                format!("L’identifiant ne peut pas dépasser {MAX_LOGIN_CHARS} caractères.")
            }
            (Problem::LongLogin, Lang::En) => format!("A login has at most {MAX_LOGIN_CHARS} characters."),
            (Problem::LoginCharacters, Lang::Fr) => {
                "L’identifiant ne peut contenir ni espace ni caractère invisible.".into()
            }
            (Problem::LoginCharacters, Lang::En) => {
                "A login cannot hold spaces or invisible characters.".into()
            }
            (Problem::LongDisplayName, Lang::Fr) => {
                format!("Le nom affiché ne peut pas dépasser {MAX_DISPLAY_NAME_CHARS} caractères.")
            }
            (Problem::LongDisplayName, Lang::En) => {
                format!("A display name has at most {MAX_DISPLAY_NAME_CHARS} characters.")
            }
            (Problem::DisplayNameControl, Lang::Fr) => {
                "Le nom affiché ne peut pas contenir de caractère de contrôle.".into()
            }
            (Problem::DisplayNameControl, Lang::En) => {
                "A display name cannot hold control characters.".into()
            }
            (Problem::DisplayNameInvisible, Lang::Fr) => {
                "Le nom affiché ne peut pas contenir de caractère invisible ni de changement de sens \
                 d’écriture (il s’afficherait comme un autre)."
                    .into()
            }
            (Problem::DisplayNameInvisible, Lang::En) => {
                "A display name cannot hold invisible or direction-changing characters (it would \
                 display as another)."
                    .into()
            }
            (Problem::ShortPassword(n), Lang::Fr) => {
                format!("Le mot de passe doit compter au moins {MIN_PASSWORD_CHARS} caractères ({n} saisis).")
            }
            (Problem::ShortPassword(n), Lang::En) => {
                format!("The password needs at least {MIN_PASSWORD_CHARS} characters ({n} typed).")
            }
            (Problem::LongPassword, Lang::Fr) => {
                format!("Le mot de passe ne peut pas dépasser {MAX_PASSWORD_CHARS} caractères.")
            }
            (Problem::LongPassword, Lang::En) => {
                format!("A password has at most {MAX_PASSWORD_CHARS} characters.")
            }
            (Problem::PasswordHoldsLogin, Lang::Fr) => {
                "Le mot de passe ne doit pas contenir l’identifiant.".into()
            }
            (Problem::PasswordHoldsLogin, Lang::En) => "The password must not contain the login.".into(),
            (Problem::WeakPassword(why), Lang::Fr) => format!(
                "Ce mot de passe se devine trop facilement : {}. Préférez plusieurs mots sans \
                 rapport entre eux.",
                match why {
                    Weakness::Repetition => "il répète les mêmes caractères",
                    Weakness::Sequence =>
                        "c’est une suite de lettres, de chiffres ou de touches (abcd, 1234, azerty)",
                    Weakness::Common => "il repose sur un mot de passe courant",
                    Weakness::Known => "il reprend l’identifiant, le nom ou celui de l’établissement",
                    Weakness::Short => "il est trop court pour ce qu’il contient",
                }
            ),
            (Problem::WeakPassword(why), Lang::En) => format!(
                "This password is too easy to guess: {}. Prefer several unrelated words.",
                match why {
                    Weakness::Repetition => "it repeats the same characters",
                    Weakness::Sequence => "it is a run of letters, digits or keys (abcd, 1234, qwerty)",
                    Weakness::Common => "it is built on a common password",
                    Weakness::Known => "it reuses the login, the name or the school's name",
                    Weakness::Short => "it is too short for what it holds",
                }
            ),
        }
    }
}

/// Whether `login` can be an administrator's login: what a person types to sign in.
pub fn check_login(login: &str) -> Result<(), Problem> {
    if login.trim().is_empty() {
        return Err(Problem::EmptyLogin);
    }
    if login.chars().count() > MAX_LOGIN_CHARS {
        return Err(Problem::LongLogin);
    }
    if login
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || is_deceptive(c))
    {
        return Err(Problem::LoginCharacters);
    }
    Ok(())
}

/// Whether `name` can be a display name (empty is fine: the login is shown instead).
pub fn check_display_name(name: &str) -> Result<(), Problem> {
    if name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        return Err(Problem::LongDisplayName);
    }
    if name.chars().any(char::is_control) {
        return Err(Problem::DisplayNameControl);
    }
    if name.chars().any(is_deceptive) {
        return Err(Problem::DisplayNameInvisible);
    }
    Ok(())
}

/// Whether `password` can be the password of the administrator `login`, knowing only the login
/// (the generated passwords' check; a person's choice goes through [`check_new_password`]).
pub fn check_password(login: &str, password: &str) -> Result<(), Problem> {
    check_new_password(login, password, &[])
}

/// What a guesser knows of the administrator of `session`: their display name and the names of
/// their schools (the login is given to [`check_new_password`] apart).
pub fn known_words(session: &SessionInfo) -> Vec<&str> {
    std::iter::once(session.display_name.as_str())
        .chain(session.structures.iter().map(|s| s.name.as_str()))
        .collect()
}

/// Whether `password` can be the password of the administrator `login`, `known` being what a
/// guesser knows of them besides ([`known_words`]: display name, schools' names).
pub fn check_new_password(login: &str, password: &str, known: &[&str]) -> Result<(), Problem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(Problem::ShortPassword(chars));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(Problem::LongPassword);
    }
    let login = login.trim().to_lowercase();
    let password = password.to_lowercase();
    // A login of a few letters is in many good passwords by chance: then only equality counts.
    let holds = if login.chars().count() >= 4 {
        password.contains(&login)
    } else {
        password == login
    };
    if holds {
        return Err(Problem::PasswordHoldsLogin);
    }
    let mut words = vec![login.as_str()];
    words.extend_from_slice(known);
    if let Some(why) = weakness(&password, &words) {
        return Err(Problem::WeakPassword(why));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_long_enough_and_does_not_hold_the_login() {
        assert_eq!(
            check_password("marie.curie", "court"),
            Err(Problem::ShortPassword(5))
        );
        assert!(Problem::ShortPassword(5)
            .message(Lang::Fr)
            .contains("12 caractères (5 saisis)"));
        assert_eq!(
            check_password("marie.curie", "MARIE.CURIE2026!"),
            Err(Problem::PasswordHoldsLogin)
        );
        assert_eq!(check_password("marie.curie", "cheval agrafe pile"), Ok(()));
        assert_eq!(
            check_password("a", &"x".repeat(MAX_PASSWORD_CHARS + 1)),
            Err(Problem::LongPassword)
        );
        // Characters, not bytes: twelve accented letters are twelve.
        assert_eq!(check_password("z", "àéèùâêîôûçëï"), Ok(()));
        assert_eq!(
            check_password("z", "éééééééééééé"),
            Err(Problem::WeakPassword(Weakness::Repetition))
        );
        // A short login found by chance in a good password is no objection.
        assert_eq!(check_password("a", "correct horse battery staple"), Ok(()));
    }

    #[test]
    fn a_login_has_no_space_nor_invisible_character() {
        assert_eq!(check_login("marie.curie"), Ok(()));
        assert_eq!(check_login("Ana-Łukasz_2@ecole"), Ok(()));
        for bad in [
            "",
            "  ",
            "marie curie",
            "marie\u{200B}curie",
            "a\tb",
            &"x".repeat(257),
        ] {
            assert!(check_login(bad).is_err(), "{bad:?}");
        }
        assert_eq!(check_display_name(""), Ok(()));
        assert_eq!(check_display_name("a\u{7}"), Err(Problem::DisplayNameControl));
    }

    #[test]
    fn names_and_logins_cannot_display_as_others() {
        for bad in [
            "ana\u{202E}nimda",
            "ana\u{2066}x\u{2069}",
            "a\u{200D}b",
            "a\u{FEFF}b",
            "a\u{2060}b",
        ] {
            assert_eq!(check_login(bad), Err(Problem::LoginCharacters), "{bad:?}");
            assert_eq!(
                check_display_name(bad),
                Err(Problem::DisplayNameInvisible),
                "{bad:?}"
            );
        }
        assert_eq!(check_display_name("Zoé Dupré-Łukasz"), Ok(()));
    }

    #[test]
    fn weak_passwords_are_refused_whoever_checks() {
        for weak in [
            "            ",
            "aaaaaaaaaaaa",
            "123456789012",
            "azertyuiop123",
            "Motdepasse2024!",
        ] {
            assert!(
                matches!(check_password("ana", weak), Err(Problem::WeakPassword(_))),
                "{weak:?}"
            );
        }
        let session: SessionInfo = serde_json::from_value(serde_json::json!({
            "login": "m.curie", "displayName": "Marie Curie", "role": "local", "csrfToken": "t",
            "mailEnabled": false,
            "structures": [{"id": "s", "uai": "0751234A", "name": "École Jules Ferry"}],
        }))
        .unwrap();
        let known = known_words(&session);
        assert_eq!(
            check_new_password("m.curie", "julesferry-ecole-2025", &known),
            Err(Problem::WeakPassword(Weakness::Known))
        );
        assert_eq!(
            check_new_password("m.curie", "Curie Marie 1867!", &known),
            Err(Problem::WeakPassword(Weakness::Known))
        );
        assert_eq!(
            check_new_password("m.curie", "cheval agrafe pile", &known),
            Ok(())
        );
        assert!(Problem::WeakPassword(Weakness::Common)
            .message(Lang::Fr)
            .contains("mot de passe courant"));
    }
}
