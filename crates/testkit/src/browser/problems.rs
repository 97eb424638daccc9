//! The page's problems — a console error or warning, an uncaught exception or rejected promise,
//! a Content-Security-Policy violation — that fail a test at [`super::Browser::close`], read the
//! way each engine allows. Warnings count: a deprecated call or an attribute the browser ignores
//! is a fault of the app, if a quiet one, and left alone they hide the next real one.
//!
//! - **Chromium**: ChromeDriver's `browser` log (`POST /session/{id}/se/log`), which holds
//!   everything the console showed, the page's workers included.
//! - **Firefox and WebKit**: no WebDriver log endpoint. A recorder ([`RECORDER`]) is put into
//!   the page through execute-script — which neither engine subjects to the page's CSP (the
//!   tests prove it: `crates/e2e/tests/e2e_engines.rs` provokes each kind and asserts it is caught). It
//!   listens for `error`, `unhandledrejection` and `securitypolicyviolation` on the window and
//!   on each worker the page starts, and wraps `console.error` and `console.warn`, into
//!   `window.__sesameProblems`. Every helper of `Browser` (`goto`,
//!   `wait_for`, `click`, `wait_text`, `screenshot`, `close`…) first drains that array into the
//!   session and puts the recorder back if a page load took it away. In Firefox the recorder is
//!   also a WebDriver BiDi preload script ([`preload_recorder`]), so it is in every document
//!   before the page's first script runs. Its limits, said plainly: in WebKit, what happens
//!   while a new document loads, before the next helper runs, is not seen; in both, the
//!   workers' own console is not (the app reports a worker's failure on the page, where the
//!   test sees it).
//!
//! Kept apart from `browser.rs`: two mechanisms, one meaning.

/// Installs the recorder if this document has none, then returns and empties what it recorded.
/// A string with the recorder's own markers, so an old document's array is never confused with
/// the page's.
pub(super) const RECORDER: &str = r#"
const w = window;
if (!Array.isArray(w.__sesameProblems)) {
  const problems = [];
  w.__sesameProblems = problems;
  const push = (text) => problems.push(String(text));
  // An Error's stack lacks its message in Firefox and WebKit: both, then.
  const describe = (x) => (x instanceof Error ? `${x}\n${x.stack}` : String(x));
  w.addEventListener('error', (e) => {
    if (e instanceof ErrorEvent) {
      push(`uncaught error: ${e.message} (${e.filename}:${e.lineno})`);
    }
  }, true);
  w.addEventListener('unhandledrejection', (e) => {
    push(`unhandled rejection: ${describe(e.reason)}`);
  });
  w.addEventListener('securitypolicyviolation', (e) => {
    push(`Content Security Policy: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} (${e.sourceFile}:${e.lineNumber})`);
  });
  // A worker's uncaught error reaches its Worker object, not the window: watch each worker
  // the page starts (the PDF worker, local mode's import worker).
  const NativeWorker = w.Worker;
  if (NativeWorker) {
    w.Worker = new Proxy(NativeWorker, {
      construct(target, args, newTarget) {
        const worker = Reflect.construct(target, args, newTarget);
        worker.addEventListener('error', (e) => {
          push(`worker error: ${e.message} (${e.filename}:${e.lineno})`);
        });
        return worker;
      },
    });
  }
  const error = console.error;
  console.error = function (...args) {
    push(`console.error: ${args.map(describe).join(' ')}`);
    return error.apply(this, args);
  };
  const warn = console.warn;
  console.warn = function (...args) {
    push(`console.warn: ${args.map(describe).join(' ')}`);
    return warn.apply(this, args);
  };
}
return w.__sesameProblems.splice(0);
"#;

/// Which of ChromeDriver's console entries `(level, source, message)` are problems.
///
/// A refusal the test provoked on purpose (a 401 before signing in, a 403 out of scope, a
/// 422…) is the browser reporting a response, not a fault of the page: network entries are
/// problems only for a 5xx answer. Every other error, and every warning — the page's, its
/// workers', the browser's about the page (an ignored attribute, a deprecated call) — is one.
pub(super) fn chromium_problem((level, source, message): &(String, String, String)) -> bool {
    let csp = message.contains("Content Security Policy");
    let server_error =
        source == "network" && ["status of 5", "net::ERR_"].iter().any(|m| message.contains(m));
    let said = matches!(level.as_str(), "SEVERE" | "WARNING") && source != "network";
    csp || server_error || said
}

/// ChromeDriver's command for one of its logs (`POST /session/{id}/se/log`), which the W3C
/// protocol lacks: `browser` (the console) or `performance` (DevTools protocol events). Each
/// call returns the entries since the previous one.
#[derive(Debug)]
pub(super) struct Log(pub &'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for Log {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(format!(r#"{{"type":"{}"}}"#, self.0)))
    }
}

/// Firefox's WebDriver BiDi socket, kept open for the session's life.
pub(super) type BiDi =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Registers [`RECORDER`] as a BiDi preload script on the session's socket `ws_url` (Firefox's
/// `webSocketUrl`): it then runs in the page's own realm in every new document, before the
/// page's scripts. Returns the socket, to keep it open.
pub(super) async fn preload_recorder(ws_url: &str) -> BiDi {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_url)
        .await
        .unwrap_or_else(|e| panic!("connect to WebDriver BiDi at {ws_url}: {e}"));
    let command = serde_json::json!({
        "id": 1,
        "method": "script.addPreloadScript",
        "params": { "functionDeclaration": format!("() => {{ {RECORDER} }}") },
    });
    socket
        .send(Message::text(command.to_string()))
        .await
        .expect("send script.addPreloadScript");
    while let Some(message) = socket.next().await {
        let text = message
            .expect("WebDriver BiDi answer")
            .into_text()
            .unwrap_or_default();
        let Ok(answer) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        if answer["id"] == 1 {
            assert!(answer.get("error").is_none(), "script.addPreloadScript: {answer}");
            return socket;
        }
    }
    panic!("WebDriver BiDi closed before adding the preload script");
}
