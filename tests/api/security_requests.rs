//! Requests a client shapes to get past the API (issue 16, findings 5, 8 and 11): a body sent too slowly, two
//! `Authorization` headers, multipart bodies, refused CORS preflights.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use actix_web::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app_with, Backend};

crate::on_both_backends!(
    a_client_that_stalls_its_body_gets_408_and_is_disconnected,
    two_authorization_headers_are_refused,
    multipart_form_data_fields_are_parsed_and_files_left_out,
    a_refused_cors_preflight_answers_json,
);

/// The reviewer's slow upload: a body announced whole, then a byte every second.
async fn a_client_that_stalls_its_body_gets_408_and_is_disconnected(backend: Backend) {
    let overrides = [("server.client_body_timeout_secs", "2".to_owned())];
    let Some(app) = spawn_app_with(backend, &overrides).await else {
        return;
    };
    let host = app.address.trim_start_matches("http://").to_owned();
    let started = Instant::now();
    let answer = actix_web::rt::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(&host).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        stream
            .write_all(
                b"POST /api/example/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
                  Content-Length: 100\r\n\r\n{",
            )
            .unwrap();
        let mut writer = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            for _ in 0..12 {
                std::thread::sleep(Duration::from_secs(1));
                if writer.write_all(b" ").is_err() {
                    break;
                }
            }
        });
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .unwrap();
    let elapsed = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(
        answer.ends_with(r#"{"detail":"The request body was not received in time."}"#),
        "{answer:?}"
    );
    assert!(
        elapsed < Duration::from_secs(8),
        "the connection was closed after the timeout, not held while the client trickled ({elapsed:?})"
    );
    assert_eq!(
        app.get("/api/example/").await.json()["count"],
        0,
        "nothing was written"
    );
}

async fn two_authorization_headers_are_refused(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[]).await else {
        return;
    };
    let staff = format!("Bearer {}", app.token_for(crate::helpers::STAFF_ID, true));
    for (first, second) in [
        (staff.as_str(), "Bearer garbage"),
        ("Bearer garbage", staff.as_str()),
        (staff.as_str(), staff.as_str()),
        ("Basic dXNlcjpwdw==", staff.as_str()),
    ] {
        let response = app
            .get("/api/catalog/products/")
            .header("Authorization", first)
            .header("Authorization", second)
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            response.text(),
            r#"{"detail":"Authorization header must contain two space-delimited values","code":"bad_authorization_header"}"#
        );
    }
    let one = app
        .get("/api/catalog/products/")
        .header("Authorization", &staff)
        .await;
    assert_eq!(one.status, StatusCode::OK);
}

fn multipart(boundary: &str, parts: &[(&str, Option<&str>, &str)]) -> Vec<u8> {
    let mut body = String::new();
    for (name, filename, value) in parts {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\""
        ));
        if let Some(filename) = filename {
            body.push_str(&format!(
                "; filename=\"{filename}\"\r\nContent-Type: text/plain"
            ));
        }
        body.push_str(&format!("\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    body.into_bytes()
}

async fn multipart_form_data_fields_are_parsed_and_files_left_out(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[]).await else {
        return;
    };
    let body = multipart(
        "----tessera7MA4YWxk",
        &[
            ("name", None, "alpha"),
            ("attachment", Some("notes.txt"), "ignored"),
            ("description", None, "two\r\nlines"),
        ],
    );
    let created = app
        .post("/api/example/")
        .body("multipart/form-data; boundary=----tessera7MA4YWxk", &body)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(
        created.json(),
        json!({"id": 1, "name": "alpha", "description": "two\r\nlines"})
    );
    let patched = app
        .patch("/api/example/1/")
        .body(
            "multipart/form-data; boundary=b",
            multipart("b", &[("name", None, "beta")]),
        )
        .await;
    assert_eq!(patched.json()["name"], "beta");
    let invalid = app
        .post("/api/example/")
        .body(
            "multipart/form-data; boundary=b",
            multipart("b", &[("name", None, "")]),
        )
        .await;
    assert_eq!(
        invalid.text(),
        r#"{"name":["This field may not be blank."],"description":["This field is required."]}"#
    );
    let no_boundary = app
        .post("/api/example/")
        .body("multipart/form-data", b"x")
        .await;
    assert_eq!(no_boundary.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        no_boundary.text(),
        r#"{"detail":"Multipart form parse error - Invalid boundary in multipart: None"}"#
    );
    let options = app.options("/api/example/").await.json();
    assert_eq!(
        options["parses"],
        json!([
            "application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data"
        ])
    );
}

async fn a_refused_cors_preflight_answers_json(backend: Backend) {
    let overrides = [("cors.allowed_origins", "https://app.example.com".to_owned())];
    let Some(app) = spawn_app_with(backend, &overrides).await else {
        return;
    };
    let refused = app
        .request(Method::OPTIONS, "/api/example/")
        .anonymous()
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        refused.text(),
        r#"{"detail":"Origin is not allowed to make this request"}"#
    );
    let method = app
        .request(Method::OPTIONS, "/api/example/")
        .anonymous()
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "TRACE")
        .await;
    assert_eq!(method.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        method.text(),
        r#"{"detail":"Requested method is not allowed"}"#
    );
    let allowed = app
        .request(Method::OPTIONS, "/api/example/")
        .anonymous()
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .await;
    assert_eq!(allowed.status, StatusCode::OK);
    assert_eq!(
        allowed.header("access-control-allow-origin").as_deref(),
        Some("https://app.example.com")
    );
}
