//! The accessibility audit: axe-core's rules run in the page, in any engine
//! ([`super::Browser::audit_accessibility`]).
//!
//! axe-core is the npm package, pinned and fetched by `cargo xtask setup` into
//! `tests/fixtures/axe.min.js` (not committed: 650 KB of someone else's minified code; the
//! setup checks its digest). The app never loads it: the test injects it through WebDriver's
//! execute-script, which the page's CSP does not govern, and only for the audit.
//!
//! The rules: WCAG 2.0 and 2.1, levels A and AA. A "serious" or "critical" violation fails the
//! test; "moderate" and "minor" ones are printed, for a person to judge. Frames are left out:
//! the page's one frame is the PDF preview, which the browser's own viewer draws.

use std::path::PathBuf;

/// Where `cargo xtask setup` puts axe-core.
pub fn axe_path() -> PathBuf {
    crate::workspace().join("tests/fixtures/axe.min.js")
}

/// axe-core's source, read once per test process.
pub(super) fn source() -> &'static str {
    static SOURCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = axe_path();
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is missing ({}: {e}): `cargo xtask setup` fetches it",
                path.display()
            )
        })
    })
}

/// Runs `axe.run` on the whole document with the WCAG 2.0/2.1 A and AA rules; calls back with
/// the violations as JSON, or `error: …`.
pub(super) const RUN: &str = r#"
const done = arguments[arguments.length - 1];
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// `iframes: false`: the one frame is the PDF preview, the browser's own viewer, not the app's;
// axe would wait seconds for it to answer (it is not injected there).
axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], iframes: false })
  .then((r) => done(JSON.stringify(r.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  })))))
  .catch((e) => done(`error: ${e}`));
"#;

/// One rule the page breaks, with the elements that break it.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    pub help: String,
    /// CSS selectors of the offending elements.
    pub nodes: Vec<String>,
}

impl Violation {
    /// Whether it fails the test.
    pub fn fails(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }

    /// The violations [`RUN`] reported, as JSON text.
    pub(super) fn parse(json: &str) -> Vec<Violation> {
        let value: serde_json::Value =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("axe's answer {json:?}: {e}"));
        let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();
        value
            .as_array()
            .expect("axe's violations")
            .iter()
            .map(|v| Violation {
                id: text(v, "id"),
                impact: text(v, "impact"),
                help: text(v, "help"),
                nodes: v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| n.as_str().unwrap_or_default().to_owned())
                    .collect(),
            })
            .collect()
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {} — {}",
            self.id,
            self.impact,
            self.help,
            self.nodes.join(", ")
        )
    }
}
