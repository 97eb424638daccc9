//! The selection kept in the page's address (bookmarkable, the back button works): parsed by
//! core's one parser, and changed by navigating to the same page with the new query — the
//! server's distribution page and local mode keep it the same way.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use sesame_core::selection::query::QueryError;
use sesame_core::Selection;

/// The address's selection, and the way to change it.
#[derive(Clone, Copy)]
pub struct AddressSelection {
    /// The address as parsed: a bad one is shown, never silently replaced by "everyone".
    pub parsed: Memo<Result<Selection, QueryError>>,
    /// The selection in force (everyone while the address is bad). A memo, not a derived
    /// signal: the dozens of controls that read it then read one value instead of each
    /// re-parsing and cloning the result.
    pub selection: Memo<Selection>,
    /// Goes to `path()` with the new selection's query; `true` replaces the history entry.
    pub on_change: Callback<(Selection, bool)>,
}

impl AddressSelection {
    /// The selection of the page at `path()` (read when the selection changes).
    pub fn new(path: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let location = use_location();
        let navigate = use_navigate();
        let parsed = Memo::new(move |_| location.search.with(|q| Selection::from_query(q)));
        let selection = Memo::new(move |_| parsed.with(|p| p.clone().unwrap_or_default()));
        let on_change = Callback::new(move |(next, replace): (Selection, bool)| {
            let query = next.to_query();
            let path = path();
            let target = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            navigate(
                &target,
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        });
        AddressSelection {
            parsed,
            selection,
            on_change,
        }
    }
}
