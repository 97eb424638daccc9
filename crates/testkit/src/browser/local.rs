//! Driving local mode's page (`/local`), where the ENT's export is opened in the browser alone,
//! as its tests and its benchmark do: choosing the file, and giving the letters what they wait
//! for before the accounts show.

use std::path::Path;

use super::Browser;

impl Browser {
    /// Opens `csv` through local mode's file input, as a person choosing it does.
    pub async fn open_local_file(&self, csv: &Path) {
        // ChromeDriver takes only a canonical path (no `..`).
        let csv = csv
            .canonicalize()
            .unwrap_or_else(|e| panic!("{}: {e}", csv.display()));
        self.type_into("[data-testid=local-file]", csv.to_str().unwrap())
            .await;
    }

    /// Types what the letters need into local mode's settings form — the school's name
    /// `school` and a sign-in address —: the table waits for them.
    pub async fn give_the_letters_what_they_need(&self, school: &str) {
        self.type_into("[data-testid=setting-school-name]", school).await;
        self.type_into("[data-testid=setting-login-url]", "https://ent.example.fr")
            .await;
    }
}
