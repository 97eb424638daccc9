//! `sesame copy --from FILE --to postgres://…`: a SQLite installation moved to PostgreSQL
//! (`Db::copy_into`: every row, in one transaction), and what was copied said table by table.

use crate::cli::CopyArgs;
use crate::db::{describe_location, postgres_url};
use crate::serve::open_db;

pub async fn copy(args: &CopyArgs) -> Result<(), String> {
    if postgres_url(&args.from).is_some() || !args.from.is_file() {
        return Err(format!(
            "--from must be an existing SQLite file: {}",
            describe_location(&args.from)
        ));
    }
    if postgres_url(&args.to).is_none() {
        return Err(format!(
            "--to must be a PostgreSQL database's postgres:// URL, not {}",
            args.to.display()
        ));
    }
    let from = open_db(&args.from).await?;
    let to = open_db(&args.to).await?;
    let target = describe_location(&args.to);
    let copied = from
        .copy_into(&to)
        .await
        .map_err(|e| format!("nothing copied to {target}: {e}"))?;
    for table in &copied {
        println!("{:>20} {:>9} rows", table.table, table.rows);
    }
    let total: i64 = copied.iter().map(|t| t.rows).sum();
    println!(
        "{} copied to {target}: {total} rows in {} tables, each counted on both sides",
        args.from.display(),
        copied.len()
    );
    Ok(())
}
