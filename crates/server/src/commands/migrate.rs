//! `sesame migrate`: the database created or its schema brought up to date, and said so.

use crate::cli::MigrateArgs;
use crate::db::describe_location;
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
        describe_location(&args.db),
        db.engine(),
        db.migrations_known()
    );
    Ok(())
}
