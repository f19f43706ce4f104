//! Memory bounded by settings (issue 16, finding 3), as far as a test can see it: a large page is read and sent
//! a batch at a time with the same body a small one would have, and request bodies wait for room in
//! `server.body_memory_bytes`. The figures themselves are `bench/memory.py`'s.

use actix_web::http::StatusCode;
use futures_util::future::join_all;
use serde_json::{json, Value};

use crate::helpers::{spawn_app_with, Backend};

crate::on_both_backends!(a_page_larger_than_a_batch_is_streamed_with_the_same_body);

async fn a_page_larger_than_a_batch_is_streamed_with_the_same_body(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[]).await else {
        return;
    };
    for i in 0..45 {
        app.create_example(&format!("row-{i:02}"), "a\u{2028}b é")
            .await;
    }
    let whole = app.get("/api/example/?page_size=45&ordering=-name").await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(
        whole.header("content-type").as_deref(),
        Some("application/json")
    );
    assert!(
        whole.text().contains("a\\u2028b é"),
        "rendered as every body is"
    );
    let body = whole.json();
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["count", "next", "previous", "results"]
    );
    assert_eq!(
        (body["count"].clone(), body["next"].clone()),
        (json!(45), Value::Null)
    );
    let names: Vec<&str> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..45).rev().map(|i| format!("row-{i:02}")).collect();
    assert_eq!(names, expected);
    // The same rows, a small page at a time.
    let mut paged = Vec::new();
    for page in 1..=3 {
        let part = app
            .get(&format!(
                "/api/example/?page_size=20&ordering=-name&page={page}"
            ))
            .await
            .json();
        paged.extend(part["results"].as_array().unwrap().clone());
    }
    assert_eq!(Value::Array(paged), body["results"]);
    let second = app.get("/api/example/?page_size=30&page=2").await.json();
    assert_eq!(second["results"].as_array().unwrap().len(), 15);
    assert_eq!(second["results"][0]["id"], 31);
    assert_eq!(
        second["previous"],
        json!(app.url("/api/example/?page_size=30"))
    );
    let head = app.head("/api/example/?page_size=45").await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
}

/// A budget of one body's bytes: parallel uploads wait their turn instead of failing, and all are written.
#[actix_web::test]
async fn uploads_wait_for_room_in_the_body_memory_budget() {
    let overrides = [
        ("server.max_body_bytes", "65536".to_owned()),
        ("server.body_memory_bytes", "65536".to_owned()),
    ];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    let description = "y".repeat(60_000);
    let posts = (0..12).map(|i| {
        app.post("/api/example/")
            .json(&json!({"name": format!("n{i}"), "description": description}))
            .send()
    });
    let statuses: Vec<u16> = join_all(posts)
        .await
        .iter()
        .map(|r| r.status.as_u16())
        .collect();
    assert_eq!(statuses, [201; 12]);
}

/// A client that announced a body of 60,000 bytes and stalls holds its room; an upload of 10,000 more does not
/// fit beside it: with no queue, it gets 503 at once;
/// with one, it waits for the room the stalled client gives back when it is cut off.
#[actix_web::test]
async fn past_the_queue_limit_an_upload_gets_503() {
    for (queue, expected) in [
        (0, StatusCode::SERVICE_UNAVAILABLE),
        (1, StatusCode::CREATED),
    ] {
        let overrides = [
            ("server.max_body_bytes", "65536".to_owned()),
            ("server.body_memory_bytes", "65536".to_owned()),
            ("server.body_queue_limit", queue.to_string()),
            ("server.client_body_timeout_secs", "2".to_owned()),
        ];
        let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
        let host = app.address.trim_start_matches("http://").to_owned();
        let stalled = std::thread::spawn(move || {
            use std::io::{Read, Write};
            let mut stream = std::net::TcpStream::connect(host).unwrap();
            stream
                .write_all(b"POST /api/example/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{")
                .unwrap();
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer);
            String::from_utf8_lossy(&answer).into_owned()
        });
        actix_web::rt::time::sleep(std::time::Duration::from_millis(300)).await;
        let upload = app
            .post("/api/example/")
            .json(&json!({"name": "waits", "description": "z".repeat(10_000)}))
            .await;
        assert_eq!(upload.status, expected, "queue {queue}: {}", upload.text());
        if expected == StatusCode::SERVICE_UNAVAILABLE {
            assert_eq!(upload.header("retry-after").as_deref(), Some("5"));
            assert_eq!(
                upload.text(),
                r#"{"detail":"Service temporarily unavailable, try again later."}"#
            );
        }
        assert!(stalled.join().unwrap().starts_with("HTTP/1.1 408"));
    }
}

#[test]
fn a_budget_smaller_than_one_body_is_refused() {
    let error = tessera::Settings::load_with(&[("server.body_memory_bytes", "1000".to_owned())])
        .unwrap_err()
        .to_string();
    assert!(error.contains("server.body_memory_bytes"), "{error}");
}
