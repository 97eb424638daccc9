//! Benchmark: local mode opening a 20,000-line ENT export in a real headless
//! Chromium — from the file input's `change` event until the check table shows its first rows
//! and the count of every account. Target: ≤ 1 s.
//!
//! Run with `cargo xtask bench-app` (builds the app first), or after building it
//! `cargo bench -p sesame-app --bench local_file` (`SESAME_DIST`, `CHROMEDRIVER` as for the
//! end-to-end tests; `SESAME_BENCH_ACCOUNTS` changes the size, `SESAME_BENCH_RUNS` the
//! repetitions).
//!
//! The app is served as plain static files (no `sesame`), the file written by the testkit's
//! generated school. What is timed, all in the page's clock: reading the file, parsing it in
//! the import worker (core's parser), handing the accounts to the page, preparing the directory
//! (`Directory::new`), selecting, and drawing the table — until the last DOM write that shows
//! it. Each run loads the page afresh, so the first run also compiles the worker's module; the
//! letters' settings (the school's name, the sign-in address, without which the accounts wait)
//! are typed before the file is chosen. A benchmark, not a test: it prints figures and never
//! fails on them.

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::time::Duration;

    use sesame_testkit::browser::{bench_setting, Browser};
    use sesame_testkit::school::{app_dist, school_csv};
    use sesame_testkit::static_site::StaticSite;

    /// Starts the clock at the file input's `change` and stops it at the DOM write that shows
    /// `arguments[0]` accounts with rows drawn (a `MutationObserver` callback is a microtask
    /// queued by each write, so it runs right after the app's last write).
    const ARM: &str = r#"
        const expected = arguments[0];
        window.__bench = { start: null, end: null };
        const input = document.querySelector('[data-testid=local-file]');
        input.addEventListener('change', () => { window.__bench.start = performance.now(); }, { capture: true, once: true });
        const observer = new MutationObserver(() => {
            const count = document.querySelector('[data-testid=selected-count]');
            if (count && count.textContent === expected && document.querySelector('[data-testid=user-row]')) {
                window.__bench.end = performance.now();
                observer.disconnect();
            }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    "#;

    /// How many pupils make `accounts` accounts in the testkit's school (a relative for every
    /// fifth pupil, plus six teachers and guests).
    fn pupils_for(accounts: usize) -> usize {
        (0..accounts)
            .find(|&p| p + p.div_ceil(5) + 6 >= accounts)
            .unwrap_or(accounts)
    }

    pub fn main() {
        tokio::runtime::Runtime::new().unwrap().block_on(run());
    }

    async fn run() {
        let accounts = bench_setting("SESAME_BENCH_ACCOUNTS", 20_000);
        let runs = bench_setting("SESAME_BENCH_RUNS", 5).max(1);
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("export-ent.csv");
        let text = school_csv(pupils_for(accounts));
        let lines = text.lines().count();
        let total = lines - 1;
        std::fs::write(&csv, &text).unwrap();
        let site = StaticSite::serve(&app_dist());
        let browser = Browser::start().await;

        let mut times = Vec::new();
        for _ in 0..runs {
            browser.goto(&format!("{}/local.html", site.url)).await;
            // What the letters need, given first (as a settings file loaded would): the table
            // then shows as soon as the file is read.
            browser
                .give_the_letters_what_they_need("École du banc d’essai")
                .await;
            browser.wait_for("[data-testid=local-file]").await;
            browser.script_with(ARM, &[&total.to_string()]).await;
            browser.open_local_file(&csv).await;
            let mut ms = None;
            for _ in 0..600 {
                let value = browser.script("return window.__bench;").await;
                if let (Some(start), Some(end)) = (value["start"].as_f64(), value["end"].as_f64()) {
                    ms = Some(end - start);
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            times.push(ms.expect("the table never showed the whole file"));
        }
        browser.close().await;

        let first = times[0];
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "local mode, {lines} lines ({total} accounts, {} KB): file chosen → table shown, \
             median {:.0} ms, worst {:.0} ms, best {:.0} ms, first (cold worker) {first:.0} ms \
             over {runs} runs (target ≤ 1000 ms)",
            text.len() / 1024,
            sorted[sorted.len() / 2],
            sorted[sorted.len() - 1],
            sorted[0],
        );
    }
}
