//! Benchmark: credential letters for 10,000 accounts, natively, in each layout.
//!
//! Targets: ≤ 0.5 s and ≤ 100 MiB peak for 10,000 letters 1 per page, likewise 8 per
//! page; ≤ 1.2 KB per letter. ≤ 0.5 s for 10,000 labels on Avery L7160 sheets
//! (`-- l7160`); the per-class ZIP of those letters is also timed here natively (`-- zip`), its
//! browser figure is `cargo xtask bench-app`'s. Run with `cargo bench -p sesame-core --bench pdf`; pass a
//! scenario's name to run only it (`-- one`, `-- eight qr`). Prints the median and worst of each
//! scenario, bytes per letter, the font subsets' size, and the process's peak memory (VmHWM)
//! at the end; for one scenario's peak alone, run the bench binary under `/usr/bin/time -v`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use sesame_core::made_up::{self, Dice, FIRST_NAMES, LAST_NAMES};
use sesame_core::pdf::{zip_order, ClassZipBuilder, Fonts, LettersBuilder, PdfOptions, QrCode};
use sesame_core::{ChildRef, ClassRef, Layout, Profile, Structure, User};

const USERS: usize = 10_000;
const RUNS: usize = 5;
/// Accounts added per call, as the app does between two yields to the event loop.
const CHUNK: usize = 500;

fn structure() -> Structure {
    let help = "Une question ? Écrivez à ent@college-yourcenar.fr ou passez au secrétariat.";
    let login = "https://ent.monlycee.example.fr";
    let settings = made_up::ent_settings("Monlycée.net", login, &format!("{login}/auth/activation"), help);
    made_up::structure("Collège Marguerite-Yourcenar", settings)
}

/// A deterministic school: 40 classes, core's made-up names (many scripts), a third activated, relatives with
/// children. Returns users with their group label (class), sorted by group.
fn users() -> Vec<(User, String)> {
    let levels = ["6e", "5e", "4e", "3e"];
    let mut dice = Dice::new(0x2545_f491_4f6c_dd1d);
    let mut next = move || dice.next();
    let mut list: Vec<(User, String)> = (0..USERS)
        .map(|i| {
            let r = next();
            let class = format!("{} {}", levels[(r % 4) as usize], (r >> 2) % 10 + 1);
            let profile = if i % 3 == 2 {
                Profile::Relative
            } else {
                Profile::Student
            };
            let first_name = FIRST_NAMES[(r >> 8) as usize % FIRST_NAMES.len()].to_owned();
            let last_name = LAST_NAMES[(r >> 16) as usize % LAST_NAMES.len()].to_owned();
            let children = if profile == Profile::Relative {
                vec![ChildRef {
                    first_name: first_name.clone(),
                    last_name: last_name.clone(),
                    class_name: Some(class.clone()),
                }]
            } else {
                Vec::new()
            };
            let user = User {
                id: format!("u{i}"),
                profile,
                login: format!("{}.{}{}", first_name.to_lowercase(), last_name.to_lowercase(), i),
                first_name,
                last_name,
                activation_code: ((r >> 30) % 3 != 0).then(|| format!("{:08X}", (r >> 32) as u32)),
                email: None,
                created_at: "2025-09-01T06:30:00Z".parse().unwrap(),
                blocked: false,
                local_admin: false,
                classes: vec![ClassRef {
                    id: class.clone(),
                    name: class.clone(),
                }],
                children,
                last_distributed_at: None,
                import_id: None,
            };
            (user, class)
        })
        .collect();
    list.sort_by(|a, b| a.1.cmp(&b.1));
    list
}

fn fonts() -> Fonts {
    sesame_testkit::tools::fonts().clone()
}

fn build(fonts: &Fonts, users: &[(User, String)], options: &PdfOptions) -> sesame_core::pdf::LettersPdf {
    let mut builder = LettersBuilder::new(&structure(), fonts, options.clone());
    for chunk in users.chunks(CHUNK) {
        builder.add_users(chunk.iter().map(|(u, g)| (u, g.as_str())));
    }
    builder.finish().unwrap()
}

/// Makes a document [`RUNS`] times; returns the median and worst times in milliseconds, and the
/// last document. Each document is dropped before the next run starts, so that the peak memory
/// is one document's.
fn timed<T>(mut make: impl FnMut() -> T) -> (f64, f64, T) {
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        drop(last.take());
        let start = Instant::now();
        let made = black_box(make());
        times.push(start.elapsed());
        last = Some(made);
    }
    times.sort();
    let ms = |time: Duration| time.as_secs_f64() * 1e3;
    (
        ms(times[RUNS / 2]),
        ms(times[RUNS - 1]),
        last.expect("at least one run"),
    )
}

/// « Un PDF par classe »: the 40 classes' files (cover and sign-off sheet each) in one ZIP.
fn zip_per_class(fonts: &Fonts, users: &[(User, String)]) {
    let labels: Vec<&str> = users.iter().map(|(_, g)| g.as_str()).collect();
    let (median, worst, zip) = timed(|| {
        let order = zip_order(&labels);
        let mut zip = ClassZipBuilder::new(&structure(), fonts, PdfOptions::with_layout(Layout::One));
        for chunk in order.chunks(CHUNK) {
            zip.add_users(chunk.iter().map(|&i| (&users[i].0, users[i].1.as_str())))
                .unwrap();
        }
        zip.finish().unwrap()
    });
    println!(
        "{USERS} letters, zip per class median {median:>6.1} ms  worst {worst:>6.1} ms  {:>5} files  {:>6.2} MB",
        zip.files.len(),
        zip.bytes.len() as f64 / 1e6,
    );
}

fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let start = Instant::now();
    let fonts = fonts();
    println!(
        "parse fonts (once per session): {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let users = users();
    let scenarios = [
        ("one", Layout::One, false, false),
        ("two", Layout::Two, false, false),
        ("eight", Layout::Eight, false, false),
        ("one qr", Layout::One, true, false),
        ("eight qr", Layout::Eight, true, false),
        ("eight sheets", Layout::Eight, false, true),
        ("l7160", Layout::L7160, false, false),
        ("card", Layout::Card, false, false),
    ];
    for (name, layout, qr, sheets) in scenarios {
        if !filters.is_empty() && filters.join(" ") != name {
            continue;
        }
        let options = PdfOptions {
            qr: QrCode::from_choices(qr, false),
            sign_off_sheets: sheets,
            ..PdfOptions::with_layout(layout)
        };
        let (median, worst, pdf) = timed(|| build(&fonts, &users, &options));
        println!(
            "{USERS} letters, {name:<13} median {median:>6.1} ms  worst {worst:>6.1} ms  {:>5} pages  {:>6.2} MB  {:>5} B/letter  fonts {:.1} KB",
            pdf.pages,
            pdf.bytes.len() as f64 / 1e6,
            pdf.bytes.len() / USERS,
            pdf.font_bytes as f64 / 1e3,
        );
    }
    if filters.is_empty() || filters.join(" ") == "zip" {
        zip_per_class(&fonts, &users);
    }
    if let Some(peak) = peak_memory_mib() {
        println!("peak memory of this process (VmHWM): {peak:.1} MiB");
    }
}
