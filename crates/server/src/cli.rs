//! The `sesame` command line (ARCHITECTURE.md, « Interfaces kept stable »). Options of `serve` can
//! also come from `SESAME_` variables, and those from a settings file (`--env-file`, read by
//! `crate::env_file`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Sésame: distribute school account credentials.
#[derive(Debug, Parser)]
#[command(name = "sesame", version, about)]
pub struct Cli {
    /// A settings file of `SESAME_*` variables (`/etc/sesame/sesame.env`), read as systemd's
    /// `EnvironmentFile=` reads it, so a command run by hand uses the service's settings.
    /// Variables already in the environment win over the file; options win over both.
    #[arg(long, global = true, env = "SESAME_ENV_FILE", value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the app.
    Serve(ServeArgs),
    /// Serve a fresh demonstration directory (two schools), printing the demo accounts.
    Demo(DemoArgs),
    /// Import the ENT's CSV export into a structure: all lines or none.
    Import(ImportArgs),
    /// Create the database or bring its schema up to date, then exit. Every command does it at
    /// start too, one process at a time: this is for a deployment that migrates before starting
    /// its instances.
    Migrate(MigrateArgs),
    /// Copy every row of a SQLite database into a new, empty PostgreSQL one (moving an
    /// installation to PostgreSQL): all or nothing, each table's rows counted on both sides.
    Copy(CopyArgs),
    /// Build the credential letters PDF from a directory file, with the app's own code.
    Letters(LettersArgs),
    /// Manage administrator accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

/// Where to listen and what to serve.
#[derive(Debug, Clone, Args)]
pub struct ListenArgs {
    /// Address to listen on; port 0 picks a free port (the address is printed on start).
    #[arg(long, env = "SESAME_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The built app (Trunk's output).
    #[arg(long, env = "SESAME_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Served over HTTPS: the session cookie is `Secure` with the `__Host-` prefix and answers
    /// carry HSTS (also per request when a trusted proxy sends `X-Forwarded-Proto: https`).
    #[arg(long, env = "SESAME_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed: addresses
    /// or networks, comma-separated (`127.0.0.1, 10.0.0.0/8`). Empty: none, the peer's address
    /// is the client's.
    #[arg(long, env = "SESAME_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// Memory for directory bodies kept ready to send (serialised and compressed once per
    /// version of a school's directory), in MiB; 0 keeps none. A 2,000-account school takes
    /// under 1 MiB, a 50,000-account one about 20.
    #[arg(long, env = "SESAME_DIRECTORY_CACHE_MB", default_value_t = crate::state::DEFAULT_DIRECTORY_CACHE_MB)]
    pub directory_cache_mb: usize,
    /// Imports (from the browser) this process runs at once, each of another school; more are
    /// refused with 429 until one ends. Each may take a few hundred MiB for the largest files.
    #[arg(long, env = "SESAME_IMPORTS_AT_ONCE", default_value_t = crate::state::DEFAULT_IMPORTS_AT_ONCE)]
    pub imports_at_once: usize,
    /// On SIGTERM or SIGINT, how long the requests in flight and the messages being sent may
    /// take to finish before the server exits anyway, in seconds (new connections are refused
    /// at once). Keep systemd's `TimeoutStopSec=` above it.
    #[arg(long, env = "SESAME_SHUTDOWN_TIMEOUT_SECS", default_value_t = crate::shutdown::DEFAULT_TIMEOUT.as_secs())]
    pub shutdown_timeout_secs: u64,
    #[command(flatten)]
    pub sign_in: SignInArgs,
}

/// How people sign in: Sésame's passwords, the ENT (an OpenID Connect provider), or both.
#[derive(Debug, Clone, Args)]
pub struct SignInArgs {
    /// Which sign-ins are offered: `password`, `oidc` or `password,oidc`. Default: `password`,
    /// or `password,oidc` when `--oidc-issuer` is given.
    #[arg(long, env = "SESAME_SIGN_IN")]
    pub sign_in: Option<String>,
    /// With `--sign-in oidc` alone, central administrators may still sign in with their
    /// password (the day the ENT is down); `false` takes that way in away too.
    #[arg(long, env = "SESAME_BREAK_GLASS", default_value_t = true, action = clap::ArgAction::Set)]
    pub break_glass: bool,
    /// The ENT's OpenID issuer, where `/.well-known/openid-configuration` is (for entcore:
    /// `https://ENT/auth/openid`).
    #[arg(long, env = "SESAME_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// Sésame's client id at the ENT (the « connecteur »'s identifier).
    #[arg(long, env = "SESAME_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// Sésame's client secret at the ENT. Prefer `--oidc-client-secret-file`: a value on the
    /// command line can be read by other users of the machine. Never printed.
    #[arg(long, env = "SESAME_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// A file holding the client secret (readable by Sésame only).
    #[arg(long, env = "SESAME_OIDC_CLIENT_SECRET_FILE")]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// Sésame's address as browsers reach it (`https://sesame.example.fr`): the ENT sends the
    /// browser back to `{this}/api/oidc/callback`.
    #[arg(long, env = "SESAME_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The sign-in button's words.
    #[arg(long, env = "SESAME_OIDC_LABEL", default_value = "Se connecter avec l’ENT")]
    pub oidc_label: String,
    /// Let an ENT identity whose login (this claim: `login`, the ENT's, or
    /// `preferred_username`) is an administrator's sign in as that administrator. Off: each
    /// administrator is linked to their ENT identity (`sesame admin add --oidc-subject`).
    #[arg(long, env = "SESAME_OIDC_ADMIN_CLAIM")]
    pub oidc_admin_claim: Option<String>,
}

impl SignInArgs {
    /// The sign-ins offered, and the provider's settings when the ENT's is one of them.
    pub fn checked(
        &self,
    ) -> Result<
        (
            sesame_core::access::sign_in::SignInMethods,
            Option<crate::oidc::OidcSettings>,
        ),
        String,
    > {
        let default = if self.oidc_issuer.is_some() {
            "password,oidc"
        } else {
            "password"
        };
        let methods = sesame_core::access::sign_in::SignInMethods::parse(
            self.sign_in.as_deref().unwrap_or(default),
            self.break_glass,
        )
        .map_err(|e| format!("SESAME_SIGN_IN: {e}"))?;
        if !methods.oidc {
            return Ok((methods, None));
        }
        let settings = crate::oidc::OidcSettings::check(&crate::oidc::Given {
            issuer: self.oidc_issuer.clone(),
            client_id: self.oidc_client_id.clone(),
            client_secret: self.oidc_client_secret.clone(),
            client_secret_file: self.oidc_client_secret_file.clone(),
            public_url: self.public_url.clone(),
            label: self.oidc_label.clone(),
            admin_claim: self.oidc_admin_claim.clone(),
        })?;
        Ok((methods, Some(settings)))
    }
}

impl ListenArgs {
    /// The trusted proxies, or what is wrong with the setting.
    pub fn trusted_proxies(&self) -> Result<crate::client::TrustedProxies, String> {
        self.trusted_proxies.parse()
    }

