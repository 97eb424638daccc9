//! Which of the app's two WebAssembly modules draws a page, so that the server, the page and the
//! build agree on it.
//!
//! Every school downloads the page that signs in and leads through the three steps, on links
//! that can be slow; administrators alone visit the other pages (the administrators and
//! schools, the import, the letter settings, their own password) and local mode. So the app is
//! built twice: the **steps** module, with the sign-in, the home redirect and the distribution
//! page only, and the **whole** app, which the other pages load — it keeps the steps too, so
//! that going from the settings back to the distribution stays in the page. The server answers
//! a path of the whole app with [`WHOLE_PAGE`] (the same HTML, loading the other module), and
//! the steps module, when it is asked to draw one of those paths, hands over to the whole app.

/// The two modules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppModule {
    /// Sign-in, `/` and `/structures/{id}/distribution`: `index.html`'s own module.
    Steps,
    /// Every other page of the app (and the steps again): `whole.html`'s module.
    Whole,
}

/// The file of `dist/` that loads the whole app, made from `index.html` by the build.
pub const WHOLE_PAGE: &str = "whole.html";

impl AppModule {
    /// The module that draws `path` (a URL's path, without its query). Paths that are no page
    /// at all stay with the steps module, which says they do not exist.
    pub fn for_path(path: &str) -> AppModule {
        let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
        match parts.as_slice() {
            ["admins"] | ["account"] | ["local"] | ["local.html"] | [WHOLE_PAGE] => AppModule::Whole,
            ["structures", _, "settings" | "import"] => AppModule::Whole,
            _ => AppModule::Steps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_keep_only_what_every_school_needs() {
        for path in [
            "/",
            "/login",
            "/structures/0750001A/distribution",
            "/nowhere",
            "/structures/x",
        ] {
            assert_eq!(AppModule::for_path(path), AppModule::Steps, "{path}");
        }
        for path in [
            "/admins",
            "/account/",
            "/local",
            "/local.html",
            "/whole.html",
            "/structures/0750001A/settings",
            "/structures/0750001A/import",
        ] {
            assert_eq!(AppModule::for_path(path), AppModule::Whole, "{path}");
        }
    }
}
