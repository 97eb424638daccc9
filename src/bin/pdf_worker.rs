//! The PDF worker: a second WebAssembly module, run in a dedicated Web Worker, that builds the
//! letters with `sesame-core`'s PDF engine. The page starts it the first time a PDF is made
//! ([`sesame_app::pdf_job`]), so the engine (lopdf, font subsetting, QR codes) is neither in the
//! page's module nor downloaded before it is needed, and a long document is built off the main
//! thread. It also builds the ZIP of « Un PDF par classe » and the sheets' test page. It fetches
//! the fonts itself, once per worker: the core cuts as soon as it starts (every job needs them,
//! and a worker the page starts ahead of the first PDF has them ready by the click), the full
//! files only for a job that needs them. Messages: [`sesame_app::pdf_protocol`].

use std::cell::RefCell;
use std::thread::LocalKey;

use sesame_app::api;
use sesame_app::pdf_protocol::{Job, JobKind, Reply};
use sesame_core::pdf::{
    missing_chars, test_page, ClassZipBuilder, Fonts, LettersBuilder, MissingChar, PdfError,
};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Letters between two progress messages.
const CHUNK: usize = 250;

thread_local! {
    /// The fonts, fetched once per worker and kept for its life: the core cuts, then the full
    /// files if a job needs them.
    static CORE: RefCell<Option<Fonts>> = const { RefCell::new(None) };
    static FULL: RefCell<Option<Fonts>> = const { RefCell::new(None) };
    /// A download of each cut under way, awaited by everyone who needs it meanwhile: the
    /// worker's own start and a job that comes before it ends share one.
    static CORE_DOWNLOAD: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    static FULL_DOWNLOAD: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// Which files a set of fonts came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// `public/fonts/*-core.ttf`: Latin, Greek, Cyrillic and the letters' own signs, a third of
    /// the bytes (`cargo xtask core-fonts`). Every character they have is drawn as the full
    /// files draw it (checked by sesame-core's tests on the committed files).
    Core,
    /// The full DejaVu files.
    Full,
}

impl Cut {
    /// Where this cut's fonts are kept once fetched.
    fn cache(self) -> &'static LocalKey<RefCell<Option<Fonts>>> {
        match self {
            Cut::Core => &CORE,
            Cut::Full => &FULL,
        }
    }

    /// Where this cut's download under way is kept.
    fn download(self) -> &'static LocalKey<RefCell<Option<js_sys::Promise>>> {
        match self {
            Cut::Core => &CORE_DOWNLOAD,
            Cut::Full => &FULL_DOWNLOAD,
        }
    }

    /// The end of this cut's file names (`DejaVuSans-core.ttf`, `DejaVuSans.ttf`).
    fn file_suffix(self) -> &'static str {
        match self {
            Cut::Core => "-core",
            Cut::Full => "",
        }
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        // A worker has no Leptos runtime: each job is a plain task, its answer posted back.
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
    // Every job starts with the core cuts: fetch them now, while the page waits for a click.
    // Fire-and-forget: nothing waits for it.
    wasm_bindgen_futures::spawn_local(async {
        // A failure is the first job's to report: it fetches them again.
        let _ = fetch_fonts(Cut::Core).await;
    });
}

fn post(reply: &Reply, pdf: Option<&[u8]>) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let (message, transfer) = reply.to_message(pdf);
    // Posting to the page only fails for values that cannot be cloned, and these can.
    let _ = scope.post_message_with_transfer(&message, &transfer);
}

/// The fonts of one cut, fetched from the app's own `fonts/` folder the first time, or the
/// download already under way awaited.
async fn fetch_fonts(cut: Cut) -> Result<Fonts, String> {
    if let Some(fonts) = cut.cache().with(|f| f.borrow().clone()) {
        return Ok(fonts);
    }
    let download = cut.download().with(|d| {
        d.borrow_mut()
            .get_or_insert_with(|| {
                wasm_bindgen_futures::future_to_promise(async move {
                    download_fonts(cut)
                        .await
                        .map(|()| JsValue::UNDEFINED)
                        .map_err(|e| JsValue::from_str(&e))
                })
            })
            .clone()
    });
    let done = wasm_bindgen_futures::JsFuture::from(download).await;
    // Done either way: a failed download is tried again by the next job.
    cut.download().with(|d| d.borrow_mut().take());
    done.map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
    cut.cache()
        .with(|f| f.borrow().clone())
        .ok_or_else(|| "les polices manquent".to_owned())
}

