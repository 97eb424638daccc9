//! A throw-away PostgreSQL server: Debian's `postgresql` binaries, `initdb` and
//! `pg_ctl` in a temporary directory, listening on 127.0.0.1 on a free port (and a Unix socket in
//! that directory), trusted local connections, no system service and nothing owned by root.
//! Stopped and deleted when dropped, whatever happened. `cargo xtask test` starts one for the
//! server's PostgreSQL pass; a test that must stop and restart its database mid-way
//! (`crates/server/tests/postgres_outage.rs`) starts its own.
//!
//! `initdb` refuses to run as root: as root (CI, these machines) it runs as the `postgres` user
//! the Debian package creates, and the directory is handed to that user.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What goes wrong, said.
pub type Result<T = ()> = std::result::Result<T, String>;

/// Runs `command`, failing with its output when it fails.
fn run(command: &mut Command) -> Result {
    let out = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "{command:?} failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}

/// Whether this process runs as root (then `initdb` and `pg_ctl` run as `postgres`).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A free port on 127.0.0.1 (free when asked: PostgreSQL cannot take port 0).
fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

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
        let as_postgres = is_root();
        // A directory of its own: several servers may run at once (the suite's, a test's).
        let dir = tempfile::Builder::new()
            .prefix("sesame-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?
            .keep();
        if as_postgres {
            run(Command::new("chown").arg("postgres:postgres").arg(&dir))?;
        }
        let port = free_port()?;
        let server = TempPostgres {
            dir,
            bin,
            port,
            as_postgres,
        };
        run(&mut server.on_data(
            "initdb",
            &[
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
        server.start_again()?;
        Ok(server)
    }

    /// Starts the server (again, after [`TempPostgres::stop`]) on the same port and data.
    pub fn start_again(&self) -> Result {
        let options = format!(
            "-k {} -p {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400",
            self.dir.display(),
            self.port
        );
        run(&mut self.on_data(
            "pg_ctl",
            &[
                "-o",
                &options,
                "-l",
                self.dir.join("log").to_str().unwrap(),
                "-w",
                "start",
            ],
        ))
    }

    /// Stops the server (`fast`: open connections are ended), keeping its data.
    pub fn stop(&self) -> Result {
        run(&mut self.on_data("pg_ctl", &["-m", "fast", "-w", "stop"]))
    }

    /// The server's URL, its `postgres` database (tests create their own databases from it).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// `program` (`initdb`, `pg_ctl`) on this server's data folder (`-D`) with `args`, as
    /// `postgres` when this process is root: every step of the server's life.
    fn on_data(&self, program: &str, args: &[&str]) -> Command {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        command
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(args)
            .current_dir(&self.dir);
        command
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        let _ = self.on_data("pg_ctl", &["-m", "immediate", "stop"]).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
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
