//! Real OpenID providers for the sign-in tests, run as child processes on 127.0.0.1 (scripts in
//! `crates/testkit/oidc/`, installed by `cargo xtask setup`):
//!
//! - [`Kind::Certified`]: panva's `oidc-provider` (npm, OpenID Certified), set as close to the
//!   ENT's as it allows (`client_secret_basic`, RS256, `sub` the ENT id typed in its
//!   development login form); it offers PKCE S256 only. Restarted with other key ids, it has
//!   rotated its signing keys ([`Provider::rotate`]).
//! - [`Kind::PlainPkce`]: a provider built on authlib that offers PKCE `plain` only, as entcore
//!   does, and enforces it; a client may be told to be given ID tokens wrong in one way
//!   ([`Client::misbehave`]) — the refusal tests' bad tokens come from a real provider through
//!   the real protocol, never from a fake.
//!
//! Both print `listening URL` when ready; the issuer is that URL.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

/// Which provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// panva's oidc-provider: PKCE S256.
    Certified,
    /// authlib's, like entcore: PKCE `plain` only.
    PlainPkce,
}

/// A client registered with the provider (Sésame, as the ENT's « connecteur »).
#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    pub secret: String,
    /// Where the provider may send the browser back: Sésame's `/api/oidc/callback`.
    pub redirect_uris: Vec<String>,
    /// Where sign-out may send it: Sésame's `/login`.
    pub post_logout_redirect_uris: Vec<String>,
    /// [`Kind::PlainPkce`] only: what this client's ID tokens get wrong (`expired`, `wrong-iss`,
    /// `wrong-aud`, `wrong-nonce`, `tampered`, `alg-none`, `hs256-public-key`, `unknown-kid`).
    pub misbehave: Option<String>,
}

impl Client {
    /// A well-behaved client for Sésame at `public_url`.
    pub fn for_sesame(id: &str, secret: &str, public_url: &str) -> Client {
        Client {
            id: id.into(),
            secret: secret.into(),
            redirect_uris: vec![format!("{public_url}/api/oidc/callback")],
            post_logout_redirect_uris: vec![format!("{public_url}/login")],
            misbehave: None,
        }
    }
}

/// A running provider; killed on drop.
pub struct Provider {
    child: Child,
    kind: Kind,
    port: u16,
    config: PathBuf,
    _dir: tempfile::TempDir,
}

impl Provider {
    /// Starts `kind` with `clients` and the accounts `accounts` (`{"ENT id": {"login": …,
    /// "name": …}}`: the claims beside `sub`), signing with key `key_ids[0]`.
    pub fn start(kind: Kind, clients: &[Client], accounts: Value, key_ids: &[&str]) -> Provider {
        let dir = tempfile::tempdir().unwrap();
        let port = crate::free_port();
        let config = dir.path().join("provider.json");
        let clients: Vec<Value> = clients
            .iter()
            .map(|c| {
                json!({
                    "client_id": c.id,
                    "client_secret": c.secret,
                    "redirect_uris": c.redirect_uris,
                    "post_logout_redirect_uris": c.post_logout_redirect_uris,
                    "misbehave": c.misbehave,
                })
            })
            .collect();
        let post_logout: Vec<&String> = clients_logout(&clients);
        let body = json!({
            "port": port,
            "clients": clients,
            "accounts": accounts,
            "kids": key_ids,
            "kid": key_ids.first().copied().unwrap_or("plain-1"),
            "post_logout_redirect_uris": post_logout,
        });
        std::fs::write(&config, body.to_string()).unwrap();
        let child = spawn(kind, &config, port);
        Provider {
            child,
            kind,
            port,
            config,
            _dir: dir,
        }
    }

    /// The issuer (`http://127.0.0.1:PORT`): what `SESAME_OIDC_ISSUER` takes.
    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Restarts the provider on its port with new signing keys (`key_ids`; it signs with the
    /// first): what a provider's key rotation looks like to a relying party — a `kid` it has
    /// not seen. Sessions and codes under way are forgotten.
    pub fn rotate(&mut self, key_ids: &[&str]) {
        self.stop();
        let mut config: Value = serde_json::from_slice(&std::fs::read(&self.config).unwrap()).unwrap();
        config["kids"] = json!(key_ids);
        config["kid"] = json!(key_ids[0]);
        std::fs::write(&self.config, config.to_string()).unwrap();
        self.child = spawn(self.kind, &self.config, self.port);
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Every client's sign-out addresses (the authlib provider keeps one list).
fn clients_logout(clients: &[Value]) -> Vec<&String> {
    let mut all = Vec::new();
    for client in clients {
        if let Some(Value::Array(uris)) = client.get("post_logout_redirect_uris") {
            all.extend(uris.iter().filter_map(|u| match u {
                Value::String(s) => Some(s),
                _ => None,
            }));
        }
    }
    all
}

/// The provider's script folder: this crate's `oidc/`.
fn scripts() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/oidc"))
}

/// Runs `kind`'s script on `config` and waits for its `listening` line, then for `port` to take
/// connections (Flask prints before it binds).
fn spawn(kind: Kind, config: &Path, port: u16) -> Child {
    let mut command = match kind {
        Kind::Certified => {
            let script = scripts().join("provider.mjs");
            assert!(
                scripts().join("node_modules/oidc-provider").is_dir(),
                "oidc-provider is not installed in {}: run `cargo xtask setup`",
                scripts().display()
            );
            let mut command = Command::new("node");
            command.arg(script);
            command
        }
        Kind::PlainPkce => {
            let mut command = Command::new("python3");
            // authlib refuses plain HTTP unless told: the provider is on loopback only.
            command
                .arg(scripts().join("plain_provider.py"))
                .env("AUTHLIB_INSECURE_TRANSPORT", "1");
            command
        }
    };
    let mut child = command
        .arg(config)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the OpenID provider starts (node, python3: `cargo xtask setup` installs them)");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let ready = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.starts_with("listening"));
    assert!(
        ready.is_some(),
        "the OpenID provider ({kind:?}) did not start; `cargo xtask setup` installs oidc-provider (npm) and authlib (pip)"
    );
    // Keep reading its output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let start = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "the OpenID provider ({kind:?}) never took connections on port {port}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child
}
