//! What makes an administrator's login, display name and password acceptable: one set of rules,
//! which the server enforces (API and `sesame admin`) and the app checks as the administrator
//! types, so the message comes before the round trip and is the same after it.

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
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters: this many.
    ShortPassword(usize),
    LongPassword,
    /// The password is, or contains, the login (whatever its case): the first thing anyone tries.
    /// A login shorter than four characters only counts when it is the whole password.
    PasswordHoldsLogin,
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
        .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
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
    Ok(())
}

/// Whether `password` can be the password of the administrator `login`.
pub fn check_password(login: &str, password: &str) -> Result<(), Problem> {
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
    Ok(())
}

/// Zero-width and direction marks.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
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
        assert_eq!(check_password("z", "éééééééééééé"), Ok(()));
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
}
