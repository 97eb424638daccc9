//! Reading the page a test is on, the few ways every end-to-end test does: how many elements
//! match, their texts, what has the focus, the address and its query, what a script answers —
//! each written once here rather than as a helper of its own in each test file — and
//! [`eventually`], the one way to wait for what the page does a moment later.

use std::future::Future;
use std::time::{Duration, Instant};

use super::{Browser, Locator};

/// Tries `attempt` every 50 ms until it gives `Ok`, for at most `seconds`; then fails the test
/// with what its last `Err` said. The page works asynchronously: what a click changes shows a
/// moment later.
pub async fn eventually<T, F, Fut>(seconds: u64, mut attempt: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        match attempt().await {
            Ok(done) => return done,
            Err(why) => assert!(Instant::now() < deadline, "{why}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A script's arguments as WebDriver sends them: `arguments[0]`, `arguments[1]`… in the page.
fn arguments(args: &[&str]) -> Vec<serde_json::Value> {
    args.iter().map(|a| (*a).into()).collect()
}

impl Browser {
    /// How many elements match `css` right now (none is an answer, not a failure).
    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
            .len()
    }

    /// The text of every element matching `css` right now, in the page's order.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
        {
            texts.push(element.text().await.unwrap());
        }
        texts
    }

    /// The text of the element matching `css`, once there is one ([`Browser::wait_for`]).
    pub async fn text_of(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("the text of {css}: {e}"))
    }

    /// The `value` of the field matching `css`, once there is one ([`Browser::wait_for`]).
    pub async fn value_of(&self, css: &str) -> Option<String> {
        self.wait_for(css)
            .await
            .prop("value")
            .await
            .unwrap_or_else(|e| panic!("the value of {css}: {e}"))
    }

    /// Whether the box matching `css` is ticked, once there is one ([`Browser::wait_for`]).
    pub async fn is_checked(&self, css: &str) -> bool {
        self.wait_for(css)
            .await
            .prop("checked")
            .await
            .unwrap_or_else(|e| panic!("whether {css} is ticked: {e}"))
            .as_deref()
            == Some("true")
    }

    /// Waits (at most 15 s) until nothing matches `css` any more.
    pub async fn wait_gone(&self, css: &str) {
        eventually(15, || async move {
            match self.count(css).await {
                0 => Ok(()),
                _ => Err(format!("{css} is still there")),
            }
        })
        .await;
    }

    /// The `data-testid` of the focused element (empty when it has none).
    pub async fn focused(&self) -> String {
        let id = self
            .script("return document.activeElement.dataset.testid || ''")
            .await;
        id.as_str().unwrap().to_owned()
    }

    /// The text of the element matching `css` right now, empty while there is none: what a
    /// wait reads again until the page has drawn it.
    pub async fn text_now(&self, css: &str) -> String {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Runs `js` in the page and returns what it returns (`null` without a `return`); a script
    /// that throws fails the test, saying which.
    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.script_with(js, &[]).await
    }

    /// [`Browser::script`] with `args` as the script's `arguments[0]`, `arguments[1]`…
    pub async fn script_with(&self, js: &str, args: &[&str]) -> serde_json::Value {
        self.client
            .execute(js, arguments(args))
            .await
            .unwrap_or_else(|e| panic!("run {js}: {e}"))
    }

    /// Runs `js` in the page with `args`, then its callback as the last argument, and returns
    /// what it passes that callback: for what the page answers later (a `fetch`, a promise).
    pub async fn script_async(&self, js: &str, args: &[&str]) -> serde_json::Value {
        self.client
            .execute_async(js, arguments(args))
            .await
            .unwrap_or_else(|e| panic!("run {js}: {e}"))
    }

    /// The page's current address.
    pub async fn url(&self) -> url::Url {
        self.client
            .current_url()
            .await
            .unwrap_or_else(|e| panic!("read the address: {e}"))
    }

    /// The current address's path (`/structures/…/distribution`).
    pub async fn path(&self) -> String {
        self.url().await.path().to_owned()
    }

    /// The current address's query, without its `?` (empty when there is none).
    pub async fn query(&self) -> String {
        let url = self.url().await;
        url.query().unwrap_or_default().to_owned()
    }

    /// Opens the current page again with `query` as its address's query (a bookmark, a link
    /// someone sent), without its `?`.
    pub async fn goto_query(&self, query: &str) {
        let mut url = self.url().await;
        url.set_query(Some(query));
        self.goto(url.as_str()).await;
    }

    /// Waits (at most 10 s) until the address's query is `expected`: the page writes its state
    /// there a moment after the click.
    pub async fn wait_query(&self, expected: &str) {
        eventually(10, || async move {
            let now = self.query().await;
            if now == expected {
                Ok(())
            } else {
                Err(format!("{now:?}, expected {expected:?}"))
            }
        })
        .await;
    }
}
