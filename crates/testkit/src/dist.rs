//! The app a served test uses: the one `cargo xtask test` builds, or a stand-in for tests of the
//! server alone.

use std::path::{Path, PathBuf};

/// The built app: `SESAME_DIST`, or the workspace's `dist/` (`cargo xtask test` builds it).
pub fn app_dist() -> PathBuf {
    let dist = crate::env_path("SESAME_DIST", crate::workspace().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no built app in {}: run `cargo xtask test`",
        dist.display()
    );
    dist
}

/// A stand-in for the built app in `dir/dist`, for tests of the server alone: an
/// `index.html` and a script.
pub fn fake_dist(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>Sésame</title>").unwrap();
    std::fs::write(dist.join("app.js"), "console.log('app');").unwrap();
    dist
}
