//! Load and awkward clients: 64 concurrent writers lose nothing (SQLite, MySQL), a client too slow to send its
//! request is cut off, and throttling answers 429 with Retry-After per client and per user.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use serde_json::json;

use crate::concurrent::futures_join_all;
use crate::helpers::{spawn_app_with, Backend};

#[actix_web::test]
async fn sixty_four_concurrent_sqlite_clients_lose_nothing() {
    sixty_four_concurrent_clients_lose_nothing(Backend::Sqlite).await;
}

/// On MySQL the list count is split over several rows, one per connection: concurrent creates and deletes on
/// many connections still add up.
#[cfg(feature = "mysql")]
#[actix_web::test]
async fn sixty_four_concurrent_mysql_clients_lose_nothing() {
    sixty_four_concurrent_clients_lose_nothing(Backend::Mysql).await;
}

async fn sixty_four_concurrent_clients_lose_nothing(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[("server.workers", "2".to_owned())]).await else {
        return;
    };
    let client = |n: usize| {
        let app = &app;
        async move {
            let (mut created, mut deleted, mut failures) = (0i64, 0i64, Vec::new());
            for round in 0..6 {
                let response = app
                    .post("/api/example/")
                    .json(&json!({"name": format!("c{n}-{round}"), "description": "x"}))
                    .await;
                if response.status != StatusCode::CREATED {
                    failures.push(format!("create {}: {}", response.status, response.text()));
                    continue;
                }
                created += 1;
                let id = response.json()["id"].as_i64().unwrap();
                let patched = app
                    .patch(&format!("/api/example/{id}/"))
                    .json(&json!({"description": "y"}))
                    .await;
                if patched.status != StatusCode::OK {
                    failures.push(format!("patch {}: {}", patched.status, patched.text()));
                }
                if round % 2 == 0 {
                    let gone = app.delete(&format!("/api/example/{id}/")).await;
                    if gone.status == StatusCode::NO_CONTENT {
                        deleted += 1;
                    } else {
                        failures.push(format!("delete {}: {}", gone.status, gone.text()));
                    }
                }
            }
            (created, deleted, failures)
        }
    };
    let results = futures_join_all((0..64).map(client)).await;
    let failures: Vec<&String> = results.iter().flat_map(|r| &r.2).collect();
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.first()
    );
    let created: i64 = results.iter().map(|r| r.0).sum();
    let deleted: i64 = results.iter().map(|r| r.1).sum();
    assert_eq!((created, deleted), (384, 192));
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM example_models"),
        created - deleted
    );
    assert_eq!(
        app.get("/api/example/").await.json()["count"],
        created - deleted
    );
}

#[actix_web::test]
async fn a_client_that_sends_its_request_too_slowly_is_cut_off() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("server.client_request_timeout_secs", "1".to_owned())],
    )
    .await
    .unwrap();
    let host = app.address.trim_start_matches("http://").to_owned();
    let started = Instant::now();
    let outcome = actix_web::rt::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(&host).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
            .write_all(b"GET /api/example/ HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
    })
    .await
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cut off after the timeout, not left hanging"
    );
    assert!(
        outcome.is_empty() || outcome.starts_with("HTTP/1.1 408"),
        "{outcome:?}"
    );
    assert_eq!(
        app.get("/api/example/").await.status,
        StatusCode::OK,
        "other clients are served"
    );
}

#[actix_web::test]
async fn throttling_answers_429_with_retry_after_per_client_and_user() {
    let overrides = [
        ("modules.example.throttle_anon", "3/minute".to_owned()),
        ("modules.example.throttle_user", "5/minute".to_owned()),
    ];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    for _ in 0..3 {
        assert_eq!(
            app.get("/api/example/").anonymous().await.status,
            StatusCode::OK
        );
    }
    let throttled = app.get("/api/example/").anonymous().await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = throttled.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(
        throttled.json(),
        json!({"detail": format!("Request was throttled. Expected available in {wait} second{}.", if wait == 1 { "" } else { "s" })})
    );
    let user = app.token_for(77, false);
    for _ in 0..5 {
        let response = app.get("/api/example/").bearer(&user).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "a user has their own allowance"
        );
    }
    let response = app.get("/api/example/").bearer(&user).await;
    assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.get("/api/catalog/products/").await.status,
        StatusCode::OK,
        "other modules are not throttled"
    );
}
