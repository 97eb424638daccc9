//! The built app served as plain static files, with no `sesame` process: Python's
//! `http.server` over `dist/`, as an administrator runs it from a USB stick (README, « Local
//! mode »). It knows no app routes: `/local.html` is a file, `/local` would be a 404.
//!
//! The server's own log of every request it answered is kept ([`StaticSite::requests`]): it
//! sees the requests of the page's workers too, which the browser's DevTools log of the page
//! does not.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A static server on a free port of 127.0.0.1, stopped when dropped.
pub struct StaticSite {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub url: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl StaticSite {
    /// Serves the folder `dir`.
    pub fn serve(dir: &Path) -> StaticSite {
        let port = crate::free_port();
        let log_dir = tempfile::tempdir().unwrap();
        let log = log_dir.path().join("requests.log");
        let child = Command::new("python3")
            // Unbuffered: each request is in the log as soon as it is answered.
            .args(["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory"])
            .arg(dir)
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("start python3 -m http.server: {e}"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the static server did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        StaticSite {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
            _dir: log_dir,
        }
    }

    /// Every request the server received so far, in order, as `(method, path)` — the path
    /// with its query, if any. Its log line reads `… "GET /local.html HTTP/1.1" 200 -`; a
    /// method it does not serve (a `POST`) is logged, and listed, too.
    pub fn requests(&self) -> Vec<(String, String)> {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        log.lines()
            .filter_map(|line| {
                let request = line.split('"').nth(1)?;
                let mut words = request.split(' ');
                Some((words.next()?.to_owned(), words.next()?.to_owned()))
            })
            .collect()
    }
}

impl Drop for StaticSite {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
