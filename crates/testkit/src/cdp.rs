//! The Chrome DevTools Protocol on the browser's own WebSocket, for what ChromeDriver cannot do:
//! follow the workers a page starts.
//!
//! Network throttling is per DevTools target, and a dedicated worker is a target of its own.
//! ChromeDriver's `goog/cdp/execute` and its performance log reach the page only, so throttling
//! the page leaves the PDF worker's own downloads (its WebAssembly, the fonts) at full speed, and
//! [`crate::browser::Browser::requests`] never sees them. Here [`Throttled`] attaches to the page
//! and asks to be told of every worker it starts, each paused before its first line
//! (`Target.setAutoAttach` with `waitForDebuggerOnStart` and `flatten`, so that every worker is a
//! session on this one socket); each is given the same conditions, then let go — which is what
//! DevTools' own throttling does. Every request of the page and of its workers is recorded, with
//! its response, as the same [`Request`] the performance log gives.
//!
//! [`Browser::devtools_url`](crate::browser::Browser::devtools_url) says where the socket is.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

use crate::browser::{Browser, Request, Response};

type Pending = Mutex<HashMap<u64, oneshot::Sender<Result<Value, String>>>>;

/// A connection to the browser's DevTools socket; cheap to clone. Commands go to the browser
/// itself or to an attached target's session (`flatten` mode: one socket for all).
#[derive(Clone)]
pub struct Cdp {
    out: mpsc::UnboundedSender<String>,
    pending: Arc<Pending>,
    next: Arc<AtomicU64>,
}

/// An event, with the session (attached target) it came from; `None` for the browser's own.
#[derive(Debug, Clone)]
pub struct Event {
    pub session: Option<String>,
    pub method: String,
    pub params: Value,
}

impl Cdp {
    /// Connects to `ws_url`; events arrive on the receiver, answers to [`Cdp::call`].
    pub async fn connect(ws_url: &str) -> (Cdp, mpsc::UnboundedReceiver<Event>) {
        let (socket, _) = tokio_tungstenite::connect_async(ws_url)
            .await
            .unwrap_or_else(|e| panic!("connect to DevTools at {ws_url}: {e}"));
        let (mut write, mut read) = socket.split();
        let (out, mut outgoing) = mpsc::unbounded_channel::<String>();
        let (events, received) = mpsc::unbounded_channel();
        let pending: Arc<Pending> = Arc::default();
        // One writer task, so that callers on any task need no lock on the socket.
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
                let Ok(value) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
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

    /// Attaches to the browser's page (its one tab) and returns the DevTools session that
    /// speaks to it: what a test or [`Throttled`] sends the page's own commands through.
    pub async fn attach_to_page(&self) -> String {
        let targets = self.call(None, "Target.getTargets", json!({})).await.unwrap();
        let page = targets["targetInfos"]
            .as_array()
            .and_then(|targets| targets.iter().find(|t| t["type"] == "page"))
            .unwrap_or_else(|| panic!("no page among the browser's targets: {targets}"))["targetId"]
            .clone();
        let attached = self
            .call(
                None,
                "Target.attachToTarget",
                json!({"targetId": page, "flatten": true}),
            )
            .await
            .unwrap();
        attached["sessionId"].as_str().unwrap().to_owned()
    }
}

/// Network conditions, as `Network.emulateNetworkConditions` takes them.
#[derive(Debug, Clone, Copy)]
pub struct Conditions {
    /// Added to every request before its response headers, in ms (a round trip).
    pub latency_ms: f64,
    pub down_bits_per_second: f64,
    pub up_bits_per_second: f64,
}

impl Conditions {
    fn by_rule(&self) -> Value {
        let mut all = self.params();
        all["urlPattern"] = json!("");
        json!({"offline": false, "matchedNetworkConditions": [all]})
    }

