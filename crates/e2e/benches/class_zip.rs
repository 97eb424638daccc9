//! Benchmark: « Un PDF par classe » for 10,000 letters in the real app, in a real
//! headless Chromium — the ZIP built in the PDF worker, one PDF per class with its cover and
//! sign-off sheet. Target: ≤ 2 s.
//!
//! Run with `cargo xtask bench-app` (builds the app and `sesame` first, runs every in-browser
//! benchmark), or after building them `cargo bench --profile dev -p sesame-app --bench class_zip`
//! (`SESAME_BIN`, `SESAME_DIST`, `CHROMEDRIVER` as for the end-to-end tests; `SESAME_BENCH_RUNS`
//! the repetitions). Prints, per run, the page's own figure (from the click to the ZIP's link,
//! as the summary beside the link says it) and the wall time the harness saw; the first run
//! includes starting the worker and fetching the fonts. A benchmark, not a test: it never fails
//! on a slow figure.

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::time::{Duration, Instant};

    use sesame_testkit::browser::{bench_setting, eventually, Browser};
    use sesame_testkit::school::seed_school;
    use sesame_testkit::{Server, Sesame, PASSWORD};

    /// Pupils of the generated school: with a relative for every fifth, 4 teachers and 2 guests,
    /// 10,002 accounts in 4 classes.
    const PUPILS: usize = 8330;

    #[tokio::main]
    pub async fn main() {
        let runs = bench_setting("SESAME_BENCH_RUNS", 4);
        let dir = tempfile::tempdir().unwrap();
        let server = Server::app(&seed_school(&Sesame::from_env(), dir.path(), PUPILS));
        let browser = Browser::start().await;
        browser.submit_login(&server.url, "direction", PASSWORD).await;
        let accounts = eventually(120, || async {
            let count = browser.text_now("[data-testid=selected-count]").await;
            match count.parse::<usize>() {
                Ok(n) if n > PUPILS => Ok(count),
                _ => Err("the app never loaded the school".to_owned()),
            }
        })
        .await;
        println!("« Un PDF par classe », {accounts} letters (1 per page), {runs} runs:");
        let mut page_ms = Vec::new();
        for run in 0..runs {
            let start = Instant::now();
            browser.click("[data-testid=generate-zip]").await;
            let summary = loop {
                let ready = browser.text_now(".class-zip .ready p").await;
                if !ready.is_empty() {
                    break ready;
                }
                assert!(
                    start.elapsed() < Duration::from_secs(300),
                    "no ZIP after 5 minutes"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            };
            let wall = start.elapsed();
            let ms: u32 = summary
                .rsplit(", ")
                .next()
                .and_then(|s| s.trim_end_matches(" ms").trim().parse().ok())
                .unwrap_or(0);
            println!(
                "  run {}: {ms:>6} ms in the page, {:>6.0} ms wall{}  ({summary})",
                run + 1,
                wall.as_secs_f64() * 1e3,
                if run == 0 { ", cold worker" } else { "" }
            );
            if run > 0 {
                page_ms.push(ms);
            }
        }
        page_ms.sort_unstable();
        if let Some(median) = page_ms.get(page_ms.len() / 2) {
            println!("median of the warm runs: {median} ms (target ≤ 2000 ms)");
        }
        browser.close().await;
    }
}
