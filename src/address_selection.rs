//! The selection kept in the page's address (bookmarkable, the back button works): parsed by
//! core's one parser, and changed by navigating to the same page with the new query — the
//! server's distribution page and local mode keep it the same way.
//!
//! A change is shown first and written to the address just after the frame that shows it:
//! writing a history entry (the router's navigation and the browser's `pushState`) costs a few
//! milliseconds that the table and the counts need not wait for. Until then the page shows the
//! change; once the address changes — this write, or the back button — the address leads again.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use sesame_core::selection::query::QueryError;
use sesame_core::Selection;

use crate::browser;

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

/// A change shown but not yet in the address.
#[derive(Clone, PartialEq)]
struct Unwritten {
    selection: Selection,
    /// The address as parsed when the change was made: once it is something else (this page's
    /// write, the back button), the address leads again.
    over: Result<Selection, QueryError>,
    /// Every change since the last write replaced its history entry (typing in the search box).
    replace: bool,
    /// Written to the address, or given up: the address leads whatever it says next (back
    /// where this change started, say, with the back button).
    done: bool,
}

impl AddressSelection {
    /// The selection of the page at `path()` (read when the selection changes).
    pub fn new(path: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let location = use_location();
        let navigate = use_navigate();
        let parsed = Memo::new(move |_| location.search.with(|q| Selection::from_query(q)));
        let unwritten = RwSignal::new(None::<Unwritten>);
        // Derived, not reset by an effect: a signal written as the address changes would wake
        // this page's controls while leaving it disposes them.
        let selection = Memo::new(move |_| {
            parsed.with(|now| match unwritten.get() {
                Some(change) if !change.done && change.over == *now => change.selection,
                _ => now.clone().unwrap_or_default(),
            })
        });
        // Whether a write waits for the next frame.
        let scheduled = StoredValue::new(false);
        let write = Callback::new(move |()| {
            scheduled.set_value(false);
            let Some(Some(change)) = unwritten.try_get_untracked() else {
                return;
            };
            // Untracked: what the page shows does not change now; it follows the address when
            // the address next changes.
            unwritten.update_untracked(|change| {
                if let Some(change) = change {
                    change.done = true;
                }
            });
            let path = path();
            // The administrator left the page within that frame (a link), or the address
            // changed otherwise (the back button): writing now would take them back.
            let unmoved = parsed.try_with_untracked(|now| *now == change.over) == Some(true);
            if browser::current_path() != path || !unmoved {
                return;
            }
            let query = change.selection.to_query();
            let target = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            navigate(
                &target,
                NavigateOptions {
                    replace: change.replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        });
        let on_change = Callback::new(move |(next, replace): (Selection, bool)| {
            // Changes within one frame make one write: the last selection, a new history entry
            // if any of them asked for one.
            let replace = replace
                && (!scheduled.get_value()
                    || unwritten.with_untracked(|w| w.as_ref().is_none_or(|w| w.replace)));
            unwritten.set(Some(Unwritten {
                selection: next,
                over: parsed.get_untracked(),
                replace,
                done: false,
            }));
            if !scheduled.get_value() {
                scheduled.set_value(true);
                // After the next frame's paint: its animation-frame callback runs before the
                // paint, a task posted from there after it.
                // The page may be gone by then, its signals with it: nothing to write.
                request_animation_frame(move || {
                    set_timeout(
                        move || {
                            let _ = write.try_run(());
                        },
                        Duration::ZERO,
                    )
                });
            }
        });
        AddressSelection {
            parsed,
            selection,
            on_change,
        }
    }
}
