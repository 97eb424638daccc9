//! `sesame demo`: a fresh database with two fictional schools, then serve it.
//!
//! The directory is written as the ENT's own CSV export and goes through the real import, so the
//! demo also shows the import at work. The schools are made up by core's `made_up` (names from
//! many scripts, because real schools have them). Generation is deterministic: the same accounts
//! every time, only the administrators' passwords are new at each start, and the creation dates
//! follow the day the demo is built (most on a 1 September, a few in the last weeks, never in
//! the future).
//!
//! E-mail works with no mail server to set up: without `--smtp-url`, the outbox writes each
//! message to a folder as an `.eml` file (`mail_folder`), through the same outbox and workers as
//! SMTP. Those files hold activation codes — of fictional pupils — so the folder is its owner's
//! alone.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use sesame_core::import::parse_csv;
use sesame_core::made_up::{Dice, MadeUpSchool, CODE_ALPHABET, SEED};
use sesame_core::{LetterSettings, SchoolTimeZone};

use crate::auth::password;
use crate::cli::DemoArgs;
use crate::db::{random_bytes, Admin, Db, Role};
use crate::mail::Delivery;
use crate::serve::{open_db, run};

/// The demo's two fictional schools, with their names.
const SCHOOLS: [(MadeUpSchool, &str); 2] = [
    (
        MadeUpSchool {
            uai: "0751234A",
            classes: &["PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2 A", "CM2 B"],
            pupils_per_class: 22,
            relatives_percent: 50,
            activated_percent: 30,
            teachers: 10,
            personnel: 4,
            guests: 3,
        },
        "École élémentaire Jean-Jaurès",
    ),
    (
        MadeUpSchool {
            uai: "0755678B",
            classes: &["6e A", "6e B", "5e A", "5e B", "4e A", "4e B", "3e A", "3e B"],
            pupils_per_class: 24,
            relatives_percent: 50,
            activated_percent: 30,
            teachers: 15,
            personnel: 6,
            guests: 3,
        },
        "Collège Marie-Curie",
    ),
];

fn new_password() -> String {
    let bytes = random_bytes::<12>();
    bytes
        .iter()
        .map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char)
        .collect()
}

/// The fictional ENT's domain the demo's schools send from; `sesame demo` allows it as a sender
/// domain beside the operator's unless `SESAME_MAIL_ALLOWED_DOMAINS` says otherwise.
pub const DEMO_SENDER_DOMAIN: &str = "ent.exemple.fr";

/// Fills `db` with the two schools, as built on `today` (the school's calendar day), and three
/// administrators; returns (login, password, role).
pub async fn seed(db: &Db, today: NaiveDate) -> Result<Vec<(String, String, &'static str)>, String> {
    let mut dice = Dice::new(SEED);
    let settings = LetterSettings {
        ent_name: "ONE".into(),
        login_url: "https://ent.exemple.fr".into(),
        activation_url: "https://ent.exemple.fr/auth/activation".into(),
        help_text: "En cas de difficulté, adressez-vous au secrétariat de l'établissement.".into(),
        sender_address: format!("ne-pas-repondre@{DEMO_SENDER_DOMAIN}"),
        ..Default::default()
    };
    let mut structure_ids = Vec::new();
    for (school, name) in &SCHOOLS {
        let csv = school.csv(&mut dice, today);
        let report = parse_csv(csv.as_bytes(), SchoolTimeZone::EuropeParis).map_err(|e| e.to_string())?;
        let structure = db
            .create_structure(school.uai, name, &settings)
            .await
            .map_err(|e| e.to_string())?;
        db.import_users(&structure.id, &report.users)
            .await
            .map_err(|e| e.to_string())?;
        structure_ids.push(structure.id);
    }
    let accounts = [
        ("demo", "Administrateur de démonstration", Role::Central, vec![]),
        (
            "direction.jaures",
            "Direction Jean-Jaurès",
            Role::Local,
            vec![structure_ids[0].clone()],
        ),
        (
            "direction.curie",
            "Direction Marie-Curie",
            Role::Local,
            vec![structure_ids[1].clone()],
        ),
    ];
    let mut printed = Vec::new();
    for (login, name, role, structures) in accounts {
        let secret = new_password();
        let admin = Admin {
            login: login.into(),
            display_name: name.into(),
            password_hash: password::hash(&secret),
            role,
            disabled: false,
        };
        db.put_admin(&admin, &structures)
            .await
            .map_err(|e| e.to_string())?;
        printed.push((login.to_owned(), secret, role.as_str()));
    }
    Ok(printed)
}

/// Creates `dir` for its owner alone (0700 on Unix) if it is missing, and returns its absolute
/// path. A folder that exists is used only if it already is its owner's alone: it is never
/// chmod-ed (it may be someone's `/tmp`), and one others can read is refused. Messages of
/// earlier runs stay; new ones get new names.
pub fn mail_folder(dir: &Path) -> Result<PathBuf, String> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| {
        format!(
            "cannot create the mail folder {}: {e}; give another with --mail-dir",
            dir.display()
        )
    })?;
    let folder = std::fs::canonicalize(dir)
        .map_err(|e| format!("cannot open the mail folder {}: {e}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&folder)
            .map_err(|e| format!("cannot open the mail folder {}: {e}", folder.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "the mail folder {} is open to others (mode {:o}) and its e-mails would hold \
                 activation codes: `chmod 700` it, or give another with --mail-dir",
                folder.display(),
                mode & 0o777
            ));
        }
    }
    Ok(folder)
}

