//! A split process checks tokens' users with accounts over its published interface, within
//! `auth.user_check_ttl_secs` (issue 16, finding 6), and the gateway forwards only plain paths and only a trusted
//! proxy's word on where the client was (finding 10).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::{fresh_data_dir, spawn_app_with, Backend, RemoteProcess};

/// Polls `GET path` on `address` with `token` until it answers `status`; how long that took.
async fn until_status(address: &str, path: &str, token: &str, status: u16) -> Duration {
    let client = awc::Client::default();
    let started = Instant::now();
    loop {
        let mut response = client
            .get(format!("{address}{path}"))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .send()
            .await
            .unwrap();
        if response.status().as_u16() == status {
            let _ = response.body().await;
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{path} still answers {}",
            response.status()
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

#[actix_web::test]
async fn a_split_catalog_refuses_a_deactivated_or_deleted_user_within_the_ttl() {
    let app = spawn_app_with(Backend::Sqlite, &[]).await.unwrap();
    let dir = fresh_data_dir();
    let settings = [
        ("server.port".to_owned(), "0".to_owned()),
        ("data_dir".to_owned(), dir.display().to_string()),
        (
            "modules.accounts.remote_url".to_owned(),
            app.address.clone(),
        ),
        ("auth.user_check_ttl_secs".to_owned(), "2".to_owned()),
    ];
    let catalog = RemoteProcess::start(&settings, &["--modules", "catalog"]);
    let dana = app.create_user("dana", "pw-dana", true);
    let token = app
        .post("/api/accounts/token/")
        .anonymous()
        .json(&json!({"username": "dana", "password": "pw-dana"}))
        .await
        .json()["access"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = awc::Client::default();
    let created = client
        .post(format!("{}/api/catalog/products/", catalog.address))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send_json(&json!({"sku": "D", "name": "Dana's", "price": "1.00"}))
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);

    app.patch(&format!("/api/accounts/users/{dana}/"))
        .json(&json!({"is_active": false}))
        .await;
    let waited = until_status(&catalog.address, "/api/catalog/products/", &token, 401).await;
    assert!(
        waited <= Duration::from_secs(4),
        "within the 2 s ttl: {waited:?}"
    );
    let mut refused = client
        .get(format!("{}/api/catalog/products/", catalog.address))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.body().await.unwrap(),
        r#"{"detail":"User is inactive","code":"user_inactive"}"#
    );

    app.patch(&format!("/api/accounts/users/{dana}/"))
        .json(&json!({"is_active": true}))
        .await;
    until_status(&catalog.address, "/api/catalog/products/", &token, 200).await;
    app.delete(&format!("/api/accounts/users/{dana}/")).await;
    let waited = until_status(&catalog.address, "/api/catalog/products/", &token, 401).await;
    assert!(waited <= Duration::from_secs(4), "{waited:?}");
}

/// A remote that records each request's head and answers `{}`.
fn recording_remote() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten().take(32) {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line.to_ascii_lowercase());
            }
            sink.lock().unwrap().push(head);
            let mut stream = stream;
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            );
        }
    });
    (address, seen)
}

#[actix_web::test]
async fn the_gateway_refuses_dot_segments_and_encoded_slashes() {
    let (remote, seen) = recording_remote();
    let app = spawn_app_with(Backend::Sqlite, &[("modules.example.remote_url", remote)])
        .await
        .unwrap();
    for path in [
        "/api/example/../orders/",
        "/api/example/./",
        "/api/example/%2e%2e/orders/",
        "/api/example/%2E./orders/",
        "/api/example/1%2f..%2f..%2forders/",
        "/api/example/1%5C..%5Corders/",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(
            response.text(),
            r#"{"detail":"Invalid path: dot segments and encoded slashes are refused."}"#,
            "{path}"
        );
    }
    assert!(seen.lock().unwrap().is_empty(), "nothing was forwarded");
    assert_eq!(app.get("/api/example/1/").await.status, StatusCode::OK);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[actix_web::test]
async fn only_a_trusted_proxys_forwarding_headers_are_passed_on() {
    let (remote, seen) = recording_remote();
    // The test client (loopback) is not a trusted proxy here.
    let overrides = [
        ("modules.example.remote_url", remote.clone()),
        ("server.trusted_proxies", "192.0.2.1".to_owned()),
    ];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    let client_words = [
        ("Forwarded", "for=198.51.100.9;host=evil.com"),
        ("X-Real-IP", "198.51.100.9"),
        ("X-Forwarded-For", "198.51.100.9"),
        ("X-Forwarded-Host", "evil.com"),
    ];
    app.get("/api/example/").headers(&client_words).await;
    let head = seen.lock().unwrap().pop().unwrap();
    assert!(
        !head.contains("198.51.100.9") && !head.contains("evil.com"),
        "{head}"
    );
    assert!(head.contains("x-forwarded-for: 127.0.0.1\r\n"), "{head}");
    assert!(head.contains("x-forwarded-host: 127.0.0.1:"), "{head}");

    let (remote, seen) = recording_remote();
    let trusting = spawn_app_with(Backend::Sqlite, &[("modules.example.remote_url", remote)])
        .await
        .unwrap();
    trusting
        .get("/api/example/")
        .headers(&[
            ("Forwarded", "for=198.51.100.9"),
            ("X-Real-IP", "198.51.100.9"),
            ("X-Forwarded-For", "198.51.100.9"),
        ])
        .await;
    let head = seen.lock().unwrap().pop().unwrap();
    assert!(head.contains("forwarded: for=198.51.100.9\r\n"), "{head}");
    assert!(head.contains("x-real-ip: 198.51.100.9\r\n"), "{head}");
    assert!(
        head.contains("x-forwarded-for: 198.51.100.9, 127.0.0.1\r\n"),
        "{head}"
    );
}
