//! Driving the app's distribution page as an administrator does — signing in, picking a school,
//! searching, ticking a class, scrolling the check table, making the PDF, opening and saving the
//! settings, opening the mail dialog — for the end-to-end tests that all go through it.

use std::collections::BTreeSet;
use std::time::Duration;

use super::{Browser, Key, Locator};

impl Browser {
    /// Signs in as `login` (password [`crate::PASSWORD`]) on the app at `url`, then waits until
    /// the distribution page selects `accounts` accounts: every account of the school, until a
    /// filter is set.
    pub async fn sign_in(&self, url: &str, login: &str, accounts: usize) {
        self.submit_login(url, login, crate::PASSWORD).await;
        self.wait_selected(accounts).await;
    }

    /// Signs in as `login` (password [`crate::PASSWORD`]) on the app at `url`, then waits for
    /// the distribution page, whatever it selects: for an administrator whose first school the
    /// test does not count (the central one's).
    pub async fn sign_in_as(&self, url: &str, login: &str) {
        self.submit_login(url, login, crate::PASSWORD).await;
        self.wait_for("[data-testid=selected-count]").await;
    }

    /// Follows the « Réglages » link and waits for the letter settings' form.
    pub async fn open_settings(&self) {
        self.click("[data-testid=settings-link]").await;
        self.wait_for("[data-testid=settings-form]").await;
    }

    /// Clicks « Enregistrer » on the settings page and waits until it says the settings are
    /// saved.
    pub async fn save_settings(&self) {
        self.click("[data-testid=settings-save]").await;
        self.wait_for("[data-testid=settings-saved]").await;
    }

    /// Clicks « Envoyer par courriel » and waits for the dialog that asks to confirm it
    /// (returned).
    pub async fn open_mail_dialog(&self) -> fantoccini::elements::Element {
        self.click("[data-testid=send-mail]").await;
        self.wait_for("[data-testid=mail-confirm]").await
    }

    /// Clicks « Générer le PDF » and waits until the PDF is ready, for a test that reads what
    /// the page says of it rather than the file ([`Browser::generated_pdf`]).
    pub async fn generate_pdf(&self) {
        self.click("[data-testid=generate-pdf]").await;
        self.wait_for("[data-testid=pdf-ready]").await;
    }

    /// Waits until the distribution page says `accounts` accounts are selected.
    pub async fn wait_selected(&self, accounts: usize) {
        self.wait_text("[data-testid=selected-count]", &accounts.to_string())
            .await;
    }

    /// `(value, label)` of each school the structure picker offers.
    pub async fn schools_offered(&self) -> Vec<(String, String)> {
        self.wait_for("[data-testid=structure-select] option").await;
        let mut offered = Vec::new();
        for option in self
            .client
            .find_all(Locator::Css("[data-testid=structure-select] option"))
            .await
            .unwrap()
        {
            let value = option.attr("value").await.unwrap().unwrap_or_default();
            offered.push((value, option.text().await.unwrap()));
        }
        offered
    }

    /// Sets the search box to `text`, as typed (WebDriver's `clear` alone sends no input event:
    /// an emptied box is typed a space and rubbed out).
    pub async fn search(&self, text: &str) {
        let field = self.wait_for("[data-testid=filter-search]").await;
        field.clear().await.unwrap();
        if text.is_empty() {
            field.send_keys(" ").await.unwrap();
            field.send_keys(&Key::Backspace.to_string()).await.unwrap();
        } else {
            field.send_keys(text).await.unwrap();
        }
    }

    /// Sets the search box to `text` ([`Browser::search`]), then waits until the page selects
    /// `accounts` accounts: a search and the count it should come to.
    pub async fn search_expecting(&self, text: &str, accounts: usize) {
        self.search(text).await;
        self.wait_selected(accounts).await;
    }

    /// Ticks (or unticks) the class filter's box labelled `name`.
    pub async fn tick_class(&self, name: &str) {
        for label in self
            .client
            .find_all(Locator::Css(".class-list label"))
            .await
            .unwrap()
        {
            if label.text().await.unwrap().trim() == name {
                label
                    .find(Locator::Css("input"))
                    .await
                    .unwrap()
                    .click()
                    .await
                    .unwrap();
                return;
            }
        }
        panic!("no class {name} in the filter");
    }

    /// Scrolls the check table (its login column shown: [`Browser::show_column`]) to its end
    /// and asserts it showed every account of the ENT export `csv` (`accounts` of them), each
    /// once.
    pub async fn assert_table_holds(&self, csv: &str, accounts: usize) {
        let every = logins(csv);
        assert_eq!(every.len(), accounts, "the file's accounts");
        let shown = self.scroll_through_table("login").await;
        assert_eq!(
            shown.len(),
            accounts,
            "the table showed {} accounts of {accounts}",
            shown.len()
        );
        assert_eq!(shown.into_iter().collect::<BTreeSet<_>>(), every);
    }

    /// Every value of the check table's column `key`, the table scrolled a screenful at a time
    /// to its end as a person does with the scroll bar (only a few dozen rows are drawn at a
    /// time): each value once, in the order shown. Fails when one screenful draws a row twice.
    async fn scroll_through_table(&self, key: &str) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let mut last_top = -1.0;
        for _ in 0..200 {
            let shown = self.column_named(key).await;
            let unique: BTreeSet<&String> = shown.iter().collect();
            assert_eq!(unique.len(), shown.len(), "a row drawn twice: {shown:?}");
            for value in shown {
                if !seen.contains(&value) {
                    seen.push(value);
                }
            }
            let top = self
                .client
                .execute(
                    "const el = document.querySelector('[data-testid=table-scroll]'); \
                     el.scrollTop += el.clientHeight - 40; return el.scrollTop;",
                    vec![],
                )
                .await
                .unwrap()
                .as_f64()
                .unwrap();
            if top == last_top {
                break;
            }
            last_top = top;
            tokio::time::sleep(Duration::from_millis(60)).await;
        }
        seen
    }
}

/// The logins of the ENT export `csv` (its « Login » column).
fn logins(csv: &str) -> BTreeSet<String> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(';').collect();
    let column = header
        .iter()
        .position(|name| *name == "Login")
        .expect("a « Login » column");
    lines
        .filter(|line| !line.is_empty())
        .map(|line| line.split(';').nth(column).expect("a login").to_owned())
        .collect()
}
