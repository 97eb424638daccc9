//! `cargo xtask package`: the Debian package operators install, made with cargo-deb
//! from `crates/server/Cargo.toml`'s `[package.metadata.deb]` and `crates/server/debian/`.
//!
//! The app is built as shipped (Trunk, precompressed) and `sesame` with the `release` profile;
//! cargo-deb (pinned, installed when missing) only assembles them (`--no-build`) into
//! `target/debian/sesame_<version>-1_amd64.deb`. Only the build's tools are installed for it
//! (`crate::setup::build_tools`), none of the tests'.
//!
//! `cargo xtask package --check` then proves the package on this machine — **it installs it
//! system-wide**, so run it on a throw-away machine: `dpkg -i` over an instance enabled the way
//! the previous package named them (`sesame@PORT`, before instances had settings files: the
//! postinst must write its `/etc/sesame/PORT.env`), `sesame --version` from `/usr/bin`, the
//! installed units' `sesame serve` commands — `sesame.service` and that instance of the template
//! `sesame@.service`, at once on the same database — started as systemd starts them (as the
//! `sesame` user, with the units' `EnvironmentFile=`s, in `/var/lib/sesame`; `sesame.service` on
//! a free port, the file's own address may be taken) each answering `/api/health` and serving
//! the app, and exiting 0 on SIGTERM; then the proxy examples of docs/operations.md in front of
//! the installed binary (`crate::proxy_check`); then `dpkg --purge` (which keeps `/var/lib/sesame` and the
//! user, as Debian packages keep data).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::run::{cmd, output, run, Result};

/// cargo-deb's version: the one this packaging was verified with.
const CARGO_DEB_VERSION: &str = "3.6.2";

pub fn package(args: &[String]) -> Result {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask package [--check]".into()),
    };
    // The build's tools only: the package needs no browser, database or test tool.
    crate::setup::build_tools()?;
    cargo_deb()?;
    crate::test::build_app()?;
    run(&mut cmd(
        "cargo",
        &["build", "--release", "-p", "sesame-server", "--bin", "sesame"],
    ))?;
    let built =
        output(&mut cmd("cargo", &["deb", "-p", "sesame-server", "--no-build"])).ok_or("cargo deb failed")?;
    let deb = built.lines().last().unwrap_or_default().trim().to_owned();
    println!("package: {deb}");
    if check {
        check_installed(&deb)?;
    }
    Ok(())
}

/// `cargo install cargo-deb` at [`CARGO_DEB_VERSION`], unless that version is installed.
fn cargo_deb() -> Result {
    let installed = output(Command::new("cargo").args(["deb", "--version"])).unwrap_or_default();
    if installed.split_whitespace().last() == Some(CARGO_DEB_VERSION) {
        return Ok(());
    }
    run(Command::new("cargo").args(["install", "--locked", "cargo-deb", "--version", CARGO_DEB_VERSION]))
}

/// Installs `deb`, runs what it installed as the systemd units would, and removes it.
fn check_installed(deb: &str) -> Result {
    // An instance enabled as the previous package named them, by its port alone.
    let instance_port = free_port()?;
    let wants = "/etc/systemd/system/multi-user.target.wants";
    let enabled = format!("{wants}/sesame@{instance_port}.service");
    std::fs::create_dir_all(wants).map_err(|e| format!("{wants}: {e}"))?;
    std::os::unix::fs::symlink("/usr/lib/systemd/system/sesame@.service", &enabled)
        .map_err(|e| format!("{enabled}: {e}"))?;
    let result = run(Command::new("dpkg").args(["-i", deb])).and_then(|()| {
        let version =
            output(Command::new("/usr/bin/sesame").arg("--version")).ok_or("sesame --version failed")?;
        println!("installed: {}", version.trim());
        serve_as_the_units_would(instance_port)?;
        crate::proxy_check(&["--sesame".to_owned(), "/usr/bin/sesame".to_owned()])
    });
    // Removed whatever happened, so a failed check leaves no service behind.
    let _ = std::fs::remove_file(&enabled);
    let _ = std::fs::remove_file(format!("/etc/sesame/{instance_port}.env"));
    run(Command::new("dpkg").args(["--purge", "sesame"]))?;
    result
}

