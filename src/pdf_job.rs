//! Building the letters PDF, from the page's side: the PDF engine runs in a Web Worker (a second
//! WebAssembly module, `src/bin/pdf_worker.rs`) that the page starts the first time a PDF is made,
//! so the page's own module stays small and the page stays responsive while a long document is
//! built. This module hands the worker the selected accounts in order, relays its progress, and
//! cancels by terminating it. Messages: [`crate::pdf_protocol`].
//!
//! A worker that finished a job is kept for the next one (it keeps its fonts); a second PDF
//! asked for while one is being built gets a worker of its own. And the first worker need not
//! wait for the click: once the table is drawn and the browser idle, [`warm_up_when_idle`]
//! starts one, which downloads its module and the fonts' core cuts while the administrator
//! chooses — so on a school's slow link the first PDF costs the letters' drawing, not a
//! download. Not on a connection that asks to save data (or a cellular one, likely metered):
//! there the download waits for the click, as before.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use sesame_core::pdf::{group_label, zip_grouping, zip_order, MissingChar, PdfOptions};
use sesame_core::{School, Selection};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

pub use crate::pdf_protocol::JobKind;
use crate::pdf_protocol::{Job, Reply, WORKER_URL};

/// Identifies a build, to cancel it.
pub type JobId = u32;

/// How a build ended (`None` from [`build`] when cancelled).
pub enum Built {
    /// The preflight found characters no font prints (only when asked for).
    Missing(Vec<MissingChar>),
    /// The PDF, in a JS buffer (never copied into the page's module).
    Pdf {
        bytes: js_sys::Uint8Array,
        letters: usize,
        pages: usize,
    },
}

/// How a build ended: its result (`None` when cancelled), or why it failed.
type Ending = Result<Option<Built>, String>;

/// A build under way: its worker and how to wake the task awaiting it.
struct Running {
    id: JobId,
    worker: Worker,
    outcome: RefCell<Option<Ending>>,
    wake: RefCell<Option<js_sys::Function>>,
}

impl Running {
    /// Ends the build with `outcome` (the first call only).
    fn settle(&self, outcome: Ending) {
        if let Some(wake) = self.wake.take() {
            *self.outcome.borrow_mut() = Some(outcome);
            let _ = wake.call0(&JsValue::NULL);
        }
    }
}

thread_local! {
    static NEXT_ID: Cell<JobId> = const { Cell::new(1) };
    /// A worker that finished its job, ready for another.
    static IDLE: RefCell<Option<Worker>> = const { RefCell::new(None) };
    static RUNNING: RefCell<Vec<Rc<Running>>> = const { RefCell::new(Vec::new()) };
    /// A worker started ahead of the first PDF, until it says it is listening.
    static WARMING: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

/// Starts a worker ahead of the first PDF once the browser is idle (see the module's comment),
/// unless one is ready or starting, or the connection asks to save data.
pub fn warm_up_when_idle() {
    if has_worker() {
        return;
    }
    crate::browser::when_idle(|| {
        // Marked either way, for the benchmarks and the tests to tell what was decided.
        if crate::browser::saves_data() {
            crate::browser::mark("sesame:pdf-warm-up-skipped");
        } else {
            crate::browser::mark("sesame:pdf-warm-up");
            warm_up();
        }
    });
}

fn has_worker() -> bool {
    IDLE.with(|w| w.borrow().is_some()) || WARMING.with(|w| w.borrow().is_some())
}

fn warm_up() {
    if has_worker() {
        return;
    }
    // Without a worker now, the click will say why.
    let Ok(worker) = Worker::new(WORKER_URL) else {
        return;
    };
    // Its first message is « listening »: from then on it is an idle worker like any other.
    // A build that takes it before then sets its own handler, which gets that message instead.
    let on_ready = Closure::once_into_js(move |_: MessageEvent| {
        if let Some(worker) = WARMING.with(|w| w.borrow_mut().take()) {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            if let Some(spare) = IDLE.with(|w| w.borrow_mut().replace(worker)) {
                spare.terminate();
            }
        }
    });
    // A worker that could not start (its files did not come, on a flaky link) is dropped, so
    // that the click starts a fresh one and says why if that fails too — rather than wait for
    // a « listening » that will never come.
    let on_error = Closure::once_into_js(move |_: ErrorEvent| {
        if let Some(worker) = WARMING.with(|w| w.borrow_mut().take()) {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
    });
    worker.set_onmessage(Some(on_ready.unchecked_ref()));
    worker.set_onerror(Some(on_error.unchecked_ref()));
    WARMING.with(|w| *w.borrow_mut() = Some(worker));
}

/// A fresh id for [`build`] and [`cancel`].
pub fn next_id() -> JobId {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    })
}

