//! Benchmark: one filter change in the real app, in a real headless Chromium, over a school of
//! 50,000 accounts, measured as the frame that shows it. Target: ≤ 16 ms per change, at the
//! worst of the runs.
//!
//! Run with `cargo xtask bench-app` (builds the app and `sesame` first), or after building them
//! `cargo bench -p sesame-app --bench filter_change` (`SESAME_BIN`, `SESAME_DIST`, `CHROMEDRIVER`
//! as for the end-to-end tests; `SESAME_BENCH_USERS` changes the size (about), `SESAME_BENCH_RUNS`
//! the repetitions).
//!
//! It writes the ENT's CSV export of a made-up school (core's `made_up`), imports it with `sesame
//! import`, adds an administrator, serves the built app with `sesame serve`, signs in, and then,
//! for each change (a profile box, the activation choice, a class, a keystroke in the search box,
//! clearing it), times in the page the script from just before the input event is dispatched
//! until the last DOM write it causes (router navigation, memos, effects and DOM writes all run
//! as microtasks right after the event), checking that `selected-count` then shows the new
//! number, and the rendering of the next frame (style, layout, paint): together, the frame.
//! Prints the median and worst frame and script of each change, the wall time until the page's
//! next task, and the renderer's CPU time per change (read from `/proc`, so immune to a busy
//! machine's scheduling: the fairest figure to compare builds). A benchmark, not a test: it never
//! fails on a slow figure.

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use chrono::NaiveDate;
    use sesame_core::made_up::{Dice, MadeUpSchool, SEED};

    use sesame_testkit::browser::{bench_setting, eventually, Browser};
    use sesame_testkit::school::seed_csv;
    use sesame_testkit::{Server, Sesame, PASSWORD};

    const LEVELS: [&str; 12] = [
        "CP", "CE1", "CE2", "CM1", "CM2", "6e", "5e", "4e", "3e", "2de", "1re", "Tle",
    ];
    /// Classes in the school: a big one, so the class filter draws many boxes.
    const CLASSES: usize = 120;

    /// The ENT's CSV export of a made-up school of about `n` accounts, mostly pupils and their
    /// relatives as in a real school (a twentieth each of teachers, personnel and guests), and
    /// how many accounts it holds.
    fn school_csv(n: usize) -> (String, usize) {
        let classes: Vec<String> = (0..CLASSES)
            .map(|class| format!("{} {}", LEVELS[class % LEVELS.len()], class / LEVELS.len() + 1))
            .collect();
        let classes: Vec<&str> = classes.iter().map(String::as_str).collect();
        let school = MadeUpSchool {
            uai: "0751234A",
            classes: &classes,
            // Half the pupils have a relative: 17 pupils and relatives in 20 accounts.
            pupils_per_class: n * 17 / 20 * 2 / 3 / CLASSES,
            relatives_percent: 50,
            activated_percent: 33,
            teachers: n / 20,
            personnel: n / 20,
            guests: n / 20,
        };
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).expect("a day");
        let csv = school.csv(&mut Dice::new(SEED), today);
        let accounts = csv.lines().count() - 1;
        (csv, accounts)
    }

    /// Runs one change in the page and returns `[script ms, wall ms, count shown, rendering ms]`.
    ///
    /// *Script* ends at the last DOM write the change caused: a `MutationObserver` callback
    /// is a microtask queued by each write, so the last one runs right after the app's last
    /// write, in the same burst of script. *Rendering* is the next frame's work after its
    /// animation-frame callbacks — style, layout and paint of what the script changed — until a
    /// task can run again; script and rendering together are the *frame*, the work between the
    /// input and the change on screen, without the wait for the screen's next refresh. *Wall*
    /// ends when a task runs after both; on a busy machine it also holds time the process was
    /// not scheduled.
    ///
    /// `arguments`: CSS selector, kind (`click` | `select` | `input`, or `none` to time the
    /// harness alone), value, count expected
    /// (or "" to accept any change), callback.
    const CHANGE: &str = r#"
        const [css, kind, value, expected, done] = arguments;
        const el = document.querySelector(css);
        const count = document.querySelector('[data-testid=selected-count]');
        const before = count.textContent;
        // A task queued after every microtask the event sets off (MessageChannel: no 4 ms clamp).
        const channel = new MessageChannel();
        const tick = () => new Promise(resolve => { channel.port1.onmessage = resolve; channel.port2.postMessage(0); });
        let last = null;
        const observer = new MutationObserver(() => { last = performance.now(); });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        // The frame that shows the change: its rendering (style, layout, paint) runs after the
        // animation frame's callbacks, and a task posted from one runs once it is done.
        let rendering = null;
        const start = performance.now();
        requestAnimationFrame(() => {
            const from = performance.now();
            const after = new MessageChannel();
            after.port1.onmessage = () => { rendering = performance.now() - from; };
            after.port2.postMessage(0);
        });
        if (kind === 'click') {
            el.click();
        } else if (kind === 'select') {
            el.value = value;
            el.dispatchEvent(new Event('change', { bubbles: true }));
        } else if (kind === 'input') {
            el.value = value;
            el.dispatchEvent(new InputEvent('input', { bubbles: true, data: value.slice(-1) }));
        }
        (async () => {
            while (performance.now() - start < 5000) {
                await tick();
                const now = count.textContent;
                if (rendering !== null && (expected === '' ? now !== before : now === expected)) {
                    const wall = performance.now() - start;
                    observer.disconnect();
                    done([last === null ? 0 : last - start, wall, now, rendering]);
                    return;
                }
            }
            observer.disconnect();
            done([-1, -1, count.textContent]);
        })();
    "#;

    /// A filter change and the change that undoes it, both measured.
    struct Scenario {
        name: &'static str,
        undo_name: &'static str,
        css: &'static str,
        kind: &'static str,
        value: &'static str,
        undo_value: &'static str,
    }

    const SCENARIOS: [Scenario; 4] = [
        Scenario {
            name: "profile Élève on",
            undo_name: "profile Élève off",
            css: "[data-testid=filter-profile-Student]",
            kind: "click",
            value: "",
            undo_value: "",
        },
        Scenario {
            name: "activation: not activated",
            undo_name: "activation: all",
            css: "[data-testid=filter-activation]",
            kind: "select",
            value: "not-activated",
            undo_value: "all",
        },
        Scenario {
            name: "class (first) on",
            undo_name: "class (first) off",
            css: "[data-testid=filter-class]",
            kind: "click",
            value: "",
            undo_value: "",
        },
        Scenario {
            name: "search keystroke \"d\"",
            undo_name: "search cleared",
            css: "[data-testid=filter-search]",
            kind: "input",
            value: "d",
            undo_value: "",
        },
    ];

    async fn change(browser: &Browser, css: &str, kind: &str, value: &str, expected: &str) -> Timing {
        let out = browser.script_async(CHANGE, &[css, kind, value, expected]).await;
        let a = out.as_array().expect("[script, wall, count, rendering]");
        let script = a[0].as_f64().unwrap();
        assert!(script >= 0.0, "{css}: the count never changed (still {})", a[2]);
        Timing {
            script,
            frame: script + a[3].as_f64().unwrap(),
            wall: a[1].as_f64().unwrap(),
            count: a[2].as_str().unwrap_or_default().to_owned(),
        }
    }

    /// One change, timed ([`CHANGE`] says what each figure holds).
    struct Timing {
        script: f64,
        frame: f64,
        wall: f64,
        count: String,
    }

    fn summary(name: &str, timings: &[Timing]) {
        let sorted = |figure: fn(&Timing) -> f64| {
            let mut all: Vec<f64> = timings.iter().map(figure).collect();
            all.sort_by(f64::total_cmp);
            all
        };
        let (script, frame, wall) = (sorted(|t| t.script), sorted(|t| t.frame), sorted(|t| t.wall));
        let (median, worst) = (|v: &[f64]| v[v.len() / 2], |v: &[f64]| v[v.len() - 1]);
        println!(
            "{name:<28} frame median {:>5.1} ms  worst {:>5.1} ms   script median {:>5.1} ms  worst {:>5.1} ms   (wall median {:>5.1} ms)",
            median(&frame),
            worst(&frame),
            median(&script),
            worst(&script),
            median(&wall),
        );
    }

    /// CPU time used so far by Chromium's renderer processes started below this one (every
    /// thread, from `/proc/PID/task/TID/schedstat`), in ms. Unlike a clock in the page, it does
    /// not grow while a busy machine leaves the page waiting, so it compares builds fairly.
    fn renderer_cpu_ms() -> f64 {
        let me = std::process::id();
        let parent = |pid: u32| -> Option<u32> {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
            stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()
        };
        let mine = |mut pid: u32| {
            for _ in 0..8 {
                match parent(pid) {
                    Some(p) if p == me => return true,
                    Some(p) if p > 1 => pid = p,
                    _ => return false,
                }
            }
            false
        };
        let mut ns = 0u64;
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            if !String::from_utf8_lossy(&cmdline).contains("--type=renderer") || !mine(pid) {
                continue;
            }
            for task in std::fs::read_dir(format!("/proc/{pid}/task"))
                .into_iter()
                .flatten()
                .flatten()
            {
                let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
                ns += stat
                    .split_whitespace()
                    .next()
                    .and_then(|n| n.parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
        ns as f64 / 1e6
    }

    #[tokio::main]
    pub async fn main() {
        let asked = bench_setting("SESAME_BENCH_USERS", 50_000);
        let runs = bench_setting("SESAME_BENCH_RUNS", 15);

        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("school.csv");
        let (text, users) = school_csv(asked);
        std::fs::write(&csv, text).unwrap();
        let db = seed_csv(&Sesame::from_env(), dir.path(), &csv);
        let server = Server::app(&db);
        let browser = Browser::start().await;
        browser.submit_login(&server.url, "direction", PASSWORD).await;
        eventually(120, || async {
            let text = browser.text_now("[data-testid=selected-count]").await;
            if text == users.to_string() {
                Ok(())
            } else {
                Err(format!("the app never showed {users} accounts ({text:?})"))
            }
        })
        .await;

        println!(
            "filter change in the browser, {users} accounts, {runs} runs each (target: the frame ≤ 16 ms)"
        );
        let all = users.to_string();
        // The harness alone (a script round trip, a task, no change): what the CPU figure
        // below counts besides the app.
        let cpu_before = renderer_cpu_ms();
        for _ in 0..2 * runs {
            change(&browser, "body", "none", "", &all).await;
        }
        println!(
            "{:<28} renderer CPU {:>5.1} ms per round trip with no change (the harness)",
            "",
            (renderer_cpu_ms() - cpu_before) / (2 * runs) as f64
        );
        for s in SCENARIOS {
            // Once untimed, to learn the count the change leads to and warm the code up.
            let expected = change(&browser, s.css, s.kind, s.value, "").await.count;
            change(&browser, s.css, s.kind, s.undo_value, &all).await;
            let (mut on, mut off) = (vec![], vec![]);
            let cpu_before = renderer_cpu_ms();
            for _ in 0..runs {
                on.push(change(&browser, s.css, s.kind, s.value, &expected).await);
                off.push(change(&browser, s.css, s.kind, s.undo_value, &all).await);
            }
            let cpu = (renderer_cpu_ms() - cpu_before) / (2 * runs) as f64;
            summary(s.name, &on);
            summary(s.undo_name, &off);
            println!(
                "{:<28} renderer CPU {cpu:>5.1} ms per change (both ways, harness included)",
                ""
            );
        }
        browser.close().await;
    }
}
