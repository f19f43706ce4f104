//! Splitting modules out: real `tessera` processes on loopback, the gateway's failures and timeouts, and orders
//! asking a remote catalog over HTTP.

use std::io::Read;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::{fresh_data_dir, spawn_app_with, Backend, RemoteProcess};

/// catalog alone in its own process; example and orders in the app under test.
fn catalog_process() -> (RemoteProcess, std::path::PathBuf) {
    let dir = fresh_data_dir();
    let settings = [
        ("server.port".to_owned(), "0".to_owned()),
        ("data_dir".to_owned(), dir.display().to_string()),
    ];
    (
        RemoteProcess::start(&settings, &["--modules", "catalog"]),
        dir,
    )
}

#[actix_web::test]
async fn orders_asks_a_remote_catalog_over_http_and_503s_when_it_is_gone() {
    let (mut catalog, catalog_dir) = catalog_process();
    let overrides = [("modules.catalog.remote_url", catalog.address.clone())];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    let product = app
        .post("/api/catalog/products/")
        .json(&json!({"sku": "R", "name": "Remote", "price": "7.25"}))
        .await;
    assert_eq!(product.status, StatusCode::CREATED);
    assert!(
        catalog_dir.join("catalog.db").exists(),
        "the product lives in the catalog process's database"
    );
    let order = app
        .post("/api/orders/")
        .json(&json!({"product_id": 1, "quantity": 2}))
        .await;
    assert_eq!(order.status, StatusCode::CREATED, "{}", order.text());
    assert_eq!(order.json()["unit_price"], "7.25");
    let unknown = app
        .post("/api/orders/")
        .json(&json!({"product_id": 2, "quantity": 2}))
        .await;
    assert_eq!(
        unknown.text(),
        r#"{"product_id":["Invalid pk \"2\" - object does not exist."]}"#
    );
    catalog.stop();
    let down = app
        .post("/api/orders/")
        .json(&json!({"product_id": 1, "quantity": 1}))
        .await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(down.json()["detail"].is_string());
    let forwarded = app.get("/api/catalog/products/").await;
    assert_eq!(forwarded.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        forwarded.text(),
        r#"{"detail":"The catalog service is unreachable."}"#
    );
    assert_eq!(app.count("orders", "SELECT COUNT(*) AS n FROM orders"), 1);
    let root = app.get("/api/").await.json();
    assert_eq!(
        root["catalog/products"],
        json!(app.url("/api/catalog/products/")),
        "still listed by the gateway"
    );
    let document = app.get("/api-docs/openapi.json").await.json();
    assert!(
        document["paths"]["/api/catalog/products/"].is_object(),
        "still documented by the gateway"
    );
}

#[actix_web::test]
async fn the_split_process_serves_only_its_modules_and_migrates_only_their_databases() {
    let (catalog, dir) = catalog_process();
    let client = awc::Client::default();
    let root: serde_json::Value = client
        .get(format!("{}/api/", catalog.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        root.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["catalog/products"]
    );
    let example = client
        .get(format!("{}/api/example/", catalog.address))
        .send()
        .await
        .unwrap();
    assert_eq!(example.status(), StatusCode::NOT_FOUND);
    assert!(dir.join("catalog.db").exists());
    assert!(!dir.join("example.db").exists() && !dir.join("orders.db").exists());
}

#[actix_web::test]
async fn a_remote_that_does_not_answer_in_time_is_a_504() {
    // Accepts connections and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", silent.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for mut stream in silent.incoming().flatten().take(8) {
            let mut buffer = [0u8; 1024];
            let _ = stream.read(&mut buffer);
            held.push(stream);
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    let overrides = [
        ("modules.example.remote_url", address),
        ("gateway.read_timeout_secs", "1".to_owned()),
    ];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    let started = Instant::now();
    let response = app.get("/api/example/").await;
    assert_eq!(response.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(
        response.text(),
        r#"{"detail":"The example service did not answer in time."}"#
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[actix_web::test]
async fn a_remote_that_is_down_is_a_502_for_every_method() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let app = spawn_app_with(Backend::Sqlite, &[("modules.example.remote_url", address)])
        .await
        .unwrap();
    for response in [
        app.get("/api/example/").await,
        app.post("/api/example/")
            .json(&json!({"name": "a", "description": "b"}))
            .await,
    ] {
        assert_eq!(response.status, StatusCode::BAD_GATEWAY);
        assert_eq!(
            response.text(),
            r#"{"detail":"The example service is unreachable."}"#
        );
    }
    assert_eq!(
        app.get("/api/orders/").await.status,
        StatusCode::OK,
        "the other modules keep serving"
    );
}

#[actix_web::test]
async fn the_gateway_keeps_the_remote_process_alive_while_the_app_lives() {
    let app = spawn_app_with(Backend::Gateway, &[]).await.unwrap();
    let remote = app.remote.as_ref().expect("a remote process");
    let direct = awc::Client::default()
        .get(format!("{}/api/", remote.address))
        .send()
        .await
        .unwrap();
    assert_eq!(direct.status(), StatusCode::OK);
    let root = app.get("/api/").await.json();
    assert_eq!(
        root["example"],
        json!(app.url("/api/example/")),
        "links point at the gateway"
    );
}
