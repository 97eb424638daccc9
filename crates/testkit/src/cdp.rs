//! The Chrome DevTools Protocol on the browser's own WebSocket, for what ChromeDriver's
//! `goog/cdp/execute` cannot do: follow the workers a page starts.
//!
//! Network throttling is per target. ChromeDriver's CDP command reaches the page only, so the
//! PDF worker's downloads (its script, its WebAssembly, the fonts) would go at full speed. Here
//! the page's session asks to be told of every worker it starts, paused before its first line
//! (`Target.setAutoAttach` with `waitForDebuggerOnStart`); each is given the same conditions,
//! then let go — as DevTools' own throttling does. Every request of the page and its workers is
//! recorded (when it started and ended, bytes on the wire, content coding), for benchmarks to
//! say where the time went.
//!
//! ChromeDriver starts Chromium with `--remote-debugging-port=0`; the port and the browser's
//! WebSocket path are in `DevToolsActivePort` in the profile ([`crate::browser::Browser::devtools_url`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

type Pending = Mutex<HashMap<u64, oneshot::Sender<Result<Value, String>>>>;

/// A connection to the browser target; cheap to clone.
#[derive(Clone)]
pub struct Cdp {
    out: mpsc::UnboundedSender<String>,
    pending: Arc<Pending>,
    next: Arc<AtomicU64>,
}

/// An event, with the session (attached target) it came from.
#[derive(Debug, Clone)]
pub struct Event {
    pub session: Option<String>,
    pub method: String,
    pub params: Value,
}

impl Cdp {
    /// Connects to `ws_url` (the browser's); events arrive on the receiver.
    pub async fn connect(ws_url: &str) -> (Cdp, mpsc::UnboundedReceiver<Event>) {
        let (socket, _) = tokio_tungstenite::connect_async(ws_url)
            .await
            .unwrap_or_else(|e| panic!("connect to DevTools at {ws_url}: {e}"));
        let (mut write, mut read) = socket.split();
        let (out, mut outgoing) = mpsc::unbounded_channel::<String>();
        let (events, received) = mpsc::unbounded_channel();
        let pending: Arc<Pending> = Arc::default();
        tokio::spawn(async move {
            while let Some(text) = outgoing.recv().await {
                if write.send(Message::text(text)).await.is_err() {
                    break;
                }
            }
        });
        let answers = pending.clone();
        tokio::spawn(async move {
            while let Some(Ok(message)) = read.next().await {
                let Ok(text) = message.into_text() else { continue };
                let Ok(value) = serde_json::from_str::<Value>(&text) else { continue };
                if let Some(id) = value["id"].as_u64() {
                    let answer = match value.get("error") {
                        Some(error) => Err(error.to_string()),
                        None => Ok(value["result"].clone()),
                    };
                    if let Some(waiting) = answers.lock().unwrap().remove(&id) {
                        let _ = waiting.send(answer);
                    }
                } else if let Some(method) = value["method"].as_str() {
                    let _ = events.send(Event {
                        session: value["sessionId"].as_str().map(str::to_owned),
                        method: method.to_owned(),
                        params: value["params"].clone(),
                    });
                }
            }
        });
        let cdp = Cdp {
            out,
            pending,
            next: Arc::new(AtomicU64::new(1)),
        };
        (cdp, received)
    }

    /// Sends `method` to `session` (the browser itself when `None`) and waits for its result.
    pub async fn call(&self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        self.out
            .send(message.to_string())
            .map_err(|_| "the DevTools connection is closed".to_owned())?;
        rx.await
            .map_err(|_| "the DevTools connection is closed".to_owned())?
    }
}

/// Network conditions, as `Network.emulateNetworkConditions` takes them.
#[derive(Debug, Clone, Copy)]
pub struct Conditions {
    /// Added to every request until its response headers, in ms (the round trip).
    pub latency_ms: f64,
    pub down_bits_per_second: f64,
    pub up_bits_per_second: f64,
}

impl Conditions {
    fn params(&self) -> Value {
        json!({
            "offline": false,
            "latency": self.latency_ms,
            "downloadThroughput": self.down_bits_per_second / 8.0,
            "uploadThroughput": self.up_bits_per_second / 8.0,
        })
    }
}

/// One request of the page or of a worker, times in ms since the epoch (the page's
/// `performance.timeOrigin + performance.now()` clock, give or take a millisecond).
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub url: String,
    /// `page` or `worker`.
    pub target: String,
    pub start_ms: f64,
    /// When the response headers arrived.
    pub headers_ms: Option<f64>,
    pub end_ms: Option<f64>,
    /// Bytes on the wire, headers included.
    pub bytes: f64,
    pub status: u16,
    pub content_encoding: String,
}

