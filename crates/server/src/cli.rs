//! The `sesame` command line (DESIGN §8). Every option can also come from a `SESAME_` variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Sésame: distribute school account credentials.
#[derive(Debug, Parser)]
#[command(name = "sesame", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the app.
    Serve(ServeArgs),
    /// Serve a demonstration school, for trying Sésame out.
    Demo(DemoArgs),
}

/// Options shared by `serve` and `demo`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the address is printed on start).
    #[arg(long, env = "SESAME_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The built app (Trunk's output).
    #[arg(long, env = "SESAME_DIST", default_value = "dist")]
    pub dist: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub serve: ServeArgs,
}
