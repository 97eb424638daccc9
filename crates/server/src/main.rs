//! The `sesame` binary: parse the command line, set up logging, run the chosen command.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use sesame_server::cli::{AdminCommand, Cli, Command};
use sesame_server::commands;
use sesame_server::serve;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SESAME_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colours only on a terminal: a log file or journal gets plain text.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let result = match Cli::parse().command {
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sesame: {error}");
            ExitCode::FAILURE
        }
    }
}
