//! For the list tests: seeding `example` rows, and the ids and names on a page.

use serde_json::Value;

use crate::helpers::TestApp;

/// Creates `delta-00` .. `delta-{n-1}`, descriptions `row N`.
pub async fn seed(app: &TestApp, n: usize) {
    for i in 0..n {
        app.create_example(&format!("delta-{i:02}"), &format!("row {i}"))
            .await;
    }
}

/// The names on a page, in order.
pub fn names(page: Value) -> Vec<String> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

pub fn ids(page: &Value) -> Vec<i64> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}
