//! What the last action of `/admins` left to say, and where: a generated password where it was
//! asked for, a refused creation in the creation form's card, anything else at the top.

use leptos::prelude::*;
use sesame_core::wire::IssuedPassword;

/// What the last action left to say.
#[derive(Clone, PartialEq)]
pub enum Notice {
    None,
    /// A generated password, shown where it was asked for: in place of the creation form
    /// (`None`), or under the row of the administrator whose password was reset.
    Issued {
        issued: IssuedPassword,
        row: Option<String>,
    },
    Said(String),
    Failed(String),
    /// A creation the server refused: said in the creation form's card, where the eye is.
    FailedNew(String),
}

impl Notice {
    /// The password to show in place of the creation form.
    pub fn issued_new(&self) -> Option<IssuedPassword> {
        match self {
            Notice::Issued { issued, row: None } => Some(issued.clone()),
            _ => None,
        }
    }

    /// The password to show under `login`'s row.
    pub fn issued_for_row(&self, login: &str) -> Option<IssuedPassword> {
        match self {
            Notice::Issued {
                issued,
                row: Some(row),
            } if row == login => Some(issued.clone()),
            _ => None,
        }
    }
}

/// The notice said at the top of the page: a success, or a failure not said elsewhere.
#[component]
pub fn PageNotice(notice: RwSignal<Notice>) -> impl IntoView {
    move || match notice.get() {
        // Shown where it was asked for, below.
        Notice::None | Notice::Issued { .. } | Notice::FailedNew(_) => ().into_any(),
        Notice::Said(text) => {
            view! { <p class="done" role="status" data-testid="admin-notice">{text}</p> }.into_any()
        }
        Notice::Failed(text) => {
            view! { <p class="error" role="alert" data-testid="error">{text}</p> }.into_any()
        }
    }
}
