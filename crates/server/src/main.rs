//! The `sesame` binary: parse the command line, set up logging, run the chosen command.

use std::process::ExitCode;

use clap::Parser;
use sesame_server::cli::{Cli, Command};
use sesame_server::serve;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SESAME_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match Cli::parse().command {
        Command::Serve(args) => serve::run(&args).await,
        Command::Demo(args) => {
            // The demonstration directory arrives with the server's database; until then the
            // demo serves the app alone.
            println!("Sésame demo: open the address below in a browser.");
            serve::run(&args.serve).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sesame: {error}");
            ExitCode::FAILURE
        }
    }
}
