//! Benchmark: a cold start on a slow school link, in a real headless Chromium.
//!
//! The network of the page *and* of the PDF worker it starts is throttled through the DevTools
//! protocol ([`sesame_testkit::cdp::Throttled`]: 10 Mbit/s, 40 ms added to every request), the
//! cache is empty (a fresh browser profile per run). On a 2,000-account school served by the
//! real `sesame serve`, each run measures:
//!
//! 1. **the sign-in form painted**: from the navigation's start to the first paint, which is the
//!    sign-in form the page's HTML draws (seen, filled and sent before the module arrives);
//! 2. **the table**: from the navigation's start to the table's first row, for an administrator
//!    who fills that form and sends it the moment it can be sent (the page's script there, what
//!    a person typing would wait for anyway): the sign-in and the directory download while the
//!    page's WebAssembly does, then the module compiled and started, the directory's JSON read,
//!    the school prepared, the first render; and on to step 3 drawn (its WebAssembly chunk,
//!    fetched once the steps are drawn);
//! 3. **first PDF**: one class of 300 pupils selected, the administrator spending 3 s on steps
//!    1–2 from the table's first row, then from the click on « Générer le PDF » to the download
//!    link. The page starts the PDF worker once idle, so its script, WebAssembly and fonts are
//!    normally in before the click; the figures say how many bytes came before it and after.
//!
//! The targets: (1) ≤ 200 ms, (2) ≤ 700 ms, (3) ≤ 300 ms. It prints the median and the spread of
//! each figure over the runs, and where the time went; it never fails on a figure. The server
//! keeps the directory's serialised and compressed body once asked: every run after
//! the first finds it ready, as the administrators after the first one of a school do.
//!
//! Run with `cargo xtask bench-app` (which builds what it drives), or after building them
//! `cargo bench --profile dev -p sesame-app --bench cold_start` with `SESAME_BIN`, `SESAME_DIST`
//! and `CHROMEDRIVER` as for the end-to-end tests; `SESAME_BENCH_RUNS` sets the number of runs
//! (default 3).
//!
//! The times come from the page's own clock: a script DevTools adds before the page's own
//! (`Page.addScriptToEvaluateOnNewDocument`, which the page's CSP does not govern) notes when each
//! element first appears and when each button is clicked. The page's Resource Timing and the
//! app's `sesame:*` performance marks split them; DevTools' network events (the only ones that
//! see the worker's own requests) split the PDF's.

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::time::Duration;

    use serde_json::{json, Value};
    use sesame_testkit::browser::{bench_setting, Browser, Request};
    use sesame_testkit::cdp::{Conditions, Throttled};
    use sesame_testkit::school::{ent_csv, seed_csv};
    use sesame_testkit::{Server, Sesame, PASSWORD};

    /// The school link of the issue. Upload is not the issue's subject; as fast as download.
    const LINK: Conditions = Conditions {
        latency_ms: 40.0,
        down_bits_per_second: 10e6,
        up_bits_per_second: 10e6,
    };

    const CLASSES: [&str; 5] = ["CE1 A", "CE2 A", "CM1 A", "CM2 A", "CP A"];
    /// Pupils per class: the first PDF is one class's, with the pupils' profile alone.
    const PUPILS_PER_CLASS: usize = 300;
    const RELATIVES: usize = 480;
    const TEACHERS: usize = 20;

    /// A 2,000-account school as the ENT exports it (the columns of
    /// [`sesame_testkit::school::ent_csv`]; not [`sesame_testkit::school::school_csv`], whose
    /// classes are not of the size measured here):
    /// 1,500 pupils in five classes of 300, 480 relatives with an e-mail address and their child,
    /// 20 teachers. No pupil activated yet, so each has a letter: the start of the year.
    fn school_csv() -> String {
        const LAST: [&str; 8] = [
            "Martin", "Dupré", "Nguyễn", "Lefèvre", "Diallo", "García", "Müller", "Le Gall",
        ];
        const FIRST: [&str; 8] = ["Zoé", "Émile", "Inès", "Noé", "Camille", "Théo", "Léa", "Jules"];
        let mut csv = ent_csv("");
        let name = |i: usize| (LAST[i % LAST.len()], FIRST[(i / LAST.len()) % FIRST.len()]);
        for i in 0..CLASSES.len() * PUPILS_PER_CLASS {
            let (last, first) = name(i);
            let class = CLASSES[i % CLASSES.len()];
            csv.push_str(&format!(
                ";Élève;{last};{first};eleve.{i:04};EL{i:04}X{:02};{class};;01/09/2025;non;non;\n",
                i % 97
            ));
        }
        for i in 0..RELATIVES {
            let (last, first) = name(i);
            let class = CLASSES[i % CLASSES.len()];
            csv.push_str(&format!(
                ";Parent;{last};Parent{i:03};parent.{i:03};PA{i:03}RE;;parent.{i:03}@example.fr;01/09/2025;non;non;{first} {last} ({class})\n"
            ));
        }
        for i in 0..TEACHERS {
            let class = CLASSES[i % CLASSES.len()];
            csv.push_str(&format!(
                ";Enseignant;Prof{i};Anne;prof.{i:02};PR{i:02}OF;{class};prof.{i:02}@example.fr;15/08/2024;non;non;\n"
            ));
        }
        csv
    }

    /// Added before the page's own scripts: notes, on the page's clock (ms since the
    /// navigation's start), when each element first appears and each button is clicked; and
    /// signs in with the page's own form (`LOGIN`, `PASSWORD` replaced) as soon as it can be sent:
    /// once the page's scripts have run (`DOMContentLoaded`), when its button is enabled.
    const WATCH: &str = r#"(() => {
        const t = window.__sesameBench = {};
        document.addEventListener('DOMContentLoaded', () => {
            const button = document.querySelector('[data-testid=static-login-submit]');
            if (!button || button.disabled) { t.notSendable = performance.now(); return; }
            document.getElementById('boot-login').value = 'LOGIN';
            document.getElementById('boot-password').value = 'PASSWORD';
            t.submit = performance.now();
            button.click();
        });
        const seen = (name, css) => { if (!(name in t) && document.querySelector(css)) t[name] = performance.now(); };
        new MutationObserver(() => {
            seen('firstRow', '[data-testid=user-row]');
            seen('stepThree', '[data-testid=generate-pdf]');
            seen('pdfReady', '[data-testid=pdf-ready]');
        }).observe(document, { subtree: true, childList: true });
        // Capturing, so the time is the click's, before the app's own handler runs.
        document.addEventListener('click', e => {
            const el = e.target.closest && e.target.closest('[data-testid]');
            const id = el && el.getAttribute('data-testid');
            if (id === 'generate-pdf' && !('generate' in t)) t.generate = performance.now();
        }, true);
    })();"#;

    /// What the page knows at the end of a run.
    const REPORT: &str = r#"const pdf = document.querySelector('[data-testid=pdf-ready]');
        return {
            t: window.__sesameBench,
            origin: performance.timeOrigin,
            summary: pdf ? pdf.parentElement.textContent.trim() : '',
            document: performance.getEntriesByType('navigation').map(n => ({ end: n.responseEnd, bytes: n.transferSize }))[0],
            marks: Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime])),
            firstPaint: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
            resources: performance.getEntriesByType('resource').map(r => ({ name: r.name, start: r.startTime,
                end: r.responseEnd, bytes: r.transferSize }))
        };"#;

    /// One run's figures, in ms from the events named (NaN when the page did not say).
    #[derive(Debug, Default, Clone)]
    struct Run {
        // 1. The sign-in form.
        /// The first contentful paint: the HTML's own sign-in form.
        form_painted: f64,
        /// The form sent: the page's scripts have run and its button is enabled.
        sent: f64,
        document_end: f64,
        // 2. The table, all from the navigation's start.
        /// The sign-in's answer in.
        signed_in: f64,
        /// The API calls from the form sent to the directory asked for.
        api_calls: usize,
        directory_asked: f64,
        directory_end: f64,
        directory_wait: f64,
        directory_bytes: f64,
        directory_encoding: String,
        /// Everything downloaded before the module started: the page, its WebAssembly, the
        /// sign-in and the directory share the link.
        page_bytes: f64,
        wasm_end: f64,
        /// `sesame:mounted`: the WebAssembly compiled (what streaming compilation had not),
        /// instantiated, the app started.
        mounted: f64,
        /// From the directory both in and asked for by the app to its JSON read.
        json: f64,
        prepare: f64,
        render: f64,
        /// The table's first row: the figure of the target.
        table: f64,
        /// From the table's first row to step 3 drawn (its chunk fetched once the steps are).
        step_three: f64,
        step_three_bytes: f64,
        // 3. First PDF.
        pdf: f64,
        /// The worker's files and fonts downloaded before the click (started when the page was
        /// idle) and after it.
        worker_bytes_ahead: f64,
        worker_bytes: f64,
        /// From the click to the last byte of the worker's files and fonts fetched after it (0
        /// when none was).
        worker_download: f64,
        /// From that last byte to the link: the worker's compile and start, the fonts parsed, the
        /// letters built.
        generation: f64,
        summary: String,
        /// The rate the largest download actually got, in Mbit/s: DevTools' throttling is not
        /// exact, and the figures above are only as slow as it is.
        rate_mbits: f64,
    }

    fn num(v: &Value) -> f64 {
        v.as_f64().unwrap_or(f64::NAN)
    }

    fn end_ms(r: &Request) -> Option<f64> {
        r.response.as_ref().and_then(|response| response.end_ms)
    }

    fn file_name(url: &str) -> &str {
        url.rsplit('/').next().unwrap_or(url)
    }

    async fn run(server: &Server) -> Run {
        let browser = Browser::start().await;
        let throttled = Throttled::start(&browser, LINK).await;
        let page_session = Some(throttled.page_session());
        throttled
            .cdp
            .call(page_session, "Page.enable", json!({}))
            .await
            .unwrap();
        throttled
            .cdp
            .call(
                page_session,
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": WATCH.replace("LOGIN", "direction").replace("PASSWORD", PASSWORD) }),
            )
            .await
            .unwrap();
        browser.goto(&format!("{}/login", server.url)).await;
        let sendable = "return !('notSendable' in (window.__sesameBench || {}))";
        assert_eq!(
            browser.script(sendable).await,
            json!(true),
            "the page's own form could not be sent once its scripts had run"
        );
        browser.wait_for("[data-testid=user-row]").await;
        let table_shown = std::time::Instant::now();
        // One class, its pupils: 300 letters. The classes are listed in order, CE1 A first.
        browser.click("[data-testid=filter-class]").await;
        browser.click("[data-testid=filter-profile-Student]").await;
        browser
            .wait_text("[data-testid=selected-count]", &PUPILS_PER_CLASS.to_string())
            .await;
        // An administrator's 3 s on steps 1–2, from the table's first row.
        tokio::time::sleep(Duration::from_secs(3).saturating_sub(table_shown.elapsed())).await;
        browser.click("[data-testid=generate-pdf]").await;
        browser
            .wait_for_at_most("[data-testid=pdf-ready]", Duration::from_secs(120))
            .await;
        let page = browser.script(REPORT).await;
        let requests = throttled.requests();
        browser.close().await;
        figures(&page, &requests)
    }

    /// A run's figures from what the page and DevTools recorded.
    fn figures(page: &Value, requests: &[Request]) -> Run {
        let t = &page["t"];
        let origin = num(&page["origin"]);
        let resources = page["resources"].as_array().cloned().unwrap_or_default();
        let find = |pattern: &dyn Fn(&str) -> bool| {
            resources
                .iter()
                .find(|r| pattern(r["name"].as_str().unwrap_or_default()))
        };
        let (submit, first_row) = (num(&t["submit"]), num(&t["firstRow"]));
        let (generate, pdf_ready) = (num(&t["generate"]), num(&t["pdfReady"]));
        let mark = |name: &str| num(&page["marks"][name]);

        let mut run = Run {
            form_painted: num(&page["firstPaint"]),
            sent: submit,
            table: first_row,
            pdf: pdf_ready - generate,
            summary: page["summary"].as_str().unwrap_or_default().to_owned(),
            ..Run::default()
        };

        // 1. The page, and everything downloaded before the module started.
        run.document_end = num(&page["document"]["end"]);
        run.mounted = mark("sesame:mounted");
        run.page_bytes = num(&page["document"]["bytes"])
            + resources
                .iter()
                .filter(|r| num(&r["end"]) <= run.mounted)
                .map(|r| num(&r["bytes"]))
                .sum::<f64>();
        if let Some(wasm) = find(&|n| n.ends_with("_bg.wasm") && !n.contains("-worker")) {
            run.wasm_end = num(&wasm["end"]);
        }

        // 2. The sign-in, the directory, and what came after both.
        if let Some(session) = find(&|n| n.ends_with("/api/session")) {
            run.signed_in = num(&session["end"]);
        }
        if let Some(users) = find(&|n| n.ends_with("/users")) {
            run.directory_asked = num(&users["start"]);
            run.directory_end = num(&users["end"]);
            run.api_calls = resources
                .iter()
                .filter(|r| r["name"].as_str().unwrap_or_default().contains("/api/"))
                .filter(|r| (submit..run.directory_asked).contains(&num(&r["start"])))
                .count();
            run.directory_bytes = num(&users["bytes"]);
            let parsed = mark("sesame:directory-parsed");
            let ready = mark("sesame:school-ready");
            run.json = parsed - run.directory_end.max(mark("sesame:directory-requested"));
            run.prepare = ready - parsed;
            run.render = first_row - ready;
        }
        run.step_three = num(&t["stepThree"]) - first_row;
        if let Some(chunk) = find(&|n| n.ends_with("_distribute.wasm")) {
            run.step_three_bytes = num(&chunk["bytes"]);
        }
        // The directory's round trip from DevTools, whose throttling adds the latency: the page's
        // Resource Timing counts it before `responseStart` only in part.
        if let Some((sent, response)) = requests
            .iter()
            .find(|r| r.url.ends_with("/users"))
            .and_then(|r| Some((r.sent_ms, r.response.as_ref()?)))
        {
            run.directory_wait = response.headers_ms - sent;
            run.directory_encoding = response.content_encoding.clone();
        }

        // 3. The worker's files (its loader, script and WebAssembly, the page fetching the first,
        // the worker the rest) and the fonts it fetches, before the click and after it.
        let clicked = origin + generate;
        let all_worker_files: Vec<&Request> = requests
            .iter()
            .filter(|r| r.target == "worker" || r.url.contains("-worker"))
            .filter(|r| !r.url.starts_with("blob:"))
            .collect();
        let bytes = |files: &mut dyn Iterator<Item = &&Request>| -> f64 {
            // `+ 0.0`: an empty float sum is -0, printed « -0 KB ».
            files
                .filter_map(|r| r.response.as_ref())
                .map(|r| r.bytes)
                .sum::<f64>()
                + 0.0
        };
        run.worker_bytes_ahead = bytes(&mut all_worker_files.iter().filter(|r| r.sent_ms < clicked - 1.0));
        let worker_files: Vec<&Request> = all_worker_files
            .iter()
            .copied()
            .filter(|r| r.sent_ms >= clicked - 1.0)
            .collect();
        run.worker_bytes = bytes(&mut worker_files.iter());
        let last_end = worker_files
            .iter()
            .filter_map(|r| end_ms(r))
            .fold(f64::NAN, f64::max)
            - origin;
        let last_end = if last_end.is_nan() { generate } else { last_end };
        run.worker_download = last_end - generate;
        run.generation = pdf_ready - last_end;
        if all_worker_files.iter().all(|r| r.target != "worker") {
            eprintln!("  DevTools saw no request of the worker itself: is it throttled?");
        }
        if let Some((bytes, ms)) = requests
            .iter()
            .filter_map(|r| r.response.as_ref())
            .filter_map(|r| r.end_ms.map(|end| (r.bytes, end - r.headers_ms)))
            .max_by(|a, b| a.0.total_cmp(&b.0))
        {
            run.rate_mbits = bytes * 8.0 / ms / 1e3;
        }
        // The big ones, and the worker's files (DevTools tells the page's session of the worker
        // loader's request, but of no response to it: shown as `?`).
        for r in requests.iter().filter(|r| {
            r.url.contains(".wasm")
                || r.url.ends_with("/users")
                || all_worker_files.iter().any(|w| w.url == r.url)
        }) {
            let response = r.response.as_ref();
            eprintln!(
                "    {:<6} {:>6.0} KB {:<4} sent at {:>6.0} ms, {:>5.0} ms to its last byte  {}",
                r.target,
                response.map_or(f64::NAN, |r| r.bytes / 1e3),
                response.map_or("?", |r| if r.content_encoding.is_empty() {
                    "-"
                } else {
                    &r.content_encoding
                }),
                r.sent_ms - origin,
                end_ms(r).unwrap_or(f64::NAN) - r.sent_ms,
                file_name(&r.url)
            );
        }
        run
    }

    /// The median and the range of `field` over the runs, NaN left out.
    fn spread(runs: &[Run], field: impl Fn(&Run) -> f64) -> (f64, f64, f64) {
        let mut values: Vec<f64> = runs.iter().map(field).filter(|v| !v.is_nan()).collect();
        if values.is_empty() {
            return (f64::NAN, f64::NAN, f64::NAN);
        }
        values.sort_by(f64::total_cmp);
        (values[values.len() / 2], values[0], values[values.len() - 1])
    }

    fn ms(v: f64) -> String {
        if v.is_nan() {
            "—".into()
        } else {
            format!("{v:.0} ms")
        }
    }

    fn kb(v: f64) -> String {
        if v.is_nan() {
            "—".into()
        } else {
            format!("{:.0} KB", v / 1e3)
        }
    }

    #[tokio::main]
    pub async fn main() {
        let runs = bench_setting("SESAME_BENCH_RUNS", 3);
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("school.csv");
        std::fs::write(&csv, school_csv()).unwrap();
        let server = Server::app(&seed_csv(&Sesame::from_env(), dir.path(), &csv));

        let mut all = Vec::new();
        for i in 0..runs {
            eprintln!("run {}:", i + 1);
            let run = run(&server).await;
            eprintln!(
                "  form painted {}, sent {}, table {}; first PDF {} ({})",
                ms(run.form_painted),
                ms(run.sent),
                ms(run.table),
                ms(run.pdf),
                run.summary
            );
            all.push(run);
        }
        // Median, then the range: "812 ms (790–850)".
        let m = |f: fn(&Run) -> f64| spread(&all, f).0;
        let figure = |f: fn(&Run) -> f64| {
            let (median, low, high) = spread(&all, f);
            format!("{:>7} ({:.0}–{:.0})", ms(median), low, high)
        };
        let encoding = all
            .first()
            .map(|r| r.directory_encoding.as_str())
            .unwrap_or_default();
        let encoding = if encoding.is_empty() {
            "not compressed"
        } else {
            encoding
        };
        println!(
            "cold start, 2,000 accounts, 10 Mbit/s and 40 ms per request on the page and its PDF worker, empty cache: median (range) of {runs} runs, in ms from the navigation's start"
        );
        println!(
            "  (the largest download got {:.1} Mbit/s once its headers were in)",
            m(|r| r.rate_mbits)
        );
        println!(
            "  sign-in form painted    {}   from the page's HTML, before the module; target ≤ 200 ms",
            figure(|r| r.form_painted)
        );
        println!(
            "  form sent               {}   the page's scripts run (document in by {})",
            figure(|r| r.sent),
            ms(m(|r| r.document_end))
        );
        println!(
            "  signed in               {}   then the directory asked for at {} ({} before it), {}, {encoding}, first byte after {}, in at {}",
            figure(|r| r.signed_in),
            ms(m(|r| r.directory_asked)),
            match all.first().map_or(0, |r| r.api_calls) {
                1 => "1 request".to_owned(),
                n => format!("{n} requests"),
            },
            kb(m(|r| r.directory_bytes)),
            ms(m(|r| r.directory_wait)),
            ms(m(|r| r.directory_end))
        );
        println!(
            "  module started          {}   {} on the wire by then; its WebAssembly in at {}",
            figure(|r| r.mounted),
            kb(m(|r| r.page_bytes)),
            ms(m(|r| r.wasm_end))
        );
        println!(
            "  table                   {}   after the module: JSON {}, prepare {}, first render {}; target ≤ 700 ms",
            figure(|r| r.table),
            ms(m(|r| r.json)),
            ms(m(|r| r.prepare)),
            ms(m(|r| r.render))
        );
        println!(
            "  step 3 after the table  {}   its chunk ({} on the wire) fetched once the steps are drawn",
            figure(|r| r.step_three),
            kb(m(|r| r.step_three_bytes))
        );
        println!(
            "  first PDF, 300 letters  {}   worker and fonts: {} fetched while idle before the click, {} after it, downloaded {} after the click, then the worker's start and the letters {}; target ≤ 300 ms",
            figure(|r| r.pdf),
            kb(m(|r| r.worker_bytes_ahead)),
            kb(m(|r| r.worker_bytes)),
            ms(m(|r| r.worker_download)),
            ms(m(|r| r.generation))
        );
    }
}
