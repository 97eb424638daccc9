//! `sesame migrate`: the database created or its schema brought up to date, and said so.

use crate::cli::MigrateArgs;
use crate::db::MIGRATIONS;
use crate::serve::open_db;

pub async fn migrate(args: &MigrateArgs) -> Result<(), String> {
    // Opening migrates (under the lock that keeps two processes from racing).
    let db = open_db(&args.db).await?;
    let applied = db
        .migrations_applied()
        .await
        .map_err(|e| format!("cannot read the schema's version: {e}"))?;
    println!(
        "{} ({}): schema up to date, {applied} of {} migrations applied",
        args.db.display(),
        db.engine(),
        MIGRATIONS.iter().count()
    );
    Ok(())
}
