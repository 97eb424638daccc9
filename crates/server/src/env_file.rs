//! The settings file (`--env-file FILE`, or `SESAME_ENV_FILE`): the `SESAME_*` variables of
//! `/etc/sesame/sesame.env`, read by the command itself, so `sesame admin add` or `sesame
//! import` run by hand use the same settings as the service, with no shell trick to load them.
//!
//! The file is read exactly as systemd reads an `EnvironmentFile=` (systemd.exec(5); the state
//! machine of systemd's `parse_env_file_internal`), since the units give it to `sesame serve`
//! that way: `NAME=value` per line; `#` or `;` begins a comment line; leading and trailing
//! blanks are dropped; a value in double quotes keeps its spaces (`SESAME_MAIL_FROM="Sésame
//! <ne-pas-repondre@ecole.fr>"`) and unescapes `\"`, `\\`, `` \` `` and `\$`; one in single quotes
//! is taken as it is; a backslash at the end of a line continues it. A line systemd would ignore
//! (no `=`, a name that is not one) is ignored here too, with a warning naming its line.
//!
//! Variables already set in the environment win over the file, and options on the command line
//! over both (clap reads the environment after the file is loaded).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The variable that names the settings file, as `--env-file` does.
pub const VARIABLE: &str = "SESAME_ENV_FILE";

/// What a settings file says.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// `(name, value)` in the file's order (a name given twice: the last one wins).
    pub variables: Vec<(String, String)>,
    /// Lines ignored, and why (`line 3: …`).
    pub warnings: Vec<String>,
}

/// The file `args` (the command line, without the program) or [`VARIABLE`] names, if any.
/// Read before clap parses anything, since the file sets the variables clap reads.
pub fn requested(args: &[OsString]) -> Option<PathBuf> {
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--env-file" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--env-file=")) {
            return Some(PathBuf::from(path));
        }
    }
    std::env::var_os(VARIABLE)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Reads and parses the settings file at `path`.
pub fn read(path: &Path) -> Result<Settings, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read the settings file {}: {e}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("the settings file {} is not UTF-8 text", path.display()))?;
    Ok(parse(&text))
}

/// Sets each of `settings`' variables that the environment does not already have; returns the
/// names set. Call it before any thread starts: changing the environment is only sound then.
pub fn apply(settings: &Settings) -> Vec<String> {
    let mut set = Vec::new();
    for (name, value) in &settings.variables {
        if std::env::var_os(name).is_none() || set.contains(name) {
            std::env::set_var(name, value);
            set.push(name.clone());
        }
    }
    set
}

/// Warnings for the `SESAME_*` names of `settings` that no option of `cli` reads (a typo such as
/// `SESAME_SMPT_URL` would otherwise be silently without effect, here as under systemd).
pub fn unknown_names(settings: &Settings, cli: &clap::Command) -> Vec<String> {
    let mut known = vec!["SESAME_LOG".to_owned(), VARIABLE.to_owned()];
    collect_variables(cli, &mut known);
    settings
        .variables
        .iter()
        .map(|(name, _)| name)
        .filter(|name| name.starts_with("SESAME_") && !known.contains(name))
        .map(|name| format!("{name} is not a setting of sesame (see `sesame help serve`); ignored"))
        .collect()
}

/// The variables every option of `command` and its subcommands reads.
fn collect_variables(command: &clap::Command, into: &mut Vec<String>) {
    for arg in command.get_arguments() {
        if let Some(name) = arg.get_env().and_then(|n| n.to_str()) {
            into.push(name.to_owned());
        }
    }
    for sub in command.get_subcommands() {
        collect_variables(sub, into);
    }
}

