//! The PDF worker: a second WebAssembly module, run in a dedicated Web Worker, that builds the
//! letters with `sesame-core`'s PDF engine. The page starts it the first time a PDF is made
//! ([`sesame_app::pdf_job`]), so the engine (lopdf, font subsetting, QR codes) is neither in the
//! page's module nor downloaded before it is needed, and a long document is built off the main
//! thread. It also builds the ZIP of « Un PDF par classe » and the sheets' test page. It fetches
//! the fonts itself, once per worker. Messages: [`sesame_app::pdf_protocol`].

use std::cell::RefCell;

use sesame_app::api;
use sesame_app::pdf_protocol::{Job, JobKind, Reply};
use sesame_core::pdf::{missing_chars, test_page, ClassZipBuilder, Fonts, LettersBuilder};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Letters between two progress messages.
const CHUNK: usize = 250;

thread_local! {
    /// The parsed fonts, kept for the worker's life once fetched.
    static FONTS: RefCell<Option<Fonts>> = const { RefCell::new(None) };
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        wasm_bindgen_futures::spawn_local(async move {
            let result = match Job::from_message(&event.data()) {
                Ok(job) => run(job).await,
                Err(e) => Err(e),
            };
            if let Err(message) = result {
                post(&Reply::Failed(message), None);
            }
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&Reply::Ready, None);
}

fn post(reply: &Reply, pdf: Option<&[u8]>) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let (message, transfer) = reply.to_message(pdf);
    // Posting to the page only fails for values that cannot be cloned, and these can.
    let _ = scope.post_message_with_transfer(&message, &transfer);
}

/// The fonts, fetched from the app's own `fonts/` folder the first time.
async fn fonts() -> Result<Fonts, String> {
    if let Some(fonts) = FONTS.with(|f| f.borrow().clone()) {
        return Ok(fonts);
    }
    let fetch = |name: &'static str| async move {
        api::asset(&format!("/fonts/{name}"))
            .await
            .map_err(|e| e.message())
    };
    let fonts = Fonts::new(
        fetch("DejaVuSans.ttf").await?,
        fetch("DejaVuSans-Bold.ttf").await?,
        fetch("DejaVuSansMono.ttf").await?,
    )
    .map_err(|e| e.to_string())?;
    FONTS.with(|f| *f.borrow_mut() = Some(fonts.clone()));
    Ok(fonts)
}

/// Builds `job`'s letters, saying how far it got after each chunk; the last message is the PDF
/// or the missing characters (or, from the caller, the error).
async fn run(job: Job) -> Result<(), String> {
    let fonts = fonts().await?;
    if job.preflight {
        let missing = missing_chars(&fonts, &job.structure, &job.users, job.options.lang);
        if !missing.is_empty() {
            post(&Reply::Missing(missing), None);
            return Ok(());
        }
    }
    match job.kind {
        JobKind::Letters => {}
        JobKind::TestPage => {
            let pdf = test_page(&job.structure, &fonts, job.options.layout, job.options.lang)
                .ok_or("pas de page de test pour le papier ordinaire")?
                .map_err(|e| e.to_string())?;
            post(&Reply::Done { letters: 0, pages: 1 }, Some(&pdf));
            return Ok(());
        }
        JobKind::ClassZip => return class_zip(job, &fonts),
    }
    let mut builder = LettersBuilder::new(&job.structure, &fonts, job.options);
    let total = job.users.len();
    post(&Reply::Progress { done: 0, total }, None);
    for (users, groups) in job.users.chunks(CHUNK).zip(job.groups.chunks(CHUNK)) {
        builder.add_users(users.iter().zip(groups.iter().map(String::as_str)));
        let done = builder.letters();
        post(&Reply::Progress { done, total }, None);
    }
    let pdf = builder.finish().map_err(|e| e.to_string())?;
    let reply = Reply::Done {
        letters: pdf.letters,
        pages: pdf.pages,
    };
    post(&reply, Some(&pdf.bytes));
    Ok(())
}

/// « Un PDF par classe »: the users come grouped; each group's PDF goes into the ZIP as it ends.
fn class_zip(job: Job, fonts: &Fonts) -> Result<(), String> {
    let mut zip = ClassZipBuilder::new(&job.structure, fonts, job.options);
    let total = job.users.len();
    post(&Reply::Progress { done: 0, total }, None);
    for (users, groups) in job.users.chunks(CHUNK).zip(job.groups.chunks(CHUNK)) {
        zip.add_users(users.iter().zip(groups.iter().map(String::as_str)))
            .map_err(|e| e.to_string())?;
        post(
            &Reply::Progress {
                done: zip.letters(),
                total,
            },
            None,
        );
    }
    let zip = zip.finish().map_err(|e| e.to_string())?;
    let reply = Reply::Done {
        letters: zip.letters,
        pages: zip.files.len(),
    };
    post(&reply, Some(&zip.bytes));
    Ok(())
}
