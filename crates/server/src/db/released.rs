//! Migrations whose comments were reworded after they were released, their SQL untouched.
//!
//! sqlx records each applied migration's checksum (SHA-384 of its file) and refuses to open a
//! database whose record differs from the binary's. A reworded comment changes the file's
//! checksum without changing the schema, so [`as_released`] gives such a migration back the
//! checksum it was released with — what every deployed database records — as long as its SQL,
//! comment lines set aside, is still the released SQL. Were anything but a comment to change,
//! the migration would keep its new checksum, and deployed databases would refuse it as sqlx
//! intends.

use std::borrow::Cow;

use sha2::{Digest, Sha384};
use sqlx::migrate::Migrator;

use super::{hex, unhex};

/// A reworded migration: its version, the checksum it was released with, and the SHA-384 of its
/// SQL without its comment lines ([`statements`]), which must not change.
struct Reworded<'a> {
    version: i64,
    released: &'a str,
    statements: &'a str,
}

/// SQLite's migrations 5 to 9 first said, in their first comment line, which item of the
/// project's tracker they came from: a number no reader of the repository can look up.
const SQLITE: [Reworded<'static>; 5] = [
    Reworded {
        version: 5,
        released:
            "2780a4f86c7592a0a079aae176b4d7d0fbc59e943c7076653b3565455fc2456b9c91da651c051c6f239dbe9164619e26",
        statements:
            "ae05cde646143a501901e5f885d03055c39ee555523fb0c2e7cef61c4a876876bf530cb3a4732ecde9a38e81eeae8d58",
    },
    Reworded {
        version: 6,
        released:
            "266d45e84bd4dd23d6ed01df0caa5e3ef4bdbf4a6411f0b04423bb2bb52afe0415a90cb9746c755db61808addd99bc64",
        statements:
            "53e05638f78f02d9d8e4120bd3c62f4e68c13e8731aa640348ab0c29bf4c80e24a802647026c5f486377759ccb003777",
    },
    Reworded {
        version: 7,
        released:
            "8b4665e36a5f0b12582d9e1bb854381acf54f7c914374548ae9c12a01e9b5329d94b4c030368e3eff7bd1f7d7b4dee80",
        statements:
            "9ff04c108503885b0c81f585cf77cfb4d53a06d6f098684cba236ccc5519f010e531f91d628baf1c645e215ba985871c",
    },
    Reworded {
        version: 8,
        released:
            "143a0daa10220e427282f55537b1c26bbcb4914e42da7accf7214d14994e5aa762a13b93fb26c74070d1a18a923714ab",
        statements:
            "dd7cf3a5ec5fe68d45a3be5eabb7cffb6dd04e0d119568761e1ce4f375266132d3cc2fa55b8f204ddfaadb8ec2b93f23",
    },
    Reworded {
        version: 9,
        released:
            "729cee15775fbe207316d66cef8a7e66ac5e8e6ea7e51f8fa29e7d5ed2eabc77124d659d6877168dd7f567194c9eac4c",
        statements:
            "c616893e37f60d66567ae5a57ab17130c2a4360fe05f51b50d63d432db5ba0203692de6c60031d11b877ecde734ae661",
    },
];

/// SQLite's `migrator` with each reworded migration's released checksum (see the module doc).
pub fn as_released(migrator: Migrator) -> Migrator {
    with_checksums(migrator, &SQLITE)
}

fn with_checksums(mut migrator: Migrator, reworded: &[Reworded]) -> Migrator {
    for migration in migrator.migrations.to_mut() {
        let Some(entry) = reworded.iter().find(|r| r.version == migration.version) else {
            continue;
        };
        if hex(&Sha384::digest(statements(&migration.sql))) == entry.statements {
            migration.checksum = Cow::Owned(unhex(entry.released).expect("a checksum in hexadecimal"));
        }
    }
    migrator
}

/// `sql` without its comment lines: what runs, which rewording a comment leaves alone.
fn statements(sql: &str) -> String {
    sql.lines()
        .filter(|line| !line.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha384};
    use sqlx::migrate::{Migration, MigrationType, Migrator};

    use super::{hex, statements, with_checksums, Reworded};

    fn migrator(sql: &'static str) -> Migrator {
        let migration = Migration::new(7, "example".into(), MigrationType::Simple, sql.into(), false);
        Migrator {
            migrations: vec![migration].into(),
            ..Migrator::DEFAULT
        }
    }

    /// A comment reworded keeps the released checksum; a statement changed, even by one
    /// character, does not, so a deployed database refuses the changed schema.
    #[test]
    fn only_a_reworded_comment_keeps_the_released_checksum() {
        let released = "-- First wording.\nCREATE TABLE v (id TEXT);\n";
        let (released_checksum, released_statements) = (
            hex(&Sha384::digest(released)),
            hex(&Sha384::digest(statements(released))),
        );
        let entry = [Reworded {
            version: 7,
            released: &released_checksum,
            statements: &released_statements,
        }];
        let checksum = |sql: &'static str| hex(&with_checksums(migrator(sql), &entry).migrations[0].checksum);

        let reworded =
            "-- A version of each directory,\n  -- said in two lines.\nCREATE TABLE v (id TEXT);\n";
        assert_eq!(checksum(reworded), entry[0].released);
        assert_eq!(checksum(released), entry[0].released);

        let changed = "-- A version.\nCREATE TABLE v (id TEXT NOT NULL);\n";
        assert_ne!(checksum(changed), entry[0].released);
        assert_eq!(checksum(changed), hex(&Sha384::digest(changed)));
    }
}
