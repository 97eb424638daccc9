//! A run beside the native tests: the app's in-browser tests build (in Trunk's own folder, idle
//! by then) and run while the native test executables drive their browsers, instead of after
//! them — most of a test run is waiting, so two cores have room for more than one run at a time.
//! A run beside writes to its own log under `target/`, shown when it fails; [`run_logged`] is
//! also how [`crate::lanes`] runs each executable.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::run::{root, Result};

/// A test run started beside the main one.
pub struct Beside {
    pub name: String,
    log: PathBuf,
    /// The run's outcome and how long it took (until it ended, not until it was waited for).
    handle: JoinHandle<(Result, Duration)>,
}

impl Beside {
    /// Starts `job` on a thread of its own, its commands' output going to `target/<log>`.
    pub fn start(name: &str, log: &str, job: impl FnOnce(&Path) -> Result + Send + 'static) -> Beside {
        let log = root().join("target").join(log);
        // This run's output only: its commands append to the log.
        let _ = std::fs::remove_file(&log);
        let path = log.clone();
        eprintln!("\n==> {name}, beside the main run (output in {})", log.display());
        Beside {
            name: name.to_owned(),
            log,
            handle: std::thread::spawn(move || {
                let started = Instant::now();
                let result = job(&path);
                (result, started.elapsed())
            }),
        }
    }

    /// Waits for the run to end; on failure, prints the end of its log.
    pub fn wait(self) -> (String, Duration, Result) {
        let (result, took) = self
            .handle
            .join()
            .unwrap_or_else(|_| (Err(format!("{} panicked", self.name)), Duration::ZERO));
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        match &result {
            Ok(()) => {
                let passed: Vec<&str> = text.lines().filter(|l| l.starts_with("test result:")).collect();
                eprintln!(
                    "\n<== {took:.0?} {}: {} test executables passed",
                    self.name,
                    passed.len()
                );
            }
            Err(e) => {
                let tail: Vec<&str> = text.lines().rev().take(200).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                eprintln!("\n<== {took:.0?} {} failed: {e}\n{}", self.name, tail.join("\n"));
            }
        }
        (self.name, took, result)
    }
}

/// Runs `command` with its output appended to `log`; an error names it.
pub fn run_logged(command: &mut Command, log: &Path) -> Result {
    let shown = format!("{command:?}").replace('"', "");
    let out = File::options()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    {
        use std::io::Write;
        let _ = writeln!(&out, "\n==> {shown}");
    }
    let status = command
        .stdout(out)
        .stderr(err)
        .status()
        .map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}
