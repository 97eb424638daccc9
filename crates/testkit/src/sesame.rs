//! The `sesame` binary under test, and `sesame serve` running on a free port.
//!
//! Tests drive the real binary, as an operator does: `import` and `admin add` seed a real
//! SQLite file, `serve` answers on 127.0.0.1, and `demo` ([`Demo`]) seeds its own. The server
//! announces its address (`listening on http://ADDR/`: `serve`'s first line, `demo`'s after its
//! accounts), which [`Sesame::serve`] and [`Sesame::demo`] read; everything it logs is kept, for
//! tests that check what reaches the log (never a code or a password).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A `sesame` binary, and the environment its commands run with.
#[derive(Debug, Clone)]
pub struct Sesame {
    bin: PathBuf,
    env: Vec<(String, String)>,
}

impl Sesame {
    /// The binary at `bin` (the server's own tests give `env!("CARGO_BIN_EXE_sesame")`).
    pub fn at(bin: impl Into<PathBuf>) -> Sesame {
        Sesame {
            bin: bin.into(),
            env: Vec::new(),
        }
    }

    /// The same binary, its commands and servers run with `name=value` in their environment
    /// (`SESAME_LOG=debug`, …).
    pub fn env(mut self, name: &str, value: &str) -> Sesame {
        self.env.push((name.to_owned(), value.to_owned()));
        self
    }

    /// `SESAME_BIN`, or the workspace's `target/debug/sesame` (`cargo xtask test` builds it and
    /// sets the variable).
    pub fn from_env() -> Sesame {
        let bin = crate::env_path("SESAME_BIN", crate::workspace().join("target/debug/sesame"));
        assert!(
            bin.is_file(),
            "no sesame binary at {}: run `cargo xtask test`",
            bin.display()
        );
        Sesame::at(bin)
    }

    pub fn path(&self) -> &Path {
        &self.bin
    }

    /// Runs `sesame args` with `stdin` written to it, to completion.
    pub fn output(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(&self.bin)
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("run {}: {e}", self.bin.display()));
        if let Some(text) = stdin {
            // A command that refuses its arguments may exit before reading.
            let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
        }
        drop(child.stdin.take());
        child.wait_with_output().unwrap()
    }

    /// Runs `sesame args`, asserting it succeeds.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let output = self.output(args, stdin);
        assert!(
            output.status.success(),
            "sesame {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// `sesame import --db DB --structure UAI --name NAME CSV`, asserting it succeeds.
    pub fn import(&self, db: &Path, uai: &str, name: &str, csv: &Path) -> Output {
        self.run(&Sesame::import_args(db, uai, name, &[], csv), None)
    }

    /// The arguments of `sesame import --db DB --structure UAI --name NAME [OPTIONS…] CSV`
    /// (`options` such as `--remove-absent`), for the tests that also run imports meant to
    /// fail.
    pub fn import_args<'a>(
        db: &'a Path,
        uai: &'a str,
        name: &'a str,
        options: &[&'a str],
        csv: &'a Path,
    ) -> Vec<&'a str> {
        let mut args = vec![
            "import",
            "--db",
            db.to_str().expect("a UTF-8 path"),
            "--structure",
            uai,
            "--name",
            name,
        ];
        args.extend_from_slice(options);
        args.push(csv.to_str().expect("a UTF-8 path"));
        args
    }

    /// `sesame admin add` of `login` with `role` (`central` or `local`) over `structures`
    /// (UAIs), the password on standard input, asserting it succeeds.
    pub fn add_admin(
        &self,
        db: &Path,
        login: &str,
        role: &str,
        structures: &[&str],
        password: &str,
    ) -> Output {
        let options: Vec<&str> = structures.iter().flat_map(|&uai| ["--structure", uai]).collect();
        self.add_admin_with(db, login, role, password, &options)
    }

    /// `sesame admin add` of `login` with `role` and the other `options` of `admin add`
    /// (`--structure`, `--name`, `--oidc-subject` and the ENT's id of the person, who may then
    /// sign in through the ENT), the password on standard input, asserting it succeeds.
    pub fn add_admin_with(
        &self,
        db: &Path,
        login: &str,
        role: &str,
        password: &str,
        options: &[&str],
    ) -> Output {
        let mut args = vec![
            "admin",
            "add",
            "--db",
            db.to_str().unwrap(),
            "--login",
            login,
            "--role",
            role,
        ];
        args.extend_from_slice(options);
        self.run(&args, Some(&format!("{password}\n")))
    }

    /// `sesame serve` on 127.0.0.1 port 0 over `db`, serving the app in `dist`, with extra
    /// `args` (`--smtp-url …`) and environment (`SESAME_MAIL_RATE`, …).
    pub fn serve(&self, db: &Path, dist: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        self.serve_at("127.0.0.1:0", db, dist, args, env)
    }

    /// The same on `listen` (a port chosen beforehand: an OpenID provider must know Sésame's
    /// address before Sésame starts).
    pub fn serve_at(
        &self,
        listen: &str,
        db: &Path,
        dist: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        let mut command = self.command();
        command
            .args(["serve", "--listen", listen, "--db"])
            .arg(db)
            .arg("--dist")
            .arg(dist)
            .args(args)
            .envs(env.iter().copied());
        let (server, printed) = self.start(command);
        assert!(
            printed.is_empty(),
            "sesame serve printed {printed:?} before its address"
        );
        server
    }

    /// `sesame demo` on 127.0.0.1 port 0, its database `dir/demo.db` (so its default mail
    /// folder is `dir/demo-mail`), serving the app in `dist`, with extra `args` and environment.
    pub fn demo(&self, dir: &Path, dist: &Path, args: &[&str], env: &[(&str, &str)]) -> Demo {
        let mut command = self.command();
        command
            .args(["demo", "--listen", "127.0.0.1:0", "--db"])
            .arg(dir.join("demo.db"))
            .arg("--dist")
            .arg(dist)
            .args(args)
            .envs(env.iter().copied());
        let (server, printed) = self.start(command);
        Demo { server, printed }
    }

    /// This binary with its environment; a caller's own variables, added after, win.
    fn command(&self) -> Command {
        let mut command = Command::new(&self.bin);
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    /// Starts `command` and reads its standard output up to `listening on http://ADDR/`;
    /// returns the server and what it printed before that line.
    fn start(&self, mut command: Command) -> (Server, String) {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", self.bin.display()));
        let log = Arc::new(Mutex::new(String::new()));
        keep_lines(child.stderr.take().unwrap(), &log);
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut printed = String::new();
        let url = loop {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            if let Some(url) = line.trim().strip_prefix("listening on ") {
                break url.trim_end_matches('/').to_owned();
            }
            if line.is_empty() {
                let _ = child.kill();
                std::thread::sleep(Duration::from_millis(200));
                panic!(
                    "sesame did not announce its address: {printed:?}\n{}",
                    log.lock().unwrap()
                )
            }
            printed.push_str(&line);
        };
        // What it prints later goes to the log too (and the pipe never fills up).
        keep_lines(stdout.into_inner(), &log);
        (Server { child, url, log }, printed)
    }
}

