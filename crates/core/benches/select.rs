//! Benchmark: one selection change (filter + sort) over 50,000 users, natively.
//! Target: ≤ 5 ms per change. Run with `cargo bench -p sesame-core --bench select`
//! (or `cargo xtask bench`); prints the median and worst of each scenario.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use sesame_core::made_up::Dice;
use sesame_core::{ClassRef, Directory, Profile, SchoolTimeZone, Selection, User};

const USERS: usize = 50_000;
const RUNS: usize = 30;

/// A deterministic pseudo-random directory: 60 classes, names with accents, a mix of profiles.
/// Its own short name lists, not core's made-up ones: the scenarios' searches (`nguyen 12`)
/// are sized for them.
fn directory() -> Vec<User> {
    let first = [
        "Zoé",
        "Émile",
        "Łukasz",
        "Anaïs",
        "Noé",
        "Chloé",
        "Ibrahim",
        "Алёна",
        "Thảo",
        "Jules",
    ];
    let last = [
        "Dupré", "Martin", "Nguyễn", "Œuvray", "Leroy", "Bernard", "Petit", "Durand", "Moreau", "Lefèvre",
    ];
    let levels = [
        "CP", "CE1", "CE2", "CM1", "CM2", "6e", "5e", "4e", "3e", "2de", "1re", "Tle",
    ];
    let mut dice = Dice::new(0x2545_f491_4f6c_dd1d);
    let mut next = move || dice.next();
    (0..USERS)
        .map(|i| {
            let r = next();
            let class = (r % 60) as usize;
            User {
                id: format!("u{i}"),
                profile: Profile::ALL[(r >> 8) as usize % 5],
                first_name: first[(r >> 16) as usize % first.len()].to_owned(),
                last_name: format!("{}{}", last[(r >> 24) as usize % last.len()], (r >> 32) % 1000),
                login: format!("user.{i}"),
                activation_code: ((r >> 40) % 3 != 0).then(|| format!("{:08X}", r >> 20)),
                email: ((r >> 44) % 2 == 0).then(|| format!("u{i}@ecole.fr")),
                created_at: Utc
                    .timestamp_opt(1_600_000_000 + (r >> 34) as i64 % 200_000_000, 0)
                    .unwrap(),
                blocked: (r >> 50) % 50 == 0,
                local_admin: (r >> 52) % 200 == 0,
                classes: vec![ClassRef {
                    id: format!("c{class}"),
                    name: format!("{} {}", levels[class % levels.len()], class / levels.len() + 1),
                }],
                children: vec![],
                last_distributed_at: None,
                import_id: None,
            }
        })
        .collect()
}

fn measure(name: &str, dir: &Directory, query: &str) {
    let selection = Selection::from_query(query).unwrap();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(dir.select(black_box(&selection)));
            start.elapsed()
        })
        .collect();
    times.sort();
    let start = Instant::now();
    for _ in 0..RUNS {
        black_box(dir.filter(black_box(&selection)));
    }
    let filter_only = start.elapsed() / RUNS as u32;
    println!("  (filter only: {:.3} ms)", filter_only.as_secs_f64() * 1e3);
    let picked = dir.select(&selection).len();
    println!(
        "select {name:<32} {picked:>6} users  median {:>7.3} ms  worst {:>7.3} ms",
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3
    );
}

fn main() {
    let users = directory();
    let start = Instant::now();
    let dir = Directory::new(users, SchoolTimeZone::EuropeParis);
    println!(
        "prepare {USERS} users (once per load): {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    measure("everyone, by name", &dir, "");
    measure("everyone, by class then profile", &dir, "sort=class,profile");
    measure(
        "students not activated, by class",
        &dir,
        "profile=Student&activation=not-activated&sort=class",
    );
    measure(
        "three classes, by class",
        &dir,
        "class=c1&class=c2&class=c3&sort=class",
    );
    measure("search \"mar\"", &dir, "q=mar");
    measure(
        "search \"nguyen 12\", by profile",
        &dir,
        "q=nguyen+12&sort=profile",
    );
    measure(
        "created since, without e-mail",
        &dir,
        "createdSince=2023-01-01&email=without",
    );
}
