//! `cargo xtask package`: the Debian package operators install (issue 10), made with cargo-deb
//! from `crates/server/Cargo.toml`'s `[package.metadata.deb]` and `crates/server/debian/`.
//!
//! The app is built as shipped (Trunk, precompressed) and `sesame` with the `release` profile;
//! cargo-deb (pinned, installed when missing) only assembles them (`--no-build`) into
//! `target/debian/sesame_<version>-1_amd64.deb`.
//!
//! `cargo xtask package --check` then proves the package on this machine — **it installs it
//! system-wide**, so run it on a throw-away machine: `dpkg -i`, `sesame --version` from
//! `/usr/bin`, the installed units' `sesame serve` commands — `sesame.service` and an instance of
//! the template `sesame@.service`, at once on the same database — started as systemd starts them
//! (as the `sesame` user, with `/etc/sesame/sesame.env`, in `/var/lib/sesame`; on free ports, the
//! file's own address may be taken) each answering `/api/health` and serving the app, then `dpkg --purge`
//! (which keeps `/var/lib/sesame` and the user, as Debian packages keep data).

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

/// Installs `deb`, runs what it installed as the systemd unit would, and removes it.
fn check_installed(deb: &str) -> Result {
    run(Command::new("dpkg").args(["-i", deb]))?;
    let result = (|| {
        let version =
            output(Command::new("/usr/bin/sesame").arg("--version")).ok_or("sesame --version failed")?;
        println!("installed: {}", version.trim());
        serve_as_the_units_would()
    })();
    // Removed whatever happened, so a failed check leaves no service behind.
    run(Command::new("dpkg").args(["--purge", "sesame"]))?;
    result
}

/// The installed units' commands run as systemd would run them (as `sesame`, with the settings
/// file, in `/var/lib/sesame`), both at once on the same database: `sesame.service` on a free
/// port (the file's own address may be taken) and the template `sesame@.service` as instance
/// `<another free port>`. Each must answer `/api/health` and serve the app.
fn serve_as_the_units_would() -> Result {
    let settings = std::fs::read_to_string("/etc/sesame/sesame.env")
        .map_err(|e| format!("/etc/sesame/sesame.env: {e}"))?;
    let (main_port, instance_port) = (free_port()?, free_port()?);
    let main = exec_start("/usr/lib/systemd/system/sesame.service", "")?;
    let instance = exec_start(
        "/usr/lib/systemd/system/sesame@.service",
        &instance_port.to_string(),
    )?;
    let mut servers = Vec::new();
    let mut spawned = || -> Result {
        servers.push(spawn_as_sesame(&main, &settings, Some(main_port))?);
        servers.push(spawn_as_sesame(&instance, &settings, None)?);
        Ok(())
    };
    let checked = spawned().and_then(|()| {
        for (unit, port) in [("sesame.service", main_port), ("sesame@.service", instance_port)] {
            answers(port).map_err(|e| format!("{unit}: {e}"))?;
        }
        Ok(())
    });
    for mut server in servers {
        let _ = server.kill();
        let _ = server.wait();
    }
    // runuser's child outlives runuser killed by SIGKILL: end the servers themselves.
    let _ = Command::new("pkill")
        .args(["-u", "sesame", "-f", "/usr/bin/sesame serve"])
        .status();
    checked
}

/// The `ExecStart=` command of the unit file at `path`, its `%i` replaced by `instance`.
fn exec_start(path: &str, instance: &str) -> std::result::Result<Vec<String>, String> {
    let unit = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let line = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .ok_or_else(|| format!("{path} has no ExecStart="))?;
    Ok(line
        .replace("%i", instance)
        .split_whitespace()
        .map(str::to_owned)
        .collect())
}

/// `command` run as the `sesame` user in `/var/lib/sesame` with the settings file's variables,
/// `SESAME_LISTEN` replaced by `port` when given.
fn spawn_as_sesame(
    command: &[String],
    settings: &str,
    port: Option<u16>,
) -> std::result::Result<std::process::Child, String> {
    let mut serve = Command::new("runuser");
    serve
        .args(["-u", "sesame", "--"])
        .args(command)
        .current_dir("/var/lib/sesame");
    for line in settings
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if let Some((key, value)) = line.split_once('=') {
            serve.env(key, value);
        }
    }
    if let Some(port) = port {
        serve.env("SESAME_LISTEN", format!("127.0.0.1:{port}"));
    }
    serve.stdout(Stdio::null());
    serve.spawn().map_err(|e| format!("runuser: {e}"))
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