/// Appends every line of `pipe` to `log`, on a thread of its own.
fn keep_lines(pipe: impl std::io::Read + Send + 'static, log: &Arc<Mutex<String>>) {
    let log = Arc::clone(log);
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut log = log.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
}

/// The first line of `log` (a server's or a command's) holding `needle`; panics, showing the
/// whole log, when none does.
pub fn log_line<'a>(log: &'a str, needle: &str) -> &'a str {
    log.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no « {needle} » line: {log}"))
}

/// A running `sesame serve`; killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// `sesame serve` of the built app ([`crate::dist::app_dist`]) over `db`, with the binary
    /// of [`Sesame::from_env`]: what the end-to-end tests drive.
    pub fn app(db: &Path) -> Server {
        Server::app_with(db, &[], &[])
    }

    /// [`Server::app`] with extra `serve` arguments and environment.
    pub fn app_with(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        Sesame::from_env().serve(db, &crate::dist::app_dist(), args, env)
    }

    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the server wrote so far, after the address line (waits a moment for the
    /// pipes to drain).
    pub fn log(&self) -> String {
        std::thread::sleep(Duration::from_millis(200));
        self.log.lock().unwrap().clone()
    }

    /// Sends the server `signal` (`"TERM"`, as `systemctl stop` does; `"INT"`, as Ctrl-C does).
    pub fn signal(&self, signal: &str) {
        let sent = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid().to_string())
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -{signal} {}", self.pid());
    }

    /// Waits up to `timeout` for the server to exit: its exit status, or `None` if it still
    /// runs.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("the server's status") {
                return Some(status);
            }
            if std::time::Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills the server at once (`SIGKILL`), as a crash would, waits for it to end, and returns
    /// all it logged.
    pub fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `sesame demo`, and what it printed before its address.
pub struct Demo {
    pub server: Server,
    /// The demo accounts (`  central administrator: login demo  password …`) and where e-mail
    /// goes (`E-mail: …`).
    pub printed: String,
}

impl Demo {
    /// The password printed for the administrator `login`.
    pub fn password(&self, login: &str) -> String {
        self.printed
            .lines()
            .find_map(|line| {
                let rest = line.split_once(" login ")?.1;
                let (name, password) = rest.split_once(" password ")?;
                (name.trim() == login).then(|| password.trim().to_owned())
            })
            .unwrap_or_else(|| panic!("no password printed for {login}: {}", self.printed))
    }

    /// The line that says where e-mail goes.
    pub fn mail_line(&self) -> &str {
        self.printed
            .lines()
            .find(|l| l.starts_with("E-mail: "))
            .unwrap_or_else(|| panic!("no E-mail line: {}", self.printed))
    }
}

impl std::ops::Deref for Demo {
    type Target = Server;

    fn deref(&self) -> &Server {
        &self.server
    }
}

/// A server with the folder that holds its database, both gone on drop.
pub struct Served {
    pub server: Server,
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl std::ops::Deref for Served {
    type Target = Server;

    fn deref(&self) -> &Server {
        &self.server
    }
}
