//! Starting the server: open the database, start the mail outbox when configured (an SMTP
//! server, or the demo's folder), build the shared state (the password verifier's decoy hash
//! included, so the first unknown login takes no longer than the others), bind, announce the
//! address, serve until SIGTERM or SIGINT, then stop without dropping work (`crate::shutdown`).

use std::path::Path;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::cli::{ListenArgs, MailArgs};
use crate::db::{describe_location, Db};
use crate::directory_cache::DirectoryCache;
use crate::import_slots::ImportSlots;
use crate::mail::{worker, Delivery, Mailer};
use crate::oidc::OidcProvider;
use crate::routes::app;
use crate::security::content_security_policy;
use crate::shutdown::{self, DrainingListener, InFlight, Signals, Stop};
use crate::state::AppState;

/// Serves `db` on `args.listen`, with the outbox workers when `mail` names an SMTP server or,
/// without one, when `mail_folder` is given (`sesame demo`: each message written there as an
/// `.eml` file). The first line `serve` writes on standard output is `listening on
/// http://ADDR/`, which scripts and tests read to learn the port when it was 0.
pub async fn run(
    db: Db,
    args: &ListenArgs,
    mail: &MailArgs,
    mail_folder: Option<&Path>,
) -> Result<(), String> {
    let index = args.dist.join("index.html");
    let index_html = std::fs::read_to_string(&index).map_err(|e| {
        format!(
            "no built app at {} ({e}): run `cargo xtask demo`, or build it with `trunk build --release`",
            index.display()
        )
    })?;
    // Every setting checked before anything starts.
    let trusted_proxies = args.trusted_proxies()?;
    let senders = mail.senders()?;
    let (sign_in, oidc) = args.sign_in.checked()?;
    // Caught from now on: a stop asked for as soon as the address is printed is a clean one too.
    let signals = Signals::install()?;
    let (stop_trigger, stop) = Stop::new();
    let mut workers = Vec::new();
    let mailer = match mail.config(mail_folder)? {
        Some(config) => {
            let mailer = Mailer::new(config)?;
            // One start-up line says where mail goes: `mail: smtp …`, `mail: folder …` or
            // `mail: off`.
            match &mailer.config.delivery {
                Delivery::Smtp(_) => tracing::info!("mail: smtp {}", mailer.config.delivery),
                Delivery::Folder(folder) => tracing::info!(
                    "mail: folder {} (no --smtp-url: each message written there as an .eml file, \
                     activation codes included)",
                    folder.display()
                ),
            }
            workers = worker::start_until(db.clone(), mailer.clone(), stop.clone());
            Some(mailer)
        }
        None => {
            tracing::info!("mail: off (no --smtp-url: e-mail distribution is off)");
            None
        }
    };
    let mut state = AppState::new(db, content_security_policy(&index_html));
    state.secure_cookies = args.secure_cookies;
    state.trusted_proxies = Arc::new(trusted_proxies);
    state.senders = Arc::new(senders);
    state.mailer = mailer;
    state.directories = Arc::new(DirectoryCache::new(
        args.directory_cache_mb.saturating_mul(1 << 20),
    ));
    state.imports = ImportSlots::new(args.imports_at_once);
    state.sign_in = sign_in;
    tracing::info!(
        password = sign_in.password,
        oidc = sign_in.oidc,
        break_glass = sign_in.break_glass && !sign_in.password,
        "sign-in offered"
    );
    if let Some(settings) = oidc {
        if settings.secret_may_be_mangled() {
            tracing::warn!("the OpenID client secret has characters other than letters and digits: entcore mangles them in its Basic authentication, choose a secret of letters and digits");
        }
        tracing::info!(issuer = %settings.issuer.as_str(), client = %settings.client_id, redirect = %settings.redirect_url(), "sign-in through the ENT (OpenID Connect)");
        let provider = Arc::new(OidcProvider::new(settings));
        // Discovered now, so a wrong setting shows in the log at once; never waited for.
        tokio::spawn({
            let provider = provider.clone();
            async move { provider.warm_up().await }
        });
        state.oidc = Some(provider);
    }
    if !state.trusted_proxies.is_empty() {
        tracing::info!(proxies = %args.trusted_proxies, "X-Forwarded-For and X-Forwarded-Proto believed from these proxies");
    }
    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!("listening on http://{address}/");
    crate::notify::notify("READY=1");
    tracing::info!(%address, dist = %args.dist.display(), "serving");
    // Our own connection loop (header read timeout, hyper's own error answers made the API's),
    // accepting from a listener that drains the kernel's queue when told to stop.
    let answers = crate::listener::LowLevelAnswers::new(&state.csp).await;
    let in_flight = InFlight::default();
    let router = app(state, &args.dist).layer(axum::middleware::from_fn_with_state(
        in_flight.clone(),
        InFlight::track,
    ));
    let (listener, drained) = DrainingListener::new(listener, stop);
    let server = crate::listener::serve(listener, router, answers, drained);
    shutdown::serve_until_signal(
        server,
        signals,
        stop_trigger,
        workers,
        in_flight,
        args.shutdown_timeout(),
    )
    .await
}

/// Opens the database (migrating it), with where it is in the error (a PostgreSQL URL without
/// its password); logs which engine and where.
pub async fn open_db(path: &Path) -> Result<Db, String> {
    let shown = describe_location(path);
    let db = Db::open(path)
        .await
        .map_err(|e| format!("cannot open the database {shown}: {e}"))?;
    tracing::info!(engine = db.engine(), path = %shown, "database open, schema up to date");
    Ok(db)
}
