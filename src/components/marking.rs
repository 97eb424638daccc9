//! The page's side of the distribution log, shared by every « Marquer … comme distribués »
//! under the steps (and by e-mail, whose outbox logs what it sends): what the page's directory
//! does when the log changes, and which product's button is offered — only the last one built.

use std::sync::Arc;

use leptos::prelude::*;
use sesame_core::wire::LastDistributed;

/// A marking taken back: the accounts it named, and each one's last distribution now.
pub type Undone = (Arc<Vec<usize>>, Arc<Vec<LastDistributed>>);

/// What the page does when the log changes, and which product's button is offered: made by the
/// steps and provided to every « Marquer … » under them.
#[derive(Clone, Copy)]
pub struct Marking {
    /// Letters of these accounts were handed out: the page's directory follows.
    on_marked: Callback<Arc<Vec<usize>>>,
    /// A marking of these accounts was taken back; their last distributions are these again.
    on_undone: Callback<Undone>,
    /// The number of the last product built; each button has its own.
    latest: RwSignal<u64>,
}

impl Marking {
    /// Provides the marking to the components below.
    pub fn provide(on_marked: Callback<Arc<Vec<usize>>>, on_undone: Callback<Undone>) {
        provide_context(Marking {
            on_marked,
            on_undone,
            latest: RwSignal::new(0),
        });
    }

    /// The page's marking, when there is a distribution log. Taken before any `.await` (the
    /// context is not reachable from inside an async task).
    pub fn get() -> Option<Marking> {
        use_context::<Marking>()
    }

    /// Records in the page's directory that these accounts were just distributed (an e-mail
    /// sent, say), as a button's marking does.
    pub fn marked(self, indices: Arc<Vec<usize>>) {
        self.on_marked.run(indices);
    }

    /// A marking of these accounts was taken back: the page's directory gets back each one's
    /// earlier distribution.
    pub fn undone(self, undone: Undone) {
        self.on_undone.run(undone);
    }

    /// Whether product `mine` is the last one built (tracked: older buttons go away).
    pub fn is_latest(self, mine: u64) -> bool {
        self.latest.get() == mine
    }

    /// A new product was built: its number, now the latest.
    pub fn register(self) -> u64 {
        let mine = self.latest.get_untracked() + 1;
        self.latest.set(mine);
        mine
    }
}
