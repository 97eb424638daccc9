//! How an end-to-end test starts, the same way in every `crates/e2e/tests/e2e*.rs`: a school seeded through
//! the real `sesame import` and `sesame admin add` in a folder of its own, the real `sesame
//! serve` over it, a browser — and, for most tests, the administrator already signed in on the
//! distribution page. What differs from test to test (the school, the engine, the server's
//! arguments, the step to begin at) is said with [`Start`]'s few methods, so that a test's first
//! lines say only what is particular to it.

use std::path::PathBuf;

use tempfile::TempDir;

use super::{Browser, Engine};
use crate::school::{fixture, seed_csv, seed_example, seed_school};
use crate::{Server, Sesame, PASSWORD};

/// The UAI and name of the second school of [`Start::two_schools`].
pub const VOLTAIRE_UAI: &str = "0930001B";
pub const VOLTAIRE: &str = "Collège Voltaire";

/// What a started test holds: the folder of its database (also where the test may write its
/// files; removed when dropped), the server, the browser. Bound in this order, they are dropped
/// browser first, folder last.
pub type Started = (TempDir, Server, Browser);

/// The school a test starts over.
enum School {
    /// `tests/fixtures/example.csv`.
    Example,
    /// [`crate::school::school_csv`] of that many pupils.
    Generated(usize),
    /// An ENT export given as text.
    Csv(String),
    /// [`School::Example`] plus Collège Voltaire.
    TwoSchools,
}

/// A test's start, said in a few words: `Start::school(60).signed_in("direction", 78).await`.
#[must_use = "a start does nothing until opened"]
pub struct Start {
    school: School,
    central_admin: bool,
    engine: Engine,
    recording: bool,
    serve_args: Vec<String>,
    serve_env: Vec<(String, String)>,
    dist: Option<PathBuf>,
}

impl Start {
    fn over(school: School) -> Start {
        Start {
            school,
            central_admin: false,
            engine: Engine::Chromium,
            recording: false,
            serve_args: Vec::new(),
            serve_env: Vec::new(),
            dist: None,
        }
    }

    /// `tests/fixtures/example.csv`'s four accounts (two pupils, a teacher, a parent), with the
    /// local administrator `direction`.
    pub fn example() -> Start {
        Start::over(School::Example)
    }

    /// A generated school of `pupils` pupils ([`crate::school::school_csv`]), with the local
    /// administrator `direction`.
    pub fn school(pupils: usize) -> Start {
        Start::over(School::Generated(pupils))
    }

    /// The ENT export `csv` (its text), with the local administrator `direction`.
    pub fn csv(csv: &str) -> Start {
        Start::over(School::Csv(csv.to_owned()))
    }

    /// [`Start::example`] plus a second school, [`VOLTAIRE`] (`tests/fixtures/college.csv`), and
    /// the central administrator `rectorat`, who reaches both.
    pub fn two_schools() -> Start {
        Start::over(School::TwoSchools).central_admin()
    }

    /// With the central administrator `rectorat` (password [`PASSWORD`]), who reaches every
    /// school.
    pub fn central_admin(mut self) -> Start {
        self.central_admin = true;
        self
    }

    /// In `engine` rather than Chromium.
    pub fn engine(mut self, engine: Engine) -> Start {
        self.engine = engine;
        self
    }

    /// Chromium recording every network request ([`Browser::start_recording`]).
    pub fn recording(mut self) -> Start {
        self.recording = true;
        self
    }

    /// With these arguments to `sesame serve` (`--smtp-url …`).
    pub fn serve_args(mut self, args: &[&str]) -> Start {
        self.serve_args = args.iter().map(|a| (*a).to_owned()).collect();
        self
    }

    /// With these variables in `sesame serve`'s environment (`SESAME_MAIL_RATE`…).
    pub fn serve_env(mut self, env: &[(&str, &str)]) -> Start {
        self.serve_env = env
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        self
    }

    /// Serving the app built at `dist` rather than [`crate::dist::app_dist`].
    pub fn dist(mut self, dist: PathBuf) -> Start {
        self.dist = Some(dist);
        self
    }

    /// The server and the browser, no page opened yet.
    pub async fn open(self) -> Started {
        let dir = tempfile::tempdir().unwrap();
        let sesame = Sesame::from_env();
        let db = match &self.school {
            School::Example => seed_example(&sesame, dir.path()),
            School::Generated(pupils) => seed_school(&sesame, dir.path(), *pupils),
            School::Csv(text) => {
                let csv = dir.path().join("school.csv");
                std::fs::write(&csv, text).unwrap();
                seed_csv(&sesame, dir.path(), &csv)
            }
            School::TwoSchools => {
                let db = seed_example(&sesame, dir.path());
                sesame.import(&db, VOLTAIRE_UAI, VOLTAIRE, &fixture("college.csv"));
                db
            }
        };
        if self.central_admin {
            sesame.add_admin(&db, "rectorat", "central", &[], PASSWORD);
        }
        let args: Vec<&str> = self.serve_args.iter().map(String::as_str).collect();
        let dist = self.dist.unwrap_or_else(crate::dist::app_dist);
        let env: Vec<(&str, &str)> = self
            .serve_env
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let server = sesame.serve(&db, &dist, &args, &env);
        let browser = if self.recording {
            assert_eq!(self.engine, Engine::Chromium, "only Chromium records requests");
            Browser::start_recording().await
        } else {
            Browser::start_in(self.engine).await
        };
        (dir, server, browser)
    }

    /// [`Start::open`], then `login` signed in ([`Browser::sign_in`]): the distribution page
    /// with `accounts` accounts selected.
    pub async fn signed_in(self, login: &str, accounts: usize) -> Started {
        let (dir, server, browser) = self.open().await;
        browser.sign_in(&server.url, login, accounts).await;
        (dir, server, browser)
    }
}

impl Browser {
    /// Over [`Start::two_schools`]: signs in as the central administrator, who is offered both
    /// schools, and returns [`VOLTAIRE`]'s id — the school a local administrator of the other
    /// must never reach.
    pub async fn voltaire_as_central(&self, url: &str) -> String {
        self.sign_in_as(url, "rectorat").await;
        let offered = self.schools_offered().await;
        assert_eq!(offered.len(), 2, "{offered:?}");
        offered
            .into_iter()
            .find(|(_, label)| label.contains("Voltaire"))
            .expect("the collège is offered")
            .0
    }
}
