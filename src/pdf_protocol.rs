//! The messages between the page and the PDF worker (`src/bin/pdf_worker.rs`, built by Trunk
//! as a second WebAssembly module, fetched the first time a PDF is made).
//!
//! The page keeps the directory; the worker owns the PDF engine (lopdf, font subsetting, QR
//! codes), so the page's module never links it. A conversation:
//!
//! 1. the worker starts and says [`Reply::Ready`] (a message sent before its handler is set
//!    would be lost: its module loads asynchronously);
//! 2. the page sends one [`Job`];
//! 3. the worker answers [`Reply::Progress`] after each chunk of letters, then exactly one of
//!    [`Reply::Missing`], [`Reply::Done`] or [`Reply::Failed`], and is ready for another job.
//!
//! Cancelling is the page terminating the worker. Every message is a JS array whose first
//! element is the JSON of a [`Job`] or [`Reply`]; after [`Reply::Done`] comes the PDF, an
//! `ArrayBuffer` transferred rather than copied. Activation codes are in the job's users: they
//! go from the page to a worker of the same origin, in memory, and nowhere else.

use serde::{Deserialize, Serialize};
use sesame_core::pdf::{MissingChar, PdfOptions};
use sesame_core::{Structure, User};
use wasm_bindgen::{JsCast, JsValue};

use crate::worker_message::read_json;

/// The worker's script, its loader (`public/workers/`, copied next to `pdf-worker.js` and its
/// module).
pub const WORKER_URL: &str = "/pdf-worker_loader.js";

/// What a job builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum JobKind {
    /// One PDF of every letter.
    #[default]
    Letters,
    /// « Un PDF par classe »: a ZIP of one PDF per group (the users come grouped).
    ClassZip,
    /// The sheet's « page de test » (no users).
    TestPage,
}

/// Letters to build, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub kind: JobKind,
    pub structure: Structure,
    /// The accounts, in the selection's order.
    pub users: Vec<User>,
    /// Each account's group label ([`sesame_core::pdf::group_label`]), same length as `users`.
    pub groups: Vec<String>,
    pub options: PdfOptions,
    /// Check the characters first and answer [`Reply::Missing`] rather than build when some
    /// cannot be printed.
    pub preflight: bool,
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// Listening: send a [`Job`].
    Ready,
    /// `done` of `total` letters drawn.
    Progress { done: usize, total: usize },
    /// The preflight found characters no font prints; nothing was built.
    Missing(Vec<MissingChar>),
    /// The PDF (or the ZIP) is the message's second element; `pages` counts the ZIP's files.
    Done { letters: usize, pages: usize },
    /// In French, for the administrator.
    Failed(String),
}

/// A message: `[json]`, or `[json, buffer]` (then `buffer` must be transferred).
fn message(json: String, buffer: Option<&js_sys::ArrayBuffer>) -> js_sys::Array {
    let message = js_sys::Array::of1(&JsValue::from(json));
    if let Some(buffer) = buffer {
        message.push(buffer);
    }
    message
}

/// What to say of a message that holds no JSON.
const UNREADABLE: &str = "message du générateur de PDF illisible";

impl Job {
    pub fn to_message(&self) -> JsValue {
        let json = serde_json::to_string(self).expect("a job serialises");
        message(json, None).into()
    }

    pub fn from_message(data: &JsValue) -> Result<Job, String> {
        read_json(data, UNREADABLE, "travail")
    }
}

impl Reply {
    /// The message, and what to transfer with it: `pdf` goes with [`Reply::Done`] only.
    pub fn to_message(&self, pdf: Option<&[u8]>) -> (js_sys::Array, js_sys::Array) {
        let json = serde_json::to_string(self).expect("a reply serialises");
        let buffer = pdf.map(|bytes| js_sys::Uint8Array::from(bytes).buffer());
        let transfer = buffer.iter().cloned().collect::<js_sys::Array>();
        (message(json, buffer.as_ref()), transfer)
    }

    /// The reply and, for [`Reply::Done`], the PDF.
    pub fn from_message(data: &JsValue) -> Result<(Reply, Option<js_sys::Uint8Array>), String> {
        let reply = read_json(data, UNREADABLE, "réponse")?;
        let pdf = js_sys::Array::from(data)
            .get(1)
            .dyn_into::<js_sys::ArrayBuffer>()
            .ok()
            .map(|buffer| js_sys::Uint8Array::new(&buffer));
        Ok((reply, pdf))
    }
}
