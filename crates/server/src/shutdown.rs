//! Stopping `sesame serve` without dropping work: on SIGTERM (what `systemctl stop` and
//! `restart` send) or SIGINT (Ctrl-C) alike, the server stops accepting connections, lets the
//! requests in flight finish, lets each outbox worker finish the message it is sending (or hand
//! back one it claimed and had not begun to send), and exits 0 — all within a bound
//! (`--shutdown-timeout-secs`, 30 s by default), after which whatever is left is cut off.
//!
//! - [`Signals`] waits for SIGTERM or SIGINT; installed before the server says it listens, so a
//!   signal that comes at once is handled too.
//! - [`Stop`] is what the parts that must stop (the listener, the outbox workers) watch.
//! - [`DrainingListener`] stops accepting without resetting connections the kernel has already
//!   accepted: closing a listening socket resets those, and a reverse proxy that has sent a
//!   `POST` on one cannot retry it elsewhere (it does not know whether it ran). So, once asked to
//!   stop, it serves what is already waiting and only then lets the socket close — from that
//!   moment a new connection is refused, which a proxy safely retries on another instance.
//! - [`InFlight`] counts the requests being handled, for the log.
//! - [`serve_until_signal`] puts them together.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// The bound without `--shutdown-timeout-secs`: what a slow request (a 20 MiB import) and an
/// SMTP send (whose commands time out after 30 s) may need, and under the `TimeoutStopSec=` of
/// the systemd units, after which systemd kills.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Whether the server has been asked to stop; cheap to clone, watched by every part that stops.
#[derive(Debug, Clone)]
pub struct Stop(watch::Receiver<bool>);

/// Asks the parts watching a [`Stop`] to stop.
#[derive(Debug)]
pub struct StopTrigger(watch::Sender<bool>);

impl Stop {
    /// A stop and what triggers it.
    pub fn new() -> (StopTrigger, Stop) {
        let (sender, receiver) = watch::channel(false);
        (StopTrigger(sender), Stop(receiver))
    }

    /// A stop that never comes (outbox workers in tests and benchmarks, stopped with their
    /// runtime).
    pub fn never() -> Stop {
        Stop(watch::channel(false).1)
    }

    pub fn is_requested(&self) -> bool {
        *self.0.borrow()
    }