/// Stops build `id`, if still running: its worker is terminated and [`build`] returns `None`.
pub fn cancel(id: JobId) {
    let running = RUNNING.with(|r| r.borrow().iter().find(|j| j.id == id).cloned());
    if let Some(job) = running {
        job.worker.terminate();
        job.settle(Ok(None));
    }
}

/// Builds the PDF of `indices` (already in selection order) in the worker, reporting progress
/// as `(done, total)` — or, by `kind`, the ZIP of one PDF per class (the accounts grouped by
/// [`zip_grouping`], each group's together in [`zip_order`]), or the sheet's test page. With
/// `preflight`, characters no font prints are returned instead when there are any. `None`
/// when [cancelled](cancel).
#[allow(clippy::too_many_arguments)]
pub async fn build(
    id: JobId,
    kind: JobKind,
    school: &School,
    indices: &[usize],
    selection: &Selection,
    options: PdfOptions,
    preflight: bool,
    progress: impl Fn(usize, usize) + 'static,
) -> Ending {
    let users = school.directory.users();
    let lang = options.lang;
    let label = |selection: &Selection, i: usize| group_label(&school.directory, i, selection, lang);
    let (users, groups) = match kind {
        JobKind::Letters => (
            indices.iter().map(|&i| users[i].clone()).collect(),
            indices.iter().map(|&i| label(selection, i)).collect(),
        ),
        JobKind::ClassZip => {
            let grouping = zip_grouping(selection);
            let labels: Vec<String> = indices.iter().map(|&i| label(&grouping, i)).collect();
            let order = zip_order(&labels);
            (
                order.iter().map(|&k| users[indices[k]].clone()).collect(),
                order.iter().map(|&k| labels[k].clone()).collect(),
            )
        }
        JobKind::TestPage => (Vec::new(), Vec::new()),
    };
    let job = Job {
        kind,
        structure: school.structure.clone(),
        users,
        groups,
        options,
        preflight,
    };
    let (worker, ready) = match IDLE.with(|w| w.borrow_mut().take()) {
        Some(worker) => (worker, true),
        // Started ahead of the click, not listening yet: this build's handler gets its
        // « listening » and sends the job then.
        None => match WARMING.with(|w| w.borrow_mut().take()) {
            Some(worker) => (worker, false),
            None => (Worker::new(WORKER_URL).map_err(|e| unavailable(&e))?, false),
        },
    };
    let mut wake = None;
    let done = js_sys::Promise::new(&mut |resolve, _| wake = Some(resolve));
    let running = Rc::new(Running {
        id,
        worker: worker.clone(),
        outcome: RefCell::new(None),
        wake: RefCell::new(wake),
    });
    let message = job.to_message();
    if ready {
        worker.post_message(&message).map_err(|e| unavailable(&e))?;
    }

    let on_message = {
        let running = running.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            match Reply::from_message(&event.data()) {
                Ok((Reply::Ready, _)) => {
                    if let Err(e) = running.worker.post_message(&message) {
                        running.settle(Err(unavailable(&e)));
                    }
                }
                Ok((Reply::Progress { done, total }, _)) => progress(done, total),
                Ok((Reply::Missing(missing), _)) => running.settle(Ok(Some(Built::Missing(missing)))),
                Ok((Reply::Done { letters, pages }, Some(bytes))) => running.settle(Ok(Some(Built::Pdf {
                    bytes,
                    letters,
                    pages,
                }))),
                Ok((Reply::Done { .. }, None)) => running.settle(Err("le PDF manque à la réponse".into())),
                Ok((Reply::Failed(message), _)) => running.settle(Err(message)),
                Err(e) => running.settle(Err(e)),
            }
        })
    };
    let on_error = {
        let running = running.clone();
        Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            running.worker.terminate();
            running.settle(Err(format!(
                "le générateur de PDF s’est arrêté : {}",
                event.message()
            )));
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    RUNNING.with(|r| r.borrow_mut().push(running.clone()));

    let _ = wasm_bindgen_futures::JsFuture::from(done).await;

    RUNNING.with(|r| r.borrow_mut().retain(|j| j.id != id));
    // No message may reach the closures once they are dropped.
    worker.set_onmessage(None);
    worker.set_onerror(None);
    let outcome = running.outcome.take().unwrap_or(Ok(None));
    match &outcome {
        // The worker finished its job cleanly: keep it, and its fonts, for the next one.
        Ok(Some(_)) => {
            if let Some(spare) = IDLE.with(|w| w.borrow_mut().replace(worker)) {
                spare.terminate();
            }
        }
        _ => worker.terminate(),
    }
    outcome
}

fn unavailable(error: &JsValue) -> String {
    format!("impossible de lancer le générateur de PDF : {error:?}")
}