pub async fn demo(args: &DemoArgs) -> Result<(), String> {
    // The demo replaces its database at each start: only ever a file of its own, never a
    // PostgreSQL database that may hold a school's real accounts.
    if crate::db::postgres_url(&args.db).is_some() {
        return Err("sesame demo writes a SQLite file of its own: give --db a file path".into());
    }
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", args.db.display());
        if std::path::Path::new(&path).exists() {
            std::fs::remove_file(&path).map_err(|e| format!("cannot replace {path}: {e}"))?;
        }
    }
    let mut mail = args.mail.clone();
    if mail.mail_allowed_domains.is_none() {
        let operator = mail.from()?;
        mail.mail_allowed_domains = Some(format!("{}, {DEMO_SENDER_DOMAIN}", operator.email.domain()));
    }
    // Without --smtp-url, the folder (created now, so a bad one stops the demo at once).
    let delivery = match mail.config(None)? {
        Some(config) => config.delivery,
        None => Delivery::Folder(mail_folder(&args.mail_dir())?),
    };
    let db = open_db(&args.db).await?;
    let today = SchoolTimeZone::EuropeParis.local_date(Utc::now());
    let accounts = seed(&db, today).await?;
    println!("Sésame demo — two fictional schools in {}", args.db.display());
    for (login, secret, role) in &accounts {
        println!("  {role:<7} administrator: login {login:<18} password {secret}");
    }
    let folder = match &delivery {
        Delivery::Folder(folder) => {
            println!(
                "E-mail: messages written as .eml files to {} (no --smtp-url); they contain the \
                 fictional pupils' activation codes",
                folder.display()
            );
            Some(folder.as_path())
        }
        Delivery::Smtp(_) => {
            println!("E-mail: sent through {delivery} (--smtp-url)");
            None
        }
    };
    run(db, &args.listen, &mail, folder).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Every account's creation date in the demo built on `today`, read back by the import.
    fn created(today: NaiveDate) -> Vec<NaiveDate> {
        let mut dice = Dice::new(SEED);
        SCHOOLS
            .iter()
            .flat_map(|(school, _)| {
                let csv = school.csv(&mut dice, today);
                let report = parse_csv(csv.as_bytes(), SchoolTimeZone::EuropeParis).unwrap();
                report
                    .users
                    .into_iter()
                    .map(|u| {
                        SchoolTimeZone::EuropeParis
                            .local_date(u.created_at.expect("the demo dates every account"))
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn no_account_is_created_after_the_day_the_demo_is_built() {
        // Around the start of the school year, new year, a leap day, and every day of a year.
        let mut days = vec![
            day(2025, 8, 31),
            day(2025, 9, 1),
            day(2026, 1, 1),
            day(2028, 2, 29),
        ];
        days.extend(day(2026, 1, 1).iter_days().take(366));
        for today in days {
            let dates = created(today);
            let last = dates.iter().max().unwrap();
            assert!(*last <= today, "{last} after {today}");
        }
    }

    #[test]
    fn most_at_a_start_of_school_year_a_few_in_the_last_weeks() {
        let today = day(2026, 3, 15);
        let dates = created(today);
        let rentrees = [2025, 2024, 2023, 2022].map(|y| day(y, 9, 1));
        let at_rentree = dates.iter().filter(|d| rentrees.contains(d)).count();
        let recent: Vec<_> = dates.iter().filter(|d| !rentrees.contains(d)).collect();
        assert_eq!(at_rentree + recent.len(), dates.len());
        assert!(
            at_rentree * 10 >= dates.len() * 9,
            "{at_rentree} of {}",
            dates.len()
        );
        assert!(!recent.is_empty(), "some accounts arrived during the year");
        assert!(
            recent.iter().all(|d| **d >= day(2026, 2, 1) && **d < today),
            "{recent:?}"
        );
        // The current school year's start is one of the four.
        let current = dates.iter().filter(|d| **d == day(2025, 9, 1)).count();
        assert!(current * 6 >= dates.len(), "{current} of {}", dates.len());
        // In September, the current school year has begun this very year.
        assert!(created(day(2026, 9, 10)).contains(&day(2026, 9, 1)));
        assert!(!created(day(2026, 8, 31)).contains(&day(2026, 9, 1)));
    }

    #[test]
    fn the_same_day_builds_the_same_demo_and_another_day_changes_only_dates() {
        let csv = |today| {
            let mut dice = Dice::new(SEED);
            SCHOOLS[0].0.csv(&mut dice, today)
        };
        let today = day(2026, 5, 20);
        assert_eq!(csv(today), csv(today));
        let without_dates = |text: String| -> Vec<String> {
            text.lines()
                .map(|line| {
                    let mut fields: Vec<&str> = line.split(';').collect();
                    fields[8] = "";
                    fields.join(";")
                })
                .collect()
        };
        assert_eq!(without_dates(csv(today)), without_dates(csv(day(2027, 11, 2))));
    }

    #[test]
    fn the_mail_folder_is_created_for_its_owner_alone() {
        let dir = tempfile::tempdir().unwrap();
        let folder = mail_folder(&dir.path().join("a/demo-mail")).unwrap();
        assert!(folder.is_absolute() && folder.is_dir());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "{mode:o}");
        }
        // Again on the same folder: used as it is.
        assert_eq!(mail_folder(&folder).unwrap(), folder);
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_open_to_others_is_refused_and_left_as_it_is() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let open = dir.path().join("shared");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
        let error = mail_folder(&open).unwrap_err();
        assert!(
            error.contains("mode 755") && error.contains("--mail-dir"),
            "{error}"
        );
        let mode = std::fs::metadata(&open).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755, "never chmod-ed");
    }
}
