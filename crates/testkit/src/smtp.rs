//! A real SMTP server for the mail tests, benchmarks and end-to-end tests: `smtp_sink.py`
//! (Python's aiosmtpd, beside this crate) run as a child process on 127.0.0.1, writing each
//! message it accepts to a folder as `N.eml`, and how to read those messages back.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running sink; killed on drop. Messages stay in `dir` after a restart on the same port.
pub struct Sink {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

impl Sink {
    /// Starts the sink on `port`, writing to `dir`, refusing RCPT TO `reject` with 550.
    pub fn start(port: u16, dir: &Path, reject: &[&str]) -> Sink {
        Sink::start_with(port, dir, reject, Duration::ZERO)
    }

    /// The same, answering each message's DATA `reply_delay` after writing it: a client killed
    /// meanwhile delivered a message it never heard accepted.
    pub fn start_with(port: u16, dir: &Path, reject: &[&str], reply_delay: Duration) -> Sink {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("smtp_sink.py");
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
        command.args(["--reply-delay-ms", &reply_delay.as_millis().to_string()]);
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

/// The `To` address of every message `sink` received so far, in arrival order.
pub fn recipients(sink: &Sink) -> Vec<String> {
    sink.messages()
        .iter()
        .map(|raw| {
            let raw = String::from_utf8_lossy(raw);
            // Headers end at the first blank line; a long one is folded onto lines that
            // start with white space.
            let mut headers: Vec<String> = Vec::new();
            for line in raw.lines().take_while(|l| !l.is_empty()) {
                match headers.last_mut() {
                    Some(last) if line.starts_with([' ', '\t']) => last.push_str(line),
                    _ => headers.push(line.to_owned()),
                }
            }
            let to = headers
                .iter()
                .find_map(|h| h.strip_prefix("To: "))
                .unwrap_or_else(|| panic!("no To header in {raw}"));
            // `Name <address>` or a bare address; names may be encoded, addresses never are.
            let address = to.rsplit_once('<').map_or(to, |(_, a)| a.trim_end_matches('>'));
            address.trim().to_owned()
        })
        .collect()
}

/// What a test looks at in a received message.
#[derive(Debug)]
pub struct Received {
    pub raw: String,
    pub to_name: Option<String>,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub message_id: String,
}

pub fn parse(raw: &[u8]) -> Received {
    let message = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a parsable message");
    let to = message.to().and_then(|a| a.first()).expect("a To header");
    Received {
        raw: String::from_utf8_lossy(raw).into_owned(),
        to_name: to.name().map(str::to_owned),
        to_address: to.address().unwrap().to_owned(),
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message.body_text(0).unwrap_or_default().into_owned(),
        html: message.body_html(0).unwrap_or_default().into_owned(),
        message_id: message.message_id().unwrap_or_default().to_owned(),
    }
}
