//! `sesame migrate`: the database created or its schema brought up to date, and said so —
//! including, after a rollback or during a rolling upgrade, the migrations of a newer release
//! the database already has (this binary runs on them: docs/operations.md « Upgrading »).

use crate::cli::MigrateArgs;
use crate::db::{describe_location, describe_migrations};
use crate::serve::open_db;

pub async fn migrate(args: &MigrateArgs) -> Result<(), String> {
    // Opening migrates (under the lock that keeps two processes from racing).
    let db = open_db(&args.db).await?;
    let applied = db
        .migrations_applied()
        .await
        .map_err(|e| format!("cannot read the schema's version: {e}"))?;
    let known = db.migrations_known();
    let (own, newer): (Vec<_>, Vec<_>) = applied
        .into_iter()
        .partition(|(version, _)| known.version_exists(*version));
    println!(
        "{} ({}): schema up to date, {} of {} migrations applied",
        describe_location(&args.db),
        db.engine(),
        own.len(),
        known.iter().count()
    );
    if !newer.is_empty() {
        println!(
            "and {} of a newer release, which this binary does not know and runs on: {}",
            newer.len(),
            describe_migrations(&newer)
        );
    }
    Ok(())
}