    /// Completes once the stop is asked for (never, for [`Stop::never`]).
    pub async fn requested(&self) {
        let mut receiver = self.0.clone();
        if receiver.wait_for(|stop| *stop).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

impl StopTrigger {
    pub fn trigger(&self) {
        self.0.send_replace(true);
    }
}

/// SIGTERM and SIGINT, caught from the moment [`Signals::install`] returns.
pub struct Signals {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl Signals {
    pub fn install() -> Result<Signals, String> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let catch = |kind| signal(kind).map_err(|e| format!("cannot catch signals: {e}"));
            Ok(Signals {
                terminate: catch(SignalKind::terminate())?,
                interrupt: catch(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// The next signal's name.
    pub async fn next(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.terminate.recv() => "SIGTERM",
                _ = self.interrupt.recv() => "SIGINT",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}

/// A TCP listener that, once its [`Stop`] is asked for, hands out the connections the kernel
/// has already accepted and then none: its `drained` future (see [`DrainingListener::new`])
/// completes, which tells `axum::serve` to stop accepting and close the socket.
pub struct DrainingListener {
    listening: Listening,
    stop: Stop,
    drained: Option<oneshot::Sender<()>>,
}

enum Listening {
    /// Serving: accepted through tokio's reactor.
    Open(TcpListener),
    /// Stopping: accepted straight from the kernel's queue, whose "would block" is the one sure
    /// sign that nothing is waiting (the reactor may not have seen a connection that has just
    /// arrived).
    Draining(std::net::TcpListener),
    Gone,
}

impl DrainingListener {
    /// The listener, and a future that completes once it has nothing more to hand out after
    /// the stop (give it to `with_graceful_shutdown`).
    pub fn new(inner: TcpListener, stop: Stop) -> (DrainingListener, impl Future<Output = ()> + Send) {
        let (sender, receiver) = oneshot::channel();
        let listener = DrainingListener {
            listening: Listening::Open(inner),
            stop,
            drained: Some(sender),
        };
        (listener, async move {
            let _ = receiver.await;
        })
    }

    /// The next connection the kernel already holds, without waiting; `None` when there is none.
    fn next_waiting(&mut self) -> std::io::Result<Option<(TcpStream, SocketAddr)>> {
        if let Listening::Open(_) = self.listening {
            let Listening::Open(open) = std::mem::replace(&mut self.listening, Listening::Gone) else {
                unreachable!("just matched")
            };
            // Still non-blocking, as tokio left it.
            self.listening = Listening::Draining(open.into_std()?);
        }
        let Listening::Draining(draining) = &self.listening else {
            return Ok(None);
        };
        match draining.accept() {
            Ok((stream, peer)) => {
                stream.set_nonblocking(true)?;
                Ok(Some((TcpStream::from_std(stream)?, peer)))
            }
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(error) => Err(error),
        }
    }
}

impl axum::serve::Listener for DrainingListener {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TcpStream, SocketAddr) {
        loop {
            let accepted = if self.stop.is_requested() {
                match self.next_waiting() {
                    Ok(Some(connection)) => Ok(connection),
                    Ok(None) => {
                        if let Some(drained) = self.drained.take() {
                            let _ = drained.send(());
                        }
                        // axum stops calling once told; nothing more is ever handed out.
                        return std::future::pending().await;
                    }
                    Err(error) => Err(error),
                }
            } else {
                let Listening::Open(open) = &self.listening else {
                    unreachable!("open until the stop")
                };
                tokio::select! {
                    accepted = open.accept() => accepted,
                    () = self.stop.requested() => continue,
                }
            };
            match accepted {
                Ok(connection) => return connection,
                // The client gave up before it was accepted: nothing to do.
                Err(error) if is_connection_error(&error) => {}
                // Out of file descriptors, say: waiting beats spinning (as axum's own listener).
                Err(error) => {
                    tracing::error!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        match &self.listening {
            Listening::Open(open) => open.local_addr(),
            Listening::Draining(draining) => draining.local_addr(),
            Listening::Gone => Err(std::io::ErrorKind::NotConnected.into()),
        }
    }
}

fn is_connection_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        error.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

/// The number of requests being handled (a handler running, its answer not yet begun).
#[derive(Debug, Clone, Default)]
pub struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    /// Middleware: counts the request while it is handled.
    pub async fn track(State(in_flight): State<InFlight>, request: Request, next: Next) -> Response {
        struct Counted(InFlight);
        impl Drop for Counted {
            fn drop(&mut self) {
                self.0 .0.fetch_sub(1, Ordering::Relaxed);
            }
        }
        in_flight.0.fetch_add(1, Ordering::Relaxed);
        let _counted = Counted(in_flight);
        next.run(request).await
    }
}

/// Runs `server` (axum's, with `with_graceful_shutdown` tied to a [`DrainingListener`] on
/// `trigger`'s stop) until SIGTERM or SIGINT, then stops: `trigger` tells the listener and the
/// outbox `workers`, and both get until `bound` from the signal to finish; a second signal stops
/// waiting. Whatever is still running then is cut off and said in the log. `Ok` unless the
/// server failed by itself.
pub async fn serve_until_signal<F>(
    server: F,
    mut signals: Signals,
    trigger: StopTrigger,
    workers: Vec<JoinHandle<()>>,
    in_flight: InFlight,
    bound: Duration,
) -> Result<(), String>
where
    F: Future<Output = std::io::Result<()>> + Send + 'static,
{
    let mut server = tokio::spawn(server);
    let signal = tokio::select! {
        ended = &mut server => {
            return match ended {
                Ok(result) => result.map_err(|e| e.to_string()),
                Err(error) => Err(format!("the server stopped: {error}")),
            };
        }
        signal = signals.next() => signal,
    };
    let started = Instant::now();
    let deadline = started + bound;
    tracing::info!(
        signal,
        requests_in_flight = in_flight.count(),
        timeout_secs = bound.as_secs_f64(),
        "stopping: no new connections; finishing the requests in flight and the messages being sent"
    );
    trigger.trigger();
    crate::notify::notify("STOPPING=1");

    let mut cut = false;
    tokio::select! {
        finished = tokio::time::timeout_at(deadline, &mut server) => {
            if finished.is_err() {
                tracing::warn!(
                    requests_in_flight = in_flight.count(),
                    "stopping: connections still open after {} s, cut off",
                    bound.as_secs_f64()
                );
                cut = true;
            }
        }
        again = signals.next() => {
            tracing::warn!(signal = again, requests_in_flight = in_flight.count(), "stopping now: connections still open are cut off");
            cut = true;
        }
    }
    let workers_left = if cut { Instant::now() } else { deadline };
    let mut abandoned = 0;
    for mut worker in workers {
        if tokio::time::timeout_at(workers_left, &mut worker).await.is_err() {
            worker.abort();
            abandoned += 1;
        }
    }
    if abandoned > 0 {
        // Its lease ends and a worker (of another instance, or of this one restarted) takes the
        // message over, with the same Message-ID.
        tracing::warn!(
            workers = abandoned,
            "outbox: stopped while sending; the message is sent again once its lease ends"
        );
    }
    tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, "stopped");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stop_is_seen_by_every_clone_and_never_comes_for_never() {
        let (trigger, stop) = Stop::new();
        let other = stop.clone();
        assert!(!stop.is_requested());
        let waiting = tokio::spawn(async move { other.requested().await });
        trigger.trigger();
        waiting.await.unwrap();
        assert!(stop.is_requested());
        stop.requested().await;

        let never = Stop::never();
        let waited = tokio::time::timeout(Duration::from_millis(50), never.requested()).await;
        assert!(waited.is_err() && !never.is_requested());
    }

    /// Connections the kernel accepted before the stop are handed out, then none; the drained
    /// future completes only then.
    #[tokio::test]
    async fn the_listener_hands_out_waiting_connections_after_the_stop_then_none() {
        use axum::serve::Listener;

        let socket = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = socket.local_addr().unwrap();
        let (trigger, stop) = Stop::new();
        let (mut listener, drained) = DrainingListener::new(socket, stop);
        let mut drained = Box::pin(drained);
        // Two connections completed by the kernel, not yet accepted.
        let _a = std::net::TcpStream::connect(address).unwrap();
        let _b = std::net::TcpStream::connect(address).unwrap();
        trigger.trigger();
        for _ in 0..2 {
            tokio::time::timeout(Duration::from_secs(2), listener.accept())
                .await
                .expect("a waiting connection is handed out after the stop");
        }
        assert!(
            tokio::time::timeout(Duration::from_millis(20), &mut drained)
                .await
                .is_err(),
            "not drained before the listener found nothing"
        );
        let none = tokio::time::timeout(Duration::from_millis(100), listener.accept()).await;
        assert!(none.is_err(), "nothing more is handed out");
        tokio::time::timeout(Duration::from_secs(1), drained)
            .await
            .expect("drained once nothing was waiting");
    }
}