    fn params(&self) -> Value {
        // The protocol counts bytes per second.
        json!({
            "offline": false,
            "latency": self.latency_ms,
            "downloadThroughput": self.down_bits_per_second / 8.0,
            "uploadThroughput": self.up_bits_per_second / 8.0,
        })
    }
}

/// The page of a browser and every worker it starts under [`Conditions`], their requests
/// recorded.
pub struct Throttled {
    pub cdp: Cdp,
    page_session: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

/// Applies `conditions` to a newly attached `session` and to the workers it will start, then
/// lets it run (it waits for the debugger until then, when it was auto-attached). Whatever a
/// target refuses, it is let go: a worker left paused would hang the page.
async fn throttle(cdp: &Cdp, session: &str, conditions: Conditions) -> Result<(), String> {
    let s = Some(session);
    let mut refused = Vec::new();
    for (method, params) in [
        ("Network.enable", json!({})),
        ("Network.emulateNetworkConditionsByRule", conditions.by_rule()),
        (
            "Target.setAutoAttach",
            json!({"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}),
        ),
    ] {
        if let Err(e) = cdp.call(s, method, params).await {
            refused.push(format!("{method}: {e}"));
        }
    }
    // The page was attached, not started paused: it answers with an error, harmlessly.
    let _ = cdp.call(s, "Runtime.runIfWaitingForDebugger", json!({})).await;
    if refused.is_empty() {
        Ok(())
    } else {
        Err(refused.join("; "))
    }
}

impl Throttled {
    /// Attaches to `browser`'s page and applies `conditions` to it and to every worker it starts
    /// from now on. Call before the page loads what is measured.
    pub async fn start(browser: &Browser, conditions: Conditions) -> Throttled {
        let (cdp, mut events) = Cdp::connect(&browser.devtools_url()).await;
        let page_session = cdp.attach_to_page().await;
        let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
        // Session → its target's type (`page`, `worker`…), which each request is labelled with.
        let kinds: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        kinds.lock().unwrap().insert(page_session.clone(), "page".into());

        let (recorder, recorded) = (cdp.clone(), requests.clone());
        tokio::spawn(async move {
            // (session, request id) → index in `recorded`, and the offset from the protocol's
            // monotonic timestamps (seconds) to the wall clock (ms), which only
            // `requestWillBeSent` gives.
            let mut index: HashMap<(String, String), (usize, f64)> = HashMap::new();
            while let Some(event) = events.recv().await {
                let session = event.session.clone().unwrap_or_default();
                let p = &event.params;
                let id = p["requestId"].as_str().unwrap_or_default().to_owned();
                match event.method.as_str() {
                    // Attaching to the page itself is told on the browser's session: it is
                    // throttled below. A worker is told on the session of who started it.
                    "Target.attachedToTarget" if event.session.is_some() => {
                        let worker = p["sessionId"].as_str().unwrap_or_default().to_owned();
                        let kind = p["targetInfo"]["type"].as_str().unwrap_or_default().to_owned();
                        kinds.lock().unwrap().insert(worker.clone(), kind);
                        // Not awaited here: its answers come through this very loop.
                        let cdp = recorder.clone();
                        tokio::spawn(async move {
                            if let Err(e) = throttle(&cdp, &worker, conditions).await {
                                eprintln!("throttling a worker: {e}");
                            }
                        });
                    }
                    "Network.requestWillBeSent" => {
                        let kind = kinds.lock().unwrap().get(&session).cloned().unwrap_or_default();
                        let request = Request::sent(p, &kind);
                        let offset = request.sent_ms - p["timestamp"].as_f64().unwrap_or(f64::NAN) * 1e3;
                        let mut all = recorded.lock().unwrap();
                        // A redirect reuses the id: the new entry takes over.
                        all.push(request);
                        index.insert((session, id), (all.len() - 1, offset));
                    }
                    "Network.responseReceived" => {
                        if let Some(&(i, offset)) = index.get(&(session, id)) {
                            let response = &p["response"];
                            let headers = response["headers"].as_object();
                            let content_encoding = headers
                                .and_then(|h| {
                                    h.iter()
                                        .find(|(k, _)| k.eq_ignore_ascii_case("content-encoding"))
                                        .and_then(|(_, v)| v.as_str())
                                })
                                .unwrap_or_default()
                                .to_owned();
                            recorded.lock().unwrap()[i].response = Some(Response {
                                status: response["status"].as_u64().unwrap_or(0) as u16,
                                content_encoding,
                                headers_ms: p["timestamp"].as_f64().unwrap_or(f64::NAN) * 1e3 + offset,
                                end_ms: None,
                                bytes: 0.0,
                            });
                        }
                    }
                    "Network.loadingFinished" => {
                        if let Some(&(i, offset)) = index.get(&(session, id)) {
                            if let Some(response) = recorded.lock().unwrap()[i].response.as_mut() {
                                response.end_ms = p["timestamp"].as_f64().map(|t| t * 1e3 + offset);
                                response.bytes = p["encodedDataLength"].as_f64().unwrap_or(0.0);
                            }
                        }
                    }
                    _ => {}
                }
            }
        });

        throttle(&cdp, &page_session, conditions).await.unwrap();
        Throttled {
            cdp,
            page_session,
            requests,
        }
    }

    /// The page's DevTools session, to send it commands of one's own.
    pub fn page_session(&self) -> &str {
        &self.page_session
    }

    /// Every request of the page and its workers recorded so far, in the order they were sent.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}
