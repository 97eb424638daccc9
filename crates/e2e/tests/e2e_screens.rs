//! End-to-end, the screens schools really have: 1366 × 768 and 1024 × 768 laptops,
//! a 768-pixel-wide tablet. On each, the distribution page of a 300-account school, served by the
//! real `sesame`, must keep every control inside the window (no page scrolling sideways), the
//! filters stacked rather than cut, and the check table's columns reachable by scrolling its own
//! box, its header and scroll bar in reach — in each engine (Chromium, Firefox ESR, WebKit). On
//! the laptops, the table's default columns fit without any sideways scrolling, « Classes » and
//! the dates in full view, and its header is one line.
//! Screenshots per engine and width land in `target/screenshots/screens-<engine>-<size>*.png`.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use sesame_testkit::browser::{Engine, Start};
use sesame_testkit::in_each_engine;

/// What the page measures of itself at one size: everything the test asserts on.
const MEASURE: &str = r#"
const width = document.documentElement.clientWidth;
const outside = [];
for (const el of document.querySelectorAll('main input, main select, main button, main a, main label, main summary')) {
    // The table's own cells scroll inside its box; hidden controls take no room.
    if (el.closest('.table-scroll') || el.closest('.visually-hidden') || el.getClientRects().length === 0) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > width + 1) {
        outside.push(`${el.tagName} ${el.dataset.testid || el.id || el.textContent.trim().slice(0, 40)}: ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
}
const box = document.querySelector('.table-scroll');
const boxRect = box.getBoundingClientRect();
const headers = box.querySelectorAll('thead th');
const last = headers[headers.length - 1];
box.scrollLeft = box.scrollWidth;
box.scrollTop = box.scrollHeight / 2;
const lastRect = last.getBoundingClientRect();
const headerTop = headers[0].getBoundingClientRect().top;
const fields = [...document.querySelectorAll('.filters > *')].map(f => f.getBoundingClientRect().left);
box.scrollLeft = 0;
const heights = [...headers].slice(1).map(h => h.querySelector('button').getBoundingClientRect().height);
const classes = [...headers].find(h => h.textContent.trim() === 'Classes').getBoundingClientRect();
box.scrollLeft = 0;
box.scrollTop = 0;
return {
    width,
    height: window.innerHeight,
    pageScrollWidth: document.documentElement.scrollWidth,
    outside,
    box: { left: boxRect.left, right: boxRect.right, height: boxRect.height, top: boxRect.top },
    lastHeader: { left: lastRect.left, right: lastRect.right, text: last.textContent.trim() },
    headerTop,
    filterColumns: new Set(fields.map(Math.round)).size,
    sideways: box.scrollWidth - box.clientWidth,
    headerHeights: { min: Math.min(...heights), max: Math.max(...heights) },
    classes: { left: classes.left, right: classes.right },
};
"#;

in_each_engine!(
    in_reach =>
    every_control_and_column_is_in_reach_in_chromium,
    every_control_and_column_is_in_reach_in_firefox,
    every_control_and_column_is_in_reach_in_webkit
);

/// From a tablet to a laptop, in `engine`.
async fn in_reach(engine: Engine) {
    // 245 pupils, 49 relatives, 4 teachers and 2 guests: 300 accounts.
    let (_dir, _server, browser) = Start::school(245)
        .engine(engine)
        .signed_in("direction", 300)
        .await;

    for (width, height, most_filter_columns) in [(1366, 768, 5), (1024, 768, 4), (768, 1024, 2)] {
        browser.client.set_window_size(width, height).await.unwrap();
        // Let the layout settle at the new size.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let seen: Value = browser.script(MEASURE).await;
        let at = format!("{width} × {height} in {}: {seen}", engine.name());
        let page_width = seen["width"].as_f64().unwrap();
        assert!(
            seen["pageScrollWidth"].as_f64().unwrap() <= page_width,
            "the page scrolls sideways at {at}"
        );
        assert_eq!(
            seen["outside"],
            serde_json::json!([]),
            "controls outside the window at {at}"
        );
        // The table's box is inside the window, its last column (« Distribué le », the last
        // distribution)
        // reachable by scrolling the box, and its header stays on top while the rows scroll.
        let box_right = seen["box"]["right"].as_f64().unwrap();
        assert!(
            box_right <= page_width + 1.0,
            "the table's box leaves the window at {at}"
        );
        assert!(
            seen["box"]["height"].as_f64().unwrap() <= seen["height"].as_f64().unwrap(),
            "the table's box is taller than the screen, its scroll bar out of reach, at {at}"
        );
        let last = &seen["lastHeader"];
        assert_eq!(last["text"], "Distribué le", "{at}");
        assert!(
            last["right"].as_f64().unwrap() <= box_right + 1.0
                && last["left"].as_f64().unwrap() >= seen["box"]["left"].as_f64().unwrap() - 1.0,
            "the last column cannot be scrolled into the box at {at}"
        );
        assert!(
            (seen["headerTop"].as_f64().unwrap() - seen["box"]["top"].as_f64().unwrap()).abs() <= 2.0,
            "the header does not stay on top of the scrolled rows at {at}"
        );
        if width >= 1024 {
            // The default columns fit a laptop: nothing hides behind a sideways scroll, the
            // classes and both dates in full view, no header on two lines.
            assert!(
                seen["sideways"].as_f64().unwrap() <= 1.0,
                "the table scrolls sideways at {at}"
            );
            assert!(
                seen["classes"]["right"].as_f64().unwrap() <= box_right + 1.0,
                "« Classes » is cut at {at}"
            );
            let heights = &seen["headerHeights"];
            assert!(
                heights["max"].as_f64().unwrap() - heights["min"].as_f64().unwrap() <= 2.0,
                "a header wraps at {at}"
            );
        }
        let columns = seen["filterColumns"].as_u64().unwrap();
        assert!(
            (1..=most_filter_columns).contains(&columns),
            "{columns} columns of filters at {at}"
        );
        browser
            .screenshot(&format!("screens-{}-{width}x{height}", engine.name()))
            .await;
        browser
            .script("document.querySelector('.table-scroll').scrollIntoView();")
            .await;
        browser
            .screenshot(&format!("screens-{}-{width}x{height}-table", engine.name()))
            .await;
        browser.script("window.scrollTo(0, 0);").await;
    }
    browser.close().await;
}
