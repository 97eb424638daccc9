//! The native test executables run a few at a time, the slowest first, instead of one after the
//! other as `cargo test` runs them.
//!
//! Most of a test run is waiting — on a browser, a server, a database, a rate limiter's window
//! — so two cores have room for more than one executable at a time: the run takes about as long
//! as its busiest lane rather than the sum of every executable. Starting the slowest first (the
//! abuse suite's minute of attack, the three browser engines) keeps one of them from starting
//! last and running alone. Each executable's output goes to a log of its own under
//! `target/tests/`; a line says when it passed, and the end of its log is printed when it fails.
//! The executables are those the build listed (`cargo test --no-run --message-format=json`), run
//! as `cargo test` runs them: from their package's folder.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::beside::run_logged;
use crate::run::{root, Result};

/// The executables that took longest, slowest first (measured on this project's 2-core machine,
/// PostgreSQL's runs marked `@postgres`). Whatever is not listed starts after them, in the
/// build's order: a new slow suite only costs some balance until it is added here.
const SLOWEST_FIRST: [&str; 20] = [
    "abuse",
    "e2e_engines",
    "postgres_outage@postgres",
    "e2e_check",
    "sesame_server@postgres",
    "oidc@postgres",
    "e2e_print",
    "oidc",
    "e2e_page_state",
    "e2e_local",
    "sesame_server",
    "api@postgres",
    "db_outage",
    "e2e_import",
    "e2e_oidc",
    "e2e",
    "import_load@postgres",
    "instances@postgres",
    "instances",
    "e2e_screens",
];

/// One test executable to run: its name in the summary and its log's, and the command.
pub struct Job {
    pub name: String,
    pub command: Command,
}

impl Job {
    /// The test executable `executable` of the package whose manifest is `manifest`, run from
    /// the package's folder as `cargo test` does.
    pub fn new(name: String, executable: &Path, manifest: &Path) -> Job {
        let mut command = Command::new(executable);
        command.current_dir(manifest.parent().unwrap_or(&root()));
        Job { name, command }
    }
}

/// Runs `jobs` on `lanes` threads, the slowest first; `Err` names every job that failed.
pub fn run(mut jobs: Vec<Job>, lanes: usize) -> Result {
    let logs = root().join("target/tests");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    jobs.sort_by_key(|job| rank(&job.name));
    let queue = Arc::new(Mutex::new(VecDeque::from(jobs)));
    let failed = Arc::new(Mutex::new(Vec::new()));
    let took = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..lanes.max(1))
        .map(|_| {
            let (queue, failed, took, logs) = (queue.clone(), failed.clone(), took.clone(), logs.clone());
            std::thread::spawn(move || loop {
                let Some(mut job) = queue.lock().unwrap().pop_front() else {
                    break;
                };
                let log = logs.join(format!("{}.log", job.name.replace('@', "-")));
                let _ = std::fs::remove_file(&log);
                let start = Instant::now();
                let result = run_logged(&mut job.command, &log);
                let elapsed = start.elapsed();
                took.lock().unwrap().push((elapsed, job.name.clone()));
                report(&job.name, elapsed, &result, &log);
                if result.is_err() {
                    failed.lock().unwrap().push(job.name);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().map_err(|_| "a test lane panicked".to_owned())?;
    }
    print_slowest(&mut took.lock().unwrap());
    let failed = failed.lock().unwrap();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("failed: {}", failed.join(", ")))
    }
}

/// Where `name` starts: its place in [`SLOWEST_FIRST`], or after all of them.
fn rank(name: &str) -> usize {
    SLOWEST_FIRST
        .iter()
        .position(|slow| *slow == name)
        .unwrap_or(SLOWEST_FIRST.len())
}

/// One line for a job that passed; the end of its log for one that failed.
fn report(name: &str, took: Duration, result: &Result, log: &Path) {
    let passed = std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<u32>().ok())
        .sum::<u32>();
    match result {
        Ok(()) => eprintln!("  ok {:>5.0?}  {name} ({passed} passed)", took),
        Err(e) => {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(200).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            eprintln!(
                "FAILED {:>5.0?}  {name}: {e}\n{}\n(whole output: {})",
                took,
                tail.join("\n"),
                log.display()
            );
        }
    }
}

/// The ten longest runs, so that [`SLOWEST_FIRST`] can be kept true.
fn print_slowest(took: &mut [(Duration, String)]) {
    took.sort_by(|a, b| b.cmp(a));
    let shown: Vec<String> = took
        .iter()
        .take(10)
        .map(|(took, name)| format!("{name} {:.0?}", took))
        .collect();
    eprintln!("\nxtask: the slowest test executables: {}", shown.join(", "));
}

/// The test executables of the whole workspace in the JSON that `cargo test --no-run
/// --message-format=json` writes: (target name, executable, package manifest).
pub fn all_test_executables(json: &str) -> Vec<(String, PathBuf, PathBuf)> {
    json.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["profile"]["test"] == true)
        .filter_map(|m| {
            let name = m["target"]["name"].as_str()?.to_owned();
            let executable = PathBuf::from(m["executable"].as_str()?);
            let manifest = PathBuf::from(m["manifest_path"].as_str()?);
            Some((name, executable, manifest))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every test executable the build made is listed, and nothing else cargo says.
    #[test]
    fn the_test_executables_are_listed_and_nothing_else() {
        let artifact = |name: &str, kind: &str| {
            serde_json::json!({
                "reason": "compiler-artifact",
                "profile": {"test": true},
                "target": {"name": name, "kind": [kind]},
                "executable": format!("/t/{name}"),
                "manifest_path": "/w/Cargo.toml",
            })
            .to_string()
        };
        let json = [
            artifact("e2e_check", "test"),
            artifact("sesame_core", "lib"),
            r#"{"reason": "build-finished", "success": true}"#.to_owned(),
        ]
        .join("\n");
        let names: Vec<String> = all_test_executables(&json)
            .into_iter()
            .map(|(name, _, _)| name)
            .collect();
        assert_eq!(names, ["e2e_check", "sesame_core"]);
    }

    #[test]
    fn the_slowest_start_first_and_the_rest_keep_their_order() {
        let mut names = vec!["api", "e2e_check", "zeta", "abuse", "oidc@postgres"];
        names.sort_by_key(|n| rank(n));
        assert_eq!(names, ["abuse", "e2e_check", "oidc@postgres", "api", "zeta"]);
    }

    #[test]
    fn a_failing_job_fails_the_run_and_the_others_still_run() {
        let mut fail = Command::new("sh");
        fail.args(["-c", "echo 'test result: FAILED. 0 passed'; exit 1"]);
        let mut pass = Command::new("sh");
        pass.args(["-c", "echo 'test result: ok. 3 passed; 0 failed'"]);
        let jobs = vec![
            Job {
                name: "lanes-self-test-fails".into(),
                command: fail,
            },
            Job {
                name: "lanes-self-test-passes".into(),
                command: pass,
            },
        ];
        let result = run(jobs, 2);
        assert_eq!(result, Err("failed: lanes-self-test-fails".to_owned()));
        let log = root().join("target/tests/lanes-self-test-passes.log");
        assert!(std::fs::read_to_string(log).unwrap().contains("3 passed"));
    }
}