/// Downloads one cut into its cache, the three files at once (one after the other, each waited
/// for, they took a second more on a school's link).
async fn download_fonts(cut: Cut) -> Result<(), String> {
    let suffix = cut.file_suffix();
    let fetch = |face: &'static str| async move {
        api::asset(&format!("/fonts/{face}{suffix}.ttf"))
            .await
            .map_err(|e| e.message())
    };
    let (regular, bold, mono) = futures_util::future::try_join3(
        fetch("DejaVuSans"),
        fetch("DejaVuSans-Bold"),
        fetch("DejaVuSansMono"),
    )
    .await?;
    let fonts = Fonts::new(regular, bold, mono).map_err(|e| e.to_string())?;
    cut.cache().with(|f| *f.borrow_mut() = Some(fonts));
    Ok(())
}

/// The fonts for `job`: the core cuts when they draw every name and text of its letters (nearly
/// always), else the full files — so a name is never drawn differently for having been cut.
async fn fonts_for(job: &Job) -> Result<(Fonts, Cut), String> {
    let core = fetch_fonts(Cut::Core).await?;
    if missing_chars(&core, &job.structure, &job.users, job.options.lang).is_empty() {
        Ok((core, Cut::Core))
    } else {
        Ok((fetch_fonts(Cut::Full).await?, Cut::Full))
    }
}

/// Builds `job`: its letters (saying how far it got after each chunk), its ZIP or its test page;
/// the last message is the file or the missing characters (or, from the caller, the error).
async fn run(job: Job) -> Result<(), String> {
    let (fonts, cut) = fonts_for(&job).await?;
    if job.preflight && cut == Cut::Full {
        // The core cuts draw everything they were asked: only the full files can lack a glyph.
        let missing = missing_chars(&fonts, &job.structure, &job.users, job.options.lang);
        if !missing.is_empty() {
            post(&Reply::Missing(missing), None);
            return Ok(());
        }
    }
    let built = match build(&job, &fonts) {
        // A character of the layouts' own texts that the core cuts lack (none today: the tests
        // would say): built again with the full files, never printed as a box.
        Ok(built) if cut == Cut::Core && !built.missing.is_empty() => {
            build(&job, &fetch_fonts(Cut::Full).await?)
        }
        Err(PdfError::MissingGlyphs(_)) if cut == Cut::Core => build(&job, &fetch_fonts(Cut::Full).await?),
        built => built,
    }
    .map_err(|e| e.to_string())?;
    post(&built.reply, Some(&built.bytes));
    Ok(())
}

/// A file built, with what the worker answers.
struct Built {
    reply: Reply,
    bytes: Vec<u8>,
    /// Characters printed as boxes (when the options print anyway).
    missing: Vec<MissingChar>,
}

fn build(job: &Job, fonts: &Fonts) -> Result<Built, PdfError> {
    match job.kind {
        JobKind::Letters => letters(job, fonts),
        JobKind::ClassZip => class_zip(job, fonts),
        JobKind::TestPage => {
            let bytes = test_page(&job.structure, fonts, job.options.layout, job.options.lang)
                .ok_or_else(|| PdfError::Write("pas de page de test pour le papier ordinaire".into()))??;
            Ok(Built {
                reply: Reply::Done { letters: 0, pages: 1 },
                bytes,
                missing: Vec::new(),
            })
        }
    }
}

fn letters(job: &Job, fonts: &Fonts) -> Result<Built, PdfError> {
    let mut builder = LettersBuilder::new(&job.structure, fonts, job.options.clone());
    let total = job.users.len();
    post(&Reply::Progress { done: 0, total }, None);
    for (users, groups) in job.users.chunks(CHUNK).zip(job.groups.chunks(CHUNK)) {
        builder.add_users(users.iter().zip(groups.iter().map(String::as_str)));
        let done = builder.letters();
        post(&Reply::Progress { done, total }, None);
    }
    let pdf = builder.finish()?;
    Ok(Built {
        reply: Reply::Done {
            letters: pdf.letters,
            pages: pdf.pages,
        },
        bytes: pdf.bytes,
        missing: pdf.missing,
    })
}

/// « Un PDF par classe »: the users come grouped; each group's PDF goes into the ZIP as it ends.
fn class_zip(job: &Job, fonts: &Fonts) -> Result<Built, PdfError> {
    let mut zip = ClassZipBuilder::new(&job.structure, fonts, job.options.clone());
    let total = job.users.len();
    post(&Reply::Progress { done: 0, total }, None);
    for (users, groups) in job.users.chunks(CHUNK).zip(job.groups.chunks(CHUNK)) {
        zip.add_users(users.iter().zip(groups.iter().map(String::as_str)))?;
        post(
            &Reply::Progress {
                done: zip.letters(),
                total,
            },
            None,
        );
    }
    let zip = zip.finish()?;
    Ok(Built {
        reply: Reply::Done {
            letters: zip.letters,
            pages: zip.files.len(),
        },
        bytes: zip.bytes,
        missing: zip.missing,
    })
}
