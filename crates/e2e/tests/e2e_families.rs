//! End-to-end, the lost parent letter: a relative's own name says nothing of whose parent they
//! are, so the check table shows, on a relative's row, what their letter says of their children
//! (« Responsable de : Fatoumata Müller (6e A) »), and a search for a pupil finds the pupil and
//! their parents — never only a namesake's parent. Over a small school seeded through the real
//! `sesame import`, served by the real `sesame`, in headless Chromium; the letter itself is
//! read back with `pdftotext`.
#![cfg(not(target_arch = "wasm32"))]

use sesame_testkit::browser::{Browser, Start};
use sesame_testkit::tools::tool;

/// Two Müllers who are not of one family: Sacha, a parent of the pupil Théo Kowalski, and the
/// pupil Fatoumata, whose parent is Dmitri Kaya (and Awa Diallo, parent of both pupils).
const FAMILIES: &str = "\
Type;Nom;Prénom;Login;Code d'activation;Classes;Enfants
Élève;Müller;Fatoumata;fatoumata.muller;FM6A0001;6e A;
Élève;Kowalski;Théo;theo.kowalski;TKCM2B01;CM2 B;
Parent;Müller;Sacha;sacha.muller;SMPARENT;;Théo Kowalski (CM2 B)
Parent;Kaya;Dmitri;dmitri.kaya;DKPARENT;;Fatoumata Müller (6e A)
Parent;Diallo;Awa;awa.diallo;ADPARENT;;Théo Kowalski (CM2 B), Fatoumata Müller (6e A)
Enseignant;Leroy;Anne;anne.leroy;ALPROF01;6e A;
";

/// Each shown row's last name, first name and what its « Classes » cell says.
async fn rows(browser: &Browser) -> Vec<(String, String, String)> {
    let value = browser
        .script(
            "return [...document.querySelectorAll('[data-testid=user-row]')].map(tr => \
             [tr.querySelector('[data-col=lastName]'), tr.querySelector('[data-col=firstName]'), \
              tr.querySelector('[data-col=classes]')].map(td => td ? td.textContent.trim() : ''));",
        )
        .await;
    serde_json::from_value(value).unwrap()
}

fn row(last: &str, first: &str, classes: &str) -> (String, String, String) {
    (last.into(), first.into(), classes.into())
}

#[tokio::test]
async fn a_pupils_name_finds_their_parents_and_each_parents_row_says_whose_letter_it_is() {
    let (dir, _server, browser) = Start::csv(FAMILIES).signed_in("direction", 6).await;

    // The pupil's name: the pupil and both of her parents, each saying so.
    browser.search_expecting("Fatoumata Müller", 3).await;
    assert_eq!(
        rows(&browser).await,
        [
            row(
                "Diallo",
                "Awa",
                "Responsable de : Théo Kowalski (CM2 B), Fatoumata Müller (6e A)"
            ),
            row("Kaya", "Dmitri", "Responsable de : Fatoumata Müller (6e A)"),
            row("Müller", "Fatoumata", "6e A"),
        ]
    );

    // « Müller » alone: Sacha Müller is listed too, and her row says she is Théo's parent.
    browser.search_expecting("muller", 4).await;
    let shown = rows(&browser).await;
    assert!(
        shown.contains(&row("Müller", "Sacha", "Responsable de : Théo Kowalski (CM2 B)")),
        "{shown:?}"
    );

    // What the row says is what the letter prints.
    browser.search_expecting("Dmitri", 1).await;
    let said = browser.text_of("[data-testid=row-children]").await;
    browser.click("[data-testid=generate-pdf]").await;
    let (pdf, _) = browser.generated_pdf(dir.path(), "kaya.pdf").await;
    let text = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    assert!(text.contains(said.trim()), "{said:?} not in the letter:\n{text}");

    // In English the row says it in English, as an English letter would.
    browser.click(".lang-switch").await;
    browser
        .wait_text("[data-testid=row-children]", "Parent of: Fatoumata Müller (6e A)")
        .await;
    browser.close().await;
}
