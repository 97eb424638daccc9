//! Reading the page a test is on, the few ways every end-to-end test does: how many elements
//! match, their texts, what has the focus, the address's query — each written once here rather
//! than as a helper of its own in each test file.

use std::time::{Duration, Instant};

use super::{Browser, Locator};

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

    /// Waits (at most 15 s) until nothing matches `css` any more.
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.count(css).await > 0 {
            assert!(Instant::now() < deadline, "{css} is still there");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The `data-testid` of the focused element (empty when it has none).
    pub async fn focused(&self) -> String {
        let id = self
            .client
            .execute("return document.activeElement.dataset.testid || ''", vec![])
            .await
            .unwrap();
        id.as_str().unwrap().to_owned()
    }

    /// The current address's query, without its `?` (empty when there is none).
    pub async fn query(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        url.query().unwrap_or_default().to_owned()
    }

    /// Opens the current page again with `query` as its address's query (a bookmark, a link
    /// someone sent), without its `?`.
    pub async fn goto_query(&self, query: &str) {
        let mut url = self.client.current_url().await.unwrap();
        url.set_query(Some(query));
        self.goto(url.as_str()).await;
    }

    /// Waits (at most 10 s) until the address's query is `expected`: the page writes its state
    /// there a moment after the click.
    pub async fn wait_query(&self, expected: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = self.query().await;
            if now == expected {
                return;
            }
            assert!(Instant::now() < deadline, "{now:?}, expected {expected:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
