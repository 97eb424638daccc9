//! Telling systemd how the server is doing, for units of `Type=notify`: `READY=1` once it
//! listens — so `systemctl start` and `restart` return only then, and instances restarted one
//! after the other are never down together — and `STOPPING=1` when it begins to stop.
//!
//! The protocol (sd_notify(3)) is one datagram to the Unix socket `NOTIFY_SOCKET` names; without
//! that variable (not under systemd, or another `Type=`), nothing is sent.

use std::path::Path;

/// Sends `state` to systemd's notification socket, if there is one. A failure is only logged:
/// systemd then says the unit did not start in time, which names the problem well enough.
pub fn notify(state: &str) {
    let Some(socket) = std::env::var_os("NOTIFY_SOCKET") else {
        return;
    };
    #[cfg(unix)]
    if let Err(error) = notify_to(Path::new(&socket), state) {
        tracing::warn!(%error, state, "cannot tell systemd");
    }
    #[cfg(not(unix))]
    let _ = (socket, Path::new(state));
}

/// Sends `state` to the notification socket at `socket`: a path, or an abstract socket's name
/// after `@`.
#[cfg(unix)]
pub fn notify_to(socket: &Path, state: &str) -> std::io::Result<()> {
    use std::os::unix::net::UnixDatagram;
    let sender = UnixDatagram::unbound()?;
    let name = socket.as_os_str().as_encoded_bytes();
    match name.strip_prefix(b"@") {
        #[cfg(target_os = "linux")]
        Some(abstract_name) => {
            use std::os::linux::net::SocketAddrExt;
            let address = std::os::unix::net::SocketAddr::from_abstract_name(abstract_name)?;
            sender.send_to_addr(state.as_bytes(), &address)?;
        }
        _ => {
            sender.send_to(state.as_bytes(), socket)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_one_datagram_to_the_socket() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify");
        let systemd = std::os::unix::net::UnixDatagram::bind(&path).unwrap();
        notify_to(&path, "READY=1").unwrap();
        let mut buffer = [0u8; 64];
        let n = systemd.recv(&mut buffer).unwrap();
        assert_eq!(&buffer[..n], b"READY=1");
    }
}
