//! `/metrics`: off by default; per-module request counts, latency histograms and pool figures when on.

use actix_web::http::StatusCode;

use crate::helpers::{spawn_app, spawn_app_with, Backend};

#[actix_web::test]
async fn metrics_are_off_by_default() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    assert_eq!(app.get("/metrics").await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn metrics_count_requests_per_module_and_status_and_show_each_pool() {
    let app = spawn_app_with(Backend::Sqlite, &[("metrics.enabled", "true".to_owned())])
        .await
        .unwrap();
    app.get("/api/example/").await;
    app.get("/api/example/").await;
    app.get("/api/example/99/").await;
    app.get("/api/catalog/products/").await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    let text = response.text();
    for line in [
        "tessera_http_requests_total{module=\"example\",status=\"200\"} 2",
        "tessera_http_requests_total{module=\"example\",status=\"404\"} 1",
        "tessera_http_requests_total{module=\"catalog\",status=\"200\"} 1",
        "tessera_http_request_duration_seconds_count{module=\"example\",status=\"200\"} 2",
        "tessera_http_request_duration_seconds_bucket{module=\"example\",status=\"200\",le=\"+Inf\"} 2",
        "tessera_db_checkout_waits_total{module=\"orders\"}",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    assert!(
        text.contains("tessera_db_connections{module=\"example\",state=\"idle\"}"),
        "{text}"
    );
}

#[actix_web::test]
async fn metrics_can_live_on_an_address_of_their_own() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let overrides = [
        ("metrics.enabled", "true".to_owned()),
        ("metrics.address", format!("127.0.0.1:{port}")),
    ];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    app.get("/api/example/").await;
    assert_eq!(
        app.get("/metrics").await.status,
        StatusCode::NOT_FOUND,
        "not on the API's address"
    );
    let mut response = awc::Client::default()
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = String::from_utf8(response.body().await.unwrap().to_vec()).unwrap();
    assert!(
        body.contains("tessera_http_requests_total{module=\"example\",status=\"200\"} 1"),
        "{body}"
    );
}