/// The page of a browser, and every worker it starts, under `conditions`; their requests
/// recorded.
pub struct Throttled {
    pub cdp: Cdp,
    page_session: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Throttled {
    /// Attaches to the browser's page at `ws_url` and applies `conditions` to it and to every
    /// worker it starts from now on. Call before the page loads anything.
    pub async fn start(ws_url: &str, conditions: Conditions) -> Throttled {
        let (cdp, mut events) = Cdp::connect(ws_url).await;
        let targets = cdp.call(None, "Target.getTargets", json!({})).await.unwrap();
        let page = targets["targetInfos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .expect("a page")["targetId"]
            .clone();
        let attached = cdp
            .call(None, "Target.attachToTarget", json!({"targetId": page, "flatten": true}))
            .await
            .unwrap();
        let page_session = attached["sessionId"].as_str().unwrap().to_owned();
        let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
        let kinds: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        kinds.lock().unwrap().insert(page_session.clone(), "page".into());

        let (recorder_cdp, recorded, target_kinds) = (cdp.clone(), requests.clone(), kinds.clone());
        // Per session, request id → index in `requests`, and the wall-clock offset of its
        // monotonic timestamps.
        tokio::spawn(async move {
            let mut index: HashMap<(String, String), (usize, f64)> = HashMap::new();
            while let Some(event) = events.recv().await {
                let session = event.session.clone().unwrap_or_default();
                let p = &event.params;
                match event.method.as_str() {
                    "Target.attachedToTarget" => {
                        let worker = p["sessionId"].as_str().unwrap_or_default().to_owned();
                        let kind = p["targetInfo"]["type"].as_str().unwrap_or_default().to_owned();
                        target_kinds.lock().unwrap().insert(worker.clone(), kind);
                        let cdp = recorder_cdp.clone();
                        tokio::spawn(async move {
                            let s = Some(worker.as_str());
                            let _ = cdp.call(s, "Network.enable", json!({})).await;
                            let _ = cdp
                                .call(s, "Network.emulateNetworkConditions", conditions.params())
                                .await;
                            // Its own workers too.
                            let _ = cdp
                                .call(
                                    s,
                                    "Target.setAutoAttach",
                                    json!({"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}),
                                )
                                .await;
                            let _ = cdp.call(s, "Runtime.runIfWaitingForDebugger", json!({})).await;
                        });
                    }
                    "Network.requestWillBeSent" => {
                        let id = p["requestId"].as_str().unwrap_or_default().to_owned();
                        let offset = p["wallTime"].as_f64().unwrap_or(0.0) - p["timestamp"].as_f64().unwrap_or(0.0);
                        let target = target_kinds
                            .lock()
                            .unwrap()
                            .get(&session)
                            .cloned()
                            .unwrap_or_default();
                        let mut all = recorded.lock().unwrap();
                        all.push(Request {
                            url: p["request"]["url"].as_str().unwrap_or_default().to_owned(),
                            target,
                            start_ms: p["wallTime"].as_f64().unwrap_or(0.0) * 1e3,
                            ..Request::default()
                        });
                        index.insert((session, id), (all.len() - 1, offset));
                    }
                    "Network.responseReceived" => {
                        let id = p["requestId"].as_str().unwrap_or_default().to_owned();
                        if let Some(&(i, offset)) = index.get(&(session, id)) {
                            let mut all = recorded.lock().unwrap();
                            let request = &mut all[i];
                            request.headers_ms = p["timestamp"].as_f64().map(|t| (t + offset) * 1e3);
                            request.status = p["response"]["status"].as_u64().unwrap_or(0) as u16;
                            let headers = p["response"]["headers"].as_object();
                            request.content_encoding = headers
                                .and_then(|h| {
                                    h.iter()
                                        .find(|(k, _)| k.eq_ignore_ascii_case("content-encoding"))
                                        .and_then(|(_, v)| v.as_str())
                                })
                                .unwrap_or_default()
                                .to_owned();
                        }
                    }
                    "Network.loadingFinished" => {
                        let id = p["requestId"].as_str().unwrap_or_default().to_owned();
                        if let Some(&(i, offset)) = index.get(&(session, id)) {
                            let mut all = recorded.lock().unwrap();
                            all[i].end_ms = p["timestamp"].as_f64().map(|t| (t + offset) * 1e3);
                            all[i].bytes = p["encodedDataLength"].as_f64().unwrap_or(0.0);
                        }
                    }
                    _ => {}
                }
            }
        });

        let s = Some(page_session.as_str());
        cdp.call(s, "Network.enable", json!({})).await.unwrap();
        cdp.call(s, "Network.emulateNetworkConditions", conditions.params())
            .await
            .unwrap();
        cdp.call(
            s,
            "Target.setAutoAttach",
            json!({"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}),
        )
        .await
        .unwrap();
        Throttled {
            cdp,
            page_session,
            requests,
        }
    }

    /// The page's DevTools session (to send it commands of its own).
    pub fn page_session(&self) -> &str {
        &self.page_session
    }

    /// Every request recorded so far, in the order they started.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}
