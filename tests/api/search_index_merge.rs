//! SQLite's search index merged once the writes pause: rows written one at a time leave a segment each, which
//! every search reads; the writer thread merges them when idle, and the search finds exactly what it found before.

use diesel::connection::SimpleConnection;
use std::time::{Duration, Instant};

use crate::helpers::{spawn_app, Backend, TestApp};
use crate::search_index::{check_every_term, found, seed};

const SEGMENTS: &str = "SELECT COUNT(DISTINCT segid) AS n FROM example_models_search_idx";

/// The index's segments once they stop changing (or after 10 s).
async fn settled_segments(app: &TestApp) -> i64 {
    let started = Instant::now();
    let mut last = app.count("example", SEGMENTS);
    loop {
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
        let now = app.count("example", SEGMENTS);
        if (now == last && now <= 2) || started.elapsed() > Duration::from_secs(10) {
            return now;
        }
        last = now;
    }
}

#[actix_web::test]
async fn the_writer_merges_the_search_index_when_idle_and_it_finds_the_same_rows() {
    let app = spawn_app(Backend::Sqlite)
        .await
        .expect("SQLite always runs");
    let mut rows = seed(&app).await;
    // Twelve rows, each its own transaction: FTS5 alone keeps a dozen segments (it merges four of a size).
    assert_eq!(
        settled_segments(&app).await,
        1,
        "merged down to one segment once the writes paused"
    );
    app.connect("example")
        .batch_execute(
            "INSERT INTO example_models_search (example_models_search) VALUES ('integrity-check');",
        )
        .expect("the merged index agrees with the table");
    check_every_term(&app, &rows, "after the merge").await;

    // Writes go on after a merge: their rows are found, and merged in turn.
    for i in 0..5 {
        let row = app
            .create_example(&format!("later-{i}"), "written after the merge, zebu")
            .await;
        rows.push((
            row["id"].as_i64().unwrap(),
            format!("later-{i}"),
            "written after the merge, zebu".into(),
        ));
    }
    assert_eq!(found(&app, "zebu").await.len(), 5);
    assert_eq!(settled_segments(&app).await, 1);
    check_every_term(&app, &rows, "after the second merge").await;
}
