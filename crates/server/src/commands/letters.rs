//! `sesame letters`: the credential letters PDF from a directory file, built by the very code the
//! browser runs (select, sort, group, lay out), for scripting and benchmarks. Runs on the
//! administrator's own machine, on a file they exported; the server never renders a PDF.

use std::path::Path;

use sesame_core::pdf::{group_label, letters_pdf, Fonts, MissingGlyphs, PdfError, PdfOptions, QrCode};
use sesame_core::Lang;
use sesame_core::{School, Selection, UnknownZone, UsersResponse};

use crate::cli::LettersArgs;

pub fn letters(args: &LettersArgs) -> Result<(), String> {
    let json =
        std::fs::read(&args.input).map_err(|e| format!("cannot read {}: {e}", args.input.display()))?;
    let directory: UsersResponse = serde_json::from_slice(&json).map_err(|e| {
        format!(
            "{} is not a directory file (GET …/users body): {e}",
            args.input.display()
        )
    })?;
    let selection = selection(args)?;
    let school = School::from_response(directory, UnknownZone::Refuse)
        .map_err(|e| format!("{}: {e}", args.input.display()))?;
    let lang = if args.english { Lang::En } else { Lang::Fr };
    let options = PdfOptions {
        layout: selection.layout,
        lang,
        new_page_per_group: !args.no_new_page_per_group,
        sign_off_sheets: args.sign_off_sheets,
        qr: QrCode::from_choices(args.qr, args.qr_includes_code),
        missing_glyphs: if args.print_missing {
            MissingGlyphs::Print
        } else {
            MissingGlyphs::Refuse
        },
        ..PdfOptions::default()
    };

    let School {
        structure,
        directory: dir,
    } = school;
    let picked = dir.select(&selection);
    let labels: Vec<String> = picked
        .iter()
        .map(|&i| group_label(&dir, i, &selection, lang))
        .collect();
    let users = picked
        .iter()
        .zip(&labels)
        .map(|(&i, label)| (&dir.users()[i], label.as_str()));

    let fonts = load_fonts(&args.fonts)?;
    let pdf = letters_pdf(&structure, &fonts, options, users).map_err(|e| match e {
        PdfError::MissingGlyphs(missing) => {
            let lines: Vec<String> = missing.iter().map(|m| format!("  {m}")).collect();
            format!(
                "{}\n{}\n(--print-missing prints them as empty boxes)",
                e_summary(missing.len()),
                lines.join("\n")
            )
        }
        other => other.to_string(),
    })?;
    std::fs::write(&args.output, &pdf.bytes)
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    for m in &pdf.missing {
        eprintln!("warning: {m}");
    }
    println!(
        "{}: {} letters on {} pages",
        args.output.display(),
        pdf.letters,
        pdf.pages
    );
    Ok(())
}

fn e_summary(count: usize) -> String {
    format!("{count} character(s) are in none of the fonts; nothing written:")
}

/// The selection of `--select`, with `--sort` and `--layout` applied through the same parser.
fn selection(args: &LettersArgs) -> Result<Selection, String> {
    let mut selection = Selection::from_query(&args.select).map_err(|e| format!("--select: {e}"))?;
    if let Some(sort) = &args.sort {
        let query = form_query("sort", sort);
        selection.sort = Selection::from_query(&query)
            .map_err(|e| format!("--sort: {e}"))?
            .sort;
    }
    if let Some(layout) = &args.layout {
        let query = form_query("layout", layout);
        selection.layout = Selection::from_query(&query)
            .map_err(|e| format!("--layout: {e}"))?
            .layout;
    }
    Ok(selection)
}

fn form_query(key: &str, value: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair(key, value)
        .finish()
}

fn load_fonts(dir: &Path) -> Result<Fonts, String> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| {
            format!(
                "cannot read the font {} ({e}); point --fonts at public/fonts",
                path.display()
            )
        })
    };
    Fonts::new(
        read("DejaVuSans.ttf")?,
        read("DejaVuSans-Bold.ttf")?,
        read("DejaVuSansMono.ttf")?,
    )
    .map_err(|e| format!("unusable font in {}: {e}", dir.display()))
}
