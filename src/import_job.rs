//! Reading the ENT's export, from local mode's side: the file's bytes go to a worker of their
//! own (`src/bin/import_worker.rs`, messages in [`crate::import_protocol`]) that runs core's
//! parser off the main thread — the page stays responsive over a large export, and its module
//! does not carry the parser. One worker per file, terminated once it has answered.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::import_protocol::{Reply, Request, WORKER_URL};

/// The worker's answer: [`Reply::Parsed`] or [`Reply::Refused`]; `Err` when it could not run.
pub async fn parse(name: &str, bytes: js_sys::ArrayBuffer) -> Result<Reply, String> {
    let worker = Worker::new(WORKER_URL).map_err(|e| unavailable(&e))?;
    let outcome: Rc<RefCell<Option<Result<Reply, String>>>> = Rc::new(RefCell::new(None));
    let mut wake = None;
    let done = js_sys::Promise::new(&mut |resolve, _| wake = Some(resolve));
    let wake = Rc::new(RefCell::new(wake));
    let settle = {
        let (outcome, wake) = (outcome.clone(), wake.clone());
        move |result: Result<Reply, String>| {
            if let Some(wake) = wake.borrow_mut().take() {
                *outcome.borrow_mut() = Some(result);
                let _ = wake.call0(&JsValue::NULL);
            }
        }
    };
    let request = Request {
        name: name.to_owned(),
    };
    let on_message = {
        let (worker, settle) = (worker.clone(), settle.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            match Reply::from_message(&event.data()) {
                Ok(Reply::Ready) => {
                    let (message, transfer) = request.to_message(&bytes);
                    if let Err(e) = worker.post_message_with_transfer(&message, &transfer) {
                        settle(Err(unavailable(&e)));
                    }
                }
                Ok(Reply::Failed(message)) => settle(Err(message)),
                Ok(reply) => settle(Ok(reply)),
                Err(e) => settle(Err(e)),
            }
        })
    };
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        settle(Err(format!(
            "la lecture du fichier s’est arrêtée : {}",
            event.message()
        )))
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    let _ = wasm_bindgen_futures::JsFuture::from(done).await;

    // The file's accounts are in the page now: nothing of it stays in the worker.
    worker.set_onmessage(None);
    worker.set_onerror(None);
    worker.terminate();
    let result = outcome.borrow_mut().take();
    result.unwrap_or_else(|| Err("la lecture du fichier s’est arrêtée".to_owned()))
}

fn unavailable(error: &JsValue) -> String {
    format!("impossible de lancer la lecture du fichier : {error:?}")
}
