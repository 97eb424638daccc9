//! The messages between local mode's page and its import worker (`src/bin/import_worker.rs`,
//! a third WebAssembly module, started by `/local` only), which reads the ENT's export with
//! core's own parser ([`sesame_core::import::parse_csv`]), so neither the page's module nor the
//! PDF worker carries the decoders and Unicode tables it needs.
//!
//! A conversation, one per file:
//!
//! 1. the worker starts and says [`Reply::Ready`];
//! 2. the page sends the file's bytes: the message `[json of Request, ArrayBuffer]`, the buffer
//!    transferred, not copied;
//! 3. the worker answers [`Reply::Parsed`] or [`Reply::Refused`] (or [`Reply::Failed`]), and
//!    the page terminates it: nothing of the file stays there.
//!
//! Both sides are in this browser, of the same origin, in memory: the file goes nowhere else.

use serde::{Deserialize, Serialize};
use sesame_core::wire::ImportMessage;
use sesame_core::User;
use wasm_bindgen::{JsCast, JsValue};

use crate::worker_message::read_json;

/// The worker's script, its loader (`public/workers/`, copied next to `import-worker.js` and its
/// module).
pub const WORKER_URL: &str = "/import-worker_loader.js";

/// What the page asks; the file's bytes are the message's second element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The file's name, for messages.
    pub name: String,
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// Listening: send the file.
    Ready,
    /// Every account of the file, in file order.
    Parsed {
        users: Vec<User>,
        /// Ignored columns, ignored children, doubtful addresses, each on its line; the page
        /// words them in its language ([`ImportMessage::text`]).
        warnings: Vec<ImportMessage>,
        /// « UTF-8 », « UTF-8 (BOM) » or « Windows-1252 ».
        encoding: String,
        delimiter: char,
    },
    /// The file is refused whole: one message for the file, or one per bad line (its number,
    /// whose line it is, and why).
    Refused(Vec<ImportMessage>),
    /// In French, for the administrator.
    Failed(String),
}

/// What to say of a message that holds no JSON.
const UNREADABLE: &str = "message du lecteur de fichier illisible";

impl Request {
    /// The message, and what to transfer with it (the file's bytes).
    pub fn to_message(&self, bytes: &js_sys::ArrayBuffer) -> (js_sys::Array, js_sys::Array) {
        let json = serde_json::to_string(self).expect("a request serialises");
        (
            js_sys::Array::of2(&JsValue::from(json), bytes),
            js_sys::Array::of1(bytes),
        )
    }

    /// The request and the file's bytes.
    pub fn from_message(data: &JsValue) -> Result<(Request, Vec<u8>), String> {
        let request = read_json(data, UNREADABLE, "demande")?;
        let bytes = js_sys::Array::from(data)
            .get(1)
            .dyn_into::<js_sys::ArrayBuffer>()
            .map_err(|_| "le fichier manque à la demande".to_owned())?;
        Ok((request, js_sys::Uint8Array::new(&bytes).to_vec()))
    }
}

impl Reply {
    pub fn to_message(&self) -> JsValue {
        let json = serde_json::to_string(self).expect("a reply serialises");
        js_sys::Array::of1(&JsValue::from(json)).into()
    }

    pub fn from_message(data: &JsValue) -> Result<Reply, String> {
        read_json(data, UNREADABLE, "réponse")
    }
}
