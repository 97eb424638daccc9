//! `sesame import`: parse the ENT's CSV export (core), then write it in one transaction.
//! Every bad line is printed as `line N: reason` and nothing is written.

use std::sync::Arc;

use sesame_core::import::{parse_csv, ImportError};
use sesame_core::{LetterSettings, SchoolTimeZone};

use crate::cli::ImportArgs;
use crate::db::{Commit, ImportOptions, Importer};
use crate::serve::open_db;

/// Larger than any school's export (about 200 bytes a line): refuse a wrong file early.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub async fn import(args: &ImportArgs) -> Result<(), String> {
    let size = std::fs::metadata(&args.file)
        .map_err(|e| format!("cannot read {}: {e}", args.file.display()))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "{} is {size} bytes; the limit is {MAX_FILE_BYTES}",
            args.file.display()
        ));
    }
    let bytes = std::fs::read(&args.file).map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;

    let db = open_db(&args.db).await?;
    let existing = db
        .structure_by_uai(&args.structure)
        .await
        .map_err(|e| e.to_string())?;
    let time_zone = existing
        .as_ref()
        .and_then(|s| SchoolTimeZone::from_iana(&s.time_zone))
        .unwrap_or_default();
    let report = parse_csv(&bytes, time_zone)
        .map_err(|e| format!("{}: nothing imported\n{}", args.file.display(), error_lines(&e)))?;
    for warning in &report.warnings {
        eprintln!("{}: {warning}", args.file.display());
    }

    let structure = match existing {
        Some(structure) => structure,
        None => {
            let name = args.name.as_deref().ok_or_else(|| {
                format!(
                    "structure {} does not exist yet: give its name with --name",
                    args.structure
                )
            })?;
            db.create_structure(&args.structure, name, &LetterSettings::default())
                .await
                .map_err(|e| e.to_string())?
        }
    };
    let nothing = |e: sqlx::Error| format!("{}: nothing imported: {e}", args.file.display());
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = ImportOptions {
        file_name,
        remove_absent: args.remove_absent,
    };
    let commit = db
        .import(
            &structure.id,
            Arc::new(report.users),
            &Importer::Operator,
            &options,
        )
        .await
        .map_err(nothing)?;
    let record = match commit {
        Commit::Written(record, _) => record,
        Commit::Refused(planned) => {
            let lines: Vec<String> = planned
                .plan
                .conflicts
                .iter()
                .map(|l| format!("line {}: {}", l.line, l.reason))
                .collect();
            return Err(format!(
                "{}: nothing imported\n{}",
                args.file.display(),
                lines.join("\n")
            ));
        }
    };
    println!(
        "{}: {} accounts created, {} updated, {} unchanged, {} classes created in {} ({}); \
         {} shared with other schools, {} removed",
        args.file.display(),
        record.created,
        record.updated,
        record.unchanged,
        record.classes_created,
        structure.name,
        structure.uai,
        record.shared,
        record.removed,
    );
    Ok(())
}

/// Each bad line as `line N: reason` (ARCHITECTURE.md, « Interfaces kept stable »: scripts rely on
/// that prefix; the reason is French, for the administrator), or the file-level problem.
fn error_lines(error: &ImportError) -> String {
    match error {
        ImportError::File(e) => e.to_string(),
        ImportError::Lines(lines) => lines
            .iter()
            .map(|l| format!("line {}: {}", l.line, l.reason))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}