    /// `--shutdown-timeout-secs`.
    pub fn shutdown_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.shutdown_timeout_secs)
    }
}

/// The e-mail outbox (`crate::mail`). Without `--smtp-url`, `serve` refuses mailings and `demo`
/// writes them to its folder (`--mail-dir`).
#[derive(Clone, Args)]
pub struct MailArgs {
    /// SMTP server: `smtp://host:port`, or `smtps://user:password@host:465` (TLS). `--help`
    /// never shows the variable's value, which may hold that password.
    #[arg(long, env = "SESAME_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Default `From` (a structure's sender address, when set, wins).
    #[arg(long, env = "SESAME_MAIL_FROM", default_value = crate::mail::DEFAULT_FROM)]
    pub mail_from: String,
    /// Messages per second at most; 0 = unlimited.
    #[arg(long, env = "SESAME_MAIL_RATE", default_value_t = 0.0)]
    pub mail_rate: f64,
    /// Outbox workers, each with one message in flight on its own SMTP connection. One
    /// connection carries about 25 messages a second (lettre's DATA ends with a second small
    /// write that waits for the server's delayed ACK); more workers send faster, and a crash can
    /// then resend up to this many messages.
    #[arg(long, env = "SESAME_MAIL_WORKERS", default_value_t = 1)]
    pub mail_workers: usize,
    /// First retry delay after a temporary failure, in milliseconds (doubled at each attempt,
    /// at most 5 minutes).
    #[arg(long, env = "SESAME_MAIL_RETRY_BASE_MS", default_value_t = 1000)]
    pub mail_retry_base_ms: u64,
    /// Attempts before a temporarily failing message is marked failed.
    #[arg(long, env = "SESAME_MAIL_MAX_ATTEMPTS", default_value_t = 8)]
    pub mail_max_attempts: i64,
    /// Seconds a claimed message belongs to its worker: when an instance dies mid-send, another
    /// (or the same, restarted) takes the message over after this, with the same `Message-ID`.
    /// Keep it above one send's worst case (SMTP commands time out after 30 s).
    #[arg(long, env = "SESAME_MAIL_LEASE_SECS", default_value_t = crate::mail::DEFAULT_LEASE.as_secs_f64())]
    pub mail_lease_secs: f64,
    /// Domains a structure's sender address may use, comma-separated (`ecole.fr,
    /// *.ac-exemple.fr` for any subdomain). Default: the domain of `--mail-from`.
    #[arg(long, env = "SESAME_MAIL_ALLOWED_DOMAINS")]
    pub mail_allowed_domains: Option<String>,
}

