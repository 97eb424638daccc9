//! Request bodies that come too slowly are cut off: a client holding connections open by sending
//! its body a byte at a time (a « slow POST ») gets 408 and the connection closes, as the header
//! read timeout does for slow headers (`listener`).
//!
//! A body must keep a minimum pace, as Apache's `mod_reqtimeout` asks: after [`GRACE`], at least
//! [`MIN_BYTES_PER_SEC`] on average since its start, and never [`IDLE`] without a byte. The pace
//! is low enough for the largest body (a 20 MiB import) over a slow school link, and makes
//! holding a connection cost the holder a steady stream of bytes.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use http_body::Frame;
use tokio::time::{sleep_until, Instant, Sleep};

/// How long a body may take before the pace counts.
pub const GRACE: Duration = Duration::from_secs(10);
/// The average pace a body must keep after [`GRACE`].
pub const MIN_BYTES_PER_SEC: u64 = 1024;
/// The longest a body may go without a byte.
pub const IDLE: Duration = Duration::from_secs(10);

/// Middleware: the request's body keeps the pace or the answer is 408 (JSON, `Connection:
/// close`), whatever the handler made of the broken body.
pub async fn enforce(request: Request, next: Next) -> Response {
    let too_slow = Arc::new(AtomicBool::new(false));
    let request = {
        let too_slow = too_slow.clone();
        request.map(|body| Body::new(PacedBody::new(body, too_slow)))
    };
    let response = next.run(request).await;
    if !too_slow.load(Ordering::Relaxed) {
        return response;
    }
    tracing::info!("request body too slow: answered 408, connection closed");
    let mut response = crate::api::error_response(
        StatusCode::REQUEST_TIMEOUT,
        "request_timeout",
        "La requête est arrivée trop lentement : réessayez.".into(),
    );
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// A body that fails once it falls behind the pace, and says so in `too_slow`.
struct PacedBody {
    inner: Body,
    start: Instant,
    received: u64,
    deadline: Pin<Box<Sleep>>,
    too_slow: Arc<AtomicBool>,
}

impl PacedBody {
    fn new(inner: Body, too_slow: Arc<AtomicBool>) -> PacedBody {
        let start = Instant::now();
        PacedBody {
            inner,
            start,
            received: 0,
            deadline: Box::pin(sleep_until(start + GRACE.min(IDLE))),
            too_slow,
        }
    }

    /// When the next byte must have come: the pace's deadline for what came so far, and at
    /// most [`IDLE`] from now.
    fn next_deadline(&self) -> Instant {
        let paced = self.start + GRACE + Duration::from_millis(self.received * 1000 / MIN_BYTES_PER_SEC);
        paced.min(Instant::now() + IDLE)
    }
}

impl http_body::Body for PacedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                }
                let next = this.next_deadline();
                this.deadline.as_mut().reset(next);
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Pending => {
                if this.deadline.as_mut().poll(cx).is_ready() {
                    this.too_slow.store(true, Ordering::Relaxed);
                    return Poll::Ready(Some(Err(axum::Error::new("request body too slow"))));
                }
                Poll::Pending
            }
            other => other,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use axum::routing::post;
    use axum::Router;
    use tower::ServiceExt;

    use super::*;

    async fn read_all(body: String) -> String {
        body
    }

    /// A body whose bytes come when the test sends them.
    struct Trickle(tokio::sync::mpsc::Receiver<Bytes>);

    impl http_body::Body for Trickle {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            self.0
                .poll_recv(cx)
                .map(|bytes| bytes.map(|b| Ok(Frame::data(b))))
        }
    }

    fn app() -> Router {
        Router::new()
            .route("/", post(read_all))
            .layer(axum::middleware::from_fn(enforce))
    }

    /// A body sent a byte every three seconds: under the idle limit, behind the pace.
    #[tokio::test(start_paused = true)]
    async fn a_body_that_falls_behind_the_pace_gets_408() {
        let (sender, receiver) = tokio::sync::mpsc::channel(1);
        let request = Request::post("/").body(Body::new(Trickle(receiver))).unwrap();
        let trickle = tokio::spawn(async move {
            for _ in 0..100 {
                tokio::time::sleep(Duration::from_secs(3)).await;
                if sender.send(Bytes::from_static(b"x")).await.is_err() {
                    break;
                }
            }
        });
        let start = Instant::now();
        let response = app().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(response.headers()[header::CONNECTION], "close");
        let waited = start.elapsed();
        assert!(
            waited >= GRACE && waited < GRACE + Duration::from_secs(4),
            "{waited:?}"
        );
        trickle.abort();

        // A body that keeps the pace is read whole.
        let request = Request::post("/").body(Body::from("x".repeat(5000))).unwrap();
        let response = app().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
}
