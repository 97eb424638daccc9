//! Test runs beside the main one: the server's suites on PostgreSQL and the app's in-browser
//! tests run while `cargo test --workspace` drives the browsers, instead of after it.
//!
//! Most of a test run is waiting — on a browser, a server, a database — so two cores have room
//! for more than one run at a time, and CI's time is the longest run rather than their sum.
//! `cargo test` keeps the build folder locked until its tests end, so a run beside it cannot be
//! another `cargo test` on that folder: the PostgreSQL pass runs the test executables the build
//! already made (listed by `cargo test --no-run --message-format=json`), as cargo would run them
//! (from the package's folder); the in-browser tests build in Trunk's own folder, idle by then.
//! Each run beside writes to its own log under `target/`, shown when it fails.

use std::collections::HashMap;
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

/// The test executables of one package in the JSON that `cargo test --no-run
/// --message-format=json` writes, by target name (`api`, `mail`…; the library's unit tests under
/// the package's library name).
pub fn test_executables(json: &str, manifest: &Path) -> HashMap<String, PathBuf> {
    let manifest = manifest.to_string_lossy();
    json.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["profile"]["test"] == true)
        .filter(|m| m["manifest_path"].as_str() == Some(&*manifest))
        .filter_map(|m| {
            let name = m["target"]["name"].as_str()?.to_owned();
            let executable = m["executable"].as_str()?;
            Some((name, PathBuf::from(executable)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_executables_are_found_by_package_and_target() {
        let json = r#"{"reason":"compiler-artifact","manifest_path":"/w/crates/server/Cargo.toml","target":{"name":"api","kind":["test"]},"profile":{"test":true},"executable":"/w/target/debug/deps/api-1"}
{"reason":"compiler-artifact","manifest_path":"/w/crates/server/Cargo.toml","target":{"name":"sesame_server","kind":["lib"]},"profile":{"test":true},"executable":"/w/target/debug/deps/sesame_server-2"}
{"reason":"compiler-artifact","manifest_path":"/w/crates/server/Cargo.toml","target":{"name":"sesame_server","kind":["lib"]},"profile":{"test":false},"executable":null}
{"reason":"compiler-artifact","manifest_path":"/w/Cargo.toml","target":{"name":"e2e","kind":["test"]},"profile":{"test":true},"executable":"/w/target/debug/deps/e2e-3"}
{"reason":"build-finished","success":true}"#;
        let found = test_executables(json, Path::new("/w/crates/server/Cargo.toml"));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found["api"], PathBuf::from("/w/target/debug/deps/api-1"));
        assert_eq!(
            found["sesame_server"],
            PathBuf::from("/w/target/debug/deps/sesame_server-2")
        );
    }
}
