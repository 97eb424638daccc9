//! The SMTP sink's process and its directory of received messages: `smtp_sink.py` (Python's
//! aiosmtpd) run as a child on 127.0.0.1. Shared by the server's mail tests and benchmark and by
//! the app's end-to-end tests (which include this file by path); the includer says where the
//! script is with a `SINK_SCRIPT` constant, relative to its package's manifest directory.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A port nobody listens on right now (the sink can be started on it later).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running sink; killed on drop. Messages stay in `dir` after a restart on the same port.
pub struct Sink {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

impl Sink {
    /// Starts the sink on `port`, writing to `dir`, refusing RCPT TO `reject` with 550.
    pub fn start(port: u16, dir: &Path, reject: &[&str]) -> Sink {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(super::SINK_SCRIPT);
        let mut command = Command::new("python3");
        command
            .arg(&script)
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for address in reject {
            command.args(["--reject", address]);
        }
        let mut child = command
            .spawn()
            .expect("python3 runs (with aiosmtpd: `cargo xtask setup` installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(
            line.starts_with("ready"),
            "the SMTP sink did not start ({line:?}); is aiosmtpd installed? `python3 -m pip install aiosmtpd`"
        );
        Sink {
            child,
            port,
            dir: dir.to_owned(),
        }
    }

    /// The same port and directory, with a new list of refused addresses (a mailbox fixed).
    pub fn restart(self, reject: &[&str]) -> Sink {
        let (port, dir) = (self.port, self.dir.clone());
        drop(self);
        Sink::start(port, &dir, reject)
    }

    /// What `sesame serve --smtp-url` takes.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in arrival order.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        received(&self.dir)
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How many complete messages `dir` holds.
pub fn count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "eml"))
                })
                .count()
        })
        .unwrap_or(0)
}

/// The messages of `dir`, in arrival order.
pub fn received(dir: &Path) -> Vec<Vec<u8>> {
    let mut numbered: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let n = path.file_name()?.to_str()?.strip_suffix(".eml")?.parse().ok()?;
            Some((n, path))
        })
        .collect();
    numbered.sort();
    numbered
        .into_iter()
        .map(|(_, p)| std::fs::read(p).unwrap())
        .collect()
}

/// Waits until `dir` holds at least `n` messages; panics after `timeout`.
pub fn wait_for(dir: &Path, n: usize, timeout: Duration) {
    let start = Instant::now();
    while count(dir) < n {
        assert!(
            start.elapsed() < timeout,
            "{} of {n} messages after {timeout:?}",
            count(dir)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}
