//! `sesame letters`: the credential letters PDF from a directory file, built by the very code the
//! browser runs (select, sort, group, lay out), for scripting and benchmarks. Runs on the
//! administrator's own machine, on a file they exported; the server never renders a PDF.
//!
//! Also the sheets' test page (`--test-page`) and one PDF per class in a ZIP (`--per-class`).
//! The DejaVu fonts of `public/fonts/` are built into the binary, so the installed command works
//! from any folder; `--fonts DIR` reads other files instead.

use std::path::Path;

use sesame_core::pdf::{
    group_label, letters_pdf, test_page, zip_grouping, zip_order, ClassZipBuilder, Fonts, MissingGlyphs,
    PdfError, PdfOptions, QrCode,
};
use sesame_core::{Directory, Lang, Structure, User};
use sesame_core::{School, Selection, UnknownZone, UsersResponse};

use crate::cli::LettersArgs;

/// The faces the app serves from `public/fonts/`, in the binary.
const REGULAR: &[u8] = include_bytes!("../../../../public/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../../public/fonts/DejaVuSans-Bold.ttf");
const MONO: &[u8] = include_bytes!("../../../../public/fonts/DejaVuSansMono.ttf");

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
    // Step 3's options come from the address (`--select`) as in the app; a flag turns one on
    // (or, for --no-new-page-per-group, off) whatever the address says.
    let print = selection.print;
    let lang = if args.english { Lang::En } else { print.letter_lang };
    let fonts = load_fonts(args.fonts.as_deref())?;
    if args.test_page {
        let bytes = test_page(&school.structure, &fonts, selection.layout, lang)
            .ok_or("--test-page: choose a sticker or card sheet with --layout (L7160, L7163, L7159, Z3474, card)")?
            .map_err(|e| e.to_string())?;
        write(&args.output, &bytes)?;
        println!(
            "{}: test page of {}",
            args.output.display(),
            selection.layout.query_word()
        );
        return Ok(());
    }
    if (args.qr || args.qr_includes_code) && !selection.layout.prints_qr() {
        eprintln!("warning: --qr: a sticker or card sheet prints no QR code (no room for one a phone reads)");
    }
    let options = PdfOptions {
        layout: selection.layout,
        first_label: args.first_label,
        lang,
        new_page_per_group: print.new_page_per_group && !args.no_new_page_per_group,
        sign_off_sheets: args.sign_off_sheets || print.sign_off_sheets,
        cover_sheets: args.cover_sheets,
        cover_date: Some(chrono::Local::now().date_naive()),
        qr: if selection.layout.prints_qr() {
            QrCode::from_choices(
                args.qr || print.qr.is_printed(),
                args.qr_includes_code || print.qr == QrCode::AddressAndCode,
            )
        } else {
            QrCode::None
        },
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
    if args.per_class {
        return per_class(args, &structure, &dir, &selection, &fonts, options);
    }
    let picked = dir.select(&selection);
    let labels: Vec<String> = picked
        .iter()
        .map(|&i| group_label(&dir, i, &selection, lang))
        .collect();
    let users = picked
        .iter()
        .zip(&labels)
        .map(|(&i, label)| (&dir.users()[i], label.as_str()));

    let pdf = letters_pdf(&structure, &fonts, options, users).map_err(explain)?;
    write(&args.output, &pdf.bytes)?;
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

/// `--per-class`: the ZIP the app's « Un PDF par classe » builds.
fn per_class(
    args: &LettersArgs,
    structure: &Structure,
    dir: &Directory,
    selection: &Selection,
    fonts: &Fonts,
    options: PdfOptions,
) -> Result<(), String> {
    if !args.print_missing {
        let users = dir.select(selection);
        let users = users.iter().map(|&i| &dir.users()[i]);
        let missing = sesame_core::pdf::missing_chars(fonts, structure, users, options.lang);
        if !missing.is_empty() {
            return Err(explain(PdfError::MissingGlyphs(missing)));
        }
    }
    let grouping = zip_grouping(selection);
    let picked = dir.select(selection);
    let labels: Vec<String> = picked
        .iter()
        .map(|&i| group_label(dir, i, &grouping, options.lang))
        .collect();
    let users: Vec<(&User, &str)> = zip_order(&labels)
        .into_iter()
        .map(|k| (&dir.users()[picked[k]], labels[k].as_str()))
        .collect();
    let mut zip = ClassZipBuilder::new(structure, fonts, options);
    zip.add_users(users).map_err(explain)?;
    let zip = zip.finish().map_err(explain)?;
    write(&args.output, &zip.bytes)?;
    for f in &zip.files {
        println!("  {}: {} letters on {} pages", f.name, f.letters, f.pages);
    }
    println!(
        "{}: {} letters in {} files",
        args.output.display(),
        zip.letters,
        zip.files.len()
    );
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn explain(e: PdfError) -> String {
    match e {
        PdfError::MissingGlyphs(missing) => {
            let lines: Vec<String> = missing.iter().map(|m| format!("  {m}")).collect();
            format!(
                "{}\n{}\n(--print-missing prints them as empty boxes)",
                e_summary(missing.len()),
                lines.join("\n")
            )
        }
        other => other.to_string(),
    }
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

/// The fonts of `dir`, or those built into the binary.
fn load_fonts(dir: Option<&Path>) -> Result<Fonts, String> {
    let Some(dir) = dir else {
        return Fonts::new(REGULAR.to_vec(), BOLD.to_vec(), MONO.to_vec())
            .map_err(|e| format!("the built-in fonts are unusable: {e}"));
    };
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| {
            format!(
                "cannot read the font {} ({e}); point --fonts at a folder with the DejaVu fonts, or leave it out",
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
