//! A throw-away PostgreSQL server for `cargo xtask test` (issue 10): Debian's `postgresql`
//! binaries, `initdb` and `pg_ctl` in a temporary directory, listening on 127.0.0.1 on a free
//! port (and a Unix socket in that directory), trusted local connections, no system service and
//! nothing owned by root. Stopped and deleted when dropped, whatever the tests did.
//!
//! `initdb` refuses to run as root: as root (CI, these machines) it runs as the `postgres` user
//! the Debian package creates, and the directory is handed to that user.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::{output, run, Result};

/// A running server; [`TempPostgres::url`] is what `SESAME_TEST_POSTGRES` takes.
pub struct TempPostgres {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl TempPostgres {
    /// Starts a fresh server; fails with what to install when the binaries are missing.
    pub fn start() -> Result<TempPostgres> {
        let bin = bin_dir().ok_or("PostgreSQL's server binaries are missing: run `cargo xtask setup`")?;
        let as_postgres = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
        let dir = std::env::temp_dir().join(format!("sesame-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if as_postgres {
            run(Command::new("chown").arg("postgres:postgres").arg(&dir))?;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let server = TempPostgres {
            dir,
            bin,
            port,
            as_postgres,
        };
        let data = server.dir.join("data");
        run(&mut server.command(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        ))?;
        let options = format!(
            "-k {} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400",
            server.dir.display()
        );
        run(&mut server.command(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-o",
                &options,
                "-l",
                server.dir.join("log").to_str().unwrap(),
                "-w",
                "start",
            ],
        ))?;
        println!("PostgreSQL for the tests: {}", server.url());
        Ok(server)
    }

    /// The server's URL, its `postgres` database (tests create their own databases from it).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        command.args(args).current_dir(&self.dir);
        command
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self
            .command(
                "pg_ctl",
                &["-D", data.to_str().unwrap(), "-m", "immediate", "stop"],
            )
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `cargo xtask postgres COMMAND…`: runs COMMAND with `SESAME_TEST_POSTGRES` set to a fresh
/// server's URL, then stops the server.
pub fn with_postgres(command: &[String]) -> Result {
    let [program, args @ ..] = command else {
        return Err("usage: cargo xtask postgres COMMAND… (e.g. cargo test -p sesame-server)".into());
    };
    let server = TempPostgres::start()?;
    let result = run(Command::new(program)
        .args(args)
        .env("SESAME_TEST_POSTGRES", server.url()));
    drop(server);
    result
}

/// The newest `/usr/lib/postgresql/<version>/bin` with `initdb` (Debian's layout).
pub fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            Path::new(&bin).join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}
