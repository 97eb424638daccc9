//! Benchmark: reading a 20,000-line ENT export (UTF-8 with BOM, quoted cells, relatives with
//! children matched against the file's pupils), and the same file in Windows-1252. Run with
//! `cargo bench -p sesame-core --bench import`; prints the median and worst of each.

use std::hint::black_box;
use std::time::{Duration, Instant};

use sesame_core::import::parse_csv;
use sesame_core::made_up::Dice;
use sesame_core::SchoolTimeZone;

const LINES: usize = 20_000;
const RUNS: usize = 15;

/// A deterministic export: every profile, names with accents in several scripts, some quoted
/// cells (a line break in children, a semicolon in classes). Latin-1 names only when `latin`, so
/// the same text can be written in Windows-1252.
fn export(latin: bool) -> String {
    let first = if latin {
        [
            "Zoé",
            "Émile",
            "Anaïs",
            "Noël",
            "Chloé",
            "Jérôme",
            "Françoise",
            "Gaëlle",
        ]
    } else {
        [
            "Zoé",
            "Łukasz",
            "Алёна",
            "Νικόλαος",
            "Thảo",
            "Émile",
            "ليلى",
            "美咲",
        ]
    };
    let last = [
        "Dupré", "Martin", "Lefèvre", "Œuvray", "Cœur", "Bézier", "Petit", "Moreau",
    ];
    let classes = ["CP A", "CE1 B", "CE2 A", "CM1 B", "CM2 A", "6e B", "5e C", "4e A"];
    let profiles = [
        "Élève",
        "Élève",
        "Élève",
        "Parent",
        "Parent",
        "Enseignant",
        "Personnel",
        "Invité",
    ];
    let mut dice = Dice::new(0x9e37_79b9_7f4a_7c15);
    let mut next = move || dice.next() as usize;
    let mut out = String::from(
        "Id;Type;Nom;Prénom;Login;Alias de login;Code d'activation;Courriel;Date de création;\
         Bloqué;Administrateur local;Classes;Enfants\r\n",
    );
    let mut lines = 1;
    let mut i = 0;
    while lines < LINES {
        let r = next();
        let profile = profiles[r % profiles.len()];
        let (f, l) = (first[(r >> 8) % first.len()], last[(r >> 12) % last.len()]);
        let class = classes[(r >> 16) % classes.len()];
        let code = if (r >> 20) % 3 == 0 {
            String::new()
        } else {
            format!("{:08X}", r >> 24 & 0xFFFF_FFFF)
        };
        let email = if (r >> 22) % 2 == 0 {
            format!("u{i}@ecole.example.fr")
        } else {
            String::new()
        };
        let date = format!(
            "{:02}/{:02}/20{:02}",
            1 + (r >> 26) % 28,
            1 + (r >> 31) % 12,
            15 + (r >> 35) % 10
        );
        let (classes_cell, children) = match profile {
            "Élève" => (class.to_owned(), String::new()),
            "Enseignant" => (
                format!("\"{class};{}\"", classes[(r >> 40) % classes.len()]),
                String::new(),
            ),
            "Parent" => (
                String::new(),
                format!(
                    "\"{} {} ({class})\r\n{} {}\"",
                    first[(r >> 44) % 8],
                    l,
                    first[(r >> 48) % 8],
                    l
                ),
            ),
            _ => (String::new(), String::new()),
        };
        let blocked = if (r >> 50) % 40 == 0 { "oui" } else { "non" };
        out.push_str(&format!(
            "u{i};{profile};{l};{f};user.{i};;{code};{email};{date};{blocked};non;{classes_cell};{children}\r\n",
        ));
        lines += 1 + usize::from(!children.is_empty());
        i += 1;
    }
    out
}

fn measure(name: &str, bytes: &[u8]) {
    let zone = SchoolTimeZone::EuropeParis;
    let users = parse_csv(bytes, zone)
        .expect("the generated export is valid")
        .users
        .len();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(parse_csv(black_box(bytes), zone).unwrap());
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "import {name}: {LINES} lines ({users} accounts, {} KiB): median {:.1} ms, worst {:.1} ms",
        bytes.len() / 1024,
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3,
    );
}

fn main() {
    let mut utf8 = "\u{FEFF}".to_owned();
    utf8.push_str(&export(false));
    measure("UTF-8", utf8.as_bytes());
    let latin = export(true);
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&latin);
    assert!(!unmappable, "Latin names only");
    measure("Windows-1252", &cp1252);
}
