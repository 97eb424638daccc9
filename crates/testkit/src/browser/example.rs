//! The letters of `tests/fixtures/example.csv`'s school, built in the page and read back: what
//! the end-to-end tests of every engine check the same way, with names no Latin-1 font prints
//! (Łukasz, Nguyễn) among them.

use std::path::{Path, PathBuf};

use super::Browser;
use crate::tools::{page_count, pdf_text};

/// What each letter of the example school must carry, whatever the layout: names, logins and
/// activation codes of its four accounts.
const EXAMPLE_LETTERS_SAY: [&str; 7] = [
    "Łukasz",
    "Nguyễn",
    "Zoé",
    "Dupré",
    "zoe.dupre",
    "AB12CD34",
    "K9P2X7QL",
];

impl Browser {
    /// Builds the example school's letters in `layout` (`1`, `2` or `8` per page) and checks
    /// them: valid (qpdf), offered under a name after the school, `pages` pages, every name,
    /// login and code in their text, the link to them said ready. Saved as `dir/name`; returns
    /// their path and the name the page offers them under.
    pub async fn example_letters(
        &self,
        dir: &Path,
        name: &str,
        layout: &str,
        pages: usize,
    ) -> (PathBuf, String) {
        self.click(&format!("[data-testid=layout-{layout}]")).await;
        self.click("[data-testid=generate-pdf]").await;
        let (pdf, download) = self.generated_pdf(dir, name).await;
        assert!(
            download.starts_with("identifiants-ecole-jean-jaures-") && download.ends_with(".pdf"),
            "{download}"
        );
        assert_eq!(page_count(&pdf), pages, "layout {layout}");
        let text = pdf_text(&pdf);
        for expected in EXAMPLE_LETTERS_SAY {
            assert!(
                text.contains(expected),
                "layout {layout}: {expected} missing from\n{text}"
            );
        }
        self.wait_text("[data-testid=pdf-ready]", &format!("Télécharger {download}"))
            .await;
        (pdf, download)
    }
}
