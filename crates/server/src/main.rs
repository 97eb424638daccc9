//! The `sesame` binary: read the settings file if one is named, parse the command line, set up
//! logging, run the chosen command.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use sesame_server::cli::{AdminCommand, Cli, Command};
use sesame_server::env_file;
use sesame_server::{commands, serve};

fn main() -> ExitCode {
    // The settings file first: it sets the variables clap and the log filter read. And before
    // the runtime starts its threads, since changing the environment is only sound before.
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let settings = match env_file::requested(&args).map(|path| (env_file::read(&path), path)) {
        None => None,
        Some((Ok(settings), path)) => {
            env_file::apply(&settings);
            Some((settings, path))
        }
        Some((Err(error), _)) => {
            eprintln!("sesame: {error}");
            return ExitCode::FAILURE;
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SESAME_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colours only on a terminal: a log file or journal gets plain text.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    if let Some((settings, path)) = settings {
        for warning in env_file::unknown_names(&settings, &Cli::command())
            .iter()
            .chain(&settings.warnings)
        {
            tracing::warn!("settings file {}: {warning}", path.display());
        }
    }
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("sesame: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sesame: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Serve(args) => match serve::open_db(&args.db).await {
            // No folder: without --smtp-url, `serve` keeps e-mail off.
            Ok(db) => serve::run(db, &args.listen, &args.mail, None).await,
            Err(e) => Err(e),
        },
        Command::Demo(args) => commands::demo::demo(&args).await,
        Command::Import(args) => commands::import::import(&args).await,
        Command::Migrate(args) => commands::migrate::migrate(&args).await,
        Command::Copy(args) => commands::copy::copy(&args).await,
        Command::Letters(args) => commands::letters::letters(&args),
        Command::Admin { command } => match command {
            AdminCommand::Add(args) => commands::admin::add(&args).await,
            AdminCommand::Password(args) => commands::admin::password(&args).await,
            AdminCommand::Disable(args) => commands::admin::set_disabled(&args, true).await,
            AdminCommand::Enable(args) => commands::admin::set_disabled(&args, false).await,
            AdminCommand::Remove(args) => commands::admin::remove(&args).await,
        },
    }
}