/// Parses a settings file's text as systemd does.
pub fn parse(text: &str) -> Settings {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        PreKey,
        Key,
        PreValue,
        Value,
        ValueEscape,
        SingleQuoted,
        DoubleQuoted,
        DoubleQuotedEscape,
        Comment,
        CommentEscape,
    }
    let is_newline = |c: char| matches!(c, '\n' | '\r');

    let mut settings = Settings::default();
    let mut state = State::PreKey;
    let (mut key, mut value) = (String::new(), String::new());
    // Where trailing blanks of the key or of an unquoted value begin, to drop them.
    let (mut key_blanks, mut value_blanks): (Option<usize>, Option<usize>) = (None, None);
    // The line the current assignment began on, for warnings.
    let (mut line, mut key_line) = (1, 1);
    let push = |key: &mut String, value: &mut String, at: usize, settings: &mut Settings| {
        let name = std::mem::take(key);
        let value = std::mem::take(value);
        if is_name(&name) {
            settings.variables.push((name, value));
        } else {
            settings.warnings.push(format!(
                "line {at}: « {name} » is not a variable name (letters, digits and _, not starting with a digit); ignored"
            ));
        }
    };

    for c in text.chars() {
        match state {
            State::PreKey => {
                if c == '#' || c == ';' {
                    state = State::Comment;
                } else if !is_blank(c) {
                    state = State::Key;
                    key_blanks = None;
                    key_line = line;
                    key.push(c);
                }
            }
            State::Key => {
                if is_newline(c) {
                    settings.warnings.push(format!(
                        "line {key_line}: « {} » has no « = »; ignored",
                        key.trim_end()
                    ));
                    key.clear();
                    state = State::PreKey;
                } else if c == '=' {
                    drop_trailing_blanks(&mut key, key_blanks);
                    state = State::PreValue;
                    value_blanks = None;
                } else {
                    push_tracking_blanks(&mut key, &mut key_blanks, c);
                }
            }
            State::PreValue => {
                if is_newline(c) {
                    push(&mut key, &mut value, key_line, &mut settings);
                    state = State::PreKey;
                } else if c == '\'' {
                    state = State::SingleQuoted;
                } else if c == '"' {
                    state = State::DoubleQuoted;
                } else if c == '\\' {
                    state = State::ValueEscape;
                } else if !is_blank(c) {
                    state = State::Value;
                    value.push(c);
                }
            }
            State::Value => {
                if is_newline(c) {
                    drop_trailing_blanks(&mut value, value_blanks);
                    push(&mut key, &mut value, key_line, &mut settings);
                    state = State::PreKey;
                } else if c == '\\' {
                    state = State::ValueEscape;
                    value_blanks = None;
                } else {
                    push_tracking_blanks(&mut value, &mut value_blanks, c);
                }
            }
            State::ValueEscape => {
                state = State::Value;
                // A backslash before a newline continues the line; before anything else it
                // keeps that character.
                if !is_newline(c) {
                    value.push(c);
                }
            }
            State::SingleQuoted => {
                if c == '\'' {
                    state = State::PreValue;
                } else {
                    value.push(c);
                }
            }
            State::DoubleQuoted => {
                if c == '"' {
                    state = State::PreValue;
                } else if c == '\\' {
                    state = State::DoubleQuotedEscape;
                } else {
                    value.push(c);
                }
            }
            State::DoubleQuotedEscape => {
                state = State::DoubleQuoted;
                if matches!(c, '"' | '\\' | '`' | '$') {
                    value.push(c);
                } else if c != '\n' {
                    // As the shell does: the backslash stays.
                    value.push('\\');
                    value.push(c);
                }
            }
            State::Comment => {
                if c == '\\' {
                    state = State::CommentEscape;
                } else if is_newline(c) {
                    state = State::PreKey;
                }
            }
            State::CommentEscape => state = State::Comment,
        }
        if c == '\n' {
            line += 1;
        }
    }
    match state {
        State::Value | State::ValueEscape => {
            drop_trailing_blanks(&mut value, value_blanks);
            push(&mut key, &mut value, key_line, &mut settings);
        }
        State::PreValue | State::SingleQuoted | State::DoubleQuoted | State::DoubleQuotedEscape => {
            push(&mut key, &mut value, key_line, &mut settings);
        }
        State::Key => settings.warnings.push(format!(
            "line {key_line}: « {} » has no « = »; ignored",
            key.trim_end()
        )),
        State::PreKey | State::Comment | State::CommentEscape => {}
    }
    settings
}

/// A blank between words, as systemd counts one (line breaks included).
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Pushes `c` onto `text` (a key or an unquoted value), keeping in `blanks` where its trailing
/// blanks begin: systemd drops them, but not the blanks inside.
fn push_tracking_blanks(text: &mut String, blanks: &mut Option<usize>, c: char) {
    if !is_blank(c) {
        *blanks = None;
    } else if blanks.is_none() {
        *blanks = Some(text.len());
    }
    text.push(c);
}

