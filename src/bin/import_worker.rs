//! Local mode's import worker: a WebAssembly module of its own, run in a dedicated Web Worker,
//! that reads the ENT's export with `sesame-core`'s parser — the one `sesame import` runs —
//! and answers with the accounts or every bad line. Only `/local` starts it, once per file, and
//! terminates it after its answer. Messages: [`sesame_app::import_protocol`].

use sesame_app::import_protocol::{Reply, Request};
use sesame_core::import::parse_csv;
use sesame_core::wire::ImportMessage;
use sesame_core::{local, SchoolTimeZone};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let reply = match Request::from_message(&event.data()) {
            Ok((_, bytes)) => read(&bytes),
            Err(e) => Reply::Failed(e),
        };
        post(&reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&Reply::Ready);
}

fn post(reply: &Reply) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    // Posting to the page only fails for values that cannot be cloned, and a string can.
    let _ = scope.post_message(&reply.to_message());
}

/// The file's accounts, or why it is refused. A date the file does not give is now's (the
/// server does the same at import).
fn read(bytes: &[u8]) -> Reply {
    match parse_csv(bytes, SchoolTimeZone::EuropeParis) {
        Ok(report) => {
            let now = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
            Reply::Parsed {
                users: local::accounts(report.users, now),
                warnings: report.warnings.iter().map(ImportMessage::from).collect(),
                encoding: report.encoding.to_string(),
                delimiter: report.delimiter,
            }
        }
        Err(error) => Reply::Refused(sesame_core::wire::ImportMessage::of_refusal(&error)),
    }
}
