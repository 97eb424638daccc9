//! Installs what the build and the tests need, skipping what is already there at the right
//! version (ARCHITECTURE.md, « Toolchain traps »), in two parts:
//!
//! - [`build_tools`], all that building the app needs — the wasm32 target, Trunk, and
//!   wasm-bindgen-cli at exactly the version Cargo.lock records: `cargo xtask demo` and
//!   `cargo xtask package` install only these;
//! - then, for `cargo xtask test` and `cargo xtask setup` ([`setup`]), what the tests drive:
//!   Debian's Chromium, ChromeDriver, qpdf and poppler, Firefox ESR, WebKitGTK's WebDriver (with
//!   its MiniBrowser) and Xvfb (WebKit needs a display), sqlite3, PostgreSQL's server binaries,
//!   geckodriver from crates.io (pinned), Python's aiosmtpd (the SMTP server of the mail tests),
//!   the sign-in tests' OpenID providers (panva's `oidc-provider` from npm at the version
//!   `crates/testkit/oidc/package-lock.json` pins, and Python's authlib and Flask, pinned) and
//!   axe-core (npm, pinned, its digest checked) for the accessibility audit, into
//!   `tests/fixtures/axe.min.js`.

use std::process::Command;

use crate::run::{cmd, has, output, root, run, Result};

/// Trunk's version; newer ones are fine too but this one is verified here.
const TRUNK_VERSION: &str = "0.21.14";

/// wasm-split-cli's crate and version: the splitter of the page's module (Trunk's hook
/// `scripts/split_steps.sh`), of the same 0.2 line as the `wasm_split_helpers` Leptos builds
/// the split points with (Cargo.lock), verified with it.
const WASM_SPLIT: (&str, &str) = ("wasm_split_cli_support", "0.2.4");

/// Debian packages and a program each provides (to tell whether it is installed).
const DEBIAN: [(&str, &str); 8] = [
    ("chromium", "chromium"),
    ("chromium-driver", "chromedriver"),
    ("qpdf", "qpdf"),
    ("poppler-utils", "pdftotext"),
    ("firefox-esr", "firefox-esr"),
    ("webkit2gtk-driver", "WebKitWebDriver"),
    ("xvfb", "Xvfb"),
    // The SQLite backup of docs/operations.md, run as written by crates/server/tests/backups.rs.
    ("sqlite3", "sqlite3"),
];

/// geckodriver (Firefox's WebDriver server): crates.io is the one source that builds here (the
/// npm and PyPI packages download a binary at install time). Verified with Firefox ESR 153.
pub const GECKODRIVER_VERSION: &str = "0.37.1";

/// axe-core, the accessibility rules `Browser::audit_accessibility` injects, and the SHA-256 of
/// its `axe.min.js` (checked, so a changed package cannot slip in under the same version).
const AXE_VERSION: &str = "4.14.1";
const AXE_SHA256: &str = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c";

/// Everything: the build tools, then what the tests need.
pub fn setup() -> Result {
    build_tools()?;
    debian_packages()?;
    postgresql()?;
    aiosmtpd()?;
    oidc_providers()?;
    geckodriver()?;
    axe_core()
}

/// The Python packages of the OpenID provider offering PKCE `plain` (testkit's
/// `oidc/plain_provider.py`), at the versions it was written for.
const AUTHLIB: [&str; 2] = ["authlib==1.9.10", "flask==3.1.3"];

/// The sign-in tests' real OpenID providers: `npm ci` in `crates/testkit/oidc` (what its
/// lock file pins, checked by npm against the registry's integrity) and the Python packages.
fn oidc_providers() -> Result {
    let folder = root().join("crates/testkit/oidc");
    let installed =
        std::fs::read_to_string(folder.join("node_modules/oidc-provider/package.json")).unwrap_or_default();
    if !installed.contains("\"version\": \"9.13.3\"") {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&folder))?;
    }
    let check = "import authlib, flask, importlib.metadata as m; \
                 assert m.version('authlib') == '1.9.10' and m.version('flask') == '3.1.3'";
    if output(Command::new("python3").args(["-c", check])).is_some() {
        return Ok(());
    }
    let pip = || {
        let mut c = Command::new("python3");
        c.args(["-m", "pip", "install", "--quiet"]).args(AUTHLIB);
        c
    };
    run(&mut pip()).or_else(|_| run(pip().arg("--break-system-packages")))
}

/// What `trunk build` needs, nothing more.
pub fn build_tools() -> Result {
    wasm_target()?;
    trunk()?;
    wasm_split_cli()?;
    wasm_bindgen_cli()
}

/// `cargo install geckodriver` at [`GECKODRIVER_VERSION`], unless that version is installed.
fn geckodriver() -> Result {
    let installed = output(Command::new("geckodriver").arg("--version")).unwrap_or_default();
    if installed.split_whitespace().nth(1) == Some(GECKODRIVER_VERSION) {
        return Ok(());
    }
    cargo_install(&["--locked", "geckodriver", "--version", GECKODRIVER_VERSION])
}