/// Drops the trailing blanks [`push_tracking_blanks`] found.
fn drop_trailing_blanks(text: &mut String, blanks: Option<usize>) {
    if let Some(at) = blanks {
        text.truncate(at);
    }
}

/// A variable name as systemd accepts one: ASCII letters, digits and `_`, not starting with a
/// digit.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(text: &str) -> Vec<(String, String)> {
        let settings = parse(text);
        assert_eq!(settings.warnings, Vec::<String>::new(), "{text:?}");
        settings.variables
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect()
    }

    #[test]
    fn a_quoted_value_keeps_its_spaces_and_loses_its_quotes() {
        assert_eq!(
            vars("SESAME_MAIL_FROM=\"Sésame <ne-pas-repondre@ecole.fr>\"\n"),
            pairs(&[("SESAME_MAIL_FROM", "Sésame <ne-pas-repondre@ecole.fr>")])
        );
        assert_eq!(
            vars("A='un $deux \\trois'\nB=\"a \\\"b\\\" \\$c \\\\ \\n\"\n"),
            pairs(&[("A", "un $deux \\trois"), ("B", "a \"b\" $c \\ \\n")])
        );
    }

    #[test]
    fn comments_blanks_and_continued_lines_as_systemd_reads_them() {
        let text = "# Sésame's settings\n\
                    ; another comment\n\
                    \n\
                    \x20 SESAME_LISTEN = 127.0.0.1:8080  \n\
                    SESAME_DB=/var/lib/sesame/sesame.db\r\n\
                    SESAME_DIST=/usr/share/\\\n\
                    sesame/dist\n\
                    SESAME_MAIL_FROM=Sésame <ne-pas-repondre@ecole.fr>\n\
                    EMPTY=\n\
                    LAST=no newline at the end";
        assert_eq!(
            vars(text),
            pairs(&[
                ("SESAME_LISTEN", "127.0.0.1:8080"),
                ("SESAME_DB", "/var/lib/sesame/sesame.db"),
                ("SESAME_DIST", "/usr/share/sesame/dist"),
                ("SESAME_MAIL_FROM", "Sésame <ne-pas-repondre@ecole.fr>"),
                ("EMPTY", ""),
                ("LAST", "no newline at the end"),
            ])
        );
    }

    #[test]
    fn lines_systemd_ignores_are_ignored_with_their_line_named() {
        let settings = parse("A=1\nexport B=2\nnot an assignment\n2C=3\nD=4\n");
        assert_eq!(settings.variables, pairs(&[("A", "1"), ("D", "4")]));
        assert_eq!(settings.warnings.len(), 3, "{:?}", settings.warnings);
        assert!(
            settings.warnings[0].starts_with("line 2: « export B »"),
            "{:?}",
            settings.warnings
        );
        assert!(settings.warnings[1].starts_with("line 3: « not an assignment » has no « = »"));
        assert!(settings.warnings[2].starts_with("line 4: « 2C »"));
    }

    #[test]
    fn a_sesame_name_no_option_reads_is_warned_about() {
        use clap::CommandFactory;
        let settings = parse("SESAME_DB=x\nSESAME_SMPT_URL=smtp://y\nSESAME_LOG=debug\nPATH=/bin\n");
        let warnings = unknown_names(&settings, &crate::cli::Cli::command());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("SESAME_SMPT_URL is not a setting"),
            "{warnings:?}"
        );
    }

    #[test]
    fn the_file_is_named_by_the_option_or_the_variable() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            requested(&args(&["--env-file", "/etc/sesame/sesame.env", "admin", "add"])),
            Some(PathBuf::from("/etc/sesame/sesame.env"))
        );
        assert_eq!(
            requested(&args(&["admin", "add", "--env-file=/etc/x.env"])),
            Some(PathBuf::from("/etc/x.env"))
        );
        // After `--`, words are arguments, not options (and the variable is unset here).
        if std::env::var_os(VARIABLE).is_none() {
            assert_eq!(requested(&args(&["serve", "--", "--env-file", "x"])), None);
        }
    }
}
