//! Where the school's directory on screen comes from — the server, or a file opened in this
//! browser — and so what the three steps offer besides the PDF. Its own file: the steps and
//! step 3 both read it, and neither should import the other for it.

use leptos::prelude::*;

use crate::api::SessionInfo;

/// Where the school's directory comes from, and so what the steps offer besides the PDF.
#[derive(Clone, Copy)]
pub enum Source {
    /// The server's directory, for the signed-in administrator: the distribution log (« Déjà
    /// distribués », « Marquer comme distribués ») and e-mail, which the server sends.
    Server(Signal<Option<SessionInfo>>),
    /// A file opened in this browser (`/local`): nothing reaches a server, so there is no
    /// distribution log and no e-mail — step 3 says why.
    LocalFile,
}

impl Source {
    /// Whether a distribution log exists (its filter, column and « Marquer comme distribués »).
    pub fn has_log(self) -> bool {
        matches!(self, Source::Server(_))
    }

    /// Whether the server sends e-mail (it said so at sign-in); never from a file.
    pub fn mail_enabled(self) -> bool {
        match self {
            Source::Server(session) => session.with(|s| s.as_ref().is_some_and(|s| s.mail_enabled)),
            Source::LocalFile => false,
        }
    }
}