/// The installed units' commands run as systemd would run them (as `sesame`, with their
/// `EnvironmentFile=`s, in `/var/lib/sesame`), both at once on the same database:
/// `sesame.service` on a free port (the file's own address may be taken) and the template
/// `sesame@.service` as instance `instance_port`, whose settings file the postinst wrote. Each
/// must answer `/api/health`, serve the app, and exit 0 on SIGTERM.
fn serve_as_the_units_would(instance_port: u16) -> Result {
    let instance_settings = format!("/etc/sesame/{instance_port}.env");
    let written = std::fs::read_to_string(&instance_settings)
        .map_err(|e| format!("the postinst wrote no {instance_settings} for sesame@{instance_port}: {e}"))?;
    if !written.contains(&format!("SESAME_LISTEN=127.0.0.1:{instance_port}")) {
        return Err(format!("{instance_settings} says {written:?}"));
    }
    let main_port = free_port()?;
    let main = unit("/usr/lib/systemd/system/sesame.service", "")?;
    let instance = unit(
        "/usr/lib/systemd/system/sesame@.service",
        &instance_port.to_string(),
    )?;
    let mut servers = Vec::new();
    let mut spawned = || -> Result {
        servers.push(spawn_as_sesame(&main, Some(main_port))?);
        servers.push(spawn_as_sesame(&instance, None)?);
        Ok(())
    };
    let checked = spawned().and_then(|()| {
        for (unit, port) in [("sesame.service", main_port), ("sesame@.service", instance_port)] {
            answers(port).map_err(|e| format!("{unit}: {e}"))?;
        }
        Ok(())
    });
    let mut stopped = Ok(());
    for mut server in servers {
        // setpriv execs: the process is sesame itself, stopped as systemd stops it.
        let _ = Command::new("kill")
            .args(["-TERM", &server.id().to_string()])
            .status();
        match server.wait() {
            Ok(status) if status.code() == Some(0) => {}
            Ok(status) => stopped = Err(format!("sesame serve exited with {status} on SIGTERM")),
            Err(e) => stopped = Err(e.to_string()),
        }
    }
    checked.and(stopped)
}

/// What systemd runs for the unit file at `path` (`%i` replaced by `instance`): its
/// `ExecStart=` command and the variables of its `EnvironmentFile=`s, read in order.
struct Unit {
    command: Vec<String>,
    environment: Vec<(String, String)>,
}

fn unit(path: &str, instance: &str) -> std::result::Result<Unit, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut unit = Unit {
        command: Vec::new(),
        environment: Vec::new(),
    };
    for line in text.lines() {
        if let Some(command) = line.strip_prefix("ExecStart=") {
            unit.command = command
                .replace("%i", instance)
                .split_whitespace()
                .map(str::to_owned)
                .collect();
        } else if let Some(file) = line.strip_prefix("EnvironmentFile=") {
            let (optional, file) = file.strip_prefix('-').map_or((false, file), |f| (true, f));
            let file = file.replace("%i", instance);
            match std::fs::read_to_string(&file) {
                Ok(settings) => unit.environment.extend(settings_of(&settings)),
                Err(_) if optional => {}
                Err(e) => return Err(format!("{path}: EnvironmentFile={file}: {e}")),
            }
        }
    }
    if unit.command.is_empty() {
        return Err(format!("{path} has no ExecStart="));
    }
    Ok(unit)
}

/// `NAME=value` lines of a settings file as the package writes them (comments skipped, a value's
/// surrounding double quotes removed); the server's own reader (`sesame --env-file`) is
/// systemd's full syntax.
fn settings_of(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(';'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            let v = v.trim();
            let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v);
            (k.trim().to_owned(), v.to_owned())
        })
        .collect()
}

/// `unit`'s command run as the `sesame` user (setpriv execs it: the child is `sesame` itself) in
/// `/var/lib/sesame` with the unit's variables, `SESAME_LISTEN` replaced by `port` when given.
fn spawn_as_sesame(unit: &Unit, port: Option<u16>) -> std::result::Result<std::process::Child, String> {
    let mut serve = Command::new("setpriv");
    serve
        .args(["--reuid=sesame", "--regid=sesame", "--init-groups", "--"])
        .args(&unit.command)
        .current_dir("/var/lib/sesame")
        .envs(unit.environment.iter().map(|(k, v)| (k, v)));
    if let Some(port) = port {
        serve.env("SESAME_LISTEN", format!("127.0.0.1:{port}"));
    }
    serve.stdout(Stdio::null());
    serve.spawn().map_err(|e| format!("setpriv: {e}"))
}

/// `/api/health` says ok on `port` within 20 s, and `/` is the app.
fn answers(port: u16) -> Result {
    let deadline = Instant::now() + Duration::from_secs(20);
    let health = loop {
        if let Some(body) = get(port, "/api/health") {
            break body;
        }
        if Instant::now() > deadline {
            return Err(format!(
                "the installed sesame serve did not answer /api/health on port {port}"
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    if !health.contains("\"status\":\"ok\"") {
        return Err(format!("/api/health said {health}"));
    }
    let page = get(port, "/").unwrap_or_default();
    if !page.contains("<title>Sésame") {
        return Err(format!("/ is not the app: {page:.200}"));
    }
    println!(
        "installed sesame serve on port {port}: /api/health {}, / serves the app",
        health.trim()
    );
    Ok(())
}

fn free_port() -> std::result::Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// The body of `GET path` on `port` when it answers 200 (plain HTTP/1.0: no client needed).
fn get(port: u16, path: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let (head, body) = answer.split_once("\r\n\r\n")?;
    // hyper answers an HTTP/1.0 request as HTTP/1.0: look at the status code alone.
    (head.split_whitespace().nth(1) == Some("200")).then(|| body.to_owned())
}
