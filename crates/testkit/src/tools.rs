//! The real PDF tools the tests check documents with: `qpdf --check`, `pdftotext`, `pdfinfo`
//! (Debian's qpdf and poppler-utils, which `cargo xtask setup` installs).

use std::path::Path;
use std::process::Command;

/// Runs `program args` and returns its standard output, asserting it succeeds.
pub fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e} (`cargo xtask setup` installs it)"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Asserts `qpdf --check` finds nothing wrong with `pdf`, not even a warning.
pub fn assert_valid_pdf(pdf: &Path) {
    let report = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        report.contains("No syntax or stream encoding errors") && !report.contains("WARNING"),
        "{}: {report}",
        pdf.display()
    );
}

/// The text `pdftotext -raw` extracts from `pdf`.
pub fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"])
}

/// The number of pages `pdfinfo` counts in `pdf`.
pub fn page_count(pdf: &Path) -> usize {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// The letters' fonts (DejaVu Sans, Sans Bold, Sans Mono from the workspace's `public/fonts/`),
/// read once per test process.
pub fn fonts() -> &'static sesame_core::pdf::Fonts {
    static FONTS: std::sync::OnceLock<sesame_core::pdf::Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| {
        let dir = crate::workspace().join("public/fonts");
        let read = |name: &str| std::fs::read(dir.join(name)).expect("font in public/fonts");
        sesame_core::pdf::Fonts::new(
            read("DejaVuSans.ttf"),
            read("DejaVuSans-Bold.ttf"),
            read("DejaVuSansMono.ttf"),
        )
        .unwrap()
    })
}