/// The SMTP URL may hold a password.
impl std::fmt::Debug for MailArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailArgs")
            .field("smtp_url", &self.smtp_url.as_deref().map(crate::mail::redact_url))
            .field("mail_from", &self.mail_from)
            .field("mail_rate", &self.mail_rate)
            .field("mail_allowed_domains", &self.mail_allowed_domains)
            .finish_non_exhaustive()
    }
}

impl MailArgs {
    /// The operator's sender (`--mail-from`).
    pub fn from(&self) -> Result<lettre::message::Mailbox, String> {
        self.mail_from.parse().map_err(|e| {
            format!(
                "bad SESAME_MAIL_FROM {:?}: {e}; use \"Name <address@domain>\"",
                self.mail_from
            )
        })
    }

    /// The sender domains structures may use (checked even when e-mail is off).
    pub fn senders(&self) -> Result<crate::mail::SenderPolicy, String> {
        crate::mail::SenderPolicy::new(self.mail_allowed_domains.as_deref(), &self.from()?)
    }

    /// The outbox settings: through `--smtp-url` when given, else to `folder` when given
    /// (`sesame demo`), else `None`: e-mail is off.
    pub fn config(&self, folder: Option<&Path>) -> Result<Option<crate::mail::MailConfig>, String> {
        use crate::mail::Delivery;
        let smtp = self.smtp_url.as_deref().map(str::trim).filter(|u| !u.is_empty());
        let delivery = match (smtp, folder) {
            (Some(url), _) => Delivery::Smtp(url.to_owned()),
            (None, Some(folder)) => Delivery::Folder(folder.to_owned()),
            (None, None) => return Ok(None),
        };
        let mut config = crate::mail::MailConfig::delivering(delivery);
        config.from = self.from()?;
        config.senders = self.senders()?;
        if !(self.mail_rate >= 0.0 && self.mail_rate.is_finite()) {
            return Err(format!(
                "bad SESAME_MAIL_RATE {}: give messages per second, 0 for no limit",
                self.mail_rate
            ));
        }
        config.rate = (self.mail_rate > 0.0).then_some(self.mail_rate);
        config.workers = self.mail_workers.clamp(1, 64);
        config.retry_base = std::time::Duration::from_millis(self.mail_retry_base_ms.max(1));
        config.max_attempts = self.mail_max_attempts.max(1);
        if !(self.mail_lease_secs >= 1.0 && self.mail_lease_secs <= 86_400.0) {
            return Err(format!(
                "bad SESAME_MAIL_LEASE_SECS {}: give seconds, from 1 to 86400 (default {})",
                self.mail_lease_secs,
                crate::mail::DEFAULT_LEASE.as_secs()
            ));
        }
        config.lease = std::time::Duration::from_secs_f64(self.mail_lease_secs);
        Ok(Some(config))
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The database: a SQLite file (created if missing), or a PostgreSQL database's
    /// `postgres://USER:PASSWORD@HOST:PORT/NAME` URL (the database must exist). `--help` never
    /// shows the variable's value, which may hold that password.
    #[arg(long, env = "SESAME_DB", hide_env_values = true, default_value = "sesame.db")]
    pub db: PathBuf,
    #[command(flatten)]
    pub listen: ListenArgs,
    #[command(flatten)]
    pub mail: MailArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Where to write the demo database; replaced at each start.
    #[arg(long, default_value = "sesame-demo.db")]
    pub db: PathBuf,
    /// Without `--smtp-url`, every e-mail is written to this folder as an `.eml` file (they hold
    /// the fictional pupils' activation codes); created for its owner alone (mode 0700).
    /// Default: `demo-mail` beside the database.
    #[arg(long, env = "SESAME_MAIL_DIR")]
    pub mail_dir: Option<PathBuf>,
    #[command(flatten)]
    pub listen: ListenArgs,
    #[command(flatten)]
    pub mail: MailArgs,
}

impl DemoArgs {
    /// `--mail-dir`, or `demo-mail` beside the database.
    pub fn mail_dir(&self) -> PathBuf {
        self.mail_dir.clone().unwrap_or_else(|| {
            let beside = self.db.parent().unwrap_or(Path::new(""));
            beside.join("demo-mail")
        })
    }
}

#[derive(Debug, Clone, Args)]
pub struct CopyArgs {
    /// The SQLite file to copy (stop the instances that write to it first).
    #[arg(long)]
    pub from: PathBuf,
    /// The PostgreSQL database to fill: a `postgres://` URL of an existing, empty database
    /// (its schema is created here).
    #[arg(long)]
    pub to: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct MigrateArgs {
    /// The database: a SQLite file (created if missing), or a PostgreSQL database's
    /// `postgres://` URL (the database must exist).
    #[arg(long, env = "SESAME_DB", hide_env_values = true)]
    pub db: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The database: a SQLite file (created if missing), or a PostgreSQL database's
    /// `postgres://` URL (the database must exist).
    #[arg(long, env = "SESAME_DB", hide_env_values = true)]
    pub db: PathBuf,
    /// The structure's UAI (official school code, e.g. 0751234A).
    #[arg(long)]
    pub structure: String,
    /// The structure's name; required when the structure does not exist yet.
    #[arg(long)]
    pub name: Option<String>,
    /// The school's accounts that the file does not list leave the school (they stay in their
    /// other schools; an account left in none is deleted). Without it they are kept: a partial
    /// export (one class) leaves the rest as it is.
    #[arg(long)]
    pub remove_absent: bool,
    /// The CSV file exported from the ENT.
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create or replace an administrator; the password is read from standard input. Replacing
    /// one (same login, any case) signs out their sessions.
    Add(AdminAddArgs),
    /// Give an administrator a new password, read from standard input; signs out their sessions.
    Password(AdminLoginArgs),
    /// Stop an administrator from signing in; signs out their sessions.
    Disable(AdminLoginArgs),
    /// Let a disabled administrator sign in again.
    Enable(AdminLoginArgs),
    /// Remove an administrator; signs out their sessions (the distribution log keeps their login).
    Remove(AdminLoginArgs),
}

/// An existing administrator.
#[derive(Debug, Clone, Args)]
pub struct AdminLoginArgs {
    /// The database: a SQLite file, or a PostgreSQL database's `postgres://` URL.
    #[arg(long, env = "SESAME_DB", hide_env_values = true)]
    pub db: PathBuf,
    /// Their login (any case).
    #[arg(long)]
    pub login: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Central,
    Local,
}

#[derive(Debug, Clone, Args)]
pub struct AdminAddArgs {
    /// The database: a SQLite file (created if missing), or a PostgreSQL database's
    /// `postgres://` URL (the database must exist).
    #[arg(long, env = "SESAME_DB", hide_env_values = true)]
    pub db: PathBuf,
    #[arg(long)]
    pub login: String,
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// UAI of a structure a local administrator is given (repeatable).
    #[arg(long = "structure")]
    pub structures: Vec<String>,
    /// The name shown in the app (defaults to the login).
    #[arg(long)]
    pub name: Option<String>,
    /// The ENT identity this administrator signs in with through the ENT: the ID token's
    /// `sub`, which is the account's `Id` in the ENT's export.
    #[arg(long)]
    pub oidc_subject: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct LettersArgs {
    /// The directory: exactly the body of `GET /api/structures/{id}/users`.
    #[arg(long)]
    pub input: PathBuf,
    /// The selection, in the app's URL query syntax (`profile=Student&class=…&sort=class`).
    #[arg(long, default_value = "")]
    pub select: String,
    /// Sort groups: `class`, `profile`, `class,profile`, … (overrides the selection's `sort`).
    #[arg(long)]
    pub sort: Option<String>,
    /// What to print on (overrides the selection's `layout`): 1, 2 or 8 letters per A4 page,
    /// or a sticker or card sheet: L7160, L7163, L7159 (Avery), Z3474 (Zweckform), card
    /// (85 × 54 mm business cards, 10 per A4).
    #[arg(long)]
    pub layout: Option<String>,
    /// On a sticker or card sheet, the first label to print on (1 = top left): a partly used
    /// sheet goes through the printer again.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub first_label: usize,
    /// Write the sheet's test page instead (the labels' outlines, the structure's calibration
    /// offset applied), to print on plain paper and hold against a sheet.
    #[arg(long)]
    pub test_page: bool,
    /// One PDF per class (or per group of `--sort`) in a ZIP written to `-o`, each with its
    /// cover sheet and sign-off sheet.
    #[arg(long)]
    pub per_class: bool,
    /// A cover sheet before each group: class, number of letters, today's date, « à remettre
    /// par ».
    #[arg(long)]
    pub cover_sheets: bool,
    /// Print a QR code to the activation page, login filled in.
    #[arg(long)]
    pub qr: bool,
    /// Also put the activation code in the QR code (anyone photographing it could activate).
    #[arg(long)]
    pub qr_includes_code: bool,
    /// A sign-off sheet (names, logins, "remis le", "signature") before each group.
    #[arg(long)]
    pub sign_off_sheets: bool,
    /// Do not start each group on a new page (2 and 8 per page).
    #[arg(long)]
    pub no_new_page_per_group: bool,
    /// Letters in English instead of French.
    #[arg(long)]
    pub english: bool,
    /// Print even when a name has characters no font has (they show as empty boxes).
    #[arg(long)]
    pub print_missing: bool,
    /// Folder with DejaVuSans.ttf, DejaVuSans-Bold.ttf and DejaVuSansMono.ttf, instead of the
    /// DejaVu fonts built into `sesame`.
    #[arg(long, env = "SESAME_FONTS")]
    pub fonts: Option<PathBuf>,
    /// Where to write the PDF (the ZIP with `--per-class`).
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Variables that may hold a password: a database's URL, an SMTP server's. `--help` shows an
    /// option's variable's value unless told not to, and help output ends up pasted in tickets.
    const SECRET_VARIABLES: [&str; 3] = ["SESAME_DB", "SESAME_SMTP_URL", "SESAME_OIDC_CLIENT_SECRET"];

    /// Every option of every command that reads one of [`SECRET_VARIABLES`]: `sesame serve` and
    /// the admin commands printed the SMTP and database passwords in their help.
    fn secret_options(command: &clap::Command, path: &str, found: &mut Vec<(String, bool)>) {
        for arg in command.get_arguments() {
            let Some(variable) = arg.get_env().and_then(|v| v.to_str()) else {
                continue;
            };
            if SECRET_VARIABLES.contains(&variable) {
                found.push((format!("{path} {variable}"), arg.is_hide_env_values_set()));
            }
        }
        for sub in command.get_subcommands() {
            secret_options(sub, &format!("{path} {}", sub.get_name()), found);
        }
    }

    #[test]
    fn help_never_shows_a_variable_that_may_hold_a_password() {
        let mut found = Vec::new();
        secret_options(&Cli::command(), "sesame", &mut found);
        let shown: Vec<&String> = found
            .iter()
            .filter(|(_, hidden)| !hidden)
            .map(|(o, _)| o)
            .collect();
        assert!(shown.is_empty(), "--help shows the value of {shown:?}");
        let names: Vec<&str> = found.iter().map(|(o, _)| o.as_str()).collect();
        for expected in [
            "sesame serve SESAME_DB",
            "sesame serve SESAME_SMTP_URL",
            "sesame demo SESAME_SMTP_URL",
            "sesame migrate SESAME_DB",
            "sesame import SESAME_DB",
            "sesame admin add SESAME_DB",
            "sesame admin remove SESAME_DB",
        ] {
            assert!(names.contains(&expected), "{expected} not among {names:?}");
        }
    }
}
