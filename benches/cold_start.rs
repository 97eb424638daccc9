//! Benchmark (issue 12): a cold start on a slow school link, in a real headless Chromium.
//!
//! The network of the page *and* of the PDF worker it starts is throttled through the DevTools
//! protocol ([`sesame_testkit::cdp`]: 10 Mbit/s both ways, 40 ms round trip), the cache is empty
//! (a fresh profile per run). On a 2,000-account school served by the real `sesame serve`, each
//! run measures:
//!
//! 1. **sign-in page ready**: from navigation to the login form drawn by the app (page, script,
//!    WebAssembly downloaded, compiled, started);
//! 2. **sign-in to the table**: from the click on « Se connecter » to the first row of the table
//!    (the API calls, the directory's download, its JSON, preparing the school, first render);
//! 3. **first PDF**: one class (300 letters) selected, from the click on « Générer le PDF » to
//!    the download link (the worker's script, WebAssembly and fonts downloaded, then the PDF).
//!
//! Targets: (1) + (2) ≤ 1.2 s; (3) ≤ 1.0 s. Prints the median of each figure over the runs and
//! where the time went; never fails on a figure. Run with `cargo xtask bench` or `cargo xtask
//! bench-app` (they build what it drives), or after building them `cargo bench -p sesame-app
//! --bench cold_start` with `SESAME_BIN`, `SESAME_DIST`, `CHROMEDRIVER` as for the end-to-end
//! tests; `SESAME_BENCH_RUNS` changes the number of runs (default 3).
//!
//! The times come from the page's own clock: a script added before the page's own (DevTools'
//! `Page.addScriptToEvaluateOnNewDocument`, outside the page's CSP) notes when each element first
//! appears and when each button is clicked; the page's Resource Timing and the app's
//! `performance.mark`s (`sesame:*`; absent from builds before issue 12, which then show fewer
//! columns) say the rest, and DevTools' network events the worker's downloads.

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::fmt::Write as _;
    use std::time::Duration;

    use serde_json::{json, Value};
    use sesame_testkit::browser::Browser;
    use sesame_testkit::cdp::{Conditions, Throttled};
    use sesame_testkit::school::seed_csv;
    use sesame_testkit::{Server, Sesame, PASSWORD};

    /// The school link of the issue.
    const LINK: Conditions = Conditions {
        latency_ms: 40.0,
        down_bits_per_second: 10e6,
        up_bits_per_second: 10e6,
    };

    const CLASSES: [&str; 5] = ["CP A", "CE1 A", "CE2 A", "CM1 A", "CM2 A"];
    const PUPILS_PER_CLASS: usize = 300;

    /// A 2,000-account school: 1,500 pupils in five classes of 300, 480 relatives (with an
    /// address and their child), 20 teachers; two pupils in three to activate.
    fn school_csv() -> String {
        const LAST: [&str; 8] = ["Martin", "Dupré", "Nguyễn", "Lefèvre", "Diallo", "García", "Müller", "Le Gall"];
        const FIRST: [&str; 8] = ["Zoé", "Émile", "Inès", "Noé", "Camille", "Théo", "Léa", "Jules"];
        let mut csv = String::from(
            "Type;Nom;Prénom;Login;Code d'activation;Courriel;Date de création;Classes;Enfants\n",
        );
        let pupils = CLASSES.len() * PUPILS_PER_CLASS;
        for i in 0..pupils {
            let (last, first) = (LAST[i % 8], FIRST[(i / 8) % 8]);
            let code = if i % 3 == 0 { String::new() } else { format!("EL{i:05}X") };
            let class = CLASSES[i % CLASSES.len()];
            let _ = writeln!(csv, "Élève;{last};{first};eleve.{i:04};{code};;01/09/2025;{class};");
        }
        for i in 0..480 {
            let (last, first) = (LAST[i % 8], FIRST[(i / 8) % 8]);
            let class = CLASSES[i % CLASSES.len()];
            let _ = writeln!(
                csv,
                "Parent;{last};Parent{i:03};parent.{i:03};PA{i:04}R;parent.{i:03}@exemple.fr;01/09/2025;;{first} {last} ({class})"
            );
        }
        for i in 0..20 {
            let class = CLASSES[i % CLASSES.len()];
            let _ = writeln!(
                csv,
                "Enseignant;Prof{i};Anne;prof.{i:02};PR{i:02}OF;prof.{i}@exemple.fr;15/08/2024;{class};"
            );
        }
        csv
    }

    /// Notes, on the page's clock, when each element first appears and each button is clicked.
    const WATCH: &str = r#"(() => {
        const t = window.__sesameBench = {};
        const seen = (name, css) => { if (!(name in t) && document.querySelector(css)) t[name] = performance.now(); };
        new MutationObserver(() => {
            seen('loginForm', '[data-testid=login-form]');
            seen('firstRow', '[data-testid=user-row]');
            seen('pdfReady', '[data-testid=pdf-ready]');
        }).observe(document, { subtree: true, childList: true, attributes: true });
        document.addEventListener('click', e => {
            const el = e.target.closest && e.target.closest('[data-testid]');
            const id = el && el.getAttribute('data-testid');
            if (id === 'login-submit' && !('submit' in t)) t.submit = performance.now();
            if (id === 'generate-pdf' && !('generate' in t)) t.generate = performance.now();
        }, true);
    })();"#;

    /// What the page knows at the end of a run.
    const REPORT: &str = r#"return {
        t: window.__sesameBench,
        origin: performance.timeOrigin,
        document: performance.getEntriesByType('navigation').map(n => ({ end: n.responseEnd, bytes: n.transferSize }))[0],
        marks: Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime])),
        resources: performance.getEntriesByType('resource').map(r => ({ name: r.name, start: r.startTime,
            headers: r.responseStart, end: r.responseEnd, bytes: r.transferSize }))
    };"#;

    /// One run's figures, ms (NaN when a build does not say).
    #[derive(Debug, Default, Clone)]
    struct Run {
        page_ready: f64,
        page_bytes: f64,
        wasm_end: f64,
        compile_start: f64,
        sign_in_to_table: f64,
        api_before_directory: f64,
        directory_wait: f64,
        directory_download: f64,
        directory_bytes: f64,
        json: f64,
        prepare: f64,
        render: f64,
        pdf: f64,
        worker_bytes: f64,
        worker_download: f64,
        generation: f64,
    }

    fn num(v: &Value) -> f64 {
        v.as_f64().unwrap_or(f64::NAN)
    }

    async fn run(server: &Server) -> Run {
        let browser = Browser::start().await;
        let throttled = Throttled::start(&browser.devtools_url(), LINK).await;
        throttled
            .cdp
            .call(
                Some(throttled.page_session()),
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": WATCH }),
            )
            .await
            .unwrap();
        browser.client.goto(&format!("{}/login", server.url)).await.unwrap();
        browser.wait_for("[data-testid=login-form]").await;
        browser.type_into("[data-testid=login-input]", "direction").await;
        browser.type_into("[data-testid=password-input]", PASSWORD).await;
        browser.click("[data-testid=login-submit]").await;
        browser.wait_for("[data-testid=user-row]").await;
        // One class: 300 letters.
        browser.click("[data-testid=filter-class]").await;
        browser
            .wait_text("[data-testid=selected-count]", &PUPILS_PER_CLASS.to_string())
            .await;
        browser.click("[data-testid=generate-pdf]").await;
        browser
            .client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(sesame_testkit::browser::Locator::Css("[data-testid=pdf-ready]"))
            .await
            .expect("the PDF");
        tokio::time::sleep(Duration::from_millis(100)).await;
        let page = browser.client.execute(REPORT, vec![]).await.unwrap();
        let requests = throttled.requests();
        browser.close().await;

        let t = &page["t"];
        let origin = num(&page["origin"]);
        let resources = page["resources"].as_array().cloned().unwrap_or_default();
        let find = |pattern: &dyn Fn(&str) -> bool| resources.iter().find(|r| pattern(r["name"].as_str().unwrap_or_default()));
        let (login_form, submit, first_row) = (num(&t["loginForm"]), num(&t["submit"]), num(&t["firstRow"]));
        let (generate, pdf_ready) = (num(&t["generate"]), num(&t["pdfReady"]));
        let mark = |name: &str| num(&page["marks"][name]);

        let mut run = Run {
            page_ready: login_form,
            sign_in_to_table: first_row - submit,
            pdf: pdf_ready - generate,
            ..Run::default()
        };
        // Everything the page downloaded before its form was drawn.
        run.page_bytes = num(&page["document"]["bytes"])
            + resources
                .iter()
                .filter(|r| num(&r["end"]) <= login_form)
                .map(|r| num(&r["bytes"]))
                .sum::<f64>();
        if let Some(wasm) = find(&|n| n.ends_with("_bg.wasm") && !n.contains("pdf-worker")) {
            run.wasm_end = num(&wasm["end"]);
            run.compile_start = login_form - run.wasm_end;
        }
        if let Some(users) = find(&|n| n.ends_with("/users")) {
            run.api_before_directory = num(&users["start"]) - submit;
            run.directory_wait = num(&users["headers"]) - num(&users["start"]);
            run.directory_download = num(&users["end"]) - num(&users["headers"]);
            run.directory_bytes = num(&users["bytes"]);
            let parsed = mark("sesame:directory-parsed");
            let ready = mark("sesame:school-ready");
            if parsed.is_nan() {
                // Before issue 12: no marks, one figure for all three.
                run.json = first_row - num(&users["end"]);
                run.prepare = f64::NAN;
                run.render = f64::NAN;
            } else {
                run.json = parsed - num(&users["end"]);
                run.prepare = ready - parsed;
                run.render = first_row - ready;
            }
        }
        // The worker's files (its loader, script, WebAssembly) and the fonts it fetches, wherever
        // DevTools saw them.
        let worker_files: Vec<_> = requests
            .iter()
            .filter(|r| r.url.contains("pdf-worker") || r.url.contains("/fonts/"))
            .filter(|r| r.start_ms - origin >= generate - 1.0)
            .collect();
        run.worker_bytes = worker_files.iter().map(|r| r.bytes).sum();
        let last_end = worker_files
            .iter()
            .filter_map(|r| r.end_ms)
            .map(|end| end - origin)
            .fold(f64::NAN, f64::max);
        run.worker_download = last_end - generate;
        run.generation = pdf_ready - last_end;
        if run.worker_bytes == 0.0 {
            eprintln!("  (no worker request seen by DevTools: {} requests recorded)", requests.len());
        }
        for r in &requests {
            if r.url.contains(".wasm") || r.url.ends_with("/users") {
                eprintln!(
                    "    {:<7} {:>8.0} B {:<4} {:>7.0} ms  {}",
                    r.target,
                    r.bytes,
                    if r.content_encoding.is_empty() { "-" } else { &r.content_encoding },
                    r.end_ms.unwrap_or(f64::NAN) - r.start_ms,
                    r.url.rsplit('/').next().unwrap_or_default()
                );
            }
        }
        run
    }

    fn median(runs: &[Run], field: impl Fn(&Run) -> f64) -> f64 {
        let mut values: Vec<f64> = runs.iter().map(field).filter(|v| !v.is_nan()).collect();
        if values.is_empty() {
            return f64::NAN;
        }
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
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
        let runs: usize = std::env::var("SESAME_BENCH_RUNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(3);
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("school.csv");
        std::fs::write(&csv, school_csv()).unwrap();
        let db = seed_csv(&Sesame::from_env(), dir.path(), &csv);
        let server = Server::app(&db);

        let mut all = Vec::new();
        for i in 0..runs {
            eprintln!("run {}:", i + 1);
            let run = run(&server).await;
            eprintln!(
                "  page {} + sign-in to table {} = {}; PDF {}",
                ms(run.page_ready),
                ms(run.sign_in_to_table),
                ms(run.page_ready + run.sign_in_to_table),
                ms(run.pdf)
            );
            all.push(run);
        }
        let m = |f: fn(&Run) -> f64| median(&all, f);
        println!(
            "cold start, 2,000 accounts, 10 Mbit/s and 40 ms round trip on the page and its PDF worker, empty cache, median of {runs} runs"
        );
        println!(
            "  sign-in page ready      {:>8}   ({} on the wire; WebAssembly downloaded at {}, then compile + start {})",
            ms(m(|r| r.page_ready)),
            kb(m(|r| r.page_bytes)),
            ms(m(|r| r.wasm_end)),
            ms(m(|r| r.compile_start))
        );
        println!(
            "  sign-in to the table    {:>8}   (API before the directory {}, directory {} waited {} + downloaded {}, JSON {}, prepare {}, first render {})",
            ms(m(|r| r.sign_in_to_table)),
            ms(m(|r| r.api_before_directory)),
            kb(m(|r| r.directory_bytes)),
            ms(m(|r| r.directory_wait)),
            ms(m(|r| r.directory_download)),
            ms(m(|r| r.json)),
            ms(m(|r| r.prepare)),
            ms(m(|r| r.render))
        );
        println!(
            "  in all                  {:>8}   (target ≤ 1,200 ms)",
            ms(m(|r| r.page_ready + r.sign_in_to_table))
        );
        println!(
            "  first PDF, 300 letters  {:>8}   (worker and fonts {} downloaded by {}, then the PDF {}; target ≤ 1,000 ms)",
            ms(m(|r| r.pdf)),
            kb(m(|r| r.worker_bytes)),
            ms(m(|r| r.worker_download)),
            ms(m(|r| r.generation))
        );
    }
}