/// axe-core's `axe.min.js` into `tests/fixtures/`, fetched with `npm pack` (the registry's
/// tarball, checked by npm against the registry's integrity) and then against [`AXE_SHA256`].
/// Not committed: 650 KB of someone else's minified code that only the tests use, and the
/// issue asks for a pinned package the setup vendors (`.gitignore` lists the file).
fn axe_core() -> Result {
    let target = root().join("tests/fixtures/axe.min.js");
    if sha256(&target).as_deref() == Some(AXE_SHA256) {
        return Ok(());
    }
    let temp = std::env::temp_dir().join(format!("sesame-axe-{}", std::process::id()));
    std::fs::create_dir_all(&temp).map_err(|e| format!("{}: {e}", temp.display()))?;
    let fetched = (|| {
        run(Command::new("npm")
            .args(["pack", "--silent", &format!("axe-core@{AXE_VERSION}")])
            .current_dir(&temp))?;
        let tarball = format!("axe-core-{AXE_VERSION}.tgz");
        run(Command::new("tar")
            .args(["xzf", &tarball, "package/axe.min.js"])
            .current_dir(&temp))?;
        let file = temp.join("package/axe.min.js");
        let digest = sha256(&file).unwrap_or_default();
        if digest != AXE_SHA256 {
            return Err(format!(
                "axe-core {AXE_VERSION}: axe.min.js has SHA-256 {digest}, expected {AXE_SHA256}"
            ));
        }
        std::fs::copy(&file, &target)
            .map(drop)
            .map_err(|e| format!("{}: {e}", target.display()))
    })();
    let _ = std::fs::remove_dir_all(&temp);
    fetched
}

/// A file's SHA-256 in hex (coreutils' `sha256sum`), or `None` when it cannot be read.
fn sha256(path: &std::path::Path) -> Option<String> {
    if !path.is_file() {
        return None;
    }
    let out = output(Command::new("sha256sum").arg(path))?;
    out.split_whitespace().next().map(str::to_owned)
}

/// Python's aiosmtpd: the real SMTP server the mail tests and benchmark send to
/// (crates/testkit/smtp_sink.py).
fn aiosmtpd() -> Result {
    if output(Command::new("python3").args(["-c", "import aiosmtpd"])).is_some() {
        return Ok(());
    }
    let pip = || {
        let mut c = Command::new("python3");
        c.args(["-m", "pip", "install", "--quiet", "aiosmtpd"]);
        c
    };
    // A Debian Python that is "externally managed" refuses plain installs; allow it there.
    run(&mut pip()).or_else(|_| run(pip().arg("--break-system-packages")))
}

fn wasm_target() -> Result {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|t| t.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn debian_packages() -> Result {
    let missing: Vec<&str> = DEBIAN
        .iter()
        .filter(|(_, program)| !has(program))
        .map(|(pkg, _)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing, &[])
}

/// `apt-get update` then `apt-get install packages` (with `options`), as root or through sudo.
pub fn apt_install(packages: &[&str], options: &[&str]) -> Result {
    // Root on CI and on these machines; sudo elsewhere.
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut c = if is_root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !is_root {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update", "-q"]))?;
    let mut install = apt(&["install", "-y", "-q", "--no-install-recommends"]);
    install.args(options).args(packages);
    run(&mut install)
}

/// Debian's PostgreSQL server binaries, for the throw-away server of the tests
/// (`crate::postgres`). Installed without the cluster and service Debian would create (the
/// tests never use them): `create_main_cluster = false` is written first, and kept.
pub fn postgresql() -> Result {
    if crate::postgres::bin_dir().is_some() {
        return Ok(());
    }
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if is_root {
        let conf = std::path::Path::new("/etc/postgresql-common/createcluster.conf");
        if !conf.exists() {
            std::fs::create_dir_all("/etc/postgresql-common").map_err(|e| e.to_string())?;
            std::fs::write(
                conf,
                "# Written by cargo xtask setup: no cluster at install.\ncreate_main_cluster = false\n",
            )
            .map_err(|e| e.to_string())?;
        }
    }
    apt_install(&["postgresql"], &["-o", "Dpkg::Options::=--force-confold"])
}

fn trunk() -> Result {
    if output(Command::new("trunk").arg("--version")).is_some() {
        return Ok(());
    }
    run(Command::new("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
}

/// `cargo install` of [`WASM_SPLIT`] with its command line, unless that version is installed
/// (the program has no `--version`: Cargo's list of installed crates says). Built unoptimised
/// (`--debug`): 24 s instead of 64 on two cores, and it still splits the page's module in half a
/// second, into the same bytes.
fn wasm_split_cli() -> Result {
    let (krate, version) = WASM_SPLIT;
    let installed = output(Command::new("cargo").args(["install", "--list"])).unwrap_or_default();
    if installed
        .lines()
        .any(|line| line.starts_with(&format!("{krate} v{version}:")))
        && has("wasm-split-cli")
    {
        return Ok(());
    }
    cargo_install(&[
        "--debug",
        "--locked",
        krate,
        "--version",
        version,
        "--features",
        "build-binary",
    ])
}

/// `cargo install --force` with `args`: over whatever version is there.
fn cargo_install(args: &[&str]) -> Result {
    run(Command::new("cargo").args(["install", "--force"]).args(args))
}

/// wasm-bindgen's version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock; run `cargo generate-lockfile`".into())
}

fn wasm_bindgen_cli() -> Result {
    // Make sure Cargo.lock exists and is current before reading the version from it.
    run(cmd("cargo", &["metadata", "--format-version", "1", "--quiet"]).stdout(std::process::Stdio::null()))?;
    let version = locked_wasm_bindgen_version()?;
    let installed = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if installed.split_whitespace().nth(1) == Some(version.as_str()) {
        return Ok(());
    }
    let install = |locked: bool| {
        let mut c = Command::new("cargo");
        c.args(["install", "--force", "wasm-bindgen-cli", "--version", &version]);
        if locked {
            c.arg("--locked");
        }
        run(&mut c)
    };
    // `--locked` reproduces the CLI's own lock file, but a dependency it names can be missing
    // from the registry mirror (seen here: webpki-roots 1.0.11); then let Cargo resolve anew.
    install(true).or_else(|_| install(false))
}
