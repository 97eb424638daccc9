//! What the end-to-end tests check of `tests/fixtures/example.csv`'s school the same way in
//! every engine: its selections opened by address, and its letters built in the page and read
//! back, with names no Latin-1 font prints (Łukasz, Nguyễn) among them.

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
    /// Opens the example school's selections by address, as bookmarked, from its distribution
    /// page: each loads as it was (the not-activated pupils; nobody, said so), and a mistyped
    /// parameter is an error, not « everyone ». Each state is audited for accessibility.
    pub async fn example_bookmarks(&self) {
        for (query, selected) in [
            ("activation=not-activated", 2),
            ("email=without&profile=Relative", 0),
        ] {
            self.goto_query(query).await;
            self.wait_selected(selected).await;
        }
        self.wait_for("[data-testid=empty]").await;
        self.audit_accessibility("distribution, nobody selected").await;
        self.goto_query("activaton=yes").await;
        self.wait_text(
            "[data-testid=error]",
            "Adresse de sélection invalide : paramètre inconnu « activaton » dans l’adresse",
        )
        .await;
        self.audit_accessibility("bad address").await;
    }

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
