//! The connection loop of `sesame serve`, in place of `axum::serve`, for two things it cannot
//! do:
//! - **a header read timeout**: a client must send a request's headers within
//!   [`HEADER_READ_TIMEOUT`], or the connection closes (a « slowloris » holding connections with
//!   a header byte now and then). Bodies have their pace (`slow_bodies`);
//! - **hyper's own answers made the API's**: a request hyper cannot read (a malformed line: 400,
//!   a URI over 64 KiB: 414, too many or too large headers: 431) is answered by hyper itself,
//!   before any route or layer, with an empty body and no header but `date`. [`Io`] recognises
//!   that answer among the bytes hyper writes (a bare head of one of those statuses, nothing
//!   else — no answer of the router looks like that: each carries the security headers) and
//!   writes instead the API's JSON error with the security headers of every other answer
//!   (`security::security_headers`) and `Connection: close`.
//!
//! Otherwise it does what `axum::serve` did: HTTP/1.1 and HTTP/2 on each connection
//! (hyper-util's `auto` builder), the peer's address as `ConnectInfo` for `client::identify`,
//! and a graceful shutdown (no new connection; those open finish their requests).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tower::Service;

/// How long a client has to send a request's headers (also an idle keep-alive connection's
/// wait for the next request): a browser takes milliseconds.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The bytes that replace hyper's own answers, made once at start.
#[derive(Debug, Clone)]
pub struct LowLevelAnswers {
    answers: Arc<Vec<(u16, Vec<u8>)>>,
}

impl LowLevelAnswers {
    /// The answers for 400, 414 and 431: the API's JSON error, the security headers with `csp`.
    pub async fn new(csp: &HeaderValue) -> LowLevelAnswers {
        let mut answers = Vec::new();
        for status in [
            StatusCode::BAD_REQUEST,
            StatusCode::URI_TOO_LONG,
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        ] {
            answers.push((status.as_u16(), render(status, csp).await));
        }
        LowLevelAnswers {
            answers: Arc::new(answers),
        }
    }

    /// What to write instead of `written`, when it is hyper's own answer to an unreadable request.
    fn replacement(&self, written: &[u8]) -> Option<&[u8]> {
        let status = hypers_own_answer(written)?;
        self.answers
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, bytes)| bytes.as_slice())
    }
}

/// The whole HTTP/1.1 answer for `status`: head and JSON body.
async fn render(status: StatusCode, csp: &HeaderValue) -> Vec<u8> {
    let (parts, body) = crate::api::low_level(status).into_parts();
    let body = axum::body::to_bytes(body, 1 << 16)
        .await
        .expect("an error body in memory");
    let mut headers = parts.headers;
    for (name, value) in crate::security::security_headers(csp) {
        headers.insert(name, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    );
    for (name, value) in &headers {
        head.push_str(name.as_str());
        head.push_str(": ");
        head.push_str(value.to_str().expect("our own headers are ASCII"));
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

/// The status of `written` when it is an answer hyper made itself for a request it could not
/// read: an HTTP/1 head of status 400, 414 or 431, alone (hyper writes it with no body), with
/// no header but `content-length: 0`, `date` and `connection`.
fn hypers_own_answer(written: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(written).ok()?;
    let head = text.strip_suffix("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let rest = status_line.strip_prefix("HTTP/1.")?;
    let status: u16 = rest.get(2..5)?.parse().ok()?;
    if !matches!(status, 400 | 414 | 431) {
        return None;
    }
    let only_hypers = lines.all(|line| {
        let name = line.split(':').next().unwrap_or_default().to_ascii_lowercase();
        match name.as_str() {
            "content-length" => line.ends_with(": 0"),
            "date" | "connection" => true,
            _ => false,
        }
    });
    only_hypers.then_some(status)
}

/// A connection's bytes, with hyper's own error answers replaced ([`LowLevelAnswers`]).
pub struct Io<T> {
    inner: T,
    answers: LowLevelAnswers,
    /// Bytes of a replacement not written yet.
    pending: Vec<u8>,
}

impl<T: AsyncWrite + Unpin> Io<T> {
    pub fn new(inner: T, answers: LowLevelAnswers) -> Io<T> {
        Io {
            inner,
            answers,
            pending: Vec::new(),
        }
    }

    /// Writes what is pending of a replacement.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.pending.is_empty() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.pending.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Io<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Io<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        ready!(self.poll_pending(cx))?;
        if let Some(replacement) = self.answers.replacement(buf) {
            // Hyper's bytes count as written; ours go out instead, before anything else.
            self.pending = replacement.to_vec();
            let _ = self.poll_pending(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    // Not vectored: hyper then hands over each answer's head in one buffer, where a bare error
    // head can be recognised.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets open connections finish
/// their requests. `answers`: [`LowLevelAnswers::new`] with the app's CSP.
pub async fn serve<L>(
    mut listener: L,
    router: Router,
    answers: LowLevelAnswers,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()>
where
    L: axum::serve::Listener<Io = TcpStream, Addr = SocketAddr>,
{
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // The listener waits out its own accept errors (out of file descriptors, a client gone).
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            let mut router = router.clone();
            async move { router.call(request.map(Body::new)).await }
        });
        let io = TokioIo::new(Io::new(stream, answers.clone()));
        let connection = graceful.watch(builder.serve_connection(io, service).into_owned());
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hypers_bare_error_heads_are_recognised_and_nothing_else() {
        let date = "date: Fri, 04 Dec 2026 10:00:00 GMT";
        for (status, reason) in [
            (400, "Bad Request"),
            (414, "URI Too Long"),
            (431, "Request Header Fields Too Large"),
        ] {
            let head = format!("HTTP/1.1 {status} {reason}\r\ncontent-length: 0\r\n{date}\r\n\r\n");
            assert_eq!(hypers_own_answer(head.as_bytes()), Some(status));
        }
        for other in [
            format!("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n{date}\r\n\r\n"),
            format!("HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\n{date}\r\n\r\n"),
            "HTTP/1.1 400 Bad Request\r\ncontent-security-policy: x\r\ncontent-length: 0\r\n\r\n".to_owned(),
            "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n{}".to_owned(),
            "HTTP/1.1 400 Bad Request\r\n".to_owned(),
            "{\"error\": 1}".to_owned(),
        ] {
            assert_eq!(hypers_own_answer(other.as_bytes()), None, "{other}");
        }
    }

    #[tokio::test]
    async fn the_replacement_is_the_apis_json_error_with_the_security_headers() {
        let answers = LowLevelAnswers::new(&HeaderValue::from_static("default-src 'self'")).await;
        let hypers = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n";
        let ours = String::from_utf8(answers.replacement(hypers).unwrap().to_vec()).unwrap();
        assert!(
            ours.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
            "{ours}"
        );
        for header in [
            "content-type: application/json",
            "content-security-policy: default-src 'self'",
            "x-content-type-options: nosniff",
            "connection: close",
        ] {
            assert!(ours.contains(header), "{header} in {ours}");
        }
        let (head, body) = ours.split_once("\r\n\r\n").unwrap();
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{ours}"
        );
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["error"]["code"], "headers_too_large");
    }
}
