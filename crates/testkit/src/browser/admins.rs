//! Driving the administrators' page (« Administration ») as a central administrator does:
//! opening an administrator's edit form, and saving it.

use super::Browser;

impl Browser {
    /// Clicks « Modifier » on the row of the administrator `login` and waits for the edit form
    /// it opens.
    pub async fn edit_admin(&self, login: &str) {
        self.click(&format!(
            "[data-testid=admin-row][data-login='{login}'] [data-testid=admin-edit]"
        ))
        .await;
        self.wait_for("form[data-testid=admin-edit]").await;
    }

    /// Sends the edit form ([`Browser::edit_admin`]) and waits for the notice that says what
    /// became of it.
    pub async fn save_admin_edit(&self) {
        self.click("[data-testid=admin-edit-submit]").await;
        self.wait_for("[data-testid=admin-notice]").await;
    }
}
